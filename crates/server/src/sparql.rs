//! The SPARQL 1.1 Protocol at `/sparql`: queries by GET, by url-encoded
//! POST and by direct POST, the dataset given by `default-graph-uri` and
//! `named-graph-uri`, answers in the format the client accepts, updates
//! refused (the store changes only through `actorgraph load`), and a
//! service description for a GET without a query.

use actorgraph_model::{Format, PrefixMap};
use actorgraph_query::{parse_query, write_graph};
use hyper::header::{ACCEPT, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Response, StatusCode};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use spargebra::Query;
use spargebra::algebra::QueryDataset;

use crate::body::{Body, full};
use crate::formats::{AnswerFormat, AnswerKind, negotiate};
use crate::problem::Problem;
use crate::protocol::Job;
use crate::state::{Params, Request, State, read_body, run_job};

/// Answers a request to `/sparql`.
pub(crate) async fn handle(state: &State, request: Request) -> Result<Response<Body>, Problem> {
    let url = Params::of_query(request.uri().query());
    let accept = header(&request, ACCEPT);
    match *request.method() {
        Method::GET | Method::HEAD => {
            if url.has("update") {
                return Err(update_refused());
            }
            match url.one("query")? {
                Some(text) => query(state, text, &url, &url, accept.as_deref()).await,
                None => service_description(&request, &url, accept.as_deref()),
            }
        }
        Method::POST => {
            let media = header(&request, CONTENT_TYPE).map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            });
            match media.as_deref() {
                Some("application/x-www-form-urlencoded") => {
                    let body = read_body(state, request).await?;
                    let form = Params::of_form(&body);
                    if form.has("update") {
                        return Err(update_refused());
                    }
                    let Some(text) = form.one("query")? else {
                        return Err(Problem::new(
                            StatusCode::BAD_REQUEST,
                            "missing-query",
                            "the form has no 'query' field",
                        ));
                    };
                    // The dataset may be in the form or in the URL.
                    let dataset = if form.has("default-graph-uri") || form.has("named-graph-uri") {
                        &form
                    } else {
                        &url
                    };
                    let format = if form.has("format") { &form } else { &url };
                    query(state, text, dataset, format, accept.as_deref()).await
                }
                Some("application/sparql-query") => {
                    let body = read_body(state, request).await?;
                    let text = String::from_utf8(body.to_vec()).map_err(|e| {
                        Problem::new(
                            StatusCode::BAD_REQUEST,
                            "malformed-query",
                            format!("the query is not UTF-8: {e}"),
                        )
                    })?;
                    query(state, &text, &url, &url, accept.as_deref()).await
                }
                Some("application/sparql-update") => Err(update_refused()),
                Some(other) => Err(Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    format!(
                        "a query is POSTed as application/sparql-query or as a form (application/x-www-form-urlencoded), not as {other}"
                    ),
                )),
                None => Err(Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "the POST has no Content-Type: send application/sparql-query or a form (application/x-www-form-urlencoded)",
                )),
            }
        }
        _ => Err(Problem::method_not_allowed(
            "GET, HEAD, POST",
            "the SPARQL endpoint answers GET and POST",
        )),
    }
}

fn update_refused() -> Problem {
    Problem::method_not_allowed(
        "GET, HEAD, POST",
        "this endpoint is read-only: SPARQL updates are refused; change the data with `actorgraph load` or `actorgraph unload`, which keep each fact's source",
    )
}

fn header(request: &Request, name: hyper::header::HeaderName) -> Option<String> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Runs a query: parsed here, so that a bad one is a 400 and the answer's
/// format is known before a worker is used. `dataset` holds the request's
/// graph parameters, `formats` its `format` parameters.
async fn query(
    state: &State,
    text: &str,
    dataset: &Params,
    formats: &Params,
    accept: Option<&str>,
) -> Result<Response<Body>, Problem> {
    let mut parsed = parse_query(text, None, "the query")
        .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, "malformed-query", e.to_string()))?;
    let kind = match parsed {
        Query::Select { .. } | Query::Ask { .. } => AnswerKind::Results,
        Query::Construct { .. } | Query::Describe { .. } => AnswerKind::Graph,
    };
    let format = choose(kind, formats, accept)?;
    let defaults = graph_iris(dataset, "default-graph-uri")?;
    let named = graph_iris(dataset, "named-graph-uri")?;
    let text = if defaults.is_empty() && named.is_empty() {
        text.to_owned()
    } else {
        let (Query::Select { dataset, .. }
        | Query::Ask { dataset, .. }
        | Query::Construct { dataset, .. }
        | Query::Describe { dataset, .. }) = &mut parsed;
        *dataset = Some(QueryDataset {
            default: defaults,
            named: (!named.is_empty()).then_some(named),
        });
        parsed.to_string()
    };
    let job = Job::Query {
        text,
        bindings: Vec::new(),
        format,
        timeout_ms: state.timeout_ms(),
        page: None,
    };
    Ok(run_job(state, &job, format).await?.0)
}

/// The format of an answer of `kind`: a `format` parameter, else the
/// `Accept` header.
pub(crate) fn choose(
    kind: AnswerKind,
    params: &Params,
    accept: Option<&str>,
) -> Result<AnswerFormat, Problem> {
    negotiate(kind, params.all("format"), accept)
        .map_err(|detail| Problem::new(StatusCode::NOT_ACCEPTABLE, "not-acceptable", detail))
}

fn graph_iris(params: &Params, name: &str) -> Result<Vec<NamedNode>, Problem> {
    params
        .all(name)
        .map(|iri| {
            NamedNode::new(iri).map_err(|e| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad-graph-iri",
                    format!("{name}={iri} is not an absolute IRI: {e}"),
                )
            })
        })
        .collect()
}

/// The vocabulary of SPARQL service descriptions.
const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

/// The W3C's names of the formats answers come in.
fn format_iri(format: AnswerFormat) -> &'static str {
    use actorgraph_query::ResultsFormat;
    match format {
        AnswerFormat::Results(ResultsFormat::Json) => "SPARQL_Results_JSON",
        AnswerFormat::Results(ResultsFormat::Xml) => "SPARQL_Results_XML",
        AnswerFormat::Results(ResultsFormat::Csv) => "SPARQL_Results_CSV",
        AnswerFormat::Results(ResultsFormat::Tsv) => "SPARQL_Results_TSV",
        AnswerFormat::Rdf(Format::Turtle) => "Turtle",
        AnswerFormat::Rdf(Format::NTriples) => "N-Triples",
        AnswerFormat::Rdf(Format::RdfXml) => "RDF_XML",
        AnswerFormat::Rdf(Format::JsonLd) => "JSON-LD",
        AnswerFormat::Rdf(Format::NQuads) => "N-Quads",
        AnswerFormat::Rdf(Format::TriG) => "TriG",
    }
}

/// The service description (SPARQL 1.1 Service Description): what the
/// endpoint speaks and the formats its answers come in.
fn service_description(
    request: &Request,
    url: &Params,
    accept: Option<&str>,
) -> Result<Response<Body>, Problem> {
    let format = choose(AnswerKind::Graph, url, accept)?;
    let AnswerFormat::Rdf(rdf) = format else {
        unreachable!("a graph is written in an RDF format")
    };
    let host = request
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let rdf_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    let service = BlankNode::default();
    let dataset = BlankNode::default();
    let graph = BlankNode::default();
    let on =
        |s: &BlankNode, p: NamedNode, o: Term| Triple::new(NamedOrBlankNode::from(s.clone()), p, o);
    let mut triples = vec![
        on(&service, rdf_type.clone(), sd("Service").into()),
        on(
            &service,
            sd("endpoint"),
            NamedNode::new(format!("http://{host}/sparql"))
                .map_err(|e| {
                    Problem::new(StatusCode::BAD_REQUEST, "bad-host", format!("Host: {e}"))
                })?
                .into(),
        ),
        on(&service, sd("supportedLanguage"), sd("SPARQL11Query").into()),
        on(&service, sd("defaultDataset"), dataset.clone().into()),
        on(&dataset, rdf_type.clone(), sd("Dataset").into()),
        on(&dataset, sd("defaultGraph"), graph.clone().into()),
        on(&graph, rdf_type, sd("Graph").into()),
        on(
            &graph,
            NamedNode::new_unchecked("http://purl.org/dc/terms/description"),
            Literal::new_simple_literal(
                "the merged graph: every source's statements, with what the alignments and owl:sameAs links derive; each source's own statements are in a named graph",
            )
            .into(),
        ),
    ];
    for answer in [AnswerKind::Results, AnswerKind::Graph]
        .into_iter()
        .flat_map(AnswerFormat::all)
    {
        triples.push(on(
            &service,
            sd("resultFormat"),
            NamedNode::new_unchecked(format!(
                "http://www.w3.org/ns/formats/{}",
                format_iri(answer)
            ))
            .into(),
        ));
    }
    let mut prefixes = PrefixMap::new();
    prefixes.add("sd", SD);
    let mut out = Vec::new();
    write_graph(triples.into_iter().map(Ok), rdf, &prefixes, &mut out)
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    let mut response = Response::new(full(out));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&format.content_type()).expect("media types are ASCII"),
    );
    Ok(response)
}
