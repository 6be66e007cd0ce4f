//! Third-party SPARQL clients against `actorgraph serve`: SPARQLWrapper and
//! rdflib's SPARQLStore, run by `tests/serve_clients.py` with their own
//! defaults for headers and parameters, get over the SPARQL 1.1 Protocol the
//! answers `actorgraph query` prints for the same store.

use serde_json::Value;

use crate::util::{Env, Server, repo, venv_python};

const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

/// A term of a SPARQL JSON results binding written as `serve_clients.py`
/// writes what its clients got: `<iri>`, `"text"@lang`, `"text"^^<type>`,
/// `"text"`, `_:label`, or null when unbound.
fn term(cell: Option<&Value>) -> Value {
    let Some(cell) = cell else {
        return Value::Null;
    };
    let value = cell["value"].as_str().unwrap();
    let language = cell.get("xml:lang").and_then(Value::as_str);
    let datatype = cell.get("datatype").and_then(Value::as_str);
    Value::String(match (cell["type"].as_str().unwrap(), language, datatype) {
        ("uri", ..) => format!("<{value}>"),
        ("bnode", ..) => format!("_:{value}"),
        (_, Some(language), _) => format!("\"{value}\"@{language}"),
        (_, None, Some(datatype)) if datatype != XSD_STRING => {
            format!("\"{value}\"^^<{datatype}>")
        }
        _ => format!("\"{value}\""),
    })
}

/// `query -e QUERY --format json` on the store, as JSON.
fn cli(env: &Env, query: &Value) -> Value {
    env.run(&["query", "-e", query.as_str().unwrap(), "--format", "json"])
        .success()
        .json()
}

/// A SELECT answer of the CLI: its variables, its rows of terms, and its
/// rows of plain values as CSV writes them (an empty string when unbound).
fn select(env: &Env, query: &Value) -> (Value, Value, Value) {
    let answer = cli(env, query);
    let vars = answer["head"]["vars"].as_array().unwrap().clone();
    let bindings = answer["results"]["bindings"].as_array().unwrap();
    let row = |binding: &Value, cell: &dyn Fn(Option<&Value>) -> Value| -> Value {
        vars.iter()
            .map(|var| cell(binding.get(var.as_str().unwrap())))
            .collect()
    };
    let plain = |cell: Option<&Value>| cell.map_or(Value::from(""), |c| c["value"].clone());
    let terms = bindings.iter().map(|b| row(b, &term)).collect();
    let plains = bindings.iter().map(|b| row(b, &plain)).collect();
    (Value::Array(vars), terms, plains)
}

#[test]
fn sparqlwrapper_and_rdflib_get_the_answers_of_the_cli() {
    let env = Env::new();
    let data = repo().join("data");
    env.run(&["load", data.to_str().unwrap()]).success();

    let server = Server::start(&env, &[]);
    let output = venv_python()
        .arg(repo().join("tests/serve_clients.py"))
        .arg(server.url("/sparql"))
        .output()
        .unwrap_or_else(|e| panic!(".venv/bin/python: {e} (run tests/setup)"));
    assert!(
        output.status.success(),
        "a client failed (a ModuleNotFoundError means: run tests/setup):\n{}\nserver log:\n{}",
        String::from_utf8_lossy(&output.stderr),
        server.log()
    );
    // The store is the server's while it runs: the CLI reads it afterwards.
    drop(server);
    let got: Value = serde_json::from_slice(&output.stdout).unwrap();
    let queries = &got["queries"];

    // Each client was sent the media type it asked for.
    for (answer, media) in [
        ("select_json", "application/sparql-results+json"),
        ("select_xml", "application/sparql-results+xml"),
        ("select_csv", "text/csv"),
        ("ask_json", "application/sparql-results+json"),
        ("ask_xml", "application/sparql-results+xml"),
        ("construct_turtle", "text/turtle"),
        ("construct_rdfxml_get", "application/rdf+xml"),
        ("construct_rdfxml_post", "application/rdf+xml"),
    ] {
        let sent = got["types"][answer].as_str().unwrap();
        assert_eq!(sent.split(';').next().unwrap().trim(), media, "{answer}");
    }

    // SPARQLWrapper's SELECT, in JSON, XML and CSV.
    let (vars, terms, plains) = select(&env, &queries["organizations"]);
    assert_eq!(terms.as_array().unwrap().len(), 12, "{terms:#}");
    let clients = &got["select"];
    for key in ["vars", "xml_vars", "csv_vars"] {
        assert_eq!(clients[key], vars, "{key}");
    }
    assert_eq!(clients["json"], terms, "SPARQLWrapper's JSON rows");
    assert_eq!(clients["xml"], terms, "SPARQLWrapper's XML rows");
    assert_eq!(clients["csv"], plains, "SPARQLWrapper's CSV rows");

    // rdflib's SELECT, typed literals among its terms.
    let (vars, terms, _) = select(&env, &queries["events"]);
    assert!(terms.to_string().contains("XMLSchema#date>"), "{terms:#}");
    assert_eq!(got["store_select"]["vars"], vars);
    assert_eq!(got["store_select"]["rows"], terms, "SPARQLStore's rows");

    // ASK, one that holds and one that does not.
    assert_eq!(cli(&env, &queries["ask_yes"])["boolean"], true);
    assert_eq!(got["ask"]["yes_json"], true);
    assert_eq!(cli(&env, &queries["ask_no"])["boolean"], false);
    assert_eq!(got["ask"]["no_xml"], false);

    // CONSTRUCT: as many triples as the CLI writes, the same graph in every
    // format.
    let triples = env
        .run(&[
            "query",
            "-e",
            queries["construct"].as_str().unwrap(),
            "--format",
            "ntriples",
        ])
        .success()
        .stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .count();
    assert!(triples > 0);
    for client in ["turtle", "rdfxml_get", "rdfxml_post", "store"] {
        assert_eq!(got["construct"][client], triples, "{client}");
    }
    assert_eq!(got["construct"]["isomorphic"], true);
}
