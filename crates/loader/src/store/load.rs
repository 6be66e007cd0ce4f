//! Loading one source into its own graph(s): unchanged sources are skipped,
//! new ones go through Oxigraph's atomic bulk loader, changed ones replace
//! their old graphs in one transaction. Either all of a source is stored,
//! with its metadata record, or nothing is.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::SystemTime;

use oxigraph::model::NamedNodeRef;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::StorageError;

use crate::store::bulk::{COMPACT_FROM_QUADS, bulk_loader};
use crate::store::merged;
use sha2::{Digest, Sha256};

use actorgraph_model::file_iri;

use crate::error::LoadError;
use crate::read::compress::Compression;
use crate::read::guard;
use crate::read::input::Input;
use crate::read::normalize::{Normalizer, SCHEMA_HTTPS};
use crate::read::parse::{ParseOptions, PrefixSink, parse};
use crate::read::{LoadOptions, failure, resolve_format};
use crate::store::GraphStore;
use crate::store::journal::{self, Staging};
use crate::store::metadata::{METADATA_GRAPH, Normalized, SourceRecord};
use crate::store::view::{self, View};

/// How often, in quads, a load reports its progress.
const PROGRESS_EVERY: u64 = 50_000;

/// How far a load has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the input read so far.
    pub bytes: u64,
    /// The input's size in bytes.
    pub total_bytes: u64,
    /// Triples (or quads) read so far.
    pub triples: u64,
}

/// What loading a source did to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The source was new and is now stored.
    Added,
    /// The source had changed and its graphs were replaced.
    Replaced,
    /// The source was already stored with the same content: nothing changed.
    Unchanged,
}

/// The result of loading one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// What the store now records about the source.
    pub source: SourceRecord,
    /// What the load did.
    pub outcome: Outcome,
}

impl GraphStore {
    /// Loads one input as one source, atomically: afterwards the store holds
    /// all of it with its metadata record, or (on error) is as it was.
    pub fn load(
        &self,
        input: &Input,
        options: &LoadOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<LoadReport, LoadError> {
        let input = input.readable(options)?;
        self.load_file(&input.path, input.shown, &input.options, progress)
    }

    pub(crate) fn load_file(
        &self,
        path: &Path,
        shown_path: &Path,
        options: &LoadOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<LoadReport, LoadError> {
        let source = self.prepare(path, shown_path, options)?;
        match source.unchanged() {
            Some(unchanged) => Ok(unchanged),
            None => self.load_prepared(source, path, shown_path, progress),
        }
    }

    /// Loads a new or changed source on its own, in one commit.
    pub(crate) fn load_prepared(
        &self,
        mut source: SourceToLoad,
        path: &Path,
        shown_path: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<LoadReport, LoadError> {
        // A changed source is staged under other graph names and swapped in
        // by the journal; a new one goes straight to its graphs, and its
        // triples into the merged graph in the same commit. Either way the
        // data and its record (or journal entry) commit together.
        let store = self.oxigraph();
        let view = View::stored(store)?;
        let mut loader = bulk_loader(store);
        let mut staging = source
            .previous
            .as_ref()
            .map(|_| Staging::new(&source.record));
        source.read(path, shown_path, progress, |quads| match staging.as_mut() {
            Some(staging) => loader.load_ok_quads(quads.map(|quad| {
                let mut quad = quad?;
                if let Some(target) = named(&quad.graph_name) {
                    quad.graph_name = staging.graph_for(&target).into();
                }
                Ok::<_, LoadError>(quad)
            })),
            None => loader.load_ok_quads(merged::and_merged(quads, &view)),
        })?;
        let record = source.record;
        self.check_graphs_free(&record, shown_path, &HashMap::new())?;
        let outcome = match (&source.previous, &staging) {
            (Some(previous), Some(staging)) => {
                loader.load_quads(staging.journal(previous, &record))?;
                Outcome::Replaced
            }
            _ => {
                loader.load_quads(record.quads_in(METADATA_GRAPH.into()))?;
                Outcome::Added
            }
        };
        loader.commit()?;
        journal::finish(store)?;
        view::refresh(store)?;
        self.loaded_in_bulk(record.triples);
        Ok(LoadReport {
            source: record,
            outcome,
        })
    }

    /// The source `path` would be: its new record (still without its triple
    /// count, graphs and prefixes) and the one the store holds, if any.
    pub(crate) fn prepare(
        &self,
        path: &Path,
        shown_path: &Path,
        options: &LoadOptions,
    ) -> Result<SourceToLoad, LoadError> {
        let format = resolve_format(path, shown_path, options)?;
        let source = source_iri(path, shown_path, options)?;
        let (sha256, size) = hash_file(path)?;
        let previous = SourceRecord::read(self.oxigraph(), source.as_ref())?;
        let parse_options = ParseOptions {
            format,
            base: Some(match (&options.base, &options.source) {
                (Some(base), _) => base.clone(),
                (None, None) => source.as_str().to_owned(),
                // A source named otherwise still reads relative IRIs
                // against its file's own IRI; standard input has none.
                (None, Some(_)) => file_iri_of(&shown_path.to_string_lossy())
                    .unwrap_or_else(|| source.clone())
                    .into_string(),
            }),
            blank_node_prefix: blank_node_prefix(&source),
            default_graph: GraphName::NamedNode(source.clone()),
            prefixes: PrefixSink::default(),
        };
        let record = SourceRecord {
            iri: source,
            path: shown_path.display().to_string(),
            media_type: format.media_type().to_owned(),
            sha256,
            size,
            triples: 0,
            graphs: Vec::new(),
            loaded_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            loaded_by: concat!("actorgraph ", env!("CARGO_PKG_VERSION")).to_owned(),
            prefixes: Vec::new(),
            normalized: None,
        };
        Ok(SourceToLoad {
            record,
            previous,
            parse_options,
        })
    }

    /// Whether loads and restores through this handle have added half a
    /// million quads or more since it was opened or last compacted, so
    /// that the store should be compacted ([`GraphStore::compact`]). The
    /// bulk loader writes one set of files per batch and nothing merges
    /// them: on 10M triples, 617 files made every lookup several times
    /// slower than on a compacted store, and on 1M triples, 73 files made an
    /// export twice as slow (BENCHMARKS.md). A command that loads compacts
    /// once at its end, so that loading many files rewrites the store once,
    /// not once per file.
    pub fn needs_compaction(&self) -> bool {
        self.bulk_loaded.load(Ordering::Relaxed) >= COMPACT_FROM_QUADS
    }

    /// Compacts the store: merges its files, which takes time in proportion
    /// to the store's size (about 50 s for 10M triples, on one core).
    pub fn compact(&self) -> Result<(), LoadError> {
        self.oxigraph().optimize()?;
        self.bulk_loaded.store(0, Ordering::Relaxed);
        Ok(())
    }

    /// Stores new sources whose quads were checked elsewhere (a verified
    /// snapshot): the quads, each triple's copy in the merged graph, and
    /// the sources' records, in one atomic commit. Nothing is stored if
    /// `quads` ends with an error.
    pub fn store_checked<E: From<StorageError> + From<LoadError>>(
        &self,
        records: &[SourceRecord],
        quads: impl Iterator<Item = Result<Quad, E>>,
    ) -> Result<(), E> {
        let view = View::stored(self.oxigraph())?;
        let mut loader = bulk_loader(self.oxigraph());
        let mut count = 0;
        let counted = quads.inspect(|quad| count += u64::from(quad.is_ok()));
        loader.load_ok_quads::<E, E>(merged::and_merged(counted, &view))?;
        for record in records {
            loader.load_quads(record.quads_in(METADATA_GRAPH.into()))?;
        }
        loader.commit()?;
        view::refresh(self.oxigraph())?;
        self.loaded_in_bulk(count);
        Ok(())
    }

    /// The record of the source named `iri`, if it is loaded.
    pub fn source(&self, iri: NamedNodeRef<'_>) -> Result<Option<SourceRecord>, LoadError> {
        Ok(SourceRecord::read(self.oxigraph(), iri)?)
    }

    /// The source whose data is in `graph`, if any.
    pub fn owner_of(&self, graph: &NamedOrBlankNode) -> Result<Option<NamedNode>, LoadError> {
        Ok(SourceRecord::owner_of(self.oxigraph(), graph)?)
    }

    /// Counts quads added through the bulk loader, for
    /// [`GraphStore::needs_compaction`].
    pub(crate) fn loaded_in_bulk(&self, quads: u64) {
        self.bulk_loaded.fetch_add(quads, Ordering::Relaxed);
    }

    /// Fails when a graph of `record` holds another source's data, in the
    /// store or among `pending` (graph to owner) sources not yet committed.
    pub(crate) fn check_graphs_free(
        &self,
        record: &SourceRecord,
        shown_path: &Path,
        pending: &HashMap<NamedOrBlankNode, NamedNode>,
    ) -> Result<(), LoadError> {
        for graph in &record.graphs {
            let owner = match pending.get(graph) {
                Some(owner) => Some(owner.clone()),
                None => SourceRecord::owner_of(self.oxigraph(), graph)?,
            };
            if let Some(owner) = owner
                && owner != record.iri
            {
                return Err(LoadError::GraphTaken {
                    path: shown_path.to_owned(),
                    graph: graph.to_string().trim_matches(['<', '>']).to_owned(),
                    owner: owner.as_str().to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Every source the store holds, ordered by IRI.
    pub fn sources(&self) -> Result<Vec<SourceRecord>, LoadError> {
        Ok(SourceRecord::read_all(self.oxigraph())?)
    }

    /// Removes a source and its graphs: its record goes in one transaction,
    /// then its graphs are cleared in bounded memory, and with them the
    /// triples no other source states from the merged graph (finished on
    /// the next open if interrupted). `name` is its IRI or the path it was
    /// loaded from.
    pub fn unload(&self, name: &str) -> Result<SourceRecord, LoadError> {
        let record = self
            .sources()?
            .into_iter()
            .find(|s| {
                s.iri.as_str() == name
                    || s.path == name
                    || file_iri_of(name).is_some_and(|iri| iri == s.iri)
            })
            .ok_or_else(|| LoadError::UnknownSource(name.to_owned()))?;
        journal::unload(self.oxigraph(), &record)?;
        view::refresh(self.oxigraph())?;
        Ok(record)
    }
}

/// A source about to be read into the store.
pub(crate) struct SourceToLoad {
    /// Its new record; `read` completes it.
    pub(crate) record: SourceRecord,
    /// The record the store holds of it, if any.
    pub(crate) previous: Option<SourceRecord>,
    parse_options: ParseOptions,
}

impl SourceToLoad {
    /// The report of a source the store already holds with the same
    /// content: there is nothing to load.
    pub(crate) fn unchanged(&self) -> Option<LoadReport> {
        self.previous
            .as_ref()
            .filter(|p| p.sha256 == self.record.sha256 && p.media_type == self.record.media_type)
            .map(|previous| LoadReport {
                source: previous.clone(),
                outcome: Outcome::Unchanged,
            })
    }

    /// Parses the source and hands its quads, each checked and with its
    /// `https://schema.org/` terms read as `http://schema.org/` ones, to
    /// `consume`; then completes the record with what the parse saw.
    pub(crate) fn read(
        &mut self,
        path: &Path,
        shown_path: &Path,
        progress: &mut dyn FnMut(Progress),
        consume: impl FnOnce(&mut dyn Iterator<Item = Result<Quad, LoadError>>) -> Result<(), LoadError>,
    ) -> Result<(), LoadError> {
        let size = self.record.size;
        guard::check(path, self.parse_options.format).map_err(|f| failure(f, path, shown_path))?;
        let file = File::open(path).map_err(|source| LoadError::Io {
            path: shown_path.to_owned(),
            source,
        })?;
        // Progress counts the bytes of the file as stored, compressed or not.
        let counted = Counting {
            inner: file,
            count: std::cell::Cell::new(0).into(),
        };
        let counter = std::rc::Rc::clone(&counted.count);
        let reader = Compression::from_path(path)
            .decoder(BufReader::with_capacity(1 << 16, counted))
            .map_err(|source| LoadError::Io {
                path: shown_path.to_owned(),
                source,
            })?;
        let quads = parse(reader, &self.parse_options).map_err(|f| failure(f, path, shown_path))?;
        let mut graphs = BTreeMap::<String, NamedOrBlankNode>::new();
        let mut triples = 0;
        let mut normalizer = Normalizer::new(self.parse_options.default_graph.clone());
        let mut checked = quads.map(|quad| {
            let quad = normalizer.quad(quad.map_err(|f| failure(f, path, shown_path))?);
            triples += 1;
            if triples % PROGRESS_EVERY == 0 {
                progress(Progress {
                    bytes: counter.get(),
                    total_bytes: size,
                    triples,
                });
            }
            if let Some(graph) = named(&quad.graph_name) {
                if journal::is_internal(&graph) {
                    return Err(LoadError::ReservedGraph {
                        path: shown_path.to_owned(),
                        graph: graph.to_string().trim_matches(['<', '>']).to_owned(),
                    });
                }
                if !graphs.contains_key(graph.to_string().as_str()) {
                    graphs.insert(graph.to_string(), graph);
                }
            }
            Ok(quad)
        });
        consume(&mut checked)?;
        drop(checked);
        self.record.triples = triples;
        self.record.graphs = graphs.into_values().collect();
        self.record.prefixes = self.parse_options.prefixes.take().into_iter().collect();
        self.record.normalized = (normalizer.rewritten() > 0).then(|| Normalized {
            from: SCHEMA_HTTPS.to_owned(),
            terms: normalizer.rewritten(),
        });
        progress(Progress {
            bytes: size,
            total_bytes: size,
            triples,
        });
        Ok(())
    }
}

/// The graph a quad is in, when it is a named one.
fn named(graph: &GraphName) -> Option<NamedOrBlankNode> {
    match graph {
        GraphName::NamedNode(n) => Some(n.clone().into()),
        GraphName::BlankNode(b) => Some(b.clone().into()),
        GraphName::DefaultGraph => None,
    }
}

/// The source's IRI: the one asked for, else the file's `file:` IRI.
fn source_iri(
    path: &Path,
    shown_path: &Path,
    options: &LoadOptions,
) -> Result<NamedNode, LoadError> {
    match &options.source {
        Some(iri) => NamedNode::new(iri.as_str()).map_err(|e| LoadError::Io {
            path: shown_path.to_owned(),
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("<{iri}> is not a valid graph IRI: {e}"),
            ),
        }),
        None => {
            let absolute = path.canonicalize().map_err(|source| LoadError::Io {
                path: shown_path.to_owned(),
                source,
            })?;
            Ok(file_iri(&absolute))
        }
    }
}

/// The `file:` IRI of a path the user typed, if it names an existing file.
fn file_iri_of(name: &str) -> Option<NamedNode> {
    Path::new(name).canonicalize().ok().map(|p| file_iri(&p))
}

/// A blank node label prefix unique to the source, stable across reloads.
pub(crate) fn blank_node_prefix(source: &NamedNode) -> String {
    let digest = Sha256::digest(source.as_str().as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("s{hex}_")
}

/// SHA-256 (lowercase hex) and size of a file, read in a stream.
pub fn hash_file(path: &Path) -> Result<(String, u64), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    let mut size = 0;
    loop {
        let read = file.read(&mut buffer).map_err(io)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
        size += read as u64;
    }
    Ok((hex::encode(hasher.finalize()), size))
}

/// A reader that counts the bytes read through it, for progress reports.
struct Counting<R> {
    inner: R,
    count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}
