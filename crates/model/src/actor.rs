//! Actors and the roles they hold: Person, Organization, Role, Membership.

use crate::describe::{Reader, Writer};
use crate::entity::{Entity, check_not_blank, check_span};
use crate::error::ModelError;
use crate::term::{Iri, Text, When};
use crate::vocab::{org, owl, prov, schema};
use oxrdf::{Graph, NamedNodeRef, Triple};
use serde::{Deserialize, Serialize};

/// A person (`schema:Person`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// The person's IRI.
    pub id: Iri,
    /// `schema:name`, required.
    pub name: Text,
    /// `schema:alternateName`: other spellings and transliterations.
    #[serde(default)]
    pub alternate_names: Vec<Text>,
    /// `owl:sameAs`: the same person elsewhere (e.g. Wikidata).
    #[serde(default)]
    pub same_as: Vec<Iri>,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Person {
    const CLASS: NamedNodeRef<'static> = schema::PERSON;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, schema::NAME, &self.name)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.text(schema::NAME, &self.name)?
            .texts(schema::ALTERNATE_NAME, &self.alternate_names)?
            .iris(owl::SAME_AS, &self.same_as)
            .iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        Ok(Self {
            id: r.id(),
            name: r.text(schema::NAME)?,
            alternate_names: r.texts(schema::ALTERNATE_NAME)?,
            same_as: r.iris(owl::SAME_AS)?,
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        })
    }
}

/// Which kind of organization an `Organization` is, by its `org:` class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrganizationKind {
    /// A plain `org:Organization`.
    Organization,
    /// An `org:FormalOrganization`: legally recognized (a commission, an akimat).
    Formal,
    /// An `org:OrganizationalUnit`: part of another (a programme office).
    Unit,
}

impl OrganizationKind {
    fn class(self) -> NamedNodeRef<'static> {
        match self {
            Self::Organization => org::ORGANIZATION,
            Self::Formal => org::FORMAL_ORGANIZATION,
            Self::Unit => org::ORGANIZATIONAL_UNIT,
        }
    }
}

/// An organization (`org:Organization` or one of its subclasses).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// The organization's IRI.
    pub id: Iri,
    /// Its most specific `org:` class.
    pub kind: OrganizationKind,
    /// `schema:name`, required.
    pub name: Text,
    /// `schema:alternateName`, e.g. an acronym such as "OSCE".
    #[serde(default)]
    pub alternate_names: Vec<Text>,
    /// `org:unitOf`: the organization this unit is part of.
    #[serde(default)]
    pub unit_of: Option<Iri>,
    /// `org:subOrganizationOf`: the organization above this one.
    #[serde(default)]
    pub sub_organization_of: Option<Iri>,
    /// `org:classification`: kinds (`skos:Concept`), e.g. government body.
    #[serde(default)]
    pub classifications: Vec<Iri>,
    /// `owl:sameAs`: the same organization elsewhere.
    #[serde(default)]
    pub same_as: Vec<Iri>,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Organization {
    const CLASS: NamedNodeRef<'static> = org::ORGANIZATION;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, schema::NAME, &self.name)?;
        let classes = match self.kind {
            OrganizationKind::Organization => vec![org::ORGANIZATION],
            kind => vec![org::ORGANIZATION, kind.class()],
        };
        let mut w = Writer::new(&self.id, &classes);
        w.text(schema::NAME, &self.name)?
            .texts(schema::ALTERNATE_NAME, &self.alternate_names)?
            .iris(org::UNIT_OF, &self.unit_of)
            .iris(org::SUB_ORGANIZATION_OF, &self.sub_organization_of)
            .iris(org::CLASSIFICATION, &self.classifications)
            .iris(owl::SAME_AS, &self.same_as)
            .iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    /// Reads an organization typed `org:Organization` (subclass types alone
    /// are accepted too, as RDFS inference would give the superclass).
    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let kind = [OrganizationKind::Unit, OrganizationKind::Formal]
            .into_iter()
            .find(|kind| {
                graph.contains(oxrdf::TripleRef::new(
                    id,
                    crate::vocab::rdf::TYPE,
                    kind.class(),
                ))
            })
            .unwrap_or(OrganizationKind::Organization);
        let r = Reader::new(graph, id, kind.class())?;
        Ok(Self {
            id: r.id(),
            kind,
            name: r.text(schema::NAME)?,
            alternate_names: r.texts(schema::ALTERNATE_NAME)?,
            unit_of: r.opt_iri(org::UNIT_OF)?,
            sub_organization_of: r.opt_iri(org::SUB_ORGANIZATION_OF)?,
            classifications: r.iris(org::CLASSIFICATION)?,
            same_as: r.iris(owl::SAME_AS)?,
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        })
    }
}

/// A role that people hold in organizations (`org:Role`), e.g. "Secretary".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// The role's IRI.
    pub id: Iri,
    /// `schema:name`, required.
    pub name: Text,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Role {
    const CLASS: NamedNodeRef<'static> = org::ROLE;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, schema::NAME, &self.name)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.text(schema::NAME, &self.name)?
            .iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        Ok(Self {
            id: r.id(),
            name: r.text(schema::NAME)?,
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        })
    }
}

/// A person holding a role in an organization (`org:Membership`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Membership {
    /// The membership's IRI.
    pub id: Iri,
    /// `org:member`: the person.
    pub member: Iri,
    /// `org:organization`: where the role is held.
    pub organization: Iri,
    /// `org:role`: the role held.
    pub role: Iri,
    /// `schema:startDate`, when known.
    #[serde(default)]
    pub start: Option<When>,
    /// `schema:endDate`, when known; not before `start`.
    #[serde(default)]
    pub end: Option<When>,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Membership {
    const CLASS: NamedNodeRef<'static> = org::MEMBERSHIP;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_span(&self.id, self.start, self.end)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.iri(org::MEMBER, &self.member)
            .iri(org::ORGANIZATION_PROPERTY, &self.organization)
            .iri(org::ROLE_PROPERTY, &self.role);
        if let Some(start) = self.start {
            w.when(schema::START_DATE, start);
        }
        if let Some(end) = self.end {
            w.when(schema::END_DATE, end);
        }
        w.iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        let membership = Self {
            id: r.id(),
            member: r.iri(org::MEMBER)?,
            organization: r.iri(org::ORGANIZATION_PROPERTY)?,
            role: r.iri(org::ROLE_PROPERTY)?,
            start: r.opt_when(schema::START_DATE)?,
            end: r.opt_when(schema::END_DATE)?,
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        };
        check_span(&membership.id, membership.start, membership.end)?;
        Ok(membership)
    }
}
