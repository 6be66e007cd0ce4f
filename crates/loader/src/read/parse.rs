//! The one place that turns bytes into quads. The Turtle family goes through
//! `rio_turtle`; RDF/XML and JSON-LD through Oxigraph's parsers. Every parser
//! is wrapped as a pull iterator of `oxrdf` quads whose blank nodes carry a
//! per-source prefix, so two sources never share a blank node by accident.
//! JSON-LD contexts come from `context.rs` (built in, or local files), never
//! from the network.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::io::{self, BufRead};
use std::rc::Rc;

use oxigraph::io::{RdfParseError, RdfParser};
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxiri::Iri;
use rio_api::model as rio;
use rio_api::parser::{ParseError, QuadsParser, TriplesParser};
use rio_turtle::{NQuadsParser, NTriplesParser, TriGParser, TurtleError, TurtleParser};

use actorgraph_model::Format;

use crate::read::context::{ContextFailure, ContextLoader};
use crate::read::parse_failure::{Column, ParseFailure};

/// How to parse one input.
#[derive(Debug, Clone)]
pub(crate) struct ParseOptions {
    /// The serialization of the input.
    pub format: Format,
    /// The base IRI relative IRIs resolve against.
    pub base: Option<String>,
    /// Prepended to every blank node label, unique per source.
    pub blank_node_prefix: String,
    /// Where triples outside any named graph go.
    pub default_graph: GraphName,
    /// Receives the prefixes the input declared, once it is parsed.
    pub prefixes: PrefixSink,
}

/// The prefixes an input declared, name to namespace IRI.
pub(crate) type PrefixSink = Rc<RefCell<BTreeMap<String, String>>>;

/// The quads of an input, in document order.
pub(crate) type Quads<'r> = Box<dyn Iterator<Item = Result<Quad, ParseFailure>> + 'r>;

/// Parses `reader` lazily. A leading UTF-8 byte order mark is skipped.
pub(crate) fn parse<'r>(
    mut reader: impl BufRead + 'r,
    options: &ParseOptions,
) -> Result<Quads<'r>, ParseFailure> {
    skip_bom(&mut reader).map_err(ParseFailure::Io)?;
    let mapper = Mapper {
        prefix: options.blank_node_prefix.clone(),
        default_graph: options.default_graph.clone(),
    };
    if options.format.is_turtle_family() {
        let base = match &options.base {
            Some(base) => Some(Iri::parse(base.clone()).map_err(|e| ParseFailure::Syntax {
                line: 0,
                column: Column::Char(0),
                message: format!("invalid base IRI <{base}>: {e}"),
            })?),
            None => None,
        };
        let parser = match options.format {
            Format::Turtle => RioParser::Turtle(TurtleParser::new(reader, base)),
            Format::TriG => RioParser::TriG(TriGParser::new(reader, base)),
            Format::NTriples => RioParser::NTriples(NTriplesParser::new(reader)),
            _ => RioParser::NQuads(NQuadsParser::new(reader)),
        };
        return Ok(Box::new(RioQuads {
            parser,
            mapper,
            buffer: VecDeque::new(),
            failed: false,
            prefixes: Rc::clone(&options.prefixes),
        }));
    }
    let mut parser = RdfParser::from_format(options.format.oxigraph());
    if let Some(base) = &options.base {
        parser = parser
            .with_base_iri(base.as_str())
            .map_err(|e| ParseFailure::Syntax {
                line: 0,
                column: Column::Char(0),
                message: format!("invalid base IRI <{base}>: {e}"),
            })?;
    }
    let mut quads = parser.for_reader(reader);
    // JSON-LD contexts come from the binary or the disk, never the network.
    let contexts = ContextLoader::default();
    if options.format == Format::JsonLd {
        let loader = contexts.clone();
        quads = quads.with_document_loader(move |url| loader.load(url));
    }
    Ok(Box::new(quads.map(move |quad| match quad {
        Ok(quad) => Ok(mapper.rename(quad)),
        Err(RdfParseError::Io(e)) => Err(ParseFailure::Io(e)),
        Err(RdfParseError::Syntax(e)) => match contexts.take_failure() {
            Some(ContextFailure { url, reason }) => Err(ParseFailure::Context { url, reason }),
            None => {
                let start = e.location().map(|l| l.start);
                Err(ParseFailure::Syntax {
                    line: start.map_or(0, |p| p.line),
                    column: Column::Char(start.map_or(0, |p| p.column)),
                    message: strip_position(&e.to_string()),
                })
            }
        },
    })))
}

/// Consumes a UTF-8 byte order mark at the start of `reader`, if any.
fn skip_bom(reader: &mut impl BufRead) -> io::Result<()> {
    if reader.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
        reader.consume(3);
    }
    Ok(())
}

/// Oxigraph's messages start with their own position; ours is printed apart.
fn strip_position(message: &str) -> String {
    match message.split_once(": ") {
        Some((head, rest))
            if head.starts_with("Parser error at") || head.starts_with("error at") =>
        {
            rest.to_owned()
        }
        _ => message.to_owned(),
    }
}

/// Maps parsed terms into the store's terms.
struct Mapper {
    prefix: String,
    default_graph: GraphName,
}

impl Mapper {
    fn blank(&self, id: &str) -> BlankNode {
        BlankNode::new_unchecked(format!("{}{id}", self.prefix))
    }

    fn rename(&self, quad: Quad) -> Quad {
        let subject = match quad.subject {
            NamedOrBlankNode::BlankNode(b) => self.blank(b.as_str()).into(),
            other => other,
        };
        let object = match quad.object {
            Term::BlankNode(b) => self.blank(b.as_str()).into(),
            other => other,
        };
        let graph_name = match quad.graph_name {
            GraphName::BlankNode(b) => self.blank(b.as_str()).into(),
            GraphName::DefaultGraph => self.default_graph.clone(),
            other => other,
        };
        Quad::new(subject, quad.predicate, object, graph_name)
    }

    fn subject(&self, subject: rio::Subject<'_>) -> Result<NamedOrBlankNode, ParseFailure> {
        match subject {
            rio::Subject::NamedNode(n) => Ok(NamedNode::new_unchecked(n.iri).into()),
            rio::Subject::BlankNode(b) => Ok(self.blank(b.id).into()),
            rio::Subject::Triple(_) => Err(unsupported_triple_term()),
        }
    }

    fn object(&self, term: rio::Term<'_>) -> Result<Term, ParseFailure> {
        Ok(match term {
            rio::Term::NamedNode(n) => NamedNode::new_unchecked(n.iri).into(),
            rio::Term::BlankNode(b) => self.blank(b.id).into(),
            rio::Term::Literal(rio::Literal::Simple { value }) => {
                Literal::new_simple_literal(value).into()
            }
            rio::Term::Literal(rio::Literal::LanguageTaggedString { value, language }) => {
                Literal::new_language_tagged_literal(value, language)
                    .map_err(|e| {
                        ParseFailure::Unsupported(format!("language tag '{language}': {e}"))
                    })?
                    .into()
            }
            rio::Term::Literal(rio::Literal::Typed { value, datatype }) => {
                Literal::new_typed_literal(value, NamedNode::new_unchecked(datatype.iri)).into()
            }
            rio::Term::Triple(_) => return Err(unsupported_triple_term()),
        })
    }

    fn graph(&self, graph: Option<rio::GraphName<'_>>) -> GraphName {
        match graph {
            None => self.default_graph.clone(),
            Some(rio::GraphName::NamedNode(n)) => NamedNode::new_unchecked(n.iri).into(),
            Some(rio::GraphName::BlankNode(b)) => self.blank(b.id).into(),
        }
    }

    fn quad(
        &self,
        triple: rio::Triple<'_>,
        graph: Option<rio::GraphName<'_>>,
    ) -> Result<Quad, ParseFailure> {
        Ok(Quad::new(
            self.subject(triple.subject)?,
            NamedNode::new_unchecked(triple.predicate.iri),
            self.object(triple.object)?,
            self.graph(graph),
        ))
    }
}

fn unsupported_triple_term() -> ParseFailure {
    ParseFailure::Unsupported(
        "RDF-star quoted triples are not supported by this store (RDF 1.1 only)".to_owned(),
    )
}

/// One of `rio_turtle`'s four parsers.
enum RioParser<R: BufRead> {
    Turtle(TurtleParser<R>),
    TriG(TriGParser<R>),
    NTriples(NTriplesParser<R>),
    NQuads(NQuadsParser<R>),
}

/// A failure inside a `rio_turtle` callback: the parser's own, or ours.
enum StepError {
    Rio(TurtleError),
    Ours(ParseFailure),
}

impl From<TurtleError> for StepError {
    fn from(error: TurtleError) -> Self {
        Self::Rio(error)
    }
}

/// `rio_turtle`'s push parsers as a pull iterator: each `next` parses one
/// statement at a time into a small buffer.
struct RioQuads<R: BufRead> {
    parser: RioParser<R>,
    mapper: Mapper,
    buffer: VecDeque<Quad>,
    failed: bool,
    prefixes: PrefixSink,
}

impl<R: BufRead> RioQuads<R> {
    fn is_end(&self) -> bool {
        match &self.parser {
            RioParser::Turtle(p) => p.is_end(),
            RioParser::TriG(p) => p.is_end(),
            RioParser::NTriples(p) => p.is_end(),
            RioParser::NQuads(p) => p.is_end(),
        }
    }

    /// Hands the prefixes declared in a Turtle or TriG input to the sink.
    fn share_prefixes(&self) {
        let declared = match &self.parser {
            RioParser::Turtle(p) => p.prefixes(),
            RioParser::TriG(p) => p.prefixes(),
            RioParser::NTriples(_) | RioParser::NQuads(_) => return,
        };
        self.prefixes.borrow_mut().extend(
            declared
                .iter()
                .map(|(name, iri)| (name.clone(), iri.clone())),
        );
    }

    fn step(&mut self) -> Result<(), StepError> {
        let Self {
            parser,
            mapper,
            buffer,
            ..
        } = self;
        let mut push =
            |triple: rio::Triple<'_>, graph: Option<rio::GraphName<'_>>| -> Result<(), StepError> {
                buffer.push_back(mapper.quad(triple, graph).map_err(StepError::Ours)?);
                Ok(())
            };
        match parser {
            RioParser::Turtle(p) => p.parse_step(&mut |t| push(t, None)),
            RioParser::NTriples(p) => p.parse_step(&mut |t| push(t, None)),
            RioParser::TriG(p) => p.parse_step(&mut |q| push(triple_of(&q), q.graph_name)),
            RioParser::NQuads(p) => p.parse_step(&mut |q| push(triple_of(&q), q.graph_name)),
        }
    }
}

fn triple_of<'a>(quad: &rio::Quad<'a>) -> rio::Triple<'a> {
    rio::Triple {
        subject: quad.subject,
        predicate: quad.predicate,
        object: quad.object,
    }
}

impl<R: BufRead> Iterator for RioQuads<R> {
    type Item = Result<Quad, ParseFailure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(quad) = self.buffer.pop_front() {
                return Some(Ok(quad));
            }
            if self.failed {
                return None;
            }
            if self.is_end() {
                self.share_prefixes();
                return None;
            }
            if let Err(error) = self.step() {
                self.failed = true;
                return Some(Err(match error {
                    StepError::Ours(failure) => failure,
                    StepError::Rio(error) => rio_failure(error),
                }));
            }
        }
    }
}

fn rio_failure(error: TurtleError) -> ParseFailure {
    let position = error.textual_position();
    let io_error: io::Error = error.into();
    match position {
        // rio_turtle counts lines and bytes from 1, whatever its docs say.
        Some(position) => ParseFailure::Syntax {
            line: position.line_number().saturating_sub(1),
            column: Column::Byte(position.byte_number().saturating_sub(1)),
            message: strip_rio_position(&io_error.to_string()),
        },
        None => ParseFailure::Io(io_error),
    }
}

/// `rio_turtle` appends " on line N at position M"; ours is printed apart.
fn strip_rio_position(message: &str) -> String {
    match message.rfind(" on line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}
