//! `actorgraph push`, `query --endpoint` and `endpoint check` against real
//! engines started on 127.0.0.1 by `engines.rs`: Oxigraph's server (with
//! and without its union default graph) and Virtuoso (Graph Store Protocol
//! with Digest authentication). After a push the remote's graphs have the
//! store's counts, a second push sends nothing, a changed source sends its
//! graph, an unloaded one is deleted, graphs actorgraph did not push are
//! left alone, a push killed midway converges when run again, and every
//! saved query prints the same bytes remotely as locally.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::engines::{OxigraphServer, Virtuoso, select_count, tdb2_load};
use crate::queries::{example_args, example_store};
use crate::util::{Env, Run, big_turtle, bin, repo, tsv, venv_python};

/// The merged graph's name on a remote.
const MERGED: &str = "https://w3id.org/actorgraph/graph/merged";

/// `command` without any credentials the environment holds.
fn without_credentials(mut command: Command) -> Command {
    for name in [
        "ACTORGRAPH_ENDPOINT_USER",
        "ACTORGRAPH_ENDPOINT_PASSWORD",
        "ACTORGRAPH_ENDPOINT_TOKEN",
    ] {
        command.env_remove(name);
    }
    command
}

/// A remote engine as the tests see it.
struct Remote<'a> {
    /// What `push` is given: the graph store's URL, or an update
    /// endpoint's with `--sparql-update`.
    push_to: Vec<String>,
    sparql: String,
    /// Credentials, as environment variables of the binary.
    credentials: Vec<(&'static str, String)>,
    count: Box<dyn Fn(&str) -> u64 + 'a>,
    /// Puts one triple into a graph, as another program would.
    put_foreign: Box<dyn Fn(&str) + 'a>,
}

impl Remote<'_> {
    /// The binary on `env`'s store with the remote's credentials.
    fn cmd(&self, env: &Env, args: &[&str]) -> Command {
        self.with_credentials(env.cmd(args))
    }

    /// `command` with the remote's credentials in its environment, and no
    /// others.
    fn with_credentials(&self, command: Command) -> Command {
        let mut command = without_credentials(command);
        command.envs(self.credentials.iter().map(|(k, v)| (k, v)));
        command
    }

    fn run(&self, env: &Env, args: &[&str]) -> Run {
        Run::from(self.cmd(env, args).stdin(Stdio::null()).output().unwrap())
    }

    /// Runs a command that opens no store (`endpoint check`).
    fn run_storeless(&self, args: &[&str]) -> Run {
        let mut command = bin();
        command.args(args);
        let output = self.with_credentials(command).stdin(Stdio::null()).output();
        Run::from(output.unwrap())
    }

    /// `push` to this remote, then `extra`.
    fn push_args<'s>(&'s self, extra: &[&'s str]) -> Vec<&'s str> {
        let mut args = vec!["push"];
        args.extend(self.push_to.iter().map(String::as_str));
        args.extend(extra);
        args
    }

    fn push(&self, env: &Env) -> Run {
        self.run(env, &self.push_args(&[])).success()
    }
}

oxigraph_test!(pushes_converge_on_oxigraph, false, false);
oxigraph_test!(
    pushes_converge_on_oxigraph_with_a_union_default_graph,
    true,
    false
);
oxigraph_test!(
    pushes_converge_on_oxigraph_through_sparql_update,
    false,
    true
);

macro_rules! oxigraph_test {
    ($name:ident, $union:expr, $update:expr) => {
        #[test]
        fn $name() {
            let server = OxigraphServer::start($union);
            let push_to = if $update {
                vec![
                    server.update.clone(),
                    "--sparql-update".to_owned(),
                    "--endpoint".to_owned(),
                    server.query.clone(),
                ]
            } else {
                vec![server.graph_store.clone()]
            };
            let remote = Remote {
                push_to,
                sparql: server.query.clone(),
                credentials: Vec::new(),
                count: Box::new(|g| server.count(g)),
                put_foreign: Box::new(|g| put_plain(&server.graph_store, g)),
            };
            push_cycle(&remote);
        }
    };
}
use oxigraph_test;

#[test]
fn pushes_converge_on_virtuoso_with_digest_authentication() {
    let Some(virtuoso) = Virtuoso::start() else {
        return;
    };
    let remote = Remote {
        push_to: vec![virtuoso.graph_store.clone()],
        sparql: virtuoso.sparql.clone(),
        credentials: vec![
            ("ACTORGRAPH_ENDPOINT_USER", virtuoso.user.clone()),
            ("ACTORGRAPH_ENDPOINT_PASSWORD", virtuoso.password.clone()),
        ],
        count: Box::new(|g| virtuoso.count(g)),
        put_foreign: Box::new(|g| {
            virtuoso.isql(&format!(
                "SPARQL INSERT DATA {{ GRAPH <{g}> {{ <urn:other:s> <urn:other:p> \"theirs\" }} }};"
            ));
        }),
    };
    push_cycle(&remote);

    // What `endpoint check` finds: the union default graph, the query by
    // POST that never answers, writes with credentials only, and how a
    // query past its time is reported (an incomplete answer, with a header
    // saying so).
    let checked = |credentials: &[(&'static str, String)]| {
        let remote = Remote {
            credentials: credentials.to_vec(),
            ..remote_of(&virtuoso)
        };
        remote
            .run_storeless(&[
                "endpoint",
                "check",
                &virtuoso.sparql,
                "--graph-store",
                &virtuoso.graph_store,
                "--probe-timeout",
                "--format",
                "json",
            ])
            .success()
            .json()
    };
    let found = checked(&remote.credentials);
    assert_eq!(
        answer(&found, "default graph is the union of all graphs"),
        "yes"
    );
    assert_eq!(answer(&found, "default-graph-uri honoured"), "yes");
    assert_eq!(answer(&found, "named-graph-uri honoured"), "yes");
    assert_eq!(answer(&found, "query by POST (form)"), "yes");
    assert_eq!(answer(&found, "query by POST (direct)"), "no");
    assert_eq!(answer(&found, "Graph Store Protocol: write"), "yes");
    assert_eq!(answer(&found, "stops a query at its time limit"), "yes");
    assert!(
        note(&found, "stops a query at its time limit").contains("S1TAT"),
        "{found}"
    );
    assert_eq!(found["pushed_graphs"], 4, "{found}");
    let anonymous = checked(&[]);
    assert_eq!(answer(&anonymous, "Graph Store Protocol: write"), "no");
    assert!(note(&anonymous, "Graph Store Protocol: write").contains("Digest"));
    assert_eq!(select_count(&virtuoso.sparql, SCRATCH_GRAPHS), 0);

    // Credentials: none, and a wrong password, are refused with a message
    // that says what to set and shows no password.
    let env = example_store();
    let none = Remote {
        credentials: Vec::new(),
        ..remote_of(&virtuoso)
    };
    none.run(&env, &["push", &virtuoso.graph_store])
        .failure()
        .stderr_has("asks who is calling (Digest)")
        .stderr_has("ACTORGRAPH_ENDPOINT_USER");
    let wrong = Remote {
        credentials: vec![
            ("ACTORGRAPH_ENDPOINT_USER", virtuoso.user.clone()),
            ("ACTORGRAPH_ENDPOINT_PASSWORD", "Wr0ngSecret".to_owned()),
        ],
        ..remote_of(&virtuoso)
    };
    let run = wrong
        .run(&env, &["push", &virtuoso.graph_store])
        .failure()
        .stderr_has("refused the credentials given");
    assert!(!run.stderr.contains("Wr0ngSecret") && !run.stdout.contains("Wr0ngSecret"));

    // On a terminal, a server that asks is answered from a prompt, the
    // password typed without echo.
    let typed = without_credentials(venv_python())
        .arg(repo().join("tests/push_prompt.py"))
        .args([&virtuoso.user, &virtuoso.password])
        .arg(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["push", &virtuoso.graph_store, "--dry-run", "--store"])
        .arg(env.store())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&typed.stdout);
    assert!(typed.status.success(), "{shown}");
    assert!(shown.contains("asks for credentials"), "{shown}");
    assert!(shown.contains("dry run, nothing sent"), "{shown}");
    assert!(
        !shown.contains(&virtuoso.password),
        "the password showed:\n{shown}"
    );
    // A URL with credentials in it is refused without echoing them.
    let with_password = virtuoso
        .graph_store
        .replace("http://", "http://dba:Sup3rSecret@");
    let run = none
        .run(&env, &["push", &with_password])
        .failure()
        .stderr_has("holds credentials");
    assert!(!run.stderr.contains("Sup3rSecret"), "{}", run.stderr);
}

/// Triples left in `endpoint check`'s scratch graphs.
const SCRATCH_GRAPHS: &str = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
     FILTER(STRSTARTS(STR(?g), \"urn:actorgraph:check\")) }";

/// The answer `endpoint check --format json` gives to one check.
fn answer(found: &serde_json::Value, check: &str) -> String {
    entry(found, check)["answer"].as_str().unwrap().to_owned()
}

/// What showed it.
fn note(found: &serde_json::Value, check: &str) -> String {
    entry(found, check)["note"].as_str().unwrap().to_owned()
}

fn entry<'a>(found: &'a serde_json::Value, check: &str) -> &'a serde_json::Value {
    found["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == check)
        .unwrap_or_else(|| panic!("no check '{check}' in {found}"))
}

#[test]
fn endpoint_check_tells_a_union_default_graph_from_a_plain_one() {
    for union in [false, true] {
        let server = OxigraphServer::start(union);
        let env = Env::new();
        let found = env
            .run_storeless(&[
                "endpoint",
                "check",
                &server.query,
                "--graph-store",
                &server.graph_store,
                "--format",
                "json",
            ])
            .success()
            .json();
        let expected = if union { "yes" } else { "no" };
        assert_eq!(
            answer(&found, "default graph is the union of all graphs"),
            expected,
            "{found}"
        );
        for check in [
            "query by GET",
            "query by POST (form)",
            "query by POST (direct)",
            "default-graph-uri honoured",
            "named-graph-uri honoured",
            "Graph Store Protocol: read",
            "Graph Store Protocol: write",
            "results as text/tab-separated-values",
        ] {
            assert_eq!(answer(&found, check), "yes", "{check}: {found}");
        }
        assert!(found["pushed_graphs"].is_null());
        // The scratch graph is gone again.
        assert_eq!(select_count(&server.query, SCRATCH_GRAPHS), 0);
        // Without a graph store it only reads, and says what it cannot tell.
        let table = env
            .run_storeless(&["endpoint", "check", &server.query])
            .success();
        assert!(
            table.stdout.contains("no graph store URL was given"),
            "{}",
            table.stdout
        );
    }
}

#[test]
fn another_store_s_push_is_replaced_only_when_asked() {
    let server = OxigraphServer::start(false);
    let first = Env::new();
    let a = first.write(
        "a.ttl",
        "<https://example.org/a> <http://schema.org/name> \"A\" .\n",
    );
    first.run(&["load", a.to_str().unwrap()]).success();
    first.run(&["push", &server.graph_store]).success();
    let a_graph = format!("file://{}", a.display());
    assert_eq!(server.count(&a_graph), 1);

    // Another store, none of whose sources the record lists: refused,
    // the first store's graph kept.
    let second = Env::new();
    let b = second.write(
        "b.ttl",
        "<https://example.org/b> <http://schema.org/name> \"B\" .\n",
    );
    second.run(&["load", b.to_str().unwrap()]).success();
    second
        .run(&["push", &server.graph_store])
        .failure()
        .stderr_has("holds another store's push")
        .stderr_has("--replace");
    assert_eq!(server.count(&a_graph), 1);
    // Asked to: the first store's graph goes, the second's comes.
    second
        .run(&["push", &server.graph_store, "--replace"])
        .success();
    assert_eq!(server.count(&a_graph), 0);
    assert_eq!(server.count(&format!("file://{}", b.display())), 1);
}

#[test]
fn a_snapshot_folder_is_pushed_as_its_store_would_be() {
    let env = example_store();
    let snapshot = env.path("monday");
    env.run(&["snapshot", snapshot.to_str().unwrap()]).success();
    let server = OxigraphServer::start(false);
    env.run(&[
        "push",
        &server.graph_store,
        "--snapshot",
        snapshot.to_str().unwrap(),
        "--verify",
    ])
    .success()
    .stdout_has("every graph has the store's triple count");
    // The sources' graphs and the merged graph the snapshot makes are the
    // store's (its metadata graph records another load).
    for (graph, n) in store_counts(&env) {
        if graph != "https://w3id.org/actorgraph/graph/metadata" {
            assert_eq!(server.count(&graph), n, "triples in {graph}");
        }
    }
}

#[test]
fn recipes_print_each_engine_s_bulk_load_of_a_snapshot_and_jena_s_loads_it_all() {
    let env = example_store();
    let snapshot = env.path("monday");
    env.run(&["snapshot", snapshot.to_str().unwrap()]).success();
    let folder = snapshot.canonicalize().unwrap();
    let dataset = folder.join("dataset.nq");
    let dataset = dataset.to_str().unwrap();
    // Virtuoso's loader is given the folder and the file apart.
    let virtuoso_file = format!("ld_dir('{}', 'dataset.nq'", folder.display());
    for (engine, command) in [
        ("virtuoso", "rdf_loader_run()"),
        ("tdb2", "tdb2.tdbloader"),
        ("qlever", "qlever index"),
        ("neptune", "\"format\": \"nquads\""),
    ] {
        let recipe = env
            .run_storeless(&["push", "--recipe", engine, snapshot.to_str().unwrap()])
            .success();
        assert!(
            recipe.stdout.contains(command),
            "{engine}: {}",
            recipe.stdout
        );
        let file = if engine == "virtuoso" {
            &virtuoso_file
        } else {
            dataset
        };
        assert!(recipe.stdout.contains(file), "{engine}: {}", recipe.stdout);
    }
    env.run_storeless(&[
        "push",
        "--recipe",
        "tdb2",
        env.path("nothing").to_str().unwrap(),
    ])
    .failure()
    .stderr_has("not an actorgraph snapshot");

    // Jena's own bulk loader takes the snapshot's N-Quads whole: as many
    // quads as the manifest counts in its graphs.
    let Some(loaded) = tdb2_load(Path::new(dataset), env.dir.path()) else {
        return;
    };
    assert_eq!(loaded, manifest_quads(&snapshot.join("manifest.ttl")));
}

/// The quads of a snapshot by its manifest: the sum of its graphs'
/// `void:triples`.
fn manifest_quads(manifest: &Path) -> u64 {
    let base = format!("file://{}", manifest.display());
    let graph_part = format!("{base}#graph-");
    let mut quads = 0;
    for triple in oxttl::TurtleParser::new()
        .with_base_iri(&base)
        .unwrap()
        .for_reader(std::fs::File::open(manifest).unwrap())
    {
        let triple = triple.unwrap();
        let subject = triple.subject.to_string();
        let is_graph = subject
            .trim_matches(['<', '>'])
            .strip_prefix(&graph_part)
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit()));
        if is_graph
            && triple.predicate.as_str() == "http://rdfs.org/ns/void#triples"
            && let oxrdf::Term::Literal(n) = &triple.object
        {
            quads += n.value().parse::<u64>().unwrap();
        }
    }
    assert!(quads > 0, "no graph counted in {}", manifest.display());
    quads
}

/// A Virtuoso remote without its test hooks, for runs that fail.
fn remote_of(virtuoso: &Virtuoso) -> Remote<'_> {
    Remote {
        push_to: vec![virtuoso.graph_store.clone()],
        sparql: virtuoso.sparql.clone(),
        credentials: Vec::new(),
        count: Box::new(|g| virtuoso.count(g)),
        put_foreign: Box::new(|_| {}),
    }
}

/// Puts one triple into `graph` of an unauthenticated graph store.
fn put_plain(graph_store: &str, graph: &str) {
    let response = ureq::Agent::config_builder()
        .proxy(None)
        .build()
        .new_agent()
        .put(graph_store)
        .query("graph", graph)
        .header("Content-Type", "application/n-triples")
        .send("<urn:other:s> <urn:other:p> \"theirs\" .\n")
        .unwrap();
    assert!(response.status().is_success());
}

/// The graphs each line of a push's log names: `sending G (N triples)`,
/// `deleted G`.
fn logged(run: &Run, verb: &str) -> BTreeSet<String> {
    run.stderr
        .lines()
        .filter_map(|l| l.strip_prefix(verb))
        .map(|rest| rest.split(' ').next().unwrap().to_owned())
        .collect()
}

/// The store's graphs and their triples, the default graph under the
/// merged graph's remote name.
fn store_counts(env: &Env) -> BTreeMap<String, u64> {
    let named = env
        .run(&[
            "query",
            "-e",
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "--format",
            "tsv",
        ])
        .success();
    let (_, rows) = tsv(&named.stdout);
    let mut counts: BTreeMap<String, u64> = rows
        .iter()
        .map(|row| {
            let graph = row[0].trim_start_matches('<').trim_end_matches('>');
            let n = row[1].split('^').next().unwrap().trim_matches('"');
            (graph.to_owned(), n.parse().unwrap())
        })
        .collect();
    let merged = env
        .run(&[
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--format",
            "tsv",
        ])
        .success();
    let (_, rows) = tsv(&merged.stdout);
    let n = rows[0][0].split('^').next().unwrap().trim_matches('"');
    counts.insert(MERGED.to_owned(), n.parse().unwrap());
    counts
}

#[track_caller]
fn assert_remote_has_store_counts(env: &Env, remote: &Remote<'_>) {
    for (graph, n) in store_counts(env) {
        assert_eq!((remote.count)(&graph), n, "triples in {graph}");
    }
}

/// The columns that join several values with GROUP_CONCAT. SPARQL leaves
/// the order of the values to the engine (Virtuoso sorts them, Oxigraph
/// keeps the order it found them in), and engines differ on the language
/// of the joined text and on an empty list ("" or no value).
const LISTS: [&str; 9] = [
    "?places",
    "?organizers",
    "?sponsors",
    "?funders",
    "?contributors",
    "?origins",
    "?partners",
    "?linkedTo",
    "?staff",
];

/// A TSV answer with its list cells as sets: values sorted, no language,
/// an empty list as no value.
fn lists_as_sets(answer: &str) -> String {
    let mut lines = answer.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let mut out = vec![header.join("\t")];
    for line in lines {
        let cells: Vec<String> = line
            .split('\t')
            .zip(&header)
            .map(|(cell, column)| {
                if !LISTS.contains(column) || cell.is_empty() {
                    return cell.to_owned();
                }
                let text = cell[1..cell.rfind('"').unwrap()].to_owned();
                let mut items: Vec<&str> = text.split("; ").filter(|i| !i.is_empty()).collect();
                items.sort_unstable();
                items.join("; ")
            })
            .collect();
        out.push(cells.join("\t"));
    }
    out.join("\n")
}

/// Every saved query with its example, on the store and on the remote: the
/// same bytes in TSV, JSON and as a table; for a query with lists (see
/// [`LISTS`]), the same rows in TSV, each list the same set.
#[track_caller]
fn assert_same_answers(env: &Env, remote: &Remote<'_>) {
    let mut names: Vec<_> = std::fs::read_dir(repo().join("queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    names.sort();
    for path in names {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let params = example_args(&std::fs::read_to_string(&path).unwrap());
        let run = |format: &str, endpoint: Option<&str>| {
            let mut args: Vec<&str> = vec!["query", &name, "--format", format];
            args.extend(params.iter().map(String::as_str));
            match endpoint {
                None => env.run(&args).success().stdout,
                Some(url) => {
                    args.extend(["--endpoint", url]);
                    remote.run(env, &args).success().stdout
                }
            }
        };
        let (local, there) = (run("tsv", None), run("tsv", Some(&remote.sparql)));
        if local != there
            && LISTS
                .iter()
                .any(|list| local.lines().next().unwrap().contains(list))
        {
            assert_eq!(
                lists_as_sets(&there),
                lists_as_sets(&local),
                "{name} on {} and locally, lists as sets",
                remote.sparql
            );
            continue;
        }
        assert_eq!(
            there, local,
            "{name} as tsv on {} and locally",
            remote.sparql
        );
        for format in ["json", "table"] {
            assert_eq!(
                run(format, Some(&remote.sparql)),
                run(format, None),
                "{name} as {format} on {} and locally",
                remote.sparql
            );
        }
    }
}

/// The whole life of a store pushed to `remote`.
fn push_cycle(remote: &Remote<'_>) {
    let env = Env::new();
    let a = env.write(
        "a.ttl",
        std::fs::read(repo().join("data/osce-shymkent-seminar-2015.ttl")).unwrap(),
    );
    let b = env.write(
        "b.ttl",
        std::fs::read(repo().join("data/cybercrime-capacity-building-central-asia.ttl")).unwrap(),
    );
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    env.run(&["load", a, b]).success();
    let a_graph = format!("file://{a}");
    let b_graph = format!("file://{b}");
    (remote.put_foreign)("urn:other:graph");

    // A dry run sends nothing.
    let dry = remote
        .run(&env, &remote.push_args(&["--dry-run"]))
        .success();
    assert!(
        dry.stdout
            .contains("dry run, nothing sent: 4 graphs to send"),
        "{}",
        dry.stdout
    );
    assert_eq!((remote.count)(MERGED), 0);

    // The first push sends every graph.
    let first = remote.push(&env);
    assert_eq!(logged(&first, "sending ").len(), 4, "{}", first.stderr);
    assert_remote_has_store_counts(&env, remote);
    assert_same_answers(&env, remote);
    let verify = remote
        .run(&env, &remote.push_args(&["--verify"]))
        .success()
        .stdout_has("every graph has the store's triple count");
    assert!(verify.stdout.contains("up to date"), "{}", verify.stdout);

    // Nothing changed: nothing sent.
    let again = remote.push(&env);
    assert!(logged(&again, "sending ").is_empty(), "{}", again.stderr);

    // One source changed: its graph goes, with the metadata and merged
    // graphs that follow it; the other source's graph does not.
    let mut changed = std::fs::read_to_string(a).unwrap();
    changed.push_str("\n<https://example.org/new> <http://schema.org/name> \"New\" .\n");
    std::fs::write(a, changed).unwrap();
    env.run(&["load", a]).success();
    let after_change = remote.push(&env);
    assert_eq!(
        logged(&after_change, "sending "),
        BTreeSet::from([
            a_graph.clone(),
            "https://w3id.org/actorgraph/graph/metadata".to_owned(),
            MERGED.to_owned()
        ]),
        "{}",
        after_change.stderr
    );
    assert_remote_has_store_counts(&env, remote);

    // One source unloaded: its graph is deleted, and only it.
    env.run(&["unload", b]).success();
    let after_unload = remote.push(&env);
    assert_eq!(
        logged(&after_unload, "deleted "),
        BTreeSet::from([b_graph.clone()])
    );
    assert_eq!((remote.count)(&b_graph), 0);
    assert_remote_has_store_counts(&env, remote);
    assert_same_answers(&env, remote);

    // A graph actorgraph did not push is never touched.
    assert_eq!((remote.count)("urn:other:graph"), 1);

    // A push killed midway, run again, converges, also for a source
    // unloaded in between whose graph the killed push had sent.
    let big = env.path("big.ttl");
    big_turtle(&big, 30_000);
    let big = big.to_str().unwrap().to_owned();
    env.run(&["load", &big, b]).success();
    let mut child = remote
        .cmd(&env, &remote.push_args(&[]))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Killed once it has sent a graph and is sending the next one.
    let mut log = String::new();
    let mut stderr = child.stderr.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut byte = [0; 1];
    while log.matches("sending ").count() < 2 && Instant::now() < deadline {
        if stderr.read(&mut byte).unwrap() == 0 {
            break;
        }
        log.push(byte[0] as char);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(log.contains("sending "), "{log}");
    env.run(&["unload", b]).success();
    let rerun = remote.push(&env);
    assert!(
        !rerun.stderr.contains("pushed: 0 graphs"),
        "{}",
        rerun.stderr
    );
    assert_eq!((remote.count)(&b_graph), 0, "{log}\n{}", rerun.stderr);
    assert_remote_has_store_counts(&env, remote);
    assert!(logged(&remote.push(&env), "sending ").is_empty());
    assert_eq!((remote.count)("urn:other:graph"), 1);
}
