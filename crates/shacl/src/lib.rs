//! A SHACL Core validator: shapes are read from an RDF graph, the data is
//! read one pattern at a time from the union of chosen graphs of one or
//! more layers (Oxigraph stores, on disk or in memory, read through their
//! indexes, or in-memory datasets keeping terms as written: see [`Layer`]),
//! and the outcome is a W3C validation report. It knows nothing of sources,
//! files or the command line; the README lists the constraint components
//! it supports.
//!
//! ```
//! use actorgraph_shacl::{DataView, Layer, Scope, Shapes, validate};
//! use oxigraph::io::{RdfFormat, RdfParser};
//! use oxigraph::model::{Dataset, Graph, GraphName, Triple};
//! use oxigraph::store::Store;
//!
//! let shapes = "@prefix sh: <http://www.w3.org/ns/shacl#> .
//!     <urn:s> sh:targetNode <urn:a> ; sh:property [ sh:path <urn:name> ; sh:minCount 1 ] .";
//! let turtle = RdfParser::from_format(RdfFormat::Turtle);
//! let graph: Graph = turtle
//!     .clone()
//!     .for_slice(shapes)
//!     .map(|q| q.map(Triple::from))
//!     .collect::<Result<Vec<_>, _>>()?
//!     .iter()
//!     .collect();
//! let shapes = Shapes::from_graph(&graph, "example")?;
//!
//! // Loaded data, in a store…
//! let store = Store::new()?;
//! let data = DataView::new(vec![Layer::new(&store, [(GraphName::DefaultGraph, "data".into())])]);
//! assert!(!validate(&shapes, &data, Scope::All)?.conforms());
//!
//! // …or a file as written, in a dataset.
//! let dataset: Dataset = turtle
//!     .for_slice("<urn:a> <urn:name> \"A\" .")
//!     .collect::<Result<_, _>>()?;
//! let sources = [(GraphName::DefaultGraph, "a.ttl".to_owned())];
//! let data = DataView::new(vec![Layer::from_dataset(&dataset, sources)]);
//! assert!(validate(&shapes, &data, Scope::All)?.conforms());
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod constraint;
mod data;
mod datatype;
mod engine;
mod error;
mod path;
mod rdf_list;
mod reader;
mod report;
mod shapes;

pub use data::{DataView, Layer};
pub use engine::{Scope, validate};
pub use error::ShaclError;
pub use path::Path;
pub use report::{ValidationReport, ValidationResult};
pub use shapes::Shapes;
