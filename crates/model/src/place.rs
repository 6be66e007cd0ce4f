//! Places and concepts: where things happen and what they are about.

use crate::describe::{Reader, Writer};
use crate::entity::{Entity, check_not_blank};
use crate::error::ModelError;
use crate::term::{Iri, Text};
use crate::vocab::{owl, prov, schema, skos};
use oxrdf::{Graph, NamedNodeRef, Triple};
use serde::{Deserialize, Serialize};

/// A place (`schema:Place`), inside a larger one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The place's IRI.
    pub id: Iri,
    /// `schema:name`, required.
    pub name: Text,
    /// `schema:containedInPlace`: the place that contains this one.
    #[serde(default)]
    pub contained_in: Option<Iri>,
    /// `owl:sameAs`: the same place elsewhere (e.g. Wikidata).
    #[serde(default)]
    pub same_as: Vec<Iri>,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Place {
    const CLASS: NamedNodeRef<'static> = schema::PLACE;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, schema::NAME, &self.name)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.text(schema::NAME, &self.name)?
            .iris(schema::CONTAINED_IN_PLACE, &self.contained_in)
            .iris(owl::SAME_AS, &self.same_as)
            .iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        Ok(Self {
            id: r.id(),
            name: r.text(schema::NAME)?,
            contained_in: r.opt_iri(schema::CONTAINED_IN_PLACE)?,
            same_as: r.iris(owl::SAME_AS)?,
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        })
    }
}

/// A concept (`skos:Concept`): a topic, a kind of organization, a category
/// of participants or a participation role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concept {
    /// The concept's IRI.
    pub id: Iri,
    /// More specific classes, such as `ag:ActorCategory`.
    #[serde(default)]
    pub types: Vec<Iri>,
    /// `skos:prefLabel`, required.
    pub label: Text,
    /// `skos:broader`: more general concepts.
    #[serde(default)]
    pub broader: Vec<Iri>,
}

impl Entity for Concept {
    const CLASS: NamedNodeRef<'static> = skos::CONCEPT;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, skos::PREF_LABEL, &self.label)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.iris(crate::vocab::rdf::TYPE, &self.types)
            .text(skos::PREF_LABEL, &self.label)?
            .iris(skos::BROADER, &self.broader);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        Ok(Self {
            id: r.id(),
            types: r.other_types(&[Self::CLASS]),
            label: r.text(skos::PREF_LABEL)?,
            broader: r.iris(skos::BROADER)?,
        })
    }
}
