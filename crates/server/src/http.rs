//! The HTTP side: the listening loop (a header-read timeout for slow
//! clients, a cap on connections, graceful shutdown on SIGINT and SIGTERM,
//! a new checkpoint on SIGHUP or when the store changed), the limits every
//! request meets, the routes, and one log line per request.

use std::convert::Infallible;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::Semaphore;
use tokio::time::{Instant, interval, timeout};

use crate::ServerConfig;
use crate::body::{Body, full};
use crate::error::ServerError;
use crate::pool::Pool;
use crate::problem::Problem;
use crate::served;
use crate::state::{READ_TIMEOUT, Request, State};
use crate::{api, graphs, network, pages, search, sparql};

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
        match search::build(&state.pool).await {
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
        "/sparql" => sparql::handle(state, request).await,
        "/graphs" => graphs::handle(state, request).await,
        path if path.starts_with("/api/") => api::handle(state, request).await,
        "/healthz" if matches!(*request.method(), Method::GET | Method::HEAD) => {
            let mut response = Response::new(full("ok\n"));
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            Ok(response)
        }
        _ => {
            if let Some(answer) = network::handle(state, &request).await {
                return answer;
            }
            if let Some(answer) = pages::handle(state, &request).await {
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
