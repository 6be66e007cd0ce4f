//! Why parsing an input stopped, and where: shared by the parsers, the
//! input guards and the JSON-LD context loader.

use std::io;

/// Why parsing stopped.
#[derive(Debug)]
pub(crate) enum ParseFailure {
    /// Reading the input failed.
    Io(io::Error),
    /// The input is not valid for its format.
    Syntax {
        /// 0-based line.
        line: u64,
        /// 0-based column, in bytes or characters depending on the parser.
        column: Column,
        /// The parser's message, without position.
        message: String,
    },
    /// The input is valid but uses something actorgraph cannot store.
    Unsupported(String),
    /// A JSON-LD input names a context that could not be had.
    Context {
        /// The context's URL, resolved against the input's base IRI.
        url: String,
        /// Why it could not be used, and what to do.
        reason: String,
    },
}

/// A column as a parser reports it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Column {
    /// A byte offset within the line (`rio_turtle`).
    Byte(u64),
    /// A character offset within the line (Oxigraph's parsers).
    Char(u64),
}

impl Column {
    /// The number as the parser gave it, when the line cannot be read again.
    pub(crate) fn fallback(self) -> u64 {
        match self {
            Self::Byte(n) | Self::Char(n) => n,
        }
    }
}
