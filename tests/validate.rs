//! `actorgraph validate` and `load --validate`: the example data conforms,
//! each broken file in `tests/invalid/` fails with a message naming the
//! rule, the entity and the file, and a refused load changes nothing.

use crate::util::{Env, repo};

/// Each broken file, the words of the rule it breaks, and the entity.
const INVALID: &[(&str, &str, &str)] = &[
    (
        "person-without-name.ttl",
        "has no name: every person",
        "nameless",
    ),
    (
        "organization-with-empty-name.ttl",
        "has an empty name",
        "blank-org",
    ),
    ("place-without-name.ttl", "has no name", "somewhere"),
    ("event-without-name.ttl", "has no name", "unnamed-event"),
    (
        "event-with-two-start-dates.ttl",
        "has more than one start date",
        "twice-started",
    ),
    (
        "event-with-impossible-start-date.ttl",
        "has a start date that is not a valid xsd:date, xsd:dateTime, xsd:gYearMonth",
        "impossible-date",
    ),
    (
        "event-with-untyped-start-date.ttl",
        "has a start date that is not a valid xsd:date, xsd:dateTime, xsd:gYearMonth",
        "text-date",
    ),
    (
        "event-ending-before-start.ttl",
        "ends before it starts",
        "backwards",
    ),
    (
        "event-location-not-a-place.ttl",
        "has a location that is not a place",
        "misplaced",
    ),
    (
        "event-organizer-not-an-actor.ttl",
        "has an organizer, sponsor or partner that is not an actor",
        "organized-by-a-city",
    ),
    (
        "event-sponsor-not-an-actor.ttl",
        "has an organizer, sponsor or partner that is not an actor",
        "sponsored-by-nothing",
    ),
    (
        "event-follow-up-of-non-event.ttl",
        "follows up on something that is not an event",
        "follow-up",
    ),
    (
        "membership-with-two-members.ttl",
        "does not name exactly one member",
        "shared-post",
    ),
    (
        "membership-member-not-a-person.ttl",
        "has a member who is not a person",
        "org-as-member",
    ),
    (
        "membership-without-organization.ttl",
        "does not name exactly one organization",
        "post-nowhere",
    ),
    (
        "membership-with-two-roles.ttl",
        "names more than one role",
        "two-hats",
    ),
    (
        "participation-without-event.ttl",
        "does not name exactly one event",
        "floating-attendance",
    ),
    (
        "participation-without-participant.ttl",
        "has no participant",
        "empty-attendance",
    ),
    (
        "participation-with-negative-headcount.ttl",
        "has a headcount below 0",
        "negative-attendance",
    ),
    (
        "participation-with-headcount-not-an-integer.ttl",
        "has a headcount that is not a valid xsd:integer",
        "vague-attendance",
    ),
    (
        "quotation-without-text.ttl",
        "has no text: a quotation or reported statement needs its words",
        "silent-quote",
    ),
    (
        "quotation-creator-not-a-person.ttl",
        "has a creator who is not a person",
        "org-quote",
    ),
    (
        "concept-without-label.ttl",
        "has no label: every concept",
        "unlabelled-category",
    ),
    // The second edition's rules.
    (
        "event-with-invalid-month.ttl",
        "has a start date that is not a valid xsd:date, xsd:dateTime, xsd:gYearMonth",
        "thirteenth-month",
    ),
    (
        "event-ending-before-start-by-year.ttl",
        "ends before it starts",
        "backwards-years",
    ),
    (
        "event-ending-before-start-by-month.ttl",
        "ends before it starts",
        "backwards-months",
    ),
    (
        "event-with-position-not-an-integer.ttl",
        "has a position in its series that is not one valid xsd:integer",
        "second-course",
    ),
    (
        "event-with-unknown-status.ttl",
        "has a status that is not one of schema:EventScheduled",
        "maybe-held",
    ),
    (
        "event-with-unknown-attendance-mode.ttl",
        "has an attendance mode that is not one of",
        "somehow-attended",
    ),
    (
        "event-with-invalid-duration.ttl",
        "has a duration that is not one valid xsd:duration",
        "two-days",
    ),
    (
        "event-funder-not-an-actor.ttl",
        "has a funder that is not an actor",
        "funded-by-a-city",
    ),
    (
        "event-contributor-not-an-actor.ttl",
        "has an organizer, sponsor or partner that is not an actor",
        "co-organized",
    ),
    (
        "participation-with-unknown-headcount-qualifier.ttl",
        "has a headcount qualifier that is not one of ag:Exactly, ag:About, ag:MoreThan, ag:Nearly or ag:UpTo",
        "roughly-thirty",
    ),
    (
        "participation-subgroup-larger-than-group.ttl",
        "has a subgroup larger than itself",
        "all-participants",
    ),
    (
        "participation-with-unknown-gender.ttl",
        "has a gender that is not schema:Female or schema:Male",
        "odd-subgroup",
    ),
    (
        "participation-origin-not-a-place.ttl",
        "has an origin that is not a place",
        "from-nowhere",
    ),
    (
        "participation-with-organization-count-not-an-integer.ttl",
        "has an organization count that is not one valid xsd:integer",
        "several-agencies",
    ),
    (
        "reported-statement-without-text.ttl",
        "has no text: a quotation or reported statement needs its words",
        "said-nothing",
    ),
    (
        "article-with-invalid-date.ttl",
        "has a publication date that is not one valid xsd:date",
        "article",
    ),
];

const EX: &str = "https://example.org/invalid/";

#[test]
fn every_rule_has_a_broken_file_and_no_file_is_left_untested() {
    let mut files: Vec<String> = std::fs::read_dir(repo().join("tests/invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut listed: Vec<String> = INVALID.iter().map(|(f, _, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(files, listed);
}

#[test]
fn the_example_data_conforms_as_files_and_in_the_store() {
    let env = Env::new();
    let data = repo().join("data");
    let data = data.to_str().unwrap();
    // The second-edition example has undated events: warnings, no
    // violation.
    env.run(&["validate", data])
        .success()
        .stdout_has("no violations: 7 warnings, 0 infos");
    env.run(&["load", data]).success();
    let run = env.run(&["validate"]).success();
    assert!(
        run.stdout.contains("no violations: 7 warnings"),
        "{}",
        run.stdout
    );
    let json = env.run(&["validate", "--format", "json"]).success().json();
    assert_eq!(json["violations"], 0, "{json}");
    assert_eq!(json["warnings"], 7, "{json}");
    assert!(json["focus_nodes"].as_u64().unwrap() > 20, "{json}");
}

#[test]
fn each_broken_file_fails_naming_the_rule_the_entity_and_the_file() {
    for (file, rule, entity) in INVALID {
        let path = format!("tests/invalid/{file}");
        let run = crate::util::bin()
            .args(["validate", &path])
            .current_dir(repo())
            .output()
            .unwrap();
        let run = crate::util::Run::from(run).failure();
        let iri = format!("<{EX}{entity}>");
        let header = run
            .stdout
            .lines()
            .find(|line| line.contains(&iri))
            .unwrap_or_else(|| panic!("{file}: no line names {iri}:\n{}", run.stdout));
        assert!(header.ends_with(&format!("in {path}")), "{file}: {header}");
        assert!(
            run.stdout.contains(rule),
            "{file}: lacks {rule:?}:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("the data does not conform"),
            "{file}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_refused_load_leaves_the_store_exactly_as_it_was() {
    let env = Env::new();
    env.run(&["load", repo().join("data").to_str().unwrap()])
        .success();
    let before = env.snapshot();
    for (file, rule, _) in INVALID {
        let path = repo().join("tests/invalid").join(file);
        let run = env
            .run(&["load", "--validate", path.to_str().unwrap()])
            .failure();
        assert!(run.stderr.contains("refused"), "{file}:\n{}", run.stderr);
        assert!(
            run.stderr.contains(rule),
            "{file}: lacks {rule:?}:\n{}",
            run.stderr
        );
        assert!(
            run.stdout.contains("1 failed and left the store untouched"),
            "{file}:\n{}",
            run.stdout
        );
        assert_eq!(env.snapshot(), before, "{file} changed the store");
    }
}

/// Valid second-edition data that earlier rules refused or could not
/// check: an event with no date (a warning), partial dates of different
/// kinds, an affiliation without a role, a state funding a project.
const SECOND_EDITION_VALID: &str = r#"
@prefix ag: <https://w3id.org/actorgraph/ns#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/valid/> .
ex:undated a ag:Workshop , schema:Event ; schema:name "Two-day workshop"@en ; schema:duration "P2D"^^xsd:duration .
ex:mixed a ag:TrainingCourse , schema:Event ; schema:name "Course"@en ;
    schema:startDate "2015-05-03"^^xsd:date ; schema:endDate "2015"^^xsd:gYear .
ex:planned a ag:Conference , schema:Event ; schema:name "Conference"@en ;
    schema:startDate "2023-11"^^xsd:gYearMonth ; schema:eventStatus schema:EventScheduled ;
    schema:funder ex:korea ; schema:contributor ex:project .
ex:korea a schema:Country ; schema:name "Republic of Korea"@en .
ex:project a schema:Project ; schema:name "Capacity building project"@en ; schema:funder ex:korea .
ex:affiliation a org:Membership ; org:member ex:novikov ; org:organization ex:project .
ex:novikov a schema:Person ; schema:name "Valeriy Novikov"@en ; schema:honorificPrefix "Mr."@en .
"#;

#[test]
fn second_edition_data_validates_with_a_warning_for_an_undated_event() {
    let env = Env::new();
    env.write("valid.ttl", SECOND_EDITION_VALID);
    let run = env.run(&["validate", "valid.ttl"]).success();
    assert!(
        run.stdout.contains("no violations: 1 warning"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("has no date"), "{}", run.stdout);
    let json = env
        .run(&["validate", "valid.ttl", "--format", "json"])
        .success()
        .json();
    assert_eq!(json["warnings"], 1, "{json}");
    // The W3C report says what SHACL says: a warning is a result.
    env.run(&["validate", "valid.ttl", "--format", "ttl"])
        .success()
        .stdout_has("sh:conforms false");
    env.run(&["load", "--validate", "valid.ttl"])
        .success()
        .stdout_has("added     valid.ttl");
}

/// An event whose organizer and location are defined in the example data.
const SEQUEL: &str = "@prefix schema: <http://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
<https://example.org/sequel> a schema:Event ; schema:name \"Second seminar\"@en ;\n\
    schema:startDate \"2016-03-01\"^^xsd:date ;\n\
    schema:location <https://w3id.org/actorgraph/id/place/shymkent> ;\n\
    schema:organizer <https://w3id.org/actorgraph/id/actor/osce> .\n";

#[test]
fn load_validate_resolves_references_to_entities_already_in_the_store() {
    let env = Env::new();
    env.write("sequel.ttl", SEQUEL);
    // On its own the file's references lead nowhere…
    env.run(&["validate", "sequel.ttl"])
        .failure()
        .stdout_has("has a location that is not a place");
    // …but once the places and organizations are loaded, they resolve.
    env.run(&["load", repo().join("data").to_str().unwrap()])
        .success();
    env.run(&["load", "--validate", "sequel.ttl"])
        .success()
        .stdout_has("added     sequel.ttl");
    env.run(&["validate"]).success();
}

#[test]
fn load_validate_checks_only_what_the_new_file_says() {
    let env = Env::new();
    env.write(
        "old.ttl",
        "<https://example.org/old> a <http://schema.org/Person> .\n",
    );
    env.run(&["load", "old.ttl"]).success();
    env.run(&["validate"])
        .failure()
        .stdout_has("<https://example.org/old> in old.ttl");
    env.write(
        "new.ttl",
        "<https://example.org/new> a <http://schema.org/Person> ; <http://schema.org/name> \"New\" .\n",
    );
    env.run(&["load", "--validate", "new.ttl"]).success();
}

#[test]
fn a_changed_source_is_checked_without_its_old_version() {
    let env = Env::new();
    env.write(
        "people.ttl",
        "<https://example.org/p> a <http://schema.org/Person> ; <http://schema.org/name> \"P\" .\n",
    );
    env.run(&["load", "people.ttl"]).success();
    // The new version drops the name: the old one must not hide that.
    env.write(
        "people.ttl",
        "<https://example.org/p> a <http://schema.org/Person> .\n",
    );
    let before = env.snapshot();
    env.run(&["load", "--validate", "people.ttl"])
        .failure()
        .stderr_has("has no name");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn the_report_comes_as_a_w3c_validation_report_and_as_json() {
    let env = Env::new();
    let file = repo().join("tests/invalid/event-with-impossible-start-date.ttl");
    let file = file.to_str().unwrap();
    let ttl = env.run(&["validate", file, "--format", "ttl"]).failure();
    let graph: Vec<oxrdf::Triple> = oxttl::TurtleParser::new()
        .for_slice(ttl.stdout.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not Turtle ({e}):\n{}", ttl.stdout));
    let has = |p: &str, o: &str| {
        graph
            .iter()
            .any(|t| t.predicate.as_str() == p && t.object.to_string() == o)
    };
    assert!(has(
        "http://www.w3.org/ns/shacl#conforms",
        "\"false\"^^<http://www.w3.org/2001/XMLSchema#boolean>"
    ));
    assert!(has(
        "http://www.w3.org/ns/shacl#focusNode",
        "<https://example.org/invalid/impossible-date>"
    ));
    assert!(has(
        "http://www.w3.org/ns/shacl#sourceConstraintComponent",
        "<http://www.w3.org/ns/shacl#OrConstraintComponent>"
    ));
    assert!(has(
        "http://www.w3.org/ns/shacl#resultPath",
        "<http://schema.org/startDate>"
    ));
    let json = env
        .run(&["validate", file, "--format", "json"])
        .failure()
        .json();
    assert_eq!(json["conforms"], false);
    assert_eq!(json["violations"], 1);
    let result = &json["results"][0];
    assert_eq!(
        result["focus_node"],
        "https://example.org/invalid/impossible-date"
    );
    assert_eq!(result["name"], "Meeting on an impossible day");
    assert_eq!(result["component"], "Or");
    assert_eq!(result["severity"], "Violation");
    assert!(
        result["sources"][0]
            .as_str()
            .unwrap()
            .ends_with("event-with-impossible-start-date.ttl")
    );
    assert!(result["value"].as_str().unwrap().contains("2015-13-45"));
}

#[test]
fn one_graph_of_the_store_can_be_validated_alone() {
    let env = Env::new();
    env.write(
        "bad.nq",
        "<https://example.org/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> <https://example.org/g-bad> .\n",
    );
    env.write(
        "good.nq",
        "<https://example.org/y> <http://schema.org/name> \"Y\" <https://example.org/g-good> .\n\
         <https://example.org/y> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Person> <https://example.org/g-good> .\n",
    );
    env.run(&["load", "bad.nq", "good.nq"]).success();
    env.run(&["validate", "--graph", "https://example.org/g-good"])
        .success();
    env.run(&["validate", "--graph", "https://example.org/g-bad"])
        .failure();
    env.run(&["validate", "--graph", "https://example.org/none"])
        .error()
        .stderr_has("no loaded source holds the graph <https://example.org/none>");
}

#[test]
fn custom_shapes_are_used_and_bad_shapes_are_reported() {
    let env = Env::new();
    env.write(
        "shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
         <https://example.org/S> a sh:NodeShape ; sh:targetNode <https://example.org/n> ;\n\
             sh:property [ sh:path <https://example.org/p> ; sh:minCount 1 ; sh:message \"needs a p\" ] .\n",
    );
    env.write(
        "data.ttl",
        "<https://example.org/n> <https://example.org/q> 1 .\n",
    );
    env.run(&["validate", "data.ttl", "--shapes", "shapes.ttl"])
        .failure()
        .stdout_has("needs a p")
        .stdout_has("does not conform to shapes.ttl");
    env.write(
        "broken.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<https://example.org/S> sh:targetNode <https://example.org/n> ; sh:minCount \"many\" .\n",
    );
    env.run(&["validate", "data.ttl", "--shapes", "broken.ttl"])
        .error()
        .stderr_has("broken.ttl: invalid shapes")
        .stderr_has("sh:minCount");
}

#[test]
fn wrong_usage_exits_with_2() {
    let env = Env::new();
    let run = env.run(&["validate", "--format", "xml"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let run = env.run(&["load", "x.ttl", "--shapes", "s.ttl"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

#[test]
fn the_real_world_data_validates_without_crashing() {
    let realdata = crate::util::test_data().join("realdata");
    let env = Env::new();
    let run = env.run(&["validate", realdata.to_str().unwrap(), "--format", "json"]);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    let json = run.json();
    // It uses other vocabularies, read through the built-in alignments: its
    // persons, organizations, events and participations are judged by the
    // model's shapes (before the alignments, fewer than 1,000 nodes were).
    assert!(
        json["focus_nodes"].as_u64().unwrap() > 10_000,
        "{}",
        json["focus_nodes"]
    );
}

#[test]
fn files_are_validated_with_their_literals_as_written() {
    let env = Env::new();
    env.write(
        "shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
         <https://example.org/S> a sh:NodeShape ; sh:targetSubjectsOf <https://example.org/size> ;\n\
             sh:property [ sh:path <https://example.org/size> ; sh:datatype xsd:byte ] .\n",
    );
    // A store would keep both as the integer they mean; a file keeps them
    // as written: an xsd:integer is not an xsd:byte, and 300 is no byte.
    let data = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
                <https://example.org/a> <https://example.org/size> \"55\"^^xsd:integer .\n\
                <https://example.org/b> <https://example.org/size> \"300\"^^xsd:byte .\n";
    env.write("sizes.ttl", data);
    let run = env
        .run(&[
            "validate",
            "sizes.ttl",
            "--shapes",
            "shapes.ttl",
            "--format",
            "json",
        ])
        .failure();
    let values: Vec<String> = run.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(values.len(), 2, "{}", run.stdout);
    assert!(values.iter().any(|v| v.contains("\"55\"^^")), "{values:?}");
    assert!(values.iter().any(|v| v.contains("\"300\"^^")), "{values:?}");
    // Standard input, with its format named by --from, is read the same way.
    env.run_with_stdin(
        &["validate", "-", "--from", "ttl", "--shapes", "shapes.ttl"],
        data.as_bytes(),
    )
    .failure();
}
