//! The example dataset in `data/`: it loads, and `stats` shows its actors
//! and events.

use crate::util::{Env, repo};

#[test]
fn the_example_data_loads_and_stats_shows_its_actors_and_events() {
    let env = Env::new();
    let data = repo().join("data");
    env.run(&["load", data.to_str().unwrap()])
        .success()
        .stdout_has("6 sources loaded (6 added");
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(
        stats["entities"],
        serde_json::json!({
            "persons": 13,
            "organizations": 50,
            "projects": 5,
            "events": 30,
            "planned events": 3,
            "roles held": 13,
            "participations": 38,
            "reported statements": 1,
            // 35 places named, two of them Kazakhstan: the press release's
            // place:kazakhstan and the project's actor:kazakhstan are both
            // owl:sameAs Wikidata's Q232, so they are one.
            "places": 34,
            "states that act": 9
        })
    );
    let table = env.run(&["stats"]).success();
    for line in [
        "entities             count",
        "persons                 13",
        "organizations           50",
        "projects                 5",
        "events                  30",
        "planned events           3",
        "reported statements      1",
        "states that act          9",
    ] {
        assert!(
            table.stdout.contains(line),
            "{line:?} missing from:\n{}",
            table.stdout
        );
    }
}

/// Second-edition entities, typed only with actorgraph's classes and with
/// no ontology loaded: `stats` knows the ontology's subclasses itself.
const SECOND_EDITION: &str = r#"
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix schema: <http://schema.org/> .
@prefix ex: <https://example.org/> .
ex:workshop a ag:Workshop ; schema:name "Workshop"@en ; schema:funder ex:germany ;
    schema:eventStatus schema:EventScheduled .
ex:visit a ag:Visit ; schema:name "Study visit"@en ; schema:contributor ex:project .
ex:germany a schema:Country ; schema:name "Germany"@en .
ex:austria a schema:Country ; schema:name "Austria"@en .
ex:project a schema:Project ; schema:name "Project"@en .
ex:said a ag:ReportedStatement ; schema:text "that the work goes on"@en ; ag:event ex:visit .
"#;

#[test]
fn stats_counts_the_second_editions_entities() {
    let env = Env::new();
    env.write("second.ttl", SECOND_EDITION);
    env.run(&["load", "second.ttl"]).success();
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    let entities = &stats["entities"];
    assert_eq!(entities["events"], 2, "{entities}");
    assert_eq!(entities["planned events"], 1, "{entities}");
    // A project is an organization too.
    assert_eq!(entities["projects"], 1, "{entities}");
    assert_eq!(entities["organizations"], 1, "{entities}");
    assert_eq!(entities["reported statements"], 1, "{entities}");
    // Germany funds; Austria is only named.
    assert_eq!(entities["states that act"], 1, "{entities}");
}

#[test]
fn the_real_world_data_loads_as_it_is() {
    let realdata = crate::util::test_data().join("realdata");
    let env = Env::new();
    let run = env.run(&["load", realdata.to_str().unwrap()]).success();
    assert!(
        run.stdout.contains("41 sources loaded (41 added"),
        "{}",
        run.stdout
    );
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert!(stats["triples"].as_u64().unwrap() > 300_000, "{stats}");
}
