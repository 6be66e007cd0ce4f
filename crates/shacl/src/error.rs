//! `ShaclError`: what can stop a validation (as opposed to data that does
//! not conform, which is a report, not an error).

use oxigraph::store::StorageError;
use thiserror::Error;

/// A failure to validate.
#[derive(Debug, Error)]
pub enum ShaclError {
    /// The shapes graph is not well-formed SHACL.
    #[error("{origin}: invalid shapes: {message}; fix the shapes file and run the command again")]
    Shapes {
        /// The shapes file, or the name of the built-in shapes.
        origin: String,
        /// What is wrong, naming the shape.
        message: String,
    },
    /// Shapes refer to each other (sh:node, sh:or…) too deeply.
    #[error(
        "shape {shape} nests other shapes more than {depth} levels deep while checking {node}; simplify the shapes"
    )]
    TooDeep {
        /// The shape reached at the limit.
        shape: String,
        /// The node it was checking.
        node: String,
        /// The limit.
        depth: usize,
    },
    /// The store failed while reading the data.
    #[error("the store failed while validating: {0}")]
    Storage(#[from] StorageError),
}
