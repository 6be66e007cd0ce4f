//! Saved queries as any SPARQL 1.1 engine reads them. They use `LATERAL`
//! (SEP-0006, which Oxigraph reads and Virtuoso, QLever or Fuseki do not)
//! to look up a few details for each row already found; wherever the
//! lateral part is a group of triple patterns, OPTIONALs, FILTERs and
//! BINDs, it means the same as those written after the rows they extend,
//! and is rewritten so. Anything else stays `LATERAL`.
//!
//! A BIND of a constant is written as the one-row VALUES it equals:
//! Virtuoso 7.2 fails to compile a BIND inside a UNION branch after a
//! property path ("Internal Optimized compiler error"), and Oxigraph plans
//! the saved queries' BINDs faster, so they stay BINDs locally.
//!
//! The text written from the parsed query names each aggregate with a
//! random hexadecimal variable (`?8dda…`); SPARQL allows a digit first,
//! Virtuoso does not, so such names get a letter in front.

use spargebra::Query;
use spargebra::algebra::{Expression, GraphPattern};
use spargebra::term::GroundTerm;

/// `query` with every `LATERAL` that has a SPARQL 1.1 equivalent
/// replaced by it.
pub(crate) fn portable(query: Query) -> Query {
    match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: rewrite(pattern),
            base_iri,
        },
        Query::Construct {
            template,
            dataset,
            pattern,
            base_iri,
        } => Query::Construct {
            template,
            dataset,
            pattern: rewrite(pattern),
            base_iri,
        },
        Query::Describe {
            dataset,
            pattern,
            base_iri,
        } => Query::Describe {
            dataset,
            pattern: rewrite(pattern),
            base_iri,
        },
        Query::Ask {
            dataset,
            pattern,
            base_iri,
        } => Query::Ask {
            dataset,
            pattern: rewrite(pattern),
            base_iri,
        },
    }
}

/// The query's text, every variable whose name starts with a digit
/// renamed to start with `v` (strings and IRIs left as they are).
pub(crate) fn letters_first(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        match c {
            '"' | '\'' => {
                // A string, to its closing quote (escapes kept).
                while let Some(inner) = chars.next() {
                    out.push(inner);
                    if inner == '\\' {
                        out.extend(chars.next());
                    } else if inner == c {
                        break;
                    }
                }
            }
            // An IRI, not the operators `<` and `<=`.
            '<' if chars
                .peek()
                .is_some_and(|n| !n.is_whitespace() && *n != '=') =>
            {
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == '>' {
                        break;
                    }
                }
            }
            '?' | '$' if chars.peek().is_some_and(char::is_ascii_digit) => out.push('v'),
            _ => {}
        }
    }
    out
}

/// The pattern with its lateral joins rewritten, inside out.
fn rewrite(pattern: GraphPattern) -> GraphPattern {
    let boxed = |p: Box<GraphPattern>| Box::new(rewrite(*p));
    match pattern {
        GraphPattern::Lateral { left, right } => after(rewrite(*left), rewrite(*right)),
        GraphPattern::Join { left, right } => GraphPattern::Join {
            left: boxed(left),
            right: boxed(right),
        },
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => GraphPattern::LeftJoin {
            left: boxed(left),
            right: boxed(right),
            expression,
        },
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
            expr,
            inner: boxed(inner),
        },
        GraphPattern::Union { left, right } => GraphPattern::Union {
            left: boxed(left),
            right: boxed(right),
        },
        GraphPattern::Graph { name, inner } => GraphPattern::Graph {
            name,
            inner: boxed(inner),
        },
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } => {
            let constant = match &expression {
                Expression::NamedNode(iri) => Some(GroundTerm::NamedNode(iri.clone())),
                Expression::Literal(literal) => Some(GroundTerm::Literal(literal.clone())),
                _ => None,
            };
            match constant {
                Some(constant) => GraphPattern::Join {
                    left: boxed(inner),
                    right: Box::new(GraphPattern::Values {
                        variables: vec![variable],
                        bindings: vec![vec![Some(constant)]],
                    }),
                },
                None => GraphPattern::Extend {
                    inner: boxed(inner),
                    variable,
                    expression,
                },
            }
        }
        GraphPattern::Minus { left, right } => GraphPattern::Minus {
            left: boxed(left),
            right: boxed(right),
        },
        GraphPattern::OrderBy { inner, expression } => GraphPattern::OrderBy {
            inner: boxed(inner),
            expression,
        },
        GraphPattern::Project { inner, variables } => GraphPattern::Project {
            inner: boxed(inner),
            variables,
        },
        GraphPattern::Distinct { inner } => GraphPattern::Distinct {
            inner: boxed(inner),
        },
        GraphPattern::Reduced { inner } => GraphPattern::Reduced {
            inner: boxed(inner),
        },
        GraphPattern::Slice {
            inner,
            start,
            length,
        } => GraphPattern::Slice {
            inner: boxed(inner),
            start,
            length,
        },
        GraphPattern::Group {
            inner,
            variables,
            aggregates,
        } => GraphPattern::Group {
            inner: boxed(inner),
            variables,
            aggregates,
        },
        GraphPattern::Service {
            name,
            inner,
            silent,
        } => GraphPattern::Service {
            name,
            inner: boxed(inner),
            silent,
        },
        leaf @ (GraphPattern::Bgp { .. }
        | GraphPattern::Path { .. }
        | GraphPattern::Values { .. }) => leaf,
    }
}

/// `rows LATERAL { lateral }` without LATERAL where the lateral part only
/// matches, filters and extends each row: its patterns joined to the rows,
/// its OPTIONALs left-joined, its FILTERs and BINDs applied to the rows
/// they extend, in its order.
fn after(rows: GraphPattern, lateral: GraphPattern) -> GraphPattern {
    match lateral {
        GraphPattern::Bgp { patterns } if patterns.is_empty() => rows,
        matched @ (GraphPattern::Bgp { .. } | GraphPattern::Path { .. }) => GraphPattern::Join {
            left: Box::new(rows),
            right: Box::new(matched),
        },
        GraphPattern::Join { left, right } => after(after(rows, *left), *right),
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => GraphPattern::LeftJoin {
            left: Box::new(after(rows, *left)),
            right,
            expression,
        },
        GraphPattern::Filter { expr, inner } => GraphPattern::Filter {
            expr,
            inner: Box::new(after(rows, *inner)),
        },
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } => GraphPattern::Extend {
            inner: Box::new(after(rows, *inner)),
            variable,
            expression,
        },
        other => GraphPattern::Lateral {
            left: Box::new(rows),
            right: Box::new(other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::portable;
    use crate::run::parse_query;

    fn rewritten(text: &str) -> String {
        portable(parse_query(text, None, "test").unwrap()).to_string()
    }

    #[test]
    fn a_lateral_group_of_optionals_becomes_optionals_on_the_rows() {
        let text = rewritten(
            "SELECT * WHERE { ?e a <urn:E> LATERAL { OPTIONAL { ?e <urn:start> ?s } \
             OPTIONAL { ?e <urn:end> ?x } BIND(COALESCE(?x, ?s) AS ?last) FILTER(BOUND(?s)) } }",
        );
        assert!(!text.contains("LATERAL"), "{text}");
        let expected = parse_query(
            "SELECT * WHERE { ?e a <urn:E> OPTIONAL { ?e <urn:start> ?s } \
             OPTIONAL { ?e <urn:end> ?x } BIND(COALESCE(?x, ?s) AS ?last) FILTER(BOUND(?s)) }",
            None,
            "test",
        )
        .unwrap()
        .to_string();
        assert_eq!(text, expected);
    }

    #[test]
    fn variables_start_with_a_letter_and_strings_and_iris_are_kept() {
        let text = r#"SELECT (?8a AS ?n) WHERE { ?s <http://x/y?1=2> "?3 \" ?4" FILTER(?9b < 3 && ?c <= ?0) }"#;
        assert_eq!(
            super::letters_first(text),
            r#"SELECT (?v8a AS ?n) WHERE { ?s <http://x/y?1=2> "?3 \" ?4" FILTER(?v9b < 3 && ?c <= ?v0) }"#
        );
    }

    #[test]
    fn a_bind_of_a_constant_becomes_values() {
        let text = rewritten(
            "SELECT * WHERE { { ?e <urn:by> ?o BIND(\"organizer\" AS ?how) } UNION { ?e <urn:for> ?o BIND(<urn:x> AS ?how) } BIND(STR(?o) AS ?s) }",
        );
        assert!(
            text.contains(r#"VALUES ( ?how ) { ( "organizer" )"#),
            "{text}"
        );
        assert!(text.contains("VALUES ( ?how ) { ( <urn:x> )"), "{text}");
        assert!(!text.contains("AS ?how"), "{text}");
        // A BIND of anything else stays what it is.
        assert!(text.contains("(STR(?o) AS ?s)"), "{text}");
    }

    #[test]
    fn a_lateral_sub_select_with_a_limit_stays_lateral() {
        let text = rewritten(
            "SELECT * WHERE { ?e a <urn:E> LATERAL { SELECT ?e ?n WHERE { ?e <urn:name> ?n } LIMIT 1 } }",
        );
        assert!(text.contains("LATERAL"), "{text}");
    }
}
