//! `actorgraph serve`'s `/api/openapi.json` is a valid OpenAPI 3.0 document
//! to a standard validator (openapi-spec-validator), describes every saved
//! query, and schemathesis, sending the requests it generates from that
//! document (valid and invalid, a bounded number per operation, from a fixed
//! seed) to the live server, gets no server error.

use std::process::{Command, Output};

use serde_json::Value;

use crate::util::{Env, Server, get, repo};

/// Test cases schemathesis generates per operation and phase.
const MAX_EXAMPLES: &str = "20";
/// Its seed, for the same requests on every run.
const SEED: &str = "1";
/// Seconds one request may take before schemathesis counts it as failed.
const REQUEST_TIMEOUT: &str = "60";

/// A program of the virtual environment `tests/setup` makes, run in `env`'s
/// folder and talking straight to the server, whatever proxy, schemathesis
/// or hypothesis settings the environment has.
fn venv(env: &Env, program: &str) -> Command {
    let mut command = Command::new(repo().join(".venv/bin").join(program));
    command.current_dir(env.dir.path());
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let upper = key.to_ascii_uppercase();
        if upper.ends_with("_PROXY")
            || upper.starts_with("SCHEMATHESIS_")
            || upper.starts_with("HYPOTHESIS_")
        {
            command.env_remove(key.as_ref());
        }
    }
    command
}

/// Runs `command`, failing with a hint when the venv lacks the program.
fn output(mut command: Command) -> Output {
    let program = command.get_program().to_owned();
    command.output().unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run tests/setup to install tests/requirements.txt)",
            program.display()
        )
    })
}

/// Standard output then standard error, as text.
fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_openapi_document_validates_and_schemathesis_finds_no_server_error() {
    let env = Env::new();
    let data = repo().join("data");
    env.run(&["load", data.to_str().unwrap()]).success();
    let server = Server::start(&env, &[]);

    // The document: JSON, OpenAPI 3.0.3, one operation per saved query.
    let (status, media, body) = get(&server, "/api/openapi.json", "*/*");
    assert_eq!(status, 200, "{body}");
    assert!(media.starts_with("application/json"), "{media}");
    let document: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(document["openapi"], "3.0.3");
    let (status, _, list) = get(&server, "/api/queries", "*/*");
    assert_eq!(status, 200, "{list}");
    let list: Value = serde_json::from_str(&list).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["name"].as_str().unwrap())
        .collect();
    assert!(!names.is_empty());
    let paths = document["paths"].as_object().unwrap();
    for name in &names {
        let path = format!("/api/queries/{name}");
        assert!(paths[&path]["get"].is_object(), "no GET {path} in {body}");
    }
    assert_eq!(paths.len(), names.len(), "{:?}", paths.keys());

    // openapi-spec-validator, holding it to OpenAPI 3.0.
    let file = env.write("openapi.json", &body);
    let mut validator = venv(&env, "openapi-spec-validator");
    validator
        .args(["--schema", "3.0", "--validation-errors", "all"])
        .arg(&file);
    let validated = output(validator);
    assert!(
        validated.status.success(),
        "openapi-spec-validator rejects /api/openapi.json:\n{}",
        text(&validated)
    );

    // schemathesis, from an empty configuration file of its own, to the
    // server and nowhere else: the base URL is given, redirects are not
    // followed, proxies are not used.
    let config = env.write("schemathesis.toml", "");
    let mut schemathesis = venv(&env, "st");
    schemathesis
        .arg("--config-file")
        .arg(&config)
        .args(["--no-color", "run"])
        .arg(server.url("/api/openapi.json"))
        .args(["--url", &server.base])
        .args(["--checks", "not_a_server_error"])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", SEED])
        .args(["--workers", "1"])
        .args(["--request-timeout", REQUEST_TIMEOUT])
        .args(["--request-retries", "0"])
        .args(["--max-redirects", "0"])
        .args(["--generation-database", "none"]);
    let run = output(schemathesis);
    assert!(
        run.status.success(),
        "schemathesis found problems (exit {:?}):\n{}\nserver log:\n{}",
        run.status.code(),
        text(&run),
        server.log()
    );
    // Every saved query was exercised.
    let report = text(&run);
    let tested = format!("Tested: {}", names.len());
    assert!(report.contains(&tested), "not {tested}:\n{report}");
}
