//! The merged graph: the store's own default graph holds each triple of the
//! sources' graphs once. It is the default graph queries read (DESIGN.md:
//! the union of all sources), an RDF graph, so a triple that two sources
//! state is one triple, found with one index lookup whatever the number of
//! sources. Oxigraph's default graph over a list of graphs instead looks
//! every pattern up once per graph and repeats a triple held by several
//! (its issue #1919): two copies of a file made one event's participants
//! come back 256 times.
//!
//! What a stated triple puts in the merged graph is its appearance in the
//! view (`view.rs`): itself, what the alignments derive from it, entities
//! named by their representatives. It enters the merged graph in the commit
//! that brings the stated triple into a source's graph, and leaves in the
//! transaction that removes the last stated triple that shows it
//! (`journal.rs`).

use oxigraph::model::{GraphNameRef, Quad};
use oxigraph::store::{StorageError, Store};

use actorgraph_model::vocab::{ag, rdf};

use crate::store::bulk::bulk_loader;
use crate::store::metadata::{METADATA_GRAPH, SourceRecord};
use crate::store::view::View;

/// Each quad of `quads`, with the triples it puts in the merged graph.
pub(crate) fn and_merged<'v, E: 'v>(
    quads: impl Iterator<Item = Result<Quad, E>> + 'v,
    view: &'v View,
) -> impl Iterator<Item = Result<Quad, E>> + 'v {
    quads.flat_map(move |quad| {
        let shown = quad.as_ref().ok().map(|quad| view.project(quad.as_ref()));
        shown
            .into_iter()
            .flatten()
            .map(Ok)
            .chain(std::iter::once(quad))
    })
}

/// `quad` and the triples it puts in the merged graph.
pub(crate) fn with_merged(quad: Quad, view: &View) -> Vec<Quad> {
    let mut out: Vec<Quad> = view.project(quad.as_ref()).collect();
    out.push(quad);
    out
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

/// Fills the merged graph from every source's graphs, as the stored view
/// shows them, in one atomic bulk commit; returns how many triples it read.
pub(crate) fn build(store: &Store) -> Result<u64, StorageError> {
    let view = View::stored(store)?;
    let mut written = 0;
    let mut loader = bulk_loader(store);
    for record in SourceRecord::read_all(store)? {
        for graph in &record.graphs {
            let quads = store
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                .flat_map(|quad| {
                    written += 1;
                    let (shown, error) = match quad {
                        Ok(quad) => (Some(view.project(quad.as_ref())), None),
                        Err(e) => (None, Some(Err(e))),
                    };
                    shown.into_iter().flatten().map(Ok).chain(error)
                });
            loader.load_ok_quads::<StorageError, StorageError>(quads)?;
        }
    }
    loader.commit()?;
    Ok(written)
}
