//! Binding parameters into a parsed query. Binding `?x` to a value means
//! "the query's own `?x` has this value", wherever that variable is in
//! scope, and nothing else:
//!
//! - When the query's WHERE binds `?x` (a triple pattern, a path, VALUES),
//!   the answer is the unbound query's answer restricted to its rows where
//!   `?x` is that value. Triple patterns and paths that bind `?x` are
//!   matched with the value in its place and then give `?x` the value again
//!   (so MINUS, joins and OPTIONAL still see it); the parts whose meaning a
//!   constant would change are left as they are: the right of a MINUS or
//!   an OPTIONAL whose left may leave `?x` unbound, the right of LATERAL,
//!   a sliced sub-SELECT, a sub-SELECT that does not project `?x` (its `?x`
//!   is another variable) and the like. The WHERE is then filtered on
//!   `sameTerm(?x, value)`, which makes the restriction exact whatever was
//!   left alone.
//! - An expression (FILTER, BIND, an aggregate, ORDER BY, EXISTS) gets the
//!   value in place of `?x` where `?x` is certainly bound to it there, and
//!   where nothing before it can bind `?x`: a parameter used only in
//!   expressions (a date bound) acts as if it had been bound before them.
//!   A sub-SELECT that never binds `?x` gets the value the same way.
//!
//! Nothing is pasted into the query's text, so no value can change the
//! query's shape. A projected parameter still shows its value as a column.
//!
//! A function call that binding leaves with constant arguments only, such as
//! `REPLACE(LCASE(?text), …)`, is then evaluated once, by Oxigraph itself,
//! and replaced by its value: Oxigraph compiles the pattern of a REGEX or
//! REPLACE once only when it is a literal in the query, and would compile a
//! pattern computed from a parameter again for every row.

use std::cell::{Cell, OnceCell};

use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, Expression, Function, GraphPattern, OrderExpression,
};
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, TriplePattern};

use crate::error::QueryError;

/// Binds each variable of `bindings` in `query` to its value.
pub(crate) fn bind(query: &mut Query, bindings: &[(Variable, Term)]) -> Result<(), QueryError> {
    let folder = Folder::default();
    for (variable, value) in bindings {
        let binder = Binder {
            variable,
            value,
            folder: &folder,
            certain_where: Cell::new(false),
        };
        if matches!(value, Term::BlankNode(_)) {
            return Err(binder.clash_value("a blank node, which a query cannot name"));
        }
        match query {
            Query::Select { pattern, .. } => {
                binder.top(pattern)?;
                binder.simplify(pattern);
            }
            Query::Describe { pattern, .. } | Query::Ask { pattern, .. } => {
                binder.top_unprojected(pattern)?;
                binder.simplify(pattern);
            }
            Query::Construct {
                template, pattern, ..
            } => {
                // Every row the template sees has the value (or, for a
                // parameter the WHERE never binds, is taken to have it).
                for triple in template {
                    binder.triple(triple)?;
                }
                binder.top_unprojected(pattern)?;
                binder.simplify(pattern);
            }
        }
    }
    Ok(())
}

struct Binder<'a> {
    variable: &'a Variable,
    value: &'a Term,
    folder: &'a Folder,
    /// Whether every row of the WHERE binds the variable.
    certain_where: Cell<bool>,
}

/// What the solution modifiers above the WHERE may assume of the variable.
struct Above {
    /// Expressions there may have the value in its place.
    substitute: bool,
}

impl Binder<'_> {
    fn clash(&self, how: &str) -> QueryError {
        QueryError::Parameter(format!(
            "parameter '{}' cannot be bound: the query {how} ?{}",
            self.variable.as_str(),
            self.variable.as_str()
        ))
    }

    fn clash_value(&self, what: &str) -> QueryError {
        QueryError::Parameter(format!(
            "parameter '{}' cannot be bound to {what}",
            self.variable.as_str()
        ))
    }

    fn is_var(&self, term: &TermPattern) -> bool {
        matches!(term, TermPattern::Variable(v) if v == self.variable)
    }

    fn is_named_var(&self, pattern: &NamedNodePattern) -> bool {
        matches!(pattern, NamedNodePattern::Variable(v) if v == self.variable)
    }

    fn in_triple(&self, triple: &TriplePattern) -> bool {
        self.is_var(&triple.subject)
            || self.is_named_var(&triple.predicate)
            || self.is_var(&triple.object)
    }

    fn expression_value(&self) -> Expression {
        match self.value {
            Term::NamedNode(n) => Expression::NamedNode(n.clone()),
            Term::Literal(l) => Expression::Literal(l.clone()),
            // Refused in `bind`.
            Term::BlankNode(_) => Expression::Variable(self.variable.clone()),
        }
    }

    fn is_value(&self, ground: &GroundTerm) -> bool {
        match (ground, self.value) {
            (GroundTerm::NamedNode(a), Term::NamedNode(b)) => a == b,
            (GroundTerm::Literal(a), Term::Literal(b)) => a == b,
            _ => false,
        }
    }

    fn term(&self, term: &mut TermPattern) {
        if self.is_var(term) {
            *term = match self.value {
                Term::NamedNode(n) => TermPattern::NamedNode(n.clone()),
                Term::Literal(l) => TermPattern::Literal(l.clone()),
                Term::BlankNode(b) => TermPattern::BlankNode(b.clone()),
            };
        }
    }

    fn named(&self, pattern: &mut NamedNodePattern) -> Result<(), QueryError> {
        if self.is_named_var(pattern) {
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

    /// A SELECT's pattern: its LIMIT, DISTINCT and projection, then the
    /// rest of its modifiers and its WHERE. Below the projection, a LIMIT,
    /// DISTINCT or projection is a sub-SELECT's.
    fn top(&self, pattern: &mut GraphPattern) -> Result<Above, QueryError> {
        match pattern {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => self.top(inner),
            GraphPattern::Project { inner, variables } => {
                let restricted = self.possible(inner);
                let above = self.below_projection(inner)?;
                // A parameter the WHERE never binds is put back as a
                // constant column; a bound one has its value in every row.
                if variables.contains(self.variable) && !restricted {
                    self.extend(inner.as_mut());
                }
                Ok(above)
            }
            _ => self.below_projection(pattern),
        }
    }

    /// The pattern of a CONSTRUCT, ASK or DESCRIBE: its LIMIT, when it is
    /// surely its own (not a sub-SELECT's), then the rest.
    fn top_unprojected(&self, pattern: &mut GraphPattern) -> Result<Above, QueryError> {
        match pattern {
            GraphPattern::Slice { inner, .. }
                if !matches!(**inner, GraphPattern::Project { .. }) =>
            {
                self.below_projection(inner)
            }
            _ => self.below_projection(pattern),
        }
    }

    /// ORDER BY, SELECT expressions, HAVING and GROUP BY, then the WHERE.
    fn below_projection(&self, pattern: &mut GraphPattern) -> Result<Above, QueryError> {
        match pattern {
            GraphPattern::OrderBy { inner, expression } => {
                let above = self.below_projection(inner)?;
                for order in expression {
                    match order {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                            self.expression(e, above.substitute)?;
                        }
                    }
                }
                Ok(above)
            }
            _ if has_group(pattern) => self.above_group(pattern),
            _ => {
                self.where_clause(pattern)?;
                Ok(Above { substitute: true })
            }
        }
    }

    /// The SELECT expressions and HAVING above a GROUP BY, and the GROUP BY.
    fn above_group(&self, pattern: &mut GraphPattern) -> Result<Above, QueryError> {
        match pattern {
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                if variable == self.variable {
                    return Err(self.clash("assigns (BIND … AS or SELECT … AS)"));
                }
                let above = self.above_group(inner)?;
                self.expression(expression, above.substitute)?;
                Ok(above)
            }
            GraphPattern::Filter { expr, inner } => {
                let above = self.above_group(inner)?;
                self.expression(expr, above.substitute)?;
                Ok(above)
            }
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                let restricted = self.where_clause(inner)?;
                // Every row the aggregates see has the value.
                for (_, aggregate) in aggregates.iter_mut() {
                    if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                        self.expression(expr, true)?;
                    }
                }
                Ok(Above {
                    substitute: !restricted || variables.contains(self.variable),
                })
            }
            _ => {
                self.where_clause(pattern)?;
                Ok(Above { substitute: true })
            }
        }
    }

    /// The WHERE: restricted to the rows where the variable has the value
    /// when it binds the variable; otherwise the value is taken as bound
    /// before it. Tells whether it was restricted.
    fn where_clause(&self, pattern: &mut GraphPattern) -> Result<bool, QueryError> {
        let restricted = self.possible(pattern);
        self.certain_where.set(restricted && self.certain(pattern));
        self.restrict(pattern)?;
        if restricted {
            let taken = take(pattern);
            *pattern = GraphPattern::Filter {
                expr: Expression::SameTerm(
                    Box::new(Expression::Variable(self.variable.clone())),
                    Box::new(self.expression_value()),
                ),
                inner: Box::new(taken),
            };
        }
        Ok(restricted)
    }

    /// Rewrites `pattern` so that its rows where the variable is the value
    /// or unbound stay exactly the same (other rows may stay too), with
    /// the value as a constant where that is so; and, where nothing in it
    /// can bind the variable, gives its expressions the value.
    fn restrict(&self, pattern: &mut GraphPattern) -> Result<(), QueryError> {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                if patterns.iter().any(|t| self.in_triple(t)) {
                    for triple in patterns.iter_mut() {
                        self.triple(triple)?;
                    }
                    self.extend(pattern);
                }
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                if self.is_var(subject) || self.is_var(object) {
                    self.term(subject);
                    self.term(object);
                    self.extend(pattern);
                }
            }
            GraphPattern::Join { left, right } | GraphPattern::Union { left, right } => {
                self.restrict(left)?;
                self.restrict(right)?;
            }
            GraphPattern::Lateral { left, .. } => {
                // The right is evaluated for each row of the left, which
                // carries the variable when it binds it.
                self.restrict(left)?;
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                let certain = self.certain(left);
                let substitute = certain || !(self.possible(left) || self.possible(right));
                self.restrict(left)?;
                // With the value in every row of the left, a right row
                // with another value matches none of them. A right that
                // never binds the variable only reads it (in a sub-SELECT's
                // filter, say), where it is the parameter, taken as bound
                // before it.
                if certain || !self.binds_anywhere(right) {
                    self.restrict(right)?;
                }
                if let Some(expression) = expression {
                    self.expression(expression, substitute)?;
                }
            }
            GraphPattern::Minus { left, right } => {
                let certain = self.certain(left);
                self.restrict(left)?;
                if certain || !self.binds_anywhere(right) {
                    self.restrict(right)?;
                }
            }
            GraphPattern::Filter { expr, inner } => {
                let substitute = self.certain(inner) || !self.possible(inner);
                self.restrict(inner)?;
                self.expression(expr, substitute)?;
            }
            GraphPattern::Graph { name, inner } => {
                if !self.is_named_var(name) {
                    self.restrict(inner)?;
                } else if !self.binds_anywhere(inner) {
                    // Only the named graph, which then gives the variable.
                    self.named(name)?;
                    self.restrict(inner)?;
                    self.extend(pattern);
                }
            }
            GraphPattern::Service { name, inner, .. } => {
                if !self.is_named_var(name) {
                    self.restrict(inner)?;
                }
            }
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                if variable == self.variable {
                    return Err(self.clash("assigns (BIND … AS)"));
                }
                let substitute = self.certain(inner) || !self.possible(inner);
                self.restrict(inner)?;
                self.expression(expression, substitute)?;
            }
            GraphPattern::Values {
                variables,
                bindings,
            } => {
                if let Some(i) = variables.iter().position(|v| v == self.variable) {
                    bindings.retain(|row| row[i].as_ref().is_none_or(|g| self.is_value(g)));
                }
            }
            GraphPattern::OrderBy { inner, expression } => {
                let substitute = self.certain(inner) || !self.possible(inner);
                self.restrict(inner)?;
                for order in expression {
                    match order {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                            self.expression(e, substitute)?;
                        }
                    }
                }
            }
            GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => {
                self.restrict(inner)?;
            }
            GraphPattern::Slice { inner, .. } => {
                // Restricting the rows before a LIMIT or OFFSET would change
                // which rows it keeps: left alone, unless the sub-SELECT does
                // not project the variable (then its own is another one).
                if !projects(inner, self.variable) {
                    self.restrict(inner)?;
                }
            }
            GraphPattern::Project { inner, variables } => {
                // A sub-SELECT that does not project the variable has its
                // own, another variable, unless it never binds it: then it
                // can only be the parameter, taken as bound before it.
                if variables.contains(self.variable) || !self.binds_anywhere(inner) {
                    self.restrict(inner)?;
                }
            }
            GraphPattern::Group {
                inner,
                variables,
                aggregates,
            } => {
                let grouped = variables.contains(self.variable);
                let free = !self.binds_anywhere(inner);
                if grouped || free {
                    let substitute = free || self.certain(inner);
                    self.restrict(inner)?;
                    for (_, aggregate) in aggregates.iter_mut() {
                        if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                            self.expression(expr, substitute)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Drops what binding added to give the variable its value again (the
    /// BINDs after the patterns that match the value, the filters on it)
    /// when nothing reads it: every row of the WHERE binds it, only to the
    /// value, it is not shown, nothing else in the query names it, and no
    /// MINUS has it on both sides (where it makes the two sides share a
    /// variable). The query is then the plain query with the value in
    /// place of the variable.
    fn simplify(&self, pattern: &mut GraphPattern) {
        if !self.certain_where.get() {
            return;
        }
        let mut stripped = pattern.clone();
        self.strip(&mut stripped);
        let minus_shares = any_pattern(pattern, &|p| match p {
            GraphPattern::Minus { left, right } => {
                self.possible(left) && self.binds_anywhere(right)
            }
            _ => false,
        });
        if !minus_shares && !any_pattern(&stripped, &|p| self.names(p)) {
            *pattern = stripped;
        }
    }

    /// Removes the BINDs of the variable and the filters on it that
    /// binding added.
    fn strip(&self, pattern: &mut GraphPattern) {
        let ours = match pattern {
            GraphPattern::Extend { variable, .. } => variable == self.variable,
            GraphPattern::Filter { expr, .. } => self.is_our_filter(expr),
            _ => false,
        };
        if ours {
            if let GraphPattern::Extend { inner, .. } | GraphPattern::Filter { inner, .. } = pattern
            {
                let inner = take(inner);
                *pattern = inner;
            }
            return self.strip(pattern);
        }
        for_each_child(pattern, &mut |child| self.strip(child));
    }

    fn is_our_filter(&self, expr: &Expression) -> bool {
        let same = |e: &Expression| match e {
            Expression::SameTerm(a, b) => {
                matches!(&**a, Expression::Variable(v) if v == self.variable)
                    && **b == self.expression_value()
            }
            _ => false,
        };
        match expr {
            Expression::Or(a, b) => {
                matches!(&**a, Expression::Not(n) if matches!(&**n, Expression::Bound(v) if v == self.variable))
                    && same(b)
            }
            e => same(e),
        }
    }

    /// Whether `pattern` itself (not its sub-patterns) names the variable.
    fn names(&self, pattern: &GraphPattern) -> bool {
        let var = |v: &Variable| v == self.variable;
        let expression = |e: &Expression| self.expression_names(e);
        match pattern {
            GraphPattern::Bgp { patterns } => patterns.iter().any(|t| self.in_triple(t)),
            GraphPattern::Path {
                subject, object, ..
            } => self.is_var(subject) || self.is_var(object),
            GraphPattern::Join { .. }
            | GraphPattern::Union { .. }
            | GraphPattern::Minus { .. }
            | GraphPattern::Lateral { .. }
            | GraphPattern::Distinct { .. }
            | GraphPattern::Reduced { .. }
            | GraphPattern::Slice { .. } => false,
            GraphPattern::LeftJoin { expression: e, .. } => e.as_ref().is_some_and(expression),
            GraphPattern::Filter { expr, .. } => expression(expr),
            GraphPattern::Graph { name, .. } | GraphPattern::Service { name, .. } => {
                self.is_named_var(name)
            }
            GraphPattern::Extend {
                variable,
                expression: e,
                ..
            } => var(variable) || expression(e),
            GraphPattern::Values { variables, .. } | GraphPattern::Project { variables, .. } => {
                variables.iter().any(var)
            }
            GraphPattern::OrderBy { expression: e, .. } => e.iter().any(|o| match o {
                OrderExpression::Asc(e) | OrderExpression::Desc(e) => expression(e),
            }),
            GraphPattern::Group {
                variables,
                aggregates,
                ..
            } => {
                variables.iter().any(var)
                    || aggregates.iter().any(|(v, a)| {
                        var(v)
                            || matches!(a, AggregateExpression::FunctionCall { expr, .. } if expression(expr))
                    })
            }
        }
    }

    /// Whether `expression`, outside its EXISTS patterns, names the
    /// variable.
    fn expression_names(&self, expression: &Expression) -> bool {
        let mut found = false;
        visit_expression(expression, &mut |e| {
            if matches!(e, Expression::Variable(v) | Expression::Bound(v) if v == self.variable) {
                found = true;
            }
        });
        found
    }

    /// Wraps `pattern` so that it also binds the variable to the value.
    fn extend(&self, pattern: &mut GraphPattern) {
        let taken = take(pattern);
        *pattern = GraphPattern::Extend {
            inner: Box::new(taken),
            variable: self.variable.clone(),
            expression: self.expression_value(),
        };
    }

    /// Whether every row of `pattern` binds the variable.
    fn certain(&self, pattern: &GraphPattern) -> bool {
        match pattern {
            GraphPattern::Bgp { patterns } => patterns.iter().any(|t| self.in_triple(t)),
            GraphPattern::Path {
                subject, object, ..
            } => self.is_var(subject) || self.is_var(object),
            GraphPattern::Join { left, right } | GraphPattern::Lateral { left, right } => {
                self.certain(left) || self.certain(right)
            }
            GraphPattern::Union { left, right } => self.certain(left) && self.certain(right),
            GraphPattern::LeftJoin { left, .. } | GraphPattern::Minus { left, .. } => {
                self.certain(left)
            }
            GraphPattern::Graph { name, inner } | GraphPattern::Service { name, inner, .. } => {
                self.is_named_var(name) || self.certain(inner)
            }
            GraphPattern::Values {
                variables,
                bindings,
            } => variables
                .iter()
                .position(|v| v == self.variable)
                .is_some_and(|i| bindings.iter().all(|row| row[i].is_some())),
            GraphPattern::Filter { inner, .. }
            | GraphPattern::Extend { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.certain(inner),
            GraphPattern::Project { inner, variables }
            | GraphPattern::Group {
                inner, variables, ..
            } => variables.contains(self.variable) && self.certain(inner),
        }
    }

    /// Whether some row of `pattern` may bind the variable.
    fn possible(&self, pattern: &GraphPattern) -> bool {
        match pattern {
            GraphPattern::Bgp { .. } | GraphPattern::Path { .. } => self.certain(pattern),
            GraphPattern::Join { left, right }
            | GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::LeftJoin { left, right, .. } => {
                self.possible(left) || self.possible(right)
            }
            GraphPattern::Minus { left, .. } => self.possible(left),
            GraphPattern::Graph { name, inner } | GraphPattern::Service { name, inner, .. } => {
                self.is_named_var(name) || self.possible(inner)
            }
            GraphPattern::Values {
                variables,
                bindings,
            } => variables
                .iter()
                .position(|v| v == self.variable)
                .is_some_and(|i| bindings.iter().any(|row| row[i].is_some())),
            GraphPattern::Extend {
                inner, variable, ..
            } => variable == self.variable || self.possible(inner),
            GraphPattern::Filter { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.possible(inner),
            GraphPattern::Project { inner, variables }
            | GraphPattern::Group {
                inner, variables, ..
            } => variables.contains(self.variable) && self.possible(inner),
        }
    }

    /// Whether anything in `pattern`, sub-SELECTs included, binds the
    /// variable.
    fn binds_anywhere(&self, pattern: &GraphPattern) -> bool {
        match pattern {
            GraphPattern::Bgp { .. } | GraphPattern::Path { .. } => self.certain(pattern),
            GraphPattern::Join { left, right }
            | GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::LeftJoin { left, right, .. }
            | GraphPattern::Minus { left, right } => {
                self.binds_anywhere(left) || self.binds_anywhere(right)
            }
            GraphPattern::Graph { name, inner } | GraphPattern::Service { name, inner, .. } => {
                self.is_named_var(name) || self.binds_anywhere(inner)
            }
            GraphPattern::Values { variables, .. } => variables.contains(self.variable),
            GraphPattern::Extend {
                inner, variable, ..
            } => variable == self.variable || self.binds_anywhere(inner),
            GraphPattern::Filter { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Group { inner, .. } => self.binds_anywhere(inner),
        }
    }

    /// Gives `expression` the value in place of the variable when
    /// `substitute`, then folds the calls left with constant arguments.
    fn expression(&self, expression: &mut Expression, substitute: bool) -> Result<(), QueryError> {
        if !substitute {
            return Ok(());
        }
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
                self.expression(a, true)?;
                self.expression(b, true)?;
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.expression(a, true)?
            }
            Expression::In(a, list) => {
                self.expression(a, true)?;
                for item in list {
                    self.expression(item, true)?;
                }
            }
            Expression::If(a, b, c) => {
                self.expression(a, true)?;
                self.expression(b, true)?;
                self.expression(c, true)?;
            }
            Expression::Coalesce(list) => {
                for item in list {
                    self.expression(item, true)?;
                }
            }
            Expression::FunctionCall(function, arguments) => {
                for argument in arguments.iter_mut() {
                    self.expression(argument, true)?;
                }
                if let Some(value) = self.folder.value_of(function, arguments) {
                    *expression = value;
                }
            }
            Expression::Exists(pattern) => {
                // The row it is evaluated for has the value: the pattern's
                // rows that match it are those where the variable is the
                // value or unbound, exactly.
                let binds = self.possible(pattern);
                self.restrict(pattern)?;
                if binds {
                    let taken = take(pattern);
                    **pattern = GraphPattern::Filter {
                        expr: Expression::Or(
                            Box::new(Expression::Not(Box::new(Expression::Bound(
                                self.variable.clone(),
                            )))),
                            Box::new(Expression::SameTerm(
                                Box::new(Expression::Variable(self.variable.clone())),
                                Box::new(self.expression_value()),
                            )),
                        ),
                        inner: Box::new(taken),
                    };
                }
            }
        }
        Ok(())
    }
}

fn take(pattern: &mut GraphPattern) -> GraphPattern {
    std::mem::replace(
        pattern,
        GraphPattern::Bgp {
            patterns: Vec::new(),
        },
    )
}

/// Calls `visit` on `expression` and each expression in it, not entering
/// EXISTS patterns.
fn visit_expression<'a>(expression: &'a Expression, visit: &mut dyn FnMut(&'a Expression)) {
    visit(expression);
    match expression {
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_)
        | Expression::Exists(_) => {}
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
            visit_expression(a, visit);
            visit_expression(b, visit);
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            visit_expression(a, visit);
        }
        Expression::In(a, list) => {
            visit_expression(a, visit);
            for item in list {
                visit_expression(item, visit);
            }
        }
        Expression::If(a, b, c) => {
            visit_expression(a, visit);
            visit_expression(b, visit);
            visit_expression(c, visit);
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            for item in list {
                visit_expression(item, visit);
            }
        }
    }
}

/// The EXISTS patterns of `expression`, at any depth of it.
fn exists_patterns_mut(expression: &mut Expression, visit: &mut dyn FnMut(&mut GraphPattern)) {
    match expression {
        Expression::Exists(pattern) => visit(pattern),
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
            exists_patterns_mut(a, visit);
            exists_patterns_mut(b, visit);
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            exists_patterns_mut(a, visit);
        }
        Expression::In(a, list) => {
            exists_patterns_mut(a, visit);
            for item in list {
                exists_patterns_mut(item, visit);
            }
        }
        Expression::If(a, b, c) => {
            exists_patterns_mut(a, visit);
            exists_patterns_mut(b, visit);
            exists_patterns_mut(c, visit);
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            for item in list {
                exists_patterns_mut(item, visit);
            }
        }
    }
}

/// Calls `visit` on each sub-pattern of `pattern`: its operands and the
/// EXISTS patterns of its expressions.
fn for_each_child(pattern: &mut GraphPattern, visit: &mut dyn FnMut(&mut GraphPattern)) {
    match pattern {
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            visit(left);
            visit(right);
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            visit(left);
            visit(right);
            if let Some(e) = expression {
                exists_patterns_mut(e, visit);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            exists_patterns_mut(expr, visit);
            visit(inner);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            exists_patterns_mut(expression, visit);
            visit(inner);
        }
        GraphPattern::OrderBy { inner, expression } => {
            for order in expression {
                match order {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                        exists_patterns_mut(e, visit);
                    }
                }
            }
            visit(inner);
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            for (_, aggregate) in aggregates.iter_mut() {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    exists_patterns_mut(expr, visit);
                }
            }
            visit(inner);
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Service { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => visit(inner),
    }
}

/// Whether `test` holds for `pattern` or any pattern in it, EXISTS
/// patterns included.
fn any_pattern(pattern: &GraphPattern, test: &dyn Fn(&GraphPattern) -> bool) -> bool {
    test(pattern) || children(pattern).into_iter().any(|c| any_pattern(c, test))
}

/// The sub-patterns of `pattern`: its operands and the EXISTS patterns of
/// its expressions.
fn children(pattern: &GraphPattern) -> Vec<&GraphPattern> {
    fn exists<'a>(e: &'a Expression, found: &mut Vec<&'a GraphPattern>) {
        visit_expression(e, &mut |e| {
            if let Expression::Exists(p) = e {
                found.push(p);
            }
        });
    }
    let mut found = Vec::new();
    match pattern {
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => found.extend([&**left, &**right]),
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            found.extend([&**left, &**right]);
            if let Some(e) = expression {
                exists(e, &mut found);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            exists(expr, &mut found);
            found.push(inner);
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            exists(expression, &mut found);
            found.push(inner);
        }
        GraphPattern::OrderBy { inner, expression } => {
            for order in expression {
                match order {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => exists(e, &mut found),
                }
            }
            found.push(inner);
        }
        GraphPattern::Group {
            inner, aggregates, ..
        } => {
            for (_, aggregate) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                    exists(expr, &mut found);
                }
            }
            found.push(inner);
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Service { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => found.push(inner),
    }
    found
}

/// Whether a chain of SELECT expressions and HAVING ends in a GROUP BY.
fn has_group(pattern: &GraphPattern) -> bool {
    match pattern {
        GraphPattern::Group { .. } => true,
        GraphPattern::Extend { inner, .. } | GraphPattern::Filter { inner, .. } => has_group(inner),
        _ => false,
    }
}

/// Whether the sub-SELECT `pattern` (below its LIMIT) projects `variable`.
fn projects(pattern: &GraphPattern, variable: &Variable) -> bool {
    match pattern {
        GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => {
            projects(inner, variable)
        }
        GraphPattern::Project { variables, .. } => variables.contains(variable),
        _ => true,
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
