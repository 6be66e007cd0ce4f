//! The Graph Store Protocol, read side, at `/graphs`: `GET` or `HEAD` with
//! `?graph=IRI` for one source's graph, `?default` for the merged graph.

use hyper::header::ACCEPT;
use hyper::{Method, Response, StatusCode};
use oxigraph::model::NamedNode;

use crate::body::Body;
use crate::formats::AnswerKind;
use crate::problem::Problem;
use crate::protocol::Job;
use crate::sparql::choose;
use crate::state::{Params, Request, State, run_job};

/// Answers a request to `/graphs`.
pub(crate) async fn handle(state: &State, request: Request) -> Result<Response<Body>, Problem> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return Err(Problem::method_not_allowed(
            "GET, HEAD",
            "the graph store is read-only: change the data with `actorgraph load` or `actorgraph unload`, which keep each fact's source",
        ));
    }
    let url = Params::of_query(request.uri().query());
    let graph = match (url.one("graph")?, url.has("default")) {
        (Some(iri), false) => Some(
            NamedNode::new(iri)
                .map_err(|e| {
                    Problem::new(
                        StatusCode::BAD_REQUEST,
                        "bad-graph-iri",
                        format!("graph={iri} is not an absolute IRI: {e}"),
                    )
                })?
                .into_string(),
        ),
        (None, true) => None,
        _ => {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "missing-graph",
                "name one graph: ?graph=IRI for a source's graph, or ?default for the merged graph",
            ));
        }
    };
    let accept = request.headers().get(ACCEPT).and_then(|v| v.to_str().ok());
    let format = choose(AnswerKind::Graph, &url, accept)?;
    Ok(run_job(state, &Job::Graph { graph, format }, format)
        .await?
        .0)
}
