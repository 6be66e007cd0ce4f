//! `LoadError`: everything that can go wrong between a file and the store,
//! each saying what went wrong, where, and what to do about it.

use std::fmt;
use std::io;
use std::path::PathBuf;

use oxigraph::store::StorageError;
use thiserror::Error;

pub use crate::excerpt::Excerpt;

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
    /// No format was given and the file name does not say one.
    #[error("{}: cannot tell the RDF format from the file name; name it with an extension such as .ttl or .nq, or pass --format", path.display())]
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
    #[error("the store {} is in use by another actorgraph process{}; wait for it to finish, or use another store with --store", dir.display(), holder.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    StoreInUse {
        /// The store folder.
        dir: PathBuf,
        /// What the lock file says about its holder, if anything.
        holder: Option<String>,
    },
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

/// A failure to run a query.
#[derive(Debug, Error)]
pub enum QueryError {
    /// The query is not valid SPARQL.
    #[error("{origin}: invalid SPARQL: {message}")]
    Syntax {
        /// Where the query came from.
        origin: String,
        /// The parser's message.
        message: String,
    },
    /// A saved query's header or a parameter is wrong.
    #[error("{0}")]
    Parameter(String),
    /// The query ran longer than its timeout.
    #[error(
        "the query was cancelled after {seconds} s (--timeout); narrow it, or give it more time"
    )]
    Timeout {
        /// The timeout, in seconds.
        seconds: f64,
    },
    /// The query calls a remote SERVICE.
    #[error("the query calls SERVICE {0}; remote endpoints are only queried with --allow-service")]
    Service(String),
    /// Evaluation failed.
    #[error("the query failed: {0}")]
    Evaluation(String),
    /// The answer could not be written.
    #[error("cannot write the answer: {0}")]
    Output(#[source] std::io::Error),
    /// The store failed.
    #[error(transparent)]
    Store(LoadError),
}

/// A failure to export, snapshot, restore or compare data.
#[derive(Debug, Error)]
pub enum SnapshotError {
    /// Reading the data, or the store, failed.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// Sorting spilled to temporary files and that failed.
    #[error(
        "cannot write temporary sort files: {0}; free space in the temporary folder or point TMPDIR elsewhere"
    )]
    Temporary(io::Error),
    /// The output could not be written.
    #[error("cannot write the output: {0}")]
    Output(#[source] io::Error),
    /// `--graph` names a graph the store does not hold.
    #[error(
        "the store holds no data graph <{0}>; `actorgraph sources` lists the sources and their graphs"
    )]
    UnknownGraph(String),
    /// The data cannot be written in the format asked for.
    #[error("cannot write the data as {format}: {message}; choose another format, such as nquads")]
    Serialize {
        /// The format asked for.
        format: String,
        /// The serializer's message.
        message: String,
    },
    /// The folder holds no actorgraph snapshot.
    #[error("{}: not an actorgraph snapshot: {why}", dir.display())]
    NotSnapshot {
        /// The folder.
        dir: PathBuf,
        /// What is missing.
        why: String,
    },
    /// The snapshot's files do not match its manifest.
    #[error("{}: the snapshot is damaged: {why}; nothing was loaded. Copy the snapshot again from where it came from", path.display())]
    Corrupt {
        /// The damaged file.
        path: PathBuf,
        /// What does not match.
        why: String,
    },
    /// The snapshot folder exists and holds files.
    #[error("{}: the folder exists and is not empty; give a new or empty folder for the snapshot", dir.display())]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
    },
    /// A source of the snapshot is in the store with other content.
    #[error(
        "the snapshot holds source <{source_iri}>, which the store already holds with other content; nothing was loaded. Unload it first (`actorgraph unload`), or restore into a fresh store with --store"
    )]
    Conflict {
        /// The source's IRI.
        source_iri: String,
    },
}

impl From<StorageError> for SnapshotError {
    fn from(error: StorageError) -> Self {
        Self::Load(LoadError::Storage(error))
    }
}
