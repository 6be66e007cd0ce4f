//! The merged graph: the store's own default graph holds each triple of the
//! sources' graphs once. It is the default graph queries read (DESIGN.md:
//! the union of all sources), an RDF graph, so a triple that two sources
//! state is one triple, found with one index lookup whatever the number of
//! sources. Oxigraph's default graph over a list of graphs instead looks
//! every pattern up once per graph and repeats a triple held by several
//! (its issue #1919): two copies of a file made one event's participants
//! come back 256 times.
//!
//! A triple enters the merged graph in the commit that brings it into a
//! source's graph, and leaves it in the transaction that removes it from
//! the last live one (`journal.rs`).

use std::collections::HashSet;

use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNode, Quad, QuadRef};
use oxigraph::store::{StorageError, Store};

use actorgraph_model::vocab::{ag, rdf};

use crate::journal;
use crate::metadata::{METADATA_GRAPH, SourceRecord};

/// Each quad of `quads`, followed by its triple in the merged graph.
pub(crate) fn and_merged<E>(
    quads: impl Iterator<Item = Result<Quad, E>>,
) -> impl Iterator<Item = Result<Quad, E>> {
    quads.flat_map(|quad| {
        let (quad, merged) = match quad {
            Ok(quad) => {
                let [quad, merged] = with_merged(quad);
                (Ok(quad), Some(Ok(merged)))
            }
            Err(e) => (Err(e), None),
        };
        std::iter::once(quad).chain(merged)
    })
}

/// `quad` and its triple in the merged graph.
pub(crate) fn with_merged(quad: Quad) -> [Quad; 2] {
    let merged = in_merged(quad.as_ref());
    [quad, merged]
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

/// Which triples leave the merged graph as quads leave one source's graph:
/// those no other live graph (a record lists it, or a replacement under way
/// is filling it) still holds.
pub(crate) struct Departure {
    others: HashSet<NamedOrBlankNode>,
}

impl Departure {
    /// For quads leaving `graph`.
    pub(crate) fn new(store: &Store, graph: &NamedOrBlankNode) -> Result<Self, StorageError> {
        let mut others: HashSet<NamedOrBlankNode> = SourceRecord::read_all(store)?
            .into_iter()
            .flat_map(|record| record.graphs)
            .chain(journal::targets(store)?)
            .collect();
        others.remove(graph);
        Ok(Self { others })
    }

    /// The merged-graph quad to remove together with `quad`, if its triple
    /// is in no other live graph. Without other live graphs, no lookup.
    pub(crate) fn merged_quad(
        &self,
        store: &Store,
        quad: QuadRef<'_>,
    ) -> Result<Option<Quad>, StorageError> {
        if !self.others.is_empty() {
            for held in store.quads_for_pattern(
                Some(quad.subject),
                Some(quad.predicate),
                Some(quad.object),
                None,
            ) {
                let graph = match held?.graph_name {
                    GraphName::NamedNode(n) => NamedOrBlankNode::from(n),
                    GraphName::BlankNode(b) => b.into(),
                    GraphName::DefaultGraph => continue,
                };
                if self.others.contains(&graph) {
                    return Ok(None);
                }
            }
        }
        Ok(Some(in_merged(quad)))
    }
}

/// Whether the store was written before the merged graph existed: its
/// sources have records but its default graph is empty.
pub(crate) fn is_missing(store: &Store) -> Result<bool, StorageError> {
    let has_sources = store
        .quads_for_pattern(
            None,
            Some(rdf::TYPE),
            Some(ag::SOURCE.into()),
            Some(METADATA_GRAPH.into()),
        )
        .next()
        .transpose()?
        .is_some();
    Ok(has_sources
        && store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .next()
            .transpose()?
            .is_none())
}

/// Fills the merged graph from every source's graphs, in one atomic bulk
/// commit; returns how many triples it wrote.
pub(crate) fn build(store: &Store) -> Result<u64, StorageError> {
    let mut written = 0;
    let mut loader = crate::load::bulk_loader(store);
    for record in SourceRecord::read_all(store)? {
        for graph in &record.graphs {
            let quads = store
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                .map(|quad| {
                    written += 1;
                    quad.map(|quad| in_merged(quad.as_ref()))
                });
            loader.load_ok_quads::<StorageError, StorageError>(quads)?;
        }
    }
    loader.commit()?;
    Ok(written)
}
