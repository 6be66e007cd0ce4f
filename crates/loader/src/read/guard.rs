//! Checks run before Oxigraph's RDF/XML and JSON-LD parsers, for the inputs
//! those parsers would mishandle: a truncated RDF/XML file (its parser stops
//! quietly at the end of input with elements still open) and JSON nested so
//! deep that the JSON-LD parser's recursion would overflow the stack. Each
//! check reads the file once more, in a stream.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use actorgraph_model::Format;

use crate::read::compress::Compression;
use crate::read::parse_failure::{Column, ParseFailure};

/// The deepest JSON nesting accepted, far beyond any real JSON-LD document.
const MAX_JSON_DEPTH: usize = 500;

/// Refuses what the parser for `format` would mishandle.
pub(crate) fn check(path: &Path, format: Format) -> Result<(), ParseFailure> {
    match format {
        Format::RdfXml => check_xml_complete(path),
        Format::JsonLd => check_json_depth(path),
        _ => Ok(()),
    }
}

/// The file's bytes, decompressed as its name says.
fn open(path: &Path) -> Result<Box<dyn BufRead>, ParseFailure> {
    Compression::open(path).map_err(ParseFailure::Io)
}

/// Fails when the file ends with XML elements still open.
fn check_xml_complete(path: &Path) -> Result<(), ParseFailure> {
    let mut reader = Reader::from_reader(open(path)?);
    let mut buffer = Vec::new();
    let mut open_elements: Vec<String> = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(start)) => {
                open_elements.push(String::from_utf8_lossy(start.name().as_ref()).into_owned())
            }
            Ok(Event::End(_)) => {
                open_elements.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            // The RDF/XML parser reports malformed XML itself, with its place.
            Err(_) => return Ok(()),
        }
        buffer.clear();
    }
    match open_elements.last() {
        None => Ok(()),
        Some(element) => Err(end_of_file(
            path,
            format!(
                "premature end of file: <{element}> and {} enclosing element(s) are not closed; the file looks truncated",
                open_elements.len() - 1
            ),
        )),
    }
}

/// Fails when arrays and objects nest deeper than `MAX_JSON_DEPTH`.
fn check_json_depth(path: &Path) -> Result<(), ParseFailure> {
    check_json_depth_of(open(path)?, MAX_JSON_DEPTH)
}

/// Fails when arrays and objects in `input` nest deeper than `max_depth`.
pub(crate) fn check_json_depth_of(
    input: impl BufRead,
    max_depth: usize,
) -> Result<(), ParseFailure> {
    let (mut line, mut column, mut depth) = (0u64, 0u64, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for byte in input.bytes() {
        let byte = byte.map_err(ParseFailure::Io)?;
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match byte {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > max_depth {
                        return Err(ParseFailure::Syntax {
                            line,
                            column: Column::Byte(column),
                            message: format!(
                                "JSON nested more than {max_depth} levels deep; flatten the document"
                            ),
                        });
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if byte == b'\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
    }
    Ok(())
}

/// A syntax failure placed at the end of the file.
fn end_of_file(path: &Path, message: String) -> ParseFailure {
    let Ok(file) = File::open(path) else {
        return ParseFailure::Syntax {
            line: 0,
            column: Column::Char(0),
            message,
        };
    };
    let (mut line, mut column) = (0u64, 0u64);
    for chunk in BufReader::new(file).split(b'\n') {
        match chunk {
            Ok(bytes) => {
                line += 1;
                column = bytes.len() as u64;
            }
            Err(_) => break,
        }
    }
    ParseFailure::Syntax {
        line: line.saturating_sub(1),
        column: Column::Byte(column),
        message,
    }
}
