//! A query worker: a child process of the server that holds one checkpoint
//! of the store open read-only and answers jobs one at a time. Running
//! queries in a process of their own is what makes the time limit hold:
//! Oxigraph stops a query only when it next reads the store, so one busy in
//! an in-memory join would run on, but a process can always be killed.

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use actorgraph_loader::representative;

use actorgraph_model::PrefixMap;
use actorgraph_query::{
    Answer, QueryError, QueryRequest, declared_prefixes, run, write_boolean, write_graph,
    write_solutions,
};
use oxigraph::model::{GraphNameRef, NamedNode, Term, Variable};
use oxigraph::store::Store;

use crate::error::ServerError;
use crate::formats::AnswerFormat;
use crate::protocol::{Failure, Head, Job, Page, TIMED_OUT, Tag, write_frame};

/// How much of an answer is gathered before it is sent: an answer this
/// small, or a failure before this much was written, gets a real status.
const CHUNK: usize = 64 * 1024;

/// Answers the jobs that come on standard input until it closes.
pub fn run_worker(checkpoint: &Path) -> Result<(), ServerError> {
    let store = Store::open_read_only(checkpoint).map_err(|source| ServerError::Open {
        dir: checkpoint.to_owned(),
        source,
    })?;
    let mut stdout = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line.map_err(ServerError::io("reading a job"))?;
        let job: Job =
            serde_json::from_str(&line).map_err(|e| ServerError::BadJob(e.to_string()))?;
        let mut answer = FrameWriter::new(&mut stdout);
        let result = match job {
            Job::Query {
                text,
                bindings,
                format,
                timeout_ms,
                page,
            } => bound(&store, &bindings).and_then(|bindings| {
                let request = QueryRequest {
                    text,
                    bindings,
                    timeout: Some(Duration::from_millis(timeout_ms)),
                    ..QueryRequest::default()
                };
                answer_query(&store, &request, format, page, &mut answer)
            }),
            Job::Graph { graph, format } => write_store_graph(&store, graph, format, &mut answer),
        };
        let sent = match result {
            Ok(()) => answer.finish(),
            Err(failure) => answer.fail(&failure),
        };
        // The server went away, or killed this answer: nothing is left to do.
        if sent.is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// The job's bindings as terms, each IRI replaced by its representative,
/// as the CLI binds them.
fn bound(store: &Store, bindings: &[(String, String)]) -> Result<Vec<(Variable, Term)>, Failure> {
    let bad = |detail: String| Failure {
        status: 500,
        kind: "internal".into(),
        detail,
    };
    bindings
        .iter()
        .map(|(name, value)| {
            let variable = Variable::new(name).map_err(|e| bad(format!("?{name}: {e}")))?;
            let term = match Term::from_str(value).map_err(|e| bad(format!("{value}: {e}")))? {
                Term::NamedNode(iri) => representative(store, iri.as_ref())
                    .map_err(|e| bad(e.to_string()))?
                    .into(),
                term => term,
            };
            Ok((variable, term))
        })
        .collect()
}

fn answer_query(
    store: &Store,
    request: &QueryRequest,
    format: AnswerFormat,
    page: Option<Page>,
    out: &mut FrameWriter<'_>,
) -> Result<(), Failure> {
    let text = &request.text;
    let answer = run(store, request, "the request's query").map_err(failure)?;
    match (answer, format) {
        (Answer::Solutions { variables, rows }, AnswerFormat::Results(f)) => match page {
            None => write_solutions(&variables, rows, f, out),
            Some(Page { offset, limit }) => {
                let (offset, limit) = (to_usize(offset), to_usize(limit));
                let mut kept: Vec<_> = rows.skip(offset).take(limit.saturating_add(1)).collect();
                out.head.more = kept.len() > limit;
                kept.truncate(limit);
                write_solutions(&variables, kept.into_iter(), f, out)
            }
        },
        (Answer::Boolean(value), AnswerFormat::Results(f)) => write_boolean(value, f, out),
        (Answer::Graph(triples), AnswerFormat::Rdf(f)) => {
            write_graph(triples, f, &declared_prefixes(text), out)
        }
        (_, format) => {
            return Err(Failure {
                status: 500,
                kind: "internal".into(),
                detail: format!("the answer cannot be written as {format}"),
            });
        }
    }
    .map_err(failure)
}

fn write_store_graph(
    store: &Store,
    graph: Option<String>,
    format: AnswerFormat,
    out: &mut FrameWriter<'_>,
) -> Result<(), Failure> {
    let AnswerFormat::Rdf(format) = format else {
        return Err(Failure {
            status: 500,
            kind: "internal".into(),
            detail: format!("a graph cannot be written as {format}"),
        });
    };
    let name = match &graph {
        Some(iri) => Some(NamedNode::new(iri.as_str()).map_err(|e| Failure {
            status: 400,
            kind: "bad-graph-iri".into(),
            detail: format!("<{iri}> is not an IRI: {e}"),
        })?),
        None => None,
    };
    let graph_name = name
        .as_ref()
        .map_or(GraphNameRef::DefaultGraph, |n| n.as_ref().into());
    if let Some(named) = &name {
        let exists = store
            .contains_named_graph(named)
            .map_err(|e| failure(e.into()))?;
        if !exists {
            return Err(Failure {
                status: 404,
                kind: "no-such-graph".into(),
                detail: format!(
                    "the store has no graph <{named}>; the service description (GET /sparql) lists its graphs"
                ),
            });
        }
    }
    let triples = store
        .quads_for_pattern(None, None, None, Some(graph_name))
        .map(|quad| quad.map(Into::into).map_err(QueryError::from));
    write_graph(triples, format, &PrefixMap::builtin(), out).map_err(failure)
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The HTTP status and problem type of a failed query.
fn failure(error: QueryError) -> Failure {
    let (status, kind) = match &error {
        QueryError::Syntax { .. } | QueryError::TooDeep { .. } => (400, "malformed-query"),
        QueryError::Timeout { .. } => (503, TIMED_OUT),
        QueryError::Service(_) => (400, "service-not-allowed"),
        QueryError::Evaluation(_) => (400, "query-failed"),
        _ => (500, "internal"),
    };
    Failure {
        status,
        kind: kind.into(),
        detail: error.to_string(),
    }
}

/// Writes an answer as frames: a [`Head`] when the first piece is sent,
/// then pieces of [`CHUNK`] bytes.
struct FrameWriter<'a> {
    out: &'a mut dyn Write,
    head: Head,
    head_sent: bool,
    buffer: Vec<u8>,
}

impl<'a> FrameWriter<'a> {
    fn new(out: &'a mut dyn Write) -> Self {
        Self {
            out,
            head: Head::default(),
            head_sent: false,
            buffer: Vec::with_capacity(CHUNK),
        }
    }

    fn send(&mut self) -> io::Result<()> {
        if !self.head_sent {
            self.head_sent = true;
            let head = serde_json::to_vec(&self.head).map_err(io::Error::other)?;
            write_frame(self.out, Tag::Head, &head)?;
        }
        if !self.buffer.is_empty() {
            write_frame(self.out, Tag::Data, &self.buffer)?;
            self.buffer.clear();
        }
        self.out.flush()
    }

    fn finish(mut self) -> io::Result<()> {
        self.send()?;
        write_frame(self.out, Tag::End, b"")?;
        self.out.flush()
    }

    fn fail(self, failure: &Failure) -> io::Result<()> {
        if !self.head_sent {
            let json = serde_json::to_vec(failure).map_err(io::Error::other)?;
            write_frame(self.out, Tag::Failed, &json)?;
        } else {
            write_frame(self.out, Tag::Broken, failure.detail.as_bytes())?;
        }
        self.out.flush()
    }
}

impl Write for FrameWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Pieces go when they are full; the end sends the rest.
        Ok(())
    }
}
