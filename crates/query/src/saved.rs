//! Saved queries: `NAME.rq` files whose opening comment header says what
//! they answer and which parameters they take, and the typed parsing of
//! parameter values. The header format:
//!
//! ```text
//! # One line saying what the query answers.
//! #
//! # Any number of lines describing it.
//! #
//! # @param org    iri   required           The organization.
//! # @param since  date  default=1900-01-01 Earliest start date.
//! # @param topic  iri   optional           Only events about this topic.
//! # @example org=https://example.org/osce since=2015-01-01
//! ```
//!
//! Types: `iri`, `string`, `lang-string` (`text@en`), `integer`, `decimal`,
//! `boolean`, `date`, `datetime`. The header ends at the first line that is
//! not a comment. It is parsed strictly: any error names the file and line.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxsdatatypes::{Date, DateTime, Decimal};

use actorgraph_model::{PrefixMap, file_iri};

use crate::error::QueryError;

/// The type of a parameter's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// An absolute IRI.
    Iri,
    /// A plain string.
    String,
    /// A string with a language tag, written `text@en`.
    LangString,
    /// An `xsd:integer`.
    Integer,
    /// An `xsd:decimal`.
    Decimal,
    /// An `xsd:boolean`.
    Boolean,
    /// An `xsd:date`, such as `2015-10-30`.
    Date,
    /// An `xsd:dateTime`, such as `2015-10-30T10:00:00Z`.
    DateTime,
}

const TYPES: [(&str, ParamType); 8] = [
    ("iri", ParamType::Iri),
    ("string", ParamType::String),
    ("lang-string", ParamType::LangString),
    ("integer", ParamType::Integer),
    ("decimal", ParamType::Decimal),
    ("boolean", ParamType::Boolean),
    ("date", ParamType::Date),
    ("datetime", ParamType::DateTime),
];

impl ParamType {
    /// What a value of this type looks like, for error messages.
    fn expects(self) -> &'static str {
        match self {
            Self::Iri => {
                "an absolute IRI such as https://example.org/x, or a prefixed name such as actor:osce"
            }
            Self::String => "a string",
            Self::LangString => "a text with a language tag, such as Astana@en",
            Self::Integer => "an integer such as 150",
            Self::Decimal => "a decimal number such as 1.5",
            Self::Boolean => "true or false",
            Self::Date => "a date such as 2015-10-30",
            Self::DateTime => "a date and time such as 2015-10-30T10:00:00Z",
        }
    }

    /// Parses `value` as a typed RDF term.
    pub fn parse(self, value: &str) -> Result<Term, String> {
        let bad = || format!("'{value}' is not {}", self.expects());
        Ok(match self {
            Self::Iri => NamedNode::new(expand_prefixed(
                value.trim_start_matches('<').trim_end_matches('>'),
            ))
            .map_err(|_| bad())?
            .into(),
            Self::String => Literal::new_simple_literal(value).into(),
            Self::LangString => {
                let (text, lang) = value.rsplit_once('@').ok_or_else(bad)?;
                Literal::new_language_tagged_literal(text, lang)
                    .map_err(|_| bad())?
                    .into()
            }
            Self::Integer => Literal::from(value.parse::<i64>().map_err(|_| bad())?).into(),
            Self::Decimal => Literal::from(Decimal::from_str(value).map_err(|_| bad())?).into(),
            Self::Boolean => Literal::from(value.parse::<bool>().map_err(|_| bad())?).into(),
            Self::Date => Literal::from(Date::from_str(value).map_err(|_| bad())?).into(),
            Self::DateTime => Literal::from(DateTime::from_str(value).map_err(|_| bad())?).into(),
        })
    }
}

/// `actor:osce` → its full IRI, for the prefixes actorgraph knows; any
/// other value unchanged.
fn expand_prefixed(value: &str) -> String {
    PrefixMap::builtin()
        .expand(value)
        .unwrap_or_else(|| value.to_owned())
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = TYPES
            .iter()
            .find(|(_, t)| t == self)
            .map_or("?", |(n, _)| n);
        f.write_str(name)
    }
}

/// Whether a parameter must be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// It must be given.
    Required,
    /// It may be left out, and is then unbound.
    Optional,
    /// It defaults to this value.
    Default(String),
}

/// One parameter of a saved query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name, which is also the query variable it binds.
    pub name: String,
    /// The type of its values.
    pub kind: ParamType,
    /// Whether it must be given.
    pub requirement: Requirement,
    /// What it means.
    pub description: String,
}

/// A saved query and what its header says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedQuery {
    /// Its name: the file name without `.rq`.
    pub name: String,
    /// Where it was read from, or `built-in`.
    pub origin: String,
    /// One line saying what it answers.
    pub summary: String,
    /// A longer description.
    pub description: String,
    /// Its parameters.
    pub params: Vec<Param>,
    /// Example parameter lists, each `name=value name=value`.
    pub examples: Vec<String>,
    /// The SPARQL text.
    pub text: String,
    /// The base IRI of its relative IRIs: a file's own `file:` IRI.
    pub base: Option<String>,
}

impl SavedQuery {
    /// Parses the header of `text`, a query named `name` read from `origin`.
    /// The SPARQL itself is parsed where the query runs, and by
    /// [`catalogue`], which checks every query it lists.
    pub fn parse(name: &str, origin: &str, text: &str) -> Result<Self, QueryError> {
        let error = |line: usize, message: String| QueryError::Header {
            origin: origin.to_owned(),
            line,
            message,
        };
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .map_while(|(n, l)| l.strip_prefix('#').map(|rest| (n, rest.trim())));
        let summary = match lines.next() {
            Some((_, summary)) if !summary.is_empty() && !summary.starts_with('@') => {
                summary.to_owned()
            }
            _ => {
                return Err(error(
                    1,
                    "the first line must be a comment saying what the query answers".into(),
                ));
            }
        };
        let (mut description, mut params, mut examples) =
            (Vec::<&str>::new(), Vec::new(), Vec::new());
        for (number, line) in lines {
            if let Some(rest) = line.strip_prefix("@param") {
                params.push(parse_param(rest).map_err(|m| error(number, m))?);
            } else if let Some(rest) = line.strip_prefix("@example") {
                examples.push(rest.trim().to_owned());
            } else if line.starts_with('@') {
                return Err(error(
                    number,
                    format!(
                        "unknown tag '{}': use @param or @example",
                        line.split_whitespace().next().unwrap_or(line)
                    ),
                ));
            } else if params.is_empty() && examples.is_empty() {
                description.push(line);
            } else {
                return Err(error(
                    number,
                    "description lines go before the @param and @example lines".into(),
                ));
            }
        }
        for param in &params {
            if !mentions(text, &param.name) {
                return Err(QueryError::Parameter(format!(
                    "{origin}: parameter '{}' is not used: the query has no ?{} variable",
                    param.name, param.name
                )));
            }
            if let Requirement::Default(value) = &param.requirement {
                param.kind.parse(value).map_err(|m| {
                    QueryError::Parameter(format!("{origin}: default of '{}': {m}", param.name))
                })?;
            }
        }
        let query = Self {
            name: name.to_owned(),
            origin: origin.to_owned(),
            summary,
            description: description.join("\n").trim().to_owned(),
            params,
            examples,
            text: text.to_owned(),
            base: None,
        };
        for example in &query.examples {
            query
                .bind(&split_example(example))
                .map_err(|e| QueryError::Parameter(format!("{origin}: @example: {e}")))?;
        }
        Ok(query)
    }

    /// Checks and types the given `name=value` parameters, adding defaults.
    pub fn bind(&self, given: &[(String, String)]) -> Result<Vec<(Variable, Term)>, QueryError> {
        for (name, _) in given {
            if !self.params.iter().any(|p| &p.name == name) {
                let known: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
                let hint = match nearest(name, known.iter().copied()).as_slice() {
                    [] => String::new(),
                    [first, ..] => format!(" (did you mean '{first}'?)"),
                };
                return Err(QueryError::Parameter(format!(
                    "query '{}' has no parameter '{name}'{hint}; its parameters: {}",
                    self.name,
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                )));
            }
        }
        let mut bindings = Vec::new();
        for param in &self.params {
            let value = match (
                given.iter().rev().find(|(n, _)| n == &param.name),
                &param.requirement,
            ) {
                (Some((_, value)), _) => value.as_str(),
                (None, Requirement::Default(value)) => value.as_str(),
                (None, Requirement::Optional) => continue,
                (None, Requirement::Required) => {
                    return Err(QueryError::MissingParameter {
                        query: self.name.clone(),
                        name: param.name.clone(),
                        description: format!(
                            "{} ({}, {})",
                            param.description,
                            param.kind,
                            param.kind.expects()
                        ),
                    });
                }
            };
            let term = param
                .kind
                .parse(value)
                .map_err(|m| QueryError::Parameter(format!("parameter '{}': {m}", param.name)))?;
            bindings.push((Variable::new_unchecked(param.name.clone()), term));
        }
        Ok(bindings)
    }
}

/// Splits an `@example` line into `(name, value)` pairs.
pub fn split_example(example: &str) -> Vec<(String, String)> {
    example
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

fn parse_param(rest: &str) -> Result<Param, String> {
    let mut words = rest.split_whitespace();
    let usage = "expected '@param NAME TYPE required|optional|default=VALUE DESCRIPTION'";
    let name = words.next().ok_or(usage)?;
    if Variable::new(name).is_err() {
        return Err(format!("'{name}' is not a valid variable name"));
    }
    let kind_name = words.next().ok_or(usage)?;
    let kind = TYPES
        .iter()
        .find(|(n, _)| *n == kind_name)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            format!(
                "unknown type '{kind_name}': use one of {}",
                TYPES.map(|(n, _)| n).join(", ")
            )
        })?;
    let requirement = match words.next().ok_or(usage)? {
        "required" => Requirement::Required,
        "optional" => Requirement::Optional,
        other => match other.strip_prefix("default=") {
            Some(value) => Requirement::Default(value.to_owned()),
            None => return Err(format!("'{other}': {usage}")),
        },
    };
    let description = words.collect::<Vec<_>>().join(" ");
    if description.is_empty() {
        return Err(format!("parameter '{name}' has no description"));
    }
    Ok(Param {
        name: name.to_owned(),
        kind,
        requirement,
        description,
    })
}

/// Whether `text` has the variable `?name` or `$name`.
fn mentions(text: &str, name: &str) -> bool {
    ['?', '$'].iter().any(|sigil| {
        let needle = format!("{sigil}{name}");
        text.match_indices(&needle).any(|(i, _)| {
            let after = text[i + needle.len()..].chars().next();
            !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    })
}

/// Every saved query: the built-in ones, then those in `dirs` (later ones
/// replace earlier ones of the same name). Sorted by name.
pub fn catalogue(
    builtin: &[(&str, &str)],
    dirs: &[PathBuf],
) -> Result<Vec<SavedQuery>, QueryError> {
    let mut queries = Vec::new();
    for text in texts(builtin, dirs)? {
        let query = text.parse()?;
        crate::run::parse_query(&query.text, query.base.as_deref(), &query.origin)?;
        queries.push(query);
    }
    queries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(queries)
}

/// The saved query named `name`, found as [`catalogue`] would find it. Only
/// its header is read here: SPARQL parsing is most of a short query's
/// start-up, and running the query parses it. An unknown name is
/// [`QueryError::UnknownQuery`], with the nearest names.
pub fn saved_query(
    builtin: &[(&str, &str)],
    dirs: &[PathBuf],
    name: &str,
) -> Result<SavedQuery, QueryError> {
    let texts = texts(builtin, dirs)?;
    match texts.iter().find(|t| t.name == name) {
        Some(text) => text.parse(),
        None => Err(QueryError::UnknownQuery {
            name: name.to_owned(),
            nearest: nearest(name, texts.iter().map(|t| t.name.as_str())),
        }),
    }
}

/// The names among `known` close enough to `name` to be what was meant,
/// nearest first: at most three.
pub(crate) fn nearest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = known
        .map(|k| (strsim::jaro_winkler(name, k), k))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, k)| k.to_owned())
        .collect()
}

/// A saved query's text, not yet parsed, and where it was read from.
struct QueryText {
    name: String,
    origin: String,
    text: String,
    base: Option<String>,
}

impl QueryText {
    fn parse(&self) -> Result<SavedQuery, QueryError> {
        Ok(SavedQuery {
            base: self.base.clone(),
            ..SavedQuery::parse(&self.name, &self.origin, &self.text)?
        })
    }
}

/// The texts of the built-in queries, then of those in `dirs`; a later one
/// replaces an earlier one of the same name.
fn texts(builtin: &[(&str, &str)], dirs: &[PathBuf]) -> Result<Vec<QueryText>, QueryError> {
    let mut texts: Vec<QueryText> = Vec::new();
    let mut add = |text: QueryText| {
        texts.retain(|t| t.name != text.name);
        texts.push(text);
    };
    for (name, text) in builtin {
        add(QueryText {
            name: (*name).to_owned(),
            origin: format!("built-in {name}.rq"),
            text: (*text).to_owned(),
            base: None,
        });
    }
    for dir in dirs {
        for path in rq_files(dir)? {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            let text = std::fs::read_to_string(&path).map_err(|source| QueryError::Io {
                path: path.clone(),
                source,
            })?;
            let base = path
                .canonicalize()
                .ok()
                .map(|absolute| file_iri(&absolute).into_string());
            add(QueryText {
                name,
                origin: path.display().to_string(),
                text,
                base,
            });
        }
    }
    Ok(texts)
}

fn rq_files(dir: &Path) -> Result<Vec<PathBuf>, QueryError> {
    let entries = std::fs::read_dir(dir).map_err(|source| QueryError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = "# Events of an organization.\n#\n# Lists them.\n#\n# @param org iri required The organization.\n# @param since date default=1900-01-01 Earliest start.\n# @example org=https://example.org/osce\nSELECT ?e WHERE { ?e <http://schema.org/organizer> ?org ; <http://schema.org/startDate> ?d FILTER(?d >= ?since) }\n";

    #[test]
    fn a_header_is_read_whole() {
        let query = SavedQuery::parse("events", "events.rq", QUERY).unwrap();
        assert_eq!(query.summary, "Events of an organization.");
        assert_eq!(query.description, "Lists them.");
        assert_eq!(query.params.len(), 2);
        assert_eq!(
            query.params[1].requirement,
            Requirement::Default("1900-01-01".into())
        );
        assert_eq!(query.examples, ["org=https://example.org/osce"]);
    }

    #[test]
    fn malformed_headers_name_the_line() {
        let bad = QUERY.replace("iri required", "url required");
        let error = SavedQuery::parse("events", "events.rq", &bad)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("events.rq:5: unknown type 'url'"),
            "{error}"
        );
        let bad = QUERY.replace("@example", "@exemple");
        let error = SavedQuery::parse("events", "events.rq", &bad)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("events.rq:7: unknown tag '@exemple'"),
            "{error}"
        );
        let bad = QUERY.replace(
            "?since)",
            "\"1900-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>)",
        );
        let error = SavedQuery::parse("events", "events.rq", &bad)
            .unwrap_err()
            .to_string();
        assert!(error.contains("parameter 'since' is not used"), "{error}");
    }

    #[test]
    fn values_are_typed_and_checked() {
        let query = SavedQuery::parse("events", "events.rq", QUERY).unwrap();
        let error = query.bind(&[]).unwrap_err().to_string();
        assert!(
            error.contains("needs a value for its parameter 'org'"),
            "{error}"
        );
        let given = [
            ("org".to_owned(), "https://example.org/osce".to_owned()),
            ("since".to_owned(), "2015-13-45".to_owned()),
        ];
        let error = query.bind(&given).unwrap_err().to_string();
        assert!(
            error.contains("parameter 'since': '2015-13-45' is not a date"),
            "{error}"
        );
        let error = query
            .bind(&[("who".to_owned(), "x".to_owned())])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("has no parameter 'who'; its parameters: org, since"),
            "{error}"
        );
        let bound = query.bind(&given[..1]).unwrap();
        assert_eq!(
            bound[1].1.to_string(),
            "\"1900-01-01\"^^<http://www.w3.org/2001/XMLSchema#date>"
        );
    }
}
