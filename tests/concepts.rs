//! `actorgraph concepts`: the shared concept schemes built into the binary,
//! listed for people, as JSON and as Turtle to load, and the example data
//! naming its roles, categories and kinds with them.

use std::collections::BTreeSet;

use crate::queries::example_store;
use crate::util::{Env, repo};

/// The concept IRIs the binary lists, by scheme label.
fn listed(env: &Env) -> Vec<(String, BTreeSet<String>)> {
    let json = env
        .run_storeless(&["concepts", "--format", "json"])
        .success()
        .json();
    json.as_array()
        .unwrap()
        .iter()
        .map(|scheme| {
            let concepts = scheme["concepts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    assert!(!c["label"].as_str().unwrap().is_empty(), "{c} has no label");
                    c["iri"].as_str().unwrap().to_owned()
                })
                .collect();
            (scheme["label"].as_str().unwrap().to_owned(), concepts)
        })
        .collect()
}

#[test]
fn the_six_schemes_are_listed_with_labelled_concepts() {
    let env = Env::new();
    let schemes = listed(&env);
    let names: Vec<&str> = schemes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "actor categories",
            "event kinds",
            "genders",
            "headcount qualifiers",
            "organization kinds",
            "participation roles"
        ]
    );
    for (name, concepts) in &schemes {
        assert!(concepts.len() >= 2, "{name}: {concepts:?}");
    }
    let roles = &schemes[5].1;
    for role in [
        "attendee",
        "trainer",
        "speaker",
        "moderator",
        "organizer",
        "observer",
        "interpreter",
    ] {
        assert!(
            roles.contains(&format!("https://w3id.org/actorgraph/id/concept/{role}")),
            "no {role}"
        );
    }
    let table = env.run_storeless(&["concepts"]).success();
    assert!(
        table
            .stdout
            .lines()
            .any(|l| l.contains("concept:trainer") && l.contains("trainer")),
        "{}",
        table.stdout
    );
}

#[test]
fn as_turtle_they_are_the_shipped_file_and_load_and_validate() {
    let env = Env::new();
    let ttl = env
        .run_storeless(&["concepts", "--format", "ttl"])
        .success();
    let shipped = std::fs::read_to_string(repo().join("data/concepts.ttl")).unwrap();
    assert_eq!(ttl.stdout.trim_end(), shipped.trim_end());
    env.write("concepts.ttl", &ttl.stdout);
    env.run(&["validate", "concepts.ttl"]).success();
    env.run(&["load", "--validate", "concepts.ttl"]).success();
    let labels = env
        .run(&[
            "query",
            "-e",
            "SELECT ?label { <https://w3id.org/actorgraph/id/concept/trainer> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
            "--format",
            "tsv",
        ])
        .success();
    assert!(
        labels.stdout.contains("\"trainer\"@en"),
        "{}",
        labels.stdout
    );
}

#[test]
fn the_example_data_names_roles_categories_and_kinds_with_the_shared_concepts() {
    let env = example_store();
    let shared: BTreeSet<String> = listed(&env).into_iter().flat_map(|(_, c)| c).collect();
    let used = env
        .run(&[
            "query",
            "-e",
            "PREFIX ag: <https://w3id.org/actorgraph/ns#> PREFIX org: <http://www.w3.org/ns/org#>
             SELECT DISTINCT ?c { { ?p ag:role ?c } UNION { ?o org:classification ?c }
               UNION { ?p ag:participant ?c . ?c a ag:ActorCategory } } ORDER BY ?c",
            "--format",
            "tsv",
        ])
        .success();
    let used: Vec<&str> = used
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.trim_matches(['<', '>']))
        .collect();
    assert!(used.len() > 5, "{used:?}");
    let own: Vec<&&str> = used.iter().filter(|c| !shared.contains(**c)).collect();
    assert!(own.is_empty(), "concepts minted instead of shared: {own:?}");
}
