//! Reading the W3C test manifests (`tests/w3c/*/manifest.ttl`): each is a
//! Turtle file whose `mf:entries` list names its tests and whose
//! `mf:include` list names more manifests. Files are read with their own
//! `file:` IRI as base, so the IRIs the tests name are the files'.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use oxrdf::{Graph, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, TermRef};

/// The manifest vocabulary.
pub const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
/// The SPARQL query test vocabulary.
pub const QT: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
/// The SHACL test vocabulary.
pub const SHT: &str = "http://www.w3.org/ns/shacl-test#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// The IRI `namespace` + `local`.
pub fn term(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// The `file:` IRI of `path`, which must be absolute and canonical.
pub fn file_iri(path: &Path) -> NamedNode {
    NamedNode::new(format!("file://{}", path.display()))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The path a `file:` IRI names.
pub fn path_of(iri: NamedNodeRef<'_>) -> PathBuf {
    PathBuf::from(
        iri.as_str()
            .strip_prefix("file://")
            .unwrap_or_else(|| panic!("{iri} is not a file")),
    )
}

/// A Turtle file read as a graph, with `base` as its base IRI.
pub fn read_turtle(path: &Path, base: &str) -> Graph {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    oxttl::TurtleParser::new()
        .with_base_iri(base)
        .unwrap()
        .for_slice(&text)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One test: its node in the graph of the manifest that lists it.
pub struct Entry {
    /// The manifest's graph, which describes the test.
    pub graph: Arc<Graph>,
    /// The manifest's own node (for manifest-wide properties).
    pub manifest: NamedNode,
    /// The test's node.
    pub node: NamedOrBlankNode,
}

impl Entry {
    /// The first object of `predicate` (in `namespace`) on `node`.
    pub fn object_of<'a>(
        &'a self,
        node: NamedOrBlankNodeRef<'a>,
        namespace: &str,
        predicate: &str,
    ) -> Option<TermRef<'a>> {
        self.graph
            .object_for_subject_predicate(node, &term(namespace, predicate))
    }

    /// Every object of `predicate` (in `namespace`) on `node`.
    pub fn objects_of<'a>(
        &'a self,
        node: NamedOrBlankNodeRef<'a>,
        namespace: &str,
        predicate: &str,
    ) -> Vec<TermRef<'a>> {
        self.graph
            .objects_for_subject_predicate(node, &term(namespace, predicate))
            .collect()
    }

    /// The first object of `predicate` on the test's node.
    pub fn object(&self, namespace: &str, predicate: &str) -> Option<TermRef<'_>> {
        self.object_of(self.node.as_ref(), namespace, predicate)
    }

    /// The local name of the test's `rdf:type`, e.g. `QueryEvaluationTest`.
    pub fn kind(&self) -> String {
        match self.object(RDF, "type") {
            Some(TermRef::NamedNode(n)) => n.as_str().rsplit(['#', '/']).next().unwrap().to_owned(),
            other => panic!("{} has type {other:?}", self.node),
        }
    }

    /// The test's `mf:name`, or its node when it has none.
    pub fn name(&self) -> String {
        match self.object(MF, "name") {
            Some(TermRef::Literal(l)) => l.value().to_owned(),
            _ => self.node.to_string(),
        }
    }

    /// The test's `mf:action` node.
    pub fn action(&self) -> Option<NamedOrBlankNodeRef<'_>> {
        self.object(MF, "action").map(node)
    }
}

/// `term` as a subject, or a panic if it is a literal.
pub fn node(term: TermRef<'_>) -> NamedOrBlankNodeRef<'_> {
    match term {
        TermRef::NamedNode(n) => n.into(),
        TermRef::BlankNode(b) => b.into(),
        TermRef::Literal(l) => panic!("{l} where a node was expected"),
    }
}

/// The items of the RDF list at `head`.
pub fn list<'a>(graph: &'a Graph, mut head: TermRef<'a>) -> Vec<TermRef<'a>> {
    let (first, rest, nil) = (term(RDF, "first"), term(RDF, "rest"), term(RDF, "nil"));
    let mut items = Vec::new();
    while head != nil.as_ref().into() {
        items.push(
            graph
                .object_for_subject_predicate(node(head), &first)
                .expect("a list cell has rdf:first"),
        );
        head = graph
            .object_for_subject_predicate(node(head), &rest)
            .expect("a list cell has rdf:rest");
    }
    items
}

/// Every test of the manifest at `path` and of the manifests it includes,
/// in the order they list them.
pub fn entries(path: &Path) -> Vec<Entry> {
    let path = path
        .canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    collect(&file_iri(&path), &mut out);
    out
}

fn collect(manifest: &NamedNode, out: &mut Vec<Entry>) {
    let graph = Arc::new(read_turtle(&path_of(manifest.as_ref()), manifest.as_str()));
    let subject = NamedOrBlankNodeRef::from(manifest.as_ref());
    // `mf:include` names one manifest (SHACL) or a list of them (SPARQL).
    for included in graph.objects_for_subject_predicate(subject, &term(MF, "include")) {
        let items = match included {
            TermRef::NamedNode(one) if one.as_str() != format!("{RDF}nil") => vec![included],
            _ => list(&graph, included),
        };
        for item in items {
            match item {
                TermRef::NamedNode(n) => collect(&n.into_owned(), out),
                other => panic!("{manifest} includes {other}, not a file"),
            }
        }
    }
    for head in graph.objects_for_subject_predicate(subject, &term(MF, "entries")) {
        for item in list(&graph, head) {
            out.push(Entry {
                graph: Arc::clone(&graph),
                manifest: manifest.clone(),
                node: node(item).into_owned(),
            });
        }
    }
}

/// The path of the file `term` names.
pub fn file(term: TermRef<'_>) -> PathBuf {
    match term {
        TermRef::NamedNode(n) => path_of(n),
        other => panic!("{other} is not a file's IRI"),
    }
}
