//! Exporting data graphs. Every format is written from the canonical
//! N-Quads (see `canonical`), so the same store content always gives the
//! same bytes: N-Quads as they are, N-Triples with graphs merged, and the
//! other formats parsed back in a fixed order (graph, subject, predicate,
//! object) and written by Oxigraph's serializers, which group a subject's
//! predicates into one block.

use std::io::{self, Read, Write};

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::NamedOrBlankNode;

use actorgraph_loader::{GraphStore, SourceRecord};
use actorgraph_model::{Format, PrefixMap};

use crate::canonical::{Canonical, canonical_lines};
use crate::error::SnapshotError;
use crate::sorted::{LineSorter, SortedLines};

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportReport {
    /// Quads (or, in formats without graphs, distinct triples) written.
    pub quads: u64,
    /// How many named graphs were merged into one because the format has
    /// no graphs (0 for N-Quads, TriG and JSON-LD).
    pub merged_graphs: usize,
}

/// The data graphs named by `names` (their IRIs), or every data graph
/// when `names` is empty.
pub fn select_graphs(
    store: &GraphStore,
    names: &[String],
) -> Result<Vec<NamedOrBlankNode>, SnapshotError> {
    let all = store.data_graphs()?;
    if names.is_empty() {
        return Ok(all);
    }
    let mut chosen = Vec::new();
    for name in names {
        let name = name.trim_start_matches('<').trim_end_matches('>');
        let graph = all
            .iter()
            .find(|g| matches!(g, NamedOrBlankNode::NamedNode(n) if n.as_str() == name))
            .ok_or_else(|| SnapshotError::UnknownGraph(name.to_owned()))?;
        if !chosen.contains(graph) {
            chosen.push(graph.clone());
        }
    }
    Ok(chosen)
}

/// The canonical form of `graphs`.
pub(crate) fn canonical_graphs(
    store: &GraphStore,
    graphs: &[NamedOrBlankNode],
    progress: &mut dyn FnMut(u64),
) -> Result<Canonical, SnapshotError> {
    let quads = crate::graph_reader::quads_of_graphs(store.oxigraph(), graphs)?;
    Ok(canonical_lines(quads, progress)?)
}

/// The prefixes to write: actorgraph's own, then those the loaded sources
/// declared (the first binding of a name or namespace wins, sources taken
/// in IRI order).
pub fn prefixes(store: &GraphStore) -> Result<PrefixMap, SnapshotError> {
    Ok(prefixes_of(&store.sources()?))
}

/// Writes `graphs` to `output` as `format`, deterministically.
/// `progress` hears how many quads have been read, now and then.
pub fn export(
    store: &GraphStore,
    graphs: &[NamedOrBlankNode],
    format: Format,
    output: &mut dyn Write,
    progress: &mut dyn FnMut(u64),
) -> Result<ExportReport, SnapshotError> {
    let lines = canonical_graphs(store, graphs, progress)?.lines;
    let merged_graphs = if format.supports_datasets() {
        0
    } else {
        graphs.len()
    };
    let quads = match format {
        Format::NQuads => write_lines(lines, output)?,
        Format::NTriples => write_lines(triples_of(lines), output)?,
        Format::TriG | Format::JsonLd => {
            let ordered = graph_first(lines)?;
            serialize(store, ordered, format, output)?
        }
        Format::Turtle | Format::RdfXml => serialize(store, triples_of(lines), format, output)?,
    };
    Ok(ExportReport {
        quads,
        merged_graphs,
    })
}

/// Parses N-Quads `lines` back and writes them with a serializer.
fn serialize(
    store: &GraphStore,
    lines: impl Iterator<Item = io::Result<String>>,
    format: Format,
    output: &mut dyn Write,
) -> Result<u64, SnapshotError> {
    let mut serializer = RdfSerializer::from_format(format.oxigraph());
    for (name, namespace) in prefixes(store)?.sorted() {
        // A source may have declared a prefix the serializer refuses
        // (an invalid name or IRI); it is left out, not fatal.
        if let Ok(with) = serializer.clone().with_prefix(&name, &namespace) {
            serializer = with;
        }
    }
    let failed = |error: io::Error| match error.kind() {
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => SnapshotError::Serialize {
            format: format.name().to_owned(),
            message: error.to_string(),
        },
        _ => SnapshotError::Output(error),
    };
    let mut writer = serializer.for_writer(output);
    let mut count = 0;
    let parser = RdfParser::from_format(RdfFormat::NQuads).for_reader(LinesReader::new(lines));
    for quad in parser {
        let quad = quad.map_err(|e| failed(e.into()))?;
        writer.serialize_quad(&quad).map_err(failed)?;
        count += 1;
    }
    writer.finish().map_err(failed)?;
    Ok(count)
}

/// Writes lines, each with its line break; returns how many.
fn write_lines(
    lines: impl Iterator<Item = io::Result<String>>,
    output: &mut dyn Write,
) -> Result<u64, SnapshotError> {
    let mut count = 0;
    for line in lines {
        let line = line.map_err(SnapshotError::Temporary)?;
        output
            .write_all(line.as_bytes())
            .and_then(|()| output.write_all(b"\n"))
            .map_err(SnapshotError::Output)?;
        count += 1;
    }
    Ok(count)
}

/// The parts of a canonical N-Quads line in a named graph: the triple
/// (`s p o`, without the final ` .`) and the graph term. `None` for a line
/// in the default graph.
pub(crate) fn split_graph(line: &str) -> Option<(&str, &str)> {
    // Subject, predicate and graph terms hold no spaces; the object is
    // everything between, so the graph is the last token.
    let body = line.strip_suffix(" .")?;
    let (subject, rest) = body.split_once(' ')?;
    let (predicate, rest) = rest.split_once(' ')?;
    let (object, graph) = rest.rsplit_once(' ')?;
    // In the default graph the last token is the end of a literal object,
    // which holds a quote; an IRI or blank node label never does.
    let is_term = (graph.starts_with('<') || graph.starts_with("_:")) && !graph.contains('"');
    if !is_term || object.is_empty() {
        return None;
    }
    let triple_len = subject.len() + predicate.len() + object.len() + 2;
    Some((&body[..triple_len], graph))
}

/// Canonical lines with their graphs dropped, equal triples once.
fn triples_of(lines: SortedLines) -> impl Iterator<Item = io::Result<String>> {
    let mut last = String::new();
    lines.filter_map(move |line| {
        let line = match line {
            Ok(line) => line,
            Err(error) => return Some(Err(error)),
        };
        let triple = match split_graph(&line) {
            Some((triple, _)) => format!("{triple} ."),
            None => line,
        };
        // Lines are sorted by triple first, so equal triples are adjacent.
        (triple != last).then(|| {
            last.clone_from(&triple);
            Ok(triple)
        })
    })
}

/// Canonical lines re-sorted by graph, then subject, predicate, object.
fn graph_first(
    lines: SortedLines,
) -> Result<impl Iterator<Item = io::Result<String>>, SnapshotError> {
    let mut sorter = LineSorter::new();
    for line in lines {
        let line = line.map_err(SnapshotError::Temporary)?;
        let keyed = match split_graph(&line) {
            Some((triple, graph)) => format!("{graph} {triple}"),
            // The default graph sorts first.
            None => format!(" {line}"),
        };
        sorter.push(keyed).map_err(SnapshotError::Temporary)?;
    }
    let sorted = sorter.finish().map_err(SnapshotError::Temporary)?;
    Ok(sorted.map(|keyed| {
        let keyed = keyed?;
        Ok(match keyed.strip_prefix(' ') {
            Some(line) => line.to_owned(),
            None => {
                let (graph, triple) = keyed.split_once(' ').unwrap_or((&keyed, ""));
                format!("{triple} {graph} .")
            }
        })
    }))
}

/// Reads lines from an iterator as one stream of bytes, each line ended.
struct LinesReader<I> {
    lines: I,
    current: Vec<u8>,
    position: usize,
}

impl<I> LinesReader<I> {
    fn new(lines: I) -> Self {
        Self {
            lines,
            current: Vec::new(),
            position: 0,
        }
    }
}

impl<I: Iterator<Item = io::Result<String>>> Read for LinesReader<I> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.position == self.current.len() {
            match self.lines.next() {
                None => return Ok(0),
                Some(line) => {
                    self.current = line?.into_bytes();
                    self.current.push(b'\n');
                    self.position = 0;
                }
            }
        }
        let n = buf.len().min(self.current.len() - self.position);
        buf[..n].copy_from_slice(&self.current[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

/// The prefixes to write for `sources`, as [`prefixes`] says.
pub(crate) fn prefixes_of(sources: &[SourceRecord]) -> PrefixMap {
    let mut prefixes = PrefixMap::builtin();
    for source in sources {
        prefixes.extend(source.prefixes.iter().map(|(n, i)| (n, i)));
    }
    prefixes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_graph_is_the_last_term_of_a_named_graph_line() {
        let line = r#"<s> <p> "a <b> c" <g> ."#;
        assert_eq!(split_graph(line), Some((r#"<s> <p> "a <b> c""#, "<g>")));
        assert_eq!(
            split_graph("_:a <p> _:b _:g ."),
            Some(("_:a <p> _:b", "_:g"))
        );
        assert_eq!(split_graph(r#"<s> <p> "x y" ."#), None);
        assert_eq!(split_graph(r#"<s> <p> "x <y"^^<dt> ."#), None);
    }
}
