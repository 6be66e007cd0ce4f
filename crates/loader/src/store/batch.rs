//! Loading the many inputs of one command. Small new sources are parsed and
//! checked in memory one at a time, then stored together, one bulk commit
//! per group. A bulk commit per source leaves table files of its own that
//! nothing merges, and every later command opens them all: 1,000 small
//! files made 5,000 of them (BENCHMARKS.md). A large or changed source, or
//! one already in the group, is loaded alone, as [`GraphStore::load`] does,
//! after the group is committed. A source that fails stays out of its
//! group; a group whose commit fails fails for each of its sources.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::BulkLoader;

use crate::error::LoadError;
use crate::read::LoadOptions;
use crate::read::input::Input;
use crate::store::GraphStore;
use crate::store::bulk::bulk_loader;
use crate::store::journal;
use crate::store::load::{LoadReport, Outcome, Progress, SourceToLoad};
use crate::store::metadata::{METADATA_GRAPH, SourceRecord};
use crate::store::view::{self, View};

/// Sources up to this size (in bytes of input) go into groups; each is held
/// in memory while it is checked.
const GROUPED_UP_TO_BYTES: u64 = 4 << 20;

/// A source held in memory holds at most this many triples (some tens of
/// MB; a few MB of Turtle can state millions, with lists of objects). One
/// with more is loaded alone, read again.
const GROUPED_UP_TO_TRIPLES: usize = 100_000;

/// A group is committed once it holds this many triples.
const GROUP_TRIPLES: u64 = 500_000;

/// How many quads a group gathers before it hands them to its bulk loader.
/// Each hand-over ends in a set of table files of its own (Oxigraph's bulk
/// loader writes what it was given when a call returns), so a group gathers
/// many sources' quads first.
const HAND_OVER_QUADS: usize = 250_000;

/// What loading one input did: the input as shown, and its report or error.
pub type Loaded = (PathBuf, Result<LoadReport, LoadError>);

/// Inputs being loaded; see the module's documentation.
pub struct LoadBatch<'a> {
    store: &'a GraphStore,
    group: Option<Group<'a>>,
    done: Vec<Loaded>,
}

/// Small new sources checked and handed to one bulk loader, not yet
/// committed.
struct Group<'a> {
    loader: BulkLoader<'a>,
    /// The view the merged graph is made with.
    view: View,
    /// Quads not yet handed to the loader.
    gathered: Vec<Quad>,
    sources: Vec<(PathBuf, SourceRecord)>,
    /// Each graph of the group's sources, with its source.
    graphs: HashMap<NamedOrBlankNode, NamedNode>,
}

impl GraphStore {
    /// A batch of loads into this store.
    pub fn batch(&self) -> LoadBatch<'_> {
        LoadBatch {
            store: self,
            group: None,
            done: Vec::new(),
        }
    }
}

impl LoadBatch<'_> {
    /// Loads `input` as one source. What came of it is told by
    /// [`take_done`](Self::take_done): at once, or when its group is
    /// committed.
    pub fn load(
        &mut self,
        input: &Input,
        options: &LoadOptions,
        progress: &mut dyn FnMut(Progress),
    ) {
        let shown = input.shown().to_owned();
        let loaded = input
            .readable(options)
            .and_then(|input| self.load_path(&input.path, &shown, &input.options, progress));
        match loaded {
            Ok(Some(report)) => self.done.push((shown, Ok(report))),
            Ok(None) => {}
            Err(error) => self.done.push((shown, Err(error))),
        }
    }

    /// The inputs whose loading is over since the last call, in the order
    /// their outcome became known.
    pub fn take_done(&mut self) -> Vec<Loaded> {
        std::mem::take(&mut self.done)
    }

    /// Commits the group under way and tells what came of the inputs left.
    pub fn finish(mut self) -> Vec<Loaded> {
        self.commit_group();
        self.done
    }

    /// Loads one source: alone (`Some`), or into the group (`None`).
    fn load_path(
        &mut self,
        path: &Path,
        shown: &Path,
        options: &LoadOptions,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Option<LoadReport>, LoadError> {
        let mut source = self.store.prepare(path, shown, options)?;
        if self
            .group
            .as_ref()
            .is_some_and(|g| g.sources.iter().any(|(_, r)| r.iri == source.record.iri))
        {
            // The same source twice: the second sees the first stored.
            self.commit_group();
            source = self.store.prepare(path, shown, options)?;
        }
        if let Some(unchanged) = source.unchanged() {
            return Ok(Some(unchanged));
        }
        if source.previous.is_some() || source.record.size > GROUPED_UP_TO_BYTES {
            return self.load_alone(source, path, shown, progress);
        }
        let mut quads: Vec<Quad> = Vec::new();
        let mut too_many = false;
        source.read(path, shown, progress, |checked| {
            for quad in checked {
                if quads.len() == GROUPED_UP_TO_TRIPLES {
                    too_many = true;
                    break;
                }
                quads.push(quad?);
            }
            Ok(())
        })?;
        if too_many {
            drop(quads);
            return self.load_alone(source, path, shown, progress);
        }
        let record = source.record;
        let group = match self.group.take() {
            Some(group) => group,
            None => Group {
                loader: bulk_loader(self.store.oxigraph()),
                view: View::stored(self.store.oxigraph())?,
                gathered: Vec::new(),
                sources: Vec::new(),
                graphs: HashMap::new(),
            },
        };
        let group = self.group.insert(group);
        self.store
            .check_graphs_free(&record, shown, &group.graphs)?;
        group.gathered.extend(
            quads
                .into_iter()
                .flat_map(|quad| crate::store::merged::with_merged(quad, &group.view)),
        );
        group
            .gathered
            .extend(record.quads_in(METADATA_GRAPH.into()));
        let added = if group.gathered.len() >= HAND_OVER_QUADS {
            group.hand_over().map_err(LoadError::from)
        } else {
            Ok(())
        };
        for graph in &record.graphs {
            group.graphs.insert(graph.clone(), record.iri.clone());
        }
        group.sources.push((shown.to_owned(), record));
        let full = group.triples() >= GROUP_TRIPLES;
        match added {
            Err(error) => {
                if let Some(group) = self.group.take() {
                    self.fail(group.sources, &error);
                }
            }
            Ok(()) if full => self.commit_group(),
            Ok(()) => {}
        }
        Ok(None)
    }

    /// Commits the group under way, then loads `source` on its own.
    fn load_alone(
        &mut self,
        source: SourceToLoad,
        path: &Path,
        shown: &Path,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Option<LoadReport>, LoadError> {
        self.commit_group();
        self.store
            .load_prepared(source, path, shown, progress)
            .map(Some)
    }

    /// Commits the group under way, if any: its sources are then done.
    fn commit_group(&mut self) {
        let Some(mut group) = self.group.take() else {
            return;
        };
        let store = self.store.oxigraph();
        let triples = group.triples();
        let committed = group
            .hand_over()
            .and_then(|()| group.loader.commit())
            .and_then(|()| journal::finish(store))
            .map_err(LoadError::from)
            .and_then(|()| view::refresh(store));
        match committed {
            Ok(()) => {
                self.store.loaded_in_bulk(triples);
                for (shown, record) in group.sources {
                    let report = LoadReport {
                        source: record,
                        outcome: Outcome::Added,
                    };
                    self.done.push((shown, Ok(report)));
                }
            }
            Err(error) => self.fail(group.sources, &error),
        }
    }

    /// Tells that none of a group's `sources` was stored, because of `error`.
    fn fail(&mut self, sources: Vec<(PathBuf, SourceRecord)>, error: &LoadError) {
        let others = sources.len().saturating_sub(1);
        for (shown, _) in sources {
            let failed = LoadError::GroupFailed {
                path: shown.clone(),
                others,
                message: error.to_string(),
            };
            self.done.push((shown, Err(failed)));
        }
    }
}

impl Group<'_> {
    /// The triples of the group's sources.
    fn triples(&self) -> u64 {
        self.sources.iter().map(|(_, record)| record.triples).sum()
    }

    /// Hands the gathered quads to the bulk loader.
    fn hand_over(&mut self) -> Result<(), oxigraph::store::StorageError> {
        self.loader.load_quads(std::mem::take(&mut self.gathered))
    }
}
