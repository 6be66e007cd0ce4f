//! Linked-data snapshots of an actorgraph store: canonical N-Quads (RDFC-1.0
//! blank-node labels, sorted lines, so the same data gives the same bytes),
//! exports in every RDF format, snapshot folders with a VoID/DCAT manifest,
//! verified restore, and a diff of any two of store, snapshot or file.
//!
//! ```
//! use actorgraph_loader::GraphStore;
//! use actorgraph_model::Format;
//!
//! let store = GraphStore::in_memory()?;
//! let graphs = actorgraph_snapshot::select_graphs(&store, &[])?;
//! let mut out = Vec::new();
//! let report = actorgraph_snapshot::export(&store, &graphs, Format::NQuads, &mut out, &mut |_| {})?;
//! assert_eq!((report.quads, out.len()), (0, 0));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod canonical;
mod diff;
mod error;
mod export;
mod graph_reader;
mod push;
mod recipe;
mod restore;
mod snapshot;
mod sorted;
mod void;

pub use diff::{Diff, DiffSide, GraphChanges, diff};
pub use error::{SnapshotError, TooSymmetric};
pub use export::{ExportReport, export, prefixes, select_graphs};
pub use push::{PushPlan, PushStep, PushedGraph, Role, Verified, plan_push, push, verify_push};
pub use recipe::{BulkLoader, bulk_load_recipe};
pub use restore::{RestoreReport, is_snapshot, restore};
pub use snapshot::{MANIFEST, SnapshotOptions, SnapshotReport, snapshot};
