//! `actorgraph load`, `sources` and `unload`: inputs, graphs, metadata,
//! idempotence and atomicity.

use crate::util::{Env, bin};

const ALICE: &str = "@prefix schema: <http://schema.org/> .\n<https://example.org/alice> a schema:Person ; schema:name \"Alice\" .\n";
const BOB: &str = "<https://example.org/bob> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> .\n";

fn entity(stats: &serde_json::Value, kind: &str) -> u64 {
    stats["entities"][kind].as_u64().unwrap()
}

#[test]
fn folders_are_walked_and_other_files_skipped_with_a_note() {
    let env = Env::new();
    env.write("in/alice.ttl", ALICE);
    env.write("in/deeper/bob.nt", BOB);
    env.write("in/notes.txt", "not RDF");
    let run = env.run(&["load", "in"]).success();
    assert!(
        run.stdout.contains("added     in/alice.ttl (2 triples)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("added     in/deeper/bob.nt (1 triples)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("skipped   in/notes.txt (no RDF file extension)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("2 sources loaded (2 added, 0 replaced, 0 unchanged)")
    );
    let (stats, sources) = env.snapshot();
    assert_eq!(entity(&stats, "persons"), 2);
    assert_eq!(sources.as_array().unwrap().len(), 2);
}

#[test]
fn each_source_gets_its_own_graph_and_a_metadata_record() {
    let env = Env::new();
    let path = env.write("alice.ttl", ALICE);
    env.run(&["load", "alice.ttl"]).success();
    let (stats, sources) = env.snapshot();
    let iri = format!("file://{}", path.canonicalize().unwrap().display());
    assert_eq!(
        stats["graphs"],
        serde_json::json!([{"graph": iri, "triples": 2}])
    );
    let source = &sources[0];
    assert_eq!(source["source"], iri.as_str());
    assert_eq!(source["path"], "alice.ttl");
    assert_eq!(source["triples"], 2);
    assert_eq!(source["bytes"], ALICE.len());
    assert_eq!(source["media_type"], "text/turtle");
    assert_eq!(source["graphs"], serde_json::json!([iri]));
    let digest = sha2_hex(ALICE.as_bytes());
    assert_eq!(source["sha256"], digest.as_str());
    assert!(
        source["loaded_by"]
            .as_str()
            .unwrap()
            .starts_with("actorgraph ")
    );
    assert!(source["loaded_at"].as_str().unwrap().ends_with('Z'));
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn datasets_keep_their_graph_names() {
    let env = Env::new();
    env.write(
        "two.trig",
        "<https://example.org/g1> { <https://example.org/a> <https://example.org/p> 1 . }\n\
         <https://example.org/g2> { <https://example.org/b> <https://example.org/p> 2 . <https://example.org/c> <https://example.org/p> 3 . }\n",
    );
    env.run(&["load", "two.trig"])
        .success()
        .stdout_has("(3 triples) into 2 graphs");
    let (stats, sources) = env.snapshot();
    assert_eq!(
        stats["graphs"],
        serde_json::json!([
            {"graph": "https://example.org/g1", "triples": 1},
            {"graph": "https://example.org/g2", "triples": 2}
        ])
    );
    assert_eq!(
        sources[0]["graphs"],
        serde_json::json!(["https://example.org/g1", "https://example.org/g2"])
    );
}

#[test]
fn a_graph_owned_by_another_source_is_refused() {
    let env = Env::new();
    env.write(
        "one.nq",
        "<https://example.org/a> <https://example.org/p> \"1\" <https://example.org/g> .\n",
    );
    env.write(
        "two.nq",
        "<https://example.org/b> <https://example.org/p> \"2\" <https://example.org/g> .\n",
    );
    env.run(&["load", "one.nq"]).success();
    let before = env.snapshot();
    env.run(&["load", "two.nq"])
        .failure()
        .stderr_has("two.nq: graph <https://example.org/g> already holds data loaded from file://")
        .stderr_has("unload that source first");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn blank_nodes_of_different_files_never_merge() {
    let env = Env::new();
    let person =
        "_:p <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> .\n";
    env.write("a.nt", person);
    env.write("b.nt", person);
    env.run(&["load", "a.nt", "b.nt"]).success();
    assert_eq!(entity(&env.snapshot().0, "persons"), 2);
}

#[test]
fn loading_an_unchanged_file_again_changes_nothing() {
    let env = Env::new();
    env.write("alice.ttl", ALICE);
    env.run(&["load", "alice.ttl"]).success();
    let before = env.snapshot();
    env.run(&["load", "alice.ttl"])
        .success()
        .stdout_has("unchanged alice.ttl (already loaded with the same SHA-256)")
        .stdout_has("1 source loaded (0 added, 0 replaced, 1 unchanged)");
    // Even the load time is kept: the record was not rewritten.
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_changed_file_replaces_its_graph() {
    let env = Env::new();
    env.write("people.ttl", ALICE);
    env.run(&["load", "people.ttl"]).success();
    env.write("people.ttl", BOB);
    env.run(&["load", "people.ttl", "--from", "turtle"])
        .success()
        .stdout_has("replaced  people.ttl (1 triples)");
    let (stats, sources) = env.snapshot();
    assert_eq!(stats["triples"], 1, "the old triples are gone");
    assert_eq!(entity(&stats, "persons"), 1);
    assert_eq!(sources[0]["sha256"], sha2_hex(BOB.as_bytes()).as_str());
}

#[test]
fn unload_removes_a_source_and_its_graphs() {
    let env = Env::new();
    env.write("alice.ttl", ALICE);
    env.write("bob.nt", BOB);
    env.run(&["load", "alice.ttl", "bob.nt"]).success();
    env.run(&["unload", "alice.ttl"])
        .success()
        .stdout_has("unloaded  alice.ttl (2 triples");
    let (stats, sources) = env.snapshot();
    assert_eq!(stats["triples"], 1);
    assert_eq!(sources.as_array().unwrap().len(), 1);
    env.run(&["unload", "alice.ttl"])
        .failure()
        .stderr_has("no loaded source is named 'alice.ttl'");
}

#[test]
fn a_syntax_error_names_the_place_and_leaves_the_store_as_it_was() {
    let env = Env::new();
    env.write("good.ttl", ALICE);
    env.run(&["load", "good.ttl"]).success();
    let before = env.snapshot();
    env.write(
        "bad.ttl",
        "@prefix ex: <https://example.org/> .\nex:a ex:p \"ok\" .\nex:b ex:p ex:c ex:d .\n",
    );
    let run = env.run(&["load", "bad.ttl"]).failure();
    assert!(run.stderr.contains("bad.ttl:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("syntax error"), "{}", run.stderr);
    assert!(
        run.stderr.contains("    ex:b ex:p ex:c ex:d ."),
        "excerpt missing:\n{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("1 failed and left the store untouched"),
        "{}",
        run.stdout
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_changed_file_with_an_error_keeps_the_old_version() {
    let env = Env::new();
    env.write("people.ttl", ALICE);
    env.run(&["load", "people.ttl"]).success();
    let before = env.snapshot();
    env.write("people.ttl", format!("{BOB}<https://example.org/broken"));
    env.run(&["load", "people.ttl"])
        .failure()
        .stderr_has("people.ttl:2:");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn with_several_files_the_good_ones_load_and_the_exit_code_says_one_failed() {
    let env = Env::new();
    env.write("a.ttl", ALICE);
    env.write("b.ttl", "this is not turtle");
    env.write("c.nt", BOB);
    let run = env.run(&["load", "a.ttl", "b.ttl", "c.nt"]).failure();
    assert!(run.stderr.contains("failed    b.ttl"), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("2 sources loaded (2 added, 0 replaced, 0 unchanged), 1 failed"),
        "{}",
        run.stdout
    );
    assert_eq!(env.snapshot().1.as_array().unwrap().len(), 2);
}

#[test]
fn small_files_of_one_command_are_each_a_source_of_their_own() {
    // Small new files are stored together: each still gets its own graph
    // and record, and each that fails is refused alone.
    let env = Env::new();
    let mut files = Vec::new();
    for i in 0..40 {
        let name = format!("e{i:02}.ttl");
        env.write(
            &name,
            format!("<https://example.org/e{i}> <http://schema.org/name> \"entity {i}\" .\n"),
        );
        files.push(name);
    }
    env.write(
        "broken.ttl",
        "<https://example.org/x> <https://example.org/p> .\n",
    );
    env.write(
        "g1.nq",
        "<https://example.org/a> <https://example.org/p> \"1\" <https://example.org/g> .\n",
    );
    env.write(
        "g2.nq",
        "<https://example.org/b> <https://example.org/p> \"2\" <https://example.org/g> .\n",
    );
    let mut args = vec!["load"];
    args.extend(files.iter().map(String::as_str));
    // The first file again: by then it is stored, and unchanged.
    args.extend(["broken.ttl", "e00.ttl", "g1.nq", "g2.nq"]);
    let run = env.run(&args).failure();
    let run = run
        .stderr_has("failed    broken.ttl")
        .stderr_has("g2.nq: graph <https://example.org/g> already holds data loaded from file://");
    run.stdout_has("42 sources loaded (41 added, 0 replaced, 1 unchanged), 2 failed");
    assert_eq!(env.snapshot().1.as_array().unwrap().len(), 41);
    let names = env
        .run(&[
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?e <http://schema.org/name> ?name }",
            "--format",
            "csv",
        ])
        .success();
    assert_eq!(names.stdout, "n\r\n40\r\n");
    // Each is a source of its own: unloading one leaves the others.
    env.run(&["unload", "e07.ttl"]).success();
    assert_eq!(env.snapshot().1.as_array().unwrap().len(), 40);
}

#[test]
fn a_small_file_that_states_many_triples_loads_whole() {
    // Under a MB of Turtle, 120,000 triples: too many to hold in memory with
    // other small files, so it is read again and loaded alone.
    let env = Env::new();
    let objects: Vec<String> = (0..120_000).map(|i| i.to_string()).collect();
    env.write(
        "list.ttl",
        format!(
            "<https://example.org/a> <https://example.org/p> {} .\n",
            objects.join(",")
        ),
    );
    env.write("small.ttl", ALICE);
    env.run(&["load", "small.ttl", "list.ttl"])
        .success()
        .stdout_has("list.ttl (120000 triples)")
        .stdout_has("2 sources loaded (2 added");
    let stats = env.snapshot().0;
    assert_eq!(stats["triples"].as_u64().unwrap(), 120_000 + 2);
}

#[test]
fn the_format_option_overrides_the_extension() {
    let env = Env::new();
    env.write("people.txt", BOB);
    env.run(&["load", "people.txt"])
        .failure()
        .stderr_has("cannot tell the RDF format from the file name");
    env.run(&["load", "people.txt", "--from", "nt"]).success();
    env.run(&["load", "people.txt", "--from", "yaml"])
        .code
        .filter(|c| *c == 2)
        .expect("an unknown format is a usage error");
}

#[test]
fn standard_input_is_a_source_too() {
    let env = Env::new();
    env.run_with_stdin(&["load", "-"], BOB.as_bytes())
        .failure()
        .stderr_has("--from FORMAT");
    env.run_with_stdin(&["load", "-", "--from", "nt"], BOB.as_bytes())
        .success()
        .stdout_has("added     - (1 triples) into <urn:actorgraph:stdin>");
    env.run_with_stdin(&["load", "-", "--from", "nt"], BOB.as_bytes())
        .success()
        .stdout_has("unchanged -");
    env.run_with_stdin(
        &[
            "load",
            "-",
            "--from",
            "ttl",
            "--source",
            "https://example.org/mine",
        ],
        ALICE.as_bytes(),
    )
    .success()
    .stdout_has("into <https://example.org/mine>");
    assert_eq!(env.snapshot().1.as_array().unwrap().len(), 2);
}

#[test]
fn relative_iris_resolve_against_the_base() {
    let env = Env::new();
    env.write("rel.ttl", "<alice> a <http://schema.org/Person> .\n");
    env.run(&["load", "rel.ttl", "--base", "https://example.org/people/"])
        .success();
    let out = bin()
        .args([
            "convert",
            "rel.ttl",
            "--format",
            "nt",
            "--base",
            "https://example.org/people/",
        ])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "<https://example.org/people/alice> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> .\n"
    );
}

/// `content` compressed as a file named `*.{extension}` says.
fn compressed(content: &[u8], extension: &str) -> Vec<u8> {
    use std::io::Write;
    match extension {
        "gz" => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(content).unwrap();
            encoder.finish().unwrap()
        }
        "zst" => zstd::encode_all(content, 0).unwrap(),
        "bz2" => {
            let mut encoder =
                bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
            encoder.write_all(content).unwrap();
            encoder.finish().unwrap()
        }
        other => panic!("no compression {other}"),
    }
}

#[test]
fn compressed_files_load_and_convert_by_their_extension() {
    let env = Env::new();
    for extension in ["gz", "zst", "bz2"] {
        let name = format!("people-{extension}.ttl.{extension}");
        let people = ALICE.replace("alice", &format!("alice-{extension}"));
        env.write(&name, compressed(people.as_bytes(), extension));
        env.run(&["load", &name])
            .success()
            .stdout_has(&format!("added     {name} (2 triples)"));
        env.run_storeless(&["convert", &name, "--format", "nt"])
            .success()
            .stdout_has(&format!("<https://example.org/alice-{extension}>"));
    }
    assert_eq!(entity(&env.snapshot().0, "persons"), 3);
    // A folder's compressed files are RDF files too.
    env.write("dir/more.nt.gz", compressed(BOB.as_bytes(), "gz"));
    env.run(&["load", "dir"])
        .success()
        .stdout_has("added     dir/more.nt.gz (1 triples)");
}

#[test]
fn a_syntax_error_in_a_compressed_file_names_its_line_and_column() {
    let env = Env::new();
    let broken = format!("{ALICE}<https://example.org/x> <https://example.org/p> \"open .\n");
    env.write("broken.ttl.gz", compressed(broken.as_bytes(), "gz"));
    env.run(&["load", "broken.ttl.gz"])
        .failure()
        .stderr_has("broken.ttl.gz:3:")
        .stderr_has("\"open .");
    assert_eq!(env.snapshot().1, serde_json::json!([]), "nothing stored");
}

#[test]
fn a_source_named_by_iri_still_reads_relative_iris_against_its_file() {
    let env = Env::new();
    env.write("self.ttl", "<s> <p> <> .\n");
    env.run(&["load", "self.ttl", "--source", "urn:g"])
        .success();
    let file = env.path("self.ttl").canonicalize().unwrap();
    let answer = env
        .run(&[
            "query",
            "-e",
            "SELECT ?o { GRAPH <urn:g> { ?s ?p ?o } }",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(answer.stdout, format!("?o\n<file://{}>\n", file.display()));
}
