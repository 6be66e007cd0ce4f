//! The pipe between the server and a query worker: a job is one JSON line
//! on the worker's standard input; its answer comes back on the worker's
//! standard output as frames (a tag byte, a big-endian length, the bytes).

use std::io::{self, Write};

use oxigraph::model::{Term, Variable};
use serde::{Deserialize, Serialize};

use crate::formats::AnswerFormat;

/// What a worker is asked to do.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Job {
    /// Run a SPARQL query and write its answer in `format` (a SELECT or ASK
    /// in a results format, a CONSTRUCT or DESCRIBE in an RDF format).
    Query {
        /// The query's text, with its dataset as the request gave it.
        text: String,
        /// Values for its variables: names, and terms in N-Triples syntax.
        /// An IRI stands for its `owl:sameAs` representative.
        bindings: Vec<(String, String)>,
        /// How the answer is written.
        format: AnswerFormat,
        /// The query's time limit, in milliseconds.
        timeout_ms: u64,
        /// For a SELECT, the rows to write: the rest are not.
        page: Option<Page>,
    },
    /// Write one graph of the store: a named graph, or the default graph
    /// when `graph` is `None`.
    Graph {
        /// The graph's IRI.
        graph: Option<String>,
        /// How the graph is written.
        format: AnswerFormat,
    },
}

/// Typed bindings as a job carries them: variable names, and terms in
/// N-Triples syntax.
pub(crate) fn job_bindings(bindings: &[(Variable, Term)]) -> Vec<(String, String)> {
    bindings
        .iter()
        .map(|(variable, term)| (variable.as_str().to_owned(), term.to_string()))
        .collect()
}

/// A page of a SELECT's rows.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct Page {
    /// Rows passed over.
    pub offset: u64,
    /// Rows written at most.
    pub limit: u64,
}

/// What the head frame says of the answer that follows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Head {
    /// A page of rows was asked for, and more rows follow it.
    pub more: bool,
}

/// The kinds of frame a worker writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// The answer begins: a [`Head`] as JSON follows.
    Head,
    /// A piece of the answer.
    Data,
    /// The answer is complete.
    End,
    /// The job failed before any of its answer was sent: a [`Failure`]
    /// as JSON follows.
    Failed,
    /// The job failed after part of its answer was sent: the answer must
    /// be cut off, not ended. A message follows.
    Broken,
}

impl Tag {
    fn byte(self) -> u8 {
        match self {
            Self::Head => b'H',
            Self::Data => b'D',
            Self::End => b'E',
            Self::Failed => b'F',
            Self::Broken => b'B',
        }
    }

    fn from_byte(byte: u8) -> Option<Self> {
        Some(match byte {
            b'H' => Self::Head,
            b'D' => Self::Data,
            b'E' => Self::End,
            b'F' => Self::Failed,
            b'B' => Self::Broken,
            _ => return None,
        })
    }
}

/// Why a job failed, as the HTTP answer will say it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Failure {
    /// The HTTP status.
    pub status: u16,
    /// What kind of failure (the problem type's last segment).
    pub kind: String,
    /// What went wrong, for the person who sent the request.
    pub detail: String,
}

/// The kind of failure of a query stopped at its time limit.
pub(crate) const TIMED_OUT: &str = "query-timeout";

/// Writes one frame.
pub(crate) fn write_frame(
    out: &mut (impl Write + ?Sized),
    tag: Tag,
    payload: &[u8],
) -> io::Result<()> {
    let length =
        u32::try_from(payload.len()).map_err(|_| io::Error::other("a frame of more than 4 GiB"))?;
    out.write_all(&[tag.byte()])?;
    out.write_all(&length.to_be_bytes())?;
    out.write_all(payload)
}

/// The length of a frame's header: its tag and its length.
pub(crate) const HEADER_LEN: usize = 5;

/// Reads a frame's header: its tag and how many bytes follow.
pub(crate) fn parse_header(header: [u8; HEADER_LEN]) -> io::Result<(Tag, usize)> {
    let tag = Tag::from_byte(header[0])
        .ok_or_else(|| io::Error::other(format!("unknown frame tag {:#04x}", header[0])))?;
    let length = u32::from_be_bytes([header[1], header[2], header[3], header[4]]);
    Ok((tag, length as usize))
}

/// Reads one frame from a blocking reader.
#[cfg(test)]
pub(crate) fn read_frame(input: &mut impl std::io::Read) -> io::Result<(Tag, Vec<u8>)> {
    let mut header = [0; HEADER_LEN];
    input.read_exact(&mut header)?;
    let (tag, length) = parse_header(header)?;
    let mut payload = vec![0; length];
    input.read_exact(&mut payload)?;
    Ok((tag, payload))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_reads_back_as_written() {
        let mut pipe = Vec::new();
        write_frame(&mut pipe, Tag::Data, b"hello").unwrap();
        write_frame(&mut pipe, Tag::End, b"").unwrap();
        let mut input = pipe.as_slice();
        assert_eq!(
            read_frame(&mut input).unwrap(),
            (Tag::Data, b"hello".to_vec())
        );
        assert_eq!(read_frame(&mut input).unwrap(), (Tag::End, Vec::new()));
    }

    #[test]
    fn an_unknown_tag_is_an_error() {
        let mut input: &[u8] = &[b'Z', 0, 0, 0, 0];
        assert!(read_frame(&mut input).is_err());
    }
}
