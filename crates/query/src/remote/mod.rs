//! Other engines over HTTP: one client ([`Endpoint`]) that authenticates,
//! waits out a busy server within bounds and keeps to a time limit; saved
//! queries run on a remote SPARQL endpoint with the same binding and the
//! same answers as a local run; the Graph Store Protocol; and what a
//! remote supports.

mod check;
mod client;
mod error;
mod graph_store;
mod graphs;
mod portable;
mod sparql;

pub use check::{Capabilities, Support};
pub use client::{Credentials, Endpoint, Opener, TimeLimit};
pub use error::RemoteError;
pub use graph_store::{Graph, Triples};
pub use graphs::RemoteGraphs;
pub use sparql::{Dataset, remote_text};
