//! Which format an answer is written in: the W3C results formats for SELECT
//! and ASK, the RDF formats the CLI writes for CONSTRUCT, DESCRIBE and
//! graphs, chosen by a `format` parameter or by the request's `Accept`
//! header (RFC 9110 content negotiation, quality values included).

use std::fmt;

use actorgraph_model::Format;
use actorgraph_query::ResultsFormat;
use serde::{Deserialize, Serialize};

/// What kind of answer a request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnswerKind {
    /// Solutions or a boolean: SELECT and ASK.
    Results,
    /// Triples: CONSTRUCT, DESCRIBE and the graphs of the store.
    Graph,
}

/// A format an answer can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub(crate) enum AnswerFormat {
    /// A W3C SPARQL results format.
    Results(ResultsFormat),
    /// An RDF serialization.
    Rdf(Format),
}

/// The results formats, the default (JSON) first.
const RESULTS: [ResultsFormat; 4] = [
    ResultsFormat::Json,
    ResultsFormat::Xml,
    ResultsFormat::Csv,
    ResultsFormat::Tsv,
];

/// The RDF formats an answer comes in, the default (Turtle) first.
const GRAPHS: [Format; 6] = [
    Format::Turtle,
    Format::NTriples,
    Format::RdfXml,
    Format::JsonLd,
    Format::NQuads,
    Format::TriG,
];

impl AnswerFormat {
    /// Every format of a kind, its default first.
    pub(crate) fn all(kind: AnswerKind) -> Vec<Self> {
        match kind {
            AnswerKind::Results => RESULTS.into_iter().map(Self::Results).collect(),
            AnswerKind::Graph => GRAPHS.into_iter().map(Self::Rdf).collect(),
        }
    }

    /// The name a `format` parameter gives.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Results(ResultsFormat::Json) => "json",
            Self::Results(ResultsFormat::Xml) => "xml",
            Self::Results(ResultsFormat::Csv) => "csv",
            Self::Results(ResultsFormat::Tsv) => "tsv",
            Self::Rdf(format) => format.name(),
        }
    }

    /// The media type the answer is sent as (text formats in UTF-8).
    pub(crate) fn content_type(self) -> String {
        let media = self.media_type();
        if media.starts_with("text/") {
            format!("{media}; charset=utf-8")
        } else {
            media.to_owned()
        }
    }

    fn media_type(self) -> &'static str {
        match self {
            Self::Results(ResultsFormat::Json) => "application/sparql-results+json",
            Self::Results(ResultsFormat::Xml) => "application/sparql-results+xml",
            Self::Results(ResultsFormat::Csv) => "text/csv",
            Self::Results(ResultsFormat::Tsv) => "text/tab-separated-values",
            Self::Rdf(format) => format.media_type(),
        }
    }

    /// Media types that also ask for this format (older or generic names
    /// clients send).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Results(ResultsFormat::Json) => &["application/json"],
            Self::Results(ResultsFormat::Xml) => &["application/xml", "text/xml"],
            Self::Rdf(Format::Turtle) => &["application/x-turtle"],
            Self::Rdf(Format::NTriples) => &["text/plain"],
            Self::Rdf(Format::RdfXml) => &["application/xml", "text/xml"],
            Self::Rdf(Format::JsonLd) => &["application/json"],
            _ => &[],
        }
    }

    /// Whether a `format` parameter's value names this format: its name,
    /// an RDF format's other names and extensions, or a media type.
    fn is_named(self, wanted: &str) -> bool {
        let by_name = match self {
            Self::Results(_) => self.name().eq_ignore_ascii_case(wanted),
            Self::Rdf(format) => {
                wanted.parse::<Format>().is_ok_and(|f| f == format)
                    || self
                        .other_names()
                        .iter()
                        .any(|n| n.eq_ignore_ascii_case(wanted))
            }
        };
        by_name || self.answers(wanted)
    }

    /// Names clients give RDF formats besides actorgraph's own.
    fn other_names(self) -> &'static [&'static str] {
        match self {
            Self::Rdf(Format::RdfXml) => &["xml", "rdf+xml", "rdf/xml"],
            Self::Rdf(Format::JsonLd) => &["json-ld", "json"],
            Self::Rdf(Format::NTriples) => &["n-triples"],
            Self::Rdf(Format::NQuads) => &["n-quads"],
            _ => &[],
        }
    }

    fn answers(self, media: &str) -> bool {
        self.media_type().eq_ignore_ascii_case(media)
            || self.aliases().iter().any(|a| a.eq_ignore_ascii_case(media))
    }
}

impl fmt::Display for AnswerFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl From<AnswerFormat> for String {
    fn from(format: AnswerFormat) -> Self {
        format.name().to_owned()
    }
}

impl TryFrom<String> for AnswerFormat {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        [AnswerKind::Results, AnswerKind::Graph]
            .into_iter()
            .flat_map(Self::all)
            .find(|f| f.name() == name)
            .ok_or_else(|| format!("unknown answer format '{name}'"))
    }
}

/// Chooses the format of an answer of `kind`: the first of the `format`
/// parameter's values that names one for this kind of answer (a name such
/// as `csv`, an extension such as `ttl`, or a media type), else the most
/// preferred media type of `accept` that can be written, else the kind's
/// default. `format` values that name nothing for this kind are passed
/// over, as clients send several (SPARQLWrapper sends `format=rdf+xml`
/// and `format=application/rdf+xml` together) and some for another kind.
/// Fails, with what can be written, when `accept` allows nothing.
pub(crate) fn negotiate<'a>(
    kind: AnswerKind,
    format: impl IntoIterator<Item = &'a str>,
    accept: Option<&str>,
) -> Result<AnswerFormat, String> {
    let formats = AnswerFormat::all(kind);
    for wanted in format {
        let wanted = wanted.trim();
        let named = formats.iter().copied().find(|f| f.is_named(wanted));
        if let Some(format) = named {
            return Ok(format);
        }
    }
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Ok(formats[0]);
    };
    let mut ranges = media_ranges(accept);
    // Most preferred first; among equals, the order the client wrote.
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (range, quality) in &ranges {
        if *quality <= 0.0 {
            continue;
        }
        let found = match range.split_once('/') {
            Some(("*", "*")) => Some(formats[0]),
            Some((family, "*")) => formats
                .iter()
                .copied()
                .find(|f| f.media_type().split('/').next() == Some(family)),
            _ => formats.iter().copied().find(|f| f.answers(range)),
        };
        if let Some(format) = found {
            return Ok(format);
        }
    }
    Err(format!(
        "the Accept header ({accept}) allows none of the media types this answer comes in: {}; or name one with ?format= ({})",
        formats
            .iter()
            .map(|f| f.media_type())
            .collect::<Vec<_>>()
            .join(", "),
        names(&formats)
    ))
}

fn names(formats: &[AnswerFormat]) -> String {
    formats
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The media ranges of an `Accept` header with their quality values
/// (1 when not given), media types in lower case.
fn media_ranges(accept: &str) -> Vec<(String, f32)> {
    accept
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let range = pieces.next()?.trim().to_ascii_lowercase();
            if range.is_empty() {
                return None;
            }
            let quality = pieces
                .filter_map(|p| p.trim().split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
                .and_then(|(_, value)| value.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((range, quality))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(kind: AnswerKind, format: Option<&str>, accept: Option<&str>) -> String {
        match negotiate(kind, format, accept) {
            Ok(f) => f.name().to_owned(),
            Err(e) => format!("NotAcceptable: {e}"),
        }
    }

    #[test]
    fn json_and_turtle_are_the_defaults() {
        assert_eq!(chosen(AnswerKind::Results, None, None), "json");
        assert_eq!(chosen(AnswerKind::Graph, None, Some("*/*")), "turtle");
    }

    #[test]
    fn quality_values_order_the_choice() {
        let accept = "application/sparql-results+json;q=0.5, text/csv, */*;q=0.1";
        assert_eq!(chosen(AnswerKind::Results, None, Some(accept)), "csv");
        let accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(chosen(AnswerKind::Results, None, Some(accept)), "xml");
        assert_eq!(chosen(AnswerKind::Graph, None, Some(accept)), "rdfxml");
    }

    #[test]
    fn the_format_parameter_wins_when_it_fits_the_answer() {
        assert_eq!(
            chosen(AnswerKind::Results, Some("tsv"), Some("text/csv")),
            "tsv"
        );
        assert_eq!(
            chosen(AnswerKind::Graph, Some("application/n-triples"), None),
            "ntriples"
        );
        assert_eq!(chosen(AnswerKind::Graph, Some("ttl"), None), "turtle");
        assert_eq!(chosen(AnswerKind::Graph, Some("xml"), None), "rdfxml");
        // A value for another kind of answer leaves the choice to Accept.
        assert_eq!(
            chosen(AnswerKind::Graph, Some("csv"), Some("application/ld+json")),
            "jsonld"
        );
    }

    #[test]
    fn of_several_format_values_the_first_that_fits_wins() {
        let values = ["rdf+xml", "application/rdf+xml"];
        assert_eq!(
            negotiate(AnswerKind::Graph, values, None).unwrap().name(),
            "rdfxml"
        );
        let values = ["nonsense", "tsv", "csv"];
        assert_eq!(
            negotiate(AnswerKind::Results, values, None).unwrap().name(),
            "tsv"
        );
    }

    #[test]
    fn nothing_acceptable_is_a_406() {
        let answer = chosen(
            AnswerKind::Results,
            None,
            Some("image/png, text/turtle;q=0"),
        );
        assert!(answer.starts_with("NotAcceptable"), "{answer}");
        let answer = chosen(AnswerKind::Results, None, Some("application/json;q=0"));
        assert!(answer.starts_with("NotAcceptable"), "{answer}");
    }
}
