//! Work that must finish once begun, written down in the store first so that
//! a killed process leaves nothing half done: the next open finishes it
//! before anyone reads. Replacing a changed source and unloading one go
//! through here, in bounded memory, because Oxigraph's transactions hold all
//! their writes in memory and these can touch millions of quads.
//!
//! The journal lives in its own graph. A replacement starts as one atomic
//! bulk commit of the new data into *staging* graphs together with its
//! journal entry; then each target graph is made equal to its staging graph,
//! the new metadata record is installed in one small transaction, and the
//! staging graphs are cleared. An unload is one small transaction that drops
//! the record and journals its graphs for clearing. Every step keeps the
//! merged graph (`merged.rs`) in step with the sources' graphs, and can run
//! again after a crash; no command reads the store before the journal is
//! finished.

use std::collections::{BTreeSet, HashSet};

use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term,
    TermRef,
};
use oxigraph::store::{StorageError, Store};

use crate::store::metadata::{METADATA_GRAPH, SourceRecord};
use crate::store::view::{View, stated_anywhere};

/// The graph holding unfinished work.
pub(crate) const JOURNAL_GRAPH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/graph/journal");

/// Staging graphs are named with this prefix.
const STAGING_PREFIX: &str = "urn:actorgraph:staging:";

/// `<source> REPLACE_WITH <staging>`: the source's data is being replaced.
const REPLACE_WITH: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("urn:actorgraph:journal:replaceWith");
/// `<staging> TARGET <graph>`: the graph a staging graph becomes.
const TARGET: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("urn:actorgraph:journal:target");
/// `<source> DROP <graph>`: an old graph the replacement no longer fills.
const DROP: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("urn:actorgraph:journal:drop");
/// `<graph> CLEAR <graph>`: a graph to empty and remove.
const CLEAR: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("urn:actorgraph:journal:clear");

/// How many quads one small transaction removes.
const CHUNK: usize = 10_000;

/// How many chunks are removed between two flushes of RocksDB's memory tables.
const FLUSH_EVERY: usize = 10;

/// Whether a graph name is one of ours rather than a source's.
pub(crate) fn is_internal(graph: &NamedOrBlankNode) -> bool {
    matches!(graph, NamedOrBlankNode::NamedNode(n)
        if n.as_ref() == METADATA_GRAPH || n.as_ref() == JOURNAL_GRAPH || n.as_str().starts_with(STAGING_PREFIX))
}

/// Staging graph names for the graphs of one replacement.
pub(crate) struct Staging {
    prefix: String,
    targets: Vec<NamedOrBlankNode>,
}

impl Staging {
    /// Staging names unique to this replacement of `source`.
    pub(crate) fn new(source: &SourceRecord) -> Self {
        Self {
            prefix: format!("{STAGING_PREFIX}{}:{}:", source.sha256, std::process::id()),
            targets: Vec::new(),
        }
    }

    /// The staging graph standing in for `target`.
    pub(crate) fn graph_for(&mut self, target: &NamedOrBlankNode) -> NamedNode {
        let index = match self.targets.iter().position(|t| t == target) {
            Some(index) => index,
            None => {
                self.targets.push(target.clone());
                self.targets.len() - 1
            }
        };
        NamedNode::new_unchecked(format!("{}{index}", self.prefix))
    }

    /// The journal entry to commit together with the staged data: replace
    /// `old`'s graphs with the staged ones and install `new` as the record.
    pub(crate) fn journal(&self, old: &SourceRecord, new: &SourceRecord) -> Vec<Quad> {
        let journal = GraphName::from(JOURNAL_GRAPH.into_owned());
        let mut quads = new.quads_in(journal.clone());
        for (index, target) in self.targets.iter().enumerate() {
            let staging = NamedNode::new_unchecked(format!("{}{index}", self.prefix));
            quads.push(Quad::new(
                new.iri.clone(),
                REPLACE_WITH,
                staging.clone(),
                journal.clone(),
            ));
            quads.push(Quad::new(
                staging,
                TARGET,
                Term::from(target.clone()),
                journal.clone(),
            ));
        }
        for graph in old.graphs.iter().filter(|g| !self.targets.contains(g)) {
            quads.push(Quad::new(
                new.iri.clone(),
                DROP,
                Term::from(graph.clone()),
                journal.clone(),
            ));
        }
        quads
    }
}

/// Removes a source's record in one small transaction, then clears its
/// graphs.
pub(crate) fn unload(store: &Store, record: &SourceRecord) -> Result<(), StorageError> {
    let mut transaction = store.start_transaction()?;
    for quad in record.quads_in(METADATA_GRAPH.into()) {
        transaction.remove(&quad);
    }
    for graph in &record.graphs {
        transaction.insert(&clear_entry(graph));
    }
    transaction.commit()?;
    finish(store)
}

fn clear_entry(graph: &NamedOrBlankNode) -> Quad {
    Quad::new(
        graph.clone(),
        CLEAR,
        Term::from(graph.clone()),
        JOURNAL_GRAPH.into_owned(),
    )
}

/// Whether the journal holds work a killed process left unfinished.
pub(crate) fn is_pending(store: &Store) -> Result<bool, StorageError> {
    let journal = GraphNameRef::from(JOURNAL_GRAPH);
    Ok(store
        .quads_for_pattern(None, None, None, Some(journal))
        .next()
        .transpose()?
        .is_some())
}

/// Finishes every piece of journaled work. Safe to run at any time, as
/// often as needed: each step leaves the journal saying what is left.
pub(crate) fn finish(store: &Store) -> Result<(), StorageError> {
    let journal = GraphNameRef::from(JOURNAL_GRAPH);
    // A source has one replacement entry per staged graph: finish it once.
    let sources: BTreeSet<String> = objects_of_pattern(store, REPLACE_WITH)?
        .into_iter()
        .filter_map(|(s, _)| match s {
            NamedOrBlankNode::NamedNode(n) => Some(n.into_string()),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    for source in sources {
        let source = NamedNode::new_unchecked(source);
        finish_replacement(store, &source)?;
    }
    for (graph, _) in objects_of_pattern(store, CLEAR)? {
        clear(store, &graph)?;
        store.remove_named_graph(graph.as_ref())?;
        store.remove(QuadRef::new(
            graph.as_ref(),
            CLEAR,
            TermRef::from(graph.as_ref()),
            journal,
        ))?;
    }
    Ok(())
}

/// Makes each target graph equal to its staging graph, drops graphs the new
/// version no longer fills, then installs the new record in one transaction
/// that also hands the staging graphs over for clearing.
fn finish_replacement(store: &Store, source: &NamedNode) -> Result<(), StorageError> {
    let journal = GraphName::from(JOURNAL_GRAPH.into_owned());
    let mut staged = Vec::new();
    for quad in store.quads_for_pattern(
        Some(source.as_ref().into()),
        Some(REPLACE_WITH),
        None,
        Some(journal.as_ref()),
    ) {
        if let Term::NamedNode(staging) = quad?.object {
            let target = store
                .quads_for_pattern(
                    Some(staging.as_ref().into()),
                    Some(TARGET),
                    None,
                    Some(journal.as_ref()),
                )
                .next()
                .transpose()?
                .and_then(|q| match q.object {
                    Term::NamedNode(n) => Some(NamedOrBlankNode::from(n)),
                    Term::BlankNode(b) => Some(b.into()),
                    Term::Literal(_) => None,
                });
            if let Some(target) = target {
                staged.push((staging, target));
            }
        }
    }
    for (staging, target) in &staged {
        sync(store, target, staging)?;
    }
    let dropped: Vec<NamedOrBlankNode> = store
        .quads_for_pattern(
            Some(source.as_ref().into()),
            Some(DROP),
            None,
            Some(journal.as_ref()),
        )
        .filter_map(|q| match q.map(|q| q.object) {
            Ok(Term::NamedNode(n)) => Some(Ok(n.into())),
            Ok(Term::BlankNode(b)) => Some(Ok(b.into())),
            Ok(Term::Literal(_)) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_, _>>()?;
    let new_record = SourceRecord::read_in(store, source.as_ref(), JOURNAL_GRAPH.into())?;
    let old_record = SourceRecord::read(store, source.as_ref())?;
    // Everything the journal says about the source goes: its new record, the
    // staging map and the graphs to drop, which become graphs to clear.
    let entries: Vec<Quad> = store
        .quads_for_pattern(
            Some(source.as_ref().into()),
            None,
            None,
            Some(journal.as_ref()),
        )
        .collect::<Result<_, _>>()?;
    let mut transaction = store.start_transaction()?;
    if let Some(old) = &old_record {
        for quad in old.quads_in(METADATA_GRAPH.into()) {
            transaction.remove(&quad);
        }
    }
    if let Some(new) = &new_record {
        transaction.extend(&new.quads_in(METADATA_GRAPH.into()));
    }
    for quad in &entries {
        transaction.remove(quad);
    }
    for graph in dropped {
        transaction.insert(&clear_entry(&graph));
    }
    for (staging, target) in staged {
        transaction.remove(QuadRef::new(
            &staging,
            TARGET,
            TermRef::from(target.as_ref()),
            journal.as_ref(),
        ));
        transaction.insert(&clear_entry(&staging.into()));
    }
    transaction.commit()
}

/// Makes `target` hold exactly the quads of `staging`: removes the others in
/// small transactions, adds the missing ones (and their triples to the
/// merged graph) with the bulk loader.
fn sync(store: &Store, target: &NamedOrBlankNode, staging: &NamedNode) -> Result<(), StorageError> {
    let departure = Departure::new(store, target)?;
    let (target, staging) = (
        GraphNameRef::from(target.as_ref()),
        GraphNameRef::from(staging.as_ref()),
    );
    let stale = store
        .quads_for_pattern(None, None, None, Some(target))
        .filter_map(|quad| {
            let quad = match quad {
                Ok(quad) => quad,
                Err(e) => return Some(Err(e)),
            };
            match store.contains(QuadRef::new(
                &quad.subject,
                &quad.predicate,
                &quad.object,
                staging,
            )) {
                Ok(true) => None,
                Ok(false) => Some(Ok(quad)),
                Err(e) => Some(Err(e)),
            }
        });
    remove_in_chunks(store, stale, Some(&departure))?;
    let mut missing = Vec::new();
    let mut loader = crate::store::bulk::bulk_loader(store);
    for quad in store.quads_for_pattern(None, None, None, Some(staging)) {
        let quad = quad?;
        let moved = Quad::new(
            quad.subject,
            quad.predicate,
            quad.object,
            target.into_owned(),
        );
        if !store.contains(&moved)? {
            missing.extend(crate::store::merged::with_merged(moved, &departure.view));
            if missing.len() >= CHUNK * 10 {
                loader.load_quads(std::mem::take(&mut missing))?;
            }
        }
    }
    loader.load_quads(missing)?;
    loader.commit()
}

/// Removes every quad of `graph`, in small transactions; from a source's
/// graph (not a staging one), with their triples in the merged graph.
fn clear(store: &Store, graph: &NamedOrBlankNode) -> Result<(), StorageError> {
    let departure = if is_internal(graph) {
        None
    } else {
        Some(Departure::new(store, graph)?)
    };
    remove_in_chunks(
        store,
        store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())),
        departure.as_ref(),
    )
}

/// Removes `quads` in small transactions. With a `departure`, each
/// transaction also takes out of the merged graph the triples that leave it.
fn remove_in_chunks(
    store: &Store,
    quads: impl Iterator<Item = Result<Quad, StorageError>>,
    departure: Option<&Departure>,
) -> Result<(), StorageError> {
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut chunks = 0;
    for quad in quads {
        chunk.push(quad?);
        if chunk.len() == CHUNK {
            remove_all(store, &chunk, departure)?;
            chunk.clear();
            chunks += 1;
            // RocksDB keeps deletions in memory tables until they are
            // flushed; flushing now and then keeps memory flat.
            if chunks % FLUSH_EVERY == 0 {
                store.flush()?;
            }
        }
    }
    remove_all(store, &chunk, departure)
}

fn remove_all(
    store: &Store,
    quads: &[Quad],
    departure: Option<&Departure>,
) -> Result<(), StorageError> {
    let mut transaction = store.start_transaction()?;
    for quad in quads {
        if let Some(departure) = departure {
            for merged in departure.leaving(store, quad.as_ref())? {
                transaction.remove(&merged);
            }
        }
        transaction.remove(quad);
    }
    transaction.commit()
}

/// The graphs that replacements under way are filling.
pub(crate) fn targets(store: &Store) -> Result<Vec<NamedOrBlankNode>, StorageError> {
    Ok(objects_of_pattern(store, TARGET)?
        .into_iter()
        .filter_map(|(_, target)| match target {
            Term::NamedNode(n) => Some(n.into()),
            Term::BlankNode(b) => Some(b.into()),
            Term::Literal(_) => None,
        })
        .collect())
}

/// Subjects and objects of every journal quad with `predicate`.
fn objects_of_pattern(
    store: &Store,
    predicate: NamedNodeRef<'_>,
) -> Result<Vec<(NamedOrBlankNode, Term)>, StorageError> {
    store
        .quads_for_pattern(None, Some(predicate), None, Some(JOURNAL_GRAPH.into()))
        .map(|q| q.map(|q| (q.subject, q.object)))
        .collect()
}

/// Which triples leave the merged graph as quads leave one source's graph:
/// those no stated triple in another live graph (a record lists it, or a
/// replacement under way is filling it) still shows in the view.
pub(crate) struct Departure {
    others: HashSet<NamedOrBlankNode>,
    /// The view the merged graph was made with.
    pub(crate) view: View,
}

impl Departure {
    /// For quads leaving `graph`.
    pub(crate) fn new(store: &Store, graph: &NamedOrBlankNode) -> Result<Self, StorageError> {
        let mut others: HashSet<NamedOrBlankNode> = SourceRecord::read_all(store)?
            .into_iter()
            .flat_map(|record| record.graphs)
            .chain(targets(store)?)
            .collect();
        others.remove(graph);
        Ok(Self {
            others,
            view: View::stored(store)?,
        })
    }

    /// The merged-graph quads to remove together with `quad`: those of its
    /// appearance that no stated triple in another live graph shows.
    /// Without other live graphs, no lookup.
    pub(crate) fn leaving(
        &self,
        store: &Store,
        quad: QuadRef<'_>,
    ) -> Result<Vec<Quad>, StorageError> {
        let mut leaving = Vec::new();
        for merged in self.view.project(quad) {
            if !self.others.is_empty() && self.shown_elsewhere(store, &merged)? {
                continue;
            }
            leaving.push(merged);
        }
        Ok(leaving)
    }

    fn shown_elsewhere(&self, store: &Store, merged: &Quad) -> Result<bool, StorageError> {
        stated_anywhere(store, &self.others, &self.view, merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::merged::with_merged;
    use oxigraph::model::Literal;

    fn record(iri: &NamedNode, sha: &str, graphs: Vec<NamedOrBlankNode>) -> SourceRecord {
        SourceRecord {
            iri: iri.clone(),
            path: "people.ttl".into(),
            media_type: "text/turtle".into(),
            sha256: sha.into(),
            size: 1,
            triples: 1,
            graphs,
            loaded_at: "2026-01-01T00:00:00Z".into(),
            loaded_by: "test".into(),
            prefixes: Vec::new(),
            normalized: None,
        }
    }

    fn quad(value: &str, graph: &NamedNode) -> Quad {
        let ex = NamedNode::new_unchecked("https://example.org/a");
        Quad::new(ex.clone(), ex, Literal::from(value), graph.clone())
    }

    /// A replacement whose process died right after its atomic first step
    /// (data staged, journal written) is finished by the next `finish`.
    #[test]
    fn a_staged_replacement_is_rolled_forward() {
        let store = Store::new().unwrap();
        let source = NamedNode::new_unchecked("file:///people.ttl");
        let old = record(&source, "old", vec![source.clone().into()]);
        store.extend(old.quads_in(METADATA_GRAPH.into())).unwrap();
        store
            .extend(
                [quad("kept", &source), quad("gone", &source)]
                    .into_iter()
                    .flat_map(|q| with_merged(q, &View::default())),
            )
            .unwrap();

        let new = record(&source, "new", vec![source.clone().into()]);
        let mut staging = Staging::new(&new);
        let staged = staging.graph_for(&source.clone().into());
        store
            .extend([quad("kept", &staged), quad("added", &staged)])
            .unwrap();
        store.extend(staging.journal(&old, &new)).unwrap();

        finish(&store).unwrap();
        let mut values: Vec<String> = store
            .quads_for_pattern(None, None, None, Some(source.as_ref().into()))
            .map(|q| q.unwrap().object.to_string())
            .collect();
        values.sort();
        assert_eq!(values, ["\"added\"", "\"kept\""]);
        assert_eq!(merged_values(&store), ["\"added\"", "\"kept\""]);
        assert_eq!(
            SourceRecord::read(&store, source.as_ref())
                .unwrap()
                .unwrap()
                .sha256,
            "new"
        );
        assert_eq!(
            store
                .quads_for_pattern(None, None, None, Some(JOURNAL_GRAPH.into()))
                .count(),
            0
        );
        assert!(
            !store.contains_named_graph(&staged).unwrap(),
            "the staging graph is gone"
        );
        assert_eq!(
            store.len().unwrap(),
            2 + 2 + new.quads_in(METADATA_GRAPH.into()).len()
        );
    }

    #[test]
    fn an_unload_removes_the_record_first_and_the_data_after() {
        let store = Store::new().unwrap();
        let source = NamedNode::new_unchecked("file:///people.ttl");
        let old = record(&source, "old", vec![source.clone().into()]);
        store.extend(old.quads_in(METADATA_GRAPH.into())).unwrap();
        store
            .extend(
                (0..25_000)
                    .flat_map(|i| with_merged(quad(&i.to_string(), &source), &View::default())),
            )
            .unwrap();
        unload(&store, &old).unwrap();
        assert!(store.is_empty().unwrap());
    }

    /// A triple two sources state stays in the merged graph until the
    /// second of them is unloaded.
    #[test]
    fn a_shared_triple_leaves_the_merged_graph_with_its_last_source() {
        let store = Store::new().unwrap();
        let first = NamedNode::new_unchecked("file:///first.ttl");
        let second = NamedNode::new_unchecked("file:///second.ttl");
        let records = [
            record(&first, "1", vec![first.clone().into()]),
            record(&second, "2", vec![second.clone().into()]),
        ];
        for (record, own) in records.iter().zip(["first", "second"]) {
            store
                .extend(record.quads_in(METADATA_GRAPH.into()))
                .unwrap();
            let graph = &record.iri;
            store
                .extend(
                    [quad("shared", graph), quad(own, graph)]
                        .into_iter()
                        .flat_map(|q| with_merged(q, &View::default())),
                )
                .unwrap();
        }
        unload(&store, &records[0]).unwrap();
        assert_eq!(merged_values(&store), ["\"second\"", "\"shared\""]);
        unload(&store, &records[1]).unwrap();
        assert!(store.is_empty().unwrap());
    }

    /// The objects of the merged graph's triples, sorted.
    fn merged_values(store: &Store) -> Vec<String> {
        let mut values: Vec<String> = store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .map(|q| q.unwrap().object.to_string())
            .collect();
        values.sort();
        values
    }
}
