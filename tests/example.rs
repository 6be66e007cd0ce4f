//! The example dataset in `data/`: it loads, and `stats` shows its actors
//! and events.

use crate::util::{Env, repo};

#[test]
fn the_example_data_loads_and_stats_shows_its_actors_and_events() {
    let env = Env::new();
    let data = repo().join("data");
    env.run(&["load", data.to_str().unwrap()])
        .success()
        .stdout_has("3 sources loaded (3 added");
    let stats = env.run(&["stats", "--format", "json"]).success().json();
    assert_eq!(
        stats["entities"],
        serde_json::json!({
            "persons": 2,
            "organizations": 6,
            "events": 2,
            "roles held": 2,
            "participations": 1,
            "places": 5
        })
    );
    let table = env.run(&["stats"]).success();
    for line in [
        "entities        count",
        "persons             2",
        "organizations       6",
        "events              2",
        "roles held          2",
        "participations      1",
        "places              5",
    ] {
        assert!(
            table.stdout.contains(line),
            "{line:?} missing from:\n{}",
            table.stdout
        );
    }
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
