//! `query --endpoint` against `actorgraph serve` as the remote endpoint: a
//! busy endpoint (503 with Retry-After) is asked again until it answers,
//! and `--timeout` stops waiting for one that does not answer.

use std::thread;
use std::time::Duration;

use crate::queries::example_store;
use crate::util::{Server, a_worker_is_busy, http};

/// An in-memory join that runs far longer than any test.
const RUNAWAY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

/// Starts RUNAWAY on `server` and waits until a worker runs it.
fn occupy(server: &Server) -> thread::JoinHandle<()> {
    let url = server.url("/sparql");
    let runaway = thread::spawn(move || {
        let _ = http().post(url).send_form([("query", RUNAWAY)]);
    });
    let busy = (0..20).any(|_| a_worker_is_busy(server.pid(), Duration::from_secs(1), 10));
    assert!(busy, "the runaway query never ran in a worker");
    runaway
}

#[test]
fn a_busy_endpoint_is_asked_again_until_it_answers() {
    let env = example_store();
    // One worker, taken by a query that is stopped after 3 s (and its
    // worker killed 2 s later): requests meanwhile get 503, Retry-After: 1.
    let server = Server::start(&env, &["--workers", "1", "--timeout", "3"]);
    let runaway = occupy(&server);
    let args = ["query", "headcounts", "--format", "tsv"];
    let there = env
        .run(&[&args[..], &["--endpoint", &server.url("/sparql")]].concat())
        .success();
    assert!(
        there.stderr.contains("holds nothing actorgraph pushed"),
        "{}",
        there.stderr
    );
    let local = env.run(&args).success();
    assert_eq!(there.stdout, local.stdout);
    let log = server.log();
    assert!(
        log.lines().any(|l| l.starts_with("POST /sparql 503")),
        "the endpoint was never busy:\n{log}"
    );
    assert!(
        log.lines().any(|l| l.starts_with("POST /sparql 200")),
        "{log}"
    );
    drop(server);
    let _ = runaway.join();
}

#[test]
fn the_time_limit_stops_waiting_for_an_endpoint() {
    let env = example_store();
    let server = Server::start(&env, &["--timeout", "60"]);
    let run = env
        .run(&[
            "query",
            "-e",
            RUNAWAY,
            "--endpoint",
            &server.url("/sparql"),
            "--timeout",
            "1",
        ])
        .failure()
        .stderr_has("no complete answer within 1 s");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // Unreachable: said so, with the URL.
    env.run(&[
        "query",
        "headcounts",
        "--endpoint",
        "http://127.0.0.1:9/sparql",
    ])
    .failure()
    .stderr_has("http://127.0.0.1:9/sparql: cannot reach it");
}

#[test]
fn show_query_with_an_endpoint_shows_the_text_sent_there() {
    let env = example_store();
    // headcounts has two LATERALs, one inside a sub-select, and no lists
    // (whose order SPARQL leaves to the engine).
    let args = ["query", "headcounts", "--show-query"];
    let local = env.run(&args).success();
    assert!(local.stdout.contains("LATERAL"), "{}", local.stdout);
    let sent = env
        .run(&[&args[..], &["--endpoint", "http://127.0.0.1:9/sparql"]].concat())
        .success();
    assert!(!sent.stdout.contains("LATERAL"), "{}", sent.stdout);
    // The same answer, here, from the text sent there.
    let answer = |args: &[&str]| env.run(args).success().stdout;
    assert_eq!(
        answer(&["query", "-e", &sent.stdout, "--format", "tsv"]),
        answer(&["query", "headcounts", "--format", "tsv"])
    );
}
