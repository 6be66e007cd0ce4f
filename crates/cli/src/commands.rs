//! One function per subcommand: each calls the libraries with plain values
//! and hands the results to `output`. Returns whether everything succeeded.

use std::io::Write;
use std::path::{Path, PathBuf};

use actorgraph_loader::{Found, GraphStore, Input, LoadOptions, convert, expand};
use anyhow::{Context, Result, bail};

use crate::args::{Command, ParseArgs, StoreArg};
use crate::output;

/// Runs a subcommand; `Ok(false)` means it ran but part of it failed.
pub fn run(command: Command) -> Result<bool> {
    match command {
        Command::Load {
            paths,
            parse,
            graph,
            store,
        } => load(&paths, &parse, graph, &store),
        Command::Sources { format, store } => {
            let store = open(&store)?;
            output::sources(&store.sources()?, format)?;
            Ok(true)
        }
        Command::Unload { sources, store } => {
            let store = open(&store)?;
            let mut ok = true;
            for name in &sources {
                match store.unload(name) {
                    Ok(record) => output::unloaded(&record),
                    Err(error) => {
                        output::error(&anyhow::Error::new(error));
                        ok = false;
                    }
                }
            }
            Ok(ok)
        }
        Command::Stats { format, store } => {
            let store = open(&store)?;
            output::stats(&store.stats()?, format)?;
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
) -> Result<bool> {
    let found = expand(paths)?;
    let inputs = found
        .iter()
        .filter(|f| matches!(f, Found::Input(_)))
        .count();
    if graph.is_some() && inputs != 1 {
        bail!("--graph names one source, but {inputs} inputs were given; load them one at a time");
    }
    let store = open(store_arg)?;
    let options = load_options(parse, graph);
    let mut summary = output::LoadSummary::default();
    for item in &found {
        match item {
            Found::Skipped(path, why) => output::skipped(path, why),
            Found::Input(input) => {
                let mut bar = output::LoadProgress::new(input.shown());
                let result = store.load(input, &options, &mut |p| bar.update(p));
                bar.finish();
                match result {
                    Ok(report) => summary.loaded(&report),
                    Err(error) => summary.failed(input.shown(), &error),
                }
            }
        }
    }
    summary.print(store.dir().unwrap_or(Path::new("memory")));
    Ok(summary.all_ok())
}

fn convert_file(
    input: &Path,
    to: actorgraph_loader::Format,
    out: Option<&Path>,
    parse: &ParseArgs,
) -> Result<()> {
    let input = Input::from_arg(input);
    let options = load_options(parse, None);
    let report = match out.filter(|p| *p != Path::new("-")) {
        None => convert(&input, &options, to, &mut std::io::stdout().lock())?,
        Some(path) => {
            // Written next to its destination and renamed at the end, so a
            // failed conversion never leaves a truncated file behind.
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut file = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            let mut writer = std::io::BufWriter::new(file.as_file_mut());
            let report = convert(&input, &options, to, &mut writer)?;
            writer
                .flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            drop(writer);
            file.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            report
        }
    };
    output::converted(&report, to);
    Ok(())
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
