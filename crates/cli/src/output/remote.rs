//! Printing what other engines support, what a push sends, its progress
//! and its verification.

use std::io::{BufRead, IsTerminal, Write};

use actorgraph_query::remote::{Capabilities, Support};
use actorgraph_snapshot::{PushPlan, PushStep, Verified};
use anyhow::{Context, Result};
use indicatif::ProgressBar;
use serde_json::json;

use super::{align_right, plural, print_table, table};
use crate::args::OutputFormat;

/// A note on standard error.
pub fn note(text: &str) {
    eprintln!("note: {text}");
}

/// Asks for one line on the terminal.
pub fn prompt(question: &str) -> Result<String> {
    eprint!("{question}");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read from the terminal")?;
    Ok(line.trim().to_owned())
}

/// Prints what `endpoint check` found.
pub fn capabilities(url: &str, found: &Capabilities, format: OutputFormat) -> Result<()> {
    let mut rows: Vec<(String, &Support)> = vec![
        ("query by GET".into(), &found.query_get),
        ("query by POST (form)".into(), &found.query_post_form),
        ("query by POST (direct)".into(), &found.query_post_direct),
    ];
    for (media_type, support) in &found.results_formats {
        rows.push((format!("results as {media_type}"), support));
    }
    rows.extend([
        (
            "default-graph-uri honoured".into(),
            &found.default_graph_uri,
        ),
        ("named-graph-uri honoured".into(), &found.named_graph_uri),
        (
            "default graph is the union of all graphs".into(),
            &found.union_default_graph,
        ),
        ("Graph Store Protocol: read".into(), &found.graph_store_read),
        (
            "Graph Store Protocol: write".into(),
            &found.graph_store_write,
        ),
        ("stops a query at its time limit".into(), &found.timeout),
    ]);
    match format {
        OutputFormat::Json => {
            let checks: Vec<_> = rows
                .iter()
                .map(|(what, support)| {
                    json!({ "check": what, "answer": support.word(), "note": support.note() })
                })
                .collect();
            out!(
                "{}",
                serde_json::to_string_pretty(&json!({
                    "endpoint": url,
                    "checks": checks,
                    "pushed_graphs": found.pushed_graphs,
                }))?
            );
        }
        OutputFormat::Table => {
            let mut table = table(&["check", "answer", "how it showed"]);
            for (what, support) in &rows {
                table.add_row(vec![what.as_str(), support.word(), support.note()]);
            }
            super::fit_to_terminal(&mut table);
            print_table(&mut table)?;
            out!();
            match found.pushed_graphs {
                Some(n) => out!("actorgraph pushed {n} graph{} there.", plural(n)),
                None => out!("Nothing actorgraph pushed is there."),
            }
        }
    }
    Ok(())
}

/// Prints what a push will send and delete (and, on a dry run, that it
/// sends nothing).
pub fn push_plan(url: &str, plan: &PushPlan, dry_run: bool) -> Result<()> {
    let sends: Vec<_> = plan.sends().collect();
    let unchanged = plan.graphs.len() - sends.len();
    for skipped in &plan.skipped {
        eprintln!(
            "note: graph {skipped} is named by a blank node, which no other engine can name: left out"
        );
    }
    if !dry_run && std::io::stderr().is_terminal() {
        return Ok(());
    }
    if plan.is_empty() && plan.pushed_before {
        out!(
            "{url}: up to date ({unchanged} graph{} unchanged)",
            plural(unchanged)
        );
        return Ok(());
    }
    let mut table = table(&["action", "graph", "triples"]);
    for graph in &sends {
        table.add_row(vec![
            "send".to_owned(),
            graph.name.as_str().to_owned(),
            graph.triples.to_string(),
        ]);
    }
    for graph in &plan.deletes {
        table.add_row(vec![
            "delete".to_owned(),
            graph.as_str().to_owned(),
            String::new(),
        ]);
    }
    align_right(&mut table, &[2]);
    print_table(&mut table)?;
    out!(
        "{}{} graph{} to send, {} to delete, {unchanged} unchanged",
        if dry_run {
            "dry run, nothing sent: "
        } else {
            ""
        },
        sends.len(),
        plural(sends.len()),
        plan.deletes.len()
    );
    Ok(())
}

/// A push's progress: a bar of triples sent on a terminal, a line per
/// graph otherwise.
pub struct PushProgress {
    bar: Option<ProgressBar>,
    sent: usize,
    deleted: usize,
}

impl PushProgress {
    /// Ready for `plan`.
    pub fn new(plan: &PushPlan) -> Self {
        let total: u64 = plan.sends().map(|g| g.triples).sum();
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} triples, {msg} ({elapsed})",
                )
                .expect("the template is valid"),
            );
            bar
        });
        Self {
            bar,
            sent: 0,
            deleted: 0,
        }
    }

    /// Shows one step.
    pub fn step(&mut self, step: PushStep) {
        match step {
            PushStep::Sending(graph, triples) => {
                self.sent += 1;
                match &self.bar {
                    Some(bar) => {
                        bar.set_message(graph.as_str().to_owned());
                        bar.inc(triples);
                    }
                    None => eprintln!("sending {} ({triples} triples)", graph.as_str()),
                }
            }
            PushStep::Deleted(graph) => {
                self.deleted += 1;
                match &self.bar {
                    Some(bar) => bar.set_message(format!("deleted {}", graph.as_str())),
                    None => eprintln!("deleted {}", graph.as_str()),
                }
            }
        }
    }

    /// Says what was done, if anything was.
    pub fn finish(self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.sent + self.deleted == 0 {
            return;
        }
        eprintln!(
            "pushed: {} graph{} sent, {} deleted",
            self.sent,
            plural(self.sent),
            self.deleted
        );
    }
}

/// Prints the remote's counts against the store's; `false` when one
/// differs.
pub fn verified(graphs: &[Verified]) -> Result<bool> {
    let mut table = table(&["graph", "store", "remote", ""]);
    let mut all_equal = true;
    for graph in graphs {
        let equal = graph.remote == Some(graph.local);
        all_equal &= equal;
        table.add_row(vec![
            graph.name.as_str().to_owned(),
            graph.local.to_string(),
            graph.remote.map_or("missing".to_owned(), |n| n.to_string()),
            if equal { "ok" } else { "DIFFERENT" }.to_owned(),
        ]);
    }
    align_right(&mut table, &[1, 2]);
    print_table(&mut table)?;
    out!(
        "verified: {}",
        if all_equal {
            "every graph has the store's triple count"
        } else {
            "some graphs differ from the store"
        }
    );
    Ok(all_equal)
}
