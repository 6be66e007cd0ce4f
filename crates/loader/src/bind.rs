//! Binding parameters into a parsed query: each parameter variable is
//! replaced by its typed RDF term throughout the algebra (patterns, filters,
//! sub-queries, aggregates), as if the query had been written with that
//! term. Nothing is pasted into the query's text, so no value can change the
//! query's shape. A projected parameter still shows its value as a column.

use oxigraph::model::{Term, Variable};
use spargebra::Query;
use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};

use crate::error::QueryError;

/// Replaces each bound variable of `query` with its value.
pub(crate) fn bind(query: &mut Query, bindings: &[(Variable, Term)]) -> Result<(), QueryError> {
    for (variable, value) in bindings {
        let binder = Binder { variable, value };
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
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                for item in list {
                    self.expression(item)?;
                }
            }
            Expression::Exists(pattern) => self.pattern(pattern)?,
        }
        Ok(())
    }
}
