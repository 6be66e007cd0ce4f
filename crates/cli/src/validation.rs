//! `validate` and `load --validate` for people and scripts: the shapes to
//! use (actorgraph's own, built in, or a file), and the report printed
//! grouped by entity, as a W3C `sh:ValidationReport` in Turtle, or as JSON.
//! Like `output`, a module allowed to print.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use actorgraph_loader::{Validation, read_graph, read_graph_text};
use actorgraph_model::vocab::xsd;
use actorgraph_model::{Format, PrefixMap, SHAPES};
use actorgraph_query::{Term, write_graph};
use actorgraph_shacl::{Shapes, ValidationResult};
use anyhow::Result;
use serde_json::json;

use crate::args::ReportFormat;

/// How the built-in shapes are named in messages.
const BUILTIN_ORIGIN: &str = "data/shapes.ttl (built in)";

/// The shapes in `file`, or the built-in ones.
pub fn shapes(file: Option<&Path>) -> Result<Shapes> {
    Ok(match file {
        Some(path) => Shapes::from_graph(&read_graph(path)?, &path.display().to_string())?,
        None => Shapes::from_graph(
            &read_graph_text(SHAPES, Format::Turtle, Path::new(BUILTIN_ORIGIN))?,
            BUILTIN_ORIGIN,
        )?,
    })
}

/// Prints the outcome of a validation on standard output in `format`.
pub fn print(validation: &Validation, shapes: &Shapes, format: ReportFormat) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        ReportFormat::Table => write!(out, "{}", table(validation, shapes)?)?,
        ReportFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&as_json(validation, shapes))?
        )?,
        ReportFormat::Ttl => {
            let triples = validation.report.to_triples();
            // Only the prefixes the report uses, so it starts with its content.
            let text: Vec<String> = triples.iter().map(ToString::to_string).collect();
            let mut used = PrefixMap::new();
            used.extend(
                PrefixMap::builtin()
                    .sorted()
                    .into_iter()
                    .filter(|(_, ns)| text.iter().any(|t| t.contains(&format!("<{ns}")))),
            );
            write_graph(triples.into_iter().map(Ok), Format::Turtle, &used, &mut out)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The report for people: problems grouped by entity, each entity with its
/// name, IRI and source files, then a one-line summary.
pub fn table(validation: &Validation, shapes: &Shapes) -> Result<String> {
    let prefixes = PrefixMap::builtin();
    let mut text = String::new();
    for (_, (focus, results)) in by_entity(validation) {
        let entity = validation.entities.get(focus);
        let name = entity
            .and_then(|e| e.name.as_deref())
            .map(|n| format!("\"{n}\""))
            .unwrap_or_else(|| "(no name)".to_owned());
        let sources = entity
            .map(|e| e.sources.join(", "))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "no source".to_owned());
        // The entity in full (`<IRI>`, `_:label`), so it can be searched for.
        writeln!(text, "{name} {focus} in {sources}")?;
        for result in results {
            write!(
                text,
                "  {}: {}",
                result.severity_name().to_lowercase(),
                result.message()
            )?;
            if let Some(value) = &result.value {
                write!(text, "; value: {}", short(value, &prefixes))?;
            }
            writeln!(text)?;
        }
    }
    writeln!(text, "{}", summary(validation, shapes))?;
    Ok(text)
}

/// The results grouped by focus node, ordered by source file then IRI.
fn by_entity(
    validation: &Validation,
) -> BTreeMap<(String, String), (&Term, Vec<&ValidationResult>)> {
    let mut groups: BTreeMap<(String, String), (&Term, Vec<&ValidationResult>)> = BTreeMap::new();
    for result in &validation.report.results {
        let source = validation
            .entities
            .get(&result.focus_node)
            .map(|e| e.sources.join(", "))
            .unwrap_or_default();
        groups
            .entry((source, result.focus_node.to_string()))
            .or_insert_with(|| (&result.focus_node, Vec::new()))
            .1
            .push(result);
    }
    groups
}

fn summary(validation: &Validation, shapes: &Shapes) -> String {
    let report = &validation.report;
    let checked = report.focus_nodes;
    if report.conforms() {
        return format!(
            "the data conforms to {}: {checked} entit{} checked, no problems",
            shapes.origin(),
            if checked == 1 { "y" } else { "ies" }
        );
    }
    let entities = validation.entities.len();
    if !report.has_violations() {
        return format!(
            "no violations: {} warning{}, {} info{} on {entities} of {checked} entities checked against {}",
            report.count("Warning"),
            plural(report.count("Warning")),
            report.count("Info"),
            plural(report.count("Info")),
            shapes.origin()
        );
    }
    format!(
        "{} violation{}, {} warning{}, {} info{} on {entities} of {checked} entities checked: the data does not conform to {}",
        report.count("Violation"),
        plural(report.count("Violation")),
        report.count("Warning"),
        plural(report.count("Warning")),
        report.count("Info"),
        plural(report.count("Info")),
        shapes.origin()
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A term for people: IRIs (and datatypes) as prefixed names when a known
/// prefix fits, literals quoted.
fn short(term: &Term, prefixes: &PrefixMap) -> String {
    let iri = |iri: &str| prefixes.shorten(iri).unwrap_or_else(|| format!("<{iri}>"));
    match term {
        Term::NamedNode(n) => iri(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => {
            let quoted = format!("{:?}", l.value());
            match l.language() {
                Some(lang) => format!("{quoted}@{lang}"),
                None if l.datatype() == xsd::STRING => quoted,
                None => format!("{quoted}^^{}", iri(l.datatype().as_str())),
            }
        }
    }
}

/// The report for scripts.
fn as_json(validation: &Validation, shapes: &Shapes) -> serde_json::Value {
    let report = &validation.report;
    let term = |t: &Term| match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    };
    let results: Vec<_> = report
        .results
        .iter()
        .map(|r| {
            let entity = validation.entities.get(&r.focus_node);
            json!({
                "focus_node": term(&r.focus_node),
                "name": entity.and_then(|e| e.name.clone()),
                "sources": entity.map(|e| e.sources.clone()).unwrap_or_default(),
                "path": r.path.as_ref().map(ToString::to_string),
                "value": r.value.as_ref().map(term),
                "message": r.message(),
                "severity": r.severity_name(),
                "component": r.component_name(),
                "source_shape": term(&r.source_shape),
            })
        })
        .collect();
    json!({
        "conforms": report.conforms(),
        "shapes": shapes.origin(),
        "focus_nodes": report.focus_nodes,
        "violations": report.count("Violation"),
        "warnings": report.count("Warning"),
        "infos": report.count("Info"),
        "results": results,
    })
}
