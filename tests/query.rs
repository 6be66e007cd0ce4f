//! `actorgraph query` and `queries`: sources of queries, parameters, every
//! output format, datasets, timeouts and refusals.

use crate::queries::example_store;
use crate::util::{Env, Run, bin, repo, run_with_stdin};

const OSCE: &str = "org=https://w3id.org/actorgraph/id/actor/osce";
const PEOPLE: &str = "PREFIX schema: <http://schema.org/> SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name";

/// A store of the first example alone (the ontology and the one press
/// release), loaded from the repository root: the answers below are that
/// release's.
fn press_release_store() -> Env {
    let env = Env::new();
    Run::from(
        bin()
            .args([
                "load",
                "data/ontology.ttl",
                "data/osce-shymkent-seminar-2015.ttl",
                "--store",
            ])
            .arg(env.store())
            .current_dir(repo())
            .output()
            .unwrap(),
    )
    .success();
    env
}

#[test]
fn the_table_shows_prefixed_names_and_plain_literals() {
    let env = press_release_store();
    let run = env
        .run(&[
            "query",
            "events-by-organization",
            "--param",
            OSCE,
            "--format",
            "table",
        ])
        .success();
    let first = run.stdout.lines().next().unwrap();
    assert_eq!(
        first.split_whitespace().collect::<Vec<_>>(),
        ["start", "event", "name", "involvement", "actor"]
    );
    assert!(
        run.stdout
            .contains("2015-10-20  event:human-rights-report-presentation-2015  Presentation"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("2 rows"), "{}", run.stderr);
    let run = env
        .run(&[
            "query",
            "-e",
            "SELECT ?c WHERE { ?c a <http://www.w3.org/ns/org#Membership> } LIMIT 1",
            "--format",
            "table",
        ])
        .success();
    assert!(
        run.stdout.lines().nth(1).unwrap().starts_with("mem:"),
        "{}",
        run.stdout
    );

    let run = env
        .run(&[
            "query",
            "-e",
            "SELECT ?t WHERE { ?s a ?t } ORDER BY ?t LIMIT 1",
            "--format",
            "table",
        ])
        .success();
    assert_eq!(run.stdout.lines().nth(1), Some("schema:AdministrativeArea"));
}

#[test]
fn csv_tsv_json_and_xml_follow_the_w3c_result_formats() {
    let env = press_release_store();
    let csv = env
        .run(&["query", "-e", PEOPLE, "--format", "csv"])
        .success();
    assert_eq!(csv.stdout, "name\r\nSara Bonotti\r\nTastemir Abishev\r\n");
    let tsv = env
        .run(&["query", "-e", PEOPLE, "--format", "tsv"])
        .success();
    assert_eq!(
        tsv.stdout,
        "?name\n\"Sara Bonotti\"@en\n\"Tastemir Abishev\"@en\n"
    );
    let json = env
        .run(&["query", "-e", PEOPLE, "--format", "json"])
        .success()
        .json();
    assert_eq!(
        json,
        serde_json::json!({"head": {"vars": ["name"]}, "results": {"bindings": [
            {"name": {"type": "literal", "value": "Sara Bonotti", "xml:lang": "en"}},
            {"name": {"type": "literal", "value": "Tastemir Abishev", "xml:lang": "en"}}
        ]}})
    );
    let xml = env
        .run(&["query", "-e", PEOPLE, "--format", "xml"])
        .success();
    assert!(xml.stdout.starts_with("<?xml version=\"1.0\"?><sparql xmlns=\"http://www.w3.org/2005/sparql-results#\"><head><variable name=\"name\"/></head><results><result><binding name=\"name\"><literal xml:lang=\"en\">Sara Bonotti</literal></binding></result>"), "{}", xml.stdout);
    let ask = "ASK { ?p a <http://schema.org/Person> }";
    assert_eq!(
        env.run(&["query", "-e", ask, "--format", "json"])
            .success()
            .json(),
        serde_json::json!({"head": {}, "boolean": true})
    );
    assert!(
        env.run(&["query", "-e", ask, "--format", "xml"])
            .success()
            .stdout
            .contains("<boolean>true</boolean>")
    );
    assert_eq!(
        env.run(&["query", "-e", ask, "--format", "table"])
            .success()
            .stdout,
        "true\n"
    );
}

#[test]
fn construct_and_describe_print_rdf() {
    let env = press_release_store();
    let construct = "CONSTRUCT { ?p <http://schema.org/name> ?n } WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?n }";
    let turtle = env.run(&["query", "-e", construct]).success();
    assert!(
        turtle
            .stdout
            .contains("@prefix schema: <http://schema.org/> ."),
        "{}",
        turtle.stdout
    );
    assert!(
        turtle.stdout.contains("schema:name \"Sara Bonotti\"@en"),
        "{}",
        turtle.stdout
    );
    let nt = env
        .run(&["query", "-e", construct, "--format", "nt"])
        .success();
    assert_eq!(nt.stdout.lines().count(), 2);
    for format in ["nq", "jsonld", "rdfxml"] {
        let run = env
            .run(&["query", "-e", construct, "--format", format])
            .success();
        assert!(
            run.stdout.contains("Sara Bonotti"),
            "{format}: {}",
            run.stdout
        );
    }
    let describe = env
        .run(&[
            "query",
            "-e",
            "DESCRIBE <https://w3id.org/actorgraph/id/actor/sara-bonotti>",
            "--format",
            "nt",
        ])
        .success();
    assert!(
        describe
            .stdout
            .contains("<http://schema.org/name> \"Sara Bonotti\"@en"),
        "{}",
        describe.stdout
    );
    env.run(&["query", "-e", construct, "--format", "csv"])
        .failure()
        .stderr_has("is RDF: use an RDF format");
    env.run(&["query", "-e", PEOPLE, "--format", "ttl"])
        .failure()
        .stderr_has("is not RDF");
}

#[test]
fn the_default_graph_is_the_union_and_from_and_graph_still_work() {
    let env = example_store();
    let count = |query: &str| -> String {
        let run = env
            .run(&["query", "-e", query, "--format", "csv"])
            .success();
        run.stdout.lines().nth(1).unwrap().to_owned()
    };
    let ontology = format!("file://{}/data/ontology.ttl", repo().display());
    // Every loaded source (the ontology, the example, the shapes), and no
    // metadata: as many triples as `stats` counts in the data graphs.
    let triples = env.run(&["stats", "--format", "json"]).success().json()["triples"].to_string();
    assert_eq!(
        count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        triples,
        "every source, and no metadata"
    );
    let sources = env.run(&["sources", "--format", "json"]).success().json();
    let ontology_triples = sources
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"].as_str().unwrap().ends_with("ontology.ttl"))
        .unwrap()["triples"]
        .to_string();
    assert_eq!(
        count(&format!(
            "SELECT (COUNT(*) AS ?n) FROM <{ontology}> WHERE {{ ?s ?p ?o }}"
        )),
        ontology_triples
    );
    assert_eq!(
        count(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ontology}> {{ ?s ?p ?o }} }}"
        )),
        ontology_triples.clone()
    );
    assert_eq!(
        count(&format!(
            "SELECT (COUNT(*) AS ?n) FROM NAMED <{ontology}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )),
        ontology_triples,
        "FROM NAMED limits the named graphs"
    );
    assert_eq!(
        count("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "7",
        "the six sources of data/ (ontology, concepts, shapes, alignments, the two examples) and the metadata graph"
    );
}

#[test]
fn a_triple_several_sources_state_is_one_triple_of_the_default_graph() {
    let env = Env::new();
    let first = "@prefix schema: <http://schema.org/> .\n\
                 <https://example.org/ann> a schema:Person ; schema:name \"Ann\" ; schema:jobTitle \"judge\" .\n";
    let second = "@prefix schema: <http://schema.org/> .\n\
                  <https://example.org/ann> a schema:Person ; schema:name \"Ann\" ; schema:email \"ann@example.org\" .\n";
    env.write("first.ttl", first);
    env.write("second.ttl", second);
    env.run(&["load", "first.ttl", "second.ttl"]).success();
    let answer = |query: &str| {
        env.run(&["query", "-e", query, "--format", "csv"])
            .success()
            .stdout
    };
    let names = "SELECT ?name WHERE { ?person a <http://schema.org/Person> ; <http://schema.org/name> ?name }";
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    assert_eq!(
        answer(names),
        "name\r\nAnn\r\n",
        "once, though both state it"
    );
    assert_eq!(answer(count), "n\r\n4\r\n");
    // `stats` counts 3 triples in each source's graph, 4 in all.
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["triples"], 4);
    assert_eq!(stats["graphs"][0]["triples"], 3);
    // A new version of the second source without the name: the first
    // still states it.
    env.write(
        "second.ttl",
        "<https://example.org/ann> <http://schema.org/email> \"ann@example.org\" .\n",
    );
    env.run(&["load", "second.ttl"])
        .success()
        .stdout_has("1 replaced");
    assert_eq!(answer(names), "name\r\nAnn\r\n");
    assert_eq!(answer(count), "n\r\n4\r\n");
    // Without the first, nobody does.
    env.run(&["unload", "first.ttl"]).success();
    assert_eq!(answer(names), "name\r\n");
    assert_eq!(answer(count), "n\r\n1\r\n");
}

#[test]
fn queries_come_from_names_files_standard_input_and_text() {
    let env = example_store();
    env.write("mine.rq", PEOPLE);
    env.run(&["query", "mine.rq", "--format", "csv"])
        .success()
        .stdout_has("Sara Bonotti");
    let mut command = env.cmd(&["query", "-", "--format", "csv"]);
    command.current_dir(env.dir.path());
    run_with_stdin(command, PEOPLE.as_bytes())
        .success()
        .stdout_has("Tastemir Abishev");
    env.write(
        "queries/people.rq",
        format!("# People by name.\n{PEOPLE}\n"),
    );
    env.run(&["query", "people", "--format", "csv"])
        .success()
        .stdout_has("Sara Bonotti");
    env.write(
        "elsewhere/people-too.rq",
        format!("# People by name, again.\n{PEOPLE}\n"),
    );
    env.run(&[
        "query",
        "people-too",
        "--queries",
        "elsewhere",
        "--format",
        "csv",
    ])
    .success()
    .stdout_has("Tastemir Abishev");
    env.run(&["query", "nobody"])
        .failure()
        .stderr_has("no saved query is named 'nobody'; `actorgraph queries` lists them");
    env.run(&["query", "-e", "SELECT WHERE"])
        .failure()
        .stderr_has("-e: invalid SPARQL");
}

#[test]
fn parameters_are_checked_against_their_types() {
    let env = press_release_store();
    env.run(&["query", "events-by-organization"])
        .failure()
        .stderr_has("give it with --param org=VALUE");
    env.run(&[
        "query",
        "events-by-organization",
        "--param",
        OSCE,
        "--param",
        "since=last year",
    ])
    .failure()
    .stderr_has("parameter 'since': 'last year' is not a date such as 2015-10-30");
    env.run(&[
        "query",
        "events-by-organization",
        "--param",
        OSCE,
        "--param",
        "colour=red",
    ])
    .failure()
    .stderr_has("has no parameter 'colour'; its parameters: org, since, until");
    env.run(&["query", "events-by-organization", "--param", "org"])
        .failure()
        .stderr_has("write it as NAME=VALUE");
    let later = env
        .run(&[
            "query",
            "events-by-organization",
            "--param",
            OSCE,
            "--param",
            "since=2015-10-21",
            "--format",
            "csv",
        ])
        .success();
    assert_eq!(
        later.stdout.lines().count(),
        2,
        "only the seminar starts after the 21st: {}",
        later.stdout
    );
}

#[test]
fn a_parameter_value_cannot_change_the_query() {
    let env = example_store();
    // An IRI that tries to close the pattern is not an IRI.
    env.run(&[
        "query",
        "organization-units",
        "--param",
        "org=https://x.org/> } UNION { ?unit ?p ?name",
    ])
    .failure()
    .stderr_has("is not an absolute IRI");
    // A string that tries to widen the filter is only a string to look for.
    for attack in [
        "\") || true || (\"",
        "bonotti\" ) } UNION { ?match ?p ?name } #",
        "' || 1=1 --",
    ] {
        let run = env
            .run(&[
                "query",
                "find",
                "--param",
                &format!("text={attack}"),
                "--format",
                "csv",
            ])
            .success();
        assert_eq!(
            run.stdout, "match,name,type\r\n",
            "{attack:?} found something"
        );
    }
    let run = env
        .run(&[
            "query",
            "find",
            "--param",
            "text=BÖNOTTI",
            "--format",
            "csv",
        ])
        .success();
    assert!(
        run.stdout.contains("Sara Bonotti"),
        "case and accents are ignored: {}",
        run.stdout
    );
}

#[test]
fn show_query_prints_the_bound_query_which_runs_with_the_same_answer() {
    let env = example_store();
    let args = [
        "query",
        "events-by-organization",
        "--param",
        "org=actor:osce",
    ];
    let shown = env.run(&[&args[..], &["--show-query"]].concat()).success();
    assert!(
        shown
            .stdout
            .contains("<https://w3id.org/actorgraph/id/actor/osce>"),
        "{}",
        shown.stdout
    );
    assert!(!shown.stdout.contains("?org"), "{}", shown.stdout);
    let saved = env
        .run(&[&args[..], &["--format", "csv"]].concat())
        .success();
    let text = env
        .run(&["query", "-e", shown.stdout.trim(), "--format", "csv"])
        .success();
    assert_eq!(saved.stdout, text.stdout);
    assert!(saved.stdout.lines().count() > 1, "{}", saved.stdout);
}

#[test]
fn a_runaway_query_is_cancelled_by_the_timeout() {
    let env = example_store();
    let runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    env.run(&["query", "-e", runaway, "--timeout", "0.5"])
        .failure()
        .stderr_has("the query was stopped after 0.5 s, its time limit");
}

/// A SPARQL endpoint on the loopback interface that answers one request
/// with one row, and gives up after 30 seconds without one.
fn one_shot_endpoint() -> (u16, std::thread::JoinHandle<bool>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let server = std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(_) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                Err(_) => return false,
            }
        };
        stream.set_nonblocking(false).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let answer = r#"{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"https://example.org/remote"}}]}}"#;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
            answer.len()
        )
        .unwrap();
        true
    });
    (port, server)
}

#[test]
fn service_calls_are_made_only_with_allow_service() {
    let env = example_store();
    let (port, server) = one_shot_endpoint();
    let query =
        format!("SELECT ?x WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?x ?p ?o }} }}");
    env.run(&["query", "-e", &query])
        .failure()
        .stderr_has("allow remote calls with --allow-service");
    let run = env
        .run(&[
            "query",
            "-e",
            &query,
            "--allow-service",
            "--timeout",
            "20",
            "--format",
            "csv",
        ])
        .success();
    assert_eq!(run.stdout, "x\r\nhttps://example.org/remote\r\n");
    assert!(server.join().unwrap(), "the endpoint was called");
}

#[test]
fn queries_lists_the_library_and_shows_one_with_an_example() {
    let run = Run::from(
        bin()
            .args(["queries"])
            .current_dir(std::env::temp_dir())
            .output()
            .unwrap(),
    )
    .success();
    for name in [
        "events-by-organization",
        "events-at-place",
        "roles-on-date",
        "find",
        "timeline",
    ] {
        assert!(run.stdout.contains(name), "{name} missing:\n{}", run.stdout);
    }
    let one = Run::from(
        bin()
            .args(["queries", "events-by-organization"])
            .output()
            .unwrap(),
    )
    .success();
    assert!(
        one.stdout.contains("org    iri   required"),
        "{}",
        one.stdout
    );
    assert!(one.stdout.contains("actorgraph query events-by-organization --param org=https://w3id.org/actorgraph/id/actor/osce --param since=2015-01-01"), "{}", one.stdout);
    assert!(one.stdout.contains("SELECT ?start"), "{}", one.stdout);
}

#[test]
fn a_malformed_header_names_the_file_and_line() {
    let env = Env::new();
    env.write(
        "queries/bad.rq",
        "# A broken query.\n# @param x colour required Something.\nSELECT ?x WHERE { ?x ?p ?o }\n",
    );
    env.run_storeless(&["queries"])
        .failure()
        .stderr_has("queries/bad.rq:2: unknown type 'colour'");
}

#[test]
fn a_saved_query_runs_whatever_the_others_hold_and_queries_names_the_broken_one() {
    let env = Env::new();
    env.write(
        "data.ttl",
        "<https://example.org/a> <http://schema.org/name> \"A\" .\n",
    );
    env.run(&["load", "data.ttl"]).success();
    env.write(
        "queries/broken.rq",
        "# A query with a syntax error.\nSELECT ?x WHERE { ?x ?p }\n",
    );
    env.write(
        "queries/names.rq",
        "# Every name.\nSELECT ?name WHERE { ?thing <http://schema.org/name> ?name }\n",
    );
    let names = env.run(&["query", "names", "--format", "tsv"]).success();
    assert_eq!(names.stdout, "?name\n\"A\"\n");
    env.run(&["query", "broken"])
        .failure()
        .stderr_has("queries/broken.rq");
    env.run_storeless(&["queries"])
        .failure()
        .stderr_has("queries/broken.rq");
}

#[test]
fn tables_shorten_iris_with_the_prefixes_the_data_declared() {
    let env = Env::new();
    env.write(
        "mine.ttl",
        "@prefix ex: <https://example.org/people/> .\nex:alice a ex:Person .\n",
    );
    env.run(&["load", "mine.ttl"]).success();
    let run = env
        .run(&[
            "query",
            "-e",
            "SELECT ?s ?t WHERE { ?s a ?t }",
            "--format",
            "table",
        ])
        .success();
    assert_eq!(
        run.stdout
            .lines()
            .nth(1)
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["ex:alice", "ex:Person"])
    );
    let sources = env.run(&["sources", "--format", "json"]).success().json();
    assert_eq!(
        sources[0]["prefixes"],
        serde_json::json!({"ex": "https://example.org/people/"})
    );
}

#[test]
fn relative_iris_in_a_query_resolve_against_its_own_place() {
    let env = Env::new();
    env.write("data/a.ttl", "<alice> <knows> <bob> .\n");
    env.run(&["load", "data/a.ttl"]).success();
    // -e text: against the current folder.
    env.run(&[
        "query",
        "-e",
        "SELECT ?who { ?who ?p <data/bob> }",
        "--format",
        "csv",
    ])
    .success()
    .stdout_has("data/alice");
    // A query file: against the file itself.
    env.write("data/q.rq", "SELECT ?who { ?who ?p <bob> }\n");
    env.run(&["query", "data/q.rq", "--format", "csv"])
        .success()
        .stdout_has("data/alice");
}

#[test]
fn every_rdf_format_name_export_takes_is_taken_by_query_too() {
    let env = Env::new();
    env.write(
        "a.ttl",
        "<https://example.org/a> <https://example.org/p> 1 .\n",
    );
    env.run(&["load", "a.ttl"]).success();
    let construct = "CONSTRUCT WHERE { ?s ?p ?o }";
    for format in [
        "turtle", "ttl", "ntriples", "nt", "nquads", "trig", "jsonld", "rdfxml",
    ] {
        env.run(&["query", "-e", construct, "--format", format])
            .success()
            .stdout_has("example.org/a");
        env.run(&["export", "--format", format]).success();
    }
}
