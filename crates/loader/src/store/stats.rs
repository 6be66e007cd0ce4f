//! `Stats`: what the store holds, per graph and per kind of entity.

use std::collections::HashSet;

use actorgraph_model::vocab::{ag, org, rdf, rdfs, schema};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};

use crate::error::LoadError;
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
}

/// The kinds of entity `stats` counts, with the class each is an instance of
/// (directly or through `rdfs:subClassOf` declared in the loaded data).
const KINDS: [(&str, NamedNodeRef<'static>); 6] = [
    ("persons", schema::PERSON),
    ("organizations", org::ORGANIZATION),
    ("events", schema::EVENT),
    ("roles held", org::MEMBERSHIP),
    ("participations", ag::PARTICIPATION),
    ("places", schema::PLACE),
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
        let mut entities = Vec::new();
        for (kind, class) in KINDS {
            let mut members = HashSet::new();
            for class in subclasses(store, class)? {
                for quad in store.quads_for_pattern(
                    None,
                    Some(rdf::TYPE),
                    Some(class.as_ref()),
                    Some(GraphNameRef::DefaultGraph),
                ) {
                    members.insert(quad?.subject);
                }
            }
            entities.push((kind, members.len() as u64));
        }
        Ok(Stats {
            graphs,
            triples,
            entities,
        })
    }
}

/// `class` and every class declared, in the merged graph, a subclass of it
/// at any depth.
fn subclasses(store: &Store, class: NamedNodeRef<'_>) -> Result<Vec<Term>, StorageError> {
    let mut found: Vec<Term> = vec![class.into_owned().into()];
    let mut next = 0;
    while let Some(current) = found.get(next).cloned() {
        next += 1;
        for quad in store.quads_for_pattern(
            None,
            Some(rdfs::SUB_CLASS_OF),
            Some(current.as_ref()),
            Some(GraphNameRef::DefaultGraph),
        ) {
            let subclass = Term::from(quad?.subject);
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
