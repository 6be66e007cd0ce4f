//! `LoadError`: everything that can go wrong between a file and the store,
//! each saying what went wrong, where, and what to do about it.

use std::fmt;
use std::io;
use std::path::PathBuf;

use oxigraph::store::StorageError;
use thiserror::Error;

pub use crate::read::excerpt::Excerpt;

/// A failure of the loader or the store.
#[derive(Debug, Error)]
pub enum LoadError {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The input is not valid RDF for its format.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The input is valid but uses a feature the store cannot hold.
    #[error("{}: {what}; remove it from the file or convert it to RDF 1.1", path.display())]
    Unsupported {
        /// The input.
        path: PathBuf,
        /// What is not supported.
        what: String,
    },
    /// A JSON-LD input names a context that is neither built in nor a
    /// readable local file.
    #[error("{}: cannot use the JSON-LD context <{url}>: {reason}", path.display())]
    Context {
        /// The input.
        path: PathBuf,
        /// The context's URL, resolved against the input's base IRI.
        url: String,
        /// Why it could not be used, and what to do.
        reason: String,
    },
    /// No format was given and the file name does not say one.
    #[error("{}: cannot tell the RDF format from the file name; name it with an extension such as .ttl or .nq, or name its format", path.display())]
    UnknownFormat {
        /// The input.
        path: PathBuf,
    },
    /// A named graph in the input already holds another source's data.
    #[error("{}: graph <{graph}> already holds data loaded from {owner}; unload that source first, or rename the graph", path.display())]
    GraphTaken {
        /// The input.
        path: PathBuf,
        /// The graph both sources write to.
        graph: String,
        /// The source that holds the graph.
        owner: String,
    },
    /// The input writes to a graph actorgraph keeps for itself.
    #[error("{}: graph <{graph}> is reserved for actorgraph's own metadata; rename it in the file", path.display())]
    ReservedGraph {
        /// The input.
        path: PathBuf,
        /// The reserved graph.
        graph: String,
    },
    /// Another process holds the store.
    #[error("the store {} is in use by another actorgraph process{}; wait for it to finish, or use another store", dir.display(), holder.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    StoreInUse {
        /// The store folder.
        dir: PathBuf,
        /// What the lock file says about its holder, if anything.
        holder: Option<String>,
    },
    /// The store's database could not be opened.
    #[error("cannot open the store {}: {source}; if another program (such as an Oxigraph server) has it open, stop that program first", dir.display())]
    Open {
        /// The store folder.
        dir: PathBuf,
        /// What the database said.
        source: StorageError,
    },
    /// A checkpoint of the store could not be taken.
    #[error("cannot copy the store into {}: {source}", dest.display())]
    Checkpoint {
        /// The folder the copy was to go to.
        dest: PathBuf,
        /// What the database said.
        source: StorageError,
    },
    /// A reading command was pointed at a folder that holds no store.
    #[error("{} holds no actorgraph store; load data into it first, or name the store that holds your data", dir.display())]
    NoStore {
        /// The folder.
        dir: PathBuf,
    },
    /// A graph asked for is not a data graph of the store.
    #[error(
        "no loaded source holds the graph <{0}>; the sources and their graphs are listed by `actorgraph sources`"
    )]
    UnknownGraph(String),
    /// Validation could not run.
    #[error(transparent)]
    Shacl(#[from] actorgraph_shacl::ShaclError),
    /// No loaded source has that name.
    #[error("no loaded source is named '{0}'; `actorgraph sources` lists them")]
    UnknownSource(String),
    /// The store itself failed.
    #[error("the store failed: {0}")]
    Storage(#[from] StorageError),
    /// The commit of a group of small sources failed: none of them was
    /// stored.
    #[error("{}: the store failed while storing it with {others} other small sources, and stored none of them: {message}; load them again", path.display())]
    GroupFailed {
        /// The input, as the user named it.
        path: PathBuf,
        /// How many other sources the group held.
        others: usize,
        /// What the store said.
        message: String,
    },
}

/// A syntax error at a known place in an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The input, as the user named it.
    pub path: PathBuf,
    /// 1-based line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// The parser's message.
    pub message: String,
    /// The offending line, when the input could be read again.
    pub excerpt: Option<Excerpt>,
}

impl std::error::Error for SyntaxError {}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: syntax error: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )?;
        if let Some(excerpt) = &self.excerpt {
            write!(
                f,
                "\n    {}\n    {}^",
                excerpt.text,
                " ".repeat(excerpt.caret)
            )?;
        }
        write!(f, "\nfix the input at that place and run the command again")
    }
}
