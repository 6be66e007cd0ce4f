//! Writing query answers in the W3C formats: SPARQL results as CSV, TSV,
//! JSON and XML (Oxigraph's `sparesults`), graphs in any RDF format.

use std::io::Write;

use oxigraph::io::RdfSerializer;
use oxigraph::model::{Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};

use crate::error::QueryError;
use crate::format::Format;
use crate::query::Row;

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
    prefixes: &[(String, String)],
    out: &mut dyn Write,
) -> Result<(), QueryError> {
    let mut serializer = RdfSerializer::from_format(format.oxigraph());
    if matches!(format, Format::Turtle | Format::TriG | Format::RdfXml) {
        for (prefix, namespace) in prefixes {
            serializer = serializer.with_prefix(prefix, namespace).map_err(|e| {
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
