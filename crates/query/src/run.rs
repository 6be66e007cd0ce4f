//! Running SPARQL on a store. The default graph is the store's own default
//! graph (actorgraph keeps the merged graph of its sources there) unless
//! the query names its dataset with FROM; parameters are bound as typed RDF
//! terms into the parsed query; and a time limit holds whatever the query
//! does.
//!
//! Oxigraph checks its cancellation token only when it reads the store, so
//! a query whose work is an in-memory join or aggregate would run on past
//! any limit. Here the query is parsed and evaluated on a worker thread of
//! its own, and its answer comes through a bounded channel: the caller waits
//! for each part only until the deadline, then cancels the token and gets
//! [`QueryError::Timeout`]. The worker stops at its next read of the store;
//! one deep in an in-memory join, which reads no store, runs on until the
//! process ends (Oxigraph offers no way to stop it sooner).

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, sync_channel};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use spargebra::{Query, SparqlParser};

use crate::bind::bind;
use crate::error::QueryError;
use crate::nesting::{MAX_NESTING, depth};

/// One row of a SELECT answer: a value (or none) per variable.
pub type Row = Vec<Option<Term>>;

/// The answer to a query.
pub enum Answer {
    /// SELECT: the variables and the rows, in order.
    Solutions {
        /// The projected variables.
        variables: Vec<Variable>,
        /// The rows, as they are computed.
        rows: Box<dyn Iterator<Item = Result<Row, QueryError>>>,
    },
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT or DESCRIBE: the triples, as they are computed.
    Graph(Box<dyn Iterator<Item = Result<Triple, QueryError>>>),
}

/// A query to run.
#[derive(Debug, Clone, Default)]
pub struct QueryRequest {
    /// The SPARQL text.
    pub text: String,
    /// The base IRI the text's relative IRIs (`<x>`) resolve against, such
    /// as a query file's own `file:` IRI; without one they are an error.
    pub base: Option<String>,
    /// Values for variables, bound as typed terms.
    pub bindings: Vec<(Variable, Term)>,
    /// Stop the query after this long.
    pub timeout: Option<Duration>,
    /// Let SERVICE clauses call remote SPARQL endpoints over HTTP.
    pub allow_service: bool,
}

/// Parses a query, naming `origin` (a file, or where the text came from)
/// in errors; relative IRIs resolve against `base`.
pub fn parse_query(text: &str, base: Option<&str>, origin: &str) -> Result<Query, QueryError> {
    if depth(text) > MAX_NESTING {
        return Err(QueryError::TooDeep {
            origin: origin.to_owned(),
            limit: MAX_NESTING,
        });
    }
    let syntax = |message: String| QueryError::Syntax {
        origin: origin.to_owned(),
        message,
    };
    let mut parser = SparqlParser::new();
    if let Some(base) = base {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| syntax(format!("bad base IRI <{base}>: {e}")))?;
    }
    parser.parse_query(text).map_err(|e| syntax(e.to_string()))
}

impl QueryRequest {
    /// The query with its parameters bound, as SPARQL text.
    pub fn bound_text(&self, origin: &str) -> Result<String, QueryError> {
        Ok(self.bound(origin)?.to_string())
    }

    /// The query parsed, with its parameters bound.
    pub(crate) fn bound(&self, origin: &str) -> Result<Query, QueryError> {
        let mut query = parse_query(&self.text, self.base.as_deref(), origin)?;
        bind(&mut query, &self.bindings)?;
        Ok(query)
    }
}

/// Stack for the worker thread: the parser and the evaluator recurse, and
/// [`MAX_NESTING`] keeps them well inside it.
const WORKER_STACK: usize = 64 << 20;

/// Rows or triples sent to the caller at a time.
const CHUNK: usize = 256;

/// Chunks that may wait in the channel before the worker pauses.
const CHUNKS_IN_FLIGHT: usize = 8;

/// What the worker sends: the kind of answer first, then its parts.
enum Message {
    Boolean(bool),
    Variables(Vec<Variable>),
    Graph,
    Rows(Vec<Row>),
    Triples(Vec<Triple>),
    Failed(QueryError),
    /// The answer is complete.
    Done,
}

/// Runs `request` on `store`; `origin` names the query in errors.
pub fn run(store: &Store, request: &QueryRequest, origin: &str) -> Result<Answer, QueryError> {
    let token = CancellationToken::new();
    let (sender, receiver) = sync_channel(CHUNKS_IN_FLIGHT);
    let work = {
        let (store, request, origin, token) = (
            store.clone(),
            request.clone(),
            origin.to_owned(),
            token.clone(),
        );
        move || evaluate(&store, &request, &origin, token, &sender)
    };
    let worker = thread::Builder::new()
        .name("query".into())
        .stack_size(WORKER_STACK)
        .spawn(work)
        .map_err(|e| QueryError::Evaluation(format!("cannot start the query's thread: {e}")))?;
    let mut answer = Incoming {
        receiver: Some(receiver),
        deadline: request.timeout.map(|limit| (Instant::now() + limit, limit)),
        token,
        worker: Some(worker),
    };
    match answer.next_message()? {
        Some(Message::Boolean(value)) => Ok(Answer::Boolean(value)),
        Some(Message::Variables(variables)) => Ok(Answer::Solutions {
            variables,
            rows: Box::new(answer.parts(|m| match m {
                Message::Rows(rows) => Some(rows),
                _ => None,
            })),
        }),
        Some(Message::Graph) => Ok(Answer::Graph(Box::new(answer.parts(|m| match m {
            Message::Triples(triples) => Some(triples),
            _ => None,
        })))),
        Some(Message::Failed(error)) => Err(error),
        Some(_) | None => Err(QueryError::Evaluation(
            "the query's thread stopped without an answer".into(),
        )),
    }
}

/// How long a stopped worker is waited for, so that it lets go of the
/// store before the process may end.
const GRACE: Duration = Duration::from_millis(500);

/// The caller's end of the channel, with the deadline and the worker.
struct Incoming {
    receiver: Option<Receiver<Message>>,
    deadline: Option<(Instant, Duration)>,
    token: CancellationToken,
    worker: Option<JoinHandle<()>>,
}

impl Incoming {
    /// The next message, waiting until the deadline at most; `None` when
    /// the worker is done.
    fn next_message(&mut self) -> Result<Option<Message>, QueryError> {
        let Some(receiver) = &self.receiver else {
            return Ok(None);
        };
        let Some((deadline, limit)) = self.deadline else {
            return Ok(receiver.recv().ok());
        };
        let wait = deadline.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(wait) {
            Ok(message) => Ok(Some(message)),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
            Err(RecvTimeoutError::Timeout) => {
                self.token.cancel();
                self.deadline = None;
                Err(QueryError::Timeout { limit })
            }
        }
    }

    /// The parts of the answer, one at a time, ending at the first error.
    fn parts<T: 'static>(
        mut self,
        unpack: fn(Message) -> Option<Vec<T>>,
    ) -> impl Iterator<Item = Result<T, QueryError>> {
        let mut chunk = Vec::new().into_iter();
        let mut done = false;
        std::iter::from_fn(move || {
            loop {
                if let Some(part) = chunk.next() {
                    return Some(Ok(part));
                }
                if done {
                    return None;
                }
                match self.next_message() {
                    Ok(Some(Message::Failed(error))) | Err(error) => {
                        done = true;
                        return Some(Err(error));
                    }
                    Ok(Some(Message::Done)) => return None,
                    Ok(Some(message)) => chunk = unpack(message).unwrap_or_default().into_iter(),
                    // The worker went away without finishing: it panicked.
                    Ok(None) => {
                        done = true;
                        return Some(Err(QueryError::Evaluation(
                            "the query's thread stopped before the answer was complete".into(),
                        )));
                    }
                }
            }
        })
    }
}

impl Drop for Incoming {
    /// Nobody reads the rest: the worker is told to stop, and waited for a
    /// short while. A process that ends while a thread still uses its
    /// RocksDB store can abort in RocksDB's own teardown; a worker that
    /// finished, or stopped at its next read of the store, has let go of it.
    /// One deep in an in-memory join, which reads no store, is left behind.
    fn drop(&mut self) {
        self.token.cancel();
        // Hanging up wakes a worker waiting to send.
        drop(self.receiver.take());
        if let Some(worker) = self.worker.take() {
            let stopping = Instant::now();
            while !worker.is_finished() && stopping.elapsed() < GRACE {
                thread::sleep(Duration::from_millis(5));
            }
            if worker.is_finished() {
                // Its panic, if any, was already an error of the answer.
                let _ = worker.join();
            }
        }
    }
}

/// The worker: parses, binds and evaluates, sending the answer in chunks;
/// stops when the caller hangs up.
fn evaluate(
    store: &Store,
    request: &QueryRequest,
    origin: &str,
    token: CancellationToken,
    sender: &SyncSender<Message>,
) {
    let limit = request.timeout;
    let failed = move |e: QueryEvaluationError| evaluation_error(e, limit);
    let prepared = (|| {
        let mut query = parse_query(&request.text, request.base.as_deref(), origin)?;
        bind(&mut query, &request.bindings)?;
        let shown = shown_variables(&query);
        let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token);
        // No network unless asked for: SERVICE calls fail by default.
        evaluator = if request.allow_service {
            match request.timeout {
                Some(timeout) => evaluator.with_http_timeout(timeout),
                None => evaluator,
            }
        } else {
            evaluator.without_default_http_service_handler()
        };
        let results = evaluator
            .for_query(query)
            .on_store(store)
            .execute()
            .map_err(failed)?;
        Ok::<_, QueryError>((results, shown))
    })();
    let (results, shown) = match prepared {
        Ok(prepared) => prepared,
        Err(error) => {
            let _ = sender.send(Message::Failed(error));
            return;
        }
    };
    match results {
        QueryResults::Boolean(value) => {
            let _ = sender.send(Message::Boolean(value));
        }
        QueryResults::Graph(triples) => {
            if sender.send(Message::Graph).is_ok() {
                send_chunks(sender, triples.map(|t| t.map_err(failed)), Message::Triples);
            }
        }
        QueryResults::Solutions(solutions) => {
            let all: Vec<Variable> = solutions.variables().to_vec();
            let keep: Vec<usize> = shown
                .iter()
                .filter_map(|v| all.iter().position(|a| a == v))
                .collect();
            if sender.send(Message::Variables(shown)).is_ok() {
                let rows = solutions.map(|solution| {
                    let solution = solution.map_err(failed)?;
                    let values = solution.values();
                    Ok(keep
                        .iter()
                        .map(|&i| values.get(i).cloned().flatten())
                        .collect())
                });
                send_chunks(sender, rows, Message::Rows);
            }
        }
    }
}

/// Sends `parts` in chunks, then the error that ended them, if any.
fn send_chunks<T>(
    sender: &SyncSender<Message>,
    parts: impl Iterator<Item = Result<T, QueryError>>,
    wrap: fn(Vec<T>) -> Message,
) {
    let mut chunk = Vec::with_capacity(CHUNK);
    for part in parts {
        match part {
            Ok(part) => chunk.push(part),
            Err(error) => {
                if !chunk.is_empty() && sender.send(wrap(chunk)).is_err() {
                    return;
                }
                let _ = sender.send(Message::Failed(error));
                return;
            }
        }
        if chunk.len() == CHUNK {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
            if sender.send(wrap(full)).is_err() {
                return;
            }
        }
    }
    if !chunk.is_empty() && sender.send(wrap(chunk)).is_err() {
        return;
    }
    let _ = sender.send(Message::Done);
}

/// The variables a SELECT shows, in order.
fn shown_variables(query: &Query) -> Vec<Variable> {
    let Query::Select { pattern, .. } = query else {
        return Vec::new();
    };
    let mut node = pattern;
    loop {
        match node {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => {
                node = inner.as_ref();
            }
            GraphPattern::Project { variables, .. } => return variables.clone(),
            _ => return Vec::new(),
        }
    }
}

fn evaluation_error(error: QueryEvaluationError, limit: Option<Duration>) -> QueryError {
    match error {
        QueryEvaluationError::Cancelled => QueryError::Timeout {
            limit: limit.unwrap_or_default(),
        },
        QueryEvaluationError::UnsupportedService(service) => {
            QueryError::Service(service.into_string())
        }
        QueryEvaluationError::Service(e) => {
            QueryError::Evaluation(format!("a SERVICE call failed: {e}"))
        }
        other => QueryError::Evaluation(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphNameRef, LiteralRef, NamedNodeRef, QuadRef};

    fn store_with(n: usize) -> Store {
        let store = Store::new().unwrap();
        for i in 0..n {
            let s = format!("https://e.org/{i}");
            store
                .insert(QuadRef::new(
                    NamedNodeRef::new_unchecked(&s),
                    NamedNodeRef::new_unchecked("https://e.org/p"),
                    LiteralRef::new_simple_literal("o"),
                    GraphNameRef::DefaultGraph,
                ))
                .unwrap();
        }
        store
    }

    #[test]
    fn a_runaway_in_memory_join_stops_at_its_limit() {
        let store = store_with(200);
        let request = QueryRequest {
            text:
                "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
                    .into(),
            timeout: Some(Duration::from_millis(300)),
            ..QueryRequest::default()
        };
        let started = Instant::now();
        let error = run(&store, &request, "test").err().unwrap();
        assert!(matches!(error, QueryError::Timeout { .. }), "{error}");
        // The answer to 200^5 rows is far away: only the limit can stop it.
        assert!(started.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn rows_come_through_in_order_and_relative_iris_resolve() {
        let store = store_with(600);
        let request = QueryRequest {
            text: "SELECT ?s (<x> AS ?x) { ?s ?p ?o } ORDER BY ?s".into(),
            base: Some("file:///queries/".into()),
            ..QueryRequest::default()
        };
        let Answer::Solutions { variables, rows } = run(&store, &request, "test").unwrap() else {
            panic!("a SELECT gives solutions");
        };
        assert_eq!(variables.len(), 2);
        let rows: Vec<Row> = rows.collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 600);
        assert_eq!(
            rows[0][1],
            Some(Term::NamedNode(oxigraph::model::NamedNode::new_unchecked(
                "file:///queries/x"
            )))
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_the_parser() {
        let text = format!("SELECT * {}{}", "{".repeat(5000), "}".repeat(5000));
        let error = parse_query(&text, None, "-e").err().unwrap();
        assert!(matches!(error, QueryError::TooDeep { .. }), "{error}");
    }
}
