//! What a remote supports, found by asking it: the SPARQL Protocol's
//! operations and result formats, whether it honours the dataset
//! parameters and reads the union of its graphs by default, the Graph
//! Store Protocol, and whether actorgraph pushed there. Read-only unless a
//! graph store is given: then one scratch graph is written and deleted.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oxigraph::model::{NamedNode, Term};

use crate::remote::client::{Endpoint, Payload, TimeLimit, media_type};
use crate::remote::error::RemoteError;
use crate::remote::graph_store::Graph;
use crate::remote::sparql::Dataset;

/// Whether a remote does something, with what showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    /// It does: how, when that is worth saying.
    Yes(String),
    /// It does not: what it answered.
    No(String),
    /// Could not be told: why.
    Unknown(String),
}

impl Support {
    fn yes() -> Self {
        Self::Yes(String::new())
    }

    /// `yes`, `no` or `unknown`.
    pub fn word(&self) -> &'static str {
        match self {
            Self::Yes(_) => "yes",
            Self::No(_) => "no",
            Self::Unknown(_) => "unknown",
        }
    }

    /// What showed it (empty for a plain yes).
    pub fn note(&self) -> &str {
        match self {
            Self::Yes(note) | Self::No(note) | Self::Unknown(note) => note,
        }
    }
}

/// What a remote supports.
#[derive(Debug, Clone)]
pub struct Capabilities {
    /// Queries by GET (`?query=`).
    pub query_get: Support,
    /// Queries by POST of a form.
    pub query_post_form: Support,
    /// Queries by POST of the query itself (`application/sparql-query`).
    pub query_post_direct: Support,
    /// Each SPARQL results format, by media type.
    pub results_formats: Vec<(&'static str, Support)>,
    /// `default-graph-uri` sets the default graph.
    pub default_graph_uri: Support,
    /// `named-graph-uri` sets the named graphs.
    pub named_graph_uri: Support,
    /// The default graph, without dataset parameters, is the union of the
    /// named graphs.
    pub union_default_graph: Support,
    /// Graphs can be read with the Graph Store Protocol.
    pub graph_store_read: Support,
    /// Graphs can be written with the Graph Store Protocol (with the
    /// credentials given).
    pub graph_store_write: Support,
    /// How a query past the time asked for is reported.
    pub timeout: Support,
    /// The graphs actorgraph pushed here, if any.
    pub pushed_graphs: Option<usize>,
}

/// Results formats and their media types.
const FORMATS: [&str; 4] = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
];

/// The scratch graph's one triple.
const SCRATCH: &str = "<urn:actorgraph:check:s> <urn:actorgraph:check:p> \"probe\" .\n";

/// A query asked with a one-second limit that takes far longer anywhere
/// (10^8 combinations of constants, no data read).
const SLOW: &str = "SELECT (COUNT(*) AS ?n) WHERE { \
     VALUES ?a {0 1 2 3 4 5 6 7 8 9} VALUES ?b {0 1 2 3 4 5 6 7 8 9} \
     VALUES ?c {0 1 2 3 4 5 6 7 8 9} VALUES ?d {0 1 2 3 4 5 6 7 8 9} \
     VALUES ?e {0 1 2 3 4 5 6 7 8 9} VALUES ?f {0 1 2 3 4 5 6 7 8 9} \
     VALUES ?g {0 1 2 3 4 5 6 7 8 9} VALUES ?h {0 1 2 3 4 5 6 7 8 9} }";

impl Endpoint {
    /// Finds out what this SPARQL endpoint supports; `graph_store`, when
    /// given, is its Graph Store Protocol endpoint (written to once, a
    /// scratch graph, deleted again). `probe_timeout` also sends a query
    /// that runs long, asking the server to stop it after a second.
    pub fn check(
        &self,
        graph_store: Option<&Endpoint>,
        probe_timeout: bool,
    ) -> Result<Capabilities, RemoteError> {
        // Reaching it at all is the first finding: an error here is the
        // answer (unreachable, refused credentials).
        let query_post_form = self.ask_support("POST form", |e| {
            e.post_query("ASK {}", None, FORMATS[0])
                .map(|r| r.status().as_u16())
        })?;
        let query_get = self.ask_support("GET", |e| {
            let url = e.url_with(&[("query", "ASK {}")]);
            e.exchange("GET", &url, Some(FORMATS[0]), Payload::Empty)
                .map(|r| r.status().as_u16())
        })?;
        // Some servers never answer this form (Virtuoso 7.2): a short wait.
        let impatient = Endpoint::new(
            self.url(),
            self.credentials.clone(),
            TimeLimit::Call(Duration::from_secs(5)),
        )?;
        let query_post_direct = impatient.ask_support("POST", |e| {
            e.exchange(
                "POST",
                e.url(),
                Some(FORMATS[0]),
                Payload::Bytes("application/sparql-query", b"ASK {}".to_vec()),
            )
            .map(|r| r.status().as_u16())
        })?;
        let results_formats = FORMATS
            .iter()
            .map(|format| Ok((*format, self.format_support(format)?)))
            .collect::<Result<Vec<_>, RemoteError>>()?;

        let scratch = NamedNode::new_unchecked(format!(
            "urn:actorgraph:check:{}",
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
        ));
        let (graph_store_write, wrote) = match graph_store {
            None => (
                Support::Unknown("no graph store URL was given".to_owned()),
                false,
            ),
            Some(store) => match store.put_graph(
                Graph::Named(scratch.as_ref()),
                SCRATCH.len() as u64,
                &mut || Box::new(SCRATCH.as_bytes()),
            ) {
                Ok(()) => (Support::yes(), true),
                Err(RemoteError::Refused {
                    status, message, ..
                }) => (Support::No(format!("HTTP {status} {message}")), false),
                Err(RemoteError::Unauthorized { scheme, .. }) => (
                    Support::No(format!("it asks for credentials ({scheme})")),
                    false,
                ),
                Err(other) => return Err(other),
            },
        };
        let graph_store_read = match graph_store {
            None => Support::Unknown("no graph store URL was given".to_owned()),
            Some(store) if wrote => match store
                .read_graph(Graph::Named(scratch.as_ref()))
                .map(|triples| triples.map(Iterator::count))
            {
                Ok(Some(1)) => Support::yes(),
                Ok(_) => Support::No("the graph just written did not come back".to_owned()),
                Err(e) => Support::No(e.to_string()),
            },
            Some(store) => match store.read_graph(Graph::Default) {
                Ok(_) => Support::yes(),
                Err(e) => Support::No(e.to_string()),
            },
        };

        // A triple known to be in a named graph (the scratch one, or any)
        // tells how the dataset is made.
        let known = if wrote {
            Some((
                scratch.clone(),
                SCRATCH.trim_end().trim_end_matches('.').to_owned(),
            ))
        } else {
            self.some_quad()?
        };
        let (union_default_graph, default_graph_uri, named_graph_uri) = match &known {
            None => {
                let why =
                    "no named graph holds a triple to ask about (give a graph store to write one)";
                (
                    Support::Unknown(why.to_owned()),
                    Support::Unknown(why.to_owned()),
                    Support::Unknown(why.to_owned()),
                )
            }
            Some((graph, triple)) => self.dataset_support(graph, triple)?,
        };
        if wrote && let Some(store) = graph_store {
            store.delete_graph(Graph::Named(scratch.as_ref()))?;
        }

        let timeout = if probe_timeout {
            self.timeout_support()?
        } else {
            Support::Unknown("not probed".to_owned())
        };
        let pushed_graphs = self.pushed_dataset()?.map(|d| d.named_graphs.len() + 1);
        Ok(Capabilities {
            query_get,
            query_post_form,
            query_post_direct,
            results_formats,
            default_graph_uri,
            named_graph_uri,
            union_default_graph,
            graph_store_read,
            graph_store_write,
            timeout,
            pushed_graphs,
        })
    }

    /// Whether an `ASK {}` sent `how` is answered: an error status is a
    /// "no", a failure to reach the server an error.
    fn ask_support(
        &self,
        how: &str,
        send: impl FnOnce(&Self) -> Result<u16, RemoteError>,
    ) -> Result<Support, RemoteError> {
        match send(self) {
            Ok(status) if (200..300).contains(&status) => Ok(Support::yes()),
            Ok(status) => Ok(Support::No(format!("{how}: HTTP {status}"))),
            Err(RemoteError::Refused { status, .. }) => {
                Ok(Support::No(format!("{how}: HTTP {status}")))
            }
            Err(RemoteError::Timeout { after, .. }) => Ok(Support::No(format!(
                "{how}: no answer within {} s",
                after.as_secs()
            ))),
            Err(other) => Err(other),
        }
    }

    /// Whether SELECT answers come in `format` when asked for.
    fn format_support(&self, format: &str) -> Result<Support, RemoteError> {
        match self.post_query("SELECT ?x WHERE { BIND(1 AS ?x) }", None, format) {
            Ok(response) => {
                let came = media_type(&response);
                Ok(if came == format {
                    Support::yes()
                } else {
                    Support::No(format!("asked for it, got '{came}'"))
                })
            }
            Err(RemoteError::Refused { status, .. }) => Ok(Support::No(format!("HTTP {status}"))),
            Err(other) => Err(other),
        }
    }

    /// Any quad of a named graph: its graph and its triple as SPARQL.
    fn some_quad(&self) -> Result<Option<(NamedNode, String)>, RemoteError> {
        let rows = self.rows(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } } LIMIT 1",
        )?;
        Ok(rows
            .into_iter()
            .next()
            .and_then(|row| match row.as_slice() {
                [Some(Term::NamedNode(g)), Some(s), Some(p), Some(o)] => {
                    Some((g.clone(), format!("{s} {p} {o}")))
                }
                _ => None,
            }))
    }

    /// Asks about `triple` in `graph` with and without dataset parameters.
    fn dataset_support(
        &self,
        graph: &NamedNode,
        triple: &str,
    ) -> Result<(Support, Support, Support), RemoteError> {
        let nowhere = NamedNode::new_unchecked("urn:actorgraph:check:no-such-graph");
        let ask = |query: &str, default: &[&NamedNode], named: &[&NamedNode]| {
            let dataset = Dataset {
                default_graphs: default.iter().map(|g| (*g).clone()).collect(),
                named_graphs: named.iter().map(|g| (*g).clone()).collect(),
            };
            let given = !(default.is_empty() && named.is_empty());
            self.ask(query, given.then_some(&dataset))
        };
        let plain = format!("ASK {{ {triple} }}");
        let in_graph = format!("ASK {{ GRAPH ?g {{ {triple} }} }}");
        let union = if ask(&plain, &[], &[])? {
            Support::yes()
        } else {
            Support::No(format!("a triple of {graph} is not in the default graph"))
        };
        let default = match (ask(&plain, &[graph], &[])?, ask(&plain, &[&nowhere], &[])?) {
            (true, false) => Support::yes(),
            (false, _) => Support::No(format!("the default graph set to {graph} lacks its triple")),
            (true, true) => {
                Support::No("a default graph set to an empty graph still has triples".to_owned())
            }
        };
        let named = match (
            ask(&in_graph, &[&nowhere], &[graph])?,
            ask(&in_graph, &[&nowhere], &[&nowhere])?,
        ) {
            (true, false) => Support::yes(),
            (false, _) => Support::No(format!("GRAPH ?g does not see {graph} when it is named")),
            (true, true) => Support::No("GRAPH ?g sees graphs that were not named".to_owned()),
        };
        Ok((union, default, named))
    }

    /// Sends [`SLOW`] asking for a one-second limit (`timeout`, the
    /// parameter Virtuoso and Fuseki read) and tells what came back within
    /// ten seconds.
    fn timeout_support(&self) -> Result<Support, RemoteError> {
        let patient = Endpoint::new(
            &self.url_with(&[("timeout", "1000")]),
            self.credentials.clone(),
            TimeLimit::Call(Duration::from_secs(10)),
        )?;
        Ok(match patient.post_query(SLOW, None, FORMATS[0]) {
            Ok(response) => {
                let state = response
                    .headers()
                    .iter()
                    .filter(|(name, _)| name.as_str().starts_with("x-"))
                    .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
                    .collect::<Vec<_>>()
                    .join(", ");
                Support::Yes(format!(
                    "an answer, maybe partial ({})",
                    if state.is_empty() { "no X- header says so" } else { &state }
                ))
            }
            Err(RemoteError::Refused { status, message, .. }) => {
                Support::Yes(format!("HTTP {status}: {message}"))
            }
            Err(RemoteError::Timeout { .. }) => Support::No(
                "no answer within 10 s: it did not stop the query by itself; --timeout stops waiting for it".to_owned(),
            ),
            Err(other) => return Err(other),
        })
    }
}
