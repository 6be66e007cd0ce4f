//! `actorgraph serve`: the SPARQL 1.1 Protocol and the Graph Store
//! Protocol's read side answered by the real binary over a real store, the
//! same answers as the CLI, problem details for bad requests, a time limit
//! that kills a runaway query's worker, 503 when busy, loads while serving,
//! and a clean stop.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

use crate::util::{Env, Server, a_worker_is_busy, answer, get, http, repo};

/// A store holding the example data.
fn example() -> Env {
    let env = Env::new();
    let data = repo().join("data");
    env.run(&["load", data.to_str().unwrap()]).success();
    env
}

const SELECT: &str = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 60";
const CONSTRUCT: &str =
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s ?p ?o LIMIT 200";
/// A cross product no store read ends: it runs in memory until stopped.
const RUNAWAY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

fn query_url(query: &str) -> String {
    let encoded: String = form_encode(query);
    format!("/sparql?query={encoded}")
}

fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn select_answers_equal_the_clis_in_every_results_format_and_method() {
    let env = example();
    let server = Server::start(&env, &[]);
    for (format, media) in [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ] {
        let cli = env
            .run(&["query", "-e", SELECT, "--format", format])
            .success();
        let (status, content_type, body) = get(&server, &query_url(SELECT), media);
        assert_eq!(status, 200, "{format}: {body}");
        assert!(content_type.starts_with(media), "{format}: {content_type}");
        assert_eq!(body, cli.stdout, "{format} by Accept");
        let by_name = format!("{}&format={format}", query_url(SELECT));
        assert_eq!(
            get(&server, &by_name, "*/*").2,
            cli.stdout,
            "format={format}"
        );
    }
    let json = env
        .run(&["query", "-e", SELECT, "--format", "json"])
        .success();
    // JSON is the default, and the three ways of sending a query agree.
    assert_eq!(get(&server, &query_url(SELECT), "*/*").2, json.stdout);
    let mut posted = http()
        .post(server.url("/sparql"))
        .send_form([("query", SELECT)])
        .unwrap();
    assert_eq!(answer(&mut posted).2, json.stdout, "form POST");
    let mut direct = http()
        .post(server.url("/sparql"))
        .header("Content-Type", "application/sparql-query")
        .send(SELECT)
        .unwrap();
    assert_eq!(answer(&mut direct).2, json.stdout, "direct POST");
    let ask = get(
        &server,
        &query_url("ASK { ?s ?p ?o }"),
        "application/sparql-results+json",
    );
    assert_eq!(ask.0, 200);
    assert!(ask.2.contains("\"boolean\":true"), "{}", ask.2);
}

fn lines(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn construct_and_graphs_come_in_every_rdf_format() {
    let env = example();
    let server = Server::start(&env, &[]);
    let cli = env
        .run(&["query", "-e", CONSTRUCT, "--format", "ntriples"])
        .success();
    let (status, media, body) = get(&server, &query_url(CONSTRUCT), "application/n-triples");
    assert_eq!((status, media.as_str()), (200, "application/n-triples"));
    assert_eq!(lines(&body), lines(&cli.stdout));
    assert_eq!(lines(&body).len(), 200);
    for media in [
        "text/turtle",
        "application/rdf+xml",
        "application/ld+json",
        "application/n-quads",
        "application/trig",
    ] {
        let (status, content_type, body) = get(&server, &query_url(CONSTRUCT), media);
        assert_eq!(status, 200, "{media}: {body}");
        assert!(content_type.starts_with(media), "{media}: {content_type}");
        assert!(body.len() > 1000, "{media}: {body}");
    }

    // Each source's graph, as the Graph Store Protocol reads it.
    let sources = env.run(&["sources", "--format", "json"]).success().json();
    let source = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["path"]
                .as_str()
                .unwrap()
                .ends_with("osce-shymkent-seminar-2015.ttl")
        })
        .unwrap();
    let graph = source["graphs"][0].as_str().unwrap();
    let path = format!("/graphs?graph={}", form_encode(graph));
    let (status, _, body) = get(&server, &path, "application/n-triples");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        lines(&body).len() as u64,
        source["triples"].as_u64().unwrap()
    );
    let head = http().head(server.url(&path)).call().unwrap();
    assert_eq!(head.status().as_u16(), 200);
    let (status, _, body) = get(&server, "/graphs?default", "text/turtle");
    assert_eq!(status, 200);
    assert!(body.contains("Shymkent"), "{body}");
    let (status, media, body) = get(
        &server,
        "/graphs?graph=http%3A%2F%2Fexample.org%2Fno-such-graph",
        "*/*",
    );
    assert_eq!((status, media.as_str()), (404, "application/problem+json"));
    assert!(body.contains("no-such-graph"), "{body}");

    // The service description.
    let (status, _, body) = get(&server, "/sparql", "text/turtle");
    assert_eq!(status, 200);
    assert!(body.contains("SPARQL_Results_JSON"), "{body}");
    assert!(
        body.contains(&format!("<{}/sparql>", server.base)),
        "{body}"
    );
}

#[test]
fn bad_requests_get_problem_details_with_the_right_status() {
    let env = example();
    let server = Server::start(&env, &[]);
    let agent = http();
    let check = |what: &str, mut response: ureq::http::Response<ureq::Body>, status: u16| {
        let (got, media, body) = answer(&mut response);
        assert_eq!(got, status, "{what}: {body}");
        assert_eq!(media, "application/problem+json", "{what}");
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["status"], status, "{what}");
        assert!(
            problem["detail"].as_str().unwrap().len() > 20,
            "{what}: {body}"
        );
        problem
    };
    let problem = check(
        "a syntax error",
        agent
            .get(server.url(&query_url("SELECT ?x WHERE { ?x")))
            .call()
            .unwrap(),
        400,
    );
    assert_eq!(problem["type"], "urn:actorgraph:problem:malformed-query");
    check(
        "an update by GET",
        agent
            .get(server.url("/sparql?update=CLEAR%20ALL"))
            .call()
            .unwrap(),
        405,
    );
    check(
        "an update by form",
        agent
            .post(server.url("/sparql"))
            .send_form([("update", "CLEAR ALL")])
            .unwrap(),
        405,
    );
    let refused = agent
        .post(server.url("/sparql"))
        .header("Content-Type", "application/sparql-update")
        .send("CLEAR ALL")
        .unwrap();
    assert!(refused.headers().get("allow").is_some());
    check("a direct update", refused, 405);
    check(
        "nothing acceptable",
        agent
            .get(server.url(&query_url(SELECT)))
            .header("Accept", "image/png")
            .call()
            .unwrap(),
        406,
    );
    // A format for another kind of answer leaves the choice to Accept.
    let (status, media, _) = get(
        &server,
        &format!("{}&format=turtle", query_url(SELECT)),
        "text/csv",
    );
    assert_eq!((status, media.as_str()), (200, "text/csv; charset=utf-8"));
    // A body larger than the limit is refused before it is read.
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "POST /sparql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n",
        2 << 20
    )
    .unwrap();
    let mut head = [0; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
    check(
        "a URL too long",
        agent
            .get(server.url(&query_url(&format!("ASK {{}} # {}", "x".repeat(20_000)))))
            .call()
            .unwrap(),
        414,
    );
    check(
        "a POST of plain text",
        agent
            .post(server.url("/sparql"))
            .header("Content-Type", "text/plain")
            .send(SELECT)
            .unwrap(),
        415,
    );
    check(
        "a query nested 5,000 deep",
        agent
            .post(server.url("/sparql"))
            .header("Content-Type", "application/sparql-query")
            .send(format!(
                "SELECT * WHERE {}{}",
                "{ ".repeat(5000),
                "} ".repeat(5000)
            ))
            .unwrap(),
        400,
    );
    check(
        "a query given twice",
        agent
            .get(server.url(&format!("{}&query=ASK%7B%7D", query_url(SELECT))))
            .call()
            .unwrap(),
        400,
    );
    check(
        "a PUT of a graph",
        agent
            .put(server.url("/graphs?default"))
            .header("Content-Type", "text/turtle")
            .send("<a:b> <a:b> <a:b> .")
            .unwrap(),
        405,
    );
    check(
        "an unknown path",
        agent.get(server.url("/nowhere")).call().unwrap(),
        404,
    );
    // The server still answers, and the store is as it was.
    assert_eq!(get(&server, "/healthz", "*/*").0, 200);
    drop(server);
    env.run(&["stats"]).success();
}

#[test]
fn a_runaway_query_is_stopped_and_its_worker_killed_while_the_server_answers() {
    let env = example();
    let server = Server::start(&env, &["--timeout", "3"]);
    let url = server.url(&query_url(RUNAWAY));
    let runaway = thread::spawn(move || {
        let mut response = http().get(url).call().unwrap();
        answer(&mut response)
    });
    // While it runs, the server answers other requests.
    let mut seen_busy = false;
    for _ in 0..20 {
        assert_eq!(get(&server, "/healthz", "*/*").0, 200);
        if a_worker_is_busy(server.pid(), Duration::from_secs(1), 10) {
            seen_busy = true;
            break;
        }
    }
    let (status, media, body) = runaway.join().unwrap();
    assert_eq!(
        (status, media.as_str()),
        (503, "application/problem+json"),
        "{body}"
    );
    assert!(body.contains("query-timeout"), "{body}");
    assert!(seen_busy, "the runaway query never ran in a worker");
    // Its worker no longer burns a core: it was killed.
    let mut calm = false;
    for _ in 0..10 {
        if !a_worker_is_busy(server.pid(), Duration::from_secs(1), 10) {
            calm = true;
            break;
        }
    }
    assert!(
        calm,
        "a worker still runs the query after its request failed"
    );
    // And the next query is answered.
    assert_eq!(get(&server, &query_url("ASK { ?s ?p ?o }"), "*/*").0, 200);
}

#[test]
fn when_every_worker_is_busy_a_request_is_told_to_retry() {
    let env = example();
    let server = Server::start(&env, &["--workers", "1", "--timeout", "20"]);
    let url = server.url(&query_url(RUNAWAY));
    let runaway = thread::spawn(move || http().get(url).call().unwrap().status().as_u16());
    let mut running = false;
    for _ in 0..20 {
        if a_worker_is_busy(server.pid(), Duration::from_secs(1), 10) {
            running = true;
            break;
        }
    }
    assert!(running, "the runaway query never started");
    let response = http().get(server.url(&query_url(SELECT))).call().unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers().get("retry-after").unwrap(), "1");
    // Stopping the server ends the runaway query too.
    let (status, _) = server.stop();
    assert!(status.success(), "{status}");
    let _ = runaway.join();
}

#[test]
fn loads_work_while_serving_and_the_server_follows_the_store() {
    let env = example();
    let server = Server::start(&env, &[]);
    let ask = query_url("ASK { <http://example.org/added> ?p ?o }");
    let holds = |server: &Server| get(server, &ask, "*/*").2.contains("true");
    assert!(!holds(&server));
    let file = env.write(
        "added.ttl",
        "<http://example.org/added> <http://schema.org/name> \"Added while serving\" .\n",
    );
    env.run(&["load", file.to_str().unwrap()]).success();
    let mut seen = false;
    for _ in 0..50 {
        if holds(&server) {
            seen = true;
            break;
        }
        thread::sleep(Duration::from_millis(200));
    }
    assert!(
        seen,
        "the server never showed the new data\n{}",
        server.log()
    );
    env.run(&["unload", file.to_str().unwrap()]).success();
    // SIGHUP serves the store as it is now, at once.
    server.signal("-HUP");
    let mut gone = false;
    for _ in 0..50 {
        if !holds(&server) {
            gone = true;
            break;
        }
        thread::sleep(Duration::from_millis(200));
    }
    assert!(
        gone,
        "the server still shows unloaded data\n{}",
        server.log()
    );
}

#[test]
fn sigterm_stops_the_server_and_leaves_no_checkpoint_behind() {
    let env = example();
    let server = Server::start(&env, &[]);
    assert_eq!(get(&server, &query_url("ASK {}"), "*/*").0, 200);
    let (status, log) = server.stop();
    assert!(status.success(), "{status}\n{log}");
    assert!(log.contains("shutting down"), "{log}");
    assert!(!log.contains("ASK"), "the log shows query text: {log}");
    let serving = env.store().join("serving");
    let left: Vec<_> = std::fs::read_dir(&serving)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    env.run(&["stats"]).success();
}

#[test]
fn idle_connections_do_not_keep_a_request_waiting() {
    let env = example();
    let server = Server::start(&env, &[]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    assert_eq!(get(&server, &query_url("ASK {}"), "*/*").0, 200);
    drop(idle);
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let env = example();
    let server = Server::start(&env, &[]);
    let address = server.base.trim_start_matches("http://").to_owned();
    // A slow client: half a request, then nothing.
    let mut slow = TcpStream::connect(&address).unwrap();
    slow.write_all(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    // Bounded by count: the server's header timeout (10 s) ends it first.
    slow.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut answer = Vec::new();
    let read = slow.read_to_end(&mut answer);
    assert!(
        read.is_ok(),
        "the server kept the connection open: {read:?}"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    // Meanwhile and after, others are answered.
    assert_eq!(get(&server, &query_url("ASK {}"), "*/*").0, 200);
}

#[test]
fn listening_beyond_this_machine_warns_and_stays_read_only() {
    let env = example();
    let server = Server::start(&env, &["--bind", "0.0.0.0"]);
    let (status, log) = server.stop();
    assert!(status.success());
    assert!(log.contains("warning: listening on 0.0.0.0"), "{log}");
    assert!(log.contains("reverse proxy"), "{log}");
}
