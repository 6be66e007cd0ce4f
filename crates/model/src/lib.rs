//! The actorgraph model: the vocabulary of an actor/event knowledge graph as
//! constants, the one prefix map, the RDF formats actorgraph reads and
//! writes, and the shipped ontology, shapes and shared concepts that say
//! what well-formed data is.
//!
//! This crate does no I/O: it knows nothing of files, stores or terminals.
//! The model's rules live in one place, the shapes ([`SHAPES`]).
//!
//! ```
//! use actorgraph_model::{Format, PrefixMap, vocab::schema};
//!
//! let short = PrefixMap::builtin().shorten(schema::NAME.as_str());
//! assert_eq!(short.as_deref(), Some("schema:name"));
//! assert_eq!("ttl".parse::<Format>()?, Format::Turtle);
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod file_iri;
mod format;
mod prefixes;
pub mod vocab;

pub use file_iri::file_iri;
pub use format::{Format, UnknownFormat};
pub use prefixes::PrefixMap;

/// The shipped SHACL shapes (`data/shapes.ttl`), in Turtle: the model's
/// rules, used by `validate` unless other shapes are given.
pub const SHAPES: &str = include_str!("../../../data/shapes.ttl");

/// The shipped ontology (`data/ontology.ttl`), in Turtle: every `ag:` term
/// with its label, comment, domain and range.
pub const ONTOLOGY: &str = include_str!("../../../data/ontology.ttl");

/// The shared concept schemes (`data/concepts.ttl`), in Turtle: the
/// participation roles, actor categories, organization kinds, event kinds,
/// genders and headcount qualifiers every dataset reuses.
pub const CONCEPTS: &str = include_str!("../../../data/concepts.ttl");

/// The built-in alignments (`data/alignments.ttl`), in Turtle: how the
/// vocabularies other datasets use (FOAF, SWC, ELI, CIDOC-CRM…) map onto the
/// model's terms, as `rdfs:subClassOf`, `rdfs:subPropertyOf`,
/// `owl:equivalentClass`, `owl:equivalentProperty` and `owl:inverseOf`.
pub const ALIGNMENTS: &str = include_str!("../../../data/alignments.ttl");

/// The forms of an alignment axiom, each a triple between two IRIs read
/// from subject to object: the subject's statements are also the object's
/// (backwards, for `owl:inverseOf`). Built-in or loaded, these are the
/// axioms a store applies.
pub const ALIGNMENT_AXIOMS: [oxrdf::NamedNodeRef<'static>; 5] = [
    vocab::rdfs::SUB_CLASS_OF,
    vocab::owl::EQUIVALENT_CLASS,
    vocab::rdfs::SUB_PROPERTY_OF,
    vocab::owl::EQUIVALENT_PROPERTY,
    vocab::owl::INVERSE_OF,
];
