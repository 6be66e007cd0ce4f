//! Every saved query in `queries/`, run through the binary with its first
//! `@example` on the example data, must print exactly `tests/expected/NAME.tsv`.
//! `UPDATE_EXPECT=1 cargo test` rewrites the expected files.

use std::path::Path;

use crate::util::{Env, Run, bin, repo};

/// A store with `data/` loaded from the repository root, so that the paths
/// recorded for the sources are the same on every machine.
pub fn example_store() -> Env {
    let env = Env::new();
    let run = Run::from(
        bin()
            .args(["load", "data", "--store"])
            .arg(env.store())
            .current_dir(repo())
            .output()
            .unwrap(),
    );
    run.success();
    env
}

/// The first `@example` of a saved query, as `--param` arguments.
pub fn example_args(text: &str) -> Vec<String> {
    text.lines()
        .find_map(|l| l.strip_prefix("# @example"))
        .map(|example| {
            example
                .split_whitespace()
                .flat_map(|pair| ["--param".to_owned(), pair.to_owned()])
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_saved_query_answers_its_example_exactly() {
    let env = example_store();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut names: Vec<String> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .map(|p| p.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect();
    names.sort();
    assert!(
        names.len() >= 12,
        "the library has at least 12 saved queries"
    );
    let mut mismatches = Vec::new();
    for name in &names {
        let text =
            std::fs::read_to_string(repo().join("queries").join(format!("{name}.rq"))).unwrap();
        let mut args = vec![
            "query".to_owned(),
            name.clone(),
            "--format".to_owned(),
            "tsv".to_owned(),
        ];
        args.extend(example_args(&text));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // Run from a folder without ./queries: the built-in copies answer.
        let run = env.run(&args).success();
        assert!(
            run.stdout.lines().count() > 1,
            "{name} answers nothing on the example data"
        );
        let expected_path = repo().join("tests/expected").join(format!("{name}.tsv"));
        if update {
            std::fs::write(&expected_path, &run.stdout).unwrap();
        } else if std::fs::read_to_string(&expected_path).ok().as_deref()
            != Some(run.stdout.as_str())
        {
            mismatches.push(format!("{name}: got\n{}", run.stdout));
        }
    }
    assert!(
        mismatches.is_empty(),
        "answers differ from tests/expected (rerun with UPDATE_EXPECT=1 after checking them):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn every_saved_query_uses_the_vocabularys_prefixes() {
    let known = actorgraph_model::PrefixMap::builtin().sorted();
    for entry in std::fs::read_dir(repo().join("queries")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| l.starts_with("PREFIX ")) {
            let (name, iri) = line["PREFIX ".len()..].split_once(": ").unwrap();
            let iri = iri.trim().trim_matches(['<', '>']);
            assert!(
                known.contains(&(name.to_owned(), iri.to_owned())),
                "{}: PREFIX {name}: <{iri}> is not the vocabulary's",
                file(&path)
            );
        }
    }
}

fn file(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
