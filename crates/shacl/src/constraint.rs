//! Constraint components: each parameter a shape may carry (`sh:class`,
//! `sh:minCount`, `sh:or`…), and the checks of those that look at one value
//! at a time. `reader.rs` reads them from the shapes graph.

use std::cmp::Ordering;
use std::collections::HashSet;

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::store::StorageError;
use regex::Regex;

use actorgraph_model::vocab::sh;

use crate::data::DataView;
use crate::datatype;

/// The index of a shape among the parsed shapes: constraints that check
/// other shapes (`sh:node`, `sh:or`…) refer to them by it.
pub(crate) type ShapeId = usize;

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
            Self::Datatype(datatype) => literal.is_some_and(|l| {
                datatype::has_datatype(l, datatype.as_ref(), data.has_canonical_literals())
            }),
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
