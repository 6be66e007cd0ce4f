//! The actorgraph model: the vocabulary of an actor/event knowledge graph as
//! constants, and typed entities (people, organizations, roles held, places,
//! events, participations, quotations, source documents) that map to RDF
//! triples and back.
//!
//! This crate does no I/O: it knows nothing of files, stores or terminals.
//!
//! ```
//! use actorgraph_model::{Entity, Iri, Place, Text};
//! use oxrdf::Graph;
//!
//! let shymkent = Place {
//!     id: Iri::new("https://example.org/place/shymkent")?,
//!     name: Text::new("Shymkent", "en"),
//!     contained_in: Some(Iri::new("https://example.org/place/south-kazakhstan")?),
//!     same_as: vec![],
//!     derived_from: vec![],
//! };
//! let graph: Graph = shymkent.to_triples()?.into_iter().collect();
//! assert_eq!(Place::from_graph(&graph, shymkent.id.as_ref())?, shymkent);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod actor;
mod describe;
mod entity;
mod error;
mod event;
mod place;
mod source;
mod term;
pub mod vocab;

pub use actor::{Membership, Organization, OrganizationKind, Person, Role};
pub use entity::Entity;
pub use error::ModelError;
pub use event::{Event, Headcount, Participation, Quotation};
pub use place::{Concept, Place};
pub use source::Source;
pub use term::{Iri, Text, When};
