//! The one prefix map: which prefixed names actorgraph writes and reads, and
//! the one rule for shortening an IRI to a prefixed name and back.

use crate::vocab::{ag, dcat, dcterms, org, owl, prov, schema, sd, sh, skos, spdx, void};

/// The usual prefix of each namespace actorgraph data uses.
const VOCABULARIES: [(&str, &str); 17] = [
    ("ag", ag::NS),
    ("dcat", dcat::NS),
    ("dcterms", dcterms::NS),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("org", org::NS),
    ("owl", owl::NS),
    ("prov", prov::NS),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("schema", schema::NS),
    ("sd", sd::NS),
    ("sh", sh::NS),
    ("skos", skos::NS),
    ("spdx", spdx::NS),
    ("void", void::NS),
    ("wd", "http://www.wikidata.org/entity/"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Prefixes for the identifiers actorgraph mints under
/// `https://w3id.org/actorgraph/id/`.
const IDENTIFIERS: [(&str, &str); 10] = [
    ("actor", "https://w3id.org/actorgraph/id/actor/"),
    ("concept", "https://w3id.org/actorgraph/id/concept/"),
    ("doc", "https://w3id.org/actorgraph/id/doc/"),
    ("event", "https://w3id.org/actorgraph/id/event/"),
    ("mem", "https://w3id.org/actorgraph/id/membership/"),
    ("part", "https://w3id.org/actorgraph/id/participation/"),
    ("place", "https://w3id.org/actorgraph/id/place/"),
    ("quote", "https://w3id.org/actorgraph/id/quotation/"),
    ("role", "https://w3id.org/actorgraph/id/role/"),
    ("statement", "https://w3id.org/actorgraph/id/statement/"),
];

/// Prefixes and their namespaces, each name and each namespace bound once.
///
/// Precedence is one rule everywhere: the first binding of a name or a
/// namespace wins. Callers add what the user wrote first (a query's own
/// `PREFIX` lines), then [`PrefixMap::builtin`]'s, then the sources' own.
///
/// ```
/// use actorgraph_model::PrefixMap;
///
/// let prefixes = PrefixMap::builtin();
/// assert_eq!(prefixes.shorten("http://schema.org/name").as_deref(), Some("schema:name"));
/// assert_eq!(prefixes.expand("actor:osce").as_deref(), Some("https://w3id.org/actorgraph/id/actor/osce"));
/// assert_eq!(prefixes.shorten("https://example.org/a"), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrefixMap {
    bindings: Vec<(String, String)>,
}

impl PrefixMap {
    /// No prefixes.
    pub fn new() -> Self {
        Self::default()
    }

    /// actorgraph's own prefixes: the vocabularies its data uses and the
    /// identifiers it mints.
    pub fn builtin() -> Self {
        let mut map = Self::new();
        map.extend(VOCABULARIES.into_iter().chain(IDENTIFIERS));
        map
    }

    /// Binds `name` to `namespace` unless either is bound already; returns
    /// whether it was bound.
    pub fn add(&mut self, name: &str, namespace: &str) -> bool {
        let taken = self
            .bindings
            .iter()
            .any(|(n, ns)| n == name || ns == namespace);
        if !taken {
            self.bindings.push((name.to_owned(), namespace.to_owned()));
        }
        !taken
    }

    /// Binds each pair in turn, as [`PrefixMap::add`] does.
    pub fn extend<N: AsRef<str>, I: AsRef<str>>(
        &mut self,
        pairs: impl IntoIterator<Item = (N, I)>,
    ) {
        for (name, namespace) in pairs {
            self.add(name.as_ref(), namespace.as_ref());
        }
    }

    /// The bindings, sorted by name.
    pub fn sorted(&self) -> Vec<(String, String)> {
        let mut sorted = self.bindings.clone();
        sorted.sort();
        sorted
    }

    /// `iri` as a prefixed name, by the longest namespace that starts it,
    /// when the rest reads as a local name (no `/`, `#` or `?`).
    pub fn shorten(&self, iri: &str) -> Option<String> {
        let (name, namespace) = self
            .bindings
            .iter()
            .filter(|(_, ns)| iri.starts_with(ns.as_str()))
            .max_by_key(|(_, ns)| ns.len())?;
        let local = &iri[namespace.len()..];
        (!local.contains(['/', '#', '?', ' '])).then(|| format!("{name}:{local}"))
    }

    /// `name:local` as a full IRI, when `name` is bound and the text is not
    /// itself an IRI such as `https://…`.
    pub fn expand(&self, prefixed: &str) -> Option<String> {
        let (name, local) = prefixed.split_once(':')?;
        if local.starts_with("//") {
            return None;
        }
        let (_, namespace) = self.bindings.iter().find(|(n, _)| n == name)?;
        Some(format!("{namespace}{local}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_binding_of_a_name_or_namespace_wins() {
        let mut map = PrefixMap::new();
        assert!(map.add("s", "http://schema.org/"));
        map.extend(PrefixMap::builtin().sorted());
        assert_eq!(
            map.shorten("http://schema.org/name").as_deref(),
            Some("s:name")
        );
        assert_eq!(map.expand("schema:name"), None);
        assert!(!map.add("s", "https://other.org/"));
    }

    #[test]
    fn the_longest_namespace_shortens_and_odd_locals_stay_whole() {
        let mut map = PrefixMap::new();
        map.extend([("e", "https://e.org/"), ("ep", "https://e.org/people/")]);
        assert_eq!(
            map.shorten("https://e.org/people/ann").as_deref(),
            Some("ep:ann")
        );
        assert_eq!(map.shorten("https://e.org/a/b"), None);
        assert_eq!(map.expand("https://e.org/a"), None);
    }
}
