//! Checkpoints of a store for a server: a consistent copy taken with the
//! store's lock held only for a moment (RocksDB hard-links the files, so it
//! costs next to nothing), and the store's version, to see that it changed
//! since: every command that opened the store to write says so in a file
//! when it closes the store.

use std::fs;
use std::io::ErrorKind;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::LoadError;
use crate::store::{GraphStore, Hold};

impl GraphStore {
    /// Copies the store in `dir` into `dest` (which must not exist yet) as
    /// it is now, finishing first what a killed command left half done.
    /// Another command that wants the store meanwhile waits for it.
    /// Returns the version of the store's files the copy holds.
    pub fn checkpoint(dir: &Path, dest: &Path) -> Result<StoreVersion, LoadError> {
        // Opened to write, as RocksDB copies what is still only in its log
        // by writing it out first, which a read-only database cannot.
        let opened = Self::open_as(dir, Hold::Brief)?;
        opened
            .store
            .backup(dest)
            .map_err(|source| LoadError::Checkpoint {
                dest: dest.to_owned(),
                source,
            })?;
        StoreVersion::of(dir)
    }

    /// Records that the store may have changed: called when a command that
    /// opened it to write closes it.
    pub(crate) fn mark_changed(dir: &Path) {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let mark = format!("process {} at {}\n", std::process::id(), now.as_nanos());
        // Best effort: a server that misses it serves older data until the
        // next change, or until it is told to refresh.
        let _ = fs::write(dir.join(CHANGED_FILE), mark);
    }
}

/// The file every command that opened the store to write rewrites when it
/// closes the store.
const CHANGED_FILE: &str = "actorgraph.changed";

/// The store's version: what the last command that wrote it left in
/// `actorgraph.changed` in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreVersion(String);

impl StoreVersion {
    /// The version of the store in `dir` now.
    pub fn of(dir: &Path) -> Result<Self, LoadError> {
        let path = dir.join(CHANGED_FILE);
        match fs::read_to_string(&path) {
            Ok(mark) => Ok(Self(mark)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(Self(String::new())),
            Err(source) => Err(LoadError::Io { path, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef};
    use oxigraph::store::Store;

    #[test]
    fn a_checkpoint_holds_the_store_as_it_was_and_a_write_changes_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let store_dir = dir.path().join("store");
        let iri = NamedNodeRef::new_unchecked("http://example.org/a");
        let quad = QuadRef::new(iri, iri, iri, GraphNameRef::DefaultGraph);
        {
            let store = GraphStore::open(&store_dir).unwrap();
            store.oxigraph().insert(quad).unwrap();
        }
        let copy = dir.path().join("copy");
        let version = GraphStore::checkpoint(&store_dir, &copy).unwrap();
        assert_eq!(StoreVersion::of(&store_dir).unwrap(), version);
        // Reading changes nothing; a command that writes does.
        drop(GraphStore::open_for_reading(&store_dir).unwrap());
        assert_eq!(StoreVersion::of(&store_dir).unwrap(), version);
        {
            let store = GraphStore::open(&store_dir).unwrap();
            store.oxigraph().remove(quad).unwrap();
        }
        assert_ne!(StoreVersion::of(&store_dir).unwrap(), version);
        let copied = Store::open_read_only(&copy).unwrap();
        assert!(copied.contains(quad).unwrap());
    }
}
