//! Data in other vocabularies: the built-in alignments (`data/alignments.ttl`)
//! and the user's own make FOAF, SWC, ELI, schema.org subclasses and others
//! count as the model's terms for stats, saved queries and find; what they
//! derive is kept apart from the sources' graphs, follows its source through
//! replace, unload and a killed process, and says where it came from.

use std::process::Stdio;
use std::time::Duration;

use crate::util::{Env, tsv};

/// Runs a SPARQL query given as text on the store, as TSV rows.
fn select(env: &Env, query: &str) -> Vec<Vec<String>> {
    let run = env
        .run(&["query", "-e", query, "--format", "tsv"])
        .success();
    tsv(&run.stdout).1
}

/// The one number a `SELECT (COUNT(…) AS ?n)` query answers.
fn count(env: &Env, query: &str) -> u64 {
    let rows = select(env, query);
    let cell = &rows[0][0];
    cell.split('"')
        .nth(1)
        .unwrap_or(cell)
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {cell}"))
}

/// `stats --format json`'s count of one kind of entity.
fn entities(env: &Env, kind: &str) -> u64 {
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    stats["entities"][kind]
        .as_u64()
        .unwrap_or_else(|| panic!("no {kind} in {stats}"))
}

/// The IRIs `find` answers for `text`.
fn found(env: &Env, text: &str) -> Vec<String> {
    let run = env
        .run(&[
            "query",
            "find",
            "-p",
            &format!("text={text}"),
            "--format",
            "tsv",
        ])
        .success();
    tsv(&run.stdout)
        .1
        .into_iter()
        .map(|row| row[0].clone())
        .collect()
}

const PREFIXES: &str = "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n\
    PREFIX schema: <http://schema.org/>\n\
    PREFIX org: <http://www.w3.org/ns/org#>\n\
    PREFIX owl: <http://www.w3.org/2002/07/owl#>\n";

/// Stated entities of `class` (in the sources' graphs) that the merged
/// graph does not show as a `model_class`, unless owl:sameAs merged them
/// into another entity.
fn unseen(env: &Env, class: &str, model_class: &str) -> u64 {
    count(
        env,
        &format!(
            "{PREFIXES}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{
               GRAPH ?g {{ ?x a {class} }}
               FILTER NOT EXISTS {{ ?x a {model_class} }}
               FILTER NOT EXISTS {{ GRAPH <https://w3id.org/actorgraph/graph/metadata> {{ ?x <urn:actorgraph:view:representedBy> ?representative }} }}
             }}"
        ),
    )
}

#[test]
fn the_real_world_data_is_counted_found_and_dated_through_the_alignments() {
    let realdata = crate::util::test_data().join("realdata");
    let env = Env::new();
    env.run(&["load", realdata.to_str().unwrap()]).success();

    // Before the alignments, stats saw 1 person, 5 organizations and no
    // event in these 41 files.
    for (class, model_class) in [
        ("foaf:Person", "schema:Person"),
        ("foaf:Organization", "org:Organization"),
        ("schema:Corporation", "org:Organization"),
        (
            "<http://data.semanticweb.org/ns/swc/ontology#TalkEvent>",
            "schema:Event",
        ),
        (
            "<http://data.semanticweb.org/ns/swc/ontology#SessionEvent>",
            "schema:Event",
        ),
        (
            "<http://data.semanticweb.org/ns/swc/ontology#WorkshopEvent>",
            "schema:Event",
        ),
        (
            "<http://data.europa.eu/eli/eli-draft-legislation-ontology#Participation>",
            "<https://w3id.org/actorgraph/ns#Participation>",
        ),
    ] {
        assert_eq!(
            unseen(&env, class, model_class),
            0,
            "{class} as {model_class}"
        );
    }
    let stated = |class: &str| {
        count(
            &env,
            &format!(
                "{PREFIXES}SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x a {class} }} }}"
            ),
        )
    };
    let merged_away = count(
        &env,
        "SELECT (COUNT(?x) AS ?n) WHERE { GRAPH <https://w3id.org/actorgraph/graph/metadata> { ?x <urn:actorgraph:view:representedBy> ?r } }",
    );
    assert!(
        entities(&env, "persons") + merged_away >= stated("foaf:Person"),
        "every foaf:Person is a person"
    );
    let organizations = stated("foaf:Organization") + stated("schema:Corporation");
    assert!(entities(&env, "organizations") + merged_away >= organizations);
    assert!(organizations > 8_000);
    assert!(entities(&env, "events") > 1_100, "the conference events");

    // Found by name: a FOAF person, a company of the Basque register (an
    // https schema.org Corporation named by rdfs:label), a session.
    assert!(
        found(&env, "Goichi Itabashi")
            .contains(&"<http://data.semanticweb.org/person/goichi-itabashi>".to_owned())
    );
    assert!(
        found(&env, "reformas lagunetxe")
            .contains(&"<https://data.ehu.eus/bcitr/company/3564>".to_owned())
    );

    // The first ISWC's tutorials, on its first day, from iCal's dtstart.
    let run = env
        .run(&[
            "query",
            "timeline",
            "-p",
            "since=2002-06-09",
            "-p",
            "until=2002-06-09",
            "--format",
            "tsv",
        ])
        .success();
    let (columns, rows) = tsv(&run.stdout);
    let event = columns.iter().position(|c| c == "event").unwrap();
    let start = columns.iter().position(|c| c == "start").unwrap();
    let tutorial = rows
        .iter()
        .find(|row| row[event] == "<http://data.semanticweb.org/conference/iswc/2002/tutorial-1>")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        tutorial[start].starts_with("\"2002-06-09T09:00:00\""),
        "{tutorial:?}"
    );

    // A parliament's sitting, labelled in 24 languages, is listed once, by
    // its English name.
    let run = env
        .run(&[
            "query",
            "timeline",
            "-p",
            "since=2022-01-18",
            "-p",
            "until=2022-01-18",
            "--format",
            "tsv",
        ])
        .success();
    let (columns, rows) = tsv(&run.stdout);
    let (event, name) = (
        columns.iter().position(|c| c == "event").unwrap(),
        columns.iter().position(|c| c == "name").unwrap(),
    );
    let sitting: Vec<&Vec<String>> = rows
        .iter()
        .filter(|row| {
            row[event] == "<https://data.europarl.europa.eu/eli/dl/event/MTG-PL-2022-01-18>"
        })
        .collect();
    assert_eq!(sitting.len(), 1, "{}", run.stdout);
    assert!(sitting[0][name].ends_with("@en"), "{:?}", sitting[0]);
}

const ANN: &str = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n\
    <https://example.org/ann> a foaf:Person ; foaf:name \"Ann Example\" .\n";

#[test]
fn derived_statements_stay_out_of_the_sources_graph_and_follow_it() {
    let env = Env::new();
    let file = env.write("people.ttl", ANN);
    env.run(&["load", "people.ttl"]).success();
    assert_eq!(found(&env, "ann example"), ["<https://example.org/ann>"; 2]);
    assert_eq!(entities(&env, "persons"), 1);

    // The source's graph holds exactly its file.
    let graph = actorgraph_model::file_iri(&file.canonicalize().unwrap());
    let graph = graph.as_str();
    let in_graph = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
    assert_eq!(count(&env, &in_graph), 2);
    assert_eq!(
        count(&env, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        4,
        "the merged graph: the two triples and the two derived"
    );

    // sources-of tells the file stated it, and what was derived from what.
    let run = env
        .run(&[
            "query",
            "sources-of",
            "-p",
            "entity=https://example.org/ann",
            "--format",
            "tsv",
        ])
        .success();
    assert!(run.stdout.contains("\"derived\""), "{}", run.stdout);
    assert!(run.stdout.contains("foaf/0.1/name"), "{}", run.stdout);
    assert!(run.stdout.contains("schema.org/name"), "{}", run.stdout);

    // Replaced: the old name's derived statement goes with it.
    env.write("people.ttl", ANN.replace("Ann Example", "Anna Other"));
    env.run(&["load", "people.ttl"]).success();
    assert!(found(&env, "ann example").is_empty());
    assert_eq!(found(&env, "anna other").len(), 2);
    assert_eq!(count(&env, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), 4);

    // Unloaded: nothing is left, derived or stated.
    env.run(&["unload", "people.ttl"]).success();
    assert_eq!(count(&env, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), 0);
    assert_eq!(entities(&env, "persons"), 0);
}

#[test]
fn a_triple_two_sources_show_stays_until_both_are_gone() {
    // One states schema:name, the other foaf:name: the same merged triple.
    let env = Env::new();
    env.write("a.ttl", ANN);
    env.write(
        "b.ttl",
        "<https://example.org/ann> <http://schema.org/name> \"Ann Example\" .\n",
    );
    env.run(&["load", "a.ttl", "b.ttl"]).success();
    env.run(&["unload", "a.ttl"]).success();
    assert_eq!(found(&env, "ann example"), ["<https://example.org/ann>"]);
    env.write(
        "b.ttl",
        "<https://example.org/ann> <https://example.org/p> 1 .\n",
    );
    env.run(&["load", "a.ttl", "b.ttl"]).success();
    env.run(&["unload", "b.ttl"]).success();
    assert_eq!(found(&env, "ann example").len(), 2);
}

const STAFF: &str = "@prefix ex: <https://example.org/hr#> .\n\
    ex:bo a ex:Staffer ; ex:fullName \"Bo Staffer\" .\n\
    ex:cy a ex:Staffer ; ex:fullName \"Cy Staffer\" .\n";

const MY_ALIGNMENTS: &str = "@prefix ex: <https://example.org/hr#> .\n\
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
    @prefix schema: <http://schema.org/> .\n\
    ex:Staffer rdfs:subClassOf schema:Person .\n\
    ex:fullName rdfs:subPropertyOf schema:name .\n";

#[test]
fn a_users_alignment_takes_effect_and_leaves_with_its_source() {
    let env = Env::new();
    env.write("staff.ttl", STAFF);
    env.write("my-alignments.ttl", MY_ALIGNMENTS);
    env.run(&["load", "staff.ttl"]).success();
    assert!(found(&env, "staffer").is_empty());
    assert_eq!(entities(&env, "persons"), 0);

    env.run(&["load", "my-alignments.ttl"]).success();
    assert_eq!(
        found(&env, "bo staffer"),
        ["<https://example.org/hr#bo>"; 2]
    );
    assert_eq!(entities(&env, "persons"), 2);
    // Data loaded after the alignment is read through it at once.
    env.write(
        "more.ttl",
        "<https://example.org/hr#di> <https://example.org/hr#fullName> \"Di Staffer\" .\n",
    );
    env.run(&["load", "more.ttl"]).success();
    assert_eq!(found(&env, "di staffer"), ["<https://example.org/hr#di>"]);

    env.run(&["unload", "my-alignments.ttl"]).success();
    assert!(found(&env, "staffer").is_empty());
    assert_eq!(entities(&env, "persons"), 0);
}

#[test]
fn an_alignment_about_the_models_own_terms_is_not_applied() {
    // schema:name is the model's: a file cannot make it mean something else.
    let env = Env::new();
    env.write(
        "odd.ttl",
        "<http://schema.org/name> <http://www.w3.org/2000/01/rdf-schema#subPropertyOf> <https://example.org/odd> .\n\
         <https://example.org/a> <http://schema.org/name> \"A\" .\n",
    );
    env.run(&["load", "odd.ttl"]).success();
    assert_eq!(
        count(
            &env,
            "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/odd> ?o }"
        ),
        0
    );
}

/// Writes `n` FOAF persons, each with a name, in the vocabulary of `ex:`.
fn many_staff(env: &Env, n: usize) {
    let mut text = String::from("@prefix ex: <https://example.org/hr#> .\n");
    for i in 0..n {
        text.push_str(&format!(
            "ex:p{i} a ex:Staffer ; ex:fullName \"Person {i}\" .\n"
        ));
    }
    env.write("staff.ttl", text);
}

#[test]
fn an_alignment_load_killed_at_any_point_leaves_the_store_consistent() {
    let env = Env::new();
    let n = 60_000;
    many_staff(&env, n);
    env.run(&["load", "staff.ttl"]).success();
    env.write("my-alignments.ttl", MY_ALIGNMENTS);
    let names = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://schema.org/name> ?o }";
    // Each round loads the alignment (or unloads it) and kills the process
    // a little later than the round before.
    for (round, delay) in [50u64, 300, 800, 1_500, 3_000, 8_000]
        .into_iter()
        .enumerate()
    {
        let args: &[&str] = if round % 2 == 0 {
            &["load", "my-alignments.ttl"]
        } else {
            &["unload", "my-alignments.ttl"]
        };
        let mut child = env
            .cmd(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        let sources = env.run(&["sources", "--format", "json"]).success().json();
        let aligned = sources
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["path"].as_str().unwrap().contains("my-alignments"));
        let expected = if aligned { n as u64 } else { 0 };
        assert_eq!(count(&env, names), expected, "round {round}");
        assert_eq!(entities(&env, "persons"), expected, "round {round}");
    }
}

#[test]
fn a_killed_load_leaves_no_derived_statement_behind() {
    let env = Env::new();
    let mut text = String::from("@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n");
    for i in 0..150_000 {
        text.push_str(&format!(
            "<https://example.org/p{i}> a foaf:Person ; foaf:name \"Person {i}\" .\n"
        ));
    }
    env.write("people.ttl", text);
    let mut child = env
        .cmd(&["load", "people.ttl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    // The load may have finished already.
    let _ = child.kill();
    let status = child.wait().unwrap();
    let all = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let loaded = env.run(&["sources", "--format", "json"]).success().json();
    if loaded.as_array().unwrap().is_empty() {
        assert_eq!(count(&env, all), 0, "nothing derived is left");
    } else {
        // The load won the race: all of it is there.
        assert!(status.success());
        assert_eq!(count(&env, all), 600_000);
    }
}

#[test]
fn inference_off_keeps_the_plain_union_and_on_brings_the_derived_back() {
    let env = Env::new();
    env.write("people.ttl", ANN);
    env.run(&["load", "people.ttl"]).success();
    let all = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    assert_eq!(count(&env, all), 4);
    env.run(&["load", "--inference", "off", "people.ttl"])
        .success();
    assert_eq!(
        count(&env, all),
        2,
        "the file's two triples, nothing derived"
    );
    assert_eq!(entities(&env, "persons"), 0);
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["inference"]["on"], false, "{stats}");
    env.run(&["stats"])
        .success()
        .stdout_has("inference off: the graph queries read is the plain union of the sources");
    // The store remembers: a later load derives nothing either.
    env.write("more.ttl", ANN.replace("ann", "bo"));
    env.run(&["load", "more.ttl"]).success();
    assert_eq!(count(&env, all), 4);
    env.run(&["load", "--inference", "on", "people.ttl"])
        .success();
    assert_eq!(count(&env, all), 8);
    assert_eq!(entities(&env, "persons"), 2);
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(stats["inference"]["on"], true, "{stats}");
    assert!(
        stats["inference"]["alignment axioms"].as_u64().unwrap() > 200,
        "{stats}"
    );
}

#[test]
fn files_are_validated_as_a_store_would_show_them() {
    // A staffer with no name is a person without a name only through the
    // user's alignment: validated together, the files say so.
    let env = Env::new();
    env.write(
        "nameless.ttl",
        "<https://example.org/hr#x> a <https://example.org/hr#Staffer> .\n",
    );
    env.write("my-alignments.ttl", MY_ALIGNMENTS);
    env.run(&["validate", "nameless.ttl"]).success();
    env.run(&["validate", "nameless.ttl", "my-alignments.ttl"])
        .failure()
        .stdout_has("has no name");
    // Loaded, the store says the same.
    env.run(&["load", "nameless.ttl", "my-alignments.ttl"])
        .success();
    env.run(&["validate"]).failure().stdout_has("has no name");
}
