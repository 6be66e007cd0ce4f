//! JSON-LD contexts without the network: the well-known ones are built into
//! the binary (schema.org's, from `data/contexts/`), a context named by a
//! `file:` IRI (or by a reference relative to a file's own `file:` IRI) is
//! read from the disk, and any other is refused, saying how to supply it.

use std::error::Error;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use oxigraph::io::{JsonLdProfile, LoadedDocument, RdfFormat};
use oxiri::Iri;

use crate::read::guard::check_json_depth_of;
use crate::read::parse_failure::ParseFailure;

/// schema.org's JSON-LD context, byte for byte as schema.org serves it
/// (`data/contexts/ORIGIN.md` says where the copy comes from).
const SCHEMA_ORG: &[u8] = include_bytes!("../../../../data/contexts/schemaorg-jsonldcontext.json");

/// The URLs that name schema.org's context, after `http://` or `https://`.
const SCHEMA_ORG_URLS: [&str; 4] = [
    "schema.org",
    "schema.org/",
    "schema.org/docs/jsonldcontext.json",
    "schema.org/docs/jsonldcontext.jsonld",
];

/// The largest context file read from the disk; real ones are far smaller
/// (schema.org's, with every term of the vocabulary, is 170 KB).
const MAX_CONTEXT_BYTES: u64 = 16 << 20;

/// The deepest nesting accepted in a context file, under the bound of the
/// JSON parser that checks it, and so that the JSON-LD parser's recursion
/// never overflows the stack.
const MAX_CONTEXT_DEPTH: usize = 100;

/// The built-in context `url` names, if any.
fn built_in(url: &str) -> Option<&'static [u8]> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    SCHEMA_ORG_URLS.contains(&rest).then_some(SCHEMA_ORG)
}

/// A context that could not be had, and why, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ContextFailure {
    /// The context's URL, resolved against the document's base IRI.
    pub(crate) url: String,
    /// Why it could not be used, and what to do.
    pub(crate) reason: String,
}

/// The JSON-LD parser's document loader. It remembers the first context it
/// could not supply, so that the parser's error (which carries only text)
/// can be told apart from a syntax error and reported as what it is.
#[derive(Debug, Clone, Default)]
pub(crate) struct ContextLoader {
    failure: Arc<Mutex<Option<ContextFailure>>>,
}

impl ContextLoader {
    /// The context document `url` names: built in, or read from the disk
    /// for a `file:` IRI. Never the network.
    pub(crate) fn load(&self, url: &str) -> Result<LoadedDocument, Box<dyn Error + Send + Sync>> {
        match context_document(url) {
            Ok(content) => Ok(LoadedDocument {
                url: url.to_owned(),
                content,
                format: RdfFormat::JsonLd {
                    profile: JsonLdProfile::Context.into(),
                },
            }),
            Err(reason) => {
                self.failure
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .get_or_insert_with(|| ContextFailure {
                        url: url.to_owned(),
                        reason: reason.clone(),
                    });
                Err(reason.into())
            }
        }
    }

    /// The first context that could not be supplied, if any; taking it
    /// leaves none.
    pub(crate) fn take_failure(&self) -> Option<ContextFailure> {
        self.failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

/// The bytes of the context `url` names, or why there are none.
fn context_document(url: &str) -> Result<Vec<u8>, String> {
    if let Some(document) = built_in(url) {
        return Ok(document.to_vec());
    }
    let iri = Iri::parse(url).map_err(|e| format!("it is not a valid IRI ({e}); fix it"))?;
    match iri.scheme().to_ascii_lowercase().as_str() {
        "file" => read_local(&local_path(&iri)?),
        "http" | "https" => Err(format!(
            "it is not built in, and actorgraph never fetches contexts from the network; \
             save a copy of it beside the file and name that copy in \"@context\" by a relative \
             reference (such as \"{}\") or a file: IRI. Built in: schema.org's context \
             (http or https, schema.org or schema.org/docs/jsonldcontext.json)",
            suggested_name(url)
        )),
        _ => Err(
            "actorgraph reads contexts only from its built-in copies and from local files; \
             name a local copy of it by a file: IRI (a relative reference resolves against the \
             input's base IRI, which is not a file: IRI here)"
                .to_owned(),
        ),
    }
}

/// A file name for a local copy of the context at `url`: its last path
/// segment when that looks like a JSON file, else `context.jsonld`.
fn suggested_name(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    match path.rsplit_once('/') {
        Some((_, name)) if name.ends_with(".jsonld") || name.ends_with(".json") => name,
        _ => "context.jsonld",
    }
}

/// The path a `file:` IRI names on this machine, percent-decoded.
fn local_path(iri: &Iri<&str>) -> Result<PathBuf, String> {
    if let Some(host) = iri
        .authority()
        .filter(|a| !a.is_empty() && *a != "localhost")
    {
        return Err(format!(
            "it names a file on the host '{host}'; copy the context to this machine and name it by a file: IRI without a host (file:///path) or a relative reference"
        ));
    }
    let encoded = iri.path();
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut rest = encoded.as_bytes();
    while let Some((&byte, tail)) = rest.split_first() {
        let decoded = (byte == b'%')
            .then(|| tail.get(..2))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match decoded {
            Some(decoded) => {
                bytes.push(decoded);
                rest = &tail[2..];
            }
            None => {
                bytes.push(byte);
                rest = tail;
            }
        }
    }
    String::from_utf8(bytes).map(PathBuf::from).map_err(|_| {
        format!("the path {encoded} is not UTF-8 once decoded; rename the context file")
    })
}

/// A context file's bytes, once they are known to be a JSON object with a
/// `@context` entry, nested no deeper than the JSON-LD parser can take.
fn read_local(path: &Path) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let fix = "check the name in \"@context\" (a relative reference is resolved against the file's own location)";
    // Looked at before opening: opening a named pipe would wait for a writer.
    let metadata = fs::metadata(path).map_err(|e| format!("{shown}: {e}; {fix}"))?;
    if !metadata.is_file() {
        return Err(format!("{shown} is not a regular file; {fix}"));
    }
    if metadata.len() > MAX_CONTEXT_BYTES {
        return Err(format!(
            "{shown} is {} bytes, more than the {MAX_CONTEXT_BYTES} a context file may have; name a JSON-LD context file",
            metadata.len()
        ));
    }
    let mut content = Vec::new();
    File::open(path)
        .and_then(|file| file.take(MAX_CONTEXT_BYTES).read_to_end(&mut content))
        .map_err(|e| format!("{shown}: {e}; {fix}"))?;
    // Reading bytes in memory cannot fail: too deep is the one failure.
    if let Err(ParseFailure::Syntax {
        line,
        column,
        message,
    }) = check_json_depth_of(content.as_slice(), MAX_CONTEXT_DEPTH)
    {
        let column = column.fallback() + 1;
        return Err(format!("{shown}:{}:{column}: {message}", line + 1));
    }
    match serde_json::from_slice::<serde_json::Value>(&content) {
        Ok(serde_json::Value::Object(map)) if map.contains_key("@context") => Ok(content),
        Ok(_) => Err(format!(
            "{shown} is not a JSON-LD context document: it must be a JSON object with a \"@context\" entry, such as {{\"@context\": {{\"@vocab\": \"http://schema.org/\"}}}}; fix that file"
        )),
        Err(e) => Err(format!(
            "{shown}:{}:{}: not valid JSON: {}; fix that file",
            e.line(),
            e.column(),
            message_of(&e)
        )),
    }
}

/// serde_json's message without the position it appends (ours comes first).
fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(index) => text[..index].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use oxigraph::model::{GraphName, NamedNode, Term};

    use super::*;
    use crate::read::parse::{ParseOptions, parse};
    use actorgraph_model::{Format, file_iri};

    fn document(loader: &ContextLoader, url: &str) -> serde_json::Value {
        let loaded = loader.load(url).unwrap();
        assert_eq!(loaded.url, url);
        assert!(matches!(loaded.format, RdfFormat::JsonLd { .. }));
        serde_json::from_slice(&loaded.content).unwrap()
    }

    /// The error loading `url` gives.
    fn refused(loader: &ContextLoader, url: &str) -> String {
        match loader.load(url) {
            Ok(_) => panic!("{url} was loaded"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn every_name_of_schema_orgs_context_is_the_built_in_copy() {
        let loader = ContextLoader::default();
        for scheme in ["http", "https"] {
            for rest in SCHEMA_ORG_URLS {
                let context = document(&loader, &format!("{scheme}://{rest}"));
                assert_eq!(context["@context"]["@vocab"], "http://schema.org/");
                assert_eq!(
                    context["@context"]["url"],
                    serde_json::json!({"@id": "schema:url", "@type": "@id"})
                );
            }
        }
        assert_eq!(loader.take_failure(), None);
    }

    #[test]
    fn another_remote_context_is_refused_naming_it_and_a_local_name() {
        let loader = ContextLoader::default();
        let url = "https://example.org/contexts/event.jsonld";
        let error = refused(&loader, url);
        assert!(error.contains("never fetches"), "{error}");
        assert!(error.contains("\"event.jsonld\""), "{error}");
        let failure = loader.take_failure().unwrap();
        assert_eq!(failure.url, url);
        assert_eq!(failure.reason, error);
        assert_eq!(loader.take_failure(), None, "taken once");
        // Near misses of schema.org's names are not it.
        for url in ["https://schema.org/Event", "https://schema.org.example/"] {
            assert!(refused(&loader, url).contains("never fetches"), "{url}");
            assert_eq!(loader.take_failure().unwrap().url, url);
        }
        // A relative reference in standard input resolves against its urn:.
        for url in ["urn:ctx.jsonld", "ftp://schema.org/"] {
            assert!(refused(&loader, url).contains("by a file: IRI"), "{url}");
            assert_eq!(loader.take_failure().unwrap().url, url);
        }
        assert_eq!(suggested_name("https://example.org/ctx"), "context.jsonld");
    }

    #[test]
    fn a_file_context_is_read_from_its_percent_decoded_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("my contexts").join("événement.jsonld");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, r#"{"@context": {"@vocab": "http://schema.org/"}}"#).unwrap();
        let loader = ContextLoader::default();
        let url = file_iri(&path).into_string();
        assert!(url.contains("my%20contexts"), "{url}");
        assert_eq!(
            document(&loader, &url)["@context"]["@vocab"],
            "http://schema.org/"
        );
        let with_host = url.replacen("file://", "file://localhost", 1);
        assert_eq!(
            document(&loader, &with_host)["@context"]["@vocab"],
            "http://schema.org/"
        );
        assert_eq!(loader.take_failure(), None);
    }

    #[test]
    fn a_bad_file_context_says_which_file_and_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let loader = ContextLoader::default();
        let reason = |name: &str, content: Option<&str>| {
            let path = dir.path().join(name);
            if let Some(content) = content {
                fs::write(&path, content).unwrap();
            }
            let url = file_iri(&path).into_string();
            refused(&loader, &url);
            let failure = loader.take_failure().unwrap();
            assert_eq!(failure.url, url);
            assert!(
                failure.reason.contains(&path.display().to_string()),
                "{failure:?}"
            );
            failure.reason
        };
        assert!(reason("missing.jsonld", None).contains("No such file"));
        assert!(reason("broken.jsonld", Some("{\n  \"@context\": {,}\n}")).contains(":2:"));
        assert!(reason("bare.jsonld", Some(r#"{"@vocab": "x"}"#)).contains("\"@context\" entry"));
        let deep = format!("{{\"@context\": {}{}}}", "[".repeat(1000), "]".repeat(1000));
        assert!(reason("deep.jsonld", Some(&deep)).contains(":1:113: JSON nested more than 100"));
        assert!(reason("", None).contains("not a regular file"));
        let remote = "file://example.org/ctx.jsonld";
        assert!(refused(&loader, remote).contains("host 'example.org'"));
    }

    fn parse_json_ld(text: &str) -> Result<Vec<oxigraph::model::Quad>, ParseFailure> {
        let options = ParseOptions {
            format: Format::JsonLd,
            base: Some("file:///pages/event.jsonld".to_owned()),
            blank_node_prefix: String::new(),
            default_graph: GraphName::DefaultGraph,
            prefixes: Default::default(),
        };
        parse(text.as_bytes(), &options)?.collect()
    }

    #[test]
    fn the_parser_reads_schema_org_terms_through_the_built_in_context() {
        let quads = parse_json_ld(
            r#"{"@context": "https://schema.org", "@id": "https://example.org/e",
                "@type": "Event", "name": "A", "url": "https://example.org/page"}"#,
        )
        .unwrap();
        let schema = |local: &str| NamedNode::new(format!("http://schema.org/{local}")).unwrap();
        assert!(
            quads
                .iter()
                .any(|q| q.object == Term::from(schema("Event")))
        );
        assert!(quads.iter().any(|q| q.predicate == schema("name")));
        let url = quads.iter().find(|q| q.predicate == schema("url")).unwrap();
        assert!(url.object.is_named_node(), "the context types url as @id");
    }

    #[test]
    fn the_parser_fails_with_the_context_it_could_not_have() {
        let error = parse_json_ld(
            r#"{"@context": ["https://example.org/ctx.jsonld", {"ex": "https://example.org/"}],
                "@id": "ex:e", "ex:name": "A"}"#,
        )
        .unwrap_err();
        match error {
            ParseFailure::Context { url, reason } => {
                assert_eq!(url, "https://example.org/ctx.jsonld");
                assert!(reason.contains("never fetches"), "{reason}");
            }
            other => panic!("not a context failure: {other:?}"),
        }
    }
}
