//! JSON-LD event pages as the web publishes them, with `"@context":
//! "https://schema.org"` or another spelling of it: schema.org's context is
//! built into the binary, a context saved beside the file is read from the
//! disk, and any other remote context is refused, naming it and the file,
//! with the store left as it was. Nothing is ever fetched.

use std::path::PathBuf;

use crate::util::{Env, repo, tsv};

/// A file of `tests/jsonld/`.
fn fixture(name: &str) -> PathBuf {
    repo().join("tests/jsonld").join(name)
}

/// The event page's own IRI.
const EVENT: &str = "<https://example.org/events/2025/budget-transparency-workshop>";

/// The event page, with its `"@context"` (`"https://schema.org"`) replaced
/// by `context`, JSON text.
fn event_page(context: &str) -> String {
    let page = std::fs::read_to_string(fixture("event-page.jsonld")).unwrap();
    let written = r#""@context": "https://schema.org""#;
    assert!(page.contains(written), "the fixture names schema.org");
    page.replacen(written, &format!(r#""@context": {context}"#), 1)
}

/// Asserts that the store holds the event page as schema.org terms: the
/// query `event-page.rq`, written with `http://schema.org/` terms only,
/// finds the event, its place and organizer, and its three people.
#[track_caller]
fn assert_event_page_loaded(env: &Env) {
    let query = fixture("event-page.rq");
    let answer = env
        .run(&["query", query.to_str().unwrap(), "--format", "tsv"])
        .success();
    let (columns, rows) = tsv(&answer.stdout);
    assert_eq!(
        columns,
        [
            "event",
            "name",
            "place",
            "locality",
            "organizer",
            "role",
            "person"
        ]
    );
    let people: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| (row[5].as_str(), row[6].as_str()))
        .collect();
    assert_eq!(
        people,
        [
            ("\"attendee\"", "<https://example.org/people/dana-ermekova>"),
            (
                "\"performer\"",
                "<https://example.org/people/amira-sadykova>"
            ),
            (
                "\"performer\"",
                "<https://example.org/people/tomas-lindqvist>"
            ),
        ],
        "{}",
        answer.stdout
    );
    for row in &rows {
        assert_eq!(row[0], EVENT);
        assert_eq!(row[1], "\"Regional Workshop on Open Municipal Budgets\"");
        assert_eq!(
            row[2],
            "<https://example.org/places/riverside-conference-hall>"
        );
        assert_eq!(row[3], "\"Lakeport\"");
        assert_eq!(row[4], "<https://example.org/orgs/civic-data-forum>");
    }
}

/// The distinct predicates of the source loaded from `file` (in `env`'s
/// folder), as the TSV answer prints them.
fn predicates(env: &Env, file: &str) -> Vec<String> {
    let query = format!("SELECT DISTINCT ?p WHERE {{ GRAPH <{file}> {{ ?s ?p ?o }} }} ORDER BY ?p");
    let answer = env
        .run(&["query", "-e", &query, "--format", "tsv"])
        .success();
    tsv(&answer.stdout)
        .1
        .into_iter()
        .map(|row| row[0].clone())
        .collect()
}

#[test]
fn schema_orgs_context_in_each_spelling_loads_as_schema_org_terms() {
    for context in [
        r#""https://schema.org""#,
        r#""http://schema.org""#,
        r#""https://schema.org/""#,
        r#""http://schema.org/""#,
        r#""https://schema.org/docs/jsonldcontext.json""#,
    ] {
        let env = Env::new();
        env.write("event-page.jsonld", event_page(context));
        env.run(&["load", "event-page.jsonld"])
            .success()
            .stdout_has("added     event-page.jsonld (35 triples)");
        assert_event_page_loaded(&env);
        let predicates = predicates(&env, "event-page.jsonld");
        assert!(predicates.len() > 15, "{predicates:?}");
        for predicate in &predicates {
            assert!(
                predicate.starts_with("<http://schema.org/")
                    || predicate == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                "{context}: {predicate} is not a schema.org term"
            );
        }
    }
}

#[test]
fn the_loaded_event_page_is_counted_and_keeps_what_the_context_says() {
    let env = Env::new();
    let page = fixture("event-page.jsonld");
    env.run(&["load", page.to_str().unwrap()]).success();
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["entities"]["events"], 1, "{stats}");
    assert_eq!(stats["entities"]["persons"], 3, "{stats}");
    assert_eq!(stats["entities"]["places"], 1, "{stats}");
    // schema.org's context makes `url` an IRI, and types dates as
    // schema:Date: read as the XSD type of their form, as the model has it.
    let answer = env
        .run(&[
            "query",
            "-e",
            "PREFIX schema: <http://schema.org/> \
             SELECT ?url ?start WHERE { ?e a schema:Event ; schema:url ?url ; schema:startDate ?start }",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(
        tsv(&answer.stdout).1,
        [[
            "<https://example.org/events/2025/budget-transparency-workshop>",
            "\"2025-03-18T09:30:00+05:00\"^^<http://www.w3.org/2001/XMLSchema#dateTime>"
        ]],
        "{}",
        answer.stdout
    );
}

#[test]
fn convert_writes_the_event_page_as_turtle_that_loads_the_same() {
    let env = Env::new();
    let page = fixture("event-page.jsonld");
    let turtle = env
        .run_storeless(&["convert", page.to_str().unwrap(), "--format", "ttl"])
        .success();
    for expected in [
        "@prefix schema: <http://schema.org/> .",
        &format!("{EVENT} a schema:Event"),
        "schema:organizer <https://example.org/orgs/civic-data-forum>",
        "schema:addressLocality \"Lakeport\"",
    ] {
        assert!(
            turtle.stdout.contains(expected),
            "lacks {expected}:\n{}",
            turtle.stdout
        );
    }
    env.write("event-page.ttl", &turtle.stdout);
    env.run(&["load", "event-page.ttl"])
        .success()
        .stdout_has("(35 triples)");
    assert_event_page_loaded(&env);
}

#[test]
fn an_array_context_mixes_schema_org_with_local_terms() {
    let env = Env::new();
    let page = event_page(r#"["https://schema.org", {"ex": "https://example.org/"}]"#).replacen(
        r#""@id": "https://example.org/events/"#,
        r#""ex:registrationCode": "BW-25",
  "@id": "ex:events/"#,
        1,
    );
    env.write("event-page.jsonld", page);
    env.run(&["load", "event-page.jsonld"]).success();
    assert_event_page_loaded(&env);
    env.run(&[
        "query",
        "-e",
        &format!("ASK {{ {EVENT} <https://example.org/registrationCode> \"BW-25\" }}"),
        "--format",
        "tsv",
    ])
    .success()
    .stdout_has("true");
}

#[test]
fn an_unknown_remote_context_fails_naming_it_and_leaves_the_store_alone() {
    let env = Env::new();
    env.write("event-page.jsonld", event_page(r#""https://schema.org""#));
    env.run(&["load", "event-page.jsonld"]).success();
    let before = env.snapshot();
    let url = "https://example.org/contexts/event.jsonld";
    for (name, context) in [
        ("remote.jsonld", format!("\"{url}\"")),
        (
            "mixed.jsonld",
            format!(r#"["https://schema.org", "{url}", {{"ex": "https://example.org/"}}]"#),
        ),
    ] {
        env.write(name, event_page(&context).replace("Lakeport", "Elsewhere"));
        let failed = env
            .run(&["load", name])
            .failure()
            .stderr_has(&format!("{name}: cannot use the JSON-LD context <{url}>"))
            .stderr_has("never fetches contexts from the network")
            .stderr_has("save a copy of it beside the file")
            .stderr_has("(such as \"event.jsonld\")");
        assert!(
            !failed.stderr.contains("--"),
            "names a flag:\n{}",
            failed.stderr
        );
        assert_eq!(env.snapshot(), before, "{name} changed the store");
        env.run_storeless(&["convert", name, "--format", "ttl", "-o", "out.ttl"])
            .failure()
            .stderr_has(&format!("cannot use the JSON-LD context <{url}>"));
        assert!(
            !env.path("out.ttl").exists(),
            "convert wrote a partial file"
        );
    }
    assert_event_page_loaded(&env);
}

#[test]
fn a_context_saved_beside_the_file_is_read_from_the_disk() {
    let env = Env::new();
    // The local context itself builds on schema.org's, and adds a term.
    env.write(
        "local contexts/event-terms.jsonld",
        r#"{"@context": ["https://schema.org", {"code": "https://example.org/registrationCode"}]}"#,
    );
    // Folders with a space: the file: IRIs are percent-encoded.
    let page = event_page(r#""../local%20contexts/event-terms.jsonld""#).replacen(
        r#""@type": "Event","#,
        r#""@type": "Event", "code": "BW-25","#,
        1,
    );
    env.write("event pages/page.jsonld", page);
    env.run(&["load", "event pages/page.jsonld"]).success();
    assert_event_page_loaded(&env);
    env.run(&[
        "query",
        "-e",
        &format!("ASK {{ {EVENT} <https://example.org/registrationCode> \"BW-25\" }}"),
        "--format",
        "tsv",
    ])
    .success()
    .stdout_has("true");
    env.run_storeless(&["convert", "event pages/page.jsonld", "--format", "nt"])
        .success()
        .stdout_has("<https://example.org/registrationCode> \"BW-25\"");

    // A context that is not where the page says fails, naming the file.
    env.write(
        "event pages/lost.jsonld",
        event_page(r#""contexts/event-terms.jsonld""#),
    );
    let before = env.snapshot();
    let missing = env.path("event pages/contexts/event-terms.jsonld");
    env.run(&["load", "event pages/lost.jsonld"])
        .failure()
        .stderr_has("event pages/lost.jsonld: cannot use the JSON-LD context <file://")
        .stderr_has(&format!("{}: No such file", missing.display()))
        .stderr_has("check the name in \"@context\"");
    assert_eq!(env.snapshot(), before);
}
