//! The SPARQL 1.1 Graph Store HTTP Protocol, graphs named indirectly
//! (`?graph=IRI`, `?default`): a graph read as a stream of triples,
//! replaced by a stream of N-Triples, deleted.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNodeRef, Triple};

use crate::remote::client::{Endpoint, Opener, Payload, media_type, refused};
use crate::remote::error::RemoteError;

/// A graph of a graph store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Graph<'a> {
    /// The default graph (`?default`).
    Default,
    /// A named graph (`?graph=IRI`).
    Named(NamedNodeRef<'a>),
}

/// A graph's triples as they arrive.
pub type Triples = Box<dyn Iterator<Item = Result<Triple, RemoteError>>>;

/// What to accept when reading a graph.
const GRAPH_FORMATS: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5";

impl Endpoint {
    /// The graph's URL at this graph store.
    fn graph_url(&self, graph: Graph<'_>) -> String {
        match graph {
            Graph::Default => self.url_with(&[("default", "")]),
            Graph::Named(iri) => self.url_with(&[("graph", iri.as_str())]),
        }
    }

    /// Replaces `graph` with the `length` bytes of N-Triples `open` streams
    /// (called again for every attempt).
    pub fn put_graph(
        &self,
        graph: Graph<'_>,
        length: u64,
        open: &mut Opener<'_>,
    ) -> Result<(), RemoteError> {
        let url = self.graph_url(graph);
        let response = self.exchange(
            "PUT",
            &url,
            None,
            Payload::Stream("application/n-triples", length, open),
        )?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(refused(&url, response))
        }
    }

    /// Deletes `graph`; `false` when the store had no such graph.
    pub fn delete_graph(&self, graph: Graph<'_>) -> Result<bool, RemoteError> {
        let url = self.graph_url(graph);
        let response = self.exchange("DELETE", &url, None, Payload::Empty)?;
        match response.status().as_u16() {
            404 => Ok(false),
            _ if response.status().is_success() => Ok(true),
            _ => Err(refused(&url, response)),
        }
    }

    /// The triples of `graph` as they arrive; `None` when the store has no
    /// such graph.
    pub fn read_graph(&self, graph: Graph<'_>) -> Result<Option<Triples>, RemoteError> {
        let url = self.graph_url(graph);
        let response = self.exchange("GET", &url, Some(GRAPH_FORMATS), Payload::Empty)?;
        if response.status().as_u16() == 404 {
            return Ok(None);
        }
        if !response.status().is_success() {
            return Err(refused(&url, response));
        }
        let kind = media_type(&response);
        let format = RdfFormat::from_media_type(&kind).ok_or_else(|| RemoteError::BadAnswer {
            url: url.clone(),
            message: format!("the graph came as '{kind}', not as RDF"),
        })?;
        let triples = RdfParser::from_format(format)
            .for_reader(response.into_body().into_reader())
            .map(move |quad| {
                quad.map(Into::into).map_err(|e| RemoteError::BadAnswer {
                    url: url.clone(),
                    message: e.to_string(),
                })
            });
        Ok(Some(Box::new(triples)))
    }
}
