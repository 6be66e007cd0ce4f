//! Binding parameters into a parsed query: each parameter variable is
//! replaced by its typed RDF term throughout the algebra (patterns, filters,
//! sub-queries, aggregates), as if the query had been written with that
//! term. Nothing is pasted into the query's text, so no value can change the
//! query's shape. A projected parameter still shows its value as a column.
//!
//! A function call that binding leaves with constant arguments only, such as
//! `REPLACE(LCASE(?text), …)`, is then evaluated once, by Oxigraph itself,
//! and replaced by its value: Oxigraph compiles the pattern of a REGEX or
//! REPLACE once only when it is a literal in the query, and would compile a
//! pattern computed from a parameter again for every row.

use std::cell::OnceCell;

use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, Expression, Function, GraphPattern, OrderExpression,
};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};

use crate::error::QueryError;

/// Replaces each bound variable of `query` with its value.
pub(crate) fn bind(query: &mut Query, bindings: &[(Variable, Term)]) -> Result<(), QueryError> {
    let folder = Folder::default();
    for (variable, value) in bindings {
        let binder = Binder {
            variable,
            value,
            folder: &folder,
        };
        match query {
            Query::Select { pattern, .. }
            | Query::Describe { pattern, .. }
            | Query::Ask { pattern, .. } => {
                binder.pattern(pattern)?;
            }
            Query::Construct {
                template, pattern, ..
            } => {
                for triple in template {
                    binder.triple(triple)?;
                }
                binder.pattern(pattern)?;
            }
        }
    }
    Ok(())
}

struct Binder<'a> {
    variable: &'a Variable,
    value: &'a Term,
    folder: &'a Folder,
}

impl Binder<'_> {
    fn clash(&self, how: &str) -> QueryError {
        QueryError::Parameter(format!(
            "parameter '{}' cannot be bound: the query {how} ?{}",
            self.variable.as_str(),
            self.variable.as_str()
        ))
    }

    fn expression_value(&self) -> Expression {
        match self.value {
            Term::NamedNode(n) => Expression::NamedNode(n.clone()),
            Term::Literal(l) => Expression::Literal(l.clone()),
            Term::BlankNode(_) => Expression::Bound(self.variable.clone()),
        }
    }

    fn term(&self, term: &mut TermPattern) {
        if matches!(term, TermPattern::Variable(v) if v == self.variable) {
            *term = match self.value {
                Term::NamedNode(n) => TermPattern::NamedNode(n.clone()),
                Term::Literal(l) => TermPattern::Literal(l.clone()),
                Term::BlankNode(b) => TermPattern::BlankNode(b.clone()),
            };
        }
    }

    fn named(&self, pattern: &mut NamedNodePattern) -> Result<(), QueryError> {
        if matches!(pattern, NamedNodePattern::Variable(v) if v == self.variable) {
            match self.value {
                Term::NamedNode(n) => *pattern = NamedNodePattern::NamedNode(n.clone()),
                _ => {
                    return Err(self
                        .clash("uses as a predicate or graph name, where only an IRI can stand,"));
                }
            }
        }
        Ok(())
    }

    fn triple(&self, triple: &mut TriplePattern) -> Result<(), QueryError> {
        self.term(&mut triple.subject);
        self.named(&mut triple.predicate)?;
        self.term(&mut triple.object);
        Ok(())
    }

    fn pattern(&self, pattern: &mut GraphPattern) -> Result<(), QueryError> {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                for triple in patterns {
                    self.triple(triple)?;
                }
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                self.term(subject);
                self.term(object);
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::Lateral { left, right } => {
                self.pattern(left)?;
                self.pattern(right)?;
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left)?;
                self.pattern(right)?;
                if let Some(expression) = expression {
                    self.expression(expression)?;
                }
            }
            GraphPattern::Filter { expr, inner } => {
                self.expression(expr)?;
                self.pattern(inner)?;
            }
            GraphPattern::Graph { name, inner } | GraphPattern::Service { name, inner, .. } => {
                self.named(name)?;
                self.pattern(inner)?;
            }
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                if variable == self.variable {
                    return Err(self.clash("assigns (BIND … AS)"));
                }
                self.expression(expression)?;
                self.pattern(inner)?;
            }
            GraphPattern::Values { variables, .. } => {
                if variables.contains(self.variable) {
                    return Err(self.clash("lists in VALUES"));
                }
            }
            GraphPattern::OrderBy { inner, expression } => {
                for order in expression {
                    match order {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => self.expression(e)?,
                    }
                }
                self.pattern(inner)?;
            }
            GraphPattern::Project { inner, variables } => {
                self.pattern(inner)?;
                // The variable is gone from the pattern; a projected one is
                // put back as a constant column.
                if variables.contains(self.variable) {
                    self.extend(inner.as_mut());
                }
            }
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => {
                self.pattern(inner)?;
            }
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                self.pattern(inner)?;
                for (_, aggregate) in aggregates.iter_mut() {
                    if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                        self.expression(expr)?;
                    }
                }
                if variables.contains(self.variable) {
                    variables.retain(|v| v != self.variable);
                    self.extend(pattern);
                }
            }
        }
        Ok(())
    }

    /// Wraps `pattern` so that it also binds the variable to the value:
    /// below a projection that shows it, or above a GROUP BY that no longer
    /// groups by it.
    fn extend(&self, pattern: &mut GraphPattern) {
        let taken = std::mem::replace(
            pattern,
            GraphPattern::Bgp {
                patterns: Vec::new(),
            },
        );
        *pattern = GraphPattern::Extend {
            inner: Box::new(taken),
            variable: self.variable.clone(),
            expression: self.expression_value(),
        };
    }

    fn expression(&self, expression: &mut Expression) -> Result<(), QueryError> {
        match expression {
            Expression::Variable(v) if v == self.variable => *expression = self.expression_value(),
            Expression::Bound(v) if v == self.variable => {
                *expression = Expression::Literal(true.into())
            }
            Expression::NamedNode(_)
            | Expression::Literal(_)
            | Expression::Variable(_)
            | Expression::Bound(_) => {}
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Equal(a, b)
            | Expression::SameTerm(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b)
            | Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                self.expression(a)?;
                self.expression(b)?;
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.expression(a)?
            }
            Expression::In(a, list) => {
                self.expression(a)?;
                for item in list {
                    self.expression(item)?;
                }
            }
            Expression::If(a, b, c) => {
                self.expression(a)?;
                self.expression(b)?;
                self.expression(c)?;
            }
            Expression::Coalesce(list) => {
                for item in list {
                    self.expression(item)?;
                }
            }
            Expression::FunctionCall(function, arguments) => {
                for argument in arguments.iter_mut() {
                    self.expression(argument)?;
                }
                if let Some(value) = self.folder.value_of(function, arguments) {
                    *expression = value;
                }
            }
            Expression::Exists(pattern) => self.pattern(pattern)?,
        }
        Ok(())
    }
}

/// Evaluates function calls on constants, in an empty store of its own.
#[derive(Default)]
struct Folder {
    store: OnceCell<Option<Store>>,
}

impl Folder {
    /// The value of `function` applied to `arguments`, when they are all
    /// constants, the function gives the same value at every call (not
    /// RAND, NOW, UUID, BNODE, nor IRI, which depends on the query's base)
    /// and it has a value (an error is left to happen where it would).
    fn value_of(&self, function: &Function, arguments: &[Expression]) -> Option<Expression> {
        let varying = matches!(
            function,
            Function::Rand
                | Function::Now
                | Function::Uuid
                | Function::StrUuid
                | Function::BNode
                | Function::Iri
                | Function::Custom(_)
        );
        let constant = arguments
            .iter()
            .all(|a| matches!(a, Expression::Literal(_) | Expression::NamedNode(_)));
        if varying || !constant {
            return None;
        }
        let store = self.store.get_or_init(|| Store::new().ok()).as_ref()?;
        let value = Variable::new_unchecked("value");
        let query = Query::Select {
            dataset: None,
            base_iri: None,
            pattern: GraphPattern::Project {
                inner: Box::new(GraphPattern::Extend {
                    inner: Box::new(GraphPattern::Bgp {
                        patterns: Vec::new(),
                    }),
                    variable: value.clone(),
                    expression: Expression::FunctionCall(function.clone(), arguments.to_vec()),
                }),
                variables: vec![value],
            },
        };
        let QueryResults::Solutions(mut solutions) = SparqlEvaluator::new()
            .for_query(query)
            .on_store(store)
            .execute()
            .ok()?
        else {
            return None;
        };
        match solutions.next()?.ok()?.values().first()?.clone()? {
            Term::Literal(literal) => Some(Expression::Literal(literal)),
            Term::NamedNode(node) => Some(Expression::NamedNode(node)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    fn bound(text: &str, value: &str) -> String {
        let mut query = crate::run::parse_query(text, None, "test").unwrap();
        let binding = (
            Variable::new_unchecked("text"),
            Literal::new_simple_literal(value).into(),
        );
        bind(&mut query, &[binding]).unwrap();
        query.to_string()
    }

    #[test]
    fn calls_on_the_bound_value_are_computed_once_into_a_literal() {
        let shown = bound(
            r#"SELECT ?name WHERE { ?s ?p ?name FILTER(REGEX(?name, REPLACE(LCASE(?text), "[^a-z]+", ".*"), "i")) }"#,
            "Søndergaard 12",
        );
        assert!(
            shown.contains(r#"REGEX(?name, "s.*ndergaard.*", "i")"#),
            "{shown}"
        );
    }

    #[test]
    fn calls_that_vary_or_read_the_data_are_left_alone() {
        let shown = bound(
            r#"SELECT ?x ?y WHERE { ?s ?p ?o BIND(CONCAT(?text, STR(NOW())) AS ?x) BIND(CONCAT(?text, STR(?o)) AS ?y) }"#,
            "a",
        );
        assert!(shown.contains("NOW()"), "{shown}");
        assert!(shown.contains(r#"CONCAT("a", STR(?o))"#), "{shown}");
    }
}
