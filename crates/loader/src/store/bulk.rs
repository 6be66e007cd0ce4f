//! Oxigraph's bulk loader as every write of the store uses it, and when the
//! files it leaves call for a compaction.

use oxigraph::store::{BulkLoader, Store};

/// Memory the bulk loader may use for its batches, in megabytes.
const BULK_MEMORY_MB: usize = 256;

/// From how many bulk-loaded quads a command ends with a compaction: on two
/// cores, the loader has then written four overlapping files per index.
pub(crate) const COMPACT_FROM_QUADS: u64 = 500_000;

/// Oxigraph's bulk loader, with batches bounded to keep a load's memory
/// under 1 GiB whatever the size of its input (BENCHMARKS.md).
pub(crate) fn bulk_loader(store: &Store) -> BulkLoader<'_> {
    store
        .bulk_loader()
        .with_max_memory_size_in_megabytes(BULK_MEMORY_MB)
}
