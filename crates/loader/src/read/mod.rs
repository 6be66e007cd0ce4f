//! Bytes to quads: which inputs a command reads, their formats and
//! compression, the guards and parsers that read them, and errors that say
//! where an input is wrong.

pub(crate) mod compress;
pub(crate) mod context;
pub(crate) mod convert;
pub(crate) mod excerpt;
pub(crate) mod guard;
pub(crate) mod input;
pub(crate) mod normalize;
pub(crate) mod parse;
pub(crate) mod parse_failure;

use std::path::{Path, PathBuf};

use actorgraph_model::{Format, file_iri};
use oxigraph::model::{Graph, GraphName, Quad};

use crate::error::{LoadError, SyntaxError};
use compress::{Compression, format_of};
use excerpt::excerpt;
use input::Input;
use normalize::Normalizer;
use parse::{ParseOptions, parse};
use parse_failure::ParseFailure;

/// The source IRI of standard input when no other is given.
pub const STDIN_SOURCE: &str = "urn:actorgraph:stdin";

/// Choices for loading or converting an input.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The format, when the file name does not say it (or says it wrong).
    pub format: Option<Format>,
    /// The base IRI for relative IRIs; by default the file's own `file:` IRI.
    pub base: Option<String>,
    /// The source's IRI (and graph name), instead of the file's `file:` IRI.
    pub source: Option<String>,
}

impl LoadOptions {
    /// The options for standard input: unless another is given, its source
    /// IRI is [`STDIN_SOURCE`].
    fn for_stdin(&self) -> Self {
        Self {
            source: Some(
                self.source
                    .clone()
                    .unwrap_or_else(|| STDIN_SOURCE.to_owned()),
            ),
            ..self.clone()
        }
    }
}

/// An input ready to be read, as a file on disk (standard input spooled
/// into one, so that it can be hashed and read again for error excerpts),
/// with the options that apply to it.
pub(crate) struct Readable<'a> {
    /// The file to read.
    pub(crate) path: PathBuf,
    /// The input as the user named it, for messages.
    pub(crate) shown: &'a Path,
    /// The options, with standard input's own source IRI.
    pub(crate) options: LoadOptions,
    // Held so that the spooled copy of standard input lives as long as this.
    _spool: Option<tempfile::NamedTempFile>,
}

impl Input {
    /// This input as a file to read with `options`.
    pub(crate) fn readable(&self, options: &LoadOptions) -> Result<Readable<'_>, LoadError> {
        Ok(match self {
            Input::File(path) => Readable {
                path: path.clone(),
                shown: path,
                options: options.clone(),
                _spool: None,
            },
            Input::Stdin => {
                let spool = input::spool_stdin()?;
                Readable {
                    path: spool.path().to_owned(),
                    shown: self.shown(),
                    options: options.for_stdin(),
                    _spool: Some(spool),
                }
            }
        })
    }
}

/// The format from the options, else from the file name.
pub(crate) fn resolve_format(
    path: &Path,
    shown_path: &Path,
    options: &LoadOptions,
) -> Result<Format, LoadError> {
    options
        .format
        .or_else(|| format_of(path))
        .ok_or_else(|| LoadError::UnknownFormat {
            path: shown_path.to_owned(),
        })
}

/// Turns a parser's failure into a `LoadError` naming the input.
pub(crate) fn failure(failure: ParseFailure, path: &Path, shown_path: &Path) -> LoadError {
    match failure {
        ParseFailure::Io(source) => LoadError::Io {
            path: shown_path.to_owned(),
            source,
        },
        ParseFailure::Unsupported(what) => LoadError::Unsupported {
            path: shown_path.to_owned(),
            what,
        },
        ParseFailure::Context { url, reason } => LoadError::Context {
            path: shown_path.to_owned(),
            url,
            reason,
        },
        ParseFailure::Syntax {
            line,
            column,
            message,
        } => {
            let (column, excerpt) = match excerpt(path, line, column) {
                Some((column, excerpt)) => (column, Some(excerpt)),
                None => (column.fallback() + 1, None),
            };
            LoadError::Syntax(SyntaxError {
                path: shown_path.to_owned(),
                line: line + 1,
                column,
                message,
                excerpt,
            })
        }
    }
}

/// The quads of an RDF file as it states them, compressed or not (the
/// format from its name, such as `x.nq.gz`): relative IRIs resolve against
/// the file's own `file:` IRI, and blank nodes keep the file's labels. As
/// in a load, `https://schema.org/` terms are read as `http://schema.org/`
/// ones, so that a file compares equal to the store it was loaded into,
/// and shapes written either way check the data.
pub fn read_file(
    path: &Path,
) -> Result<impl Iterator<Item = Result<Quad, LoadError>> + use<>, LoadError> {
    let format = format_of(path).ok_or_else(|| LoadError::UnknownFormat {
        path: path.to_owned(),
    })?;
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let base = path.canonicalize().map_err(io)?;
    guard::check(path, format).map_err(|f| failure(f, path, path))?;
    let options = ParseOptions {
        format,
        base: Some(file_iri(&base).into_string()),
        blank_node_prefix: String::new(),
        default_graph: GraphName::DefaultGraph,
        prefixes: Default::default(),
    };
    let reader = Compression::open(path).map_err(io)?;
    let shown = path.to_owned();
    let quads = parse(reader, &options).map_err(|f| failure(f, path, path))?;
    let mut normalizer = Normalizer::new(GraphName::DefaultGraph);
    Ok(quads.map(move |quad| {
        quad.map(|quad| normalizer.quad(quad))
            .map_err(|f| failure(f, &shown, &shown))
    }))
}

/// The triples of an RDF file, as [`read_file`] reads it (the graphs of a
/// dataset merged).
pub fn read_graph(path: &Path) -> Result<Graph, LoadError> {
    let mut graph = Graph::new();
    for quad in read_file(path)? {
        graph.insert(quad?.as_ref());
    }
    Ok(graph)
}

/// The triples of RDF text held in memory (such as the built-in shapes);
/// `origin` names it in errors.
pub fn read_graph_text(text: &str, format: Format, origin: &Path) -> Result<Graph, LoadError> {
    let options = ParseOptions {
        format,
        base: None,
        blank_node_prefix: String::new(),
        default_graph: GraphName::DefaultGraph,
        prefixes: Default::default(),
    };
    let mut graph = Graph::new();
    for quad in parse(text.as_bytes(), &options).map_err(|f| failure(f, origin, origin))? {
        graph.insert(quad.map_err(|f| failure(f, origin, origin))?.as_ref());
    }
    Ok(graph)
}
