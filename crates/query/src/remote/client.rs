//! The HTTP client every remote call goes through: it answers a server's
//! challenge with the credentials it was given (Basic or Digest; a token is
//! sent as Bearer), waits out a busy server (429 or 503, `Retry-After`) a
//! bounded number of times, and keeps to a time limit. Credentials never
//! appear in an error or a `Debug` print.

use std::fmt;
use std::io::Read;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use ureq::http::{Request, Response, Uri, header};
use ureq::{Agent, Body, SendBody};

use crate::remote::error::RemoteError;

/// How many times a busy server (429, 503) is asked again.
const BUSY_RETRIES: u32 = 4;

/// The longest wait for a busy server, whatever its `Retry-After` says.
const LONGEST_WAIT: Duration = Duration::from_secs(30);

/// What to show a server that asks who is calling. Read from the
/// environment or a prompt by the caller; never printed.
#[derive(Clone, Default)]
pub struct Credentials {
    /// The user name, for Basic or Digest authentication.
    pub user: Option<String>,
    /// The password, for Basic or Digest authentication.
    pub password: Option<String>,
    /// A token, sent as `Authorization: Bearer`.
    pub token: Option<String>,
}

impl Credentials {
    fn user_and_password(&self) -> Option<(&str, &str)> {
        Some((self.user.as_deref()?, self.password.as_deref()?))
    }

    /// Whether any credential was given.
    pub fn any(&self) -> bool {
        self.user_and_password().is_some() || self.token.is_some()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let given = |v: &Option<String>| if v.is_some() { "given" } else { "none" };
        f.debug_struct("Credentials")
            .field("user", &given(&self.user))
            .field("password", &given(&self.password))
            .field("token", &given(&self.token))
            .finish()
    }
}

/// Opens a request's body anew, for every attempt.
pub type Opener<'a> = dyn FnMut() -> Box<dyn Read + 'a> + 'a;

/// The body of a request: none, bytes, or a stream made anew for every
/// attempt (so that a request answered 401 or 503 can be sent again).
pub enum Payload<'a, 'b> {
    /// No body.
    Empty,
    /// A body held in memory, with its media type.
    Bytes(&'static str, Vec<u8>),
    /// A body read from a stream, with its media type and its length in
    /// bytes (sent as `Content-Length`: some servers, Virtuoso among
    /// them, drop a chunked body without a word).
    Stream(&'static str, u64, &'a mut Opener<'b>),
}

/// How the server asked to be told who is calling.
#[derive(Clone)]
enum Challenge {
    Basic,
    Digest(Box<WwwAuthenticateHeader>),
}

/// How long a call may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLimit {
    /// The whole call, answer included.
    Call(Duration),
    /// Any wait for the server to take or give the next bytes: for
    /// transfers whose size alone makes them long.
    Idle(Duration),
}

/// A remote SPARQL endpoint or graph store, at one URL.
pub struct Endpoint {
    url: String,
    agent: Agent,
    pub(crate) credentials: Credentials,
    challenge: Mutex<Option<Challenge>>,
    limit: TimeLimit,
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &self.url)
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl Endpoint {
    /// The endpoint at `url` (http or https), each call kept to `limit`. A
    /// URL holding credentials (`user:password@host`) is refused without
    /// repeating them.
    pub fn new(url: &str, credentials: Credentials, limit: TimeLimit) -> Result<Self, RemoteError> {
        let uri: Uri = url.parse().map_err(|e| RemoteError::BadUrl {
            url: url.to_owned(),
            reason: format!("{e}"),
        })?;
        let bad = |reason: &str| RemoteError::BadUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(bad("it must start with http:// or https://")),
        }
        let Some(authority) = uri.authority() else {
            return Err(bad("it names no host"));
        };
        if authority.as_str().contains('@') {
            return Err(RemoteError::BadUrl {
                url: format!(
                    "{}://…@{}{}",
                    uri.scheme_str().unwrap_or("http"),
                    authority.as_str().rsplit('@').next().unwrap_or_default(),
                    uri.path()
                ),
                reason: "it holds credentials, which would be shown and logged; \
                         they are taken from the environment or a prompt only"
                    .to_owned(),
            });
        }
        let config = Agent::config_builder().http_status_as_error(false);
        let config = match limit {
            TimeLimit::Call(limit) => config.timeout_global(Some(limit)),
            TimeLimit::Idle(limit) => config
                .timeout_per_read(Some(limit))
                .timeout_per_write(Some(limit)),
        };
        let agent = config
            .timeout_connect(Some(Duration::from_secs(10)))
            .user_agent(concat!("actorgraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Ok(Self {
            url: url.to_owned(),
            agent,
            credentials,
            challenge: Mutex::new(None),
            limit,
        })
    }

    /// The URL it was made with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL with `params` added to its query string.
    pub(crate) fn url_with(&self, params: &[(&str, &str)]) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in params {
            if value.is_empty() {
                // `?default`: a parameter without a value.
                query.append_key_only(name);
            } else {
                query.append_pair(name, value);
            }
        }
        let query = query.finish();
        let joint = if self.url.contains('?') { '&' } else { '?' };
        if query.is_empty() {
            self.url.clone()
        } else {
            format!("{}{joint}{query}", self.url)
        }
    }

    /// Sends one request and returns the server's answer, whatever its
    /// status but 401 (answered with the credentials, once per challenge)
    /// and 429 / 503 (asked again after a bounded wait).
    pub(crate) fn exchange(
        &self,
        method: &str,
        url: &str,
        accept: Option<&str>,
        mut payload: Payload<'_, '_>,
    ) -> Result<Response<Body>, RemoteError> {
        let started = Instant::now();
        // A stream is only worth sending once the server is known to take
        // it: learn its challenge first with a HEAD.
        if matches!(payload, Payload::Stream(..))
            && self.credentials.user_and_password().is_some()
            && self.current_challenge().is_none()
        {
            let probe = self.attempt("HEAD", url, accept, &mut Payload::Empty)?;
            self.learn(&probe, false)?;
        }
        let (mut answered, mut busy) = (false, 0);
        loop {
            let response = self.attempt(method, url, accept, &mut payload)?;
            match response.status().as_u16() {
                401 if !answered => {
                    answered = true;
                    self.learn(&response, true)?;
                }
                401 => {
                    return Err(RemoteError::Unauthorized {
                        url: url.to_owned(),
                        scheme: scheme(&response),
                        had_credentials: true,
                    });
                }
                status @ (429 | 503) if busy < BUSY_RETRIES => {
                    busy += 1;
                    let wait = retry_after(&response)
                        .unwrap_or(Duration::from_secs(1 << busy))
                        .min(LONGEST_WAIT);
                    if let TimeLimit::Call(limit) = self.limit
                        && started.elapsed() + wait > limit
                    {
                        return Err(RemoteError::Busy {
                            url: url.to_owned(),
                            status,
                            attempts: busy,
                        });
                    }
                    thread::sleep(wait);
                }
                status @ (429 | 503) => {
                    return Err(RemoteError::Busy {
                        url: url.to_owned(),
                        status,
                        attempts: busy + 1,
                    });
                }
                _ => return Ok(response),
            }
        }
    }

    fn current_challenge(&self) -> Option<Challenge> {
        self.challenge.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Remembers how a 401 answer asks to be authenticated; fails when no
    /// credentials can answer it.
    fn learn(&self, response: &Response<Body>, required: bool) -> Result<(), RemoteError> {
        if response.status().as_u16() != 401 {
            return Ok(());
        }
        let refused = |had_credentials| RemoteError::Unauthorized {
            url: self.url.clone(),
            scheme: scheme(response),
            had_credentials,
        };
        let mut learnt = None;
        for offer in response.headers().get_all(header::WWW_AUTHENTICATE) {
            let Ok(offer) = offer.to_str() else { continue };
            let kind = offer.split_whitespace().next().unwrap_or("");
            if kind.eq_ignore_ascii_case("digest") {
                if let Ok(parsed) = digest_auth::parse(offer) {
                    learnt = Some(Challenge::Digest(Box::new(parsed)));
                    break;
                }
            } else if kind.eq_ignore_ascii_case("basic") && learnt.is_none() {
                learnt = Some(Challenge::Basic);
            }
        }
        match (learnt, self.credentials.user_and_password()) {
            (Some(challenge), Some(_)) => {
                if let Ok(mut slot) = self.challenge.lock() {
                    *slot = Some(challenge);
                }
                Ok(())
            }
            _ if !required => Ok(()),
            _ => Err(refused(self.credentials.any())),
        }
    }

    /// One try: the request with its authorization, sent.
    fn attempt(
        &self,
        method: &str,
        url: &str,
        accept: Option<&str>,
        payload: &mut Payload<'_, '_>,
    ) -> Result<Response<Body>, RemoteError> {
        let mut request = Request::builder().method(method).uri(url);
        if let Some(accept) = accept {
            request = request.header(header::ACCEPT, accept);
        }
        if let Some(authorization) = self.authorization(method, url) {
            request = request.header(header::AUTHORIZATION, authorization);
        }
        let failed = |e: ureq::Error| self.failure(url, e);
        fn built<B>(
            url: &str,
            r: Result<Request<B>, ureq::http::Error>,
        ) -> Result<Request<B>, RemoteError> {
            r.map_err(|e| RemoteError::BadUrl {
                url: url.to_owned(),
                reason: e.to_string(),
            })
        }
        match payload {
            Payload::Empty => self
                .agent
                .run(built(url, request.body(SendBody::none()))?)
                .map_err(failed),
            Payload::Bytes(media_type, bytes) => {
                let request = request.header(header::CONTENT_TYPE, *media_type);
                self.agent
                    .run(built(url, request.body(bytes.as_slice()))?)
                    .map_err(failed)
            }
            Payload::Stream(media_type, length, open) => {
                let request = request
                    .header(header::CONTENT_TYPE, *media_type)
                    .header(header::CONTENT_LENGTH, *length);
                let mut reader = open();
                self.agent
                    .run(built(
                        url,
                        request.body(SendBody::from_reader(&mut reader)),
                    )?)
                    .map_err(failed)
            }
        }
    }

    /// The `Authorization` header for a request, if one is due.
    fn authorization(&self, method: &str, url: &str) -> Option<String> {
        if let Some(token) = &self.credentials.token {
            return Some(format!("Bearer {token}"));
        }
        let (user, password) = self.credentials.user_and_password()?;
        let mut slot = self.challenge.lock().ok()?;
        match slot.as_mut()? {
            Challenge::Basic => Some(format!(
                "Basic {}",
                STANDARD.encode(format!("{user}:{password}"))
            )),
            Challenge::Digest(offer) => {
                let uri: Uri = url.parse().ok()?;
                let path = uri.path_and_query().map_or("/", |p| p.as_str());
                let context = AuthContext::new_with_method(
                    user,
                    password,
                    path,
                    None::<&[u8]>,
                    HttpMethod::from(method.to_owned()),
                );
                offer.respond(&context).ok().map(|h| h.to_header_string())
            }
        }
    }

    fn failure(&self, url: &str, error: ureq::Error) -> RemoteError {
        match error {
            ureq::Error::Timeout(_) => RemoteError::Timeout {
                url: url.to_owned(),
                after: match self.limit {
                    TimeLimit::Call(limit) | TimeLimit::Idle(limit) => limit,
                },
            },
            other => RemoteError::Unreachable {
                url: url.to_owned(),
                message: other.to_string(),
            },
        }
    }
}

/// The scheme a 401 answer asks for, for an error message.
fn scheme(response: &Response<Body>) -> String {
    response
        .headers()
        .get_all(header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| {
            v.to_str()
                .ok()?
                .split_whitespace()
                .next()
                .map(str::to_owned)
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A `Retry-After` given in seconds (an HTTP date is read as "a moment").
fn retry_after(response: &Response<Body>) -> Option<Duration> {
    let value = response.headers().get(header::RETRY_AFTER)?.to_str().ok()?;
    Some(
        value
            .trim()
            .parse::<u64>()
            .map_or(Duration::from_secs(1), Duration::from_secs),
    )
}

/// A non-success answer as an error, with the start of what the server
/// said (one line; of a long text, its start and its end).
pub(crate) fn refused(url: &str, response: Response<Body>) -> RemoteError {
    let status = response.status().as_u16();
    let mut text = String::new();
    let _ = response
        .into_body()
        .into_reader()
        .take(1 << 16)
        .read_to_string(&mut text);
    let message: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The start says what failed; the end often says why (Virtuoso puts
    // the whole query between the two).
    let chars: Vec<char> = message.chars().collect();
    let message = if chars.len() > 400 {
        let start: String = chars[..200].iter().collect();
        let end: String = chars[chars.len() - 200..].iter().collect();
        format!("{start} … {end}")
    } else {
        message
    };
    RemoteError::Refused {
        url: url.to_owned(),
        status,
        message,
    }
}

/// The media type of an answer, without parameters, lower-cased.
pub(crate) fn media_type(response: &Response<Body>) -> String {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}
