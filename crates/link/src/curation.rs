//! The curation file: a Turtle file of the `owl:sameAs` links people
//! accepted, one line each with why (names, score, evidence, date). It is
//! read to know which links it holds and only ever appended to: its other
//! lines are never rewritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use actorgraph_model::file_iri;
use actorgraph_model::vocab::owl;
use oxigraph::io::{RdfFormat, RdfParser, RdfSyntaxError};
use oxigraph::model::{NamedOrBlankNode, Term};

use crate::error::LinkError;
use crate::suggestion::Suggestion;

/// What a new curation file starts with.
const HEADER: &str = "\
# owl:sameAs links between entities that are one, each reviewed and
# accepted by a person. The comment after each link says why: the names
# that matched, the score and the evidence it had, and when.
@prefix owl: <http://www.w3.org/2002/07/owl#> .

";

/// A curation file, as read.
#[derive(Debug)]
pub struct Curation {
    path: PathBuf,
    links: Vec<(String, String)>,
    owl_prefix: bool,
    empty: bool,
    ends_with_newline: bool,
}

/// What [`Curation::append`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The link was written, as this line.
    Written(String),
    /// The file holds the link already (either way round, or through
    /// other links): nothing was written.
    AlreadyThere,
}

impl Curation {
    /// Reads the curation file at `path`, which need not exist yet (it is
    /// created by the first link appended). A file that is not valid
    /// Turtle is an error: nothing is appended to it.
    pub fn open(path: &Path) -> Result<Self, LinkError> {
        let io = |source| LinkError::Io {
            path: path.to_owned(),
            source,
        };
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(io(error)),
        };
        let mut curation = Self {
            path: path.to_owned(),
            links: Vec::new(),
            owl_prefix: false,
            empty: text.iter().all(u8::is_ascii_whitespace),
            ends_with_newline: text.is_empty() || text.ends_with(b"\n"),
        };
        let absolute = std::path::absolute(path).map_err(io)?;
        let mut parser = RdfParser::from_format(RdfFormat::Turtle)
            .with_base_iri(file_iri(&absolute).as_str())
            .map_err(|error| LinkError::InvalidIri {
                text: absolute.display().to_string(),
                message: error.to_string(),
            })?
            .for_slice(&text);
        for quad in parser.by_ref() {
            let quad = quad.map_err(|error| curation.syntax_error(error))?;
            if quad.predicate == owl::SAME_AS
                && let (NamedOrBlankNode::NamedNode(a), Term::NamedNode(b)) =
                    (&quad.subject, &quad.object)
            {
                curation
                    .links
                    .push((a.as_str().to_owned(), b.as_str().to_owned()));
            }
        }
        curation.owl_prefix = parser
            .prefixes()
            .any(|(name, namespace)| name == "owl" && namespace == owl::NS);
        Ok(curation)
    }

    fn syntax_error(&self, error: RdfSyntaxError) -> LinkError {
        let (line, column) = error
            .location()
            .map_or((0, 0), |range| (range.start.line, range.start.column));
        // The parser's message repeats the place, which the error says
        // as path:line:column.
        let message = error.to_string();
        let message = match message.split_once(": ") {
            Some((place, rest)) if place.starts_with("Parser error at") => rest.to_owned(),
            _ => message,
        };
        LinkError::CurationSyntax {
            path: self.path.clone(),
            line: line + 1,
            column: column + 1,
            message,
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The `owl:sameAs` links between IRIs the file holds, as written.
    pub fn links(&self) -> &[(String, String)] {
        &self.links
    }

    /// Whether the file makes `a` and `b` one: a link between them either
    /// way round, or a chain of links.
    pub fn holds(&self, a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        let mut reached = vec![a];
        let mut next = 0;
        while next < reached.len() {
            let from = reached[next];
            next += 1;
            for (x, y) in &self.links {
                for (here, there) in [(x, y), (y, x)] {
                    if here == from && !reached.contains(&there.as_str()) {
                        if there == b {
                            return true;
                        }
                        reached.push(there);
                    }
                }
            }
        }
        false
    }

    /// Appends the link `suggestion` proposes, with a comment saying why
    /// and when (`date`, as the caller writes it) and the reviewer's
    /// `note`, unless the file holds it already. A new file gets a header
    /// first.
    pub fn append(
        &mut self,
        suggestion: &Suggestion,
        note: Option<&str>,
        date: &str,
    ) -> Result<Appended, LinkError> {
        if self.holds(&suggestion.a, &suggestion.b) {
            return Ok(Appended::AlreadyThere);
        }
        let mut comment = format!("{}; accepted {date}", suggestion.summary());
        if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
            comment.push_str("; note: ");
            comment.push_str(note);
        }
        // A comment ends at the end of its line.
        let comment: String = comment
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
            .collect();
        let line = format!(
            "<{}> owl:sameAs <{}> . # {comment}\n",
            suggestion.a, suggestion.b
        );
        let mut text = String::new();
        if self.empty {
            text.push_str(HEADER);
        } else {
            if !self.ends_with_newline {
                text.push('\n');
            }
            if !self.owl_prefix {
                text.push_str(&format!("@prefix owl: <{}> .\n", owl::NS));
            }
        }
        text.push_str(&line);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|source| LinkError::Io {
                path: self.path.clone(),
                source,
            })?;
        // One write: a reader never sees half a line.
        file.write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|source| LinkError::Io {
                path: self.path.clone(),
                source,
            })?;
        self.empty = false;
        self.ends_with_newline = true;
        self.owl_prefix = true;
        self.links
            .push((suggestion.a.clone(), suggestion.b.clone()));
        Ok(Appended::Written(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggestion::{Kind, NameMatch, NameRule};

    fn suggestion(a: &str, b: &str) -> Suggestion {
        Suggestion {
            a: format!("https://example.org/{a}"),
            b: format!("https://example.org/{b}"),
            kind: Kind::Place,
            score: 0.9,
            names: vec![NameMatch {
                a: "Ashgabat".into(),
                b: "Ashgabad".into(),
                how: NameRule::Transliteration,
                similarity: 0.95,
            }],
            evidence: Vec::new(),
        }
    }

    fn links(path: &Path) -> Vec<(String, String)> {
        Curation::open(path).unwrap().links().to_vec()
    }

    #[test]
    fn a_new_file_gets_a_header_and_one_line_per_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.ttl");
        let mut curation = Curation::open(&path).unwrap();
        let written = curation
            .append(
                &suggestion("a", "b"),
                Some("same city\nreally"),
                "2026-11-30",
            )
            .unwrap();
        assert_eq!(
            written,
            Appended::Written(
                "<https://example.org/a> owl:sameAs <https://example.org/b> . # \"Ashgabat\" ~ \"Ashgabad\" (transliteration); score 0.90; accepted 2026-11-30; note: same city really\n".into()
            )
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# owl:sameAs links"), "{text}");
        assert_eq!(
            links(&path),
            [(
                "https://example.org/a".into(),
                "https://example.org/b".into()
            )]
        );
    }

    #[test]
    fn a_link_the_file_holds_is_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.ttl");
        let mut curation = Curation::open(&path).unwrap();
        curation.append(&suggestion("a", "b"), None, "d").unwrap();
        curation.append(&suggestion("b", "c"), None, "d").unwrap();
        let before = std::fs::read_to_string(&path).unwrap();
        let mut again = Curation::open(&path).unwrap();
        assert_eq!(
            again.append(&suggestion("a", "b"), None, "d").unwrap(),
            Appended::AlreadyThere
        );
        assert_eq!(
            again.append(&suggestion("b", "a"), None, "d").unwrap(),
            Appended::AlreadyThere
        );
        assert_eq!(
            again.append(&suggestion("a", "c"), None, "d").unwrap(),
            Appended::AlreadyThere
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    }

    #[test]
    fn other_lines_are_kept_and_the_prefix_added_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.ttl");
        let mine = "# mine\n<https://example.org/x> <http://www.w3.org/2002/07/owl#sameAs> <https://example.org/y> .";
        std::fs::write(&path, mine).unwrap();
        let mut curation = Curation::open(&path).unwrap();
        curation.append(&suggestion("a", "b"), None, "d").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(mine), "{text}");
        assert!(
            text.contains(
                "\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://example.org/a>"
            ),
            "{text}"
        );
        assert_eq!(links(&path).len(), 2);
    }

    #[test]
    fn a_broken_file_is_refused_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.ttl");
        std::fs::write(&path, "# fine\n<a> <b> .\n").unwrap();
        let error = Curation::open(&path).unwrap_err();
        assert!(
            matches!(error, LinkError::CurationSyntax { line: 2, .. }),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}:2:", path.display())),
            "{error}"
        );
    }
}
