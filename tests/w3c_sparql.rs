//! The W3C SPARQL 1.1 query tests (`tests/w3c/sparql11`: the query
//! language's folders and the JSON, CSV and TSV results folders), driven
//! from their manifests through the binary.
//!
//! An evaluation test's files are loaded with `actorgraph load` into a
//! store of their own, each a source under its `file:` IRI, and the query
//! file runs with `actorgraph query`, its answer written in the expected
//! result's format. The answer must equal the expected one: the same
//! solutions, blank nodes renamed consistently (in order when the query
//! orders them), or an isomorphic graph. A syntax test runs the query file
//! with `--show-query`, which parses it and stops: a positive test must
//! succeed, a negative one must be refused with an error.
//!
//! Where actorgraph's answer differs, the test is listed in
//! `tests/expected/sparql11-known-failures.tsv` with the cause. The suite
//! fails when a test outside that list fails, and when a listed test
//! passes (so the list stays true).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use oxrdf::dataset::CanonicalizationAlgorithm;
use oxrdf::{BlankNode, Graph, Literal, NamedNode, Term, TermRef, Triple};
use sparesults::{QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput};
use spargebra::algebra::GraphPattern;
use spargebra::{Query, SparqlParser};

use crate::util::{Env, Run, bin, test_data};
use crate::w3c_manifest::{MF, QT, entries, file, file_iri, read_turtle};

/// The result-set vocabulary the W3C uses to write answers as RDF.
const RS: &str = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";

/// How many evaluation and syntax tests the copied suite's manifests list.
const EVALUATION_TESTS: usize = 235;
const SYNTAX_TESTS: usize = 103;

/// The suite's folder.
fn suite() -> PathBuf {
    test_data().join("w3c/sparql11")
}

/// An evaluation test: a query over a dataset, and its expected answer.
struct Evaluation {
    /// `folder/name`, as the known-failures file names it.
    id: String,
    query: PathBuf,
    /// The files of the dataset: default graph, then named graphs.
    data: Vec<PathBuf>,
    result: PathBuf,
}

/// A syntax test: a query file that must parse, or must be refused.
struct Syntax {
    id: String,
    query: PathBuf,
    positive: bool,
}

/// Every test of the query language's manifest and of the results formats'.
fn cases() -> (Vec<Evaluation>, Vec<Syntax>) {
    let dir = suite();
    let mut all = entries(&dir.join("manifest-sparql11-query.ttl"));
    for folder in ["json-res", "csv-tsv-res"] {
        all.extend(entries(&dir.join(folder).join("manifest.ttl")));
    }
    let (mut evaluations, mut syntax) = (Vec::new(), Vec::new());
    for entry in &all {
        let node = entry.node.to_string();
        let folder = node.rsplit('/').nth(1).unwrap();
        let local = node.rsplit('#').next().unwrap().trim_end_matches('>');
        let id = format!("{folder}/{local}");
        let action = entry
            .action()
            .unwrap_or_else(|| panic!("{id} has no action"));
        match entry.kind().as_str() {
            "QueryEvaluationTest" | "CSVResultFormatTest" => {
                let query = entry.object_of(action, QT, "query");
                let result = entry.object(MF, "result");
                evaluations.push(Evaluation {
                    query: file(query.unwrap_or_else(|| panic!("{id} has no query"))),
                    data: ["data", "graphData"]
                        .iter()
                        .flat_map(|p| entry.objects_of(action, QT, p))
                        .map(file)
                        .collect(),
                    result: file(result.unwrap_or_else(|| panic!("{id} has no result"))),
                    id,
                });
            }
            kind @ ("PositiveSyntaxTest11" | "NegativeSyntaxTest11") => syntax.push(Syntax {
                query: file(entry.object(MF, "action").unwrap()),
                positive: kind.starts_with("Positive"),
                id,
            }),
            other => panic!("{id}: this runner does not know {other} tests"),
        }
    }
    (evaluations, syntax)
}

/// The known failures: test id to cause.
fn known_failures() -> BTreeMap<String, String> {
    let path = test_data().join("expected/sparql11-known-failures.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (id, cause) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("{line:?}: expected `id<TAB>cause`"));
            (id.to_owned(), cause.to_owned())
        })
        .collect()
}

/// One solution: each bound variable's name and value.
type Row = Vec<(String, Term)>;

/// An answer, as read from the binary's output or the expected file.
enum Answer {
    Boolean(bool),
    Solutions(Vec<Row>),
    Graph(Box<Graph>),
}

impl Answer {
    /// The answer as canonically labelled triples (solutions written in
    /// the W3C's result-set vocabulary, with their index when `ordered`),
    /// so that two answers are equal when they are isomorphic: blank nodes
    /// must correspond one to one.
    fn canonical(&self, ordered: bool) -> Result<BTreeSet<String>, bool> {
        let mut graph = match self {
            Self::Boolean(b) => return Err(*b),
            Self::Solutions(rows) => solutions_graph(rows, ordered),
            Self::Graph(graph) => (**graph).clone(),
        };
        graph.canonicalize(CanonicalizationAlgorithm::Unstable);
        Ok(graph.iter().map(|t| t.to_string()).collect())
    }

    /// The answer for people: a boolean, or one line per solution or triple.
    fn lines(&self) -> Vec<String> {
        match self {
            Self::Boolean(b) => vec![b.to_string()],
            Self::Solutions(rows) => rows
                .iter()
                .map(|row| {
                    let mut cells: Vec<String> =
                        row.iter().map(|(v, t)| format!("?{v}={t}")).collect();
                    cells.sort();
                    cells.join(" ")
                })
                .collect(),
            Self::Graph(graph) => graph.iter().map(|t| t.to_string()).collect(),
        }
    }
}

/// Solutions as RDF in the result-set vocabulary, with their index when
/// `ordered`.
fn solutions_graph(rows: &[Row], ordered: bool) -> Graph {
    let rs = |local: &str| NamedNode::new_unchecked(format!("{RS}{local}"));
    let mut graph = Graph::new();
    let set = BlankNode::default();
    for (index, row) in rows.iter().enumerate() {
        let solution = BlankNode::default();
        graph.insert(&Triple::new(set.clone(), rs("solution"), solution.clone()));
        if ordered {
            graph.insert(&Triple::new(
                solution.clone(),
                rs("index"),
                Literal::from(index as i64),
            ));
        }
        for (variable, value) in row {
            let binding = BlankNode::default();
            graph.insert(&Triple::new(
                solution.clone(),
                rs("binding"),
                binding.clone(),
            ));
            graph.insert(&Triple::new(
                binding.clone(),
                rs("variable"),
                Literal::new_simple_literal(variable),
            ));
            graph.insert(&Triple::new(binding, rs("value"), value.clone()));
        }
    }
    graph
}

/// Solutions written as RDF in the result-set vocabulary (how some tests
/// give a SELECT's or an ASK's expected answer), in their `rs:index` order.
fn from_result_set(graph: &Graph) -> Option<Answer> {
    let rs = |local: &str| NamedNode::new_unchecked(format!("{RS}{local}"));
    let rdf_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    let set = graph.subject_for_predicate_object(&rdf_type, &rs("ResultSet"))?;
    if let Some(TermRef::Literal(b)) = graph.object_for_subject_predicate(set, &rs("boolean")) {
        return Some(Answer::Boolean(b.value() == "true"));
    }
    let mut rows: Vec<(i64, Row)> = graph
        .objects_for_subject_predicate(set, &rs("solution"))
        .map(|solution| {
            let solution = crate::w3c_manifest::node(solution);
            let index = match graph.object_for_subject_predicate(solution, &rs("index")) {
                Some(TermRef::Literal(i)) => i.value().parse().unwrap(),
                _ => 0,
            };
            let row = graph
                .objects_for_subject_predicate(solution, &rs("binding"))
                .map(|binding| {
                    let binding = crate::w3c_manifest::node(binding);
                    let variable =
                        match graph.object_for_subject_predicate(binding, &rs("variable")) {
                            Some(TermRef::Literal(v)) => v.value().to_owned(),
                            other => panic!("a binding's variable is {other:?}"),
                        };
                    let value = graph
                        .object_for_subject_predicate(binding, &rs("value"))
                        .expect("a binding has a value")
                        .into_owned();
                    (variable, value)
                })
                .collect();
            (index, row)
        })
        .collect();
    rows.sort_by_key(|(index, _)| *index);
    Some(Answer::Solutions(
        rows.into_iter().map(|(_, row)| row).collect(),
    ))
}

/// SPARQL results in `format`, read with Oxigraph's results parser.
fn parse_results(bytes: &[u8], format: QueryResultsFormat) -> Result<Answer, String> {
    match QueryResultsParser::from_format(format)
        .for_slice(bytes)
        .map_err(|e| e.to_string())?
    {
        SliceQueryResultsParserOutput::Boolean(b) => Ok(Answer::Boolean(b)),
        SliceQueryResultsParserOutput::Solutions(solutions) => solutions
            .map(|s| {
                s.map(|s| {
                    s.iter()
                        .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                        .collect()
                })
            })
            .collect::<Result<_, _>>()
            .map(Answer::Solutions)
            .map_err(|e| e.to_string()),
    }
}

/// CSV results, which carry no types: every cell is compared as text,
/// except `_:` cells, which are blank nodes.
fn parse_csv(text: &str) -> Result<Answer, String> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        rows.push(
            header
                .iter()
                .zip(record.iter())
                .filter(|(_, cell)| !cell.is_empty())
                .map(|(variable, cell)| {
                    let value = match cell.strip_prefix("_:") {
                        Some(label) => Term::from(BlankNode::new_unchecked(label)),
                        None => Literal::new_simple_literal(cell).into(),
                    };
                    (variable.clone(), value)
                })
                .collect(),
        );
    }
    Ok(Answer::Solutions(rows))
}

/// Whether the query's answer has an order the test must keep: a SELECT
/// whose outermost pattern (under slicing, DISTINCT and projection) is
/// ORDER BY.
fn is_ordered(query: &Path) -> bool {
    let text = std::fs::read_to_string(query).unwrap();
    let parsed = SparqlParser::new()
        .with_base_iri(file_iri(query).as_str())
        .unwrap()
        .parse_query(&text);
    let Ok(Query::Select { pattern, .. }) = parsed else {
        return false;
    };
    let mut pattern = &pattern;
    loop {
        match pattern {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Project { inner, .. } => pattern = inner,
            GraphPattern::OrderBy { .. } => return true,
            _ => return false,
        }
    }
}

/// The expected answer, and the `--format` that asks for it in kind.
fn expected(result: &Path) -> (Result<Answer, String>, &'static str) {
    let bytes = std::fs::read(result).unwrap_or_else(|e| panic!("{}: {e}", result.display()));
    match result.extension().and_then(|e| e.to_str()) {
        Some("srx") => (parse_results(&bytes, QueryResultsFormat::Xml), "xml"),
        Some("srj") => (parse_results(&bytes, QueryResultsFormat::Json), "json"),
        Some("tsv") => (parse_results(&bytes, QueryResultsFormat::Tsv), "tsv"),
        Some("csv") => (parse_csv(&String::from_utf8_lossy(&bytes)), "csv"),
        Some("ttl") => {
            let graph = read_turtle(result, file_iri(result).as_str());
            match from_result_set(&graph) {
                Some(answer) => (Ok(answer), "xml"),
                None => (Ok(Answer::Graph(Box::new(graph))), "ntriples"),
            }
        }
        other => panic!("{}: no reader for {other:?} results", result.display()),
    }
}

/// Our answer, written in `format`.
fn ours(stdout: &str, format: &str) -> Result<Answer, String> {
    match format {
        "xml" => parse_results(stdout.as_bytes(), QueryResultsFormat::Xml),
        "json" => parse_results(stdout.as_bytes(), QueryResultsFormat::Json),
        "tsv" => parse_results(stdout.as_bytes(), QueryResultsFormat::Tsv),
        "csv" => parse_csv(stdout),
        _ => oxttl::NTriplesParser::new()
            .for_slice(stdout.as_bytes())
            .collect::<Result<Graph, _>>()
            .map(|graph| Answer::Graph(Box::new(graph)))
            .map_err(|e| e.to_string()),
    }
}

/// Runs an evaluation test on `env`'s store, which holds its data.
fn evaluate(env: &Env, query: &Path, result: &Path) -> Result<(), String> {
    let ordered = is_ordered(query);
    let (expected, format) = expected(result);
    let expected = expected.map_err(|e| format!("{}: {e}", result.display()))?;
    let run = env.run(&["query", query.to_str().unwrap(), "--format", format]);
    if run.code != Some(0) {
        return Err(format!("refused: {}", run.stderr.trim()));
    }
    let got = ours(&run.stdout, format)
        .map_err(|e| format!("unreadable answer ({e}):\n{}", run.stdout))?;
    if got.canonical(ordered) == expected.canonical(ordered) {
        return Ok(());
    }
    let show = |answer: &Answer| {
        let mut lines = answer.lines();
        if !ordered {
            lines.sort();
        }
        lines
            .iter()
            .map(|l| format!("\n    {l}"))
            .collect::<String>()
    };
    Err(format!(
        "the answer differs{}\n  got:{}\n  expected:{}",
        if ordered { " (ordered)" } else { "" },
        show(&got),
        show(&expected)
    ))
}

/// Runs a syntax test: `--show-query` parses the query and stops.
fn syntax(test: &Syntax) -> Result<(), String> {
    let run = Run::from(
        bin()
            .args(["query", test.query.to_str().unwrap(), "--show-query"])
            .output()
            .unwrap(),
    );
    match (test.positive, run.code) {
        (true, Some(0)) => Ok(()),
        (true, _) => Err(format!("refused: {}", run.stderr.trim())),
        (false, Some(1)) if run.stderr.starts_with("error: ") => Ok(()),
        (false, code) => Err(format!(
            "not refused cleanly (exit {code:?}): {}{}",
            run.stdout, run.stderr
        )),
    }
}

/// Runs the evaluation tests that share one dataset on one store.
fn run_dataset(data: &[PathBuf], tests: &[&Evaluation]) -> Vec<(String, Result<(), String>)> {
    let env = Env::new();
    // The suite is written for simple entailment: the default graph is
    // the data as it is, with nothing derived from FOAF terms.
    let mut args = vec![
        "load".to_owned(),
        "--inference".to_owned(),
        "off".to_owned(),
    ];
    args.extend(data.iter().map(|p| p.display().to_string()));
    if data.is_empty() {
        // A store with no triples: one empty source.
        args.push(env.write("empty.ttl", "").display().to_string());
    }
    let load = env.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
    tests
        .iter()
        .map(|test| {
            let outcome = match load.code {
                Some(0) => evaluate(&env, &test.query, &test.result),
                _ => Err(format!("the data was refused: {}", load.stderr.trim())),
            };
            (test.id.clone(), outcome)
        })
        .collect()
}

#[test]
fn the_w3c_sparql11_query_tests_pass_or_are_known_failures() {
    let (evaluations, syntax_tests) = cases();
    let known = known_failures();
    let mut outcomes: Vec<(String, Result<(), String>)> = syntax_tests
        .iter()
        .map(|test| (test.id.clone(), syntax(test)))
        .collect();
    let mut by_dataset: BTreeMap<&[PathBuf], Vec<&Evaluation>> = BTreeMap::new();
    for test in &evaluations {
        by_dataset.entry(&test.data).or_default().push(test);
    }
    let groups: Vec<_> = by_dataset.into_iter().collect();
    outcomes.extend(std::thread::scope(|scope| {
        let halves: Vec<_> = groups
            .chunks(groups.len().div_ceil(2))
            .map(|half| {
                scope.spawn(move || {
                    half.iter()
                        .flat_map(|(data, tests)| run_dataset(data, tests))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    }));

    let mut problems = Vec::new();
    for (id, outcome) in &outcomes {
        match (outcome, known.get(id)) {
            (Err(why), None) => problems.push(format!("{id} fails: {why}")),
            (Ok(()), Some(cause)) => problems.push(format!(
                "{id} passes but is listed as a known failure ({cause}): remove it from the list"
            )),
            _ => {}
        }
    }
    let ids: BTreeSet<&str> = outcomes.iter().map(|(id, _)| id.as_str()).collect();
    for id in known.keys().filter(|id| !ids.contains(id.as_str())) {
        problems.push(format!("{id} is listed as a known failure but is no test"));
    }
    let failed = outcomes.iter().filter(|(_, o)| o.is_err()).count();
    assert!(
        problems.is_empty(),
        "{} of {} tests pass, {failed} fail ({} known):\n{}",
        outcomes.len() - failed,
        outcomes.len(),
        known.len(),
        problems.join("\n")
    );
    // The suite as copied: a manifest that lost tests would pass quietly.
    assert_eq!(
        (evaluations.len(), syntax_tests.len()),
        (EVALUATION_TESTS, SYNTAX_TESTS),
        "the suite's manifests list another number of tests"
    );
}
