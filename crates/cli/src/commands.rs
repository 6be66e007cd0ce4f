//! One function per subcommand: each calls the libraries with plain values
//! and hands the results to `output`. Returns whether everything succeeded.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actorgraph_loader::{
    Checked, Compression, DiffSide, Format, Found, GraphStore, Input, LoadOptions, Loaded,
    QueryRequest, SavedQuery, ShaclError, SnapshotOptions, convert, expand, format_of, is_snapshot,
    split_example, validate_inputs,
};
use anyhow::{Context, Result, bail};

use crate::args::{
    Command, Compress, DiffFormat, LoadCheckArgs, ParseArgs, QueriesArg, QueryArgs, StoreArg,
    ValidateArgs,
};
use crate::{output, validation};

/// Runs a subcommand; `Ok(false)` means it ran but part of it failed.
pub fn run(command: Command) -> Result<bool> {
    match command {
        Command::Load {
            paths,
            parse,
            graph,
            store,
            check,
        } => load(&paths, &parse, graph, &store, &check),
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
        Command::Convert {
            input,
            to,
            output,
            parse,
        } => {
            convert_file(&input, to, output.as_deref(), &parse)?;
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
    }
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
        format: parse.format,
        base: parse.base.clone(),
        source,
    }
}

fn load(
    paths: &[PathBuf],
    parse: &ParseArgs,
    graph: Option<String>,
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
    if graph.is_some() && inputs != 1 {
        bail!("--graph names one source, but {inputs} inputs were given; load them one at a time");
    }
    let store = open(store_arg)?;
    let options = load_options(parse, graph);
    let shapes = match check.validate {
        true => Some(validation::shapes(check.shapes.as_deref())?),
        false => None,
    };
    let mut summary = output::LoadSummary::default();
    let mut batch = store.batch();
    for dir in &snapshots {
        match store.restore(dir) {
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
                    Err(ShaclError::Load(error)) => summary.failed(input.shown(), &error),
                    Err(error) => return Err(error.into()),
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

fn convert_file(input: &Path, to: Format, out: Option<&Path>, parse: &ParseArgs) -> Result<()> {
    let input = Input::from_arg(input);
    let options = load_options(parse, None);
    let report = match out.filter(|p| *p != Path::new("-")) {
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
    let graphs = store.select_graphs(graphs)?;
    let mut counter = output::QuadCounter::new("exporting");
    let mut progress = |quads| counter.update(quads);
    let report = match out {
        None => store.export(
            &graphs,
            format,
            &mut std::io::stdout().lock(),
            &mut progress,
        )?,
        Some(path) => write_whole(path, |writer| {
            Ok(store.export(&graphs, format, writer, &mut progress)?)
        })?,
    };
    counter.finish();
    output::exported(&report, format);
    Ok(())
}

fn snapshot(dir: &Path, compress: Compress, store_arg: &StoreArg) -> Result<()> {
    let created = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(seconds) => {
            let seconds: u64 = seconds.trim().parse().with_context(|| {
                format!(
                    "SOURCE_DATE_EPOCH={seconds}: give whole seconds since 1970-01-01, or unset it"
                )
            })?;
            UNIX_EPOCH + Duration::from_secs(seconds)
        }
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
    let report = store.snapshot(dir, &options, &mut |quads| counter.update(quads))?;
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
    let difference = actorgraph_loader::diff(&side(a), &side(b))?;
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
    Ok(actorgraph_loader::catalogue(
        builtin::BUILTIN,
        &query_dirs(arg),
    )?)
}

/// The saved query named `name`.
fn find(arg: &QueriesArg, name: &str) -> Result<SavedQuery> {
    actorgraph_loader::saved_query(builtin::BUILTIN, &query_dirs(arg), name)?.with_context(|| {
        format!("no saved query is named '{name}'; `actorgraph queries` lists them")
    })
}

/// Where a query comes from: saved by name, a file, standard input or text.
fn query_source(
    query: Option<&str>,
    expression: Option<String>,
    queries: &QueriesArg,
) -> Result<SavedQuery> {
    let (name, origin, text) = match (query, expression) {
        (_, Some(text)) => ("-e".to_owned(), "-e".to_owned(), text),
        (Some("-"), None) => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("cannot read the query from standard input")?;
            ("-".to_owned(), "-".to_owned(), text)
        }
        (Some(arg), None) if arg.ends_with(".rq") || Path::new(arg).is_file() => {
            let text =
                std::fs::read_to_string(arg).with_context(|| format!("cannot read {arg}"))?;
            let name = Path::new(arg)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(arg)
                .to_owned();
            (name, arg.to_owned(), text)
        }
        (Some(name), None) => return find(queries, name),
        (None, None) => bail!("give a query: a saved query's name, a .rq file, - or -e TEXT"),
    };
    // A query with a header is a saved query; one without takes no
    // parameters. Either is parsed as SPARQL when it runs.
    if text.trim_start().starts_with('#') {
        Ok(SavedQuery::parse(&name, &origin, &text)?)
    } else {
        Ok(SavedQuery {
            name,
            origin,
            summary: String::new(),
            description: String::new(),
            params: Vec::new(),
            examples: Vec::new(),
            text,
        })
    }
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
    let bindings = saved.bind(&given)?;
    let timeout = match args.timeout {
        Some(seconds) if seconds.is_finite() && seconds > 0.0 => {
            Some(std::time::Duration::from_secs_f64(seconds))
        }
        Some(seconds) => bail!("--timeout {seconds}: give a positive number of seconds"),
        None => None,
    };
    let request = QueryRequest {
        text: saved.text.clone(),
        bindings,
        timeout,
        allow_service: args.allow_service,
    };
    if args.show_query {
        return Ok(output::bound_query(&request.bound_text(&saved.origin)?)?);
    }
    let store = open_for_reading(&args.store)?;
    let answer = store.query(&request, &saved.origin)?;
    // The sources' prefixes shorten IRIs in tables and Turtle; reading them
    // is skipped for the formats that print IRIs whole.
    let prefixes = if output::shortens_iris(&answer, args.format) {
        let declared: Vec<(String, String)> = store
            .sources()?
            .into_iter()
            .flat_map(|s| s.prefixes)
            .collect();
        output::prefixes(&saved.text, &declared)
    } else {
        Vec::new()
    };
    output::answer(answer, args.format, &prefixes)
}

/// Turns an `@example` line into the arguments of a call.
pub fn example_call(query: &SavedQuery, example: &str) -> String {
    let mut call = format!("actorgraph query {}", query.name);
    for (name, value) in split_example(example) {
        call.push_str(&format!(" --param {name}={value}"));
    }
    call
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
            format: args.input_format,
            ..LoadOptions::default()
        };
        validate_inputs(&inputs, &options, &shapes)?
    };
    validation::print(&result, &shapes, args.format)?;
    Ok(result.report.conforms())
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
