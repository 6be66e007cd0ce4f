//! Data written with `https://schema.org/` (as schema.org's own pages print
//! it) behaves exactly like data written with `http://schema.org/`, the
//! namespace actorgraph names: loaded, counted, validated and answered the
//! same, with the source's record saying what the file wrote. `convert`
//! alone writes what the file says.

use crate::util::{Env, Run, bin, repo};

/// `text` with every schema.org IRI written with https: the prefix
/// declarations and any IRI written whole.
fn https(text: &str) -> String {
    let rewritten = text.replace("<http://schema.org/", "<https://schema.org/");
    assert!(
        rewritten != text || !text.contains("schema.org"),
        "nothing to rewrite in:\n{text}"
    );
    rewritten
}

/// Runs the binary in `env`'s folder on the store `store` in that folder.
fn run_on(env: &Env, store: &str, args: &[&str]) -> Run {
    Run::from(
        bin()
            .args(args)
            .arg("--store")
            .arg(env.path(store))
            .current_dir(env.dir.path())
            .output()
            .unwrap(),
    )
}

/// The data files of `data/` (the example data, the ontology and the
/// shapes), as file name and text.
fn example_files() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(repo().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(
        files
            .iter()
            .any(|(name, _)| name == "osce-shymkent-seminar-2015.ttl"),
        "the example data is in data/"
    );
    files
}

/// The saved queries the binary knows, each with the arguments of its
/// example calls (`queries NAME` prints them), or none when it has no
/// example.
fn saved_query_calls(env: &Env) -> Vec<Vec<String>> {
    let list = env.run_storeless(&["queries"]).success();
    let names: Vec<String> = list
        .stdout
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| !name.starts_with('`'))
        .map(str::to_owned)
        .collect();
    assert!(names.len() >= 12, "{}", list.stdout);
    let mut calls = Vec::new();
    for name in names {
        let shown = env.run_storeless(&["queries", &name]).success();
        let examples: Vec<Vec<String>> = shown
            .stdout
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("actorgraph query "))
            .map(|call| call.split_whitespace().map(str::to_owned).collect())
            .collect();
        if examples.is_empty() {
            calls.push(vec![name]);
        } else {
            calls.extend(examples);
        }
    }
    calls
}

/// `sources --format json` without what differs between two loads of the
/// same data written two ways: the bytes, their hash, the load time and the
/// record of the rewrite.
fn sources_as_data(env: &Env, store: &str) -> serde_json::Value {
    let mut sources = run_on(env, store, &["sources", "--format", "json"])
        .success()
        .json();
    for source in sources.as_array_mut().unwrap() {
        let source = source.as_object_mut().unwrap();
        for key in ["bytes", "sha256", "loaded_at", "normalized", "prefixes"] {
            source.remove(key);
        }
    }
    sources
}

#[test]
fn https_data_counts_and_answers_exactly_like_http_data() {
    let env = Env::new();
    // The same paths hold the http files for one store, then the https
    // files for the other: the sources get the same IRIs and paths.
    let files = example_files();
    let paths: Vec<String> = files.iter().map(|(n, _)| format!("data/{n}")).collect();
    let mut load = vec!["load"];
    load.extend(paths.iter().map(String::as_str));
    for (name, text) in &files {
        env.write(&format!("data/{name}"), text);
    }
    let http_load = run_on(&env, "http", &load).success();
    assert!(!http_load.stderr.contains("note:"), "{}", http_load.stderr);
    for (name, text) in &files {
        env.write(&format!("data/{name}"), https(text));
    }
    let example = env.path("data/osce-shymkent-seminar-2015.ttl");
    let example = std::fs::read_to_string(example).unwrap();
    assert!(example.contains("<https://schema.org/>"));
    assert!(!example.contains("http://schema.org/"));
    run_on(&env, "https", &load).success().stderr_has(
        "note: data/osce-shymkent-seminar-2015.ttl writes schema.org as https://schema.org/",
    );

    let stats = |store| {
        run_on(&env, store, &["stats", "--format", "json"])
            .success()
            .json()
    };
    let http_stats = stats("http");
    assert!(
        http_stats["entities"]["events"].as_u64().unwrap() > 0,
        "{http_stats}"
    );
    assert_eq!(stats("https"), http_stats);
    assert_eq!(
        sources_as_data(&env, "https"),
        sources_as_data(&env, "http")
    );

    let mut answered = 0;
    for call in saved_query_calls(&env) {
        let mut args = vec!["query".to_owned()];
        args.extend(call);
        args.extend(["--format".to_owned(), "tsv".to_owned()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let http = run_on(&env, "http", &args).success();
        let rewritten = run_on(&env, "https", &args).success();
        assert_eq!(rewritten.stdout, http.stdout, "{args:?}");
        answered += usize::from(http.stdout.lines().count() > 1);
    }
    assert!(answered >= 6, "only {answered} saved queries answered");

    // The stores compare equal, and so do the files each way.
    let export = |store| {
        run_on(&env, store, &["export", "--format", "nq"])
            .success()
            .stdout
    };
    assert_eq!(export("https"), export("http"));
}

#[test]
fn standard_input_and_load_validate_read_https_as_http() {
    let env = Env::new();
    let example =
        std::fs::read_to_string(repo().join("data/osce-shymkent-seminar-2015.ttl")).unwrap();
    let ontology = repo().join("data/ontology.ttl");
    let ontology = ontology.to_str().unwrap();
    let events = |env: &Env| {
        env.run(&["stats", "--format", "json"]).success().json()["entities"]["events"].clone()
    };

    let http = Env::new();
    http.run(&["load", ontology]).success();
    http.run_with_stdin(&["load", "-", "--from", "ttl"], example.as_bytes())
        .success();
    env.run(&["load", ontology]).success();
    env.run_with_stdin(&["load", "-", "--from", "ttl"], https(&example).as_bytes())
        .success()
        .stderr_has("note: - writes schema.org as https://schema.org/");
    assert_eq!(events(&env), events(&http));
    assert!(events(&env).as_u64().unwrap() > 0);

    let checked = Env::new();
    checked.write("example.ttl", https(&example));
    checked.run(&["load", ontology]).success();
    checked
        .run(&["load", "--validate", "example.ttl"])
        .success()
        .stdout_has("added     example.ttl")
        .stderr_has("note: example.ttl writes schema.org as https://schema.org/");
    assert_eq!(events(&checked), events(&http));
}

#[test]
fn https_files_validate_exactly_like_http_files() {
    let env = Env::new();
    let mut files: Vec<_> = std::fs::read_dir(repo().join("tests/invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if !text.contains("<http://schema.org/") {
            continue;
        }
        let name = file.file_name().unwrap().to_str().unwrap();
        // The same path each way, so that the reports name the same file.
        let validate = |text: &str| {
            env.write(name, text);
            env.run(&["validate", name, "--format", "json"]).failure()
        };
        let http = validate(&text);
        let rewritten = validate(&https(&text));
        assert!(
            http.json()["results"]
                .as_array()
                .is_some_and(|r| !r.is_empty()),
            "{name}: {}",
            http.stdout
        );
        assert_eq!(rewritten.json(), http.json(), "{name}");
        // The table too, message and entity name included.
        env.write(name, https(&text));
        let table = env.run(&["validate", name]).failure();
        env.write(name, &text);
        env.run(&["validate", name])
            .failure()
            .stdout_has(&table.stdout);
    }

    // An event without a name is refused by `load --validate` either way.
    let unnamed =
        std::fs::read_to_string(repo().join("tests/invalid/event-without-name.ttl")).unwrap();
    env.write("unnamed.ttl", https(&unnamed));
    env.run(&["load", "--validate", "unnamed.ttl"])
        .failure()
        .stderr_has("refused   unnamed.ttl")
        .stderr_has("has no name");
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["triples"], 0, "{stats}");
}

#[test]
fn shapes_and_files_compared_read_https_as_http_too() {
    let env = Env::new();
    let person = "<https://example.org/p> a <http://schema.org/Person> .\n";
    env.write("person.ttl", person);
    env.write("person-https.ttl", https(person));
    // Shapes written with https check data written with http.
    env.write(
        "shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         <https://example.org/S> a sh:NodeShape ; sh:targetClass <https://schema.org/Person> ;\n\
             sh:property [ sh:path <https://schema.org/name> ; sh:minCount 1 ] .\n",
    );
    for file in ["person.ttl", "person-https.ttl"] {
        env.run(&["validate", file, "--shapes", "shapes.ttl"])
            .failure()
            .stdout_has("<https://example.org/p> in ");
    }
    // Two files that differ only in how they write schema.org hold the
    // same data.
    env.run_storeless(&["diff", "person.ttl", "person-https.ttl"])
        .success();
}

#[test]
fn the_source_record_says_schema_org_was_written_with_https() {
    let env = Env::new();
    let people = "@prefix schema: <http://schema.org/> .\n\
                  <https://example.org/ann> a schema:Person ; schema:name \"Ann\" .\n";
    env.write("http.ttl", people);
    env.write("https.ttl", https(people));
    let run = env.run(&["load", "http.ttl", "https.ttl"]).success();
    assert_eq!(
        run.stderr.trim(),
        "note: https.ttl writes schema.org as https://schema.org/: its 2 terms were read as http://schema.org/, as actorgraph names them"
    );
    let record = |path: &str| {
        let sources = env.run(&["sources", "--format", "json"]).success().json();
        sources
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["path"] == path)
            .unwrap_or_else(|| panic!("no source {path}: {sources}"))
            .clone()
    };
    assert_eq!(record("http.ttl")["normalized"], serde_json::Value::Null);
    assert_eq!(
        record("https.ttl")["normalized"],
        serde_json::json!({"from": "https://schema.org/", "to": "http://schema.org/", "terms": 2})
    );
    // The file's own prefixes are recorded as it declared them.
    assert_eq!(
        record("https.ttl")["prefixes"],
        serde_json::json!({"schema": "https://schema.org/"})
    );
    // The metadata graph says it too, in RDF.
    let meta = env
        .run(&[
            "query",
            "-e",
            "SELECT ?path ?from ?terms WHERE { GRAPH <https://w3id.org/actorgraph/graph/metadata> { ?s <https://w3id.org/actorgraph/ns#path> ?path ; <https://w3id.org/actorgraph/ns#normalizedFrom> ?from ; <https://w3id.org/actorgraph/ns#normalizedTerms> ?terms } }",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(
        meta.stdout,
        "?path\t?from\t?terms\n\"https.ttl\"\t\"https://schema.org/\"\t2\n"
    );

    // Unchanged (the same bytes): nothing read, nothing noted, the record
    // kept.
    let again = env.run(&["load", "https.ttl"]).success();
    assert!(
        again.stdout.contains("unchanged https.ttl"),
        "{}",
        again.stdout
    );
    assert!(!again.stderr.contains("note:"), "{}", again.stderr);
    assert_eq!(record("https.ttl")["normalized"]["terms"], 2);

    // Changed: replaced, noted again, counted again.
    env.write(
        "https.ttl",
        https(&format!(
            "{people}<https://example.org/bo> a schema:Person ; schema:name \"Bo\" .\n"
        )),
    );
    env.run(&["load", "https.ttl"])
        .success()
        .stdout_has("replaced  https.ttl")
        .stderr_has("its 4 terms were read as http://schema.org/");
    assert_eq!(record("https.ttl")["normalized"]["terms"], 4);
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["entities"]["persons"], 2, "{stats}");

    // Rewritten with http: replaced, and the record no longer says https.
    env.write("https.ttl", people);
    let run = env.run(&["load", "https.ttl"]).success();
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
    assert_eq!(record("https.ttl")["normalized"], serde_json::Value::Null);
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["entities"]["persons"], 1, "{stats}");

    // Unloaded: no record of it is left behind.
    env.write("https.ttl", https(people));
    env.run(&["load", "https.ttl"]).success();
    env.run(&["unload", "https.ttl"]).success();
    let leftover = env
        .run(&[
            "query",
            "-e",
            "ASK { GRAPH ?g { ?s <https://w3id.org/actorgraph/ns#normalizedFrom> ?o } }",
        ])
        .success();
    assert!(leftover.stdout.contains("false"), "{}", leftover.stdout);
}

#[test]
fn convert_writes_https_as_the_file_does() {
    let env = Env::new();
    env.write(
        "https.ttl",
        "@prefix schema: <https://schema.org/> .\n\
         <https://example.org/ann> a schema:Person ; schema:birthDate \"1970\"^^schema:Date .\n",
    );
    let run = env
        .run_storeless(&["convert", "https.ttl", "--format", "nt"])
        .success();
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
    let mut lines: Vec<&str> = run.stdout.lines().collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "<https://example.org/ann> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .",
            "<https://example.org/ann> <https://schema.org/birthDate> \"1970\"^^<https://schema.org/Date> .",
        ]
    );
}

/// Whether any data graph, or the merged graph, holds an https schema.org
/// IRI in any position (a datatype too): it must not.
const NO_HTTPS_TERM: &str = "ASK {
  { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } FILTER(?g != <https://w3id.org/actorgraph/graph/metadata>) }
  FILTER(STRSTARTS(STR(?s), 'https://schema.org/') || STRSTARTS(STR(?p), 'https://schema.org/')
      || (!isLiteral(?o) && STRSTARTS(STR(?o), 'https://schema.org/'))
      || (isLiteral(?o) && STRSTARTS(STR(DATATYPE(?o)), 'https://schema.org/'))
      || (BOUND(?g) && STRSTARTS(STR(?g), 'https://schema.org/')))
}";

#[test]
fn a_file_mixing_both_forms_loads_one_entity_set() {
    let env = Env::new();
    env.write(
        "mixed.trig",
        "@prefix s: <http://schema.org/> .\n\
         @prefix ss: <https://schema.org/> .\n\
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
         <https://example.org/ann> a s:Person , ss:Person ; s:name \"Ann\" ; ss:name \"Ann\" .\n\
         <https://example.org/e> a ss:Event ; s:name \"E\" ;\n\
             ss:startDate \"2015-10-28\"^^xsd:date ; s:startDate \"2015-10-28\"^^xsd:date ;\n\
             s:organizer <https://example.org/ann> .\n\
         <https://schema.org/g> { <https://example.org/bo> a ss:Person ; s:name \"Bo\" . }\n",
    );
    env.run(&["load", "mixed.trig"])
        .success()
        .stderr_has("its 7 terms were read as http://schema.org/");
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["entities"]["persons"], 2, "{stats}");
    assert_eq!(stats["entities"]["events"], 1, "{stats}");
    // Each triple once: Ann's type and name, the event's type, name, start
    // and organizer, Bo's type and name.
    assert_eq!(stats["triples"], 8, "{stats}");
    let graphs: Vec<&str> = stats["graphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["graph"].as_str().unwrap())
        .collect();
    assert!(graphs.contains(&"http://schema.org/g"), "{stats}");
    assert!(!graphs.contains(&"https://schema.org/g"), "{stats}");
    let names = env
        .run(&[
            "query",
            "-e",
            "SELECT ?name WHERE { ?p a <http://schema.org/Person> ; <http://schema.org/name> ?name } ORDER BY ?name",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(names.stdout, "?name\n\"Ann\"\n\"Bo\"\n");
    let none = env.run(&["query", "-e", NO_HTTPS_TERM]).success();
    assert!(none.stdout.contains("false"), "{}", none.stdout);
    env.run(&["validate"]).success();
}
