//! The actorgraph loader: bytes to quads, and the store. It parses RDF
//! files (the Turtle family with `rio_turtle`, RDF/XML and JSON-LD with
//! Oxigraph, compressed or not), opens the embedded Oxigraph store, and
//! loads each source into its own named graph, atomically and
//! idempotently, with a metadata record per source and the merged graph of
//! all sources as the store's default graph.
//!
//! ```
//! use actorgraph_loader::{GraphStore, Input, LoadOptions, Outcome};
//! use std::io::Write;
//!
//! let mut file = tempfile::Builder::new().suffix(".ttl").tempfile()?;
//! writeln!(file, "<https://example.org/a> <https://schema.org/name> \"A\" .")?;
//! let store = GraphStore::in_memory()?;
//! let input = Input::File(file.path().to_owned());
//! let report = store.load(&input, &LoadOptions::default(), &mut |_| {})?;
//! assert_eq!((report.outcome, report.source.triples), (Outcome::Added, 1));
//! let again = store.load(&input, &LoadOptions::default(), &mut |_| {})?;
//! assert_eq!(again.outcome, Outcome::Unchanged);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod error;
mod read;
mod store;
mod validate;

pub use error::{Excerpt, LoadError, SyntaxError};
pub use read::compress::{Compression, Encoder, format_of};
pub use read::convert::{ConvertReport, convert};
pub use read::input::{Found, Input, expand};
pub use read::{LoadOptions, STDIN_SOURCE, read_file, read_graph, read_graph_text};
pub use store::GraphStore;
pub use store::batch::{LoadBatch, Loaded};
pub use store::checkpoint::StoreVersion;
pub use store::load::{LoadReport, Outcome, Progress, hash_file};
pub use store::metadata::{METADATA_GRAPH, Normalized, SourceRecord};
pub use store::stats::{Inference, KINDS, Stats, graphs_of};
pub use store::view::representative;
pub use validate::{Checked, Entity, Validation, validate_inputs};
