//! `actorgraph convert`: every format to every other, without a store.

use crate::util::{Env, Run, bin, repo, run_with_stdin};

fn convert(env: &Env, args: &[&str]) -> Run {
    env.run_storeless(&[&["convert"], args].concat())
}

/// The example data as a canonical set of N-Quads lines.
fn canonical_nquads(text: &str, format: oxttl_format::Format) -> Vec<String> {
    oxttl_format::canonical(text, format)
}

mod oxttl_format {
    //! Parses test output with an independent parser (oxttl) and prints it
    //! canonically, so two serializations of one graph compare equal.
    use oxrdf::Dataset;
    use oxrdf::dataset::CanonicalizationAlgorithm;

    pub enum Format {
        NTriples,
        NQuads,
    }

    pub fn canonical(text: &str, format: Format) -> Vec<String> {
        let quads: Vec<oxrdf::Quad> = match format {
            Format::NTriples => oxttl::NTriplesParser::new()
                .for_slice(text)
                .map(|t| t.unwrap().in_graph(oxrdf::GraphName::DefaultGraph))
                .collect(),
            Format::NQuads => oxttl::NQuadsParser::new()
                .for_slice(text)
                .map(|q| q.unwrap())
                .collect(),
        };
        let mut dataset: Dataset = quads.into_iter().collect();
        dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
        let mut lines: Vec<String> = dataset.iter().map(|q| q.to_string()).collect();
        lines.sort();
        lines
    }
}

#[test]
fn every_format_round_trips_to_the_same_graph() {
    let env = Env::new();
    let example = repo().join("data/osce-shymkent-seminar-2015.ttl");
    let reference = convert(&env, &[example.to_str().unwrap(), "--format", "nt"]).success();
    let expected = canonical_nquads(&reference.stdout, oxttl_format::Format::NTriples);
    assert!(expected.len() > 150, "the example has its triples");
    for (format, extension) in [
        ("turtle", "ttl"),
        ("trig", "trig"),
        ("ntriples", "nt"),
        ("nquads", "nq"),
        ("rdfxml", "rdf"),
        ("jsonld", "jsonld"),
    ] {
        let file = format!("example.{extension}");
        convert(
            &env,
            &[example.to_str().unwrap(), "--format", format, "-o", &file],
        )
        .success();
        let back = convert(&env, &[&file, "--format", "nt"]).success();
        assert_eq!(
            canonical_nquads(&back.stdout, oxttl_format::Format::NTriples),
            expected,
            "through {format}"
        );
    }
}

#[test]
fn graphs_are_merged_with_a_note_when_the_target_has_none() {
    let env = Env::new();
    env.write("two.nq", "<https://example.org/a> <https://example.org/p> \"1\" <https://example.org/g1> .\n<https://example.org/b> <https://example.org/p> \"2\" .\n");
    let run = convert(&env, &["two.nq", "--format", "nt"])
        .success()
        .stderr_has("1 of 2 triples were in named graphs and were merged");
    assert_eq!(run.stdout.lines().count(), 2);
    let kept = convert(&env, &["two.nq", "--format", "nq"]).success();
    assert_eq!(
        canonical_nquads(&kept.stdout, oxttl_format::Format::NQuads).len(),
        2
    );
    assert!(kept.stdout.contains("<https://example.org/g1>"));
}

#[test]
fn bad_input_gets_the_same_errors_as_load_and_no_output_file() {
    let env = Env::new();
    env.write(
        "bad.ttl",
        "<https://example.org/a> <https://example.org/p> .\n",
    );
    convert(&env, &["bad.ttl", "--format", "nt", "-o", "out.nt"])
        .failure()
        .stderr_has("bad.ttl:1:")
        .stderr_has("syntax error");
    assert!(!env.path("out.nt").exists(), "no partial output is left");
}

#[test]
fn standard_input_converts_with_a_format() {
    let mut command = bin();
    command.args(["convert", "-", "--from", "ttl", "--format", "nt"]);
    let run = run_with_stdin(
        command,
        b"<https://example.org/a> <https://example.org/p> 1 .",
    )
    .success();
    assert_eq!(
        run.stdout,
        "<https://example.org/a> <https://example.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
    );
}
