//! Constraint components: each parameter a shape may carry (`sh:class`,
//! `sh:minCount`, `sh:or`…), read from the shapes graph, and the checks of
//! those that look at one value at a time.

use std::cmp::Ordering;
use std::collections::HashSet;

use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::StorageError;
use regex::{Regex, RegexBuilder};

use actorgraph_model::vocab::sh;

use super::data::DataView;
use super::datatype;
use super::error::ShaclError;
use super::shapes::{Parser, ShapeId, list};

/// `sh:nodeKind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

/// Which bound a range constraint sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    MinInclusive,
    MinExclusive,
    MaxInclusive,
    MaxExclusive,
}

/// Which comparison a property-pair constraint makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pair {
    Equals,
    Disjoint,
    LessThan,
    LessThanOrEquals,
}

/// `sh:qualifiedValueShape`: the shape values are counted against, and,
/// with `sh:qualifiedValueShapesDisjoint`, the sibling shapes they must not
/// also conform to.
#[derive(Debug, Clone)]
pub(crate) struct Qualified {
    pub shape: ShapeId,
    pub siblings: Vec<ShapeId>,
}

/// One constraint of a shape.
#[derive(Debug, Clone)]
pub(crate) enum Constraint {
    Class(Term),
    Datatype(NamedNode),
    NodeKind(NodeKind),
    MinCount(u64),
    MaxCount(u64),
    Range(Bound, Literal),
    MinLength(u64),
    MaxLength(u64),
    Pattern(Regex),
    LanguageIn(Vec<String>),
    UniqueLang,
    Pair(Pair, NamedNode),
    Not(ShapeId),
    And(Vec<ShapeId>),
    Or(Vec<ShapeId>),
    Xone(Vec<ShapeId>),
    Node(ShapeId),
    Property(ShapeId),
    Closed(HashSet<NamedNode>),
    HasValue(Term),
    In(Vec<Term>),
    QualifiedMinCount(Qualified, u64),
    QualifiedMaxCount(Qualified, u64),
}

impl Constraint {
    /// The constraint component, as its IRI.
    pub(crate) fn component(&self) -> NamedNode {
        let name = match self {
            Self::Class(_) => "Class",
            Self::Datatype(_) => "Datatype",
            Self::NodeKind(_) => "NodeKind",
            Self::MinCount(_) => "MinCount",
            Self::MaxCount(_) => "MaxCount",
            Self::Range(Bound::MinInclusive, _) => "MinInclusive",
            Self::Range(Bound::MinExclusive, _) => "MinExclusive",
            Self::Range(Bound::MaxInclusive, _) => "MaxInclusive",
            Self::Range(Bound::MaxExclusive, _) => "MaxExclusive",
            Self::MinLength(_) => "MinLength",
            Self::MaxLength(_) => "MaxLength",
            Self::Pattern(_) => "Pattern",
            Self::LanguageIn(_) => "LanguageIn",
            Self::UniqueLang => "UniqueLang",
            Self::Pair(Pair::Equals, _) => "Equals",
            Self::Pair(Pair::Disjoint, _) => "Disjoint",
            Self::Pair(Pair::LessThan, _) => "LessThan",
            Self::Pair(Pair::LessThanOrEquals, _) => "LessThanOrEquals",
            Self::Not(_) => "Not",
            Self::And(_) => "And",
            Self::Or(_) => "Or",
            Self::Xone(_) => "Xone",
            Self::Node(_) => "Node",
            Self::Property(_) => "Property",
            Self::Closed(_) => "Closed",
            Self::HasValue(_) => "HasValue",
            Self::In(_) => "In",
            Self::QualifiedMinCount(..) => "QualifiedMinCount",
            Self::QualifiedMaxCount(..) => "QualifiedMaxCount",
        };
        NamedNode::new_unchecked(format!("{}{name}ConstraintComponent", sh::NS))
    }

    /// For the components that judge each value on its own: whether
    /// `value` passes. `None` for the others.
    pub(crate) fn accepts(
        &self,
        data: &DataView<'_>,
        value: &Term,
    ) -> Result<Option<bool>, StorageError> {
        let literal = match value {
            Term::Literal(l) => Some(l),
            _ => None,
        };
        let text = match value {
            Term::NamedNode(n) => Some(n.as_str()),
            Term::Literal(l) => Some(l.value()),
            Term::BlankNode(_) => None,
        };
        Ok(Some(match self {
            Self::Class(class) => data.is_instance(value, class)?,
            Self::Datatype(datatype) => {
                literal.is_some_and(|l| datatype::has_datatype(l, datatype.as_ref()))
            }
            Self::NodeKind(kind) => {
                let (iri, blank, lit) = match value {
                    Term::NamedNode(_) => (true, false, false),
                    Term::BlankNode(_) => (false, true, false),
                    Term::Literal(_) => (false, false, true),
                };
                match kind {
                    NodeKind::Iri => iri,
                    NodeKind::BlankNode => blank,
                    NodeKind::Literal => lit,
                    NodeKind::BlankNodeOrIri => blank || iri,
                    NodeKind::BlankNodeOrLiteral => blank || lit,
                    NodeKind::IriOrLiteral => iri || lit,
                }
            }
            Self::Range(bound, limit) => literal
                .and_then(|l| datatype::compare(l, limit))
                .is_some_and(|order| match bound {
                    Bound::MinInclusive => order != Ordering::Less,
                    Bound::MinExclusive => order == Ordering::Greater,
                    Bound::MaxInclusive => order != Ordering::Greater,
                    Bound::MaxExclusive => order == Ordering::Less,
                }),
            Self::MinLength(min) => text.is_some_and(|t| t.chars().count() as u64 >= *min),
            Self::MaxLength(max) => text.is_some_and(|t| t.chars().count() as u64 <= *max),
            Self::Pattern(regex) => text.is_some_and(|t| regex.is_match(t)),
            Self::LanguageIn(languages) => literal
                .and_then(Literal::language)
                .is_some_and(|tag| languages.iter().any(|range| language_matches(tag, range))),
            Self::In(members) => members.contains(value),
            _ => return Ok(None),
        }))
    }
}

/// SPARQL's `langMatches`: `range` is a tag or a prefix of one, or `*`.
fn language_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    let (tag, range) = (tag.to_ascii_lowercase(), range.to_ascii_lowercase());
    tag == range
        || tag
            .strip_prefix(&range)
            .is_some_and(|rest| rest.starts_with('-'))
}

/// Reads the constraints of the shape at `node` (`id` names it in errors).
pub(crate) fn read(
    parser: &mut Parser<'_>,
    node: &NamedOrBlankNode,
    id: &Term,
    is_property_shape: bool,
) -> Result<Vec<Constraint>, ShaclError> {
    let mut constraints = Vec::new();
    let bad = |parser: &Parser<'_>, parameter: NamedNodeRef<'_>, what: &str| {
        let name = parameter.as_str().replace(sh::NS, "sh:");
        parser.error(format!("shape {id}: {name} {what}"))
    };
    for class in parser.values(node, sh::CLASS) {
        constraints.push(Constraint::Class(class));
    }
    for datatype in parser.values(node, sh::DATATYPE) {
        match datatype {
            Term::NamedNode(d) => constraints.push(Constraint::Datatype(d)),
            _ => return Err(bad(parser, sh::DATATYPE, "must be an IRI")),
        }
    }
    for kind in parser.values(node, sh::NODE_KIND) {
        let kind = [
            (sh::IRI, NodeKind::Iri),
            (sh::BLANK_NODE, NodeKind::BlankNode),
            (sh::LITERAL, NodeKind::Literal),
            (sh::BLANK_NODE_OR_IRI, NodeKind::BlankNodeOrIri),
            (sh::BLANK_NODE_OR_LITERAL, NodeKind::BlankNodeOrLiteral),
            (sh::IRI_OR_LITERAL, NodeKind::IriOrLiteral),
        ]
        .into_iter()
        .find(|(iri, _)| matches!(&kind, Term::NamedNode(n) if n.as_ref() == *iri))
        .map(|(_, kind)| kind)
        .ok_or_else(|| bad(parser, sh::NODE_KIND, "must be one of sh:IRI, sh:BlankNode, sh:Literal, sh:BlankNodeOrIRI, sh:BlankNodeOrLiteral, sh:IRIOrLiteral"))?;
        constraints.push(Constraint::NodeKind(kind));
    }
    let count = |parser: &Parser<'_>, parameter| -> Result<Vec<u64>, ShaclError> {
        parser
            .values(node, parameter)
            .iter()
            .map(|v| {
                match v {
                    Term::Literal(l) => l.value().parse::<u64>().ok(),
                    _ => None,
                }
                .ok_or_else(|| bad(parser, parameter, "must be a non-negative integer"))
            })
            .collect()
    };
    for (parameter, make) in [
        (sh::MIN_COUNT, Constraint::MinCount as fn(u64) -> Constraint),
        (sh::MAX_COUNT, Constraint::MaxCount),
        (sh::MIN_LENGTH, Constraint::MinLength),
        (sh::MAX_LENGTH, Constraint::MaxLength),
    ] {
        let counts = count(parser, parameter)?;
        if !counts.is_empty()
            && !is_property_shape
            && [sh::MIN_COUNT, sh::MAX_COUNT].contains(&parameter)
        {
            return Err(bad(
                parser,
                parameter,
                "needs a property shape (one with sh:path)",
            ));
        }
        constraints.extend(counts.into_iter().map(make));
    }
    for (parameter, bound) in [
        (sh::MIN_INCLUSIVE, Bound::MinInclusive),
        (sh::MIN_EXCLUSIVE, Bound::MinExclusive),
        (sh::MAX_INCLUSIVE, Bound::MaxInclusive),
        (sh::MAX_EXCLUSIVE, Bound::MaxExclusive),
    ] {
        for limit in parser.values(node, parameter) {
            match limit {
                Term::Literal(l) => constraints.push(Constraint::Range(bound, l)),
                _ => return Err(bad(parser, parameter, "must be a literal")),
            }
        }
    }
    let flags = parser.values(node, sh::FLAGS);
    for pattern in parser.values(node, sh::PATTERN) {
        let Term::Literal(pattern) = pattern else {
            return Err(bad(parser, sh::PATTERN, "must be a literal"));
        };
        let mut builder = RegexBuilder::new(pattern.value());
        if let Some(Term::Literal(flags)) = flags.first() {
            for flag in flags.value().chars() {
                match flag {
                    'i' => builder.case_insensitive(true),
                    's' => builder.dot_matches_new_line(true),
                    'm' => builder.multi_line(true),
                    'x' => builder.ignore_whitespace(true),
                    'q' => return Err(bad(parser, sh::FLAGS, "'q' is not supported")),
                    other => {
                        return Err(bad(
                            parser,
                            sh::FLAGS,
                            &format!("has an unknown flag '{other}'"),
                        ));
                    }
                };
            }
        }
        let regex = builder.build().map_err(|e| {
            bad(
                parser,
                sh::PATTERN,
                &format!("is not a valid regular expression: {e}"),
            )
        })?;
        constraints.push(Constraint::Pattern(regex));
    }
    for languages in parser.values(node, sh::LANGUAGE_IN) {
        let tags = list(parser.graph, languages.as_ref())
            .map_err(|e| parser.error(format!("shape {id}: {e}")))?
            .into_iter()
            .map(|t| match t {
                Term::Literal(l) => Ok(l.value().to_owned()),
                _ => Err(bad(parser, sh::LANGUAGE_IN, "must list literals")),
            })
            .collect::<Result<_, _>>()?;
        constraints.push(Constraint::LanguageIn(tags));
    }
    if parser
        .values(node, sh::UNIQUE_LANG)
        .iter()
        .any(|v| matches!(v, Term::Literal(l) if l.value() == "true" || l.value() == "1"))
    {
        if !is_property_shape {
            return Err(bad(
                parser,
                sh::UNIQUE_LANG,
                "needs a property shape (one with sh:path)",
            ));
        }
        constraints.push(Constraint::UniqueLang);
    }
    for (parameter, pair) in [
        (sh::EQUALS, Pair::Equals),
        (sh::DISJOINT, Pair::Disjoint),
        (sh::LESS_THAN, Pair::LessThan),
        (sh::LESS_THAN_OR_EQUALS, Pair::LessThanOrEquals),
    ] {
        for property in parser.values(node, parameter) {
            match property {
                Term::NamedNode(p) => constraints.push(Constraint::Pair(pair, p)),
                _ => return Err(bad(parser, parameter, "must be an IRI")),
            }
        }
    }
    for shape in parser.values(node, sh::NOT) {
        constraints.push(Constraint::Not(parser.shape(shape.as_ref())?));
    }
    for (parameter, make) in [
        (sh::AND, Constraint::And as fn(Vec<ShapeId>) -> Constraint),
        (sh::OR, Constraint::Or),
        (sh::XONE, Constraint::Xone),
    ] {
        for members in parser.values(node, parameter) {
            let members = list(parser.graph, members.as_ref())
                .map_err(|e| parser.error(format!("shape {id}: {e}")))?;
            let ids = members
                .iter()
                .map(|m| parser.shape(m.as_ref()))
                .collect::<Result<_, _>>()?;
            constraints.push(make(ids));
        }
    }
    for shape in parser.values(node, sh::NODE) {
        constraints.push(Constraint::Node(parser.shape(shape.as_ref())?));
    }
    let mut own_predicates = HashSet::new();
    for shape in parser.values(node, sh::PROPERTY) {
        if let Some(Term::NamedNode(p)) = shape_path(parser, &shape).first() {
            own_predicates.insert(p.clone());
        }
        if shape_path(parser, &shape).is_empty() {
            return Err(bad(
                parser,
                sh::PROPERTY,
                &format!("{shape} has no sh:path"),
            ));
        }
        constraints.push(Constraint::Property(parser.shape(shape.as_ref())?));
    }
    if parser
        .values(node, sh::CLOSED)
        .iter()
        .any(|v| matches!(v, Term::Literal(l) if l.value() == "true" || l.value() == "1"))
    {
        let mut allowed = own_predicates;
        for ignored in parser.values(node, sh::IGNORED_PROPERTIES) {
            for property in list(parser.graph, ignored.as_ref())
                .map_err(|e| parser.error(format!("shape {id}: {e}")))?
            {
                match property {
                    Term::NamedNode(p) => {
                        allowed.insert(p);
                    }
                    _ => return Err(bad(parser, sh::IGNORED_PROPERTIES, "must list IRIs")),
                }
            }
        }
        constraints.push(Constraint::Closed(allowed));
    }
    for value in parser.values(node, sh::HAS_VALUE) {
        constraints.push(Constraint::HasValue(value));
    }
    for members in parser.values(node, sh::IN) {
        let members = list(parser.graph, members.as_ref())
            .map_err(|e| parser.error(format!("shape {id}: {e}")))?;
        constraints.push(Constraint::In(members));
    }
    read_qualified(parser, node, id, is_property_shape, &mut constraints)?;
    Ok(constraints)
}

/// Reads `sh:qualifiedValueShape` with its counts, and the sibling shapes
/// when they must be disjoint: the qualified value shapes of the other
/// property shapes of the node shapes this one belongs to.
fn read_qualified(
    parser: &mut Parser<'_>,
    node: &NamedOrBlankNode,
    id: &Term,
    is_property_shape: bool,
    constraints: &mut Vec<Constraint>,
) -> Result<(), ShaclError> {
    let shapes = parser.values(node, sh::QUALIFIED_VALUE_SHAPE);
    let (Some(shape), true) = (shapes.first(), shapes.len() <= 1) else {
        return match shapes.len() {
            0 => Ok(()),
            _ => Err(parser.error(format!(
                "shape {id} has more than one sh:qualifiedValueShape"
            ))),
        };
    };
    if !is_property_shape {
        return Err(parser.error(format!(
            "shape {id}: sh:qualifiedValueShape needs a property shape (one with sh:path)"
        )));
    }
    let count =
        |parser: &Parser<'_>, parameter: NamedNodeRef<'_>| -> Result<Option<u64>, ShaclError> {
            match parser.values(node, parameter).first() {
                None => Ok(None),
                Some(Term::Literal(l)) if l.value().parse::<u64>().is_ok() => {
                    Ok(l.value().parse().ok())
                }
                Some(_) => Err(parser.error(format!(
                    "shape {id}: {} must be a non-negative integer",
                    parameter.as_str().replace(sh::NS, "sh:")
                ))),
            }
        };
    let (min, max) = (
        count(parser, sh::QUALIFIED_MIN_COUNT)?,
        count(parser, sh::QUALIFIED_MAX_COUNT)?,
    );
    let disjoint = parser
        .values(node, sh::QUALIFIED_VALUE_SHAPES_DISJOINT)
        .iter()
        .any(|v| matches!(v, Term::Literal(l) if l.value() == "true" || l.value() == "1"));
    let mut sibling_nodes = Vec::new();
    if disjoint {
        let parents: Vec<NamedOrBlankNode> = parser
            .graph
            .subjects_for_predicate_object(sh::PROPERTY, id)
            .map(|p| p.into_owned())
            .collect();
        for parent in parents {
            for property in parser.values(&parent, sh::PROPERTY) {
                let property = match property {
                    Term::NamedNode(n) => NamedOrBlankNode::from(n),
                    Term::BlankNode(b) => NamedOrBlankNode::from(b),
                    Term::Literal(_) => continue,
                };
                if &property == node {
                    continue;
                }
                for sibling in parser.values(&property, sh::QUALIFIED_VALUE_SHAPE) {
                    if &sibling != shape && !sibling_nodes.contains(&sibling) {
                        sibling_nodes.push(sibling);
                    }
                }
            }
        }
    }
    let qualified = Qualified {
        shape: parser.shape(shape.as_ref())?,
        siblings: sibling_nodes
            .iter()
            .map(|s| parser.shape(s.as_ref()))
            .collect::<Result<_, _>>()?,
    };
    if let Some(min) = min {
        constraints.push(Constraint::QualifiedMinCount(qualified.clone(), min));
    }
    if let Some(max) = max {
        constraints.push(Constraint::QualifiedMaxCount(qualified, max));
    }
    Ok(())
}

/// The `sh:path` values of the shape at `shape`.
fn shape_path(parser: &Parser<'_>, shape: &Term) -> Vec<Term> {
    match shape {
        Term::NamedNode(n) => parser.values(&n.clone().into(), sh::PATH),
        Term::BlankNode(b) => parser.values(&b.clone().into(), sh::PATH),
        Term::Literal(_) => Vec::new(),
    }
}
