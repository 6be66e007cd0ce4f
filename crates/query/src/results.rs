//! Writing query answers in the W3C formats: SPARQL results as CSV, TSV,
//! JSON and XML (Oxigraph's `sparesults`), graphs in any RDF format.

use std::io::Write;

use oxigraph::io::RdfSerializer;
use oxigraph::model::{Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};

use crate::error::QueryError;
use crate::run::Row;
use actorgraph_model::{Format, PrefixMap};

/// A SPARQL 1.1 query results format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    /// SPARQL 1.1 Query Results CSV.
    Csv,
    /// SPARQL 1.1 Query Results TSV.
    Tsv,
    /// SPARQL 1.1 Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
}

impl ResultsFormat {
    fn oxigraph(self) -> QueryResultsFormat {
        match self {
            Self::Csv => QueryResultsFormat::Csv,
            Self::Tsv => QueryResultsFormat::Tsv,
            Self::Json => QueryResultsFormat::Json,
            Self::Xml => QueryResultsFormat::Xml,
        }
    }
}

fn write_failed(e: std::io::Error) -> QueryError {
    QueryError::Output(e)
}

/// Writes SELECT rows in a W3C results format.
pub fn write_solutions(
    variables: &[Variable],
    rows: impl Iterator<Item = Result<Row, QueryError>>,
    format: ResultsFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let mut writer = QueryResultsSerializer::from_format(format.oxigraph())
        .serialize_solutions_to_writer(out, variables.to_vec())
        .map_err(write_failed)?;
    for row in rows {
        let row = row?;
        writer
            .serialize(
                variables
                    .iter()
                    .zip(&row)
                    .filter_map(|(v, t)| t.as_ref().map(|t| (v, t))),
            )
            .map_err(write_failed)?;
    }
    let out = writer.finish().map_err(write_failed)?;
    end_line(format, out)
}

/// JSON and XML answers end with a newline too, as text on a terminal should.
fn end_line(format: ResultsFormat, out: &mut dyn Write) -> Result<(), QueryError> {
    if matches!(format, ResultsFormat::Json | ResultsFormat::Xml) {
        out.write_all(b"\n").map_err(write_failed)?;
    }
    Ok(())
}

/// Writes an ASK answer in a W3C results format.
pub fn write_boolean(
    value: bool,
    format: ResultsFormat,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let out = QueryResultsSerializer::from_format(format.oxigraph())
        .serialize_boolean_to_writer(out, value)
        .map_err(write_failed)?;
    end_line(format, out)
}

/// Writes CONSTRUCT or DESCRIBE triples as `format`, declaring `prefixes`
/// where the format has them.
pub fn write_graph(
    triples: impl Iterator<Item = Result<Triple, QueryError>>,
    format: Format,
    prefixes: &PrefixMap,
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let mut serializer = RdfSerializer::from_format(format.oxigraph());
    if matches!(format, Format::Turtle | Format::TriG | Format::RdfXml) {
        for (prefix, namespace) in prefixes.sorted() {
            serializer = serializer.with_prefix(&prefix, &namespace).map_err(|e| {
                QueryError::Evaluation(format!("prefix {prefix}: <{namespace}>: {e}"))
            })?;
        }
    }
    let mut writer = serializer.for_writer(out);
    for triple in triples {
        writer.serialize_triple(&triple?).map_err(write_failed)?;
    }
    writer.finish().map_err(write_failed)?;
    Ok(())
}

/// The prefixes a query's text declares with `PREFIX name: <iri>`, in
/// order, for writing its answer with the names its author chose.
pub fn declared_prefixes(query: &str) -> PrefixMap {
    let mut prefixes = PrefixMap::new();
    for line in query.lines() {
        let line = line.trim_start();
        let Some(keyword) = line.get(..6) else {
            continue;
        };
        if !keyword.eq_ignore_ascii_case("prefix") {
            continue;
        }
        if let Some((name, iri)) = line[6..].split_once(':') {
            let iri = iri.trim().trim_start_matches('<');
            if let Some(end) = iri.find('>') {
                prefixes.add(name.trim(), &iri[..end]);
            }
        }
    }
    prefixes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_prefixes_survive_any_text() {
        let prefixes = declared_prefixes(
            "PREFIX e: <https://e.org/>\n?éШымкент\nprefix f:<https://f.org/> SELECT",
        );
        assert_eq!(prefixes.shorten("https://f.org/x").as_deref(), Some("f:x"));
        assert_eq!(prefixes.shorten("https://e.org/x").as_deref(), Some("e:x"));
        assert!(declared_prefixes("ШШШ\nprefi").sorted().is_empty());
    }
}
