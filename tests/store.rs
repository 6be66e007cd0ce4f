//! The store folder: where it is, one process at a time, surviving a killed
//! load, and progress shown only on a terminal.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::{Env, Run, big_turtle, bin};

#[test]
fn help_names_the_default_store_and_how_to_choose_another() {
    let run = Run::from(bin().args(["load", "--help"]).output().unwrap()).success();
    assert!(
        run.stdout.contains("~/.local/share/actorgraph/store"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ACTORGRAPH_STORE"), "{}", run.stdout);
    assert!(
        run.stdout.contains("the other files still load"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_default_store_is_in_the_users_data_folder() {
    let env = Env::new();
    env.write(
        "bob.nt",
        "<https://example.org/bob> <https://example.org/p> \"x\" .\n",
    );
    let home = env.path("home");
    let run = Run::from(
        bin()
            .args(["load", "bob.nt"])
            .current_dir(env.dir.path())
            .env("HOME", &home)
            .env_remove("XDG_DATA_HOME")
            .output()
            .unwrap(),
    )
    .success();
    assert!(
        home.join(".local/share/actorgraph/store/actorgraph.lock")
            .exists(),
        "{}",
        run.stdout
    );
}

#[test]
fn the_environment_variable_chooses_the_store() {
    let env = Env::new();
    env.write(
        "bob.nt",
        "<https://example.org/bob> <https://example.org/p> \"x\" .\n",
    );
    let store = env.path("elsewhere");
    Run::from(
        bin()
            .args(["load", "bob.nt"])
            .current_dir(env.dir.path())
            .env("ACTORGRAPH_STORE", &store)
            .output()
            .unwrap(),
    )
    .success();
    let run = Run::from(
        bin()
            .args(["sources"])
            .env("ACTORGRAPH_STORE", &store)
            .output()
            .unwrap(),
    )
    .success();
    assert!(run.stdout.contains("bob.nt"), "{}", run.stdout);
}

#[test]
fn a_folder_that_is_not_a_store_is_left_alone() {
    let env = Env::new();
    env.write("mine/notes.txt", "keep me");
    Run::from(
        bin()
            .args(["stats", "--store"])
            .arg(env.path("mine"))
            .output()
            .unwrap(),
    )
    .failure()
    .stderr_has("holds no actorgraph store");
    assert_eq!(std::fs::read_dir(env.path("mine")).unwrap().count(), 1);
}

/// Starts a load of a big file into the existing store of `env`, and waits
/// until it is writing.
#[expect(
    clippy::zombie_processes,
    reason = "the caller kills or waits for the load it gets back"
)]
fn start_big_load(env: &Env) -> std::process::Child {
    big_turtle(&env.path("big.ttl"), 120_000);
    let mut child = env
        .cmd(&["load", "big.ttl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let writing = std::fs::read_dir(env.store()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("bulk-")
        });
        if writing {
            return child;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the load never started writing");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_process_is_told_the_store_is_in_use() {
    let env = Env::new();
    env.write(
        "small.nt",
        "<https://example.org/a> <https://example.org/p> \"1\" .\n",
    );
    env.run(&["load", "small.nt"]).success();
    let mut load = start_big_load(&env);
    let run = env.run(&["stats"]).failure();
    assert!(
        run.stderr
            .contains("is in use by another actorgraph process (process "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(
        "wait for it to finish, or use another store\nhint: name the store with --store DIR"
    ));
    assert!(
        !run.stderr.to_lowercase().contains("rocksdb"),
        "{}",
        run.stderr
    );
    assert!(load.wait().unwrap().success());
    env.run(&["stats"]).success();
}

#[test]
fn a_load_killed_midway_leaves_a_store_that_opens_with_nothing_half_loaded() {
    let env = Env::new();
    env.write(
        "small.nt",
        "<https://example.org/a> <https://example.org/p> \"kept\" .\n",
    );
    env.run(&["load", "small.nt"]).success();
    let before = env.snapshot();
    let mut load = start_big_load(&env);
    load.kill().unwrap(); // SIGKILL on Unix.
    load.wait().unwrap();
    assert_eq!(
        env.snapshot(),
        before,
        "no trace of the killed load is visible"
    );
    let leftovers: Vec<_> = std::fs::read_dir(env.store())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bulk-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    env.run(&["load", "big.ttl"])
        .success()
        .stdout_has("added     big.ttl (840000 triples)");
}

#[test]
fn no_progress_bar_when_standard_error_is_not_a_terminal() {
    let env = Env::new();
    big_turtle(&env.path("big.ttl"), 20_000);
    let run = env.run(&["load", "big.ttl"]).success();
    assert!(!run.stderr.contains("triples/s"), "{}", run.stderr);
}

#[test]
fn a_progress_bar_with_triples_per_second_on_a_terminal() {
    let env = Env::new();
    big_turtle(&env.path("big.ttl"), 60_000);
    // `script` runs the load on a pseudo-terminal and records what it shows.
    let command = format!(
        "{} load big.ttl --store {}",
        env!("CARGO_BIN_EXE_actorgraph"),
        env.store().display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env.dir.path())
        .env("COLUMNS", "150")
        .output()
        .expect("`script` (util-linux) runs the terminal test");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{shown}");
    assert!(shown.contains("triples/s"), "no progress bar:\n{shown}");
}

#[test]
fn a_replacement_killed_at_any_point_leaves_the_old_or_the_new_version() {
    let env = Env::new();
    let versions = [("a.ttl", 30_000), ("b.ttl", 24_000)];
    let mut expected = Vec::new();
    for (name, events) in versions {
        big_turtle(&env.path(name), events);
        let bytes = std::fs::read(env.path(name)).unwrap();
        expected.push((sha256(&bytes), events as u64 * 7));
    }
    std::fs::copy(env.path("a.ttl"), env.path("data.ttl")).unwrap();
    env.run(&["load", "data.ttl"]).success();
    // Each round replaces the data with the other version and kills the
    // load a little later than the round before, until one finishes.
    for (round, delay) in [100u64, 600, 1_200, 2_500, 5_000, 10_000]
        .into_iter()
        .enumerate()
    {
        let (next, _) = versions[(round + 1) % 2];
        std::fs::copy(env.path(next), env.path("data.ttl")).unwrap();
        let mut load = env
            .cmd(&["load", "data.ttl"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        load.kill().unwrap();
        load.wait().unwrap();
        let (stats, sources) = env.snapshot();
        let state = (
            sources[0]["sha256"].as_str().unwrap().to_owned(),
            stats["triples"].as_u64().unwrap(),
        );
        assert!(
            expected.contains(&state),
            "round {round}: a mixed store: {state:?}, expected one of {expected:?}"
        );
        assert_eq!(sources.as_array().unwrap().len(), 1);
        assert!(!std::fs::read_dir(env.store()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("bulk-")
        }));
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Peak memory (KiB) of loading `events` generated events into a fresh store,
/// as GNU time reports it.
fn peak_kib_of_load(events: usize) -> u64 {
    let env = Env::new();
    big_turtle(&env.path("big.ttl"), events);
    let output = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(env!("CARGO_BIN_EXE_actorgraph"))
        .args(["load", "big.ttl", "--store"])
        .arg(env.store())
        .current_dir(env.dir.path())
        .output()
        .expect("GNU time (Debian's `time`) measures the load");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    stderr.lines().last().unwrap().trim().parse().unwrap()
}

#[test]
fn memory_stays_flat_as_the_file_grows() {
    // 0.35M and 1.4M triples (measured here: about 200 and 260 MB). Loading
    // streams in fixed-size batches, so four times the data takes little
    // more memory, and a file of several GB loads in the same.
    let small = peak_kib_of_load(50_000);
    let large = peak_kib_of_load(200_000);
    // Memory that grew with the file would be about four times larger.
    assert!(
        large < 2 * small,
        "peak {small} KiB for 0.35M triples but {large} KiB for 1.4M"
    );
}
