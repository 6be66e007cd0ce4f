//! `QueryError`: everything that can stop a query, each saying what went
//! wrong, where, and what to do about it.

use std::path::PathBuf;
use std::time::Duration;

use oxigraph::store::StorageError;
use thiserror::Error;

/// A failure to read, bind or run a query.
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
    /// The query nests groups deeper than the parser can safely follow.
    #[error(
        "{origin}: the query nests {{ }}, ( ) or [ ] more than {limit} levels deep; flatten it"
    )]
    TooDeep {
        /// Where the query came from.
        origin: String,
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// A saved query's header is not well formed.
    #[error("{origin}:{line}: {message}")]
    Header {
        /// The query file, or the name of a built-in query.
        origin: String,
        /// 1-based line of the header.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A parameter value is unknown or not of its type.
    #[error("{0}")]
    Parameter(String),
    /// A required parameter has no value.
    #[error("query '{query}' needs a value for its parameter '{name}': {description}")]
    MissingParameter {
        /// The saved query.
        query: String,
        /// The parameter.
        name: String,
        /// What the parameter is and what its values look like.
        description: String,
    },
    /// No saved query has that name.
    #[error("no saved query is named '{name}'{}; `actorgraph queries` lists them", suggest(.nearest))]
    UnknownQuery {
        /// The name asked for.
        name: String,
        /// The nearest names that exist.
        nearest: Vec<String>,
    },
    /// A query file or folder could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The query ran past its time limit and was stopped.
    #[error("the query was stopped after {} s, its time limit; narrow it, or give it more time", limit.as_secs_f64())]
    Timeout {
        /// The time limit.
        limit: Duration,
    },
    /// The query calls a remote SERVICE and remote calls are not allowed.
    #[error("the query calls SERVICE {0}, and calling remote endpoints was not allowed")]
    Service(String),
    /// Evaluation failed.
    #[error("the query failed: {0}")]
    Evaluation(String),
    /// The answer could not be written.
    #[error("cannot write the answer: {0}")]
    Output(#[source] std::io::Error),
    /// A remote endpoint failed.
    #[error(transparent)]
    Remote(#[from] crate::remote::RemoteError),
    /// The store failed while the query read it.
    #[error("the store failed while answering: {0}")]
    Storage(#[from] StorageError),
}

/// ", did you mean 'a' or 'b'?", or nothing.
fn suggest(nearest: &[String]) -> String {
    match nearest {
        [] => String::new(),
        [one] => format!(" (did you mean '{one}'?)"),
        [first @ .., last] => format!(
            " (did you mean {} or '{last}'?)",
            first
                .iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
