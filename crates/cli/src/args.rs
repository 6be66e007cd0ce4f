//! The command line, as clap derive types. Their doc comments are the
//! `--help` text; nothing here does any work.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use actorgraph_model::Format;
use actorgraph_query::ResultsFormat;
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
    /// Created by the first command that writes to it (`load`); commands
    /// that only read say so when it holds no store, and create nothing.
    /// One process at a time may open it; a second one is told the store
    /// is in use.
    #[arg(long, env = "ACTORGRAPH_STORE", value_name = "DIR", global = true)]
    pub store: Option<PathBuf>,
}

/// How a file is parsed.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The input's RDF format, when its extension does not say it (always
    /// needed for standard input): turtle, trig, ntriples, nquads, rdfxml,
    /// jsonld, or an extension such as ttl. Compression (.gz, .zst, .bz2)
    /// is always read from the file name.
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<Format>,

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
    /// (.ttl .trig .nt .nq .rdf .owl .jsonld, each possibly followed by .gz,
    /// .zst or .bz2) are skipped with a note.
    ///
    /// A folder written by `actorgraph snapshot` is restored instead: its
    /// dataset's size and SHA-256 are checked against its manifest first,
    /// then every graph comes back under its own name with its source's
    /// record, in one atomic step.
    #[command(
        after_help = "Examples:\n  actorgraph load data/\n  actorgraph load events.ttl people.nq.gz dump.ttl.bz2\n  actorgraph load snapshots/2015-10-29\n  curl -s URL | actorgraph load --from ttl --source https://example.org/feed -"
    )]
    Load {
        /// Files or folders to load; `-` reads standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,

        #[command(flatten)]
        parse: ParseArgs,

        /// Name the source (and its graph) with this IRI instead of the
        /// file's file: IRI. Only with a single input. Relative IRIs in the
        /// file still resolve against the file's own IRI (or --base).
        #[arg(long, value_name = "IRI")]
        source: Option<String>,

        #[command(flatten)]
        store: StoreArg,

        #[command(flatten)]
        check: LoadCheckArgs,
    },

    /// List the loaded sources: path, triples, size, SHA-256, load time.
    Sources {
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
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
        #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Run a SPARQL query: a saved one by name, a .rq file, or text.
    ///
    /// The default graph is the union of all loaded sources' graphs, each
    /// triple once however many sources state it; FROM, FROM NAMED and
    /// GRAPH work as SPARQL defines them. Parameters of saved
    /// queries are bound as typed RDF terms into the parsed query, never
    /// pasted into its text. SELECT and ASK answers print as a table on a
    /// terminal and as TSV otherwise; CONSTRUCT and DESCRIBE as Turtle.
    ///
    /// Relative IRIs (`<x>`) resolve against a query file's own file: IRI;
    /// for -e text and standard input, against the current folder's file:
    /// IRI (so `<data/a.ttl>` names the source loaded from there).
    #[command(
        after_help = "Examples:\n  actorgraph queries\n  actorgraph query events-by-organization --param org=actor:osce --param since=2015-01-01\n  actorgraph query -e 'SELECT ?name WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?name }' --format csv\n  actorgraph query my-question.rq --format json --timeout 30"
    )]
    Query(QueryArgs),

    /// List the saved queries, or show one in full with an example call.
    Queries {
        /// The query to show.
        #[arg(value_name = "NAME")]
        name: Option<String>,

        #[command(flatten)]
        queries: QueriesArg,
    },

    /// List the shared concepts: participation roles, actor categories,
    /// organization kinds, event kinds, genders and headcount qualifiers.
    ///
    /// Data that names its roles, categories and kinds with these IRIs
    /// (instead of minting its own) is counted and queried together with
    /// every other dataset that does. `--format ttl` prints the schemes as
    /// Turtle, to load beside the data so that queries show their labels.
    #[command(
        after_help = "Examples:\n  actorgraph concepts\n  actorgraph concepts --format ttl > concepts.ttl && actorgraph load concepts.ttl"
    )]
    Concepts {
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = ConceptsFormat::Table)]
        format: ConceptsFormat,
    },

    /// Convert an RDF file to another format, without touching a store.
    ///
    /// Formats without named graphs (Turtle, N-Triples, RDF/XML) get the
    /// triples of every graph merged, with a note saying how many.
    #[command(
        after_help = "Examples:\n  actorgraph convert data/events.ttl --format nquads -o events.nq\n  actorgraph convert dump.nt.gz -o dump.ttl"
    )]
    Convert {
        /// The file to read (compressed or not); `-` reads standard input.
        #[arg(value_name = "IN")]
        input: PathBuf,

        /// The format to write: turtle, trig, ntriples, nquads, rdfxml,
        /// jsonld, or an extension such as ttl [default: from the output's
        /// extension].
        #[arg(long, short = 'f', value_name = "FORMAT")]
        format: Option<Format>,

        /// The file to write [default: standard output]. Written whole or
        /// not at all.
        #[arg(long, short = 'o', value_name = "OUT")]
        output: Option<PathBuf>,

        #[command(flatten)]
        parse: ParseArgs,
    },

    /// Export the data graphs as one RDF file: the same knowledge always
    /// gives the same bytes.
    ///
    /// Blank nodes get canonical labels (RDF Dataset Canonicalization,
    /// RDFC-1.0) and quads are sorted, so the N-Quads output is the W3C
    /// canonical form and its SHA-256 identifies its content. Turtle and TriG
    /// use prefixes and group each subject's predicates into one block.
    /// Formats without named graphs (Turtle, N-Triples, RDF/XML) merge the
    /// graphs, with a note saying so. An output name ending in .gz or .zst
    /// is compressed.
    #[command(
        after_help = "Examples:\n  actorgraph export > everything.nq\n  actorgraph export --format trig -o events.trig.gz\n  actorgraph export --graph file:///data/events.ttl --format turtle"
    )]
    Export {
        /// Export only this graph (repeatable) [default: every data graph].
        #[arg(long = "graph", value_name = "IRI")]
        graphs: Vec<String>,

        /// The format to write [default: from the output's extension, else
        /// nquads].
        #[arg(long, short = 'f', value_name = "FORMAT")]
        format: Option<Format>,

        /// The file to write [default: standard output]. Written whole or
        /// not at all.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Write a snapshot of the store into a new folder: the canonical
    /// N-Quads of every data graph and a manifest describing them.
    ///
    /// DIR/manifest.ttl is a VoID and DCAT description: triples, distinct
    /// subjects and objects, class and property partitions (per graph and
    /// in total), the dataset file's name, media type, size and SHA-256, the
    /// sources it holds with their own hashes, the tool's version and the
    /// creation time (from SOURCE_DATE_EPOCH when set, for reproducible
    /// builds). `actorgraph load DIR` restores it into a store, checking the
    /// checksum first.
    #[command(
        after_help = "Examples:\n  actorgraph snapshot snapshots/2026-11-28\n  SOURCE_DATE_EPOCH=0 actorgraph snapshot --compress zstd release/\n  actorgraph load --store /tmp/copy snapshots/2026-11-28"
    )]
    Snapshot {
        /// The folder to create (it may exist if empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,

        /// Compress the dataset file.
        #[arg(long, value_enum, default_value_t = Compress::None)]
        compress: Compress,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Compare two datasets: print the quads B adds to A and removes from
    /// it, per graph.
    ///
    /// A and B are snapshot folders, RDF files (compressed or not), or
    /// @store for the store itself. Blank nodes are compared by their
    /// canonical labels (RDFC-1.0), so the same data with other blank node
    /// names is equal. Exit code as diff's: 0 equal, 1 different, 2 error.
    #[command(
        after_help = "Examples:\n  actorgraph diff snapshots/monday snapshots/tuesday\n  actorgraph diff snapshots/monday @store --format patch"
    )]
    Diff {
        /// The first dataset.
        #[arg(value_name = "A")]
        a: String,

        /// The second dataset.
        #[arg(value_name = "B")]
        b: String,

        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Check data against SHACL shapes: the store's, or files not yet loaded.
    ///
    /// Without FILES, validates the union of the loaded sources' graphs (or
    /// only --graph). With FILES, reads them into a store in memory first
    /// and validates them together, without touching any store. The shapes
    /// are actorgraph's own (data/shapes.ttl, built in) unless --shapes
    /// names a file. Warnings (an event with no date) are reported but do
    /// not fail: exit code 0 when the data has no violation, 1 when it has
    /// some, 2 when it could not be checked (a missing file, bad shapes).
    #[command(
        after_help = "Examples:\n  actorgraph validate\n  actorgraph validate events.ttl people.ttl\n  actorgraph validate --graph https://example.org/feed --format ttl\n  actorgraph validate --shapes my-shapes.ttl --format json"
    )]
    Validate(ValidateArgs),

    /// Suggest owl:sameAs links between entities that several documents
    /// name differently, and record the ones a person accepts.
    ///
    /// Each document mints its own IRIs, so one ministry, city or person
    /// is often several entities: "Ashgabad" and "Ashgabat", "Interior
    /// Ministry" and "Ministry of Internal Affairs", "Токаев" and
    /// "Tokayev", "OSCE" and its full name. `links suggest` lists the
    /// pairs that look like one, with a score and the evidence; `links
    /// accept` writes a chosen pair into a curation file of owl:sameAs
    /// links; `actorgraph load` of that file makes them one. Nothing is
    /// ever linked without a person saying so.
    #[command(
        subcommand,
        after_help = "The workflow:\n  actorgraph links suggest\n  actorgraph links accept https://example.org/a/osce https://example.org/b/osce --into curation/links.ttl --note \"same organization\"\n  actorgraph load curation/links.ttl"
    )]
    Links(LinksCommand),

    /// Serve the store over HTTP: a SPARQL endpoint and its graphs.
    ///
    /// The SPARQL 1.1 Protocol is at /sparql (GET, form POST and direct
    /// POST; answers in JSON, XML, CSV or TSV, and CONSTRUCT in any RDF
    /// format, by the Accept header or ?format=; a GET without a query
    /// describes the service). Each source's graph is at
    /// /graphs?graph=IRI, the merged graph at /graphs?default. The saved
    /// queries are an API: /api/queries/NAME?PARAM=VALUE runs one, typed
    /// as `query` types them, a page of rows at a time (limit, offset, and
    /// a Link header to the next page); /api/openapi.json describes them.
    ///
    /// Safe by default: it listens on 127.0.0.1 only, never writes the
    /// store, stops every query at its time limit (queries run in worker
    /// processes, which are killed when they overrun), runs at most
    /// --workers queries at once and answers 503 with Retry-After when all
    /// are busy, and logs no query text unless --log-queries.
    ///
    /// `actorgraph load` and `unload` keep working while it serves: it
    /// serves a checkpoint of the store and takes a new one when the store
    /// has changed (within a few seconds, or at once on SIGHUP); requests
    /// in flight finish on the old one. SIGINT or SIGTERM stop it after the
    /// requests in flight.
    #[command(
        after_help = "Examples:\n  actorgraph serve\n  actorgraph serve --port 8080 --timeout 10\n  curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5'\n  curl 'http://127.0.0.1:7878/graphs?default' -H 'Accept: application/n-triples'\n  curl 'http://127.0.0.1:7878/api/queries/timeline?since=2015-10-01&until=2015-10-31'"
    )]
    Serve(ServeArgs),

    /// Ask another engine's SPARQL endpoint what it supports.
    #[command(subcommand)]
    Endpoint(EndpointCommand),

    /// Send the store to another engine, graph by graph, over the SPARQL
    /// Graph Store Protocol; or print the engine's own bulk-load command.
    ///
    /// URL is the remote's Graph Store Protocol endpoint (Virtuoso:
    /// http://HOST:8890/sparql-graph-crud-auth; Oxigraph:
    /// http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data).
    /// Each source's graph keeps its name; the metadata graph (the sources'
    /// records) keeps its own; the merged graph, which queries read as the
    /// store's default graph, goes to
    /// <https://w3id.org/actorgraph/graph/merged>, since many engines' default
    /// graph is the union of all graphs.
    ///
    /// Only what changed since the last push is sent: each graph's SHA-256
    /// is kept in a push record on the remote
    /// (<https://w3id.org/actorgraph/graph/pushed>), written last. Graphs
    /// pushed before whose source was unloaded are deleted; graphs that
    /// actorgraph did not push are never touched. A remote holds one store's
    /// push: one whose record lists none of this store's sources is
    /// replaced only with --replace. A push that was stopped
    /// midway is finished by running it again. Each graph streams: memory
    /// stays small whatever its size. Blank nodes keep their structure within
    /// each graph (a blank node in two graphs becomes two).
    ///
    /// Credentials come from ACTORGRAPH_ENDPOINT_USER and
    /// ACTORGRAPH_ENDPOINT_PASSWORD (Basic or Digest, as the server asks) or
    /// ACTORGRAPH_ENDPOINT_TOKEN (Bearer), or a prompt on a terminal; never
    /// from the command line, and never printed.
    #[command(
        after_help = "Examples:\n  actorgraph push http://127.0.0.1:8890/sparql-graph-crud-auth --dry-run\n  ACTORGRAPH_ENDPOINT_USER=dba actorgraph push http://127.0.0.1:8890/sparql-graph-crud-auth --verify\n  actorgraph query events-by-organization --endpoint http://127.0.0.1:8890/sparql -p org=https://w3id.org/actorgraph/id/org/osce\n  actorgraph push --recipe virtuoso snapshots/monday"
    )]
    Push(PushArgs),

    /// A query worker of `actorgraph serve` (started by it, not by hand).
    #[command(hide = true)]
    ServeWorker {
        /// The checkpoint of the store it answers from.
        checkpoint: PathBuf,
    },
}

/// What `links` does.
#[derive(Debug, Subcommand)]
pub enum LinksCommand {
    /// List the pairs of entities that look like one, best first, with
    /// their score and why.
    ///
    /// Only entities of a kind in common are compared (person, organization
    /// with projects and states, place, event, concept), and only those
    /// whose folded names share a key (case, accents, punctuation and
    /// spacing folded; Cyrillic romanized; transliteration variants such
    /// as "ay"/"a", "kh"/"h", "y"/"i" and a final "d"/"t" made one;
    /// acronyms against the initials of full names). Entities already one
    /// through owl:sameAs are left out.
    ///
    /// The score (0 to 1) starts from how closely the names match and how
    /// much the name says on its own ("Ministry of Justice" says little:
    /// every state has one). Evidence for raises it: a shared state,
    /// parent organization, unit, place, event, organizer, affiliation or
    /// date. Evidence against lowers it: different states, parents, dates,
    /// dates of birth or genders, or one being part of the other. Two
    /// "Ministry of Justice" of two states, or namesakes born on other
    /// days, stay below the default threshold.
    #[command(
        after_help = "Examples:\n  actorgraph links suggest\n  actorgraph links suggest --min-score 0.5 --format tsv > candidates.tsv\n  actorgraph links suggest --format json | jq '.[0].evidence'\n  actorgraph links suggest --accept-above 0.95 --into curation/links.ttl"
    )]
    Suggest {
        /// The lowest score listed, from 0 to 1.
        #[arg(long, value_name = "SCORE", default_value_t = actorgraph_link::DEFAULT_MIN_SCORE, value_parser = score)]
        min_score: f64,

        /// Output format: an aligned table, TSV or JSON for scripts
        /// [default: table on a terminal, else tsv].
        #[arg(long, short = 'f', value_enum)]
        format: Option<LinksFormat>,

        /// Accept, without asking, every suggestion scored at least this
        /// much: each is appended to --into as `links accept` would. Review
        /// the file before loading it.
        #[arg(long, value_name = "SCORE", value_parser = score, requires = "into")]
        accept_above: Option<f64>,

        /// The curation file --accept-above appends to.
        #[arg(long, value_name = "FILE.ttl", requires = "accept_above")]
        into: Option<PathBuf>,

        #[command(flatten)]
        store: StoreArg,
    },

    /// Record that two entities are one: append `<A> owl:sameAs <B> .` to
    /// a curation file.
    ///
    /// A and B are IRIs, as `links suggest` lists them (prefixed names
    /// such as actor:osce work too). Both must be in the store, and of
    /// kinds that can be one. The line's comment says why: the names that
    /// matched, the score and its evidence, the date, and --note. The
    /// file is created with a header when new; the same pair (either way
    /// round, or through links the file already has) is never written
    /// twice; other lines are never rewritten. Load the file to make the
    /// two one in every query.
    #[command(
        after_help = "Example:\n  actorgraph links accept https://example.org/a/osce https://example.org/b/osce --into curation/links.ttl --note \"checked on the OSCE site\"\n  actorgraph load curation/links.ttl"
    )]
    Accept {
        /// The first entity.
        #[arg(value_name = "A")]
        a: String,

        /// The second entity.
        #[arg(value_name = "B")]
        b: String,

        /// The curation file (Turtle) to append the link to.
        #[arg(long, value_name = "FILE.ttl", required = true)]
        into: PathBuf,

        /// Why the two are one, in the reviewer's words: kept in the line's
        /// comment.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,

        #[command(flatten)]
        store: StoreArg,
    },
}

/// How suggested links are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinksFormat {
    /// Aligned columns for people, IRIs as prefixed names.
    Table,
    /// Tab-separated values, full IRIs, one suggestion per line.
    Tsv,
    /// JSON for scripts: each suggestion with its names and evidence.
    Json,
}

/// A score: a number from 0 to 1.
fn score(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(score) if (0.0..=1.0).contains(&score) => Ok(score),
        _ => Err(format!(
            "'{text}' is not a score: give a number from 0 to 1"
        )),
    }
}

/// How a snapshot's dataset file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Compress {
    /// Plain N-Quads (dataset.nq).
    None,
    /// gzip (dataset.nq.gz).
    Gzip,
    /// Zstandard (dataset.nq.zst).
    Zstd,
}

/// How a difference is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Per graph, `-` for removed and `+` for added triples, and a summary.
    Text,
    /// JSON for scripts: added and removed triples per graph.
    Json,
    /// RDF Patch: `A` (add) and `D` (delete) lines of N-Quads.
    Patch,
}

/// What `validate` takes.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders to validate instead of the store; `-` reads
    /// standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Validate only this graph of the store.
    #[arg(long, value_name = "IRI", conflicts_with = "files")]
    pub graph: Option<String>,

    /// The SHACL shapes to validate against [default: actorgraph's own].
    #[arg(long, value_name = "FILE")]
    pub shapes: Option<PathBuf>,

    /// Output format: a report for people, a W3C sh:ValidationReport in
    /// Turtle, or JSON for scripts.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// The FILES' RDF format, when their extensions do not say it (always
    /// needed for standard input): turtle, trig, ntriples, nquads, rdfxml,
    /// jsonld, or an extension such as ttl.
    #[arg(long, value_name = "FORMAT")]
    pub from: Option<Format>,

    #[command(flatten)]
    pub store: StoreArg,
}

/// `load --validate`: refuse files whose data would have violations.
#[derive(Debug, Args)]
pub struct LoadCheckArgs {
    /// Validate each file, together with what the store already holds,
    /// before loading it; a file that would not conform is refused with the
    /// report, and the store keeps nothing of it.
    #[arg(long)]
    pub validate: bool,

    /// The SHACL shapes for --validate [default: actorgraph's own].
    #[arg(long, value_name = "FILE", requires = "validate")]
    pub shapes: Option<PathBuf>,

    /// Whether the store reads other vocabularies through the alignments
    /// (a foaf:Person is a person) and makes IRIs linked by owl:sameAs one
    /// entity. `off` keeps the graph queries read the plain union of the
    /// files, as SPARQL's simple entailment (and the W3C tests) have it.
    /// The store remembers the choice [default: on, or the store's choice].
    #[arg(long, value_enum, value_name = "ON|OFF")]
    pub inference: Option<Inference>,
}

/// Whether a store reads through the alignments and owl:sameAs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Inference {
    /// Read other vocabularies as the model's terms, and IRIs linked by
    /// owl:sameAs as one entity.
    On,
    /// Keep the graph queries read exactly the union of the files.
    Off,
}

/// How a validation report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Problems grouped by entity, in plain words.
    Table,
    /// A W3C sh:ValidationReport in Turtle.
    Ttl,
    /// JSON for scripts.
    Json,
}

/// What `query` takes.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A saved query's name, a .rq file, or `-` for standard input.
    #[arg(
        value_name = "QUERY",
        required_unless_present = "expression",
        conflicts_with = "expression"
    )]
    pub query: Option<String>,

    /// The query text itself.
    #[arg(short = 'e', long = "expression", value_name = "SPARQL")]
    pub expression: Option<String>,

    /// A parameter of the saved query, as NAME=VALUE (repeatable).
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Output format: table, csv, tsv, json or xml for SELECT and ASK; any
    /// RDF format (turtle, trig, ntriples, nquads, rdfxml, jsonld, or an
    /// extension such as ttl) for CONSTRUCT and DESCRIBE [default: table on
    /// a terminal, else tsv; turtle for CONSTRUCT and DESCRIBE].
    #[arg(long, short = 'f', value_name = "FORMAT")]
    pub format: Option<ResultFormat>,

    /// Stop the query after this many seconds (a decimal number), whatever
    /// it is doing.
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub timeout: Option<Duration>,

    /// Print the query with its parameters bound, as it would run, and
    /// stop: to read what a saved query does, or to run it elsewhere (with
    /// --endpoint: the text sent there).
    #[arg(long)]
    pub show_query: bool,

    /// Run it on this remote SPARQL endpoint instead of the store, with the
    /// same parameters and the same output. When actorgraph pushed there
    /// (`actorgraph push`), the query reads what it reads locally: the
    /// merged graph as its default graph, the pushed sources as named
    /// graphs. Credentials as for `push`.
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Let SERVICE clauses call remote SPARQL endpoints over HTTP(S).
    /// Without it, a query that calls one fails: no surprise network access.
    #[arg(long)]
    pub allow_service: bool,

    #[command(flatten)]
    pub queries: QueriesArg,

    #[command(flatten)]
    pub store: StoreArg,
}

/// How `serve` listens and what it allows.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,

    /// The address to listen on. Anything but a loopback address makes the
    /// store readable by every machine that can reach this one, with no
    /// authentication and no TLS: put a reverse proxy in front.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,

    /// Stop each query after this many seconds (a decimal number).
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "30")]
    pub timeout: Duration,

    /// How many queries may run at once, each in a worker process; more
    /// requests wait a moment, then get 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub workers: u16,

    /// Write each request's query string to the log (off by default: the
    /// questions people ask of human-rights data can be sensitive).
    #[arg(long)]
    pub log_queries: bool,

    #[command(flatten)]
    pub queries: QueriesArg,

    #[command(flatten)]
    pub store: StoreArg,
}

/// Where saved queries are looked up.
#[derive(Debug, Args)]
pub struct QueriesArg {
    /// A folder of saved queries (NAME.rq) [default: ./queries when it
    /// exists]. The project's own queries are built in and always available;
    /// a file here with the same name replaces the built-in one.
    #[arg(long, value_name = "DIR")]
    pub queries: Option<PathBuf>,
}

/// How query answers are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// Aligned columns fitted to the terminal, IRIs as prefixed names.
    Table,
    /// A W3C SPARQL results format (CSV, TSV, JSON, XML).
    Results(ResultsFormat),
    /// An RDF format, for CONSTRUCT and DESCRIBE.
    Rdf(Format),
}

impl FromStr for ResultFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Ok(match name.to_ascii_lowercase().as_str() {
            "table" => Self::Table,
            "csv" => Self::Results(ResultsFormat::Csv),
            "tsv" => Self::Results(ResultsFormat::Tsv),
            "json" => Self::Results(ResultsFormat::Json),
            "xml" => Self::Results(ResultsFormat::Xml),
            other => Self::Rdf(other.parse().map_err(|_| {
                format!(
                    "unknown format '{name}': use table, csv, tsv, json or xml, or an RDF format (turtle, trig, ntriples, nquads, rdfxml, jsonld)"
                )
            })?),
        })
    }
}

/// A time limit in seconds, as a positive decimal number of at most a
/// year.
fn seconds(text: &str) -> Result<Duration, String> {
    const YEAR: f64 = 365.0 * 24.0 * 3600.0;
    match text.trim().parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= YEAR => Ok(Duration::from_secs_f64(seconds)),
        _ => Err(format!(
            "'{text}' is not a time limit: give a positive number of seconds, at most {YEAR}"
        )),
    }
}

/// How `concepts` prints the shared concepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConceptsFormat {
    /// Aligned columns for people, scheme by scheme.
    Table,
    /// JSON for scripts.
    Json,
    /// The schemes as Turtle (data/concepts.ttl), to load into a store.
    Ttl,
}

/// What `endpoint` does.
#[derive(Debug, Subcommand)]
pub enum EndpointCommand {
    /// Find out what a SPARQL endpoint supports: queries by GET and POST,
    /// the results formats, whether `default-graph-uri` and
    /// `named-graph-uri` are honoured, whether its default graph is the
    /// union of its graphs, the Graph Store Protocol (read and write), how
    /// it reports a query past its time limit, and whether actorgraph
    /// pushed there.
    ///
    /// It only reads, unless --graph-store is given: then it writes one
    /// scratch graph (urn:actorgraph:check:…) there and deletes it again.
    /// Credentials as for `push`.
    #[command(
        after_help = "Examples:\n  actorgraph endpoint check http://127.0.0.1:7878/query --graph-store http://127.0.0.1:7878/store\n  actorgraph endpoint check https://query.wikidata.org/sparql --format json"
    )]
    Check(CheckArgs),
}

/// What `endpoint check` asks.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The SPARQL query endpoint.
    #[arg(value_name = "URL")]
    pub url: String,

    /// The same engine's Graph Store Protocol endpoint, to check that
    /// graphs can be read and written there.
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,

    /// Also send a query that runs long, asking the server to stop it after
    /// a second, to see how it reports that (the server may work on it
    /// for a while).
    #[arg(long)]
    pub probe_timeout: bool,

    /// Give up on each request after this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "30")]
    pub timeout: Duration,

    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// What `push` sends, and where.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The remote's Graph Store Protocol endpoint; with --recipe, the
    /// snapshot folder (`actorgraph snapshot DIR`) to load.
    #[arg(value_name = "URL | SNAPSHOT")]
    pub target: String,

    /// URL is a SPARQL Update endpoint, for a server without Graph Store
    /// writes: each graph is replaced by one DROP and one INSERT DATA
    /// (streamed), and read back from --endpoint.
    #[arg(long)]
    pub sparql_update: bool,

    /// The SPARQL query endpoint the push record and, with --verify, the
    /// graphs are read from when writing by --sparql-update [default: URL,
    /// for servers that take queries and updates at one address].
    #[arg(long, value_name = "URL", requires = "sparql_update")]
    pub endpoint: Option<String>,

    /// Push this snapshot folder (`actorgraph snapshot DIR`) instead of
    /// the store: it is verified and read into a temporary store first.
    #[arg(long, value_name = "DIR", conflicts_with = "recipe")]
    pub snapshot: Option<PathBuf>,

    /// Push even when the remote holds another store's push (its record
    /// lists none of this store's sources), deleting that push's graphs.
    #[arg(long)]
    pub replace: bool,

    /// Say what would be sent and deleted, and send nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// After the push, read each graph back and compare its triple count
    /// with the store's.
    #[arg(long)]
    pub verify: bool,

    /// Print (not run) the engine's own bulk-load command for the
    /// N-Quads of the snapshot folder given in place of a URL, for graphs
    /// too big for HTTP.
    #[arg(
        long,
        value_enum,
        value_name = "ENGINE",
        conflicts_with_all = ["dry_run", "verify", "sparql_update"]
    )]
    pub recipe: Option<Recipe>,

    /// Give up on a request that has had no answer for this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = seconds, default_value = "300")]
    pub timeout: Duration,

    #[command(flatten)]
    pub store: StoreArg,
}

/// An engine whose bulk loader `push --recipe` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Recipe {
    /// OpenLink Virtuoso: `ld_dir` and `rdf_loader_run` through isql.
    Virtuoso,
    /// Apache Jena TDB2: `tdb2.tdbloader`.
    Tdb2,
    /// QLever: `qlever index` from a Qleverfile.
    Qlever,
    /// Amazon Neptune: its bulk loader, from S3.
    Neptune,
}

/// How a listing is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON for scripts.
    Json,
}
