//! Running SPARQL queries on the store: the default graph is the merged
//! graph of the loaded sources (`merged.rs`; unless the query names its own
//! dataset with FROM), parameters are bound as typed RDF terms into the
//! parsed query, and a timeout cancels a runaway query.

use std::thread;
use std::time::Duration;

use oxigraph::model::{Term, Triple, Variable};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use spargebra::algebra::GraphPattern;
use spargebra::{Query, SparqlParser};

use crate::bind::bind;
use crate::error::{LoadError, QueryError};
use crate::store::GraphStore;

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
    /// Values for variables, bound as typed terms.
    pub bindings: Vec<(Variable, Term)>,
    /// Cancel the query after this long.
    pub timeout: Option<Duration>,
    /// Let SERVICE clauses call remote SPARQL endpoints over HTTP.
    pub allow_service: bool,
}

/// Parses a query, naming `origin` (a file or `-e`) in errors.
pub fn parse_query(text: &str, origin: &str) -> Result<Query, QueryError> {
    SparqlParser::new()
        .parse_query(text)
        .map_err(|e| QueryError::Syntax {
            origin: origin.to_owned(),
            message: e.to_string(),
        })
}

impl QueryRequest {
    /// The query with its parameters bound, as SPARQL text.
    pub fn bound_text(&self, origin: &str) -> Result<String, QueryError> {
        let mut query = parse_query(&self.text, origin)?;
        bind(&mut query, &self.bindings)?;
        Ok(query.to_string())
    }
}

impl GraphStore {
    /// Runs `request` on the store.
    pub fn query(&self, request: &QueryRequest, origin: &str) -> Result<Answer, QueryError> {
        let mut query = parse_query(&request.text, origin)?;
        bind(&mut query, &request.bindings)?;
        let shown = shown_variables(&query);
        let token = CancellationToken::new();
        let mut evaluator = SparqlEvaluator::new().with_cancellation_token(token.clone());
        // No network unless asked for: SERVICE calls fail by default.
        evaluator = if request.allow_service {
            match request.timeout {
                Some(timeout) => evaluator.with_http_timeout(timeout),
                None => evaluator,
            }
        } else {
            evaluator.without_default_http_service_handler()
        };
        let prepared = evaluator.for_query(query);
        if let Some(timeout) = request.timeout {
            cancel_after(token, timeout);
        }
        let seconds = request.timeout.map(|t| t.as_secs_f64());
        let failed = move |e: QueryEvaluationError| evaluation_error(e, seconds);
        match prepared
            .on_store(self.oxigraph())
            .execute()
            .map_err(failed)?
        {
            QueryResults::Boolean(value) => Ok(Answer::Boolean(value)),
            QueryResults::Graph(triples) => Ok(Answer::Graph(Box::new(
                triples.map(move |t| t.map_err(failed)),
            ))),
            QueryResults::Solutions(solutions) => {
                let all: Vec<Variable> = solutions.variables().to_vec();
                let keep: Vec<usize> = shown
                    .iter()
                    .filter_map(|v| all.iter().position(|a| a == v))
                    .collect();
                let rows = solutions.map(move |solution| {
                    let solution = solution.map_err(failed)?;
                    let values = solution.values();
                    Ok(keep
                        .iter()
                        .map(|&i| values.get(i).cloned().flatten())
                        .collect())
                });
                Ok(Answer::Solutions {
                    variables: shown,
                    rows: Box::new(rows),
                })
            }
        }
    }
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

/// Cancels `token` after `timeout`. Cancelling a query that has finished
/// does nothing, so the timer need not be stopped.
fn cancel_after(token: CancellationToken, timeout: Duration) {
    thread::spawn(move || {
        thread::sleep(timeout);
        token.cancel();
    });
}

fn evaluation_error(error: QueryEvaluationError, timeout: Option<f64>) -> QueryError {
    match error {
        QueryEvaluationError::Cancelled => QueryError::Timeout {
            seconds: timeout.unwrap_or_default(),
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

impl From<LoadError> for QueryError {
    fn from(error: LoadError) -> Self {
        Self::Store(error)
    }
}
