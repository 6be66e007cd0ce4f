//! The HTTP side: the listening loop (a header-read timeout for slow
//! clients, a cap on connections, graceful shutdown on SIGINT and SIGTERM,
//! a new checkpoint on SIGHUP or when the store changed), the limits every
//! request meets, the routes, and one log line per request.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{Semaphore, mpsc};
use tokio::time::{Instant, interval, timeout};

use crate::ServerConfig;
use crate::body::{Body, full, streamed};
use crate::error::ServerError;
use crate::formats::AnswerFormat;
use crate::pool::{Outcome, Pool, PoolError};
use crate::problem::Problem;
use crate::protocol::{Head, Job};
use crate::search::TextIndex;
use crate::served;
use crate::sparql::GRACE;

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
}

/// How long a client may take to send a request's headers, or its body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long requests in flight may take to finish at shutdown.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(10);

/// Serves until SIGINT or SIGTERM.
pub(crate) async fn run(config: ServerConfig) -> Result<(), ServerError> {
    served::remove_abandoned(&config.store);
    let checkpoint = served::take(&config.store, 0)?;
    let listener =
        TcpListener::bind(config.address)
            .await
            .map_err(|source| ServerError::Listen {
                address: config.address.to_string(),
                source,
            })?;
    let address = listener
        .local_addr()
        .map_err(ServerError::io("reading the address listened on"))?;
    let pool = Arc::new(Pool::new(
        config.worker.clone(),
        checkpoint,
        config.workers,
        config.queue_wait,
    ));
    let state = Arc::new(State {
        config,
        pool,
        index: RwLock::new(None),
    });
    index(&state);
    (state.config.on_listening)(address);

    let connections = Arc::new(Semaphore::new(state.config.max_connections));
    let graceful = GracefulShutdown::new();
    let mut interrupt = signal(SignalKind::interrupt()).map_err(ServerError::io("SIGINT"))?;
    let mut terminate = signal(SignalKind::terminate()).map_err(ServerError::io("SIGTERM"))?;
    let mut hangup = signal(SignalKind::hangup()).map_err(ServerError::io("SIGHUP"))?;
    let mut look = interval(state.config.refresh_every);
    let mut generation = 0;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _peer)) = accepted else { continue };
                // Over the cap, the connection is closed at once.
                let Ok(permit) = connections.clone().try_acquire_owned() else { continue };
                let state = state.clone();
                let service = service_fn(move |request| {
                    let state = state.clone();
                    async move { Ok::<_, Infallible>(respond(&state, request).await) }
                });
                let connection = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(READ_TIMEOUT)
                    .max_buf_size(64 * 1024)
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                    drop(permit);
                });
            }
            _ = interrupt.recv() => break,
            _ = terminate.recv() => break,
            _ = hangup.recv() => {
                generation += 1;
                refresh(&state, generation, true);
            }
            _ = look.tick() => {
                if state.pool.checkpoint().is_outdated(&state.config.store).unwrap_or(false) {
                    generation += 1;
                    refresh(&state, generation, false);
                }
            }
        }
    }
    (state.config.log)("shutting down: finishing the requests in flight");
    drop(listener);
    let _ = timeout(SHUTDOWN_WAIT, graceful.shutdown()).await;
    Ok(())
}

/// Serves a new checkpoint of the store; when the store is busy, the next
/// look tries again.
fn refresh(state: &Arc<State>, generation: u64, asked: bool) {
    let store = &state.config.store;
    match served::take(store, generation) {
        Ok(checkpoint) => {
            state.pool.serve(checkpoint);
            (state.config.log)("serving the store as it is now");
            index(state);
        }
        Err(e) if asked => (state.config.log)(&format!("cannot refresh: {e}")),
        Err(_) => {}
    }
}

/// Builds the search index of the checkpoint now served, in the
/// background; searches use the previous one until it is ready.
fn index(state: &Arc<State>) {
    let state = Arc::clone(state);
    tokio::spawn(async move {
        let checkpoint = state.pool.checkpoint();
        match crate::search::build(&state).await {
            // A newer checkpoint may have come meanwhile: its index wins.
            Ok(index) if Arc::ptr_eq(&checkpoint, &state.pool.checkpoint()) => {
                (state.config.log)(&format!("search index ready: {} texts", index.len()));
                *state.index.write().unwrap_or_else(PoisonError::into_inner) =
                    Some(Arc::new(index));
            }
            Ok(_) => {}
            Err(e) => (state.config.log)(&format!("cannot build the search index: {e}")),
        }
    });
}

impl State {
    /// The search index, once one is built.
    pub(crate) fn text_index(&self) -> Option<Arc<TextIndex>> {
        self.index
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Answers one request and logs it: method, path, status and time, never
/// the query string unless the server was asked to.
async fn respond(state: &State, request: Request) -> Response<Body> {
    let started = Instant::now();
    let method = request.method().clone();
    let logged = if state.config.log_queries {
        request.uri().to_string()
    } else {
        request.uri().path().to_owned()
    };
    let response = route(state, request)
        .await
        .unwrap_or_else(|problem| problem.response());
    (state.config.log)(&format!(
        "{method} {logged} {} {} ms",
        response.status().as_u16(),
        started.elapsed().as_millis()
    ));
    response
}

async fn route(state: &State, request: Request) -> Result<Response<Body>, Problem> {
    let length = request.uri().to_string().len();
    if length > state.config.max_url {
        return Err(Problem::new(
            StatusCode::URI_TOO_LONG,
            "uri-too-long",
            format!(
                "the URL is {length} bytes long and this server takes at most {}; POST a long query instead",
                state.config.max_url
            ),
        ));
    }
    match request.uri().path() {
        "/sparql" => crate::sparql::handle(state, request).await,
        "/graphs" => crate::graphs::handle(state, request).await,
        path if path.starts_with("/api/") => crate::api::handle(state, request).await,
        "/healthz" if matches!(*request.method(), Method::GET | Method::HEAD) => {
            let mut response = Response::new(full("ok\n"));
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            Ok(response)
        }
        _ => {
            if let Some(answer) = crate::pages::handle(state, &request).await {
                return answer;
            }
            not_found(request.uri().path())
        }
    }
}

fn not_found(path: &str) -> Result<Response<Body>, Problem> {
    Err(Problem::new(
        StatusCode::NOT_FOUND,
        "not-found",
        format!(
            "nothing is at {path}; the pages start at /, the SPARQL endpoint is /sparql, the graphs are at /graphs, the saved queries at /api/queries"
        ),
    ))
}

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

/// The address a server listens on by default.
pub(crate) fn is_loopback(address: &SocketAddr) -> bool {
    address.ip().is_loopback()
}
