//! `SnapshotError`: everything that can stop an export, a snapshot, a
//! restore or a diff, each saying what went wrong, where, and what to do.

use std::io;
use std::path::PathBuf;

use actorgraph_loader::LoadError;

use oxigraph::model::GraphName;
use oxigraph::store::StorageError;
use thiserror::Error;

/// A failure to export, snapshot, restore or compare data.
#[derive(Debug, Error)]
pub enum SnapshotError {
    /// Reading the data, or the store, failed.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The remote engine failed.
    #[error(transparent)]
    Remote(#[from] actorgraph_query::remote::RemoteError),
    /// Reading the store's graphs failed.
    #[error("cannot read the store's graphs: {0}")]
    Read(String),
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
    /// A graph asked for is not a data graph of the store.
    #[error(
        "the store holds no data graph <{0}>; `actorgraph sources` lists the sources and their graphs"
    )]
    UnknownGraph(String),
    /// Blank nodes too alike to be given canonical labels within the
    /// work limit.
    #[error(transparent)]
    TooSymmetric(TooSymmetric),
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
        "the snapshot holds source <{source_iri}>, which the store already holds with other content; nothing was loaded. Unload it first, or restore into a fresh store"
    )]
    Conflict {
        /// The source's IRI.
        source_iri: String,
    },
}

impl From<CanonicalError> for SnapshotError {
    fn from(error: CanonicalError) -> Self {
        match error {
            CanonicalError::Snapshot(error) => error,
            CanonicalError::TooSymmetric(refusal) => Self::TooSymmetric(refusal),
        }
    }
}

impl From<StorageError> for SnapshotError {
    fn from(error: StorageError) -> Self {
        Self::Load(LoadError::Storage(error))
    }
}

/// Why a dataset has no canonical form.
#[derive(Debug, Error)]
pub(crate) enum CanonicalError {
    /// Reading the quads, or sorting the lines, failed.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// Its blank nodes are too alike to be labelled within the limit.
    #[error(transparent)]
    TooSymmetric(#[from] TooSymmetric),
}

/// Blank nodes too alike to be given canonical labels within the work
/// limit: a clique of blank nodes, or another large symmetric pattern of
/// them. RDFC-1.0 tells such blank nodes apart by trying permutations of
/// them, which can take hours; they are refused instead, within
/// milliseconds, rather than block every export of the store.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "{blank_nodes} blank nodes in {} are too alike to be given canonical labels: RDFC-1.0 would take more than {work_limit} steps, or recurse deeper than {depth_limit} blank nodes, to tell them apart. Give those blank nodes IRIs in their source, or leave that source out",
    graph_list(.graphs)
)]
pub struct TooSymmetric {
    /// How many blank nodes are involved: those sharing the first-degree
    /// hash at which the limit was passed, and the look-alikes linked to
    /// them.
    pub(crate) blank_nodes: usize,
    /// The graphs of their quads, each once, ordered by their N-Quads form.
    pub(crate) graphs: Vec<GraphName>,
    /// The work limit for this dataset, in steps.
    pub(crate) work_limit: u64,
    /// The deepest recursion allowed, in blank nodes.
    pub(crate) depth_limit: usize,
}

/// How many graphs a [`TooSymmetric`] message names before it counts the
/// rest.
const GRAPHS_NAMED: usize = 3;

/// The graphs of a [`TooSymmetric`], for its message.
fn graph_list(graphs: &[GraphName]) -> String {
    let name = |graph: &GraphName| match graph {
        GraphName::DefaultGraph => "the default graph".to_owned(),
        graph => format!("graph {graph}"),
    };
    // Never "and 1 other graphs": that one is named instead.
    let named = if graphs.len() > GRAPHS_NAMED + 1 {
        GRAPHS_NAMED
    } else {
        graphs.len()
    };
    let mut list: Vec<String> = graphs[..named].iter().map(name).collect();
    if graphs.len() > named {
        list.push(format!("{} other graphs", graphs.len() - named));
    }
    match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => list.concat(),
    }
}
