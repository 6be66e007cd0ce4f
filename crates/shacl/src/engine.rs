//! The validator: finds each shape's focus nodes from its targets, checks
//! them against the shape's constraints (following `sh:node`, `sh:property`,
//! `sh:or`… into other shapes) and collects the results.

use std::collections::HashSet;

use oxigraph::model::{Literal, Term};

use crate::constraint::{Constraint, Pair, ShapeId};
use crate::data::DataView;
use crate::datatype;
use crate::error::ShaclError;
use crate::path::Path;
use crate::report::{ValidationReport, ValidationResult};
use crate::shapes::{Shape, Shapes, Target};

/// Shapes nested deeper than this while checking one node are refused.
const MAX_DEPTH: usize = 64;

/// Which focus nodes to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every node the shapes target.
    All,
    /// Only targeted nodes that are subjects in the view's first layer
    /// (the new data of a load), the other layers serving as context.
    FirstLayer,
}

/// Validates the data in `data` against `shapes`.
pub fn validate(
    shapes: &Shapes,
    data: &DataView<'_>,
    scope: Scope,
) -> Result<ValidationReport, ShaclError> {
    let mut validator = Validator {
        shapes,
        data,
        in_progress: HashSet::new(),
    };
    let mut results = Vec::new();
    let mut checked = HashSet::new();
    for (id, shape) in shapes.shapes.iter().enumerate() {
        if shape.deactivated || shape.targets.is_empty() {
            continue;
        }
        for focus in validator.focus_nodes(shape)? {
            if scope == Scope::FirstLayer && !data.is_subject_in_first_layer(&focus)? {
                continue;
            }
            validator.check(id, &focus, &mut results)?;
            checked.insert(focus);
        }
    }
    Ok(ValidationReport {
        results,
        focus_nodes: checked.len(),
    })
}

struct Validator<'a> {
    shapes: &'a Shapes,
    data: &'a DataView<'a>,
    /// (shape, node) pairs being checked, to stop shapes that recurse.
    in_progress: HashSet<(ShapeId, Term)>,
}

impl Validator<'_> {
    fn focus_nodes(&self, shape: &Shape) -> Result<Vec<Term>, ShaclError> {
        let mut nodes = Vec::new();
        let mut seen = HashSet::new();
        for target in &shape.targets {
            let found = match target {
                Target::Node(node) => vec![node.clone()],
                Target::Class(class) => self.data.instances(class)?,
                Target::SubjectsOf(p) => self.data.ends_of(p.as_ref(), false)?,
                Target::ObjectsOf(p) => self.data.ends_of(p.as_ref(), true)?,
            };
            for node in found {
                if seen.insert(node.clone()) {
                    nodes.push(node);
                }
            }
        }
        Ok(nodes)
    }

    /// Whether `node` conforms to shape `id` (no result of any severity).
    fn conforms(&mut self, id: ShapeId, node: &Term) -> Result<bool, ShaclError> {
        let mut results = Vec::new();
        self.check_nested(id, node, &mut results)?;
        Ok(results.is_empty())
    }

    /// Whether `node` conforms to any of the shapes `ids`.
    fn conforms_to_any(&mut self, ids: &[ShapeId], node: &Term) -> Result<bool, ShaclError> {
        for id in ids {
            if self.conforms(*id, node)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Checks `node` against shape `id` from inside another shape. A shape
    /// met again while checking itself on the same node counts as met, so
    /// recursive shapes end; nesting deeper than `MAX_DEPTH` is an error.
    fn check_nested(
        &mut self,
        id: ShapeId,
        node: &Term,
        out: &mut Vec<ValidationResult>,
    ) -> Result<(), ShaclError> {
        let key = (id, node.clone());
        if self.in_progress.contains(&key) {
            return Ok(());
        }
        if self.in_progress.len() >= MAX_DEPTH {
            return Err(ShaclError::TooDeep {
                shape: self.shapes.shapes[id].id.to_string(),
                node: node.to_string(),
                depth: MAX_DEPTH,
            });
        }
        self.in_progress.insert(key.clone());
        let outcome = self.check(id, node, out);
        self.in_progress.remove(&key);
        outcome
    }

    /// Checks `focus` against shape `id`, adding results to `out`.
    fn check(
        &mut self,
        id: ShapeId,
        focus: &Term,
        out: &mut Vec<ValidationResult>,
    ) -> Result<(), ShaclError> {
        let shapes = self.shapes;
        let shape = &shapes.shapes[id];
        if shape.deactivated {
            return Ok(());
        }
        let values = match &shape.path {
            Some(path) => path.values(self.data, focus)?,
            None => vec![focus.clone()],
        };
        for constraint in &shape.constraints {
            self.apply(shape, constraint, focus, &values, out)?;
        }
        Ok(())
    }

    fn apply(
        &mut self,
        shape: &Shape,
        constraint: &Constraint,
        focus: &Term,
        values: &[Term],
        out: &mut Vec<ValidationResult>,
    ) -> Result<(), ShaclError> {
        let report = |out: &mut Vec<ValidationResult>, value: Option<&Term>| {
            out.push(result(shape, constraint, focus, shape.path.clone(), value))
        };
        let mut failing = Vec::new();
        match constraint {
            Constraint::MinCount(min) => {
                if (values.len() as u64) < *min {
                    report(out, None);
                }
            }
            Constraint::MaxCount(max) => {
                if values.len() as u64 > *max {
                    report(out, None);
                }
            }
            Constraint::UniqueLang => {
                let mut seen = HashSet::new();
                let mut reported = HashSet::new();
                for value in values {
                    if let Term::Literal(l) = value
                        && let Some(tag) = l.language()
                        && !seen.insert(tag.to_ascii_lowercase())
                        && reported.insert(tag.to_ascii_lowercase())
                    {
                        report(out, None);
                    }
                }
            }
            Constraint::HasValue(wanted) => {
                if !values.contains(wanted) {
                    report(out, None);
                }
            }
            Constraint::QualifiedMinCount(qualified, limit)
            | Constraint::QualifiedMaxCount(qualified, limit) => {
                let mut conforming = 0;
                for value in values {
                    if self.conforms(qualified.shape, value)?
                        && !self.conforms_to_any(&qualified.siblings, value)?
                    {
                        conforming += 1;
                    }
                }
                let too_few = matches!(constraint, Constraint::QualifiedMinCount(..));
                if (too_few && conforming < *limit) || (!too_few && conforming > *limit) {
                    report(out, None);
                }
            }
            Constraint::Pair(pair, property) => {
                let others = self.data.objects(focus, property.as_ref())?;
                for value in values {
                    match pair {
                        Pair::Equals | Pair::Disjoint => {
                            if others.contains(value) == (*pair == Pair::Disjoint) {
                                failing.push(value.clone());
                            }
                        }
                        Pair::LessThan | Pair::LessThanOrEquals => {
                            for other in &others {
                                if !is_less(value, other, *pair == Pair::LessThanOrEquals) {
                                    failing.push(value.clone());
                                }
                            }
                        }
                    }
                }
                if *pair == Pair::Equals {
                    failing.extend(others.into_iter().filter(|o| !values.contains(o)));
                }
            }
            Constraint::Property(property) => {
                for value in values {
                    self.check_nested(*property, value, out)?;
                }
            }
            Constraint::Closed(allowed) => {
                for value in values {
                    for (predicate, object) in self.data.properties(value)? {
                        if !allowed.contains(&predicate) {
                            out.push(result(
                                shape,
                                constraint,
                                value,
                                Some(Path::Predicate(predicate)),
                                Some(&object),
                            ));
                        }
                    }
                }
            }
            Constraint::Not(id) | Constraint::Node(id) => {
                let wanted = matches!(constraint, Constraint::Node(_));
                for value in values {
                    if self.conforms(*id, value)? != wanted {
                        failing.push(value.clone());
                    }
                }
            }
            Constraint::And(ids) | Constraint::Or(ids) | Constraint::Xone(ids) => {
                for value in values {
                    let mut met = 0;
                    for id in ids {
                        if self.conforms(*id, value)? {
                            met += 1;
                        }
                    }
                    let ok = match constraint {
                        Constraint::And(_) => met == ids.len(),
                        Constraint::Or(_) => met > 0,
                        _ => met == 1,
                    };
                    if !ok {
                        failing.push(value.clone());
                    }
                }
            }
            _ => {
                for value in values {
                    if constraint.accepts(self.data, value)? == Some(false) {
                        failing.push(value.clone());
                    }
                }
            }
        }
        // One result per failing value, or per failing pair of values for
        // sh:lessThan: a value below none of two others fails twice.
        for value in &failing {
            report(out, Some(value));
        }
        Ok(())
    }
}

/// Whether `a < b` (or `a <= b`), comparing literals by value; anything
/// else cannot be compared and so fails.
fn is_less(a: &Term, b: &Term, or_equal: bool) -> bool {
    match (a, b) {
        (Term::Literal(a), Term::Literal(b)) => match datatype::compare(a, b) {
            Some(std::cmp::Ordering::Less) => true,
            Some(std::cmp::Ordering::Equal) => or_equal,
            _ => false,
        },
        _ => false,
    }
}

fn result(
    shape: &Shape,
    constraint: &Constraint,
    focus: &Term,
    path: Option<Path>,
    value: Option<&Term>,
) -> ValidationResult {
    let messages = if shape.messages.is_empty() {
        vec![Literal::from(default_message(constraint, value))]
    } else {
        shape.messages.clone()
    };
    ValidationResult {
        focus_node: focus.clone(),
        path,
        value: value.cloned(),
        source_shape: shape.id.clone(),
        component: constraint.component(),
        severity: shape.severity.clone(),
        messages,
    }
}

/// What a constraint asks, in plain words, for shapes without `sh:message`.
fn default_message(constraint: &Constraint, value: Option<&Term>) -> String {
    match constraint {
        Constraint::Class(class) => format!("the value is not an instance of {class}"),
        Constraint::Datatype(datatype) => match value {
            Some(Term::Literal(l)) if l.datatype() == datatype.as_ref() => {
                format!("the value is not a valid {datatype}")
            }
            _ => format!("the value is not a literal of datatype {datatype}"),
        },
        Constraint::NodeKind(kind) => format!("the value is not of node kind {kind:?}"),
        Constraint::MinCount(min) => format!("fewer than {min} values"),
        Constraint::MaxCount(max) => format!("more than {max} values"),
        Constraint::Range(bound, limit) => format!("the value is not within {bound:?} {limit}"),
        Constraint::MinLength(min) => format!("the value is shorter than {min} characters"),
        Constraint::MaxLength(max) => format!("the value is longer than {max} characters"),
        Constraint::Pattern(regex) => format!("the value does not match /{}/", regex.as_str()),
        Constraint::LanguageIn(tags) => format!("the language tag is not one of {tags:?}"),
        Constraint::UniqueLang => "two values share a language tag".to_owned(),
        Constraint::Pair(pair, property) => match pair {
            Pair::Equals => format!("the values differ from those of {property}"),
            Pair::Disjoint => format!("the value is also a value of {property}"),
            Pair::LessThan => format!("the value is not less than the values of {property}"),
            Pair::LessThanOrEquals => {
                format!("the value is greater than a value of {property}")
            }
        },
        Constraint::Not(_) => "the value conforms to a shape it must not".to_owned(),
        Constraint::And(_) => "the value does not conform to all of the shapes".to_owned(),
        Constraint::Or(_) => "the value conforms to none of the shapes".to_owned(),
        Constraint::Xone(_) => "the value does not conform to exactly one shape".to_owned(),
        Constraint::Node(_) => "the value does not conform to the shape".to_owned(),
        Constraint::Property(_) => "a property does not conform".to_owned(),
        Constraint::Closed(_) => "the property is not allowed by the closed shape".to_owned(),
        Constraint::HasValue(wanted) => format!("{wanted} is missing"),
        Constraint::In(_) => "the value is not one of the allowed values".to_owned(),
        Constraint::QualifiedMinCount(_, min) => {
            format!("fewer than {min} values conform to the qualified shape")
        }
        Constraint::QualifiedMaxCount(_, max) => {
            format!("more than {max} values conform to the qualified shape")
        }
    }
}
