//! The actorgraph loader: opens the embedded Oxigraph store, parses RDF files
//! (the Turtle family with `rio_turtle`, RDF/XML and JSON-LD with Oxigraph),
//! and loads each source into its own named graph, atomically and
//! idempotently, with a metadata record per source.
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

mod batch;
mod bind;
mod canonical;
mod compress;
mod convert;
mod diff;
mod error;
mod excerpt;
mod export;
mod format;
mod graph_reader;
mod guard;
mod input;
mod journal;
mod load;
mod merged;
mod metadata;
mod parse;
mod query;
mod restore;
mod results;
mod saved;
pub mod shacl;
mod snapshot;
mod sorted;
mod stats;
mod store;
mod validate;
mod void;

pub use batch::{LoadBatch, Loaded};
pub use compress::{Compression, Encoder, format_of};
pub use convert::{ConvertReport, convert};
pub use diff::{Diff, DiffSide, GraphChanges, diff};
pub use error::{Excerpt, LoadError, QueryError, SnapshotError, SyntaxError};
pub use export::ExportReport;
pub use format::{Format, UnknownFormat};
pub use input::{Found, Input, expand};
pub use load::{LoadOptions, LoadReport, Outcome, Progress, STDIN_SOURCE};
pub use metadata::{METADATA_GRAPH, SourceRecord};
pub use oxigraph::model::{Term, Variable};
pub use query::{Answer, QueryRequest, Row};
pub use restore::{RestoreReport, is_snapshot};
pub use results::{ResultsFormat, write_boolean, write_graph, write_solutions};
pub use saved::{Param, ParamType, Requirement, SavedQuery, catalogue, saved_query, split_example};
pub use shacl::{ShaclError, Shapes, ValidationReport, ValidationResult};
pub use snapshot::{MANIFEST, SnapshotOptions, SnapshotReport};
pub use stats::Stats;
pub use store::GraphStore;
pub use validate::{Checked, Entity, Validation, validate_inputs};
