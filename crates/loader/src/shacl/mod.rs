//! A SHACL Core validator, written for actorgraph: shapes are read from RDF,
//! the data is read straight from Oxigraph's indexes (the union of chosen
//! graphs of one or more stores), and the outcome is a W3C validation
//! report. The README lists the constraint components it supports.

mod constraint;
mod data;
mod datatype;
mod engine;
mod error;
mod path;
mod report;
mod shapes;

pub use data::{DataView, Layer};
pub use engine::{Scope, validate};
pub use error::ShaclError;
pub use path::Path;
pub use report::{ValidationReport, ValidationResult};
pub use shapes::Shapes;
