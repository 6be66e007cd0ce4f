//! Printing exports, snapshots and differences.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use actorgraph_model::Format;
use actorgraph_snapshot::{Diff, ExportReport, SnapshotReport};
use anyhow::Result;
use indicatif::ProgressBar;
use serde_json::json;

use crate::args::DiffFormat;

/// A spinner counting the quads an export has read, on a terminal only,
/// once the work has gone on long enough to need one.
pub struct QuadCounter {
    what: &'static str,
    started: Instant,
    spinner: Option<ProgressBar>,
}

impl QuadCounter {
    /// Prepares the spinner, labelled `what`.
    pub fn new(what: &'static str) -> Self {
        Self {
            what,
            started: Instant::now(),
            spinner: None,
        }
    }

    /// Shows how many quads have been read.
    pub fn update(&mut self, quads: u64) {
        if !std::io::stderr().is_terminal() || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let spinner = self.spinner.get_or_insert_with(|| {
            let spinner = super::spinner("{spinner} {prefix}: {msg} ({elapsed})");
            spinner.set_prefix(self.what);
            spinner
        });
        spinner.set_message(format!("{quads} quads read and sorted"));
    }

    /// Removes the spinner.
    pub fn finish(self) {
        if let Some(spinner) = self.spinner {
            spinner.finish_and_clear();
        }
    }
}

/// Notes on standard error what an export merged.
pub fn exported(report: &ExportReport, format: Format) {
    if report.merged_graphs > 1 {
        eprintln!(
            "note: the triples of {} graphs were merged into one: {format} has no named graphs",
            report.merged_graphs
        );
    }
}

/// Tells where a snapshot went.
pub fn snapshot_written(report: &SnapshotReport) -> std::io::Result<()> {
    out!(
        "wrote {} ({} quads from {} source{}, {} bytes, SHA-256 {})",
        report.dataset.display(),
        report.quads,
        report.sources,
        if report.sources == 1 { "" } else { "s" },
        report.bytes,
        report.sha256
    );
    out!("wrote {}", report.manifest.display());
    Ok(())
}

/// Prints a difference in the format asked for.
pub fn difference(diff: &Diff, format: DiffFormat) -> Result<()> {
    let graphs = diff.by_graph();
    match format {
        DiffFormat::Text => {
            for (graph, changes) in &graphs {
                out!("{}", graph_title(graph));
                for triple in &changes.removed {
                    out!("- {triple}");
                }
                for triple in &changes.added {
                    out!("+ {triple}");
                }
            }
            out!(
                "{} added, {} removed in {} graph{}",
                diff.added.len(),
                diff.removed.len(),
                graphs.len(),
                if graphs.len() == 1 { "" } else { "s" }
            );
        }
        DiffFormat::Json => {
            let per_graph: BTreeMap<&str, serde_json::Value> = graphs
                .iter()
                .map(|(graph, changes)| {
                    let name = graph.trim_start_matches('<').trim_end_matches('>');
                    (
                        name,
                        json!({"added": changes.added, "removed": changes.removed}),
                    )
                })
                .collect();
            let value = json!({
                "equal": diff.is_empty(),
                "added": diff.added.len(),
                "removed": diff.removed.len(),
                "graphs": per_graph,
            });
            out!("{}", serde_json::to_string_pretty(&value)?);
        }
        DiffFormat::Patch => {
            for line in &diff.removed {
                out!("D {line}");
            }
            for line in &diff.added {
                out!("A {line}");
            }
        }
    }
    Ok(())
}

fn graph_title(graph: &str) -> String {
    if graph.is_empty() {
        "default graph".to_owned()
    } else {
        format!("graph {graph}")
    }
}
