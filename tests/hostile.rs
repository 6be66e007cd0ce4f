//! Hostile input: nothing makes the binary panic, hang or abort. Every bad
//! file is refused with exit 1 and a message that says where; every odd but
//! valid one loads.

use crate::util::{Env, Run};

/// Loads `content` as `name` into a fresh store.
fn load(name: &str, content: impl AsRef<[u8]>) -> (Env, Run) {
    let env = Env::new();
    env.write(name, content);
    let run = env.run(&["load", name]);
    (env, run)
}

/// Asserts a clean refusal: exit 1, an error naming the file, no panic.
#[track_caller]
fn refused(name: &str, content: impl AsRef<[u8]>) -> Run {
    let (env, run) = load(name, content);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let run = run.failure().stderr_has(&format!("error: {name}"));
    assert_eq!(env.snapshot().1, serde_json::json!([]), "nothing stored");
    run
}

#[test]
fn invalid_utf8_is_refused_with_its_place() {
    refused(
        "latin1.ttl",
        b"<https://example.org/a> <https://example.org/p> \"caf\xe9\" .\n",
    )
    .stderr_has("latin1.ttl:1:");
    refused(
        "latin1.nt",
        b"<https://example.org/a> <https://example.org/p> \"caf\xe9\" .\n",
    );
}

#[test]
fn garbage_bytes_are_refused() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for name in [
        "garbage.ttl",
        "garbage.trig",
        "garbage.nt",
        "garbage.nq",
        "garbage.rdf",
        "garbage.jsonld",
    ] {
        refused(name, &garbage);
    }
}

#[test]
fn truncated_files_are_refused() {
    refused(
        "cut.ttl",
        "@prefix ex: <https://example.org/> .\nex:a ex:p [ ex:q ex:b ;",
    )
    .stderr_has("cut.ttl:2:");
    refused(
        "cut.nq",
        "<https://example.org/a> <https://example.org/p> <https://example.org/o> <https://exa",
    );
    refused(
        "cut.rdf",
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<rdf:Description rdf:about=\"https://example.org/a\">",
    )
    .stderr_has("cut.rdf:3:")
    .stderr_has("the file looks truncated");
    refused(
        "cut.jsonld",
        "{\"@id\": \"https://example.org/a\", \"https://example.org/p\": [1, 2",
    );
}

#[test]
fn unterminated_strings_are_refused() {
    refused(
        "open.ttl",
        "<https://example.org/a> <https://example.org/p> \"never closed .\n",
    )
    .stderr_has("open.ttl:1:");
    refused(
        "open-long.ttl",
        "<https://example.org/a> <https://example.org/p> \"\"\"never closed .\n",
    );
}

#[test]
fn a_20_megabyte_literal_loads() {
    let literal = "x".repeat(20 * 1024 * 1024);
    let (env, run) = load(
        "huge.nt",
        format!("<https://example.org/a> <https://example.org/p> \"{literal}\" .\n"),
    );
    run.success();
    assert_eq!(env.snapshot().0["triples"], 1);
}

#[test]
fn an_error_after_a_huge_literal_is_excerpted_briefly() {
    let literal = "x".repeat(5 * 1024 * 1024);
    let run = refused(
        "huge-bad.nt",
        format!("<https://example.org/a> <https://example.org/p> \"{literal}\" oops\n"),
    );
    assert!(
        run.stderr.len() < 2_000,
        "the excerpt is cut short: {} bytes",
        run.stderr.len()
    );
}

#[test]
fn nesting_20000_levels_deep_is_refused_not_a_crash() {
    let depth = 20_000;
    let blank = format!(
        "<https://example.org/a> <https://example.org/p> {}<https://example.org/z>{} .\n",
        "[ <https://example.org/p> ".repeat(depth),
        " ]".repeat(depth)
    );
    refused("deep-blank.ttl", &blank);
    refused("deep-blank.trig", format!("{{ {blank} }}"));
    let list = format!(
        "<https://example.org/a> <https://example.org/p> {}1{} .\n",
        "( ".repeat(depth),
        " )".repeat(depth)
    );
    refused("deep-list.ttl", &list);
    let json = format!(
        "{}\"https://example.org/a\"{}",
        "{\"https://example.org/p\": ".repeat(depth),
        "}".repeat(depth)
    );
    refused("deep.jsonld", &json)
        .stderr_has("deep.jsonld:1:")
        .stderr_has("nested more than 500 levels");
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"https://example.org/\">{}{}</rdf:RDF>",
        "<rdf:Description><ex:p>".repeat(depth),
        "</ex:p></rdf:Description>".repeat(depth)
    );
    let (_, run) = load("deep.rdf", &xml);
    assert!(
        matches!(run.code, Some(0 | 1)),
        "exit {:?}: {}",
        run.code,
        run.stderr
    );
}

#[test]
fn a_byte_order_mark_is_skipped() {
    for name in ["bom.ttl", "bom.nt", "bom.trig", "bom.nq"] {
        let (env, run) = load(
            name,
            "\u{feff}<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n",
        );
        run.success();
        assert_eq!(env.snapshot().0["triples"], 1);
    }
}

#[test]
fn an_error_on_a_line_with_a_byte_order_mark_has_the_right_column() {
    // The mark is not a character of the line: columns are as without it.
    let line = "<https://example.org/a> <https://example.org/p> oops .\n";
    refused("no-bom-bad.ttl", line).stderr_has("no-bom-bad.ttl:1:53:");
    refused("bom-bad.ttl", format!("\u{feff}{line}")).stderr_has("bom-bad.ttl:1:53:");
}

#[test]
fn crlf_line_ends_load_and_errors_count_lines_right() {
    let (env, run) = load(
        "crlf.ttl",
        "@prefix ex: <https://example.org/> .\r\nex:a ex:p \"1\" .\r\nex:b ex:p \"2\" .\r\n",
    );
    run.success();
    assert_eq!(env.snapshot().0["triples"], 2);
    refused(
        "crlf-bad.ttl",
        "@prefix ex: <https://example.org/> .\r\nex:a ex:p \"1\" .\r\nex:b ex:p ex:q ex:r .\r\n",
    )
    .stderr_has("crlf-bad.ttl:3:");
}

#[test]
fn an_empty_file_loads_as_an_empty_source() {
    for name in ["empty.ttl", "empty.nt", "empty.trig", "empty.nq"] {
        let (env, run) = load(name, "");
        run.success().stdout_has("(0 triples)");
        assert_eq!(env.snapshot().1.as_array().unwrap().len(), 1);
    }
}

#[test]
fn rdf_star_is_refused_with_advice() {
    refused("star.ttl", "<< <https://example.org/a> <https://example.org/p> <https://example.org/b> >> <https://example.org/q> 1 .\n")
        .stderr_has("RDF-star");
}

#[test]
fn a_missing_file_is_named() {
    let env = Env::new();
    env.run(&["load", "nowhere.ttl"])
        .failure()
        .stderr_has("nowhere.ttl")
        .stderr_has("No such file");
}
