//! Everything the binary prints: reports and tables for people, JSON for
//! scripts, progress bars on a terminal, errors on standard error. The only
//! module allowed to print.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use actorgraph_loader::{
    ConvertReport, Format, LoadError, LoadReport, Outcome, Progress, SourceRecord, Stats,
};
use anyhow::Result;
use comfy_table::{CellAlignment, Table, presets};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::args::OutputFormat;

/// Prints an error and its causes on standard error.
pub fn error(error: &anyhow::Error) {
    eprintln!("error: {error:#}");
}

/// A table with no borders, columns aligned with spaces.
fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_header(header.to_vec());
    table
}

fn align_right(table: &mut Table, columns: &[usize]) {
    for &index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn print_table(table: &mut Table) {
    // No borders: columns are told apart by two spaces after each.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    for line in table.lines() {
        println!("{}", line.trim_end());
    }
}

/// Prints a note that a file inside a folder was skipped.
pub fn skipped(path: &Path, why: &str) {
    eprintln!("skipped   {} ({why})", path.display());
}

/// Collects what a `load` did, printing a line per source as it goes.
#[derive(Default)]
pub struct LoadSummary {
    added: usize,
    replaced: usize,
    unchanged: usize,
    failed: usize,
}

impl LoadSummary {
    /// Records and prints a loaded source.
    pub fn loaded(&mut self, report: &LoadReport) {
        let source = &report.source;
        let what = match report.outcome {
            Outcome::Added => {
                self.added += 1;
                "added"
            }
            Outcome::Replaced => {
                self.replaced += 1;
                "replaced"
            }
            Outcome::Unchanged => {
                self.unchanged += 1;
                println!(
                    "unchanged {} (already loaded with the same SHA-256)",
                    source.path
                );
                return;
            }
        };
        println!(
            "{what:<9} {} ({} triples) into {}",
            source.path,
            source.triples,
            graphs_phrase(source)
        );
    }

    /// Records and prints a source that failed.
    pub fn failed(&mut self, path: &Path, error: &LoadError) {
        self.failed += 1;
        eprintln!("failed    {}\nerror: {error}", path.display());
    }

    /// Prints the closing summary line.
    pub fn print(&self, store: &Path) {
        let loaded = self.added + self.replaced + self.unchanged;
        let mut line = format!(
            "{loaded} source{} loaded ({} added, {} replaced, {} unchanged)",
            plural(loaded),
            self.added,
            self.replaced,
            self.unchanged
        );
        if self.failed > 0 {
            line.push_str(&format!(
                ", {} failed and left the store untouched",
                self.failed
            ));
        }
        println!("{line}; store: {}", store.display());
    }

    /// Whether no source failed.
    pub fn all_ok(&self) -> bool {
        self.failed == 0
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn graphs_phrase(source: &SourceRecord) -> String {
    match source.graphs.as_slice() {
        [graph] => graph.to_string(),
        graphs => format!("{} graphs", graphs.len()),
    }
}

/// A progress bar for one load, shown only on a terminal and only once the
/// load has gone on long enough to need one.
pub struct LoadProgress {
    name: String,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl LoadProgress {
    /// Prepares the bar for the input `path`.
    pub fn new(path: &Path) -> Self {
        Self {
            name: path.display().to_string(),
            started: Instant::now(),
            bar: None,
        }
    }

    /// Shows the progress of the load.
    pub fn update(&mut self, progress: Progress) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(
                Some(progress.total_bytes),
                ProgressDrawTarget::stderr(),
            );
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} ({eta})",
                )
                .expect("the template is valid")
                .progress_chars("=> "),
            );
            bar.set_prefix(self.name.clone());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let seconds = self.started.elapsed().as_secs_f64().max(0.001);
        bar.set_position(progress.bytes);
        bar.set_message(format!(
            "{} triples, {:.0} triples/s",
            progress.triples,
            progress.triples as f64 / seconds
        ));
    }

    /// Removes the bar.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Prints the loaded sources.
pub fn sources(sources: &[SourceRecord], format: OutputFormat) -> Result<()> {
    match format {
        OutputFormat::Json => {
            let list: Vec<_> = sources
                .iter()
                .map(|s| {
                    json!({
                        "source": s.iri.as_str(),
                        "path": s.path,
                        "media_type": s.media_type,
                        "triples": s.triples,
                        "bytes": s.size,
                        "sha256": s.sha256,
                        "graphs": s.graphs.iter().map(|g| g.to_string().trim_matches(['<', '>']).to_owned()).collect::<Vec<_>>(),
                        "loaded_at": s.loaded_at,
                        "loaded_by": s.loaded_by,
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&list)?);
        }
        OutputFormat::Table => {
            if sources.is_empty() {
                println!("no sources loaded yet; add some with `actorgraph load PATH`");
                return Ok(());
            }
            let mut table = table(&["path", "triples", "bytes", "sha256", "loaded at", "graphs"]);
            for s in sources {
                table.add_row(vec![
                    s.path.clone(),
                    s.triples.to_string(),
                    s.size.to_string(),
                    s.sha256.chars().take(12).collect(),
                    s.loaded_at.clone(),
                    s.graphs.len().to_string(),
                ]);
            }
            align_right(&mut table, &[1, 2, 5]);
            print_table(&mut table);
        }
    }
    Ok(())
}

/// Prints that a source was removed.
pub fn unloaded(record: &SourceRecord) {
    println!(
        "unloaded  {} ({} triples, {})",
        record.path,
        record.triples,
        graphs_phrase(record)
    );
}

/// Prints the store's statistics.
pub fn stats(stats: &Stats, format: OutputFormat) -> Result<()> {
    match format {
        OutputFormat::Json => {
            let graphs: Vec<_> = stats
                .graphs
                .iter()
                .map(|(g, n)| json!({"graph": g, "triples": n}))
                .collect();
            let entities: serde_json::Map<_, _> = stats
                .entities
                .iter()
                .map(|(k, n)| ((*k).to_owned(), json!(n)))
                .collect();
            let value = json!({"graphs": graphs, "triples": stats.triples, "entities": entities});
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        OutputFormat::Table => {
            let mut graphs = table(&["graph", "triples"]);
            for (graph, count) in &stats.graphs {
                graphs.add_row(vec![graph.clone(), count.to_string()]);
            }
            graphs.add_row(vec!["total".to_owned(), stats.triples.to_string()]);
            align_right(&mut graphs, &[1]);
            print_table(&mut graphs);
            println!();
            let mut entities = table(&["entities", "count"]);
            for (kind, count) in &stats.entities {
                entities.add_row(vec![(*kind).to_owned(), count.to_string()]);
            }
            align_right(&mut entities, &[1]);
            print_table(&mut entities);
        }
    }
    Ok(())
}

/// Notes on standard error what a conversion merged.
pub fn converted(report: &ConvertReport, to: Format) {
    if report.merged > 0 {
        eprintln!(
            "note: {} of {} triples were in named graphs and were merged into one graph: {to} has no named graphs",
            report.merged, report.quads
        );
    }
}
