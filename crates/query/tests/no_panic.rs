//! Whatever text reaches the query path — query text, parameter values,
//! format names — the answer is an error or an answer, never a panic or an
//! abort. Generated inputs lean towards what breaks parsers: brackets,
//! quotes, multi-byte letters at line starts, huge numbers.

use std::time::Duration;

use actorgraph_model::Format;
use actorgraph_query::{
    Answer, ParamType, QueryRequest, ResultsFormat, SavedQuery, declared_prefixes, run,
    write_solutions,
};
use oxigraph::model::{GraphNameRef, LiteralRef, NamedNodeRef, QuadRef};
use oxigraph::store::Store;
use proptest::prelude::*;

/// A small store for queries to read.
fn store() -> Store {
    let store = Store::new().unwrap();
    for i in 0..5 {
        let subject = format!("https://e.org/{i}");
        store
            .insert(QuadRef::new(
                NamedNodeRef::new_unchecked(&subject),
                NamedNodeRef::new_unchecked("http://schema.org/name"),
                LiteralRef::new_simple_literal("Шымкент"),
                GraphNameRef::DefaultGraph,
            ))
            .unwrap();
    }
    store
}

/// Text made of the pieces queries are made of, and of anything at all.
fn query_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("SELECT * WHERE ".to_owned()),
        Just("{ ".to_owned()),
        Just("} ".to_owned()),
        Just("( ".to_owned()),
        Just(") ".to_owned()),
        Just("?éШымкент ".to_owned()),
        Just("\n".to_owned()),
        Just("PREFIX ".to_owned()),
        Just("prefix é: <x> ".to_owned()),
        Just("<http://schema.org/name> ".to_owned()),
        Just("\"\"\"".to_owned()),
        Just("'".to_owned()),
        Just("# {{{ \n".to_owned()),
        Just("FILTER(?x < 1e999999) ".to_owned()),
        Just("COUNT(*) ".to_owned()),
        Just("BIND(1/0 AS ?z) ".to_owned()),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_query_text_gives_an_error_or_an_answer(text in query_text()) {
        let store = store();
        let request = QueryRequest {
            text: text.clone(),
            base: Some("file:///queries/".into()),
            timeout: Some(Duration::from_secs(5)),
            ..QueryRequest::default()
        };
        if let Ok(Answer::Solutions { variables, rows }) = run(&store, &request, "-e") {
            let mut out = Vec::new();
            let _ = write_solutions(&variables, rows, ResultsFormat::Tsv, &mut out);
        }
        let _ = declared_prefixes(&text);
        let _ = SavedQuery::parse("q", "q.rq", &text);
    }

    #[test]
    fn any_parameter_value_is_typed_or_refused(value in any::<String>(), digits in "[0-9]{0,40}") {
        for kind in [
            ParamType::Iri,
            ParamType::String,
            ParamType::LangString,
            ParamType::Integer,
            ParamType::Decimal,
            ParamType::Boolean,
            ParamType::Date,
            ParamType::DateTime,
        ] {
            let _ = kind.parse(&value);
            let _ = kind.parse(&digits);
            let _ = kind.parse(&format!("{digits}-13-45"));
        }
    }

    #[test]
    fn any_format_name_is_known_or_refused(name in any::<String>()) {
        let _ = name.parse::<Format>();
    }
}
