//! `LinkError`: what went wrong suggesting or recording a link, and where.

use std::path::PathBuf;

use oxigraph::store::StorageError;

/// An error suggesting, comparing or recording `owl:sameAs` links.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The store could not be read.
    #[error("cannot read the store: {0}")]
    Storage(#[from] StorageError),
    /// An entity was named by something that is not an IRI.
    #[error("{text} is not an absolute IRI: {message}")]
    InvalidIri {
        /// What was given.
        text: String,
        /// Why it is not one.
        message: String,
    },
    /// An entity the store's default graph does not mention.
    #[error("<{iri}> is not in the store: no triple of its default graph mentions it")]
    NotInStore {
        /// The entity.
        iri: String,
    },
    /// An entity to be linked with itself.
    #[error("<{iri}> is the same IRI twice: there is nothing to link")]
    SameEntity {
        /// The entity.
        iri: String,
    },
    /// Entities of kinds that cannot be one, such as a person and an
    /// organization.
    #[error("<{a}> is {a_kinds} and <{b}> {b_kinds}: an owl:sameAs link would make them one thing")]
    IncompatibleKinds {
        /// The first entity.
        a: String,
        /// Its kinds, in words ("a person").
        a_kinds: String,
        /// The second entity.
        b: String,
        /// Its kinds, in words.
        b_kinds: String,
    },
    /// A curation file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A curation file that is not valid Turtle: nothing is appended to it.
    #[error("{}:{line}:{column}: {message}", path.display())]
    CurationSyntax {
        /// The file.
        path: PathBuf,
        /// The line of the error, from 1.
        line: u64,
        /// The column of the error, from 1.
        column: u64,
        /// What is wrong there.
        message: String,
    },
}
