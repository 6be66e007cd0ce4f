//! `ServerError`: why the server could not start or keep serving.

use std::path::PathBuf;

use actorgraph_loader::LoadError;
use oxigraph::store::StorageError;

/// Why the server (or one of its query workers) stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The address could not be listened on.
    #[error("cannot listen on {address}: {source}")]
    Listen {
        /// The address asked for.
        address: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The store could not be read to serve it.
    #[error(transparent)]
    Store(#[from] LoadError),
    /// A served copy of the store could not be opened.
    #[error("cannot open the served copy of the store in {}: {source}", dir.display())]
    Open {
        /// The copy's folder.
        dir: PathBuf,
        /// What the database said.
        #[source]
        source: StorageError,
    },
    /// A file or a pipe failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A query worker was given a job it cannot read.
    #[error("a query worker was sent a job it cannot read: {0}")]
    BadJob(String),
}

impl ServerError {
    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Self {
        let what = what.into();
        move |source| Self::Io { what, source }
    }
}
