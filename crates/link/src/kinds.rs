//! Kinds of entity: which classes make a person, an organization, a place,
//! an event or a concept (following `rdfs:subClassOf` in actorgraph's
//! ontology and in the store), and which kinds two entities share.

use std::collections::{HashMap, VecDeque};

use actorgraph_model::ONTOLOGY;
use actorgraph_model::vocab::{org, rdfs, schema, skos};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Term};
use oxigraph::store::Store;

use crate::error::LinkError;
use crate::suggestion::Kind;
use crate::terms;

/// A set of kinds, and whether the entity is a state (`schema:Country`),
/// which is both a place and an actor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Kinds(u8);

const COUNTRY: u8 = 1 << 7;

impl Kinds {
    fn bit(kind: Kind) -> u8 {
        match kind {
            Kind::Person => 1,
            Kind::Organization => 1 << 1,
            Kind::Place => 1 << 2,
            Kind::Event => 1 << 3,
            Kind::Concept => 1 << 4,
        }
    }

    /// The set of one kind.
    pub fn of(kind: Kind) -> Self {
        Self(Self::bit(kind))
    }

    /// Whether it holds `kind`.
    pub fn has(self, kind: Kind) -> bool {
        self.0 & Self::bit(kind) != 0
    }

    /// Whether it holds no kind.
    pub fn is_empty(self) -> bool {
        self.0 & !COUNTRY == 0
    }

    /// Whether the entity is a state.
    pub fn is_country(self) -> bool {
        self.0 & COUNTRY != 0
    }

    /// Both sets together.
    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// The kind two entities are compared as: the first of [`Kind::ALL`]
    /// both have.
    pub fn shared(self, other: Self) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|kind| self.has(*kind) && other.has(*kind))
    }

    /// The first kind it holds, in the order of [`Kind::ALL`].
    pub fn first(self) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| self.has(*kind))
    }

    /// Its kinds in words, each with its article ("a person", "a place
    /// and an organization").
    pub fn describe(self) -> String {
        let names: Vec<String> = Kind::ALL
            .into_iter()
            .filter(|kind| self.has(*kind))
            .map(|kind| {
                let article = if kind == Kind::Organization || kind == Kind::Event {
                    "an"
                } else {
                    "a"
                };
                format!("{article} {kind}")
            })
            .collect();
        if names.is_empty() {
            "a thing of no known kind".to_owned()
        } else {
            names.join(" and ")
        }
    }
}

/// The kinds of every class that makes one: the classes below, and their
/// subclasses in the ontology and in the store.
#[derive(Debug, Default)]
pub(crate) struct Classes {
    kinds: HashMap<NamedNode, Kinds>,
}

impl Classes {
    /// The classes of actorgraph's model, with the subclasses that
    /// actorgraph's ontology and the store's default graph declare.
    pub fn read(store: &Store) -> Result<Self, LinkError> {
        let mut parents: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
        let mut add = |child: &NamedNode, parent: &NamedNode| {
            parents
                .entry(parent.clone())
                .or_default()
                .push(child.clone());
        };
        // The ontology is built in and valid (the model's tests parse it).
        for quad in RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(ONTOLOGY)
            .flatten()
        {
            if let (oxigraph::model::NamedOrBlankNode::NamedNode(child), Term::NamedNode(parent)) =
                (&quad.subject, &quad.object)
                && quad.predicate == rdfs::SUB_CLASS_OF
            {
                add(child, parent);
            }
        }
        for quad in store.quads_for_pattern(
            None,
            Some(rdfs::SUB_CLASS_OF),
            None,
            Some(GraphNameRef::DefaultGraph),
        ) {
            let quad = quad?;
            if let (oxigraph::model::NamedOrBlankNode::NamedNode(child), Term::NamedNode(parent)) =
                (&quad.subject, &quad.object)
            {
                add(child, parent);
            }
        }
        let mut classes = Self::default();
        for (root, kinds) in roots() {
            // Every class below `root`, breadth first, each once.
            let mut queue = VecDeque::from([root.into_owned()]);
            let mut seen = std::collections::HashSet::new();
            while let Some(class) = queue.pop_front() {
                if !seen.insert(class.clone()) {
                    continue;
                }
                if let Some(children) = parents.get(&class) {
                    queue.extend(children.iter().cloned());
                }
                let entry = classes.kinds.entry(class).or_default();
                *entry = entry.union(kinds);
            }
        }
        Ok(classes)
    }

    /// The kinds an instance of `class` has.
    pub fn kinds(&self, class: NamedNodeRef<'_>) -> Kinds {
        self.kinds
            .get(&class.into_owned())
            .copied()
            .unwrap_or_default()
    }
}

/// The classes that make each kind, as actorgraph's shapes and ontology
/// name them, with schema.org's kinds of organization that data from
/// elsewhere uses.
fn roots() -> Vec<(NamedNodeRef<'static>, Kinds)> {
    let organization = Kinds::of(Kind::Organization);
    let place = Kinds::of(Kind::Place);
    vec![
        (schema::PERSON, Kinds::of(Kind::Person)),
        (org::ORGANIZATION, organization),
        (org::FORMAL_ORGANIZATION, organization),
        (org::ORGANIZATIONAL_UNIT, organization),
        (schema::PROJECT, organization),
        (terms::SCHEMA_ORGANIZATION, organization),
        (terms::GOVERNMENT_ORGANIZATION, organization),
        (terms::NGO, organization),
        (terms::EDUCATIONAL_ORGANIZATION, organization),
        (terms::NEWS_MEDIA_ORGANIZATION, organization),
        // A state acts (README, "The model") and is a place.
        (schema::COUNTRY, Kinds(organization.0 | place.0 | COUNTRY)),
        (schema::PLACE, place),
        (terms::CITY, place),
        (terms::ADMINISTRATIVE_AREA, place),
        (schema::EVENT, Kinds::of(Kind::Event)),
        (skos::CONCEPT, Kinds::of(Kind::Concept)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use actorgraph_model::vocab::ag;

    fn store(turtle: &str) -> Store {
        let store = Store::new().unwrap();
        store
            .load_from_reader(RdfFormat::Turtle, turtle.as_bytes())
            .unwrap();
        store
    }

    #[test]
    fn the_ontology_makes_seminars_events_and_projects_organizations() {
        let classes = Classes::read(&store("")).unwrap();
        assert!(classes.kinds(ag::SEMINAR).has(Kind::Event));
        assert!(classes.kinds(ag::TRAINING_COURSE).has(Kind::Event));
        assert!(classes.kinds(schema::PROJECT).has(Kind::Organization));
        assert!(classes.kinds(ag::ACTOR_CATEGORY).has(Kind::Concept));
        let country = classes.kinds(schema::COUNTRY);
        assert!(country.has(Kind::Place) && country.has(Kind::Organization));
        assert!(country.is_country());
        assert!(classes.kinds(schema::NEWS_ARTICLE).is_empty());
    }

    #[test]
    fn subclasses_in_the_store_count() {
        let classes = Classes::read(&store(
            "<https://example.org/Ministry> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <http://www.w3.org/ns/org#FormalOrganization> .",
        ))
        .unwrap();
        let ministry = NamedNodeRef::new_unchecked("https://example.org/Ministry");
        assert!(classes.kinds(ministry).has(Kind::Organization));
    }

    #[test]
    fn kinds_shared_prefer_place_for_states() {
        let country = Kinds(Kinds::of(Kind::Organization).0 | Kinds::of(Kind::Place).0 | COUNTRY);
        assert_eq!(country.shared(country), Some(Kind::Place));
        assert_eq!(
            country.shared(Kinds::of(Kind::Organization)),
            Some(Kind::Organization)
        );
        assert_eq!(
            Kinds::of(Kind::Person).shared(Kinds::of(Kind::Organization)),
            None
        );
        assert_eq!(Kinds::of(Kind::Person).describe(), "a person");
        assert_eq!(Kinds::of(Kind::Organization).describe(), "an organization");
    }
}
