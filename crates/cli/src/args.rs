//! The command line, as clap derive types. Their doc comments are the
//! `--help` text; nothing here does any work.

use std::path::PathBuf;

use actorgraph_loader::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// actorgraph: a knowledge graph of actors (organizations, people, the roles
/// they hold) and events, stored as RDF in an embedded Oxigraph database.
///
/// Load Turtle (or TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) files of
/// who did what, with whom, where and when; then count, list and query them.
#[derive(Debug, Parser)]
#[command(
    name = "actorgraph",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the store lives.
#[derive(Debug, Args)]
pub struct StoreArg {
    /// The store folder [default: ~/.local/share/actorgraph/store, or the
    /// platform's data folder].
    ///
    /// Created on first use. One process at a time may open it; a second
    /// one is told the store is in use.
    #[arg(long, env = "ACTORGRAPH_STORE", value_name = "DIR", global = true)]
    pub store: Option<PathBuf>,
}

/// How a file is parsed.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The input's format, when its extension does not say it (always
    /// needed for standard input): turtle, trig, ntriples, nquads, rdfxml,
    /// jsonld, or an extension such as ttl.
    #[arg(long, short = 'f', value_name = "FORMAT")]
    pub format: Option<Format>,

    /// The base IRI that relative IRIs resolve against [default: the
    /// file's own file: IRI].
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load RDF files into the store, each into its own named graph.
    ///
    /// Each file is one source: its triples go into a graph named by its
    /// file: IRI (TriG and N-Quads keep their own graph names), and the
    /// metadata graph records its path, SHA-256, size, triple count and load
    /// time. Loading an unchanged file again does nothing; loading a changed
    /// one replaces its graphs in one atomic step.
    ///
    /// Each file is loaded atomically and on its own: a file with an error
    /// is refused whole (the store keeps nothing of it), the other files
    /// still load, and the exit code is 1 when any file failed.
    ///
    /// Folders are read recursively; files in them without an RDF extension
    /// (.ttl .trig .nt .nq .rdf .owl .jsonld) are skipped with a note.
    #[command(
        after_help = "Examples:\n  actorgraph load data/\n  actorgraph load events.ttl people.nq\n  curl -s URL | actorgraph load --format ttl --graph https://example.org/g -"
    )]
    Load {
        /// Files or folders to load; `-` reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,

        #[command(flatten)]
        parse: ParseArgs,

        /// Name the source (and its graph) with this IRI instead of the
        /// file's file: IRI. Only with a single input.
        #[arg(long, value_name = "IRI")]
        graph: Option<String>,

        #[command(flatten)]
        store: StoreArg,
    },

    /// List the loaded sources: path, triples, size, SHA-256, load time.
    Sources {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Remove loaded sources and their graphs, each in one atomic step.
    #[command(after_help = "Example:\n  actorgraph unload data/events.ttl")]
    Unload {
        /// Sources to remove, by path or by IRI (as `sources` lists them).
        #[arg(required = true, value_name = "SOURCE")]
        sources: Vec<String>,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Count triples per graph and the persons, organizations, events,
    /// roles held, participations and places in the store.
    Stats {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Convert an RDF file to another format, without touching a store.
    ///
    /// Formats without named graphs (Turtle, N-Triples, RDF/XML) get the
    /// triples of every graph merged, with a note saying how many.
    #[command(
        after_help = "Example:\n  actorgraph convert data/events.ttl --to nquads -o events.nq"
    )]
    Convert {
        /// The file to read; `-` reads standard input.
        #[arg(value_name = "IN")]
        input: PathBuf,

        /// The format to write.
        #[arg(long, value_name = "FORMAT")]
        to: Format,

        /// The file to write [default: standard output]. Written whole or
        /// not at all.
        #[arg(long, short = 'o', value_name = "OUT")]
        output: Option<PathBuf>,

        #[command(flatten)]
        parse: ParseArgs,
    },
}

/// How a listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON for scripts.
    Json,
}
