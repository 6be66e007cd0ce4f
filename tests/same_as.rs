//! One identity per actor: `owl:sameAs` between IRIs that two documents
//! minted for the same organization makes them one for queries and counts,
//! the link kept with the file that states it; unloading that file splits
//! them again.

use crate::util::{Env, tsv};

/// A press release naming the ministry its own way, with its event.
const FIRST: &str = "@prefix schema: <http://schema.org/> .\n\
    @prefix org: <http://www.w3.org/ns/org#> .\n\
    @prefix a: <https://example.org/first/> .\n\
    a:mvd a org:Organization ; schema:name \"Ministry of Internal Affairs\"@en .\n\
    a:training a schema:Event ; schema:name \"Training on cybercrime\"@en ;\n\
        schema:startDate \"2023-11-02\"^^<http://www.w3.org/2001/XMLSchema#date> ;\n\
        schema:organizer a:mvd .\n";

/// Another document, another IRI and spelling for the same ministry.
const SECOND: &str = "@prefix schema: <http://schema.org/> .\n\
    @prefix org: <http://www.w3.org/ns/org#> .\n\
    @prefix b: <https://example.org/second/> .\n\
    b:interior-ministry a org:Organization ; schema:name \"Interior Ministry\"@en ;\n\
        schema:alternateName \"MVD\" .\n\
    b:workshop a schema:Event ; schema:name \"Workshop on digital forensics\"@en ;\n\
        schema:startDate \"2024-03-12\"^^<http://www.w3.org/2001/XMLSchema#date> ;\n\
        schema:organizer b:interior-ministry .\n";

const CURATION: &str = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n\
    <https://example.org/second/interior-ministry> owl:sameAs <https://example.org/first/mvd> . # same ministry\n";

fn organizations(env: &Env) -> u64 {
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    stats["entities"]["organizations"].as_u64().unwrap()
}

/// The event IRIs `events-by-organization` lists for `organization`.
fn events_of(env: &Env, organization: &str) -> Vec<String> {
    let run = env
        .run(&[
            "query",
            "events-by-organization",
            "-p",
            &format!("org={organization}"),
            "--format",
            "tsv",
        ])
        .success();
    let (columns, rows) = tsv(&run.stdout);
    let event = columns.iter().position(|c| c == "event").unwrap();
    let mut events: Vec<String> = rows.into_iter().map(|row| row[event].clone()).collect();
    events.sort();
    events.dedup();
    events
}

#[test]
fn same_as_makes_two_actors_one_and_unloading_the_link_splits_them() {
    let env = Env::new();
    env.write("first.ttl", FIRST);
    env.write("second.ttl", SECOND);
    env.write("curation.ttl", CURATION);
    env.run(&["load", "first.ttl", "second.ttl"]).success();
    let (first, second) = (
        "https://example.org/first/mvd",
        "https://example.org/second/interior-ministry",
    );
    assert_eq!(organizations(&env), 2);
    assert_eq!(
        events_of(&env, first),
        ["<https://example.org/first/training>"]
    );
    assert_eq!(
        events_of(&env, second),
        ["<https://example.org/second/workshop>"]
    );

    env.run(&["load", "curation.ttl"]).success();
    assert_eq!(organizations(&env), 1);
    let both = [
        "<https://example.org/first/training>",
        "<https://example.org/second/workshop>",
    ];
    // Asked under either IRI, the one organization answers with both.
    assert_eq!(events_of(&env, first), both);
    assert_eq!(events_of(&env, second), both);
    // One representative holds the facts of both: its names from both
    // documents, and nothing left on the other IRI but the link.
    let names = env
        .run(&[
            "query",
            "-e",
            "SELECT ?name WHERE { <https://example.org/first/mvd> <http://schema.org/name> ?name } ORDER BY ?name",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(
        tsv(&names.stdout).1,
        [
            ["\"Interior Ministry\"@en"],
            ["\"Ministry of Internal Affairs\"@en"]
        ]
    );
    let left = env
        .run(&[
            "query",
            "-e",
            "SELECT ?p ?o WHERE { <https://example.org/second/interior-ministry> ?p ?o }",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(
        tsv(&left.stdout).1,
        [[
            "<http://www.w3.org/2002/07/owl#sameAs>",
            "<https://example.org/first/mvd>"
        ]]
    );
    // Each fact still traceable to its file, and the link to the curation.
    let sources = env
        .run(&[
            "query",
            "sources-of",
            "-p",
            &format!("entity={first}"),
            "--format",
            "tsv",
        ])
        .success();
    for file in ["first.ttl", "second.ttl", "curation.ttl"] {
        assert!(sources.stdout.contains(file), "{file}:\n{}", sources.stdout);
    }
    // The sources' graphs still hold exactly their files.
    let stated = env
        .run(&[
            "query",
            "-e",
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { <https://example.org/second/interior-ministry> ?p ?o } FILTER(STRENDS(STR(?g), \"/second.ttl\")) }",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(tsv(&stated.stdout).1, [["3"]]);

    env.run(&["unload", "curation.ttl"]).success();
    assert_eq!(organizations(&env), 2);
    assert_eq!(
        events_of(&env, first),
        ["<https://example.org/first/training>"]
    );
    assert_eq!(
        events_of(&env, second),
        ["<https://example.org/second/workshop>"]
    );
}

#[test]
fn a_chain_of_links_makes_one_group_and_the_typed_iri_represents_it() {
    // An external identifier with no facts of its own never stands for
    // the group: the first IRI (in code point order) that a source types
    // does.
    let env = Env::new();
    env.write("first.ttl", FIRST);
    env.write("second.ttl", SECOND);
    env.write(
        "links.ttl",
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n\
         <https://example.org/first/mvd> owl:sameAs <http://www.wikidata.org/entity/Q000001> .\n\
         <https://example.org/second/interior-ministry> owl:sameAs <http://www.wikidata.org/entity/Q000001> .\n",
    );
    env.run(&["load", "first.ttl", "second.ttl", "links.ttl"])
        .success();
    assert_eq!(organizations(&env), 1);
    let both = [
        "<https://example.org/first/training>",
        "<https://example.org/second/workshop>",
    ];
    assert_eq!(
        events_of(&env, "http://www.wikidata.org/entity/Q000001"),
        both
    );
    let organizers = env
        .run(&[
            "query",
            "-e",
            "SELECT DISTINCT ?o WHERE { ?e <http://schema.org/organizer> ?o }",
            "--format",
            "tsv",
        ])
        .success();
    assert_eq!(
        tsv(&organizers.stdout).1,
        [["<https://example.org/first/mvd>"]]
    );
}
