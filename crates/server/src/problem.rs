//! Errors as HTTP answers: problem details (RFC 9457) in JSON, saying what
//! is wrong and what to do.

use hyper::header::{ALLOW, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use hyper::{Response, StatusCode};
use serde_json::json;

use crate::body::{Body, full};
use crate::protocol::Failure;

/// A problem to answer with.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    status: StatusCode,
    kind: String,
    detail: String,
    allow: Option<&'static str>,
    retry_after: Option<u64>,
}

impl Problem {
    /// A problem with `status`, of `kind` (a short name, which is also the
    /// last segment of its type URI).
    pub(crate) fn new(status: StatusCode, kind: &str, detail: impl Into<String>) -> Self {
        Self {
            status,
            kind: kind.to_owned(),
            detail: detail.into(),
            allow: None,
            retry_after: None,
        }
    }

    /// 405, naming the methods the resource allows.
    pub(crate) fn method_not_allowed(allow: &'static str, detail: impl Into<String>) -> Self {
        Self {
            allow: Some(allow),
            ..Self::new(StatusCode::METHOD_NOT_ALLOWED, "method-not-allowed", detail)
        }
    }

    /// 503 with `Retry-After`: every worker is busy.
    pub(crate) fn busy() -> Self {
        Self {
            retry_after: Some(1),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "every query worker is busy; try again in a moment",
            )
        }
    }

    /// The problem a worker reported.
    pub(crate) fn from_failure(failure: Failure) -> Self {
        let status =
            StatusCode::from_u16(failure.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self::new(status, &failure.kind, failure.detail)
    }

    /// The response.
    pub(crate) fn response(&self) -> Response<Body> {
        let document = json!({
            "type": format!("urn:actorgraph:problem:{}", self.kind),
            "title": self.status.canonical_reason().unwrap_or("Error"),
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        let mut response = Response::new(full(format!("{document:#}\n")));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(allow) = self.allow {
            headers.insert(ALLOW, HeaderValue::from_static(allow));
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
