//! The `file:` IRI of a path: the name a source or a query file goes by.

use std::path::Path;

use oxrdf::NamedNode;

/// The `file:` IRI of an absolute path, percent-encoding what IRIs forbid.
///
/// ```
/// use actorgraph_model::file_iri;
/// use std::path::Path;
///
/// assert_eq!(file_iri(Path::new("/data/a b.ttl")).as_str(), "file:///data/a%20b.ttl");
/// ```
pub fn file_iri(absolute: &Path) -> NamedNode {
    let mut iri = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                iri.push(char::from(byte))
            }
            _ => iri.push_str(&format!("%{byte:02X}")),
        }
    }
    NamedNode::new_unchecked(iri)
}
