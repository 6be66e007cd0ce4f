//! Running SPARQL on an actorgraph store: ad-hoc and saved queries, typed
//! parameter binding into the parsed query (never text pasting), a time
//! limit that holds whatever the query does, and the W3C result formats.
//! It works on any Oxigraph [`Store`](oxigraph::store::Store), on disk or in
//! memory, and knows nothing of files being loaded.
//!
//! ```
//! use actorgraph_query::{Answer, QueryRequest, run};
//! use oxigraph::store::Store;
//!
//! let store = Store::new()?;
//! let request = QueryRequest { text: "ASK { ?s ?p ?o }".into(), ..QueryRequest::default() };
//! let Answer::Boolean(any) = run(&store, &request, "example")? else { unreachable!() };
//! assert!(!any);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod bind;
mod error;
mod nesting;
pub mod remote;
mod results;
mod run;
mod saved;

pub use error::QueryError;
pub use nesting::MAX_NESTING;
pub use oxigraph::model::{Term, Variable};
pub use results::{ResultsFormat, declared_prefixes, write_boolean, write_graph, write_solutions};
pub use run::{Answer, QueryRequest, Row, parse_query, run};
pub use saved::{Param, ParamType, Requirement, SavedQuery, catalogue, saved_query, split_example};
