//! Inputs that once crashed or hung the binary, and the limits that now
//! turn each into a clear error: a query's text, its nesting, its time
//! limit, a snapshot's date, blank nodes too alike to label, names that do
//! not exist, and a store that is not there.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::queries::example_store;
use crate::util::{Env, Run, repo};

/// Asserts the run did not crash: no panic, no abort by a signal.
#[track_caller]
fn no_crash(run: Run) -> Run {
    assert!(run.code.is_some(), "killed by a signal:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

#[test]
fn a_query_with_non_ascii_text_at_the_start_of_a_line_prints_its_table() {
    let env = example_store();
    let query = "SELECT ?éШымкент WHERE {\n?éШымкент <http://schema.org/name> \"Shymkent\"@en }";
    no_crash(env.run(&["query", "-e", query, "--format", "table"]))
        .success()
        .stdout_has("place:shymkent");
}

#[test]
fn an_absurd_time_limit_is_a_usage_error() {
    let env = example_store();
    for limit in ["1e20", "-1", "0", "NaN", "inf", "soon"] {
        let run = no_crash(env.run(&["query", "-e", "ASK {}", &format!("--timeout={limit}")]));
        assert_eq!(run.code, Some(2), "--timeout {limit}: {}", run.stderr);
        run.stderr_has("is not a time limit");
    }
}

#[test]
fn a_snapshot_date_past_the_year_9999_is_refused() {
    let env = example_store();
    let run = Run::from(
        env.cmd(&["snapshot", "snap"])
            .env("SOURCE_DATE_EPOCH", "253402300800")
            .output()
            .unwrap(),
    );
    no_crash(run)
        .failure()
        .stderr_has("SOURCE_DATE_EPOCH=253402300800")
        .stderr_has("year 9999");
    assert!(!env.path("snap").exists(), "nothing written");
    let run = Run::from(
        env.cmd(&["snapshot", "snap"])
            .env("SOURCE_DATE_EPOCH", "253402300799")
            .output()
            .unwrap(),
    );
    run.success();
}

#[test]
fn a_query_nested_five_thousand_deep_is_refused_before_parsing() {
    let env = example_store();
    let query = format!("SELECT * WHERE {}{}", "{ ".repeat(5000), "} ".repeat(5000));
    no_crash(env.run(&["query", "-e", &query]))
        .failure()
        .stderr_has("-e: the query nests { }, ( ) or [ ] more than 128 levels deep");
}

#[test]
fn the_time_limit_stops_a_runaway_in_memory_join() {
    let env = example_store();
    let runaway =
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }";
    let mut child = env
        .cmd(&["query", "-e", runaway, "--timeout", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Not a measure of speed: without the limit the query runs for hours,
    // so a run still going after a minute is a limit that did not hold.
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("the query ran on past its time limit");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    no_crash(Run::from(child.wait_with_output().unwrap()))
        .failure()
        .stderr_has("the query was stopped after 2 s, its time limit")
        .stderr_has("hint: give it more time with --timeout SECONDS");
}

#[test]
fn blank_nodes_too_alike_to_label_stop_an_export_with_the_source_named() {
    let env = Env::new();
    let hostile = repo().join("tests/fixtures/hostile-blank-cliques.ttl");
    env.run(&["load", hostile.to_str().unwrap()]).success();
    for command in [
        &["export"][..],
        &["snapshot", "snap"],
        &["diff", "@store", "@store"],
    ] {
        let run = no_crash(env.run(command));
        assert_ne!(run.code, Some(0), "{command:?}");
        run.stderr_has("too alike")
            .stderr_has("hostile-blank-cliques.ttl");
    }
}

#[test]
fn a_misspelt_saved_query_or_parameter_gets_the_nearest_names() {
    let env = example_store();
    no_crash(env.run(&["query", "event-by-organisation"]))
        .failure()
        .stderr_has("no saved query is named 'event-by-organisation' (did you mean 'events-by-organization'");
    no_crash(env.run(&[
        "query",
        "events-by-organization",
        "--param",
        "organisation=actor:osce",
    ]))
    .failure()
    .stderr_has("has no parameter 'organisation' (did you mean 'org'?)");
}

#[test]
fn a_reading_command_on_a_folder_without_a_store_creates_nothing() {
    let env = Env::new();
    for command in [
        &["stats"][..],
        &["sources"],
        &["query", "-e", "ASK {}"],
        &["export"],
        &["validate"],
    ] {
        let run = no_crash(env.run(command));
        assert!(run.code == Some(1) || run.code == Some(2), "{command:?}");
        run.stderr_has("holds no actorgraph store");
        assert!(!env.store().exists(), "{command:?} created the store");
    }
}

#[test]
fn a_missing_file_is_named_with_its_cause_once() {
    let env = Env::new();
    for command in [
        &["validate", "missing.ttl"][..],
        &["convert", "missing.ttl", "-f", "nt"],
    ] {
        let run = no_crash(env.run_storeless(command));
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with("error: "))
            .unwrap();
        assert_eq!(
            line.matches("No such file or directory").count(),
            1,
            "{command:?}: {line}"
        );
        assert!(line.contains("missing.ttl"), "{command:?}: {line}");
    }
}
