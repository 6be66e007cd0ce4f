//! The graphs of another engine, as a push reads and writes them: through
//! its Graph Store Protocol, or, for a server without Graph Store writes,
//! through SPARQL Update (each graph replaced by one `DROP` and one
//! `INSERT DATA`, streamed) and read back with SPARQL queries.

use std::io::{Cursor, Read};

use oxigraph::model::NamedNodeRef;

use crate::remote::client::{Endpoint, Opener, Payload, refused};
use crate::remote::error::RemoteError;
use crate::remote::graph_store::{Graph, Triples};
use crate::run::{Answer, QueryRequest};

/// Where a push writes graphs.
#[derive(Debug)]
pub enum RemoteGraphs {
    /// A Graph Store Protocol endpoint.
    GraphStore(Endpoint),
    /// A SPARQL Update endpoint, and the query endpoint it is read from.
    SparqlUpdate {
        /// Where updates go.
        update: Endpoint,
        /// Where graphs are read back.
        query: Endpoint,
    },
}

impl RemoteGraphs {
    /// The URL written to.
    pub fn url(&self) -> &str {
        match self {
            Self::GraphStore(store) => store.url(),
            Self::SparqlUpdate { update, .. } => update.url(),
        }
    }

    /// The named graph's triples as they arrive; `None` when there is no
    /// such graph (through SPARQL, a graph with no triples).
    pub fn read(&self, graph: NamedNodeRef<'_>) -> Result<Option<Triples>, RemoteError> {
        match self {
            Self::GraphStore(store) => store.read_graph(Graph::Named(graph)),
            Self::SparqlUpdate { query, .. } => {
                let request = QueryRequest {
                    text: format!(
                        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
                    ),
                    ..QueryRequest::default()
                };
                let url = query.url().to_owned();
                match query.run(&request, None, &url) {
                    Ok(Answer::Graph(triples)) => {
                        let mut triples = triples.peekable();
                        if triples.peek().is_none() {
                            return Ok(None);
                        }
                        Ok(Some(Box::new(triples.map(move |t| {
                            t.map_err(|e| RemoteError::BadAnswer {
                                url: url.clone(),
                                message: e.to_string(),
                            })
                        }))))
                    }
                    Ok(_) => Err(RemoteError::BadAnswer {
                        url,
                        message: "a CONSTRUCT was not answered with triples".to_owned(),
                    }),
                    Err(crate::QueryError::Remote(remote)) => Err(remote),
                    Err(other) => Err(RemoteError::BadAnswer {
                        url,
                        message: other.to_string(),
                    }),
                }
            }
        }
    }

    /// Replaces the named graph with the `length` bytes of N-Triples that
    /// `open` streams.
    pub fn replace(
        &self,
        graph: NamedNodeRef<'_>,
        length: u64,
        open: &mut Opener<'_>,
    ) -> Result<(), RemoteError> {
        match self {
            Self::GraphStore(store) => store.put_graph(Graph::Named(graph), length, open),
            Self::SparqlUpdate { update, .. } => {
                let head =
                    format!("DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n");
                // Standard INSERT DATA, blank nodes and all. (Virtuoso 7.2
                // refuses blank nodes there, and fails to compile a large
                // INSERT … WHERE {} template: use its Graph Store endpoint.)
                let tail = "} }\n";
                let total = head.len() as u64 + length + tail.len() as u64;
                let mut wrapped = || -> Box<dyn Read + '_> {
                    Box::new(
                        Cursor::new(head.clone().into_bytes())
                            .chain(open())
                            .chain(tail.as_bytes()),
                    )
                };
                update.send_update(Payload::Stream(
                    "application/sparql-update",
                    total,
                    &mut wrapped,
                ))
            }
        }
    }

    /// Deletes the named graph; `false` when there was none to delete
    /// (through SPARQL Update, always `true`).
    pub fn delete(&self, graph: NamedNodeRef<'_>) -> Result<bool, RemoteError> {
        match self {
            Self::GraphStore(store) => store.delete_graph(Graph::Named(graph)),
            Self::SparqlUpdate { update, .. } => {
                let text = format!("DROP SILENT GRAPH {graph}");
                update.send_update(Payload::Bytes(
                    "application/sparql-update",
                    text.into_bytes(),
                ))?;
                Ok(true)
            }
        }
    }
}

impl Endpoint {
    /// POSTs an update.
    fn send_update(&self, payload: Payload<'_, '_>) -> Result<(), RemoteError> {
        let response = self.exchange("POST", self.url(), None, payload)?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(refused(self.url(), response))
        }
    }
}
