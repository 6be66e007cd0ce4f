//! Queries on a remote SPARQL 1.1 endpoint (the Protocol's POST of a
//! form): the query bound as it would be locally and sent as text, with
//! the dataset that makes the remote read what actorgraph's default graph
//! means, and the answer parsed into the same [`Answer`] a local run gives,
//! so that it prints byte for byte the same.

use std::io::Read;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
    SliceQueryResultsParserOutput,
};
use spargebra::Query;

use crate::error::QueryError;
use crate::remote::client::{Endpoint, Payload, media_type, refused};
use crate::remote::error::RemoteError;
use crate::remote::portable::{letters_first, portable};
use crate::run::{Answer, QueryRequest, Row};
use actorgraph_model::vocab::{ag, layout};

/// What to accept for SELECT and ASK: the formats that keep every term's
/// kind and datatype.
const RESULTS: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9";

/// What to accept for CONSTRUCT and DESCRIBE.
const GRAPHS: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5";

/// A small answer, read whole.
enum Small {
    Rows(Vec<Row>),
    Boolean(bool),
}

/// The graphs a query reads: SPARQL's `default-graph-uri` and
/// `named-graph-uri`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    /// The graphs whose merge is the default graph.
    pub default_graphs: Vec<NamedNode>,
    /// The graphs `GRAPH` may read.
    pub named_graphs: Vec<NamedNode>,
}

impl Dataset {
    /// The dataset a push gives another engine: the merged graph as the
    /// default graph, every other graph it pushed as a named graph — what
    /// a query on the store reads.
    pub fn pushed(graphs: impl IntoIterator<Item = NamedNode>) -> Self {
        Self {
            default_graphs: vec![layout::MERGED_GRAPH.into_owned()],
            named_graphs: graphs
                .into_iter()
                .filter(|g| g.as_ref() != layout::MERGED_GRAPH)
                .collect(),
        }
    }
}

/// The text a remote run of `request` sends: its parameters bound, its
/// `LATERAL` written as SPARQL 1.1 where it can be, its variables starting
/// with a letter.
pub fn remote_text(request: &QueryRequest, origin: &str) -> Result<String, QueryError> {
    Ok(prepared(request, origin)?.1)
}

/// Whether `request` asks for triples, and the text a remote run sends.
fn prepared(request: &QueryRequest, origin: &str) -> Result<(bool, String), QueryError> {
    let query = portable(request.bound(origin)?);
    let graph = matches!(query, Query::Construct { .. } | Query::Describe { .. });
    Ok((graph, letters_first(&query.to_string())))
}

impl Endpoint {
    /// Runs `request` here, reading `dataset` (or the endpoint's own
    /// default dataset); `origin` names the query in errors.
    pub fn run(
        &self,
        request: &QueryRequest,
        dataset: Option<&Dataset>,
        origin: &str,
    ) -> Result<Answer, QueryError> {
        let (graph, text) = prepared(request, origin)?;
        let response = self.post_query(&text, dataset, if graph { GRAPHS } else { RESULTS })?;
        let url = self.url().to_owned();
        let kind = media_type(&response);
        let body = response.into_body().into_reader();
        let unreadable = |message: String| {
            QueryError::Remote(RemoteError::BadAnswer {
                url: url.clone(),
                message,
            })
        };
        if graph {
            let format = RdfFormat::from_media_type(&kind)
                .ok_or_else(|| unreadable(format!("it came as '{kind}', not as RDF")))?;
            let url = url.clone();
            let triples = RdfParser::from_format(format)
                .for_reader(body)
                .map(move |quad| {
                    quad.map(Into::into).map_err(|e| {
                        QueryError::Remote(RemoteError::BadAnswer {
                            url: url.clone(),
                            message: e.to_string(),
                        })
                    })
                });
            return Ok(Answer::Graph(Box::new(triples)));
        }
        let format = QueryResultsFormat::from_media_type(&kind)
            .filter(|f| matches!(f, QueryResultsFormat::Json | QueryResultsFormat::Xml))
            .ok_or_else(|| {
                unreadable(format!(
                    "it came as '{kind}', not as SPARQL results in JSON or XML"
                ))
            })?;
        match QueryResultsParser::from_format(format)
            .for_reader(body)
            .map_err(|e| unreadable(e.to_string()))?
        {
            ReaderQueryResultsParserOutput::Boolean(value) => Ok(Answer::Boolean(value)),
            ReaderQueryResultsParserOutput::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let rows = solutions.map(move |solution| -> Result<Row, QueryError> {
                    solution.map(|s| s.values().to_vec()).map_err(|e| {
                        QueryError::Remote(RemoteError::BadAnswer {
                            url: url.clone(),
                            message: e.to_string(),
                        })
                    })
                });
                Ok(Answer::Solutions {
                    variables,
                    rows: Box::new(rows),
                })
            }
        }
    }

    /// POSTs `query` as a form with the dataset's parameters.
    pub(crate) fn post_query(
        &self,
        query: &str,
        dataset: Option<&Dataset>,
        accept: &str,
    ) -> Result<ureq::http::Response<ureq::Body>, RemoteError> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("query", query);
        if let Some(dataset) = dataset {
            for graph in &dataset.default_graphs {
                form.append_pair("default-graph-uri", graph.as_str());
            }
            for graph in &dataset.named_graphs {
                form.append_pair("named-graph-uri", graph.as_str());
            }
        }
        let body = form.finish().into_bytes();
        let response = self.exchange(
            "POST",
            self.url(),
            Some(accept),
            Payload::Bytes("application/x-www-form-urlencoded", body),
        )?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(refused(self.url(), response))
        }
    }

    /// The answer to a small question actorgraph asks (about its own
    /// records, or what a remote supports), read whole.
    fn small_answer(&self, query: &str, dataset: Option<&Dataset>) -> Result<Small, RemoteError> {
        let response = self.post_query(query, dataset, RESULTS)?;
        let kind = media_type(&response);
        let bad = |message: String| RemoteError::BadAnswer {
            url: self.url().to_owned(),
            message,
        };
        let format = QueryResultsFormat::from_media_type(&kind)
            .ok_or_else(|| bad(format!("it came as '{kind}', not as SPARQL results")))?;
        let mut text = Vec::new();
        response
            .into_body()
            .into_reader()
            .read_to_end(&mut text)
            .map_err(|e| bad(e.to_string()))?;
        match QueryResultsParser::from_format(format)
            .for_slice(&text)
            .map_err(|e| bad(e.to_string()))?
        {
            SliceQueryResultsParserOutput::Solutions(solutions) => {
                let mut rows = Vec::new();
                for solution in solutions {
                    rows.push(solution.map_err(|e| bad(e.to_string()))?.values().to_vec());
                }
                Ok(Small::Rows(rows))
            }
            SliceQueryResultsParserOutput::Boolean(value) => Ok(Small::Boolean(value)),
        }
    }

    /// The rows of a SELECT.
    pub(crate) fn rows(&self, query: &str) -> Result<Vec<Row>, RemoteError> {
        match self.small_answer(query, None)? {
            Small::Rows(rows) => Ok(rows),
            Small::Boolean(_) => Err(self.unexpected("a yes or no came where rows were asked for")),
        }
    }

    /// The answer to an ASK, reading `dataset`.
    pub(crate) fn ask(&self, query: &str, dataset: Option<&Dataset>) -> Result<bool, RemoteError> {
        match self.small_answer(query, dataset)? {
            Small::Boolean(value) => Ok(value),
            Small::Rows(_) => Err(self.unexpected("rows came where a yes or no was asked for")),
        }
    }

    fn unexpected(&self, message: &str) -> RemoteError {
        RemoteError::BadAnswer {
            url: self.url().to_owned(),
            message: message.to_owned(),
        }
    }

    /// The dataset of what actorgraph pushed here, from the push record;
    /// `None` when nothing was pushed (no record).
    pub fn pushed_dataset(&self) -> Result<Option<Dataset>, RemoteError> {
        let graphs = self.rows(&format!(
            "SELECT DISTINCT ?graph WHERE {{ GRAPH <{}> {{ ?graph <{}> ?role }} }}",
            layout::PUSH_RECORD.as_str(),
            layout::PUSHED_AS.as_str()
        ))?;
        let graphs: Vec<NamedNode> = graphs
            .into_iter()
            .filter_map(|row| match row.into_iter().next()? {
                Some(Term::NamedNode(n)) => Some(n),
                _ => None,
            })
            .collect();
        Ok((!graphs.is_empty()).then(|| Dataset::pushed(graphs)))
    }

    /// The IRI that stands for `iri` in the merged graph pushed here (the
    /// representative `owl:sameAs` made it one with), or `iri` itself.
    pub fn representative(&self, iri: NamedNodeRef<'_>) -> Result<NamedNode, RemoteError> {
        let found = self.rows(&format!(
            "SELECT ?representative WHERE {{ GRAPH <{}> {{ {iri} <{}> ?representative }} }} LIMIT 1",
            layout::METADATA_GRAPH.as_str(),
            layout::REPRESENTED_BY.as_str()
        ))?;
        Ok(
            match found
                .into_iter()
                .next()
                .and_then(|row| row.into_iter().next())
            {
                Some(Some(Term::NamedNode(representative))) => representative,
                _ => iri.into_owned(),
            },
        )
    }

    /// The prefixes the pushed sources declared, name and namespace, in the
    /// order a local store lists them (sources by IRI, each one's sorted).
    pub fn source_prefixes(&self) -> Result<Vec<(String, String)>, RemoteError> {
        let rows = self.rows(&format!(
            "SELECT ?source ?prefix WHERE {{ GRAPH <{}> {{ ?source <{}> ?prefix }} }}",
            layout::METADATA_GRAPH.as_str(),
            ag::PREFIX.as_str()
        ))?;
        let mut declared: Vec<(String, (String, String))> = rows
            .into_iter()
            .filter_map(|row| match row.as_slice() {
                [Some(Term::NamedNode(source)), Some(Term::Literal(prefix))] => {
                    let (name, iri) = prefix.value().split_once('=')?;
                    Some((
                        source.as_str().to_owned(),
                        (name.to_owned(), iri.to_owned()),
                    ))
                }
                _ => None,
            })
            .collect();
        declared.sort();
        Ok(declared.into_iter().map(|(_, prefix)| prefix).collect())
    }
}
