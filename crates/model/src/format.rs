//! `Format`: the RDF serializations actorgraph reads and writes, and how a
//! file's name maps to one.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use oxrdfio::{JsonLdProfileSet, RdfFormat};

/// An RDF serialization actorgraph can parse and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Turtle (`.ttl`).
    Turtle,
    /// TriG (`.trig`): Turtle with named graphs.
    TriG,
    /// N-Triples (`.nt`).
    NTriples,
    /// N-Quads (`.nq`).
    NQuads,
    /// RDF/XML (`.rdf`, `.owl`).
    RdfXml,
    /// JSON-LD (`.jsonld`).
    JsonLd,
}

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Self; 6] = [
        Self::Turtle,
        Self::TriG,
        Self::NTriples,
        Self::NQuads,
        Self::RdfXml,
        Self::JsonLd,
    ];

    /// The format a file name's extension says, if it names an RDF format.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&extension.as_str()))
    }

    /// The short name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Turtle => "turtle",
            Self::TriG => "trig",
            Self::NTriples => "ntriples",
            Self::NQuads => "nquads",
            Self::RdfXml => "rdfxml",
            Self::JsonLd => "jsonld",
        }
    }

    /// File extensions of the format, the usual one first.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Turtle => &["ttl", "turtle"],
            Self::TriG => &["trig"],
            Self::NTriples => &["nt", "ntriples"],
            Self::NQuads => &["nq", "nquads"],
            Self::RdfXml => &["rdf", "owl", "rdfxml"],
            Self::JsonLd => &["jsonld"],
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        self.oxigraph().media_type()
    }

    /// Whether the format can hold named graphs.
    pub fn supports_datasets(self) -> bool {
        matches!(self, Self::TriG | Self::NQuads | Self::JsonLd)
    }

    /// Whether the format is one of the Turtle family (Turtle, TriG,
    /// N-Triples, N-Quads).
    pub fn is_turtle_family(self) -> bool {
        matches!(
            self,
            Self::Turtle | Self::TriG | Self::NTriples | Self::NQuads
        )
    }

    /// The same format as Oxigraph names it.
    pub fn oxigraph(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::TriG => RdfFormat::TriG,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that actorgraph does not know.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "unknown RDF format '{0}': use one of turtle, trig, ntriples, nquads, rdfxml, jsonld (or an extension such as ttl, nq)"
)]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Accepts a format's name or any of its extensions, in any case.
    fn from_str(name: &str) -> Result<Self, UnknownFormat> {
        let name = name.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.name() == name || f.extensions().contains(&name.as_str()))
            .ok_or(UnknownFormat(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_and_names_map_to_formats() {
        assert_eq!(
            Format::from_path(Path::new("a/b.TTL")),
            Some(Format::Turtle)
        );
        assert_eq!(Format::from_path(Path::new("x.nq")), Some(Format::NQuads));
        assert_eq!(Format::from_path(Path::new("README.md")), None);
        assert_eq!("nt".parse::<Format>().unwrap(), Format::NTriples);
        assert_eq!("JsonLD".parse::<Format>().unwrap(), Format::JsonLd);
        assert!("csv".parse::<Format>().is_err());
    }
}
