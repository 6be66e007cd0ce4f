//! Saved queries as an API: `/api/queries` lists them, `/api/queries/NAME`
//! runs one with its parameters from the URL, typed and bound into the
//! parsed query as the CLI binds them (never pasted into its text), a page
//! of rows at a time with `Link: <…>; rel="next"`, and `/api/openapi.json`
//! describes them all as an OpenAPI 3 document built from the queries'
//! headers.

use actorgraph_query::{ParamType, Requirement, SavedQuery, parse_query, split_example};
use hyper::header::{ACCEPT, CONTENT_TYPE, HeaderValue, LINK};
use hyper::{Method, Response, StatusCode};
use serde_json::{Map, Value, json};
use spargebra::Query;

use crate::body::{Body, full};
use crate::formats::AnswerKind;
use crate::problem::Problem;
use crate::protocol::{Job, Page, job_bindings};
use crate::sparql::choose;
use crate::state::{Params, Request, State, run_job};

/// Rows per page unless `limit` says otherwise.
const DEFAULT_LIMIT: u64 = 100;

/// The most rows a page holds.
const MAX_LIMIT: u64 = 1000;

/// Parameters of every saved query's URL that are not the query's own.
const RESERVED: [&str; 3] = ["limit", "offset", "format"];

/// Answers a request under `/api/`.
pub(crate) async fn handle(state: &State, request: Request) -> Result<Response<Body>, Problem> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return Err(Problem::method_not_allowed(
            "GET, HEAD",
            "the API is read-only: saved queries are run with GET",
        ));
    }
    let path = request.uri().path().to_owned();
    match path.trim_end_matches('/') {
        "/api/openapi.json" => Ok(json_response(&openapi(&state.config.queries))),
        "/api/queries" => Ok(json_response(&list(&state.config.queries))),
        other => match other.strip_prefix("/api/queries/") {
            Some(name) => run_saved(state, &request, name).await,
            None => Err(Problem::new(
                StatusCode::NOT_FOUND,
                "not-found",
                format!(
                    "nothing is at {path}; /api/queries lists the saved queries, /api/openapi.json describes them"
                ),
            )),
        },
    }
}

fn json_response(document: &Value) -> Response<Body> {
    let mut response = Response::new(full(format!("{document:#}\n")));
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn find<'a>(state: &'a State, name: &str) -> Result<&'a SavedQuery, Problem> {
    state
        .config
        .queries
        .iter()
        .find(|q| q.name == name)
        .ok_or_else(|| {
            Problem::new(
                StatusCode::NOT_FOUND,
                "no-such-query",
                format!("no saved query is named '{name}'; /api/queries lists them"),
            )
        })
}

/// Runs saved query `name` with the URL's parameters.
async fn run_saved(
    state: &State,
    request: &Request,
    name: &str,
) -> Result<Response<Body>, Problem> {
    let query = find(state, name)?;
    let url = Params::of_query(request.uri().query());
    let given: Vec<(String, String)> = url
        .pairs()
        .filter(|(n, _)| !RESERVED.contains(&n.as_str()))
        .cloned()
        .collect();
    let bad = |e: &dyn std::fmt::Display| {
        Problem::new(StatusCode::BAD_REQUEST, "bad-parameter", e.to_string())
    };
    let bindings = query.bind(&given).map_err(|e| bad(&e))?;
    let parsed =
        parse_query(&query.text, query.base.as_deref(), &query.origin).map_err(|e| bad(&e))?;
    let select = matches!(parsed, Query::Select { .. });
    let kind = match parsed {
        Query::Select { .. } | Query::Ask { .. } => AnswerKind::Results,
        Query::Construct { .. } | Query::Describe { .. } => AnswerKind::Graph,
    };
    let accept = request.headers().get(ACCEPT).and_then(|v| v.to_str().ok());
    let format = choose(kind, &url, accept)?;
    let number = |name: &str, default: u64| -> Result<u64, Problem> {
        match url.one(name)? {
            None => Ok(default),
            Some(text) => text.parse::<u64>().map_err(|_| {
                Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad-parameter",
                    format!("{name}={text} is not a whole number of rows"),
                )
            }),
        }
    };
    let limit = number("limit", DEFAULT_LIMIT)?;
    let offset = number("offset", 0)?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-parameter",
            format!("limit={limit}: a page holds 1 to {MAX_LIMIT} rows"),
        ));
    }
    let job = Job::Query {
        text: query.text.clone(),
        bindings: job_bindings(&bindings),
        format,
        timeout_ms: state.timeout_ms(),
        page: select.then_some(Page { offset, limit }),
    };
    let (mut response, head) = run_job(state, &job, format).await?;
    if head.more {
        let mut next = form_urlencoded::Serializer::new(String::new());
        for (n, v) in url.pairs().filter(|(n, _)| n != "offset") {
            next.append_pair(n, v);
        }
        next.append_pair("offset", &(offset.saturating_add(limit)).to_string());
        let link = format!("</api/queries/{name}?{}>; rel=\"next\"", next.finish());
        if let Ok(value) = HeaderValue::from_str(&link) {
            response.headers_mut().insert(LINK, value);
        }
    }
    Ok(response)
}

/// The saved queries, for `/api/queries`.
fn list(queries: &[SavedQuery]) -> Value {
    Value::Array(
        queries
            .iter()
            .map(|q| {
                json!({
                    "name": q.name,
                    "summary": q.summary,
                    "url": format!("/api/queries/{}", q.name),
                    "parameters": q.params.iter().map(|p| json!({
                        "name": p.name,
                        "type": p.kind.to_string(),
                        "required": p.requirement == Requirement::Required,
                        "description": p.description,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

/// The JSON Schema of a parameter's values.
fn schema(kind: ParamType, requirement: &Requirement) -> Value {
    let mut schema = match kind {
        ParamType::Iri => json!({"type": "string",
            "pattern": "^[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"{}|\\\\^`]*$",
            "description": "an absolute IRI, or a prefixed name such as actor:osce"}),
        ParamType::String => json!({"type": "string"}),
        ParamType::LangString => {
            json!({"type": "string", "pattern": "^.*@[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$"})
        }
        ParamType::Integer => json!({"type": "integer", "format": "int64"}),
        ParamType::Decimal => json!({"type": "number"}),
        ParamType::Boolean => json!({"type": "boolean"}),
        ParamType::Date => json!({"type": "string", "format": "date"}),
        ParamType::DateTime => json!({"type": "string", "format": "date-time"}),
    };
    if let Requirement::Default(value) = requirement {
        schema["default"] = match kind {
            ParamType::Integer => value.parse::<i64>().map_or(json!(value), Value::from),
            ParamType::Boolean => value.parse::<bool>().map_or(json!(value), Value::from),
            _ => json!(value),
        };
    }
    schema
}

/// The OpenAPI 3 document of the saved queries.
fn openapi(queries: &[SavedQuery]) -> Value {
    let problem = json!({"$ref": "#/components/responses/Problem"});
    let mut paths = Map::new();
    for query in queries {
        let examples: Vec<Vec<(String, String)>> =
            query.examples.iter().map(|e| split_example(e)).collect();
        let mut parameters: Vec<Value> = query
            .params
            .iter()
            .map(|param| {
                let mut parameter = json!({
                    "name": param.name,
                    "in": "query",
                    "required": param.requirement == Requirement::Required,
                    "description": format!("{} ({})", param.description, param.kind),
                    "schema": schema(param.kind, &param.requirement),
                });
                let example = examples
                    .iter()
                    .flatten()
                    .find(|(name, _)| name == &param.name);
                if let Some((_, value)) = example {
                    parameter["example"] = json!(value);
                }
                parameter
            })
            .collect();
        parameters.extend([
            json!({"$ref": "#/components/parameters/limit"}),
            json!({"$ref": "#/components/parameters/offset"}),
        ]);
        let description = format!(
            "{}\n\nThe SPARQL it runs, with the parameters bound as typed terms:\n\n```sparql\n{}\n```",
            query.description.trim(),
            query.text.trim()
        );
        paths.insert(
            format!("/api/queries/{}", query.name),
            json!({"get": {
                "operationId": query.name,
                "summary": query.summary,
                "description": description,
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "The answer: SPARQL results (a page of rows for a SELECT). A `Link` header with rel=\"next\" gives the next page when there is one.",
                        "headers": {"Link": {"description": "The next page", "schema": {"type": "string"}}},
                        "content": {
                            "application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
                            "application/sparql-results+xml": {"schema": {"type": "string"}},
                            "text/csv": {"schema": {"type": "string"}},
                            "text/tab-separated-values": {"schema": {"type": "string"}}
                        }
                    },
                    "400": problem, "406": problem, "503": problem
                }
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "actorgraph saved queries",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Each saved query of this actorgraph store as an operation: its parameters are typed and bound into the parsed query, never pasted into its text. The SPARQL endpoint itself is at /sparql."
        },
        "paths": paths,
        "components": {
            "parameters": {
                "limit": {"name": "limit", "in": "query", "required": false,
                    "description": "Rows per page (SELECT only).",
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}},
                "offset": {"name": "offset", "in": "query", "required": false,
                    "description": "Rows passed over before the page (SELECT only).",
                    "schema": {"type": "integer", "minimum": 0, "default": 0}}
            },
            "responses": {
                "Problem": {
                    "description": "What is wrong, as problem details (RFC 9457).",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                }
            },
            "schemas": {
                "Problem": {"type": "object", "required": ["type", "title", "status", "detail"],
                    "properties": {
                        "type": {"type": "string"}, "title": {"type": "string"},
                        "status": {"type": "integer"}, "detail": {"type": "string"}}},
                "SparqlResults": {"type": "object", "required": ["head"],
                    "properties": {
                        "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}}}},
                        "boolean": {"type": "boolean"},
                        "results": {"type": "object", "properties": {"bindings": {"type": "array",
                            "items": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Term"}}}}}}},
                "Term": {"type": "object", "required": ["type", "value"],
                    "properties": {
                        "type": {"type": "string", "enum": ["uri", "literal", "bnode", "triple"]},
                        "value": {}, "datatype": {"type": "string"}, "xml:lang": {"type": "string"}}}
            }
        }
    })
}
