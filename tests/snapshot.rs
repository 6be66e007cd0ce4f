//! `export`, `snapshot`, restoring with `load DIR`, and `diff`: the same
//! content gives the same bytes, snapshots round-trip and describe
//! themselves, damage is refused, and differences are found.

use std::path::{Path, PathBuf};
use std::process::Command;

use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use sha2::{Digest, Sha256};

use crate::util::{Env, Run, repo};

/// A TriG file with what canonical forms must get right: blank nodes
/// (nested and shared across graphs), a named graph of its own, language
/// tags, datatypes and characters that need escaping.
const TRICKY_TRIG: &str = r#"@prefix schema: <http://schema.org/> .
@prefix ex: <https://example.org/> .
ex:report-1 schema:about [ schema:name "Seminar \"on\" trials"@en ; schema:location [ schema:name "Shymkent\nregion" ] ] ;
    schema:dateCreated "2015-10-30"^^<http://www.w3.org/2001/XMLSchema#date> .
ex:notes {
    ex:report-1 schema:comment "Zeichen: äöü ✓ \\ tab\tend" ;
        schema:author _:someone .
    _:someone schema:name "Anonymous" .
}
"#;

/// The example data plus the tricky file, all under one folder so that two
/// stores loading them in either order see the same source IRIs.
struct Data {
    env: Env,
    files: Vec<PathBuf>,
}

impl Data {
    fn new() -> Self {
        let env = Env::new();
        let mut files = Vec::new();
        for name in ["ontology.ttl", "osce-shymkent-seminar-2015.ttl"] {
            let text = std::fs::read(repo().join("data").join(name)).unwrap();
            files.push(env.write(&format!("data/{name}"), text));
        }
        files.push(env.write("data/tricky.trig", TRICKY_TRIG));
        Self { env, files }
    }

    /// Runs the binary on the store `store` (a folder in the environment).
    fn run(&self, store: &str, args: &[&str]) -> Run {
        self.run_with(store, args, &[])
    }

    fn run_with(&self, store: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = crate::util::bin();
        command
            .args(args)
            .arg("--store")
            .arg(self.env.path(store))
            .current_dir(self.env.dir.path());
        for (key, value) in env {
            command.env(key, value);
        }
        Run::from(command.output().unwrap())
    }

    /// Loads the files into `store`, one `load` per file, in `order`.
    fn load(&self, store: &str, order: &[usize]) {
        for &i in order {
            let file = self.files[i].to_str().unwrap();
            self.run(store, &["load", file]).success();
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.env.path(name)
    }
}

/// A snapshot with a fixed creation time.
fn snapshot(data: &Data, store: &str, dir: &str, extra: &[&str]) -> Run {
    let mut args = vec!["snapshot", dir];
    args.extend_from_slice(extra);
    data.run_with(store, &args, &[("SOURCE_DATE_EPOCH", "1446076800")])
        .success()
}

/// Asserts that the snapshots in folders `a` and `b` hold the same bytes.
#[track_caller]
fn assert_same_snapshot(data: &Data, a: &str, b: &str) {
    for file in ["dataset.nq", "manifest.ttl"] {
        assert_eq!(
            read(&data.path(&format!("{a}/{file}"))),
            read(&data.path(&format!("{b}/{file}"))),
            "{file} differs after a round trip"
        );
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn exports_are_byte_identical_whatever_the_order_of_loading() {
    let data = Data::new();
    data.load("one", &[0, 1, 2]);
    data.load("two", &[2, 1, 0]);
    for format in ["nquads", "trig", "turtle", "ntriples", "jsonld", "rdfxml"] {
        let one = data.run("one", &["export", "--format", format]).success();
        let two = data.run("two", &["export", "--format", format]).success();
        assert!(!one.stdout.is_empty());
        assert_eq!(one.stdout, two.stdout, "{format} exports differ");
    }
    snapshot(&data, "one", "snap-one", &[]);
    snapshot(&data, "two", "snap-two", &[]);
    assert_eq!(
        read(&data.path("snap-one/dataset.nq")),
        read(&data.path("snap-two/dataset.nq"))
    );
}

#[test]
fn the_nquads_export_is_canonical_and_turtle_reads_well() {
    let data = Data::new();
    data.load("store", &[0, 1, 2]);
    let nquads = data.run("store", &["export"]).success().stdout;
    let lines: Vec<&str> = nquads.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        lines, sorted,
        "canonical N-Quads are sorted, each quad once"
    );
    assert!(
        nquads.contains("_:c14n0 "),
        "blank nodes get canonical labels"
    );
    assert!(nquads.contains(r#""Shymkent\nregion""#));
    let turtle = data
        .run("store", &["export", "--format", "turtle"])
        .success();
    let text = turtle
        .stderr_has("4 graphs were merged into one: turtle has no named graphs")
        .stdout;
    assert!(text.contains("@prefix schema: <http://schema.org/> ."));
    // One block per subject: the event's IRI starts exactly one statement.
    let event = "event:shymkent-seminar-2015 ";
    assert_eq!(
        text.lines().filter(|l| l.starts_with(event)).count(),
        1,
        "{text}"
    );
}

#[test]
fn a_graph_named_by_a_blank_node_is_exported_with_the_named_ones() {
    let env = Env::new();
    env.write(
        "graphs.trig",
        "@prefix ex: <https://example.org/> .\n\
         _:g { ex:a ex:p _:x . _:x ex:q \"1\" . }\n\
         ex:h { ex:b ex:p ex:c . ex:b ex:r \"two\" . }\n",
    );
    env.run(&["load", "graphs.trig"]).success();
    let exported = env.run(&["export"]).success().stdout;
    assert_eq!(
        exported,
        "<https://example.org/a> <https://example.org/p> _:c14n1 _:c14n0 .\n\
         <https://example.org/b> <https://example.org/p> <https://example.org/c> <https://example.org/h> .\n\
         <https://example.org/b> <https://example.org/r> \"two\" <https://example.org/h> .\n\
         _:c14n1 <https://example.org/q> \"1\" _:c14n0 .\n"
    );
}

#[test]
fn every_export_format_parses_back_with_rdflib_into_the_same_dataset() {
    let data = Data::new();
    data.load("store", &[0, 1, 2]);
    let reference = data.run("store", &["export"]).success().stdout;
    let quads = canonical(&reference, false);
    let triples = canonical(&reference, true);
    // The virtual environment `tests/setup` makes, with the pinned rdflib.
    let python = repo().join(".venv/bin/python");
    for (format, rdflib, extension) in [
        ("nquads", "nquads", "nq"),
        ("trig", "trig", "trig"),
        ("jsonld", "json-ld", "jsonld"),
        ("turtle", "turtle", "ttl"),
        ("ntriples", "nt", "nt"),
        ("rdfxml", "xml", "rdf"),
    ] {
        let file = format!("export.{extension}");
        data.run("store", &["export", "-o", &file]).success();
        let output = Command::new(&python)
            .arg(repo().join("tests/tools/rdflib_nquads.py"))
            .arg(rdflib)
            .arg(data.path(&file))
            .output()
            .unwrap_or_else(|e| panic!("{}: {e} (run tests/setup)", python.display()));
        assert!(
            output.status.success(),
            "rdflib could not read the {format} export (is rdflib installed? run tests/setup):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let parsed = canonical(&String::from_utf8(output.stdout).unwrap(), false);
        let expected = if matches!(format, "nquads" | "trig" | "jsonld") {
            &quads
        } else {
            &triples
        };
        assert_eq!(
            &parsed, expected,
            "rdflib reads another dataset from the {format} export"
        );
    }
}

#[test]
fn a_snapshot_restores_into_a_fresh_store_and_snapshots_again_byte_identical() {
    let data = Data::new();
    data.load("store", &[0, 1, 2]);
    snapshot(&data, "store", "first", &[]).stdout_has("from 3 sources");
    data.run("fresh", &["load", "first"])
        .success()
        .stdout_has("checksum verified")
        .stdout_has("3 sources loaded (3 added");
    snapshot(&data, "fresh", "second", &[]);
    assert_same_snapshot(&data, "first", "second");
    // Shared like any file the user writes: the mode a plain write gets.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let plain = data.env.write("plain.txt", "x");
        assert_eq!(mode(&data.path("first/dataset.nq")), mode(&plain));
        assert_eq!(mode(&data.path("first")) & 0o444, mode(&plain) & 0o444);
    }
    // Provenance came back: the same records, load times included.
    let sources = |store| {
        data.run(store, &["sources", "--format", "json"])
            .success()
            .json()
    };
    assert_eq!(sources("store"), sources("fresh"));
    // Queries see the restored graphs.
    data.run(
        "fresh",
        &[
            "query",
            "participants-of-event",
            "--param",
            "event=event:shymkent-seminar-2015",
            "--format",
            "csv",
        ],
    )
    .success()
    .stdout_has("law-enforcement officers");
    // Restoring again changes nothing.
    data.run("fresh", &["load", "first"])
        .success()
        .stdout_has("0 added, 0 replaced, 3 unchanged");
}

#[test]
fn a_graph_named_by_a_blank_node_comes_back_from_a_snapshot() {
    let data = Data::new();
    let file = data.env.write(
        "data/blank-graph.trig",
        "@prefix ex: <https://example.org/> .\n\
         _:g { ex:a ex:p _:x . _:x ex:q \"1\" . }\n\
         ex:h { ex:b ex:p ex:c . }\n",
    );
    data.run("store", &["load", file.to_str().unwrap()])
        .success();
    snapshot(&data, "store", "first", &[]);
    data.run("fresh", &["load", "first"])
        .success()
        .stdout_has("1 source loaded (1 added");
    snapshot(&data, "fresh", "second", &[]);
    assert_same_snapshot(&data, "first", "second");
    let export = |store| data.run(store, &["export"]).success().stdout;
    assert_eq!(export("store"), export("fresh"));
    // Restoring again, or into the store the snapshot came from, changes
    // nothing: labels of blank nodes differ from store to store.
    data.run("fresh", &["load", "first"])
        .success()
        .stdout_has("0 added, 0 replaced, 1 unchanged");
    data.run("store", &["load", "first"])
        .success()
        .stdout_has("0 added, 0 replaced, 1 unchanged");
    // The restored source owns its graphs: unloading it removes them all,
    // and its triples from the default graph.
    data.run("fresh", &["unload", file.to_str().unwrap()])
        .success();
    assert_eq!(export("fresh"), "");
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    data.run("fresh", &["query", "-e", count, "--format", "csv"])
        .success()
        .stdout_has("n\r\n0\r\n");
}

#[test]
fn the_manifest_describes_the_dataset_file_and_its_sources() {
    let data = Data::new();
    data.load("store", &[0, 1, 2]);
    snapshot(&data, "store", "snap", &["--compress", "zstd"]);
    let dataset = read(&data.path("snap/dataset.nq.zst"));
    let manifest_path = data.path("snap/manifest.ttl");
    let manifest = String::from_utf8(read(&manifest_path)).unwrap();
    let base = format!("file://{}", manifest_path.display());
    let graph: Vec<oxrdf::Triple> = oxttl::TurtleParser::new()
        .with_base_iri(&base)
        .unwrap()
        .for_slice(&manifest)
        .map(Result::unwrap)
        .collect();
    let object = |subject: &str, predicate: &str| -> Vec<String> {
        graph
            .iter()
            .filter(|t| t.subject.to_string() == subject && t.predicate.as_str() == predicate)
            .map(|t| match &t.object {
                oxrdf::Term::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            })
            .collect()
    };
    let dir = format!("file://{}", data.path("snap").display());
    let node = format!("<{base}#dataset>");
    let file = format!("<{dir}/dataset.nq.zst>");
    let checksum = format!("<{base}#checksum>");
    let sha256: String = Sha256::digest(&dataset)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        object(&checksum, "http://spdx.org/rdf/terms#checksumValue"),
        [sha256]
    );
    assert_eq!(
        object(&file, "http://www.w3.org/ns/dcat#byteSize"),
        [dataset.len().to_string()]
    );
    assert_eq!(
        object(&file, "http://www.w3.org/ns/dcat#compressFormat"),
        ["application/zstd"]
    );
    assert_eq!(
        object(&node, "http://purl.org/dc/terms/created"),
        ["2015-10-29T00:00:00Z"]
    );
    let quads = data
        .run("store", &["export"])
        .success()
        .stdout
        .lines()
        .count();
    // Every quad is counted in its graph; in total, equal triples count once.
    let per_graph: usize = object(&node, "http://rdfs.org/ns/void#subset")
        .iter()
        .map(|g| {
            object(g, "http://rdfs.org/ns/void#triples")[0]
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(per_graph, quads);
    assert_eq!(
        object(&node, "http://www.w3.org/ns/prov#wasDerivedFrom").len(),
        3
    );
    let sources = data
        .run("store", &["sources", "--format", "json"])
        .success()
        .json();
    for source in sources.as_array().unwrap() {
        let iri = format!("<{}>", source["source"].as_str().unwrap());
        assert_eq!(
            object(&iri, "https://w3id.org/actorgraph/ns#sha256"),
            [source["sha256"].as_str().unwrap()]
        );
    }
    // The compressed snapshot restores too.
    data.run("fresh", &["load", "snap"]).success();
    assert_eq!(
        data.run("fresh", &["export"]).success().stdout,
        data.run("store", &["export"]).success().stdout
    );
}

#[test]
fn a_damaged_snapshot_is_refused_and_the_store_is_left_as_it_was() {
    let data = Data::new();
    data.load("store", &[0, 1, 2]);
    snapshot(&data, "store", "good", &[]);
    data.load("target", &[0]);
    let before = data.run("target", &["export"]).success().stdout;

    type Damage = fn(Vec<u8>) -> Vec<u8>;
    let damages: [(&str, &str, Damage, &str); 3] = [
        (
            "flipped",
            "dataset.nq",
            |mut bytes| {
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x20;
                bytes
            },
            "its SHA-256 is",
        ),
        (
            "truncated",
            "dataset.nq",
            |bytes| bytes[..bytes.len() - 100].to_vec(),
            "bytes, the manifest says",
        ),
        (
            "bad-manifest",
            "manifest.ttl",
            |bytes| bytes[..bytes.len() / 2].to_vec(),
            "manifest.ttl: the snapshot is damaged",
        ),
    ];
    for (dir, damaged, damage, why) in damages {
        std::fs::create_dir_all(data.path(dir)).unwrap();
        for file in ["dataset.nq", "manifest.ttl"] {
            std::fs::copy(data.path("good").join(file), data.path(dir).join(file)).unwrap();
        }
        let path = data.path(dir).join(damaged);
        std::fs::write(&path, damage(read(&path))).unwrap();
        data.run("target", &["load", dir])
            .failure()
            .stderr_has("the snapshot is damaged")
            .stderr_has(why)
            .stderr_has("nothing was loaded");
        assert_eq!(data.run("target", &["export"]).success().stdout, before);
    }
}

#[test]
fn a_restore_refuses_a_source_the_store_holds_with_other_content() {
    let data = Data::new();
    data.load("store", &[0, 1, 2]);
    snapshot(&data, "store", "snap", &[]);
    let tricky = data.files[2].clone();
    std::fs::write(&tricky, TRICKY_TRIG.replace("Anonymous", "Someone")).unwrap();
    data.load("other", &[2]);
    let before = data.run("other", &["export"]).success().stdout;
    data.run("other", &["load", "snap"])
        .failure()
        .stderr_has("which the store already holds with other content");
    assert_eq!(data.run("other", &["export"]).success().stdout, before);
}

#[test]
fn diff_finds_one_added_and_one_removed_triple_per_graph() {
    let data = Data::new();
    data.load("store", &[0, 1, 2]);
    snapshot(&data, "store", "before", &[]);
    let tricky = data.files[2].clone();
    let changed = TRICKY_TRIG.replace(
        "schema:dateCreated \"2015-10-30\"",
        "schema:dateCreated \"2015-10-31\"",
    );
    std::fs::write(&tricky, changed).unwrap();
    data.load("store", &[2]);
    snapshot(&data, "store", "after", &[]);

    let run = data.run("store", &["diff", "before", "after"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let graph = format!("graph <file://{}>", tricky.display());
    let text = run.stdout;
    assert!(text.contains(&graph), "{text}");
    assert!(
        text.contains(
            r#"- <https://example.org/report-1> <http://schema.org/dateCreated> "2015-10-30"^^"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"+ <https://example.org/report-1> <http://schema.org/dateCreated> "2015-10-31"^^"#
        ),
        "{text}"
    );
    assert!(text.ends_with("1 added, 1 removed in 1 graph\n"), "{text}");

    let json = data
        .run("store", &["diff", "before", "after", "--format", "json"])
        .json();
    assert_eq!(json["equal"], false);
    assert_eq!(
        (json["added"].as_u64(), json["removed"].as_u64()),
        (Some(1), Some(1))
    );
    let patch = data
        .run("store", &["diff", "before", "after", "--format", "patch"])
        .stdout;
    assert_eq!(patch.lines().filter(|l| l.starts_with("A ")).count(), 1);
    assert_eq!(patch.lines().filter(|l| l.starts_with("D ")).count(), 1);

    // Equal datasets: the snapshot and the store it was taken of.
    let same = data.run("store", &["diff", "after", "@store"]);
    assert_eq!(same.code, Some(0), "{}{}", same.stdout, same.stderr);
    assert!(same.stdout.contains("0 added, 0 removed"));
    // Errors exit with 2, as diff's do.
    std::fs::create_dir(data.path("empty")).unwrap();
    let not_snapshot = data.run("store", &["diff", "after", "empty"]);
    assert_eq!(not_snapshot.code, Some(2));
    assert!(
        not_snapshot
            .stderr
            .contains("not an actorgraph snapshot: it has no manifest.ttl"),
        "{}",
        not_snapshot.stderr
    );
    let missing = data.run("store", &["diff", "after", "nowhere"]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("nowhere: no such file or folder"));
}

#[test]
fn diff_compares_blank_nodes_by_their_canonical_labels() {
    let data = Data::new();
    let a = data.env.write(
        "a.ttl",
        "<https://e.org/s> <https://e.org/p> [ <https://e.org/q> \"x\" ] .\n",
    );
    let b = data.env.write(
        "b.nt",
        "<https://e.org/s> <https://e.org/p> _:other .\n_:other <https://e.org/q> \"x\" .\n",
    );
    let compressed = data.path("a.nq.gz");
    data.run("store", &["load", a.to_str().unwrap()]).success();
    let run = data.run("store", &["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    // A gzip export of the store holds the same quads as the store.
    data.run("store", &["export", "-o", compressed.to_str().unwrap()])
        .success();
    let run = data.run("store", &["diff", compressed.to_str().unwrap(), "@store"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

/// The canonical N-Quads of a text, parsed by `oxttl` (not the binary);
/// with `merge`, every triple is moved into the default graph.
fn canonical(nquads: &str, merge: bool) -> Vec<String> {
    let mut dataset = Dataset::new();
    for quad in oxttl::NQuadsParser::new().for_slice(nquads) {
        let mut quad = quad.unwrap();
        if merge {
            quad.graph_name = oxrdf::GraphName::DefaultGraph;
        }
        dataset.insert(&quad);
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .")).collect();
    lines.sort();
    lines
}
