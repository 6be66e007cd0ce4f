//! The value types entities are made of: IRIs, texts with languages, dates.

use crate::error::ModelError;
use oxrdf::{Literal, LiteralRef, NamedNode, NamedNodeRef};
use oxsdatatypes::{Date, DateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use crate::vocab::{rdf, xsd};

/// An absolute IRI naming an entity, serialized as a plain string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Iri(NamedNode);

impl Iri {
    /// Parses and validates an absolute IRI.
    pub fn new(iri: &str) -> Result<Self, ModelError> {
        NamedNode::new(iri)
            .map(Self)
            .map_err(|e| ModelError::InvalidIri {
                value: iri.to_owned(),
                reason: e.to_string(),
            })
    }

    /// The IRI as an RDF term.
    pub fn as_ref(&self) -> NamedNodeRef<'_> {
        self.0.as_ref()
    }

    /// The IRI as a string.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl From<NamedNode> for Iri {
    fn from(node: NamedNode) -> Self {
        Self(node)
    }
}

impl From<NamedNodeRef<'_>> for Iri {
    fn from(node: NamedNodeRef<'_>) -> Self {
        Self(node.into_owned())
    }
}

impl fmt::Display for Iri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Iri {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Iri {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let iri = String::deserialize(deserializer)?;
        Self::new(&iri).map_err(serde::de::Error::custom)
    }
}

/// A human-readable text, with the language tag the source gave it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    /// The text itself.
    pub value: String,
    /// Its BCP 47 language tag, such as `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Text {
    /// A text in the given language.
    pub fn new(value: impl Into<String>, lang: &str) -> Self {
        Self {
            value: value.into(),
            lang: Some(lang.to_owned()),
        }
    }

    /// A text with no language tag.
    pub fn plain(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            lang: None,
        }
    }

    /// The text as an RDF literal. A language tag that is not valid BCP 47
    /// is refused rather than silently dropped.
    pub fn to_literal(&self) -> Result<Literal, ModelError> {
        match &self.lang {
            None => Ok(Literal::new_simple_literal(&self.value)),
            Some(lang) => Literal::new_language_tagged_literal(&self.value, lang).map_err(|e| {
                ModelError::InvalidIri {
                    value: lang.clone(),
                    reason: format!("invalid language tag: {e}"),
                }
            }),
        }
    }

    /// Reads a text from a plain, `xsd:string` or language-tagged literal.
    pub fn from_literal(literal: LiteralRef<'_>) -> Option<Self> {
        if let Some(lang) = literal.language() {
            Some(Self::new(literal.value(), lang))
        } else if literal.datatype() == xsd::STRING {
            Some(Self::plain(literal.value()))
        } else {
            None
        }
    }
}

/// A point in time as the sources give it: a day, or a day with a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum When {
    /// An `xsd:date`, such as `2015-10-30`.
    Date(Date),
    /// An `xsd:dateTime`, such as `2015-10-30T10:00:00+06:00`.
    DateTime(DateTime),
}

impl When {
    /// The value as a typed RDF literal.
    pub fn to_literal(self) -> Literal {
        match self {
            Self::Date(d) => d.into(),
            Self::DateTime(d) => d.into(),
        }
    }

    /// Reads an `xsd:date` or `xsd:dateTime` literal; anything else is `None`.
    pub fn from_literal(literal: LiteralRef<'_>) -> Option<Self> {
        if literal.datatype() == xsd::DATE {
            Date::from_str(literal.value()).ok().map(Self::Date)
        } else if literal.datatype() == xsd::DATE_TIME {
            DateTime::from_str(literal.value()).ok().map(Self::DateTime)
        } else {
            None
        }
    }

    /// The instant the value starts at, to compare days with times.
    fn start(self) -> Option<DateTime> {
        match self {
            Self::Date(d) => DateTime::try_from(d).ok(),
            Self::DateTime(d) => Some(d),
        }
    }
}

impl PartialOrd for When {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.start()?.partial_cmp(&other.start()?)
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Date(d) => d.fmt(f),
            Self::DateTime(d) => d.fmt(f),
        }
    }
}

impl FromStr for When {
    type Err = ModelError;

    /// Parses `YYYY-MM-DD` as a date and anything with a `T` as a date-time.
    fn from_str(value: &str) -> Result<Self, ModelError> {
        let parsed = if value.contains('T') {
            DateTime::from_str(value).ok().map(Self::DateTime)
        } else {
            Date::from_str(value).ok().map(Self::Date)
        };
        parsed.ok_or_else(|| ModelError::InvalidValue {
            entity: String::new(),
            property: rdf::VALUE.as_str().to_owned(),
            value: value.to_owned(),
            expected: "an xsd:date (2015-10-30) or xsd:dateTime (2015-10-30T10:00:00Z)",
        })
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        value.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_compare_by_their_start() {
        let day: When = "2015-10-30".parse().unwrap();
        let later: When = "2015-10-30T10:00:00".parse().unwrap();
        let before: When = "2015-10-28".parse().unwrap();
        assert!(before < day);
        assert!(day <= later);
    }

    #[test]
    fn invalid_dates_are_refused() {
        assert!("2015-13-45".parse::<When>().is_err());
        assert!("30 October 2015".parse::<When>().is_err());
    }

    #[test]
    fn iris_must_be_absolute() {
        assert!(Iri::new("relative/path").is_err());
        assert_eq!(
            Iri::new("http://example.com/a").unwrap().as_str(),
            "http://example.com/a"
        );
    }
}
