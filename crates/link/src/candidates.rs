//! Candidates: the entities of a store's default graph, read once — their
//! kinds, names and surroundings (places, parents and units, events and
//! their actors, affiliations, dates) — with the members of an
//! `owl:sameAs` group read as one entity.

use std::collections::HashMap;

use actorgraph_model::vocab::{ag, org, owl, rdf, rdfs, schema, skos};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::Store;

use crate::error::LinkError;
use crate::kinds::{Classes, Kinds};
use crate::names::Name;
use crate::suggestion::Kind;
use crate::terms;

/// An entity: the members of one `owl:sameAs` group, or one node.
pub(crate) type Id = u32;

/// How an entity relates to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Relation {
    /// A place it is at or in, or a person comes from.
    Place,
    /// The organization, broader concept or larger event it is part of.
    Parent,
    /// A part of it (the inverse of `Parent`).
    Unit,
    /// A place inside it (the inverse of `schema:containedInPlace`).
    Inside,
    /// An event or project it took part in.
    Activity,
    /// An actor of it, as an event or project.
    Actor,
    /// An organization a person belongs to.
    Affiliation,
    /// A person who belongs to it (the inverse of `Affiliation`).
    Member,
}

/// A literal fact about an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Fact {
    /// A start or end date (of an event).
    Date,
    /// A date of birth.
    BirthDate,
    /// A gender, as the local name of its IRI or its text, lowercase.
    Gender,
}

/// The entities of a store, as the suggester reads them.
#[derive(Debug, Default)]
pub(crate) struct Entities {
    nodes: HashMap<NamedOrBlankNode, u32>,
    component: Vec<Id>,
    iris: Vec<Option<NamedNode>>,
    kinds: Vec<Kinds>,
    name_start: Vec<u32>,
    names: Vec<Name>,
    edge_start: Vec<u32>,
    edges: Vec<(Relation, Id)>,
    facts: HashMap<Id, Vec<(Fact, String)>>,
    named_countries: HashMap<Id, Vec<Id>>,
}

/// The properties whose values are an entity's names, by preference:
/// names and preferred labels first, then alternate names and labels.
const NAME_PROPERTIES: [(NamedNodeRef<'static>, u8); 5] = [
    (schema::NAME, 0),
    (skos::PREF_LABEL, 0),
    (schema::ALTERNATE_NAME, 1),
    (skos::ALT_LABEL, 1),
    (rdfs::LABEL, 2),
];

/// Properties from an entity to another, and the relation each gives
/// (with its inverse, when the other entity gains one too).
const EDGES: &[(NamedNodeRef<'static>, Relation, Option<Relation>)] = &[
    (schema::LOCATION, Relation::Place, None),
    (terms::ADDRESS, Relation::Place, None),
    (
        schema::CONTAINED_IN_PLACE,
        Relation::Place,
        Some(Relation::Inside),
    ),
    (terms::ADDRESS_COUNTRY, Relation::Place, None),
    (terms::NATIONALITY, Relation::Place, None),
    (terms::BIRTH_PLACE, Relation::Place, None),
    (terms::HOME_LOCATION, Relation::Place, None),
    (terms::WORK_LOCATION, Relation::Place, None),
    (
        org::SUB_ORGANIZATION_OF,
        Relation::Parent,
        Some(Relation::Unit),
    ),
    (org::UNIT_OF, Relation::Parent, Some(Relation::Unit)),
    (
        terms::PARENT_ORGANIZATION,
        Relation::Parent,
        Some(Relation::Unit),
    ),
    (skos::BROADER, Relation::Parent, Some(Relation::Unit)),
    (schema::SUPER_EVENT, Relation::Parent, Some(Relation::Unit)),
    (terms::SUB_EVENT, Relation::Unit, Some(Relation::Parent)),
    (terms::HAS_UNIT, Relation::Unit, Some(Relation::Parent)),
    (
        terms::HAS_SUB_ORGANIZATION,
        Relation::Unit,
        Some(Relation::Parent),
    ),
    (
        terms::SUB_ORGANIZATION,
        Relation::Unit,
        Some(Relation::Parent),
    ),
    (schema::ORGANIZER, Relation::Actor, Some(Relation::Activity)),
    (schema::SPONSOR, Relation::Actor, Some(Relation::Activity)),
    (schema::FUNDER, Relation::Actor, Some(Relation::Activity)),
    (
        schema::CONTRIBUTOR,
        Relation::Actor,
        Some(Relation::Activity),
    ),
    (terms::PERFORMER, Relation::Actor, Some(Relation::Activity)),
    (terms::ATTENDEE, Relation::Actor, Some(Relation::Activity)),
    (
        terms::MEMBER_OF,
        Relation::Affiliation,
        Some(Relation::Member),
    ),
    (
        org::MEMBER_OF,
        Relation::Affiliation,
        Some(Relation::Member),
    ),
    (
        terms::WORKS_FOR,
        Relation::Affiliation,
        Some(Relation::Member),
    ),
    (
        terms::AFFILIATION,
        Relation::Affiliation,
        Some(Relation::Member),
    ),
];

/// What the store says, node by node, before `owl:sameAs` groups are
/// made entities.
#[derive(Default)]
struct Raw {
    nodes: HashMap<NamedOrBlankNode, u32>,
    terms: Vec<NamedOrBlankNode>,
    parent: Vec<u32>,
    kinds: Vec<(u32, Kinds)>,
    names: Vec<(u32, u8, String)>,
    edges: Vec<(u32, Relation, u32)>,
    facts: Vec<(u32, Fact, String)>,
}

impl Raw {
    fn node(&mut self, node: NamedOrBlankNode) -> u32 {
        if let Some(&index) = self.nodes.get(&node) {
            return index;
        }
        let index = self.terms.len() as u32;
        self.nodes.insert(node.clone(), index);
        self.terms.push(node);
        self.parent.push(index);
        index
    }

    fn object(&mut self, term: Term) -> Option<u32> {
        match term {
            Term::NamedNode(node) => Some(self.node(node.into())),
            Term::BlankNode(node) => Some(self.node(node.into())),
            _ => None,
        }
    }

    fn find(&mut self, mut node: u32) -> u32 {
        while self.parent[node as usize] != node {
            let grandparent = self.parent[self.parent[node as usize] as usize];
            self.parent[node as usize] = grandparent;
            node = grandparent;
        }
        node
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller index leads, so the grouping never depends on the
            // order the links were read in.
            let (low, high) = if a < b { (a, b) } else { (b, a) };
            self.parent[high as usize] = low;
        }
    }
}

/// Calls `each` with the subject and object of every triple of the
/// store's default graph with `predicate`.
fn triples(
    store: &Store,
    predicate: NamedNodeRef<'_>,
    mut each: impl FnMut(NamedOrBlankNode, Term),
) -> Result<(), LinkError> {
    for quad in store.quads_for_pattern(
        None,
        Some(predicate),
        None,
        Some(GraphNameRef::DefaultGraph),
    ) {
        let quad = quad?;
        each(quad.subject, quad.object);
    }
    Ok(())
}

/// A literal's text, or an IRI's local name, lowercase (for genders,
/// which are either).
fn gender(term: &Term) -> Option<String> {
    match term {
        Term::Literal(literal) => Some(literal.value().to_lowercase()),
        Term::NamedNode(node) => node
            .as_str()
            .rsplit(['/', '#'])
            .next()
            .map(str::to_lowercase),
        _ => None,
    }
}

impl Entities {
    /// Reads the entities of the store's default graph (and the
    /// `owl:sameAs` links of all its graphs).
    pub fn read(store: &Store) -> Result<Self, LinkError> {
        let classes = Classes::read(store)?;
        let mut raw = Raw::default();
        // Links in any graph: a curation source's links group entities
        // even before they are merged into the default graph.
        for quad in store.quads_for_pattern(None, Some(owl::SAME_AS), None, None) {
            let quad = quad?;
            let subject = raw.node(quad.subject);
            if let Some(object) = raw.object(quad.object) {
                raw.union(subject, object);
            }
        }
        triples(store, rdf::TYPE, |subject, object| {
            if let Term::NamedNode(class) = &object {
                let kinds = classes.kinds(class.as_ref());
                if !kinds.is_empty() {
                    let node = raw.node(subject);
                    raw.kinds.push((node, kinds));
                }
            }
        })?;
        for (property, preference) in NAME_PROPERTIES {
            triples(store, property, |subject, object| {
                if let Term::Literal(literal) = object
                    && !literal.value().trim().is_empty()
                {
                    let node = raw.node(subject);
                    raw.names
                        .push((node, preference, literal.value().trim().to_owned()));
                }
            })?;
        }
        for &(property, relation, inverse) in EDGES {
            triples(store, property, |subject, object| {
                let subject = raw.node(subject);
                if let Some(object) = raw.object(object) {
                    raw.edges.push((subject, relation, object));
                    if let Some(inverse) = inverse {
                        raw.edges.push((object, inverse, subject));
                    }
                }
            })?;
        }
        read_participations(store, &mut raw)?;
        read_memberships(store, &mut raw)?;
        for (property, fact) in [
            (schema::START_DATE, Fact::Date),
            (schema::END_DATE, Fact::Date),
            (terms::BIRTH_DATE, Fact::BirthDate),
        ] {
            triples(store, property, |subject, object| {
                if let Term::Literal(literal) = object {
                    let node = raw.node(subject);
                    raw.facts.push((node, fact, literal.value().to_owned()));
                }
            })?;
        }
        triples(store, terms::GENDER, |subject, object| {
            if let Some(gender) = gender(&object) {
                let node = raw.node(subject);
                raw.facts.push((node, Fact::Gender, gender));
            }
        })?;
        Ok(Self::from_raw(raw))
    }

    /// Makes the `owl:sameAs` groups entities and prepares their names.
    fn from_raw(mut raw: Raw) -> Self {
        let count = raw.terms.len();
        let mut component = vec![0; count];
        let mut ids: HashMap<u32, Id> = HashMap::new();
        for node in 0..count as u32 {
            let root = raw.find(node);
            let next = ids.len() as Id;
            component[node as usize] = *ids.entry(root).or_insert(next);
        }
        let entities = ids.len();
        let mut kinds = vec![Kinds::default(); entities];
        for &(node, k) in &raw.kinds {
            let id = component[node as usize] as usize;
            kinds[id] = kinds[id].union(k);
        }

        // Names: by entity, by preference, each text once.
        let mut names_per_node = vec![0u32; count];
        let mut texts: Vec<(Id, u8, String)> = Vec::with_capacity(raw.names.len());
        for (node, preference, text) in std::mem::take(&mut raw.names) {
            names_per_node[node as usize] += 1;
            texts.push((component[node as usize], preference, text));
        }
        texts.sort();
        texts.dedup_by(|a, b| a.0 == b.0 && a.2 == b.2);

        // The IRI an entity is shown and linked by: the member with the
        // most names, then the smallest IRI.
        let mut iris: Vec<Option<NamedNode>> = vec![None; entities];
        let mut best = vec![0u32; entities];
        for (node, term) in raw.terms.iter().enumerate() {
            if let NamedOrBlankNode::NamedNode(iri) = term {
                let id = component[node] as usize;
                let better = match &iris[id] {
                    None => true,
                    Some(current) => {
                        names_per_node[node] > best[id]
                            || (names_per_node[node] == best[id] && iri.as_str() < current.as_str())
                    }
                };
                if better {
                    iris[id] = Some(iri.clone());
                    best[id] = names_per_node[node];
                }
            }
        }

        let mut name_start = Vec::with_capacity(entities + 1);
        let mut names = Vec::with_capacity(texts.len());
        let mut texts = texts.into_iter().peekable();
        for id in 0..entities as Id {
            name_start.push(names.len() as u32);
            let person = kinds[id as usize].has(Kind::Person);
            while let Some((_, _, text)) = texts.next_if(|(owner, _, _)| *owner == id) {
                for variant in variants(&text) {
                    let name = Name::new(&variant, person);
                    if !names[name_start[id as usize] as usize..]
                        .iter()
                        .any(|n: &Name| n.folded == name.folded)
                    {
                        names.push(name);
                    }
                }
            }
        }
        name_start.push(names.len() as u32);

        let mut edges: Vec<(Id, Relation, Id)> = raw
            .edges
            .iter()
            .map(|&(from, relation, to)| {
                (component[from as usize], relation, component[to as usize])
            })
            .filter(|(from, _, to)| from != to)
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let mut edge_start = Vec::with_capacity(entities + 1);
        let mut position = 0;
        for id in 0..entities as Id {
            edge_start.push(position as u32);
            while position < edges.len() && edges[position].0 == id {
                position += 1;
            }
        }
        edge_start.push(edges.len() as u32);

        let mut facts: HashMap<Id, Vec<(Fact, String)>> = HashMap::new();
        for (node, fact, text) in raw.facts {
            let list = facts.entry(component[node as usize]).or_default();
            if !list.iter().any(|(f, t)| *f == fact && *t == text) {
                list.push((fact, text));
            }
        }

        let mut entities = Self {
            nodes: raw.nodes,
            component,
            iris,
            kinds,
            name_start,
            names,
            edge_start,
            edges: edges.into_iter().map(|(_, r, to)| (r, to)).collect(),
            facts,
            named_countries: HashMap::new(),
        };
        entities.strip_country_names();
        entities
    }

    /// Takes the names of states out of the words of organizations' and
    /// events' names ("Ministry of Justice of Kazakhstan" is a ministry of
    /// justice, in Kazakhstan), keeping the states as evidence.
    fn strip_country_names(&mut self) {
        let mut index: HashMap<Vec<String>, Vec<Id>> = HashMap::new();
        for id in 0..self.kinds.len() as Id {
            if self.kinds[id as usize].is_country() {
                for name in self.names(id) {
                    let words: Vec<String> =
                        name.words.iter().map(|w| w.skeleton.clone()).collect();
                    if !words.is_empty() && words.len() <= 3 {
                        let ids = index.entry(words).or_default();
                        if !ids.contains(&id) {
                            ids.push(id);
                        }
                    }
                }
            }
        }
        if index.is_empty() {
            return;
        }
        for id in 0..self.kinds.len() as Id {
            let kinds = self.kinds[id as usize];
            let stripped = (kinds.has(Kind::Organization) || kinds.has(Kind::Event))
                && !kinds.has(Kind::Place)
                && !kinds.has(Kind::Person);
            if !stripped {
                continue;
            }
            let range =
                self.name_start[id as usize] as usize..self.name_start[id as usize + 1] as usize;
            let mut found = Vec::new();
            for name in &mut self.names[range] {
                found.extend(name.strip(|words| index.get(words).cloned()));
            }
            found.sort_unstable();
            found.dedup();
            found.retain(|country| *country != id);
            if !found.is_empty() {
                self.named_countries.insert(id, found);
            }
        }
    }

    /// How many entities there are.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// The entities that can be suggested: those with an IRI, a kind and
    /// a name.
    pub fn candidates(&self) -> Vec<Id> {
        (0..self.len() as Id)
            .filter(|&id| {
                self.iris[id as usize].is_some()
                    && !self.kinds[id as usize].is_empty()
                    && !self.names(id).is_empty()
            })
            .collect()
    }

    /// The entity `iri` belongs to, if the store's default graph (or a
    /// link) mentions it.
    pub fn id(&self, iri: NamedNodeRef<'_>) -> Option<Id> {
        let node = NamedOrBlankNode::from(iri.into_owned());
        self.nodes
            .get(&node)
            .map(|&index| self.component[index as usize])
    }

    /// The IRI the entity is shown and linked by.
    pub fn iri(&self, id: Id) -> Option<&str> {
        self.iris[id as usize].as_ref().map(NamedNode::as_str)
    }

    /// The entity's kinds.
    pub fn kinds(&self, id: Id) -> Kinds {
        self.kinds[id as usize]
    }

    /// The entity's names, preferred first.
    pub fn names(&self, id: Id) -> &[Name] {
        &self.names
            [self.name_start[id as usize] as usize..self.name_start[id as usize + 1] as usize]
    }

    /// What people call it: its first name, else its IRI.
    pub fn label(&self, id: Id) -> String {
        match (self.names(id).first(), self.iri(id)) {
            (Some(name), _) => name.text.clone(),
            (None, Some(iri)) => format!("<{iri}>"),
            (None, None) => "a blank node".to_owned(),
        }
    }

    /// The entities `id` relates to by `relation`.
    pub fn related(&self, id: Id, relation: Relation) -> impl Iterator<Item = Id> + '_ {
        self.edges[self.edge_start[id as usize] as usize..self.edge_start[id as usize + 1] as usize]
            .iter()
            .filter(move |(r, _)| *r == relation)
            .map(|(_, to)| *to)
    }

    /// The entity's facts of one kind.
    pub fn facts(&self, id: Id, fact: Fact) -> impl Iterator<Item = &str> + '_ {
        self.facts
            .get(&id)
            .into_iter()
            .flatten()
            .filter(move |(f, _)| *f == fact)
            .map(|(_, text)| text.as_str())
    }

    /// The states named in the entity's names.
    pub fn named_countries(&self, id: Id) -> &[Id] {
        self.named_countries
            .get(&id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// The names a written name stands for: "European Union Agency for Law
/// Enforcement Training (CEPOL)" is both "European Union Agency for Law
/// Enforcement Training" and "CEPOL"; other names stand for themselves.
fn variants(text: &str) -> Vec<String> {
    if let Some((before, rest)) = text.split_once('(')
        && let Some((inside, after)) = rest.split_once(')')
        && crate::acronym::acronym(inside).is_some()
    {
        let outside = format!("{} {}", before.trim(), after.trim());
        let outside = outside.trim();
        if !outside.is_empty() {
            return vec![outside.to_owned(), inside.trim().to_owned()];
        }
    }
    vec![text.to_owned()]
}

/// Participations (`ag:Participation`) and quotations give each
/// participant (or speaker) its event, and their origins as places.
fn read_participations(store: &Store, raw: &mut Raw) -> Result<(), LinkError> {
    let mut events: HashMap<u32, Vec<u32>> = HashMap::new();
    triples(store, ag::EVENT, |subject, object| {
        let subject = raw.node(subject);
        if let Some(event) = raw.object(object) {
            events.entry(subject).or_default().push(event);
        }
    })?;
    let mut taking_part: Vec<(u32, u32)> = Vec::new();
    let mut origins: Vec<(u32, u32)> = Vec::new();
    for property in [ag::PARTICIPANT, schema::CREATOR] {
        triples(store, property, |subject, object| {
            let subject = raw.node(subject);
            if events.contains_key(&subject)
                && let Some(actor) = raw.object(object)
            {
                taking_part.push((subject, actor));
            }
        })?;
    }
    triples(store, ag::ORIGIN, |subject, object| {
        let subject = raw.node(subject);
        if let Some(place) = raw.object(object) {
            origins.push((subject, place));
        }
    })?;
    for &(participation, actor) in &taking_part {
        for &event in events.get(&participation).into_iter().flatten() {
            raw.edges.push((actor, Relation::Activity, event));
            raw.edges.push((event, Relation::Actor, actor));
        }
        for &(with_origin, place) in &origins {
            if with_origin == participation {
                raw.edges.push((actor, Relation::Place, place));
            }
        }
    }
    Ok(())
}

/// Memberships (`org:Membership`, with or without a role) affiliate their
/// member with their organization.
fn read_memberships(store: &Store, raw: &mut Raw) -> Result<(), LinkError> {
    let mut organizations: HashMap<u32, Vec<u32>> = HashMap::new();
    triples(store, org::ORGANIZATION_PROPERTY, |subject, object| {
        let subject = raw.node(subject);
        if let Some(organization) = raw.object(object) {
            organizations.entry(subject).or_default().push(organization);
        }
    })?;
    let mut members: Vec<(u32, u32)> = Vec::new();
    triples(store, org::MEMBER, |subject, object| {
        let subject = raw.node(subject);
        if let Some(member) = raw.object(object) {
            members.push((subject, member));
        }
    })?;
    for (membership, member) in members {
        for &organization in organizations.get(&membership).into_iter().flatten() {
            raw.edges
                .push((member, Relation::Affiliation, organization));
            raw.edges.push((organization, Relation::Member, member));
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;

    pub(crate) fn store(turtle: &str) -> Store {
        let store = Store::new().unwrap();
        let prefixes = "@prefix schema: <http://schema.org/> . @prefix org: <http://www.w3.org/ns/org#> . @prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix ag: <https://w3id.org/actorgraph/ns#> . @prefix ex: <https://example.org/> .\n";
        store
            .load_from_reader(RdfFormat::Turtle, format!("{prefixes}{turtle}").as_bytes())
            .unwrap();
        store
    }

    fn id(entities: &Entities, local: &str) -> Id {
        entities
            .id(NamedNodeRef::new_unchecked(&format!(
                "https://example.org/{local}"
            )))
            .unwrap()
    }

    #[test]
    fn same_as_groups_are_one_entity_shown_by_its_best_named_member() {
        let entities = Entities::read(&store(
            "ex:a a schema:Place ; schema:name \"Astana\" , \"Nur-Sultan\" .
             ex:b a schema:City ; schema:name \"Astana\" ; owl:sameAs ex:a .
             ex:c owl:sameAs ex:b .",
        ))
        .unwrap();
        let a = id(&entities, "a");
        assert_eq!(id(&entities, "b"), a);
        assert_eq!(id(&entities, "c"), a);
        assert_eq!(entities.iri(a), Some("https://example.org/a"));
        assert_eq!(entities.names(a).len(), 2);
        assert_eq!(entities.candidates(), [a]);
    }

    #[test]
    fn surroundings_are_read_through_participations_and_memberships() {
        let entities = Entities::read(&store(
            "ex:p a schema:Person ; schema:name \"Natalya Drozd\" .
             ex:o a org:Organization ; schema:name \"OSCE Centre in Ashgabat\" ; org:unitOf ex:osce ; schema:location ex:city .
             ex:osce a org:Organization ; schema:name \"OSCE\" .
             ex:city a schema:City ; schema:name \"Ashgabat\" ; schema:containedInPlace ex:tm .
             ex:tm a schema:Country ; schema:name \"Turkmenistan\" .
             ex:m a org:Membership ; org:member ex:p ; org:organization ex:o .
             ex:e a schema:Event ; schema:name \"Workshop\" ; schema:startDate \"2019-03-12\" ; schema:organizer ex:o .
             ex:part a ag:Participation ; ag:event ex:e ; ag:participant ex:p ; ag:origin ex:tm .",
        ))
        .unwrap();
        let (p, o, e) = (id(&entities, "p"), id(&entities, "o"), id(&entities, "e"));
        assert_eq!(
            entities
                .related(p, Relation::Affiliation)
                .collect::<Vec<_>>(),
            [o]
        );
        assert_eq!(
            entities.related(p, Relation::Activity).collect::<Vec<_>>(),
            [e]
        );
        assert_eq!(
            entities.related(p, Relation::Place).collect::<Vec<_>>(),
            [id(&entities, "tm")]
        );
        assert_eq!(
            entities.related(o, Relation::Parent).collect::<Vec<_>>(),
            [id(&entities, "osce")]
        );
        assert_eq!(
            entities
                .related(id(&entities, "osce"), Relation::Unit)
                .collect::<Vec<_>>(),
            [o]
        );
        assert!(entities.related(e, Relation::Actor).any(|x| x == o));
        assert_eq!(
            entities.facts(e, Fact::Date).collect::<Vec<_>>(),
            ["2019-03-12"]
        );
        assert_eq!(
            entities
                .related(id(&entities, "tm"), Relation::Inside)
                .collect::<Vec<_>>(),
            [id(&entities, "city")]
        );
    }

    #[test]
    fn state_names_in_names_become_evidence() {
        let entities = Entities::read(&store(
            "ex:kz a schema:Country ; schema:name \"Kazakhstan\" .
             ex:moj a org:Organization ; schema:name \"Ministry of Justice of the Republic of Kazakhstan\" .",
        ))
        .unwrap();
        let moj = id(&entities, "moj");
        assert_eq!(entities.named_countries(moj), [id(&entities, "kz")]);
        assert_eq!(entities.names(moj)[0].words.len(), 2);
    }

    #[test]
    fn a_parenthesized_acronym_is_a_name_of_its_own() {
        assert_eq!(
            variants("European Union Agency for Law Enforcement Training (CEPOL)"),
            [
                "European Union Agency for Law Enforcement Training",
                "CEPOL"
            ]
        );
        assert_eq!(
            variants("Cybil Portal (project page)"),
            ["Cybil Portal (project page)"]
        );
    }
}
