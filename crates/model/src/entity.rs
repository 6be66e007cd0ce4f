//! The `Entity` trait: how every typed entity maps to RDF and back.

use crate::error::ModelError;
use crate::term::Iri;
use oxrdf::{Graph, NamedNodeRef, Triple};

/// A typed entity of the actor/event model that maps to RDF triples and back.
///
/// `from_graph(g, id)` of the triples of `to_triples()` gives the entity back.
pub trait Entity: Sized {
    /// The class every instance is typed with.
    const CLASS: NamedNodeRef<'static>;

    /// The IRI naming the entity.
    fn id(&self) -> &Iri;

    /// The entity as triples about its IRI, after checking the model's rules.
    fn to_triples(&self) -> Result<Vec<Triple>, ModelError>;

    /// Reads the entity named `id` from `graph`, checking the model's rules.
    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError>;
}

/// Fails with `EndBeforeStart` when `end` is before `start`.
pub(crate) fn check_span(
    id: &Iri,
    start: Option<crate::When>,
    end: Option<crate::When>,
) -> Result<(), ModelError> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(ModelError::EndBeforeStart {
            entity: id.as_str().to_owned(),
            start: start.to_string(),
            end: end.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Fails with `Empty` when a required text is blank.
pub(crate) fn check_not_blank(
    id: &Iri,
    property: NamedNodeRef<'_>,
    text: &crate::Text,
) -> Result<(), ModelError> {
    if text.value.trim().is_empty() {
        return Err(ModelError::Empty {
            entity: id.as_str().to_owned(),
            property: property.as_str().to_owned(),
        });
    }
    Ok(())
}
