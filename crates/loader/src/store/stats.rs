//! `Stats`: what the store holds, per graph and per kind of entity.

use oxigraph::model::{GraphNameRef, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

use crate::error::LoadError;
use crate::store::GraphStore;
use crate::store::metadata::SourceRecord;

/// Counts of what the store holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Each data graph with its triple count, ordered by name.
    pub graphs: Vec<(String, u64)>,
    /// Triples in the default graph: the data graphs merged, a triple that
    /// several state counted once.
    pub triples: u64,
    /// Entities of each kind, in a fixed order (persons, organizations…).
    pub entities: Vec<(&'static str, u64)>,
}

/// The kinds of entity `stats` counts, with the class each is an instance of
/// (directly or through `rdfs:subClassOf` declared in the loaded data).
const KINDS: [(&str, &str); 6] = [
    ("persons", "http://schema.org/Person"),
    ("organizations", "http://www.w3.org/ns/org#Organization"),
    ("events", "http://schema.org/Event"),
    ("roles held", "http://www.w3.org/ns/org#Membership"),
    (
        "participations",
        "https://w3id.org/actorgraph/ns#Participation",
    ),
    ("places", "http://schema.org/Place"),
];

impl GraphStore {
    /// The graphs holding loaded data, as the sources' records list them.
    pub fn data_graphs(&self) -> Result<Vec<NamedOrBlankNode>, LoadError> {
        Ok(graphs_of(&self.sources()?))
    }

    /// Counts triples per graph and entities per kind.
    pub fn stats(&self) -> Result<Stats, LoadError> {
        let store = self.oxigraph();
        let data_graphs = self.data_graphs()?;
        let mut graphs = Vec::new();
        for graph in &data_graphs {
            let count = store
                .quads_for_pattern(None, None, None, Some(graph.as_ref().into()))
                .count() as u64;
            graphs.push((graph.to_string().trim_matches(['<', '>']).to_owned(), count));
        }
        graphs.sort();
        let triples = store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .count() as u64;
        let mut entities = Vec::new();
        for (kind, class) in KINDS {
            let query = format!(
                "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?type . ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{class}> }}"
            );
            // The store's default graph is the merged graph of the sources.
            let prepared = SparqlEvaluator::new().parse_query(&query).map_err(|e| {
                LoadError::Storage(oxigraph::store::StorageError::Other(Box::new(e)))
            })?;
            let count = match prepared.on_store(store).execute().map_err(query_failed)? {
                QueryResults::Solutions(mut solutions) => match solutions.next() {
                    Some(solution) => match solution.map_err(query_failed)?.get("n") {
                        Some(Term::Literal(l)) => l.value().parse().unwrap_or_default(),
                        _ => 0,
                    },
                    None => 0,
                },
                _ => 0,
            };
            entities.push((kind, count));
        }
        Ok(Stats {
            graphs,
            triples,
            entities,
        })
    }
}

fn query_failed(error: oxigraph::sparql::QueryEvaluationError) -> LoadError {
    LoadError::Storage(oxigraph::store::StorageError::Other(Box::new(error)))
}

/// The graphs that `sources` hold, each once, ordered by name.
pub fn graphs_of(sources: &[SourceRecord]) -> Vec<NamedOrBlankNode> {
    let mut graphs: Vec<NamedOrBlankNode> = sources
        .iter()
        .flat_map(|s| s.graphs.iter().cloned())
        .collect();
    graphs.sort_by_key(ToString::to_string);
    graphs.dedup();
    graphs
}
