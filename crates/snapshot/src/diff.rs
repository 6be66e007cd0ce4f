//! Comparing two datasets: a store, a snapshot folder or an RDF file. Each
//! side is brought to canonical N-Quads (canonical blank node labels,
//! sorted lines), so the difference is a merge of two sorted streams; only
//! the differing quads are held.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::iter::Peekable;
use std::path::{Path, PathBuf};

use crate::canonical::canonical_lines;
use crate::error::SnapshotError;
use crate::export::{canonical_graphs, split_graph};
use crate::restore::snapshot_dataset;
use crate::sorted::SortedLines;
use actorgraph_loader::{GraphStore, read_file};

/// One side of a comparison.
pub enum DiffSide<'a> {
    /// The data graphs of a store.
    Store(&'a GraphStore),
    /// A snapshot folder (its checksum verified first) or an RDF file
    /// (compressed or not); triples outside named graphs are in the
    /// default graph.
    Path(PathBuf),
}

/// The quads only one side holds, as canonical N-Quads lines (without
/// line breaks), each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Quads of the first side missing from the second.
    pub removed: Vec<String>,
    /// Quads of the second side missing from the first.
    pub added: Vec<String>,
}

/// The changes within one graph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GraphChanges {
    /// Triples (N-Triples form, ` .` ended) the graph lost.
    pub removed: Vec<String>,
    /// Triples the graph gained.
    pub added: Vec<String>,
}

impl Diff {
    /// Whether both sides hold the same quads.
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty()
    }

    /// The changes per graph, keyed by the graph's term (`<iri>`, or an
    /// empty string for the default graph).
    pub fn by_graph(&self) -> BTreeMap<String, GraphChanges> {
        let mut graphs: BTreeMap<String, GraphChanges> = BTreeMap::new();
        for (lines, added) in [(&self.removed, false), (&self.added, true)] {
            for line in lines {
                let (triple, graph) = match split_graph(line) {
                    Some((triple, graph)) => (format!("{triple} ."), graph),
                    None => (line.clone(), ""),
                };
                let changes = graphs.entry(graph.to_owned()).or_default();
                if added {
                    changes.added.push(triple);
                } else {
                    changes.removed.push(triple);
                }
            }
        }
        graphs
    }
}

/// Compares `a` with `b`: what `b` adds to and removes from `a`.
pub fn diff(a: &DiffSide<'_>, b: &DiffSide<'_>) -> Result<Diff, SnapshotError> {
    let mut a = lines_of(a)?.peekable();
    let mut b = lines_of(b)?.peekable();
    let mut result = Diff::default();
    loop {
        let order = match (peek(&mut a)?, peek(&mut b)?) {
            (None, None) => return Ok(result),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(x), Some(y)) => x.cmp(y),
        };
        match order {
            Ordering::Less => {
                if let Some(Ok(line)) = a.next() {
                    result.removed.push(line);
                }
            }
            Ordering::Greater => {
                if let Some(Ok(line)) = b.next() {
                    result.added.push(line);
                }
            }
            Ordering::Equal => {
                a.next();
                b.next();
            }
        }
    }
}

/// The next line of a side without taking it, or its read error.
fn peek(lines: &mut Peekable<SortedLines>) -> Result<Option<&String>, SnapshotError> {
    if let Some(Err(_)) = lines.peek()
        && let Some(Err(error)) = lines.next()
    {
        return Err(SnapshotError::Temporary(error));
    }
    Ok(lines.peek().and_then(|line| line.as_ref().ok()))
}

/// The canonical lines of one side.
fn lines_of(side: &DiffSide<'_>) -> Result<SortedLines, SnapshotError> {
    match side {
        DiffSide::Store(store) => {
            Ok(canonical_graphs(store, &store.data_graphs()?, &mut |_| {})?.lines)
        }
        DiffSide::Path(path) if path.is_dir() => {
            let dataset = snapshot_dataset(path)?;
            file_lines(&dataset)
        }
        DiffSide::Path(path) => file_lines(path),
    }
}

/// The canonical lines of an RDF file, compressed or not.
fn file_lines(path: &Path) -> Result<SortedLines, SnapshotError> {
    let quads = read_file(path)?.map(|quad| quad.map_err(SnapshotError::from));
    Ok(canonical_lines(quads, &mut |_| {})?.lines)
}
