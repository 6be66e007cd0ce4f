//! Response bodies: a whole answer held in memory, or one that streams from
//! a worker and is cut off (never ended as if complete) when it fails.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body as HttpBody, Frame};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use tokio::sync::mpsc;

/// The body of every response.
pub(crate) type Body = BoxBody<Bytes, io::Error>;

/// A body held whole.
pub(crate) fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never: Infallible| match never {})
        .boxed()
}

/// A body whose pieces come through `receiver`; an error there cuts the
/// response off, so a client sees a broken transfer, not a short answer.
pub(crate) fn streamed(receiver: mpsc::Receiver<Result<Bytes, io::Error>>) -> Body {
    BodyExt::boxed(Channel(receiver))
}

struct Channel(mpsc::Receiver<Result<Bytes, io::Error>>);

impl HttpBody for Channel {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|piece| piece.map(|bytes| bytes.map(Frame::data)))
    }
}
