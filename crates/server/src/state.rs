//! What the request handlers share: the server's state, a request's
//! parameters and body, and running a job on a worker for a response.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout};

use crate::ServerConfig;
use crate::body::{Body, streamed};
use crate::formats::AnswerFormat;
use crate::pool::{Outcome, Pool, PoolError};
use crate::problem::Problem;
use crate::protocol::{Head, Job};
use crate::search::TextIndex;

/// A request as hyper hands it over.
pub(crate) type Request = hyper::Request<Incoming>;

/// What every request handler shares.
pub(crate) struct State {
    pub(crate) config: ServerConfig,
    pub(crate) pool: Arc<Pool>,
    /// The search index of the checkpoint served, once it is built.
    pub(crate) index: RwLock<Option<Arc<TextIndex>>>,
}

impl State {
    /// Each query's time limit, in milliseconds.
    pub(crate) fn timeout_ms(&self) -> u64 {
        u64::try_from(self.config.timeout.as_millis()).unwrap_or(u64::MAX)
    }

    /// The search index, once one is built.
    pub(crate) fn text_index(&self) -> Option<Arc<TextIndex>> {
        self.index
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// How long a client may take to send a request's headers, or its body.
pub(crate) const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a worker may take beyond the query's own limit before it is
/// killed: the query stops itself at its limit when it can.
pub(crate) const GRACE: Duration = Duration::from_secs(2);

/// Reads a request's body, refusing one too large or too slow.
pub(crate) async fn read_body(state: &State, request: Request) -> Result<Bytes, Problem> {
    let limit = state.config.max_body;
    let too_large = || {
        Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            format!("the request's body is larger than this server takes ({limit} bytes)"),
        )
    };
    let declared = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let collected = timeout(
        READ_TIMEOUT,
        Limited::new(request.into_body(), limit).collect(),
    )
    .await
    .map_err(|_| {
        Problem::new(
            StatusCode::REQUEST_TIMEOUT,
            "slow-body",
            "the request's body did not arrive in time",
        )
    })?;
    match collected {
        Ok(body) => Ok(body.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Err(e) => Err(Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-body",
            format!("the request's body could not be read: {e}"),
        )),
    }
}

/// Runs a job on a worker: the head of its answer, and its pieces.
async fn start_job(
    state: &State,
    job: &Job,
) -> Result<(Head, mpsc::Receiver<Result<Bytes, std::io::Error>>), Problem> {
    let deadline = Instant::now() + state.config.timeout + GRACE;
    match state.pool.run(job, deadline).await {
        Ok(Outcome::Answer(head, receiver)) => Ok((head, receiver)),
        Ok(Outcome::Failed(failure)) => Err(Problem::from_failure(failure)),
        Err(PoolError::Busy) => Err(Problem::busy()),
        Err(PoolError::Broken(detail)) => Err(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            detail,
        )),
    }
}

/// Runs a job on a worker and answers with what it writes, in `format`,
/// and what the answer's head says.
pub(crate) async fn run_job(
    state: &State,
    job: &Job,
    format: AnswerFormat,
) -> Result<(Response<Body>, Head), Problem> {
    let (head, receiver) = start_job(state, job).await?;
    let mut response = Response::new(streamed(receiver));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&format.content_type())
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    Ok((response, head))
}

/// Runs a job on a worker and reads its whole answer (for a page of rows:
/// bounded).
pub(crate) async fn collect_job(state: &State, job: &Job) -> Result<Vec<u8>, Problem> {
    let (_, mut receiver) = start_job(state, job).await?;
    let mut bytes = Vec::new();
    while let Some(piece) = receiver.recv().await {
        let piece = piece.map_err(|e| {
            Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "query-failed",
                e.to_string(),
            )
        })?;
        bytes.extend_from_slice(&piece);
    }
    Ok(bytes)
}

/// The parameters of a URL's query string or of a form.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn of_query(query: Option<&str>) -> Self {
        Self::of_form(query.unwrap_or_default().as_bytes())
    }

    pub(crate) fn of_form(form: &[u8]) -> Self {
        Self(form_urlencoded::parse(form).into_owned().collect())
    }

    /// Every parameter, in order.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }

    /// Whether the parameter is given at all.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    /// Every value of a parameter.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a parameter given at most once.
    pub(crate) fn one<'a>(&'a self, name: &'a str) -> Result<Option<&'a str>, Problem> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "repeated-parameter",
                format!("'{name}' is given more than once; give it once"),
            ));
        }
        Ok(first)
    }
}
