//! One function per subcommand: each calls the libraries with plain values
//! and hands the results to `output`. Returns whether everything succeeded.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actorgraph_link::{Comparison, Curation, SuggestOptions};
use actorgraph_loader::{
    Checked, Compression, Found, GraphStore, Input, LoadOptions, Loaded, convert, expand,
    format_of, read_graph_text, validate_inputs,
};
use actorgraph_model::{CONCEPTS, Format, PrefixMap, file_iri};
use actorgraph_query::{QueryRequest, SavedQuery, declared_prefixes};
use actorgraph_server::{ServerConfig, WorkerCommand};
use actorgraph_snapshot::{DiffSide, SnapshotOptions, is_snapshot};
use anyhow::{Context, Result, bail};
use oxrdf::Term;

use crate::args::{
    Command, Compress, ConceptsFormat, DiffFormat, EndpointCommand, Inference, LinksCommand,
    LoadCheckArgs, ParseArgs, QueriesArg, QueryArgs, ServeArgs, StoreArg, ValidateArgs,
};
use crate::{output, validation};

/// Runs a subcommand; `Ok(false)` means it ran but part of it failed.
pub fn run(command: Command) -> Result<bool> {
    match command {
        Command::Load {
            paths,
            parse,
            source,
            store,
            check,
        } => load(&paths, &parse, source, &store, &check),
        Command::Sources { format, store } => {
            let store = open_for_reading(&store)?;
            output::sources(&store.sources()?, format)?;
            Ok(true)
        }
        Command::Unload { sources, store } => {
            let store = open(&store)?;
            let mut ok = true;
            for name in &sources {
                match store.unload(name) {
                    Ok(record) => output::unloaded(&record)?,
                    Err(error) => {
                        output::error(&anyhow::Error::new(error));
                        ok = false;
                    }
                }
            }
            Ok(ok)
        }
        Command::Stats { format, store } => {
            let store = open_for_reading(&store)?;
            output::stats(&store.stats()?, format)?;
            Ok(true)
        }
        Command::Query(args) => {
            run_query(&args)?;
            Ok(true)
        }
        Command::Queries { name, queries } => {
            match name {
                None => output::queries(&catalogue(&queries)?)?,
                Some(name) => output::saved_query(&find(&queries, &name)?)?,
            }
            Ok(true)
        }
        Command::Concepts { format } => {
            concepts(format)?;
            Ok(true)
        }
        Command::Convert {
            input,
            format,
            output,
            parse,
        } => {
            convert_file(&input, format, output.as_deref(), &parse)?;
            Ok(true)
        }
        Command::Export {
            graphs,
            format,
            output,
            store,
        } => {
            export(&graphs, format, output.as_deref(), &store)?;
            Ok(true)
        }
        Command::Snapshot {
            dir,
            compress,
            store,
        } => {
            snapshot(&dir, compress, &store)?;
            Ok(true)
        }
        Command::Diff {
            a,
            b,
            format,
            store,
        } => diff(&a, &b, format, &store),
        Command::Validate(args) => validate(&args),
        Command::Links(command) => {
            links(command)?;
            Ok(true)
        }
        Command::Serve(args) => {
            serve(&args)?;
            Ok(true)
        }
        Command::Endpoint(EndpointCommand::Check(args)) => {
            crate::remote::check(&args)?;
            Ok(true)
        }
        Command::Push(args) => crate::remote::push_store(&args, || open_for_reading(&args.store)),
        Command::ServeWorker { checkpoint } => {
            actorgraph_server::run_worker(&checkpoint)?;
            Ok(true)
        }
    }
}

/// Serves the store until SIGINT or SIGTERM.
fn serve(args: &ServeArgs) -> Result<()> {
    let config = ServerConfig {
        store: store_dir(&args.store)?,
        address: SocketAddr::new(args.bind, args.port),
        workers: usize::from(args.workers),
        timeout: args.timeout,
        queue_wait: Duration::from_secs(2),
        max_body: 1 << 20,
        max_url: 16 << 10,
        max_connections: 512,
        refresh_every: Duration::from_secs(2),
        log_queries: args.log_queries,
        queries: catalogue(&args.queries)?,
        worker: WorkerCommand {
            program: std::env::current_exe().context("cannot find the actorgraph program")?,
            args: vec!["serve-worker".into()],
        },
        log: Arc::new(output::log_line),
        on_listening: Arc::new(output::serving),
    };
    if !config.is_local() {
        output::warn_public(&config.address);
    }
    Ok(actorgraph_server::serve(config)?)
}

/// The store folder: `--store`, `ACTORGRAPH_STORE`, or the default.
fn store_dir(arg: &StoreArg) -> Result<PathBuf> {
    match &arg.store {
        Some(dir) => Ok(dir.clone()),
        None => Ok(dirs::data_dir()
            .context("no data folder is known for this user; pass --store DIR")?
            .join("actorgraph")
            .join("store")),
    }
}

fn open(arg: &StoreArg) -> Result<GraphStore> {
    let dir = store_dir(arg)?;
    Ok(GraphStore::open(&dir)?)
}

/// Opens the store for a command that only reads it (faster to open).
fn open_for_reading(arg: &StoreArg) -> Result<GraphStore> {
    let dir = store_dir(arg)?;
    Ok(GraphStore::open_for_reading(&dir)?)
}

/// Adds the outcome of each loaded input to the summary.
fn tell(summary: &mut output::LoadSummary, loaded: Vec<Loaded>) -> Result<()> {
    for (input, result) in loaded {
        match result {
            Ok(report) => summary.loaded(&report)?,
            Err(error) => summary.failed(&input, &error),
        }
    }
    Ok(())
}

fn load_options(parse: &ParseArgs, source: Option<String>) -> LoadOptions {
    LoadOptions {
        format: parse.from,
        base: parse.base.clone(),
        source,
    }
}

fn load(
    paths: &[PathBuf],
    parse: &ParseArgs,
    source: Option<String>,
    store_arg: &StoreArg,
    check: &LoadCheckArgs,
) -> Result<bool> {
    let (snapshots, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .iter()
        .cloned()
        .partition(|p| p.is_dir() && is_snapshot(p));
    let found = expand(&paths)?;
    let inputs = found
        .iter()
        .filter(|f| matches!(f, Found::Input(_)))
        .count();
    if source.is_some() && inputs != 1 {
        bail!("--source names one source, but {inputs} inputs were given; load them one at a time");
    }
    let store = open(store_arg)?;
    if let Some(inference) = check.inference {
        store.set_inference(inference == Inference::On)?;
    }
    let options = load_options(parse, source);
    let shapes = match check.validate {
        true => Some(validation::shapes(check.shapes.as_deref())?),
        false => None,
    };
    let mut summary = output::LoadSummary::default();
    let mut batch = store.batch();
    for dir in &snapshots {
        match actorgraph_snapshot::restore(&store, dir) {
            Ok(report) => summary.restored(dir, &report)?,
            Err(error) => summary.failed(dir, &error),
        }
    }
    for item in &found {
        match item {
            Found::Skipped(path, why) => output::skipped(path, why),
            Found::Input(input) if shapes.is_some() => {
                let shapes = shapes.as_ref().context("the shapes were read above")?;
                let mut bar = output::LoadProgress::new(input.shown());
                let result = store.load_validated(input, &options, shapes, &mut |p| bar.update(p));
                bar.finish();
                match result {
                    Ok(Checked::Loaded(report)) => summary.loaded(&report)?,
                    Ok(Checked::Refused(refusal)) => summary.refused(
                        input.shown(),
                        refusal.report.results.len(),
                        &validation::table(&refusal, shapes)?,
                    ),
                    Err(error) => summary.failed(input.shown(), &error),
                }
            }
            Found::Input(input) => {
                let mut bar = output::LoadProgress::new(input.shown());
                batch.load(input, &options, &mut |p| bar.update(p));
                bar.finish();
            }
        }
        // Small new sources are stored in groups: what became of them is
        // known when their group is committed.
        tell(&mut summary, batch.take_done())?;
    }
    tell(&mut summary, batch.finish())?;
    if store.needs_compaction() {
        output::compacting(|| store.compact())?;
    }
    summary.print(store.dir().unwrap_or(Path::new("memory")))?;
    Ok(summary.all_ok())
}

fn convert_file(
    input: &Path,
    format: Option<Format>,
    out: Option<&Path>,
    parse: &ParseArgs,
) -> Result<()> {
    let out = out.filter(|p| *p != Path::new("-"));
    let to = format.or_else(|| out.and_then(format_of)).with_context(
        || "give the format to write with --format (or an output file name with an RDF extension)",
    )?;
    let input = Input::from_arg(input);
    let options = load_options(parse, None);
    let report = match out {
        None => convert(&input, &options, to, &mut std::io::stdout().lock())?,
        Some(path) => write_whole(path, |writer| Ok(convert(&input, &options, to, writer)?))?,
    };
    output::converted(&report, to);
    Ok(())
}

/// Writes `path` through `write`, whole or not at all: the file is written
/// next to its destination and renamed at the end, so a failure never
/// leaves a truncated file behind. A `.gz` or `.zst` name is compressed.
fn write_whole<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let cannot = || format!("cannot write {}", path.display());
    let mut builder = tempfile::Builder::new();
    // Temporary files are private; the written file gets the usual mode
    // (0666 less the umask), like any file a command writes.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let buffered = std::io::BufWriter::new(file.as_file_mut());
    let mut encoder = Compression::from_path(path)
        .writer(buffered)
        .with_context(cannot)?;
    let result = write(&mut encoder)?;
    encoder.finish().with_context(cannot)?;
    file.persist(path).with_context(cannot)?;
    Ok(result)
}

fn export(
    graphs: &[String],
    format: Option<Format>,
    out: Option<&Path>,
    store_arg: &StoreArg,
) -> Result<()> {
    let out = out.filter(|p| *p != Path::new("-"));
    let format = format
        .or_else(|| out.and_then(format_of))
        .unwrap_or(Format::NQuads);
    let store = open_for_reading(store_arg)?;
    let graphs = actorgraph_snapshot::select_graphs(&store, graphs)?;
    let mut counter = output::QuadCounter::new("exporting");
    let mut progress = |quads| counter.update(quads);
    let report = match out {
        None => actorgraph_snapshot::export(
            &store,
            &graphs,
            format,
            &mut std::io::stdout().lock(),
            &mut progress,
        )?,
        Some(path) => write_whole(path, |writer| {
            Ok(actorgraph_snapshot::export(
                &store,
                &graphs,
                format,
                writer,
                &mut progress,
            )?)
        })?,
    };
    counter.finish();
    output::exported(&report, format);
    Ok(())
}

fn snapshot(dir: &Path, compress: Compress, store_arg: &StoreArg) -> Result<()> {
    // The last second RFC 3339 can write: 9999-12-31T23:59:59Z.
    const LAST_SECOND: u64 = 253_402_300_799;
    let created = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => match text.trim().parse::<u64>() {
            Ok(seconds) if seconds <= LAST_SECOND => UNIX_EPOCH + Duration::from_secs(seconds),
            _ => bail!(
                "SOURCE_DATE_EPOCH={text}: give whole seconds since 1970-01-01, up to {LAST_SECOND} (the end of year 9999), or unset it"
            ),
        },
        Err(_) => SystemTime::now(),
    };
    let options = SnapshotOptions {
        compression: match compress {
            Compress::None => Compression::None,
            Compress::Gzip => Compression::Gzip,
            Compress::Zstd => Compression::Zstd,
        },
        created: humantime::format_rfc3339_seconds(created).to_string(),
    };
    let store = open_for_reading(store_arg)?;
    let mut counter = output::QuadCounter::new("snapshot");
    let report =
        actorgraph_snapshot::snapshot(&store, dir, &options, &mut |quads| counter.update(quads))?;
    counter.finish();
    output::snapshot_written(&report)?;
    Ok(())
}

/// Compares two datasets; `Ok(true)` when they are equal.
fn diff(a: &str, b: &str, format: DiffFormat, store_arg: &StoreArg) -> Result<bool> {
    const STORE: &str = "@store";
    let store = if a == STORE || b == STORE {
        Some(open_for_reading(store_arg)?)
    } else {
        None
    };
    let side = |name: &str| match (&store, name) {
        (Some(store), STORE) => DiffSide::Store(store),
        _ => DiffSide::Path(PathBuf::from(name)),
    };
    for name in [a, b] {
        if name != STORE && !Path::new(name).exists() {
            bail!(
                "{name}: no such file or folder; give a snapshot folder, an RDF file, or {STORE}"
            );
        }
    }
    let difference = actorgraph_snapshot::diff(&side(a), &side(b))?;
    output::difference(&difference, format)?;
    Ok(difference.is_empty())
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_queries.rs"));
}

/// The folders of saved queries: `./queries`, then `--queries DIR`.
fn query_dirs(arg: &QueriesArg) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if Path::new("queries").is_dir() {
        dirs.push(PathBuf::from("queries"));
    }
    dirs.extend(arg.queries.clone());
    dirs
}

/// The saved queries: built in, then `./queries`, then `--queries DIR`.
fn catalogue(arg: &QueriesArg) -> Result<Vec<SavedQuery>> {
    Ok(actorgraph_query::catalogue(
        builtin::BUILTIN,
        &query_dirs(arg),
    )?)
}

/// The saved query named `name`.
fn find(arg: &QueriesArg, name: &str) -> Result<SavedQuery> {
    Ok(actorgraph_query::saved_query(
        builtin::BUILTIN,
        &query_dirs(arg),
        name,
    )?)
}

/// The base IRI of query text typed or piped in: the current folder's
/// `file:` IRI, so that `<data/a.ttl>` names what `load data/a.ttl` loaded.
fn text_base() -> Result<String> {
    let here = std::env::current_dir().context("cannot tell the current folder")?;
    Ok(format!(
        "{}/",
        file_iri(&here).as_str().trim_end_matches('/')
    ))
}

/// Where a query comes from: saved by name, a file, standard input or text.
fn query_source(
    query: Option<&str>,
    expression: Option<String>,
    queries: &QueriesArg,
) -> Result<SavedQuery> {
    let (name, origin, text, base) = match (query, expression) {
        (_, Some(text)) => ("-e".to_owned(), "-e".to_owned(), text, text_base()?),
        (Some("-"), None) => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("cannot read the query from standard input")?;
            ("-".to_owned(), "-".to_owned(), text, text_base()?)
        }
        (Some(arg), None) if arg.ends_with(".rq") || Path::new(arg).is_file() => {
            let text =
                std::fs::read_to_string(arg).with_context(|| format!("cannot read {arg}"))?;
            let name = Path::new(arg)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(arg)
                .to_owned();
            let absolute = Path::new(arg)
                .canonicalize()
                .with_context(|| format!("cannot read {arg}"))?;
            (
                name,
                arg.to_owned(),
                text,
                file_iri(&absolute).into_string(),
            )
        }
        (Some(name), None) => return find(queries, name),
        (None, None) => bail!("give a query: a saved query's name, a .rq file, - or -e TEXT"),
    };
    // A query with a header is a saved query; one without takes no
    // parameters. Either is parsed as SPARQL when it runs.
    let saved = if text.trim_start().starts_with('#') {
        SavedQuery::parse(&name, &origin, &text)?
    } else {
        SavedQuery {
            name,
            origin,
            summary: String::new(),
            description: String::new(),
            params: Vec::new(),
            examples: Vec::new(),
            text,
            base: None,
        }
    };
    Ok(SavedQuery {
        base: Some(base),
        ..saved
    })
}

fn run_query(args: &QueryArgs) -> Result<()> {
    let saved = query_source(
        args.query.as_deref(),
        args.expression.clone(),
        &args.queries,
    )?;
    let given = args
        .params
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .with_context(|| format!("--param {p}: write it as NAME=VALUE"))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut request = QueryRequest {
        text: saved.text.clone(),
        base: saved.base.clone(),
        bindings: saved.bind(&given)?,
        timeout: args.timeout,
        allow_service: args.allow_service,
    };
    if args.show_query {
        let text = match args.endpoint {
            // What is sent there: LATERAL rewritten where it can be.
            Some(_) => actorgraph_query::remote::remote_text(&request, &saved.origin)?,
            None => request.bound_text(&saved.origin)?,
        };
        return Ok(output::bound_query(&text)?);
    }
    if let Some(url) = &args.endpoint {
        return crate::remote::query(url, args, &saved, request);
    }
    let store = open_for_reading(&args.store)?;
    // An entity merged with others by owl:sameAs is asked about under the
    // IRI that stands for all of them in the merged graph.
    for (_, value) in &mut request.bindings {
        if let Term::NamedNode(iri) = value {
            *iri = store.representative(iri.as_ref())?;
        }
    }
    let answer = actorgraph_query::run(store.oxigraph(), &request, &saved.origin)?;
    // IRIs are shortened in tables and Turtle with the query's own
    // prefixes, then actorgraph's, then the sources'; reading the sources
    // is skipped for the formats that print IRIs whole.
    let mut prefixes = PrefixMap::new();
    if output::shortens_iris(&answer, args.format) {
        prefixes = declared_prefixes(&saved.text);
        prefixes.extend(PrefixMap::builtin().sorted());
        for source in store.sources()? {
            prefixes.extend(source.prefixes);
        }
    }
    output::answer(answer, args.format, &prefixes)
}

/// `concepts`: the built-in concept schemes, listed or as Turtle.
fn concepts(format: ConceptsFormat) -> Result<()> {
    if format == ConceptsFormat::Ttl {
        output::text(CONCEPTS)?;
    } else {
        let origin = Path::new("data/concepts.ttl (built in)");
        output::concepts(&read_graph_text(CONCEPTS, Format::Turtle, origin)?, format)?;
    }
    Ok(())
}

/// `validate`: the store (or one graph of it), or files read into memory.
fn validate(args: &ValidateArgs) -> Result<bool> {
    let shapes = validation::shapes(args.shapes.as_deref())?;
    let result = if args.files.is_empty() {
        open_for_reading(&args.store)?.validate(&shapes, args.graph.as_deref())?
    } else {
        let mut inputs = Vec::new();
        for item in expand(&args.files)? {
            match item {
                Found::Skipped(path, why) => output::skipped(&path, why),
                Found::Input(input) => inputs.push(input),
            }
        }
        let options = LoadOptions {
            format: args.from,
            ..LoadOptions::default()
        };
        validate_inputs(&inputs, &options, &shapes)?
    };
    validation::print(&result, &shapes, args.format)?;
    Ok(!result.report.has_violations())
}

/// `links suggest` and `links accept`.
fn links(command: LinksCommand) -> Result<()> {
    match command {
        LinksCommand::Suggest {
            min_score,
            format,
            accept_above,
            into,
            store,
        } => {
            let store = open_for_reading(&store)?;
            // What is accepted is computed even when it is not listed.
            let options = SuggestOptions {
                min_score: accept_above.map_or(min_score, |above| above.min(min_score)),
            };
            let suggestions = actorgraph_link::suggest(store.oxigraph(), &options)?;
            let prefixes = store_prefixes(&store)?;
            let listed: Vec<_> = suggestions
                .iter()
                .filter(|s| s.score >= min_score)
                .cloned()
                .collect();
            output::suggestions(&listed, format, &prefixes, min_score)?;
            if let (Some(above), Some(path)) = (accept_above, into) {
                let mut curation = Curation::open(&path)?;
                let mut accepted = Vec::new();
                for suggestion in suggestions.iter().filter(|s| s.score >= above) {
                    accepted.push((suggestion, curation.append(suggestion, None, &today())?));
                }
                output::accepted_above(&accepted, above, &path, &prefixes);
            }
        }
        LinksCommand::Accept {
            a,
            b,
            into,
            note,
            store,
        } => {
            let store = open_for_reading(&store)?;
            let prefixes = store_prefixes(&store)?;
            let expand = |text: &str| prefixes.expand(text).unwrap_or_else(|| text.to_owned());
            let (a, b) = (expand(&a), expand(&b));
            match actorgraph_link::compare(store.oxigraph(), &a, &b)? {
                Comparison::AlreadyLinked => output::already_linked(&a, &b, &prefixes)?,
                Comparison::Scored(suggestion) => {
                    let mut curation = Curation::open(&into)?;
                    let appended = curation.append(&suggestion, note.as_deref(), &today())?;
                    output::accepted(&suggestion, &appended, &into, &prefixes)?;
                }
            }
        }
    }
    Ok(())
}

/// The prefixes IRIs are shortened and expanded with: actorgraph's, then
/// the loaded sources'.
fn store_prefixes(store: &GraphStore) -> Result<PrefixMap> {
    let mut prefixes = PrefixMap::builtin();
    for source in store.sources()? {
        prefixes.extend(source.prefixes);
    }
    Ok(prefixes)
}

/// Today's date (UTC), as a curation file's comments give it.
fn today() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now())
        .to_string()
        .chars()
        .take(10)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_flag_wins_over_the_default() {
        let arg = StoreArg {
            store: Some(PathBuf::from("/tmp/s")),
        };
        assert_eq!(store_dir(&arg).unwrap(), PathBuf::from("/tmp/s"));
    }
}
