//! `RemoteError`: what can go wrong talking to another engine, naming the
//! URL and what to do; never the credentials.

use std::time::Duration;

use thiserror::Error;

/// A failure to call a remote endpoint or graph store.
#[derive(Debug, Error)]
pub enum RemoteError {
    /// The URL cannot be called.
    #[error("{url}: not a URL to call: {reason}")]
    BadUrl {
        /// The URL, without any credentials it held.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No connection could be made, or it broke.
    #[error("{url}: cannot reach it: {message}; check the URL and that the server runs")]
    Unreachable {
        /// The URL called.
        url: String,
        /// What the connection said.
        message: String,
    },
    /// The server wants credentials that were not given or not accepted.
    #[error("{url}: the server asks who is calling ({scheme}), and {}", if *had_credentials { "refused the credentials given" } else { "no credentials were given" })]
    Unauthorized {
        /// The URL called.
        url: String,
        /// The schemes the server offered.
        scheme: String,
        /// Whether credentials were sent.
        had_credentials: bool,
    },
    /// The server stayed busy (429 or 503) through every retry.
    #[error(
        "{url}: the server is busy (HTTP {status}) and stayed so through {attempts} tries; try again later"
    )]
    Busy {
        /// The URL called.
        url: String,
        /// Its last status.
        status: u16,
        /// How many times it was asked.
        attempts: u32,
    },
    /// No complete answer came within the time limit.
    #[error("{url}: no complete answer within {} s; give it more time", after.as_secs_f64())]
    Timeout {
        /// The URL called.
        url: String,
        /// The time limit.
        after: Duration,
    },
    /// The server answered with an error status.
    #[error("{url}: the server refused: HTTP {status}{}", if message.is_empty() { String::new() } else { format!(": {message}") })]
    Refused {
        /// The URL called.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of what it said.
        message: String,
    },
    /// The answer is not what was asked for.
    #[error("{url}: the answer cannot be read: {message}")]
    BadAnswer {
        /// The URL called.
        url: String,
        /// What is wrong with it.
        message: String,
    },
}
