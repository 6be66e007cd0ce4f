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

use oxigraph::model::{GraphName, GraphNameRef, Quad, QuadRef};
use oxigraph::store::{StorageError, Store};

use actorgraph_model::vocab::{ag, rdf};

use crate::store::bulk::bulk_loader;
use crate::store::metadata::{METADATA_GRAPH, SourceRecord};

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
pub(crate) fn in_merged(quad: QuadRef<'_>) -> Quad {
    Quad::new(
        quad.subject.into_owned(),
        quad.predicate.into_owned(),
        quad.object.into_owned(),
        GraphName::DefaultGraph,
    )
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
    let mut loader = bulk_loader(store);
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
