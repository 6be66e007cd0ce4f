//! `Stats`: what the store holds, per graph and per kind of entity.

use std::collections::HashSet;

use std::path::Path;

use actorgraph_model::vocab::{ag, org, rdf, rdfs, schema};
use actorgraph_model::{Format, ONTOLOGY};
use oxigraph::model::{Graph, GraphNameRef, NamedNodeRef, NamedOrBlankNode, QuadRef, Term};
use oxigraph::store::{StorageError, Store};

use crate::error::LoadError;
use crate::read::read_graph_text;
use crate::store::GraphStore;
use crate::store::metadata::SourceRecord;

/// Counts of what the store holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Each data graph with its triple count, ordered by name.
    pub graphs: Vec<(String, u64)>,
    /// Triples in the default graph: the data graphs merged, a triple that
    /// several state counted once.
    pub triples: u64,
    /// Entities of each kind, in a fixed order (persons, organizations…).
    pub entities: Vec<(&'static str, u64)>,
    /// What the merged graph is read through.
    pub inference: Inference,
}

/// What the store derives and merges: see [`GraphStore::set_inference`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inference {
    /// Whether alignments and `owl:sameAs` take effect.
    pub on: bool,
    /// Alignment axioms in effect: the built-in ones and the sources'.
    pub axioms: u64,
    /// IRIs merged into another one by `owl:sameAs`.
    pub merged: u64,
}

/// The kinds of entity `stats` counts, with the class each is an instance of
/// (directly or through `rdfs:subClassOf`, as actorgraph's ontology or the
/// loaded data declare it).
pub const KINDS: [(&str, NamedNodeRef<'static>); 8] = [
    ("persons", schema::PERSON),
    ("organizations", org::ORGANIZATION),
    ("projects", schema::PROJECT),
    ("events", schema::EVENT),
    ("roles held", org::MEMBERSHIP),
    ("participations", ag::PARTICIPATION),
    ("reported statements", ag::REPORTED_STATEMENT),
    ("places", schema::PLACE),
];

/// The properties through which a state (`schema:Country`) acts.
const ACTING: [NamedNodeRef<'static>; 5] = [
    schema::ORGANIZER,
    schema::SPONSOR,
    schema::FUNDER,
    schema::CONTRIBUTOR,
    ag::PARTICIPANT,
];

impl GraphStore {
    /// The graphs holding loaded data, as the sources' records list them.
    pub fn data_graphs(&self) -> Result<Vec<NamedOrBlankNode>, LoadError> {
        Ok(graphs_of(&self.sources()?))
    }

    /// Counts triples per graph and entities per kind.
    pub fn stats(&self) -> Result<Stats, LoadError> {
        let store = self.oxigraph();
        let data_graphs = self.data_graphs()?;
        let mut graphs = Vec::new();
        for graph in &data_graphs {
            let count = store
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                .count() as u64;
            graphs.push((graph.to_string().trim_matches(['<', '>']).to_owned(), count));
        }
        graphs.sort();
        let triples = store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .count() as u64;
        let ontology = ontology()?;
        let mut entities = Vec::new();
        for (kind, class) in KINDS {
            let members = instances(store, &ontology, class)?;
            entities.push((kind, members.len() as u64));
            if class == schema::EVENT {
                let planned = members
                    .iter()
                    .filter(|event| {
                        store
                            .contains(QuadRef::new(
                                *event,
                                schema::EVENT_STATUS,
                                schema::EVENT_SCHEDULED,
                                GraphNameRef::DefaultGraph,
                            ))
                            .unwrap_or(false)
                    })
                    .count();
                entities.push(("planned events", planned as u64));
            }
        }
        let mut acting = 0;
        for state in instances(store, &ontology, schema::COUNTRY)? {
            let object = Term::from(state);
            for property in ACTING {
                let mut found = store.quads_for_pattern(
                    None,
                    Some(property),
                    Some(object.as_ref()),
                    Some(GraphNameRef::DefaultGraph),
                );
                if found.next().transpose()?.is_some() {
                    acting += 1;
                    break;
                }
            }
        }
        entities.push(("states that act", acting));
        Ok(Stats {
            graphs,
            triples,
            entities,
            inference: self.inference_summary()?,
        })
    }
}

/// actorgraph's ontology, whose subclasses count whether or not it is loaded.
fn ontology() -> Result<Graph, LoadError> {
    read_graph_text(
        ONTOLOGY,
        Format::Turtle,
        Path::new("data/ontology.ttl (built in)"),
    )
}

/// The instances of `class` and of its subclasses, in the merged graph.
fn instances(
    store: &Store,
    ontology: &Graph,
    class: NamedNodeRef<'_>,
) -> Result<HashSet<NamedOrBlankNode>, StorageError> {
    let mut members = HashSet::new();
    for class in subclasses(store, ontology, class)? {
        for quad in store.quads_for_pattern(
            None,
            Some(rdf::TYPE),
            Some(class.as_ref()),
            Some(GraphNameRef::DefaultGraph),
        ) {
            members.insert(quad?.subject);
        }
    }
    Ok(members)
}

/// `class` and every class declared a subclass of it at any depth, in the
/// merged graph or in actorgraph's ontology.
fn subclasses(
    store: &Store,
    ontology: &Graph,
    class: NamedNodeRef<'_>,
) -> Result<Vec<Term>, StorageError> {
    let mut found: Vec<Term> = vec![class.into_owned().into()];
    let mut next = 0;
    while let Some(current) = found.get(next).cloned() {
        next += 1;
        let mut direct: Vec<Term> = ontology
            .subjects_for_predicate_object(rdfs::SUB_CLASS_OF, current.as_ref())
            .map(|s| Term::from(s.into_owned()))
            .collect();
        for quad in store.quads_for_pattern(
            None,
            Some(rdfs::SUB_CLASS_OF),
            Some(current.as_ref()),
            Some(GraphNameRef::DefaultGraph),
        ) {
            direct.push(Term::from(quad?.subject));
        }
        for subclass in direct {
            if !found.contains(&subclass) {
                found.push(subclass);
            }
        }
    }
    Ok(found)
}

/// The graphs that `sources` hold, each once, ordered by name.
pub fn graphs_of(sources: &[SourceRecord]) -> Vec<NamedOrBlankNode> {
    let mut graphs: Vec<NamedOrBlankNode> = sources
        .iter()
        .flat_map(|s| s.graphs.iter().cloned())
        .collect();
    graphs.sort_by_key(ToString::to_string);
    graphs.dedup();
    graphs
}
