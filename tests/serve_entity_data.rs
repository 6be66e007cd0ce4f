//! Entity data of `actorgraph serve` read by rdflib: an organization, an
//! event, a person and a place of the example data, dereferenced in every
//! RDF format by `tests/serve_entity_data.py`, are each parsed and found
//! isomorphic to what `actorgraph query -e 'DESCRIBE <IRI>'` prints.

use crate::util::{Env, Server, repo, venv_python};

const ENTITIES: [&str; 4] = [
    "https://w3id.org/actorgraph/id/actor/osce",
    "https://w3id.org/actorgraph/id/event/shymkent-seminar-2015",
    "https://w3id.org/actorgraph/id/actor/sara-bonotti",
    "https://w3id.org/actorgraph/id/place/shymkent",
];

#[test]
fn rdflib_parses_entity_data_in_every_format_as_the_cli_describes_it() {
    let env = Env::new();
    env.run(&["load", repo().join("data").to_str().unwrap()])
        .success();

    // The CLI's descriptions first: the store is the server's while it runs.
    let described: Vec<_> = ENTITIES
        .iter()
        .enumerate()
        .map(|(i, iri)| {
            let query = format!("DESCRIBE <{iri}>");
            let run = env
                .run(&["query", "-e", &query, "--format", "ntriples"])
                .success();
            assert!(!run.stdout.trim().is_empty(), "the CLI describes {iri}");
            (*iri, env.write(&format!("described-{i}.nt"), run.stdout))
        })
        .collect();

    let server = Server::start(&env, &[]);
    for (iri, file) in &described {
        let output = venv_python()
            .arg(repo().join("tests/serve_entity_data.py"))
            .arg(&server.base)
            .arg(iri)
            .arg(file)
            .output()
            .unwrap_or_else(|e| panic!(".venv/bin/python: {e} (run tests/setup)"));
        assert!(
            output.status.success(),
            "entity data of {iri} (a ModuleNotFoundError means: run tests/setup):\n{}\n{}\nserver log:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            server.log()
        );
    }
}
