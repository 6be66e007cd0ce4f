//! `GraphStore`: the one place a store is opened. On disk it takes an
//! exclusive lock first, so a second process gets a clear "store in use"
//! instead of a RocksDB error, then removes what a killed load left behind.
//! Its submodules load, replace and unload sources, keep the merged graph,
//! the journal and the sources' records, and count what the store holds.

pub(crate) mod batch;
pub(crate) mod bulk;
pub(crate) mod checkpoint;
pub(crate) mod journal;
pub(crate) mod load;
pub(crate) mod merged;
pub(crate) mod metadata;
pub(crate) mod stats;
pub(crate) mod view;

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::thread;
use std::time::{Duration, Instant};

use oxigraph::store::Store;

use crate::error::LoadError;

/// The lock file every actorgraph store folder holds.
const LOCK_FILE: &str = "actorgraph.lock";

/// What the lock file says of a hold that ends within moments: another
/// command waits for it to end instead of being refused.
const BRIEF_HOLD: &str = "taking a checkpoint";

/// The longest another command waits for a brief hold to end.
const BRIEF_HOLD_WAIT: Duration = Duration::from_secs(10);

/// How long a store is held: a command's whole run, or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hold {
    /// A command holds the store while it runs.
    Command,
    /// A server takes a checkpoint and lets go.
    Brief,
}

/// An Oxigraph store holding actorgraph data, opened for this process alone.
pub struct GraphStore {
    store: Store,
    dir: Option<PathBuf>,
    // Held for its lock: the store is ours until it is dropped.
    _lock: Option<File>,
    // Whether closing it says the store changed (see `checkpoint`).
    marks_changes: bool,
    // Quads bulk-loaded since the store was opened or last compacted.
    pub(crate) bulk_loaded: AtomicU64,
}

impl GraphStore {
    /// Opens (creating if needed) the on-disk store in `dir`.
    ///
    /// Fails with [`LoadError::StoreInUse`] when another process has it open,
    /// and refuses a folder that holds other files than a store's.
    pub fn open(dir: &Path) -> Result<Self, LoadError> {
        Self::open_as(dir, Hold::Command)
    }

    pub(crate) fn open_as(dir: &Path, hold: Hold) -> Result<Self, LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_owned(),
            source,
        };
        if dir.exists()
            && !dir.join(LOCK_FILE).exists()
            && fs::read_dir(dir).map_err(io)?.next().is_some()
        {
            return Err(LoadError::Io {
                path: dir.to_owned(),
                source: std::io::Error::other(
                    "this folder holds other files and is not an actorgraph store; choose an empty or new folder",
                ),
            });
        }
        fs::create_dir_all(dir).map_err(io)?;
        let lock = lock(dir, hold)?;
        remove_leftovers(dir)?;
        // Our own lock is held, so no actorgraph process has the store open.
        let store = Store::open(dir).map_err(|source| LoadError::Open {
            dir: dir.to_owned(),
            source,
        })?;
        // Finish what a killed process left half done, before anyone reads.
        journal::finish(&store)?;
        let opened = Self {
            store,
            dir: Some(dir.to_owned()),
            _lock: Some(lock),
            marks_changes: hold == Hold::Command,
            bulk_loaded: AtomicU64::new(0),
        };
        // A store from before the merged graph gets it, once.
        if merged::is_missing(&opened.store)? {
            opened.loaded_in_bulk(merged::build(&opened.store)?);
        }
        // The merged graph shows the sources as the alignments and links
        // they now hold say (a killed command may have left it behind).
        view::refresh(&opened.store)?;
        if opened.needs_compaction() {
            opened.compact()?;
        }
        Ok(opened)
    }

    /// Opens the existing on-disk store in `dir` to read it only: the same
    /// lock as [`GraphStore::open`], but RocksDB opened read-only, which
    /// starts faster. A folder without a store is [`LoadError::NoStore`],
    /// and nothing is created in it. When a killed process left work to
    /// finish, or the store predates the merged graph, it is opened as
    /// [`GraphStore::open`] does.
    pub fn open_for_reading(dir: &Path) -> Result<Self, LoadError> {
        if !dir.join(LOCK_FILE).exists() {
            return Err(LoadError::NoStore {
                dir: dir.to_owned(),
            });
        }
        let lock = lock(dir, Hold::Command)?;
        remove_leftovers(dir)?;
        let store = Store::open_read_only(dir).map_err(|source| LoadError::Open {
            dir: dir.to_owned(),
            source,
        })?;
        if journal::is_pending(&store)? || merged::is_missing(&store)? || view::is_stale(&store)? {
            drop((store, lock));
            return Self::open(dir);
        }
        Ok(Self {
            store,
            dir: Some(dir.to_owned()),
            _lock: Some(lock),
            marks_changes: false,
            bulk_loaded: AtomicU64::new(0),
        })
    }

    /// A fresh store in memory, gone when dropped (for tests and conversions).
    pub fn in_memory() -> Result<Self, LoadError> {
        Ok(Self {
            store: Store::new()?,
            dir: None,
            _lock: None,
            marks_changes: false,
            bulk_loaded: AtomicU64::new(0),
        })
    }

    /// The store folder, or `None` in memory.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The underlying Oxigraph store, for querying.
    pub fn oxigraph(&self) -> &Store {
        &self.store
    }
}

impl Drop for GraphStore {
    fn drop(&mut self) {
        if let (true, Some(dir)) = (self.marks_changes, &self.dir) {
            Self::mark_changed(dir);
        }
    }
}

/// Takes the store's lock, and records who holds it and for how long. A
/// store held by another command is refused at once; one held briefly is
/// waited for.
fn lock(dir: &Path, hold: Hold) -> Result<File, LoadError> {
    let path = dir.join(LOCK_FILE);
    let io = |source| LoadError::Io {
        path: path.clone(),
        source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                file.rewind().map_err(io)?;
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                // The holder writes its line just after it takes the lock.
                let writing = holder.is_empty() && started.elapsed() < Duration::from_millis(200);
                let brief = holder.ends_with(BRIEF_HOLD) && started.elapsed() < BRIEF_HOLD_WAIT;
                if writing || brief {
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
                return Err(LoadError::StoreInUse {
                    dir: dir.to_owned(),
                    holder: (!holder.is_empty()).then(|| holder.to_owned()),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    file.set_len(0).map_err(io)?;
    file.rewind().map_err(io)?;
    match hold {
        Hold::Command => writeln!(file, "process {}", std::process::id()),
        Hold::Brief => writeln!(file, "process {}, {BRIEF_HOLD}", std::process::id()),
    }
    .map_err(io)?;
    Ok(file)
}

/// Removes the `bulk-*.sst` files of a bulk load that was killed before its
/// commit. Only called with the lock held, so no live load owns them; after
/// a commit Oxigraph has ingested (hard-linked) them, so removing is safe.
fn remove_leftovers(dir: &Path) -> Result<(), LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            fs::remove_file(&path).map_err(|source| LoadError::Io {
                path: path.clone(),
                source,
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_open_is_refused_while_the_first_lives() {
        let dir = tempfile::tempdir().unwrap();
        let first = GraphStore::open(dir.path()).unwrap();
        let error = GraphStore::open(dir.path()).err().unwrap();
        assert!(matches!(error, LoadError::StoreInUse { .. }), "{error}");
        assert!(
            error
                .to_string()
                .contains(&format!("process {}", std::process::id()))
        );
        drop(first);
        GraphStore::open(dir.path()).unwrap();
    }

    #[test]
    fn a_store_opened_for_reading_sees_the_data_and_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = GraphStore::open(dir.path()).unwrap();
        let quad = oxigraph::model::QuadRef::new(
            oxigraph::model::NamedNodeRef::new_unchecked("https://e.org/s"),
            oxigraph::model::NamedNodeRef::new_unchecked("https://e.org/p"),
            oxigraph::model::LiteralRef::new_simple_literal("o"),
            oxigraph::model::NamedNodeRef::new_unchecked("https://e.org/g"),
        );
        store.oxigraph().insert(quad).unwrap();
        drop(store);
        let reader = GraphStore::open_for_reading(dir.path()).unwrap();
        assert!(reader.oxigraph().contains(quad).unwrap());
        assert!(reader.oxigraph().remove(quad).is_err(), "read-only");
        let error = GraphStore::open(dir.path()).err().unwrap();
        assert!(matches!(error, LoadError::StoreInUse { .. }), "{error}");
    }

    #[test]
    fn a_store_from_before_the_merged_graph_gets_it_when_opened() {
        use crate::store::metadata::{METADATA_GRAPH, SourceRecord};
        use oxigraph::model::{GraphNameRef, Literal, NamedNode, Quad};

        let dir = tempfile::tempdir().unwrap();
        let source = NamedNode::new_unchecked("file:///people.ttl");
        let record = SourceRecord {
            iri: source.clone(),
            path: "people.ttl".into(),
            media_type: "text/turtle".into(),
            sha256: "0".into(),
            size: 1,
            triples: 1,
            graphs: vec![source.clone().into()],
            loaded_at: "2026-01-01T00:00:00Z".into(),
            loaded_by: "actorgraph 0.1.0".into(),
            prefixes: Vec::new(),
            normalized: None,
        };
        let store = GraphStore::open(dir.path()).unwrap();
        // What an older version wrote: the record and the source's graph.
        let ann = Quad::new(
            NamedNode::new_unchecked("https://e.org/ann"),
            NamedNode::new_unchecked("https://schema.org/name"),
            Literal::from("Ann"),
            source.clone(),
        );
        store.oxigraph().insert(&ann).unwrap();
        store
            .oxigraph()
            .extend(record.quads_in(METADATA_GRAPH.into()))
            .unwrap();
        drop(store);
        let reader = GraphStore::open_for_reading(dir.path()).unwrap();
        let merged: Vec<_> = reader
            .oxigraph()
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .map(Result::unwrap)
            .collect();
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].object, ann.object);
    }

    #[test]
    fn leftovers_of_a_killed_bulk_load_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        drop(GraphStore::open(dir.path()).unwrap());
        fs::write(dir.path().join("bulk-1234.sst"), b"half written").unwrap();
        drop(GraphStore::open(dir.path()).unwrap());
        assert!(!dir.path().join("bulk-1234.sst").exists());
    }

    #[test]
    fn a_folder_with_other_files_is_not_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
        assert!(GraphStore::open(dir.path()).is_err());
    }
}
