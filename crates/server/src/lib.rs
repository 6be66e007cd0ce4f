//! actorgraph's HTTP server: the SPARQL 1.1 Protocol at `/sparql` and the
//! Graph Store Protocol's read side at `/graphs`, over a checkpoint of the
//! store that follows the store as `actorgraph load` changes it. Queries
//! run in worker processes, so a time limit always holds; concurrency,
//! bodies, URLs and slow clients are bounded; the store is never written.
//!
//! ```no_run
//! use actorgraph_server::{ServerConfig, WorkerCommand, serve};
//! # let config: ServerConfig = unimplemented!();
//! serve(config)?;
//! # Ok::<_, actorgraph_server::ServerError>(())
//! ```

mod api;
mod body;
mod error;
mod formats;
mod graphs;
mod http;
mod network;
mod pages;
mod pool;
mod problem;
mod protocol;
mod search;
mod served;
mod sparql;
mod state;
mod worker;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use error::ServerError;
pub use pool::WorkerCommand;
pub use worker::run_worker;

/// How the server runs.
pub struct ServerConfig {
    /// The store folder.
    pub store: PathBuf,
    /// The address and port to listen on.
    pub address: SocketAddr,
    /// How many queries may run at once (one worker process each).
    pub workers: usize,
    /// Each query's time limit.
    pub timeout: Duration,
    /// How long a request waits for a free worker before a 503.
    pub queue_wait: Duration,
    /// The largest request body taken, in bytes.
    pub max_body: usize,
    /// The longest URL taken, in bytes.
    pub max_url: usize,
    /// How many connections may be open at once.
    pub max_connections: usize,
    /// How often the store is looked at for changes to serve.
    pub refresh_every: Duration,
    /// Whether the log shows query strings.
    pub log_queries: bool,
    /// The saved queries the API offers.
    pub queries: Vec<actorgraph_query::SavedQuery>,
    /// How a worker process is started.
    pub worker: WorkerCommand,
    /// Where log lines go.
    pub log: Arc<dyn Fn(&str) + Send + Sync>,
    /// Called once with the address listened on, when requests are taken.
    pub on_listening: Arc<dyn Fn(SocketAddr) + Send + Sync>,
}

impl ServerConfig {
    /// Whether the server can be reached only from this machine.
    pub fn is_local(&self) -> bool {
        self.address.ip().is_loopback()
    }
}

/// Serves the store until SIGINT or SIGTERM, then lets the requests in
/// flight finish.
pub fn serve(config: ServerConfig) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // The query parser recurses; the nesting limit keeps it inside this.
        .thread_stack_size(16 << 20)
        .build()
        .map_err(ServerError::io("starting the server's runtime"))?;
    runtime.block_on(http::run(config))
}
