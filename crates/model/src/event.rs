//! What happens and who takes part: Event, Participation, Quotation.

use crate::describe::{Reader, Writer};
use crate::entity::{Entity, check_not_blank, check_span};
use crate::error::ModelError;
use crate::term::{Iri, Text, When};
use crate::vocab::{ag, prov, schema};
use oxrdf::{Graph, Literal, NamedNodeRef, Triple};
use serde::{Deserialize, Serialize};

/// An event (`schema:Event`): a seminar, a meeting, a report presentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The event's IRI.
    pub id: Iri,
    /// More specific classes, such as `ag:Seminar`.
    #[serde(default)]
    pub types: Vec<Iri>,
    /// `schema:name`, required.
    pub name: Text,
    /// `schema:description`.
    #[serde(default)]
    pub description: Option<Text>,
    /// `schema:startDate`, required.
    pub start: When,
    /// `schema:endDate`, not before `start`.
    #[serde(default)]
    pub end: Option<When>,
    /// `schema:location`: a place.
    #[serde(default)]
    pub location: Option<Iri>,
    /// `schema:organizer`: organizations or persons.
    #[serde(default)]
    pub organizers: Vec<Iri>,
    /// `schema:sponsor`: who supported the event.
    #[serde(default)]
    pub sponsors: Vec<Iri>,
    /// `schema:about`: topics (`skos:Concept`).
    #[serde(default)]
    pub about: Vec<Iri>,
    /// `schema:superEvent`: the larger event this one is part of.
    #[serde(default)]
    pub super_event: Option<Iri>,
    /// `ag:followUpOf`: earlier events this one follows up on.
    #[serde(default)]
    pub follow_up_of: Vec<Iri>,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Event {
    const CLASS: NamedNodeRef<'static> = schema::EVENT;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, schema::NAME, &self.name)?;
        check_span(&self.id, Some(self.start), self.end)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.iris(crate::vocab::rdf::TYPE, &self.types)
            .text(schema::NAME, &self.name)?
            .texts(schema::DESCRIPTION, &self.description)?
            .when(schema::START_DATE, self.start);
        if let Some(end) = self.end {
            w.when(schema::END_DATE, end);
        }
        w.iris(schema::LOCATION, &self.location)
            .iris(schema::ORGANIZER, &self.organizers)
            .iris(schema::SPONSOR, &self.sponsors)
            .iris(schema::ABOUT, &self.about)
            .iris(schema::SUPER_EVENT, &self.super_event)
            .iris(ag::FOLLOW_UP_OF, &self.follow_up_of)
            .iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        let event = Self {
            id: r.id(),
            types: r.other_types(&[Self::CLASS]),
            name: r.text(schema::NAME)?,
            description: r.opt_text(schema::DESCRIPTION)?,
            start: r.when(schema::START_DATE)?,
            end: r.opt_when(schema::END_DATE)?,
            location: r.opt_iri(schema::LOCATION)?,
            organizers: r.iris(schema::ORGANIZER)?,
            sponsors: r.iris(schema::SPONSOR)?,
            about: r.iris(schema::ABOUT)?,
            super_event: r.opt_iri(schema::SUPER_EVENT)?,
            follow_up_of: r.iris(ag::FOLLOW_UP_OF)?,
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        };
        check_span(&event.id, Some(event.start), event.end)?;
        Ok(event)
    }
}

/// How many took part, as precisely as the source says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headcount {
    /// `ag:headcount`: the number given.
    pub count: u64,
    /// `ag:headcountApproximate`: the source gave it only roughly ("some 150").
    #[serde(default)]
    pub approximate: bool,
}

/// Actors or actor categories taking part in an event (`ag:Participation`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participation {
    /// The participation's IRI.
    pub id: Iri,
    /// `ag:event`: the event taken part in.
    pub event: Iri,
    /// `ag:participant`: actors or actor categories (`skos:Concept`).
    pub participants: Vec<Iri>,
    /// `ag:role`: attendee, speaker, organizer… (`skos:Concept`).
    #[serde(default)]
    pub role: Option<Iri>,
    /// How many took part, when the source says.
    #[serde(default)]
    pub headcount: Option<Headcount>,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Participation {
    const CLASS: NamedNodeRef<'static> = ag::PARTICIPATION;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        if self.participants.is_empty() {
            return Err(ModelError::Missing {
                entity: self.id.as_str().to_owned(),
                property: ag::PARTICIPANT.as_str().to_owned(),
                class: Self::CLASS.as_str(),
            });
        }
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.iri(ag::EVENT, &self.event)
            .iris(ag::PARTICIPANT, &self.participants)
            .iris(ag::ROLE, &self.role);
        if let Some(headcount) = self.headcount {
            w.literal(ag::HEADCOUNT, Literal::from(headcount.count));
            if headcount.approximate {
                w.literal(ag::HEADCOUNT_APPROXIMATE, Literal::from(true));
            }
        }
        w.iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        let participants = r.iris(ag::PARTICIPANT)?;
        if participants.is_empty() {
            return Err(ModelError::Missing {
                entity: id.as_str().to_owned(),
                property: ag::PARTICIPANT.as_str().to_owned(),
                class: Self::CLASS.as_str(),
            });
        }
        let approximate = r.flag(ag::HEADCOUNT_APPROXIMATE)?;
        Ok(Self {
            id: r.id(),
            event: r.iri(ag::EVENT)?,
            participants,
            role: r.opt_iri(ag::ROLE)?,
            headcount: r
                .opt_count(ag::HEADCOUNT)?
                .map(|count| Headcount { count, approximate }),
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        })
    }
}

/// Something a person said (`schema:Quotation`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quotation {
    /// The quotation's IRI.
    pub id: Iri,
    /// `schema:text`: the words quoted.
    pub text: Text,
    /// `schema:creator`: the person quoted.
    pub creator: Iri,
    /// `ag:event`: the event it was said at or about.
    #[serde(default)]
    pub event: Option<Iri>,
    /// `ag:speakerMembership`: the role the speaker held when saying it.
    #[serde(default)]
    pub speaker_membership: Option<Iri>,
    /// `prov:wasDerivedFrom`: the documents this description comes from.
    #[serde(default)]
    pub derived_from: Vec<Iri>,
}

impl Entity for Quotation {
    const CLASS: NamedNodeRef<'static> = schema::QUOTATION;

    fn id(&self) -> &Iri {
        &self.id
    }

    fn to_triples(&self) -> Result<Vec<Triple>, ModelError> {
        check_not_blank(&self.id, schema::TEXT, &self.text)?;
        let mut w = Writer::new(&self.id, &[Self::CLASS]);
        w.text(schema::TEXT, &self.text)?
            .iri(schema::CREATOR, &self.creator)
            .iris(ag::EVENT, &self.event)
            .iris(ag::SPEAKER_MEMBERSHIP, &self.speaker_membership)
            .iris(prov::WAS_DERIVED_FROM, &self.derived_from);
        Ok(w.finish())
    }

    fn from_graph(graph: &Graph, id: NamedNodeRef<'_>) -> Result<Self, ModelError> {
        let r = Reader::new(graph, id, Self::CLASS)?;
        Ok(Self {
            id: r.id(),
            text: r.text(schema::TEXT)?,
            creator: r.iri(schema::CREATOR)?,
            event: r.opt_iri(ag::EVENT)?,
            speaker_membership: r.opt_iri(ag::SPEAKER_MEMBERSHIP)?,
            derived_from: r.iris(prov::WAS_DERIVED_FROM)?,
        })
    }
}
