//! Canonical N-Quads: the W3C canonical form of a dataset, with blank nodes
//! labelled by RDF Dataset Canonicalization (RDFC-1.0, `oxrdf`'s
//! implementation) and lines in code point order. Quads without blank nodes
//! stream through a bounded-memory sort; only quads that mention a blank
//! node are held in memory, since their labels depend on each other.

use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, QuadRef, Term};
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use std::collections::HashMap;

use crate::error::SnapshotError;
use crate::sorted::{LineSorter, SortedLines};

/// How often, in quads read, progress is reported.
const PROGRESS_EVERY: usize = 100_000;

/// A dataset in canonical form.
pub(crate) struct Canonical {
    /// Its canonical N-Quads lines (without line breaks), sorted, each
    /// distinct quad once.
    pub(crate) lines: SortedLines,
    /// The canonical label of each blank node that names a graph, by the
    /// label it had.
    pub(crate) graph_labels: HashMap<BlankNode, BlankNode>,
}

/// The canonical form of `quads`.
/// `progress` hears how many quads have been read, now and then.
pub(crate) fn canonical_lines(
    quads: impl Iterator<Item = Result<Quad, SnapshotError>>,
    progress: &mut dyn FnMut(u64),
) -> Result<Canonical, SnapshotError> {
    let mut sorter = LineSorter::new();
    let mut with_blank_nodes = Dataset::new();
    for (read, quad) in quads.enumerate() {
        if read % PROGRESS_EVERY == 0 {
            progress(read as u64);
        }
        let quad = quad?;
        if mentions_blank_node(quad.as_ref()) {
            with_blank_nodes.insert(&quad);
        } else {
            sorter
                .push(line(quad.as_ref()))
                .map_err(SnapshotError::Temporary)?;
        }
    }
    let labels = with_blank_nodes.canonicalize_blank_nodes(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let labels: HashMap<String, BlankNode> = labels
        .into_iter()
        .map(|(from, to)| (from.as_str().to_owned(), to))
        .collect();
    let relabel = |blank: &BlankNode| {
        labels
            .get(blank.as_str())
            .cloned()
            .unwrap_or_else(|| blank.clone())
    };
    let mut graph_labels = HashMap::new();
    for quad in &with_blank_nodes {
        if let oxrdf::GraphNameRef::BlankNode(graph) = quad.graph_name {
            let graph = graph.into_owned();
            let label = relabel(&graph);
            graph_labels.insert(graph, label);
        }
        let quad = map_blank_nodes(quad.into_owned(), relabel);
        sorter
            .push(line(quad.as_ref()))
            .map_err(SnapshotError::Temporary)?;
    }
    Ok(Canonical {
        lines: sorter.finish().map_err(SnapshotError::Temporary)?,
        graph_labels,
    })
}

/// The quad with each blank node replaced by `map`'s choice.
pub(crate) fn map_blank_nodes(mut quad: Quad, map: impl Fn(&BlankNode) -> BlankNode) -> Quad {
    if let NamedOrBlankNode::BlankNode(b) = &quad.subject {
        quad.subject = map(b).into();
    }
    if let Term::BlankNode(b) = &quad.object {
        quad.object = map(b).into();
    }
    if let GraphName::BlankNode(b) = &quad.graph_name {
        quad.graph_name = map(b).into();
    }
    quad
}

/// One quad as a canonical N-Quads line, without its line break.
fn line(quad: QuadRef<'_>) -> String {
    format!("{quad} .")
}

fn mentions_blank_node(quad: QuadRef<'_>) -> bool {
    quad.subject.is_blank_node() || quad.object.is_blank_node() || quad.graph_name.is_blank_node()
}
