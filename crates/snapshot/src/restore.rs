//! Restoring a snapshot: its manifest is read, the dataset file's size and
//! SHA-256 are checked against it before anything is written, then every
//! graph goes back under its own name with its source's record, in one
//! commit of the bulk loader. Sources the store already holds unchanged are
//! skipped; one it holds with other content stops the restore.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Term};
use oxigraph::store::Store;

use actorgraph_loader::{Compression, GraphStore, Outcome, SourceRecord, hash_file};
use actorgraph_model::file_iri;
use actorgraph_model::vocab::{dcat, dcterms, rdf, spdx};

use crate::canonical::map_blank_nodes;
use crate::error::SnapshotError;
use crate::snapshot::{MANIFEST, dataset_file_name};

/// What restoring a snapshot did, source by source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    /// Each source of the snapshot, with whether it was added or already
    /// held unchanged.
    pub sources: Vec<(SourceRecord, Outcome)>,
    /// Quads written.
    pub quads: u64,
}

/// Whether `dir` holds a snapshot (a manifest beside a dataset file),
/// rather than ordinary RDF files.
pub fn is_snapshot(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file()
        && [Compression::None, Compression::Gzip, Compression::Zstd]
            .into_iter()
            .any(|c| dir.join(dataset_file_name(c)).is_file())
}

/// What restore needs from a manifest.
struct Manifest {
    dataset: PathBuf,
    bytes: u64,
    sha256: String,
    sources: Vec<SourceRecord>,
}

impl Manifest {
    /// Reads `dir/manifest.ttl`.
    fn read(dir: &Path) -> Result<Self, SnapshotError> {
        let path = dir.join(MANIFEST);
        let not_snapshot = |why: &str| SnapshotError::NotSnapshot {
            dir: dir.to_owned(),
            why: why.to_owned(),
        };
        if !path.is_file() {
            return Err(not_snapshot(&format!(
                "it has no {MANIFEST}; a snapshot folder is written by `actorgraph snapshot`"
            )));
        }
        let file = File::open(&path).map_err(|source| SnapshotError::Io {
            path: path.clone(),
            source,
        })?;
        let absolute = path.canonicalize().map_err(|source| SnapshotError::Io {
            path: path.clone(),
            source,
        })?;
        let store = Store::new()?;
        let parser = RdfParser::from_format(RdfFormat::Turtle)
            .with_base_iri(file_iri(&absolute).as_str())
            .map_err(|e| not_snapshot(&e.to_string()))?;
        // Quad by quad, since Store::load_from_reader renames blank nodes:
        // the manifest names a graph with a blank node by its label in the
        // dataset file.
        for quad in parser.for_reader(file) {
            let quad = quad.map_err(|e| SnapshotError::Corrupt {
                path: path.clone(),
                why: e.to_string(),
            })?;
            store.insert(&quad)?;
        }
        let made_by_us = store
            .quads_for_pattern(None, Some(dcterms::CREATOR), None, None)
            .filter_map(Result::ok)
            .any(|q| matches!(&q.object, Term::Literal(l) if l.value().starts_with("actorgraph ")));
        if !made_by_us {
            return Err(not_snapshot(
                "its manifest.ttl was not written by actorgraph",
            ));
        }
        let object_of = |subject: &NamedOrBlankNode, predicate| {
            store
                .quads_for_pattern(Some(subject.as_ref()), Some(predicate), None, None)
                .filter_map(Result::ok)
                .map(|q| q.object)
                .next()
        };
        let dataset = store
            .quads_for_pattern(None, Some(rdf::TYPE), Some(dcat::DATASET.into()), None)
            .filter_map(Result::ok)
            .map(|q| q.subject)
            .next()
            .ok_or_else(|| not_snapshot("the manifest describes no dcat:Dataset"))?;
        let Some(Term::NamedNode(file)) = object_of(&dataset, dcat::DISTRIBUTION_OF) else {
            return Err(not_snapshot("the manifest names no dcat:distribution file"));
        };
        let file_node: NamedOrBlankNode = file.clone().into();
        let name = file
            .as_str()
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty() && !n.contains('%'))
            .ok_or_else(|| not_snapshot("the distribution's file name is not a plain name"))?;
        let literal = |term: Option<Term>| match term {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        let bytes = literal(object_of(&file_node, dcat::BYTE_SIZE))
            .and_then(|b| b.parse().ok())
            .ok_or_else(|| not_snapshot("the distribution has no dcat:byteSize"))?;
        let sha256 = match object_of(&file_node, spdx::CHECKSUM) {
            Some(Term::NamedNode(n)) => literal(object_of(&n.into(), spdx::CHECKSUM_VALUE)),
            Some(Term::BlankNode(b)) => literal(object_of(&b.into(), spdx::CHECKSUM_VALUE)),
            _ => None,
        }
        .ok_or_else(|| not_snapshot("the distribution has no spdx:checksum"))?;
        let mut sources = SourceRecord::read_all_in(&store, GraphName::DefaultGraph.as_ref())?;
        sources.sort_by(|a, b| a.iri.as_str().cmp(b.iri.as_str()));
        Ok(Self {
            dataset: dir.join(name),
            bytes,
            sha256: sha256.to_ascii_lowercase(),
            sources,
        })
    }

    /// Reads `dir/manifest.ttl` and checks the dataset file against it.
    fn read_verified(dir: &Path) -> Result<Self, SnapshotError> {
        let manifest = Self::read(dir)?;
        manifest.verify()?;
        Ok(manifest)
    }

    /// Fails unless the dataset file has the size and SHA-256 the manifest
    /// gives.
    fn verify(&self) -> Result<(), SnapshotError> {
        let corrupt = |why: String| SnapshotError::Corrupt {
            path: self.dataset.clone(),
            why,
        };
        let (sha256, bytes) = hash_file(&self.dataset)?;
        if bytes != self.bytes {
            return Err(corrupt(format!(
                "it has {bytes} bytes, the manifest says {}",
                self.bytes
            )));
        }
        if sha256 != self.sha256 {
            return Err(corrupt(format!(
                "its SHA-256 is {sha256}, the manifest says {}",
                self.sha256
            )));
        }
        Ok(())
    }
}

/// The verified dataset file of the snapshot in `dir`.
pub(crate) fn snapshot_dataset(dir: &Path) -> Result<PathBuf, SnapshotError> {
    Ok(Manifest::read_verified(dir)?.dataset)
}

/// Restores the snapshot in `dir`, atomically: either every new source
/// of it is stored with its record, or nothing is.
pub fn restore(store: &GraphStore, dir: &Path) -> Result<RestoreReport, SnapshotError> {
    let manifest = Manifest::read_verified(dir)?;
    // Canonical labels (c14n0…) would collide with other snapshots'
    // blank nodes; each restore gets its own.
    let prefix = format!("r{}_", &manifest.sha256[..16.min(manifest.sha256.len())]);
    let relabel =
        |blank: &BlankNode| BlankNode::new_unchecked(format!("{prefix}{}", blank.as_str()));
    let sources: Vec<SourceRecord> = manifest
        .sources
        .iter()
        .map(|source| source.clone().with_blank_graphs_renamed(relabel))
        .collect();
    let mut outcomes = Vec::new();
    let mut wanted = BTreeSet::new();
    for source in &sources {
        let held = store.source(source.iri.as_ref())?;
        let outcome = match held {
            Some(held)
                if held.sha256 == source.sha256 && same_graphs(&held.graphs, &source.graphs) =>
            {
                Outcome::Unchanged
            }
            Some(_) => {
                return Err(SnapshotError::Conflict {
                    source_iri: source.iri.as_str().to_owned(),
                });
            }
            None => {
                for graph in &source.graphs {
                    if store.owner_of(graph)?.is_some() {
                        return Err(SnapshotError::Conflict {
                            source_iri: source.iri.as_str().to_owned(),
                        });
                    }
                    wanted.insert(graph.to_string());
                }
                Outcome::Added
            }
        };
        outcomes.push((source.clone(), outcome));
    }
    let owned: BTreeSet<String> = sources
        .iter()
        .flat_map(|s| s.graphs.iter().map(ToString::to_string))
        .collect();
    let corrupt = |why: String| SnapshotError::Corrupt {
        path: manifest.dataset.clone(),
        why,
    };
    let reader = Compression::open(&manifest.dataset).map_err(|source| SnapshotError::Io {
        path: manifest.dataset.clone(),
        source,
    })?;
    let mut quads = 0;
    let parsed = RdfParser::from_format(RdfFormat::NQuads).for_reader(reader);
    let selected = parsed.filter_map(|quad| {
        let quad = match quad {
            Ok(quad) => map_blank_nodes(quad, relabel),
            Err(e) => return Some(Err(corrupt(e.to_string()))),
        };
        let graph = quad.graph_name.to_string();
        if !owned.contains(&graph) {
            return Some(Err(corrupt(format!(
                "graph {graph} belongs to no source of the manifest"
            ))));
        }
        wanted.contains(&graph).then(|| {
            quads += 1;
            Ok(quad)
        })
    });
    let added: Vec<SourceRecord> = outcomes
        .iter()
        .filter(|(_, outcome)| *outcome == Outcome::Added)
        .map(|(source, _)| source.clone())
        .collect();
    store.store_checked(&added, selected)?;
    Ok(RestoreReport {
        sources: outcomes,
        quads,
    })
}

/// Whether two records of a source name the same graphs. Graphs named by
/// blank nodes count by number only: their labels differ from one store or
/// snapshot to the next.
fn same_graphs(held: &[NamedOrBlankNode], restored: &[NamedOrBlankNode]) -> bool {
    let parts = |graphs: &[NamedOrBlankNode]| {
        let named: BTreeSet<String> = graphs
            .iter()
            .filter(|graph| graph.is_named_node())
            .map(ToString::to_string)
            .collect();
        (
            named,
            graphs.iter().filter(|graph| graph.is_blank_node()).count(),
        )
    };
    parts(held) == parts(restored)
}
