//! Everything the binary prints: reports and tables for people, JSON for
//! scripts, progress bars on a terminal, errors on standard error. The only
//! module allowed to print.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use actorgraph_loader::{
    ConvertReport, LoadError, LoadReport, Outcome, Progress, SourceRecord, Stats,
};
use actorgraph_model::vocab::{rdf, schema, skos};
use actorgraph_model::{Format, PrefixMap};
use actorgraph_query::{
    Answer, QueryError, Requirement, SavedQuery, Term, split_example, write_boolean, write_graph,
    write_solutions,
};
use actorgraph_snapshot::RestoreReport;
use anyhow::Result;
use comfy_table::{CellAlignment, Table, presets};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxrdf::{Graph, NamedOrBlankNodeRef, TermRef};
use serde_json::json;

use comfy_table::ContentArrangement;

use crate::args::{ConceptsFormat, OutputFormat, ResultFormat};

/// `println!` that returns an error instead of panicking when standard output
/// is closed (`actorgraph stats | head`), so `main` can stop quietly.
macro_rules! out {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout(), $($arg)*)?
    };
}

// After `out!`, which they use.
mod links;
mod remote;
mod snapshot;
pub use links::{accepted, accepted_above, already_linked, suggestions};
pub use remote::{PushProgress, capabilities, note, prompt, push_plan, verified};
pub use snapshot::{QuadCounter, difference, exported, snapshot_written};

/// Says where `serve` answers, on standard output (the first line, for
/// scripts that start it on port 0).
pub fn serving(address: std::net::SocketAddr) {
    println!(
        "serving http://{address}/sparql (SPARQL endpoint) and http://{address}/graphs (graphs); stop with Ctrl-C"
    );
}

/// Warns that `serve` listens beyond this machine.
pub fn warn_public(address: &std::net::SocketAddr) {
    eprintln!(
        "warning: listening on {address}: every machine that reaches this one can read the whole store, with no authentication and no TLS; put a reverse proxy with both in front"
    );
}

/// One line of the server's log, on standard error.
pub fn log_line(line: &str) {
    eprintln!("{line}");
}

/// Prints an error and its causes on standard error, with the flag that
/// fixes it when there is one.
pub fn error(error: &anyhow::Error) {
    eprintln!("error: {}", chain(error));
    if let Some(hint) = hint(error.as_ref()) {
        eprintln!("hint: {hint}");
    }
}

/// The error and its causes, each cause once: a library error that already
/// says its cause (`path: No such file…`) is not followed by it again.
fn chain(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let cause = cause.to_string();
        if text.is_empty() {
            text = cause;
        } else if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// The flag that fixes `error`, for the errors the libraries describe
/// without naming flags (they know none).
fn hint(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if let Some(error) = error.downcast_ref::<LoadError>() {
            return match error {
                LoadError::UnknownFormat { .. } => {
                    Some("name the format with --from FORMAT, for example --from ttl".into())
                }
                LoadError::StoreInUse { .. } | LoadError::NoStore { .. } => {
                    Some("name the store with --store DIR (or ACTORGRAPH_STORE)".into())
                }
                _ => None,
            };
        }
        if let Some(error) = error.downcast_ref::<QueryError>() {
            return match error {
                QueryError::MissingParameter { name, .. } => {
                    Some(format!("give it with --param {name}=VALUE"))
                }
                QueryError::Timeout { .. } => {
                    Some("give it more time with --timeout SECONDS".into())
                }
                QueryError::Service(_) => Some("allow remote calls with --allow-service".into()),
                _ => None,
            };
        }
        cause = error.source();
    }
    None
}

/// Whether the error comes from writing to a closed pipe.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
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

fn print_table(table: &mut Table) -> std::io::Result<()> {
    // No borders: columns are told apart by two spaces after each.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    for line in table.lines() {
        out!("{}", line.trim_end());
    }
    Ok(())
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
    /// Records and prints a loaded source, with a note on standard error
    /// when its schema.org terms were written with https and read as http.
    pub fn loaded(&mut self, report: &LoadReport) -> std::io::Result<()> {
        self.count(report)?;
        if let (Some(normalized), Outcome::Added | Outcome::Replaced) =
            (&report.source.normalized, report.outcome)
        {
            eprintln!(
                "note: {} writes schema.org as {}: its {} term{} were read as {}, as actorgraph names them",
                report.source.path,
                normalized.from,
                normalized.terms,
                plural(normalized.terms as usize),
                schema::NS
            );
        }
        Ok(())
    }

    /// Records and prints a source the store now holds.
    fn count(&mut self, report: &LoadReport) -> std::io::Result<()> {
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
                out!(
                    "unchanged {} (already loaded with the same SHA-256)",
                    source.path
                );
                return Ok(());
            }
        };
        out!(
            "{what:<9} {} ({} triples) into {}",
            source.path,
            source.triples,
            graphs_phrase(source)
        );
        Ok(())
    }

    /// Records and prints the sources a restored snapshot held.
    pub fn restored(&mut self, dir: &Path, report: &RestoreReport) -> std::io::Result<()> {
        out!(
            "restoring snapshot {} ({} quads, checksum verified)",
            dir.display(),
            report.quads
        );
        for (source, outcome) in &report.sources {
            self.count(&LoadReport {
                source: source.clone(),
                outcome: *outcome,
            })?;
        }
        Ok(())
    }

    /// Records and prints a source that failed.
    pub fn failed(&mut self, path: &Path, error: &(dyn std::error::Error + 'static)) {
        self.failed += 1;
        eprintln!("failed    {}\nerror: {error}", path.display());
        if let Some(hint) = hint(error) {
            eprintln!("hint: {hint}");
        }
    }

    /// Prints the closing summary line.
    pub fn print(&self, store: &Path) -> std::io::Result<()> {
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
        out!("{line}; store: {}", store.display());
        Ok(())
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

/// Runs `compact` under a spinner saying why the load is not over yet (on a
/// terminal only).
pub fn compacting<T>(compact: impl FnOnce() -> T) -> T {
    working(
        "compacting the store, so that queries on it run fast",
        compact,
    )
}

/// Runs `work` under a spinner saying what it does (on a terminal only).
pub fn working<T>(what: &'static str, work: impl FnOnce() -> T) -> T {
    let spinner = std::io::stderr().is_terminal().then(|| {
        let spinner = spinner("{spinner} {prefix} ({elapsed})");
        spinner.set_prefix(what);
        spinner
    });
    let result = work();
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    result
}

/// A spinner on standard error, ticking on its own, drawn with `template`
/// (a constant: a bad one is a programming error).
pub fn spinner(template: &'static str) -> ProgressBar {
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(ProgressStyle::with_template(template).expect("the template is valid"));
    spinner.enable_steady_tick(Duration::from_millis(200));
    spinner
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
                        "prefixes": s.prefixes.iter().map(|(n, i)| (n.clone(), json!(i))).collect::<serde_json::Map<_, _>>(),
                        "normalized": s.normalized.as_ref().map(|n| json!({
                            "from": n.from,
                            "to": schema::NS,
                            "terms": n.terms,
                        })),
                    })
                })
                .collect();
            out!("{}", serde_json::to_string_pretty(&list)?);
        }
        OutputFormat::Table => {
            if sources.is_empty() {
                out!("no sources loaded yet; add some with `actorgraph load PATH`");
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
            print_table(&mut table)?;
        }
    }
    Ok(())
}

/// Prints that a source was removed.
pub fn unloaded(record: &SourceRecord) -> std::io::Result<()> {
    out!(
        "unloaded  {} ({} triples, {})",
        record.path,
        record.triples,
        graphs_phrase(record)
    );
    Ok(())
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
            let inference = json!({
                "on": stats.inference.on,
                "alignment axioms": stats.inference.axioms,
                "merged IRIs": stats.inference.merged,
            });
            let value = json!({"graphs": graphs, "triples": stats.triples, "entities": entities, "inference": inference});
            out!("{}", serde_json::to_string_pretty(&value)?);
        }
        OutputFormat::Table => {
            let mut graphs = table(&["graph", "triples"]);
            for (graph, count) in &stats.graphs {
                graphs.add_row(vec![graph.clone(), count.to_string()]);
            }
            graphs.add_row(vec![
                "total (each triple once)".to_owned(),
                stats.triples.to_string(),
            ]);
            align_right(&mut graphs, &[1]);
            print_table(&mut graphs)?;
            out!("");
            let mut entities = table(&["entities", "count"]);
            for (kind, count) in &stats.entities {
                entities.add_row(vec![(*kind).to_owned(), count.to_string()]);
            }
            align_right(&mut entities, &[1]);
            print_table(&mut entities)?;
            out!("");
            let inference = stats.inference;
            if inference.on {
                out!(
                    "inference on: {} alignment axioms; {} IRIs merged into others by owl:sameAs",
                    inference.axioms,
                    inference.merged
                );
            } else {
                out!("inference off: the graph queries read is the plain union of the sources");
            }
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

/// Prints a query's text.
pub fn bound_query(text: &str) -> std::io::Result<()> {
    out!("{text}");
    Ok(())
}

/// Prints text as it is, such as the built-in concepts as Turtle.
pub fn text(text: &str) -> std::io::Result<()> {
    out!("{}", text.trim_end());
    Ok(())
}

/// Lists the concept schemes of `graph`, each with its concepts and their
/// labels, in label order.
pub fn concepts(graph: &Graph, format: ConceptsFormat) -> std::io::Result<()> {
    let label = |node: NamedOrBlankNodeRef<'_>| match graph
        .object_for_subject_predicate(node, skos::PREF_LABEL)
    {
        Some(TermRef::Literal(l)) => l.value().to_owned(),
        _ => String::new(),
    };
    // Each scheme: its label, its IRI, and its concepts' labels and IRIs.
    type Concept = (String, String);
    let mut schemes: Vec<(String, String, Vec<Concept>)> = graph
        .subjects_for_predicate_object(rdf::TYPE, skos::CONCEPT_SCHEME)
        .map(|scheme| {
            let mut members: Vec<Concept> = graph
                .subjects_for_predicate_object(skos::IN_SCHEME, scheme)
                .map(|c| (label(c), c.to_string().trim_matches(['<', '>']).to_owned()))
                .collect();
            members.sort();
            let iri = scheme.to_string().trim_matches(['<', '>']).to_owned();
            (label(scheme), iri, members)
        })
        .collect();
    schemes.sort();
    if format == ConceptsFormat::Json {
        let list: Vec<_> = schemes
            .iter()
            .map(|(name, iri, members)| {
                json!({
                    "scheme": iri,
                    "label": name,
                    "concepts": members.iter().map(|(l, i)| json!({"iri": i, "label": l})).collect::<Vec<_>>(),
                })
            })
            .collect();
        out!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    let prefixes = PrefixMap::builtin();
    let mut table = table(&["scheme", "concept", "label"]);
    for (name, _, members) in &schemes {
        for (i, (label, iri)) in members.iter().enumerate() {
            let scheme = if i == 0 { name.as_str() } else { "" };
            let short = prefixes.shorten(iri).unwrap_or_else(|| format!("<{iri}>"));
            table.add_row(vec![scheme.to_owned(), short, label.clone()]);
        }
    }
    print_table(&mut table)?;
    out!(
        "\nUse these IRIs in data (concept: is <https://w3id.org/actorgraph/id/concept/>); `--format ttl` prints them to load beside it."
    );
    Ok(())
}

/// Lists the saved queries.
pub fn queries(catalogue: &[SavedQuery]) -> std::io::Result<()> {
    let mut table = table(&["query", "answers", "parameters"]);
    for query in catalogue {
        let params: Vec<String> = query
            .params
            .iter()
            .map(|p| match &p.requirement {
                Requirement::Required => format!("{} ({})", p.name, p.kind),
                _ => format!("[{}] ({})", p.name, p.kind),
            })
            .collect();
        table.add_row(vec![
            query.name.clone(),
            query.summary.clone(),
            params.join(", "),
        ]);
    }
    fit_to_terminal(&mut table);
    print_table(&mut table)?;
    out!(
        "\n`actorgraph queries NAME` shows one in full; [brackets] mark parameters that may be left out."
    );
    Ok(())
}

/// Shows one saved query in full, with an example call.
pub fn saved_query(query: &SavedQuery) -> std::io::Result<()> {
    out!("{} — {}\n", query.name, query.summary);
    if !query.description.is_empty() {
        out!("{}\n", query.description);
    }
    if query.params.is_empty() {
        out!("parameters: none");
    } else {
        out!("parameters:");
        let mut table = table(&["name", "type", "", "description"]);
        for p in &query.params {
            let requirement = match &p.requirement {
                Requirement::Required => "required".to_owned(),
                Requirement::Optional => "optional".to_owned(),
                Requirement::Default(value) => format!("default {value}"),
            };
            table.add_row(vec![
                format!("  {}", p.name),
                p.kind.to_string(),
                requirement,
                p.description.clone(),
            ]);
        }
        print_table(&mut table)?;
    }
    for example in &query.examples {
        out!("\nexample:\n  {}", example_call(query, example));
    }
    out!("\nfrom {}:\n\n{}", query.origin, query.text.trim_end());
    Ok(())
}

/// Limits a table to the terminal's width, wrapping long cells.
fn fit_to_terminal(table: &mut Table) {
    if let Some((_, width)) = console::Term::stdout().size_checked() {
        table
            .set_width(width)
            .set_content_arrangement(ContentArrangement::Dynamic);
    }
}

/// Whether [`answer`] prints `answer` in `format` with IRIs shortened to
/// prefixed names, and so needs the prefixes.
pub fn shortens_iris(answer: &Answer, format: Option<ResultFormat>) -> bool {
    match answer {
        Answer::Solutions { .. } => solutions_format(format) == ResultFormat::Table,
        Answer::Boolean(_) => false,
        Answer::Graph(_) => true,
    }
}

/// The format SELECT answers print in: the one asked for, else a table on a
/// terminal and TSV otherwise.
fn solutions_format(format: Option<ResultFormat>) -> ResultFormat {
    format.unwrap_or(if std::io::stdout().is_terminal() {
        ResultFormat::Table
    } else {
        ResultFormat::Results(actorgraph_query::ResultsFormat::Tsv)
    })
}

/// Prints a query's answer in `format` (or the default for its kind).
pub fn answer(answer: Answer, format: Option<ResultFormat>, prefixes: &PrefixMap) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match answer {
        Answer::Solutions { variables, rows } => match solutions_format(format) {
            ResultFormat::Table => {
                let mut table = table(&variables.iter().map(|v| v.as_str()).collect::<Vec<_>>());
                let mut count = 0;
                for row in rows {
                    table.add_row(
                        row?.iter()
                            .map(|t| t.as_ref().map(|t| shorten(t, prefixes)).unwrap_or_default())
                            .collect::<Vec<_>>(),
                    );
                    count += 1;
                }
                fit_to_terminal(&mut table);
                print_table(&mut table)?;
                eprintln!("{count} row{}", plural(count));
            }
            ResultFormat::Results(format) => write_solutions(&variables, rows, format, &mut out)?,
            ResultFormat::Rdf(format) => anyhow::bail!(
                "a SELECT answer is not RDF and cannot be written as {format}: use table, csv, tsv, json or xml"
            ),
        },
        Answer::Boolean(value) => match format.unwrap_or(ResultFormat::Table) {
            ResultFormat::Table => out!("{value}"),
            ResultFormat::Results(format) => write_boolean(value, format, &mut out)?,
            ResultFormat::Rdf(format) => anyhow::bail!(
                "an ASK answer is not RDF and cannot be written as {format}: use table, csv, tsv, json or xml"
            ),
        },
        Answer::Graph(triples) => {
            let format = match format.unwrap_or(ResultFormat::Rdf(Format::Turtle)) {
                ResultFormat::Rdf(format) => format,
                _ => anyhow::bail!(
                    "a CONSTRUCT or DESCRIBE answer is RDF: use an RDF format, such as turtle, ntriples, nquads, trig, jsonld or rdfxml"
                ),
            };
            write_graph(triples, format, prefixes, &mut out)?;
        }
    }
    Ok(())
}

/// A term as people read it in a table: IRIs as prefixed names where
/// `prefixes` has one, literals plainly.
fn shorten(term: &Term, prefixes: &PrefixMap) -> String {
    match term {
        Term::NamedNode(node) => prefixes
            .shorten(node.as_str())
            .unwrap_or_else(|| format!("<{}>", node.as_str())),
        Term::BlankNode(node) => format!("_:{}", node.as_str()),
        Term::Literal(literal) => literal.value().to_owned(),
    }
}

/// The call that runs `query` with the parameters of an `@example` line.
fn example_call(query: &SavedQuery, example: &str) -> String {
    let mut call = format!("actorgraph query {}", query.name);
    for (name, value) in split_example(example) {
        call.push_str(&format!(" --param {name}={value}"));
    }
    call
}

// `load --validate`.
impl LoadSummary {
    /// Records and prints a source refused because its data would not
    /// conform to the shapes; `report` is the report for people.
    pub fn refused(&mut self, path: &Path, problems: usize, report: &str) {
        self.failed += 1;
        eprintln!(
            "refused   {} ({problems} problem{} with the shapes; the store keeps nothing of it)\n{report}",
            path.display(),
            plural(problems)
        );
    }
}
