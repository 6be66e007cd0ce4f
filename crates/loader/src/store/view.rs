//! The view: how the sources' triples appear in the merged graph. Each
//! stated triple appears as itself, plus what the alignments derive from it
//! (`foaf:name` read as `schema:name`, a `swc:TalkEvent` as a
//! `schema:Event`), with every entity named by the representative of those
//! `owl:sameAs` makes one. Each rule reads one triple, so a triple's
//! appearance depends on that triple and the view alone: loading and
//! unloading stay per triple, and a source's graph keeps exactly its file.
//!
//! The view's inputs are the built-in alignments (`data/alignments.ttl`),
//! the alignment axioms the sources state (about terms that are not the
//! model's own) and the sources' `owl:sameAs` links. The view the merged
//! graph was made with is kept in the metadata graph (its axioms as they
//! are, and who represents whom); after a command
//! changes the sources, [`refresh`] compares it with the view the sources
//! now give, and brings the merged graph over from one to the other by
//! touching only the triples whose appearance changes. Until it has, the
//! stored view says what the merged graph holds, so a killed process leaves
//! work the next open finishes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use oxigraph::model::{
    Dataset, GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, QuadRef, Term, TermRef, Triple,
};
use oxigraph::store::{StorageError, Store};

use actorgraph_model::vocab::{ag, org, owl, prov, rdf, rdfs, schema, sh, skos, xsd};
use actorgraph_model::{ALIGNMENT_AXIOMS, ALIGNMENTS, Format, ONTOLOGY};

use crate::error::LoadError;
use crate::read::read_graph_text;
use crate::store::GraphStore;
use crate::store::bulk::bulk_loader;
use crate::store::metadata::{METADATA_GRAPH, SourceRecord};
use crate::store::stats::Inference;

use actorgraph_model::vocab::layout::REPRESENTED_BY;

/// `SETTINGS INFERENCE false`, in the metadata graph: the store applies no
/// alignment and merges nothing (its merged graph is the plain union).
const SETTINGS: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("urn:actorgraph:settings");
/// See [`SETTINGS`].
const INFERENCE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("urn:actorgraph:settings:inference");

/// How many quads one transaction removes from the merged graph.
const CHUNK: usize = 10_000;

/// The inputs of a view: alignment axioms and who represents whom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Inputs {
    /// Axioms `(term, predicate, term)`, all of `ALIGNMENT_AXIOMS`' predicates.
    axioms: BTreeSet<(NamedNode, NamedNode, NamedNode)>,
    /// Each merged entity that is not its group's representative, with it.
    representatives: BTreeMap<NamedNode, NamedNode>,
}

/// How the sources' triples appear in the merged graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct View {
    inputs: Inputs,
    /// Each class (by IRI) with the classes it entails, at any depth.
    classes: HashMap<String, Vec<NamedNode>>,
    /// Each property (by IRI) with the properties it entails (`true`:
    /// backwards).
    properties: HashMap<String, Vec<(NamedNode, bool)>>,
    /// Each merged-away IRI with its representative: looked up by text, so
    /// that reading a triple the view leaves alone allocates nothing.
    represented: HashMap<String, NamedNode>,
    /// Each entailed class with the classes entailing it.
    entailing_classes: HashMap<NamedNode, Vec<NamedNode>>,
    /// Each entailed property with the properties entailing it.
    entailing_properties: HashMap<NamedNode, Vec<(NamedNode, bool)>>,
    /// Each representative with every member of its group, itself included.
    members: HashMap<NamedNode, Vec<NamedNode>>,
}

impl View {
    fn new(inputs: Inputs) -> Self {
        let mut class_edges: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
        let mut property_edges: HashMap<NamedNode, Vec<(NamedNode, bool)>> = HashMap::new();
        for (from, predicate, to) in &inputs.axioms {
            if from == to {
                continue;
            }
            let predicate = predicate.as_ref();
            if predicate == rdfs::SUB_CLASS_OF || predicate == owl::EQUIVALENT_CLASS {
                class_edges
                    .entry(from.clone())
                    .or_default()
                    .push(to.clone());
            } else {
                let backwards = predicate == owl::INVERSE_OF;
                property_edges
                    .entry(from.clone())
                    .or_default()
                    .push((to.clone(), backwards));
            }
        }
        let mut view = Self {
            inputs,
            ..Self::default()
        };
        for class in class_edges.keys() {
            let entailed = closure(class, &class_edges, |c| (c.clone(), false));
            for (to, _) in &entailed {
                view.entailing_classes
                    .entry(to.clone())
                    .or_default()
                    .push(class.clone());
            }
            view.classes.insert(
                class.as_str().to_owned(),
                entailed.into_iter().map(|(c, _)| c).collect(),
            );
        }
        for property in property_edges.keys() {
            let entailed = closure(property, &property_edges, Clone::clone);
            for (to, backwards) in &entailed {
                view.entailing_properties
                    .entry(to.clone())
                    .or_default()
                    .push((property.clone(), *backwards));
            }
            view.properties
                .insert(property.as_str().to_owned(), entailed);
        }
        for (member, representative) in &view.inputs.representatives {
            view.represented
                .insert(member.as_str().to_owned(), representative.clone());
            view.members
                .entry(representative.clone())
                .or_insert_with(|| vec![representative.clone()])
                .push(member.clone());
        }
        view
    }

    /// The view the merged graph was made with, as the store keeps it (no
    /// alignment and no merging in a store from before views).
    pub(crate) fn stored(store: &Store) -> Result<Self, StorageError> {
        let mut inputs = Inputs::default();
        let metadata = Some(GraphNameRef::from(METADATA_GRAPH));
        for predicate in ALIGNMENT_AXIOMS {
            for quad in store.quads_for_pattern(None, Some(predicate), None, metadata) {
                let quad = quad?;
                if let Some(axiom) = axiom(
                    quad.subject.as_ref(),
                    quad.predicate.as_ref(),
                    quad.object.as_ref(),
                ) {
                    inputs.axioms.insert(axiom);
                }
            }
        }
        for quad in store.quads_for_pattern(None, Some(REPRESENTED_BY), None, metadata) {
            let quad = quad?;
            if let (NamedOrBlankNode::NamedNode(member), Term::NamedNode(representative)) =
                (quad.subject, quad.object)
            {
                inputs.representatives.insert(member, representative);
            }
        }
        Ok(Self::new(inputs))
    }

    /// The view the sources now give: the built-in alignments, the axioms
    /// the sources state about terms that are not the model's, and the
    /// groups their `owl:sameAs` links make.
    pub(crate) fn current(store: &Store) -> Result<Self, LoadError> {
        if !inference(store)? {
            return Ok(Self::default());
        }
        let (builtin, model_terms) = builtin()?;
        let mut inputs = Inputs {
            axioms: builtin.clone(),
            ..Inputs::default()
        };
        let live = live_graphs(store)?;
        for predicate in ALIGNMENT_AXIOMS {
            for quad in stated(store, &live, None, Some(predicate), None) {
                let quad = quad?;
                if let Some(axiom) = axiom(
                    quad.subject.as_ref(),
                    quad.predicate.as_ref(),
                    quad.object.as_ref(),
                ) && !is_model_term(&axiom.0, model_terms)
                {
                    inputs.axioms.insert(axiom);
                }
            }
        }
        let links =
            stated(store, &live, None, Some(owl::SAME_AS), None).filter_map(|quad| match quad {
                Ok(quad) => link(quad.subject.as_ref(), quad.object.as_ref()).map(Ok),
                Err(e) => Some(Err(e)),
            });
        inputs.representatives = representatives(links, |member| {
            let typed = stated(
                store,
                &live,
                Some(member.as_ref().into()),
                Some(rdf::TYPE),
                None,
            )
            .next()
            .transpose()?;
            Ok::<_, StorageError>(typed.is_some())
        })?;
        Ok(Self::new(inputs))
    }

    /// The view files read without a store show (`validate FILE`): the
    /// built-in alignments, the files' own axioms about terms that are not
    /// the model's, and the groups their `owl:sameAs` links make.
    pub(crate) fn of_dataset(dataset: &Dataset) -> Result<Self, LoadError> {
        let (builtin, model_terms) = builtin()?;
        let mut inputs = Inputs {
            axioms: builtin.clone(),
            ..Inputs::default()
        };
        for quad in dataset.iter() {
            if let Some(axiom) = axiom(quad.subject, quad.predicate, quad.object)
                && !is_model_term(&axiom.0, model_terms)
            {
                inputs.axioms.insert(axiom);
            }
        }
        let links = dataset
            .quads_for_predicate(owl::SAME_AS)
            .filter_map(|quad| link(quad.subject, quad.object).map(Ok::<_, LoadError>));
        inputs.representatives = representatives(links, |member| {
            Ok(dataset
                .quads_for_subject(member.as_ref())
                .any(|quad| quad.predicate == rdf::TYPE))
        })?;
        Ok(Self::new(inputs))
    }

    /// Whether the merged graph made with `self` differs from one made with
    /// `other` for some triple.
    fn differs_from(&self, other: &Self) -> bool {
        self.inputs != other.inputs
    }

    /// The representative of `term` (itself when it is merged with nothing).
    fn named<'a>(&'a self, term: TermRef<'a>) -> TermRef<'a> {
        match term {
            TermRef::NamedNode(n) => self
                .represented
                .get(n.as_str())
                .map_or(term, |r| r.as_ref().into()),
            _ => term,
        }
    }

    /// Whether the view shows `quad` as anything but itself.
    fn changes(&self, quad: QuadRef<'_>) -> bool {
        let renamed = |term: TermRef<'_>| matches!(term, TermRef::NamedNode(n) if self.represented.contains_key(n.as_str()));
        self.properties.contains_key(quad.predicate.as_str())
            || (quad.predicate == rdf::TYPE
                && matches!(quad.object, TermRef::NamedNode(c) if self.classes.contains_key(c.as_str())))
            || (!self.represented.is_empty()
                && quad.predicate != owl::SAME_AS
                && (renamed(quad.subject.into())
                    || (quad.predicate != rdf::TYPE && renamed(quad.object))))
    }

    /// The triples `quad` puts in the merged graph, each once.
    pub(crate) fn project(&self, quad: QuadRef<'_>) -> Shown {
        if !self.changes(quad) {
            return Shown::One(Some(in_merged(quad)));
        }
        let in_merged = |s: TermRef<'_>, p: NamedNodeRef<'_>, o: TermRef<'_>| {
            let subject = match s {
                TermRef::NamedNode(n) => NamedOrBlankNode::from(n.into_owned()),
                TermRef::BlankNode(b) => b.into_owned().into(),
                _ => return None,
            };
            Some(Quad::new(
                subject,
                p.into_owned(),
                o.into_owned(),
                GraphName::DefaultGraph,
            ))
        };
        let (s, p, o) = (quad.subject.into(), quad.predicate, quad.object);
        let subject = self.named(s);
        // Classes are never merged: only entities are.
        let object = if p == rdf::TYPE { o } else { self.named(o) };
        let mut triples: Vec<Quad> = in_merged(subject, p, object).into_iter().collect();
        if p == rdf::TYPE
            && let TermRef::NamedNode(class) = o
            && let Some(classes) = self.classes.get(class.as_str())
        {
            triples.extend(
                classes
                    .iter()
                    .filter_map(|c| in_merged(subject, rdf::TYPE, c.as_ref().into())),
            );
        }
        if let Some(properties) = self.properties.get(p.as_str()) {
            for (property, backwards) in properties {
                let triple = if *backwards {
                    in_merged(object, property.as_ref(), subject)
                } else {
                    in_merged(subject, property.as_ref(), object)
                };
                triples.extend(triple);
            }
        }
        Shown::Many(triples.into_iter())
    }

    /// The stated triples whose appearance includes `triple` (a triple of
    /// the merged graph), as patterns to look up in the sources' graphs.
    pub(crate) fn sources_of(&self, triple: &Triple) -> Vec<Triple> {
        // A merged-away IRI shows in no triple but its links.
        let group = |term: &Term| -> Vec<Term> {
            match term {
                Term::NamedNode(n) if self.inputs.representatives.contains_key(n) => Vec::new(),
                Term::NamedNode(n) => self.members.get(n).map_or_else(
                    || vec![term.clone()],
                    |m| m.iter().cloned().map(Term::from).collect(),
                ),
                _ => vec![term.clone()],
            }
        };
        let (p, o) = (&triple.predicate, &triple.object);
        // Most triples are shown by themselves alone: no alignment leads to
        // their predicate or class, and no group holds their entities.
        let alone = |term: &Term| match term {
            Term::NamedNode(n) => {
                !self.represented.contains_key(n.as_str()) && !self.members.contains_key(n)
            }
            _ => true,
        };
        let typed = p.as_ref() == rdf::TYPE;
        let derivable = self.entailing_properties.contains_key(p)
            || (typed && matches!(o, Term::NamedNode(c) if self.entailing_classes.contains_key(c)));
        if p.as_ref() == owl::SAME_AS
            || (!derivable && alone(&triple.subject.clone().into()) && (typed || alone(o)))
        {
            return vec![triple.clone()];
        }
        let subjects = group(&triple.subject.clone().into());
        let objects = if typed { vec![o.clone()] } else { group(o) };
        let mut patterns = Vec::new();
        let mut add = |s: &Term, p: &NamedNode, o: &Term| {
            let subject = match s {
                Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
                Term::BlankNode(b) => b.clone().into(),
                _ => return,
            };
            patterns.push(Triple::new(subject, p.clone(), o.clone()));
        };
        for s in &subjects {
            for o in &objects {
                add(s, p, o);
            }
        }
        for (property, backwards) in self.entailing_properties.get(p).into_iter().flatten() {
            for s in &subjects {
                for o in &objects {
                    if *backwards {
                        add(o, property, s);
                    } else {
                        add(s, property, o);
                    }
                }
            }
        }
        if p.as_ref() == rdf::TYPE
            && let Term::NamedNode(class) = o
        {
            for entailing in self.entailing_classes.get(class).into_iter().flatten() {
                for s in &subjects {
                    add(s, p, &entailing.clone().into());
                }
            }
        }
        patterns
    }

    /// This view's quads in the metadata graph.
    fn quads(&self) -> Vec<Quad> {
        let graph = GraphName::from(METADATA_GRAPH.into_owned());
        let axioms = self
            .inputs
            .axioms
            .iter()
            .map(|(s, p, o)| Quad::new(s.clone(), p.clone(), o.clone(), graph.clone()));
        let merged = self
            .inputs
            .representatives
            .iter()
            .map(|(member, representative)| {
                Quad::new(
                    member.clone(),
                    REPRESENTED_BY.into_owned(),
                    representative.clone(),
                    graph.clone(),
                )
            });
        axioms.chain(merged).collect()
    }
}

/// The triples one stated triple shows in the merged graph: most often
/// itself alone, without allocating.
pub(crate) enum Shown {
    /// The triple itself.
    One(Option<Quad>),
    /// Several, or one other.
    Many(std::vec::IntoIter<Quad>),
}

impl Iterator for Shown {
    type Item = Quad;

    fn next(&mut self) -> Option<Quad> {
        match self {
            Self::One(quad) => quad.take(),
            Self::Many(quads) => quads.next(),
        }
    }
}

/// The triple of `quad` in the merged graph.
fn in_merged(quad: QuadRef<'_>) -> Quad {
    Quad::new(
        quad.subject.into_owned(),
        quad.predicate.into_owned(),
        quad.object.into_owned(),
        GraphName::DefaultGraph,
    )
}

/// The built-in alignments' axioms, and the terms the built-in ontology
/// describes; read once per process.
#[allow(clippy::type_complexity)]
fn builtin() -> Result<
    &'static (
        BTreeSet<(NamedNode, NamedNode, NamedNode)>,
        HashSet<NamedNode>,
    ),
    LoadError,
> {
    static BUILTIN: OnceLock<(
        BTreeSet<(NamedNode, NamedNode, NamedNode)>,
        HashSet<NamedNode>,
    )> = OnceLock::new();
    if let Some(builtin) = BUILTIN.get() {
        return Ok(builtin);
    }
    let alignments = read_graph_text(
        ALIGNMENTS,
        Format::Turtle,
        Path::new("data/alignments.ttl (built in)"),
    )?;
    let axioms = alignments
        .iter()
        .filter_map(|t| axiom(t.subject, t.predicate, t.object))
        .collect();
    let ontology = read_graph_text(
        ONTOLOGY,
        Format::Turtle,
        Path::new("data/ontology.ttl (built in)"),
    )?;
    let model_terms = ontology
        .iter()
        .filter_map(|t| match t.subject {
            NamedOrBlankNodeRef::NamedNode(n) => Some(n.into_owned()),
            NamedOrBlankNodeRef::BlankNode(_) => None,
        })
        .collect();
    Ok(BUILTIN.get_or_init(|| (axioms, model_terms)))
}

/// The namespaces whose terms the model reads as its own.
const MODEL_NAMESPACES: [&str; 10] = [
    ag::NS,
    schema::NS,
    org::NS,
    skos::NS,
    prov::NS,
    owl::NS,
    sh::NS,
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2001/XMLSchema#",
];

/// Whether `term` is the model's own (in one of its namespaces, or
/// described by its ontology): no source's axiom may make it mean more.
fn is_model_term(term: &NamedNode, described: &HashSet<NamedNode>) -> bool {
    MODEL_NAMESPACES
        .iter()
        .any(|ns| term.as_str().starts_with(ns))
        || described.contains(term)
}

/// `from` and what `edges` reach from it, `from` excluded, each once; a
/// backwards step turns the direction of all that follows it.
fn closure<T: Clone>(
    from: &NamedNode,
    edges: &HashMap<NamedNode, Vec<T>>,
    step: impl Fn(&T) -> (NamedNode, bool),
) -> Vec<(NamedNode, bool)> {
    let mut seen: HashSet<(NamedNode, bool)> = HashSet::from([(from.clone(), false)]);
    let mut found = Vec::new();
    let mut next = vec![(from.clone(), false)];
    while let Some((term, backwards)) = next.pop() {
        for edge in edges.get(&term).into_iter().flatten() {
            let (to, turn) = step(edge);
            let reached = (to, backwards != turn);
            if seen.insert(reached.clone()) {
                found.push(reached.clone());
                next.push(reached);
            }
        }
    }
    found.sort();
    found
}

/// An alignment axiom between two IRIs, if the triple is one.
fn axiom(
    subject: NamedOrBlankNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    object: TermRef<'_>,
) -> Option<(NamedNode, NamedNode, NamedNode)> {
    match (subject, object) {
        (NamedOrBlankNodeRef::NamedNode(s), TermRef::NamedNode(o))
            if ALIGNMENT_AXIOMS.contains(&predicate) =>
        {
            Some((s.into_owned(), predicate.into_owned(), o.into_owned()))
        }
        _ => None,
    }
}

/// An `owl:sameAs` link between two IRIs, if the triple is one.
fn link(subject: NamedOrBlankNodeRef<'_>, object: TermRef<'_>) -> Option<(NamedNode, NamedNode)> {
    match (subject, object) {
        (NamedOrBlankNodeRef::NamedNode(a), TermRef::NamedNode(b)) => {
            Some((a.into_owned(), b.into_owned()))
        }
        _ => None,
    }
}

/// The graphs the sources' records list.
fn live_graphs(store: &Store) -> Result<HashSet<NamedOrBlankNode>, StorageError> {
    Ok(SourceRecord::read_all(store)?
        .into_iter()
        .flat_map(|r| r.graphs)
        .collect())
}

/// The quads matching a pattern in the sources' graphs.
fn stated<'a>(
    store: &'a Store,
    live: &'a HashSet<NamedOrBlankNode>,
    subject: Option<NamedOrBlankNodeRef<'a>>,
    predicate: Option<NamedNodeRef<'a>>,
    object: Option<TermRef<'a>>,
) -> impl Iterator<Item = Result<Quad, StorageError>> + 'a {
    store
        .quads_for_pattern(subject, predicate, object, None)
        .filter(move |quad| match quad {
            Ok(quad) => match &quad.graph_name {
                GraphName::NamedNode(n) => live.contains(&n.clone().into()),
                GraphName::BlankNode(b) => live.contains(&b.clone().into()),
                GraphName::DefaultGraph => false,
            },
            Err(_) => true,
        })
}

/// The groups `links` (`owl:sameAs` between IRIs) make: each member that
/// does not represent its group, with the one that does. The representative
/// is the first IRI, in code point order, of the members `is_typed` says a
/// source gives a type; of all members when none has one.
fn representatives<E>(
    links: impl Iterator<Item = Result<(NamedNode, NamedNode), E>>,
    mut is_typed: impl FnMut(&NamedNode) -> Result<bool, E>,
) -> Result<BTreeMap<NamedNode, NamedNode>, E> {
    // Union-find, each lookup making the path it walked point at the root.
    let mut parent: HashMap<NamedNode, NamedNode> = HashMap::new();
    fn root(parent: &mut HashMap<NamedNode, NamedNode>, node: &NamedNode) -> NamedNode {
        let mut top = node.clone();
        while let Some(up) = parent.get(&top).filter(|up| **up != top) {
            top = up.clone();
        }
        let mut node = node.clone();
        while let Some(up) = parent.insert(node.clone(), top.clone()) {
            if up == node || up == top {
                break;
            }
            node = up;
        }
        top
    }
    for link in links {
        let (a, b) = link?;
        let (ra, rb) = (root(&mut parent, &a), root(&mut parent, &b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let mut groups: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
    let members: Vec<NamedNode> = parent.keys().cloned().collect();
    for member in members {
        let group = root(&mut parent, &member);
        groups.entry(group).or_default().push(member);
    }
    let mut representatives = BTreeMap::new();
    for mut members in groups.into_values() {
        members.sort();
        let mut typed = None;
        for member in &members {
            if is_typed(member)? {
                typed = Some(member.clone());
                break;
            }
        }
        let representative = typed.unwrap_or_else(|| members[0].clone());
        for member in members {
            if member != representative {
                representatives.insert(member, representative.clone());
            }
        }
    }
    Ok(representatives)
}

/// Brings the merged graph from the stored view to the one the sources now
/// give, and stores that view. Only the stated triples whose
/// appearance differs are read: those with a predicate or class whose
/// entailments changed, or about an entity whose representative did.
/// Removals go in small transactions, additions in bulk commits, the new
/// view last: a killed refresh is done again, whole, by the next.
pub(crate) fn refresh(store: &Store) -> Result<(), LoadError> {
    let old = View::stored(store)?;
    let new = View::current(store)?;
    if !new.differs_from(&old) {
        return Ok(());
    }
    let live = live_graphs(store)?;
    let mut moving = Moving {
        store,
        live: &live,
        old: &old,
        new: &new,
        added: Vec::new(),
        leaving: Vec::new(),
    };
    for property in changed(&old.properties, &new.properties) {
        moving.move_all(stated(store, &live, None, Some(property.as_ref()), None))?;
    }
    for class in changed(&old.classes, &new.classes) {
        let class = TermRef::from(class.as_ref());
        moving.move_all(stated(store, &live, None, Some(rdf::TYPE), Some(class)))?;
    }
    for entity in changed(&old.represented, &new.represented) {
        let subject = Some(entity.as_ref().into());
        moving.move_all(stated(store, &live, subject, None, None))?;
        let object = Some(entity.as_ref().into());
        moving.move_all(stated(store, &live, None, None, object))?;
    }
    moving.finish()?;
    let mut transaction = store.start_transaction()?;
    for quad in old.quads() {
        transaction.remove(&quad);
    }
    transaction.extend(&new.quads());
    transaction.commit()?;
    Ok(())
}

/// A refresh under way: the merged graph moving from one view to another.
/// Additions and removals are written in turns, never together: in memory,
/// Oxigraph's bulk loader holds the one write transaction.
struct Moving<'a> {
    store: &'a Store,
    live: &'a HashSet<NamedOrBlankNode>,
    old: &'a View,
    new: &'a View,
    added: Vec<Quad>,
    leaving: Vec<Quad>,
}

impl Moving<'_> {
    /// Moves the appearance of each of `quads` (stated triples) from the
    /// old view to the new: what it shows now is added (in bulk), what it
    /// showed before and no stated triple shows now is removed (in small
    /// transactions).
    fn move_all(
        &mut self,
        quads: impl Iterator<Item = Result<Quad, StorageError>>,
    ) -> Result<(), StorageError> {
        for quad in quads {
            let quad = quad?;
            let now: Vec<Quad> = self.new.project(quad.as_ref()).collect();
            for before in self.old.project(quad.as_ref()) {
                if !now.contains(&before)
                    && !stated_anywhere(self.store, self.live, self.new, &before)?
                {
                    self.leaving.push(before);
                }
            }
            self.added.extend(now);
            if self.added.len() >= CHUNK * 10 {
                self.add()?;
            }
            if self.leaving.len() >= CHUNK {
                self.remove()?;
            }
        }
        Ok(())
    }

    fn add(&mut self) -> Result<(), StorageError> {
        if self.added.is_empty() {
            return Ok(());
        }
        let mut loader = bulk_loader(self.store);
        loader.load_quads(std::mem::take(&mut self.added))?;
        loader.commit()
    }

    fn remove(&mut self) -> Result<(), StorageError> {
        if self.leaving.is_empty() {
            return Ok(());
        }
        let mut transaction = self.store.start_transaction()?;
        for quad in self.leaving.drain(..) {
            transaction.remove(&quad);
        }
        transaction.commit()
    }

    /// Writes what is left to write.
    fn finish(mut self) -> Result<(), StorageError> {
        self.remove()?;
        self.add()
    }
}

/// Whether some stated triple in `live` (graphs) appears as `merged` in
/// `view`.
pub(crate) fn stated_anywhere(
    store: &Store,
    live: &HashSet<NamedOrBlankNode>,
    view: &View,
    merged: &Quad,
) -> Result<bool, StorageError> {
    let triple = Triple::new(
        merged.subject.clone(),
        merged.predicate.clone(),
        merged.object.clone(),
    );
    for pattern in view.sources_of(&triple) {
        if stated(
            store,
            live,
            Some(pattern.subject.as_ref()),
            Some(pattern.predicate.as_ref()),
            Some(pattern.object.as_ref()),
        )
        .next()
        .transpose()?
        .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The IRIs whose values differ between two maps (or that one lacks).
fn changed<V: PartialEq>(old: &HashMap<String, V>, new: &HashMap<String, V>) -> Vec<NamedNode> {
    let mut keys: Vec<&String> = old
        .keys()
        .chain(new.keys())
        .filter(|key| old.get(*key) != new.get(*key))
        .collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|key| NamedNode::new_unchecked(key.clone()))
        .collect()
}

impl GraphStore {
    /// The IRI that stands for `iri` in the merged graph: the
    /// representative of the entities `owl:sameAs` merged it with, or
    /// `iri` itself.
    pub fn representative(&self, iri: NamedNodeRef<'_>) -> Result<NamedNode, LoadError> {
        representative(self.oxigraph(), iri)
    }
}

/// The IRI that stands for `iri` in the merged graph of `store`, an
/// actorgraph store or a checkpoint of one: the representative of the
/// entities `owl:sameAs` merged it with, or `iri` itself.
pub fn representative(store: &Store, iri: NamedNodeRef<'_>) -> Result<NamedNode, LoadError> {
    let found = store
        .quads_for_pattern(
            Some(iri.into()),
            Some(REPRESENTED_BY),
            None,
            Some(METADATA_GRAPH.into()),
        )
        .next()
        .transpose()?;
    Ok(match found.map(|quad| quad.object) {
        Some(Term::NamedNode(representative)) => representative,
        _ => iri.into_owned(),
    })
}

/// Whether the store applies alignments and `owl:sameAs` (it does unless
/// told not to).
fn inference(store: &Store) -> Result<bool, StorageError> {
    Ok(!store.contains(inference_off())?)
}

/// The metadata quad saying the store does no inference.
fn inference_off() -> QuadRef<'static> {
    QuadRef::new(
        SETTINGS,
        INFERENCE,
        oxigraph::model::LiteralRef::new_typed_literal("false", xsd::BOOLEAN),
        METADATA_GRAPH,
    )
}

impl GraphStore {
    /// Whether the store applies alignments and merges the entities
    /// `owl:sameAs` links (the default), or keeps its merged graph the
    /// plain union of the sources, as SPARQL's simple entailment has it.
    pub fn inference(&self) -> Result<bool, LoadError> {
        Ok(inference(self.oxigraph())?)
    }

    /// Whether inference is on, and what the view in effect holds.
    pub fn inference_summary(&self) -> Result<Inference, LoadError> {
        let view = View::stored(self.oxigraph())?;
        Ok(Inference {
            on: self.inference()?,
            axioms: view.inputs.axioms.len() as u64,
            merged: view.inputs.representatives.len() as u64,
        })
    }

    /// Turns inference on or off for good, and brings the merged graph in
    /// line with it.
    pub fn set_inference(&self, on: bool) -> Result<(), LoadError> {
        let store = self.oxigraph();
        if on {
            store.remove(inference_off())?;
        } else {
            store.insert(inference_off())?;
        }
        refresh(store)
    }
}

/// Whether the merged graph was made with another view than the sources
/// now give (a command was killed before it refreshed it, or this version
/// has other built-in alignments).
pub(crate) fn is_stale(store: &Store) -> Result<bool, LoadError> {
    Ok(View::current(store)?.differs_from(&View::stored(store)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://example.org/{s}"))
    }

    fn view(axioms: &[(&str, NamedNodeRef<'_>, &str)], merged: &[(&str, &str)]) -> View {
        View::new(Inputs {
            axioms: axioms
                .iter()
                .map(|(s, p, o)| (iri(s), p.into_owned(), iri(o)))
                .collect(),
            representatives: merged.iter().map(|(m, r)| (iri(m), iri(r))).collect(),
        })
    }

    fn quad(s: &str, p: &str, o: Term) -> Quad {
        Quad::new(iri(s), iri(p), o, iri("graph"))
    }

    fn shown(view: &View, quad: &Quad) -> Vec<String> {
        let mut shown: Vec<String> = view
            .project(quad.as_ref())
            .map(|q| format!("{} {} {}", q.subject, q.predicate, q.object))
            .collect();
        shown.sort();
        shown
    }

    #[test]
    fn a_property_is_read_through_its_alignments_at_any_depth_and_backwards() {
        let view = view(
            &[
                ("fullName", rdfs::SUB_PROPERTY_OF, "label"),
                ("label", owl::EQUIVALENT_PROPERTY, "name"),
                ("hasEvent", owl::INVERSE_OF, "eventOf"),
            ],
            &[],
        );
        let name = quad("ann", "fullName", Literal::from("Ann").into());
        assert_eq!(
            shown(&view, &name),
            [
                "<https://example.org/ann> <https://example.org/fullName> \"Ann\"",
                "<https://example.org/ann> <https://example.org/label> \"Ann\"",
                "<https://example.org/ann> <https://example.org/name> \"Ann\"",
            ]
        );
        let event = quad("talk", "hasEvent", iri("session").into());
        assert!(
            shown(&view, &event).contains(
                &"<https://example.org/session> <https://example.org/eventOf> <https://example.org/talk>"
                    .to_owned()
            )
        );
        // A literal never becomes a subject.
        let odd = quad("talk", "hasEvent", Literal::from("x").into());
        assert_eq!(shown(&view, &odd).len(), 1);
    }

    #[test]
    fn merged_entities_are_named_by_their_representative_but_classes_never() {
        let view = view(
            &[("Talk", rdfs::SUB_CLASS_OF, "Event")],
            &[("talk-b", "talk-a"), ("Talk", "Lecture")],
        );
        let typed = Quad::new(iri("talk-b"), rdf::TYPE, iri("Talk"), iri("graph"));
        assert_eq!(
            shown(&view, &typed),
            [
                "<https://example.org/talk-a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/Event>",
                "<https://example.org/talk-a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://example.org/Talk>",
            ]
        );
        let link = Quad::new(iri("talk-b"), owl::SAME_AS, iri("talk-a"), iri("graph"));
        assert_eq!(
            shown(&view, &link),
            [
                "<https://example.org/talk-b> <http://www.w3.org/2002/07/owl#sameAs> <https://example.org/talk-a>"
            ],
            "a link is kept as stated"
        );
    }

    #[test]
    fn every_triple_shown_is_traced_back_to_the_stated_one() {
        let view = view(
            &[
                ("fullName", rdfs::SUB_PROPERTY_OF, "name"),
                ("hasEvent", owl::INVERSE_OF, "eventOf"),
                ("Talk", rdfs::SUB_CLASS_OF, "Event"),
            ],
            &[("ann-b", "ann-a"), ("talk-b", "talk-a")],
        );
        let stated = [
            quad("ann-b", "fullName", Literal::from("Ann").into()),
            quad("talk-b", "hasEvent", iri("ann-b").into()),
            Quad::new(iri("talk-b"), rdf::TYPE, iri("Talk"), iri("graph")),
        ];
        for quad in &stated {
            let triple = Triple::new(
                quad.subject.clone(),
                quad.predicate.clone(),
                quad.object.clone(),
            );
            for merged in view.project(quad.as_ref()) {
                let merged = Triple::new(merged.subject, merged.predicate, merged.object);
                assert!(
                    view.sources_of(&merged).contains(&triple),
                    "{merged} is not traced to {triple}"
                );
            }
        }
    }
}
