//! The metadata graph: one record per loaded source (where it came from, its
//! SHA-256, size, triple count, graphs, when and by what it was loaded, and
//! whether its schema.org terms were written with https and read as http).

use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad,
    Term, TermRef,
};
use oxigraph::store::{StorageError, Store};

use actorgraph_model::vocab::{ag, dcat, rdf, void, xsd};

pub use actorgraph_model::vocab::layout::METADATA_GRAPH;

/// What the store remembers about one loaded source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRecord {
    /// The source's IRI: its file's `file:` IRI, or one given in its place.
    pub iri: NamedNode,
    /// The path it was read from, as given (`-` for standard input).
    pub path: String,
    /// Its media type.
    pub media_type: String,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// How many triples (or quads) were read from it.
    pub triples: u64,
    /// The graphs its data went into.
    pub graphs: Vec<NamedOrBlankNode>,
    /// When it was loaded, as an `xsd:dateTime`.
    pub loaded_at: String,
    /// The tool that loaded it.
    pub loaded_by: String,
    /// The prefixes it declared, name to namespace IRI.
    pub prefixes: Vec<(String, String)>,
    /// Whether it wrote schema.org's terms with `https://schema.org/`, which
    /// were read as `http://schema.org/` ones.
    pub normalized: Option<Normalized>,
}

/// Terms a source wrote in a namespace other than actorgraph's, and which
/// were read in actorgraph's: schema.org's, written `https://schema.org/`
/// (as schema.org's own pages print it) and read as `http://schema.org/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The namespace as the file wrote it.
    pub from: String,
    /// How many terms (subjects, predicates, objects, datatypes and graph
    /// names) were rewritten.
    pub terms: u64,
}

impl SourceRecord {
    /// The record with each graph named by a blank node renamed by `map`:
    /// blank node labels hold only inside one document or store.
    pub fn with_blank_graphs_renamed(mut self, map: impl Fn(&BlankNode) -> BlankNode) -> Self {
        for graph in &mut self.graphs {
            if let NamedOrBlankNode::BlankNode(blank) = graph {
                *graph = map(blank).into();
            }
        }
        self
    }

    /// The record as quads of `graph` (the metadata graph, the journal
    /// while a replacement is under way, or a snapshot's manifest).
    pub fn quads_in(&self, graph: GraphName) -> Vec<Quad> {
        let quad = |p: NamedNodeRef<'_>, o: Term| {
            Quad::new(self.iri.clone(), p.into_owned(), o, graph.clone())
        };
        let mut quads = vec![
            quad(rdf::TYPE, ag::SOURCE.into_owned().into()),
            quad(rdf::TYPE, dcat::DISTRIBUTION.into_owned().into()),
            quad(ag::PATH, Literal::from(self.path.as_str()).into()),
            quad(
                dcat::MEDIA_TYPE,
                Literal::from(self.media_type.as_str()).into(),
            ),
            quad(ag::SHA256, Literal::from(self.sha256.as_str()).into()),
            quad(
                dcat::BYTE_SIZE,
                Literal::new_typed_literal(self.size.to_string(), xsd::NON_NEGATIVE_INTEGER).into(),
            ),
            quad(void::TRIPLES, Literal::from(self.triples).into()),
            quad(
                ag::LOADED_AT,
                Literal::new_typed_literal(&self.loaded_at, xsd::DATE_TIME).into(),
            ),
            quad(ag::LOADED_BY, Literal::from(self.loaded_by.as_str()).into()),
        ];
        quads.extend(
            self.graphs
                .iter()
                .map(|g| quad(ag::GRAPH, g.clone().into())),
        );
        quads.extend(
            self.prefixes
                .iter()
                .map(|(name, iri)| quad(ag::PREFIX, Literal::from(format!("{name}={iri}")).into())),
        );
        if let Some(normalized) = &self.normalized {
            quads.push(quad(
                ag::NORMALIZED_FROM,
                Literal::from(normalized.from.as_str()).into(),
            ));
            quads.push(quad(
                ag::NORMALIZED_TERMS,
                Literal::from(normalized.terms).into(),
            ));
        }
        quads
    }

    /// Reads the record of `iri`, if the store has one.
    pub(crate) fn read(store: &Store, iri: NamedNodeRef<'_>) -> Result<Option<Self>, StorageError> {
        Self::read_in(store, iri, METADATA_GRAPH.into())
    }

    /// Reads the record of `iri` from `graph`, if it holds one.
    pub(crate) fn read_in(
        store: &Store,
        iri: NamedNodeRef<'_>,
        graph: GraphNameRef<'_>,
    ) -> Result<Option<Self>, StorageError> {
        let mut record = Self {
            iri: iri.into_owned(),
            path: String::new(),
            media_type: String::new(),
            sha256: String::new(),
            size: 0,
            triples: 0,
            graphs: Vec::new(),
            loaded_at: String::new(),
            loaded_by: String::new(),
            prefixes: Vec::new(),
            normalized: None,
        };
        let (mut normalized_from, mut normalized_terms) = (None, 0);
        let mut found = false;
        for quad in store.quads_for_pattern(Some(iri.into()), None, None, Some(graph)) {
            let quad = quad?;
            found = true;
            let text = || match quad.object.as_ref() {
                TermRef::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            };
            let p = quad.predicate.as_ref();
            if p == ag::PATH {
                record.path = text();
            } else if p == dcat::MEDIA_TYPE {
                record.media_type = text();
            } else if p == ag::SHA256 {
                record.sha256 = text();
            } else if p == dcat::BYTE_SIZE {
                record.size = text().parse().unwrap_or_default();
            } else if p == void::TRIPLES {
                record.triples = text().parse().unwrap_or_default();
            } else if p == ag::LOADED_AT {
                record.loaded_at = text();
            } else if p == ag::LOADED_BY {
                record.loaded_by = text();
            } else if p == ag::PREFIX {
                if let Some((name, iri)) = text().split_once('=') {
                    record.prefixes.push((name.to_owned(), iri.to_owned()));
                }
            } else if p == ag::NORMALIZED_FROM {
                normalized_from = Some(text());
            } else if p == ag::NORMALIZED_TERMS {
                normalized_terms = text().parse().unwrap_or_default();
            } else if p == ag::GRAPH {
                match quad.object {
                    Term::NamedNode(n) => record.graphs.push(n.into()),
                    Term::BlankNode(b) => record.graphs.push(b.into()),
                    Term::Literal(_) => {}
                }
            }
        }
        record.graphs.sort_by_key(ToString::to_string);
        record.prefixes.sort();
        record.normalized = normalized_from.map(|from| Normalized {
            from,
            terms: normalized_terms,
        });
        Ok(found.then_some(record))
    }

    /// Every source the store holds, ordered by IRI.
    pub(crate) fn read_all(store: &Store) -> Result<Vec<Self>, StorageError> {
        Self::read_all_in(store, METADATA_GRAPH.into())
    }

    /// Every source recorded in `graph`, ordered by IRI.
    pub fn read_all_in(store: &Store, graph: GraphNameRef<'_>) -> Result<Vec<Self>, StorageError> {
        let mut records = Vec::new();
        for quad in
            store.quads_for_pattern(None, Some(rdf::TYPE), Some(ag::SOURCE.into()), Some(graph))
        {
            if let NamedOrBlankNode::NamedNode(iri) = quad?.subject
                && let Some(record) = Self::read_in(store, iri.as_ref(), graph)?
            {
                records.push(record);
            }
        }
        records.sort_by(|a, b| a.iri.as_str().cmp(b.iri.as_str()));
        Ok(records)
    }

    /// The source whose data is in `graph`, if any.
    pub(crate) fn owner_of(
        store: &Store,
        graph: &NamedOrBlankNode,
    ) -> Result<Option<NamedNode>, StorageError> {
        let object: Term = graph.clone().into();
        for quad in store.quads_for_pattern(
            None,
            Some(ag::GRAPH),
            Some(object.as_ref()),
            Some(METADATA_GRAPH.into()),
        ) {
            if let NamedOrBlankNode::NamedNode(owner) = quad?.subject {
                return Ok(Some(owner));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written_with_or_without_its_normalization() {
        let source = NamedNode::new_unchecked("file:///people.ttl");
        let mut record = SourceRecord {
            iri: source.clone(),
            path: "people.ttl".into(),
            media_type: "text/turtle".into(),
            sha256: "0".into(),
            size: 1,
            triples: 1,
            graphs: vec![source.clone().into()],
            loaded_at: "2026-01-01T00:00:00Z".into(),
            loaded_by: "test".into(),
            prefixes: vec![("schema".into(), "https://schema.org/".into())],
            normalized: None,
        };
        for normalized in [
            None,
            Some(Normalized {
                from: "https://schema.org/".into(),
                terms: 42,
            }),
        ] {
            record.normalized = normalized;
            let store = Store::new().unwrap();
            store
                .extend(record.quads_in(METADATA_GRAPH.into()))
                .unwrap();
            let read = SourceRecord::read(&store, source.as_ref()).unwrap();
            assert_eq!(read.as_ref(), Some(&record));
        }
    }
}
