//! Reading whole graphs out of the store for exports, snapshots and diffs.
//! A named graph is read predicate by predicate through SPARQL
//! (`GRAPH <g> { ?s <p> ?o }`), so that each quad costs two term decodings,
//! its subject and object, where `quads_for_pattern` decodes all four; and
//! the predicates are shared out among one thread per core. Decoding terms
//! is most of an export's time (BENCHMARKS.md). The quads come in no
//! defined order: callers sort them.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::sparql::{QueryResults, QuerySolutionIter, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::SnapshotError;

/// Quads sent from a reading thread at a time.
const CHUNK: usize = 4096;

/// Chunks that may wait in the channel before the reading threads pause.
const CHUNKS_IN_FLIGHT: usize = 16;

/// Every quad of `graphs`, read by one thread per core.
pub(crate) fn quads_of_graphs(
    store: &Store,
    graphs: &[NamedOrBlankNode],
) -> Result<GraphReader, SnapshotError> {
    let mut jobs = Vec::new();
    for graph in graphs {
        match graph {
            NamedOrBlankNode::NamedNode(name) => {
                for (predicate, count) in predicate_counts(store, name)? {
                    jobs.push(Job::Predicate(name.clone(), predicate, count));
                }
            }
            NamedOrBlankNode::BlankNode(_) => jobs.push(Job::Graph(graph.clone())),
        }
    }
    // The biggest first, so that the threads finish close together.
    jobs.sort_by_key(|job| std::cmp::Reverse(job.size()));
    let jobs = Arc::new(Mutex::new(VecDeque::from(jobs)));
    let threads = thread::available_parallelism().map_or(1, usize::from);
    let (sender, receiver) = sync_channel(CHUNKS_IN_FLIGHT);
    let workers = (0..threads)
        .map(|_| {
            let (store, jobs, sender) = (store.clone(), Arc::clone(&jobs), sender.clone());
            thread::spawn(move || work(&store, &jobs, &sender))
        })
        .collect();
    Ok(GraphReader {
        receiver,
        workers,
        chunk: Vec::new().into_iter(),
    })
}

/// A share of the reading: one predicate of a named graph (with its number
/// of quads), or a whole graph named by a blank node, which SPARQL cannot
/// name.
enum Job {
    Predicate(NamedNode, NamedNode, u64),
    Graph(NamedOrBlankNode),
}

impl Job {
    fn size(&self) -> u64 {
        match self {
            Self::Predicate(_, _, count) => *count,
            Self::Graph(_) => 0,
        }
    }
}

/// A reading thread: takes jobs until none is left, sending their quads in
/// chunks; stops at the first error (sent on) or when nobody listens.
fn work(store: &Store, jobs: &Mutex<VecDeque<Job>>, sender: &SyncSender<Chunk>) {
    loop {
        let Some(job) = jobs.lock().ok().and_then(|mut jobs| jobs.pop_front()) else {
            return;
        };
        let mut chunk = Vec::with_capacity(CHUNK);
        for quad in quads_of_job(store, job) {
            match quad {
                Ok(quad) => chunk.push(quad),
                Err(error) => {
                    let _ = sender.send(Err(error));
                    return;
                }
            }
            if chunk.len() == CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                if sender.send(Ok(full)).is_err() {
                    return;
                }
            }
        }
        if !chunk.is_empty() && sender.send(Ok(chunk)).is_err() {
            return;
        }
    }
}

type Chunk = Result<Vec<Quad>, SnapshotError>;

fn quads_of_job(store: &Store, job: Job) -> Box<dyn Iterator<Item = Result<Quad, SnapshotError>>> {
    match job {
        Job::Predicate(graph, predicate, _) => {
            let query = format!("SELECT ?s ?o WHERE {{ GRAPH {graph} {{ ?s {predicate} ?o }} }}");
            let solutions = match select(store, &query) {
                Ok(solutions) => solutions,
                Err(error) => return Box::new(std::iter::once(Err(error))),
            };
            let graph = GraphName::NamedNode(graph);
            Box::new(solutions.map(move |solution| {
                let solution = solution.map_err(failed)?;
                let [Some(subject), Some(object)] = solution.values() else {
                    return Err(failed("a stored quad lacks its subject or object"));
                };
                let subject = NamedOrBlankNode::try_from(subject.clone()).map_err(failed)?;
                Ok(Quad::new(
                    subject,
                    predicate.clone(),
                    object.clone(),
                    graph.clone(),
                ))
            }))
        }
        Job::Graph(graph) => Box::new(
            store
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                .map(|quad| quad.map_err(|e| SnapshotError::Load(e.into()))),
        ),
    }
}

/// The predicates used in the graph `name`, with their numbers of quads.
fn predicate_counts(
    store: &Store,
    name: &NamedNode,
) -> Result<Vec<(NamedNode, u64)>, SnapshotError> {
    let query =
        format!("SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }} GROUP BY ?p");
    let mut counts = Vec::new();
    for solution in select(store, &query)? {
        let solution = solution.map_err(failed)?;
        let [Some(Term::NamedNode(predicate)), Some(Term::Literal(count))] = solution.values()
        else {
            return Err(failed("a predicate count is not an IRI and a number"));
        };
        counts.push((predicate.clone(), count.value().parse().unwrap_or(0)));
    }
    Ok(counts)
}

fn select(store: &Store, query: &str) -> Result<QuerySolutionIter<'static>, SnapshotError> {
    match SparqlEvaluator::new()
        .parse_query(query)
        .map_err(failed)?
        .on_store(store)
        .execute()
        .map_err(failed)?
    {
        QueryResults::Solutions(solutions) => Ok(solutions),
        _ => Err(failed("a SELECT query gave no solutions")),
    }
}

/// A failure to read the store's graphs.
fn failed(error: impl ToString) -> SnapshotError {
    SnapshotError::Read(error.to_string())
}

/// The quads the reading threads send, one at a time. Ends with an error
/// if a thread failed to finish.
pub(crate) struct GraphReader {
    receiver: Receiver<Chunk>,
    workers: Vec<JoinHandle<()>>,
    chunk: std::vec::IntoIter<Quad>,
}

impl Iterator for GraphReader {
    type Item = Result<Quad, SnapshotError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(quad) = self.chunk.next() {
                return Some(Ok(quad));
            }
            match self.receiver.recv() {
                Ok(Ok(chunk)) => self.chunk = chunk.into_iter(),
                Ok(Err(error)) => return Some(Err(error)),
                // Every thread is done: a thread that panicked sent less
                // than its share, which must not pass for the whole graph.
                Err(_) => {
                    let panicked = self
                        .workers
                        .drain(..)
                        .map(JoinHandle::join)
                        .filter(Result::is_err)
                        .count()
                        > 0;
                    return panicked.then(|| Err(failed("a thread reading the store failed")));
                }
            }
        }
    }
}
