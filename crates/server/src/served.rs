//! What the server reads: a checkpoint of the store (RocksDB hard-links its
//! files, so it is cheap and never changes), taken with the store's lock
//! held for a moment, so `actorgraph load` keeps working while the server
//! runs. A newer checkpoint is taken when the store has changed; requests in
//! flight finish on the one they started with, which is removed after them.

use std::fs;
use std::path::{Path, PathBuf};

use actorgraph_loader::{GraphStore, StoreVersion};

use crate::error::ServerError;

/// The folder, inside the store, that holds the checkpoints being served.
const SERVING: &str = "serving";

/// One checkpoint of the store, removed when the last user drops it.
#[derive(Debug)]
pub(crate) struct Checkpoint {
    dir: PathBuf,
    /// The version of the store's files it holds.
    version: StoreVersion,
}

impl Checkpoint {
    /// The checkpoint's folder, an Oxigraph store a worker opens read-only.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the store has changed since this checkpoint was taken.
    pub(crate) fn is_outdated(&self, store: &Path) -> Result<bool, ServerError> {
        Ok(StoreVersion::of(store)? != self.version)
    }
}

impl Drop for Checkpoint {
    fn drop(&mut self) {
        // Best effort: a folder left behind is removed by the next server.
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Takes checkpoint number `generation` of the store in `store`.
pub(crate) fn take(store: &Path, generation: u64) -> Result<Checkpoint, ServerError> {
    let root = store.join(SERVING);
    fs::create_dir_all(&root).map_err(ServerError::io(format!(
        "cannot make the folder {}",
        root.display()
    )))?;
    let dir = root.join(format!("{}-{generation}", std::process::id()));
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(ServerError::io(format!(
            "cannot remove the old checkpoint {}",
            dir.display()
        )))?;
    }
    let version = GraphStore::checkpoint(store, &dir)?;
    Ok(Checkpoint { dir, version })
}

/// Removes the checkpoints of servers that are no longer running.
pub(crate) fn remove_abandoned(store: &Path) {
    let Ok(entries) = fs::read_dir(store.join(SERVING)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let owner = name.to_string_lossy();
        let owner = owner.split('-').next().unwrap_or_default();
        let alive = owner.parse::<u32>().is_ok_and(|pid| {
            pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
        });
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
