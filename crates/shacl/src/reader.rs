//! Reading shapes from the shapes graph: node and property shapes, their
//! targets, severities, messages and constraint parameters, checking as it
//! goes that the shapes are well formed.

use std::collections::{HashMap, HashSet};

use oxigraph::model::{Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef};
use regex::RegexBuilder;

use actorgraph_model::vocab::{owl, rdf, rdfs, sh};

use crate::constraint::{Bound, Constraint, NodeKind, Pair, Qualified, ShapeId};
use crate::error::ShaclError;
use crate::path::Path;
use crate::rdf_list::list;
use crate::shapes::{Shape, Shapes, Target};

impl Shapes {
    /// Reads the shapes a graph holds.
    pub fn from_graph(graph: &Graph, origin: &str) -> Result<Self, ShaclError> {
        let mut parser = Parser {
            graph,
            origin,
            index: HashMap::new(),
            shapes: Vec::new(),
            depth: 0,
        };
        for root in roots(graph) {
            parser.shape(Term::from(root).as_ref())?;
        }
        let shapes = parser
            .shapes
            .into_iter()
            .map(|s| s.expect("every shape is filled in before parsing returns"))
            .collect();
        Ok(Self {
            shapes,
            origin: origin.to_owned(),
        })
    }
}

/// The nodes that are shapes on their own account: typed as shapes, or
/// with targets or a path. Shapes they refer to are found from them.
fn roots(graph: &Graph) -> Vec<NamedOrBlankNode> {
    let mut roots = HashSet::new();
    for class in [sh::NODE_SHAPE, sh::PROPERTY_SHAPE] {
        roots.extend(
            graph
                .subjects_for_predicate_object(rdf::TYPE, class)
                .map(|s| s.into_owned()),
        );
    }
    for predicate in [
        sh::TARGET_CLASS,
        sh::TARGET_NODE,
        sh::TARGET_SUBJECTS_OF,
        sh::TARGET_OBJECTS_OF,
        sh::PATH,
    ] {
        roots.extend(
            graph
                .triples_for_predicate(predicate)
                .map(|t| t.subject.into_owned()),
        );
    }
    let mut roots: Vec<_> = roots.into_iter().collect();
    roots.sort_by_key(ToString::to_string);
    roots
}

/// Builds shapes on demand, each once, even when shapes refer to each other.
struct Parser<'g> {
    graph: &'g Graph,
    origin: &'g str,
    index: HashMap<Term, ShapeId>,
    shapes: Vec<Option<Shape>>,
    /// How many shapes are being read inside one another.
    depth: usize,
}

/// Shapes nested deeper than this (through `sh:node`, `sh:property`,
/// `sh:not`…) are refused rather than read, so the stack never overflows.
const MAX_NESTING: usize = 64;

impl Parser<'_> {
    /// An error about the shapes, naming their origin.
    fn error(&self, message: impl Into<String>) -> ShaclError {
        ShaclError::Shapes {
            origin: self.origin.to_owned(),
            message: message.into(),
        }
    }

    /// The values of `predicate` on `node`.
    fn values(&self, node: &NamedOrBlankNode, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        let mut values: Vec<Term> = self
            .graph
            .objects_for_subject_predicate(node, predicate)
            .map(TermRef::into_owned)
            .collect();
        values.sort_by_key(ToString::to_string);
        values
    }

    /// The shape at `node`, parsed the first time it is asked for.
    fn shape(&mut self, node: TermRef<'_>) -> Result<ShapeId, ShaclError> {
        if let Some(&id) = self.index.get(&node.into_owned()) {
            return Ok(id);
        }
        let subject = match node {
            TermRef::NamedNode(n) => NamedOrBlankNode::from(n.into_owned()),
            TermRef::BlankNode(b) => NamedOrBlankNode::from(b.into_owned()),
            TermRef::Literal(l) => {
                return Err(self.error(format!("the literal {l} is used as a shape")));
            }
        };
        if self.depth >= MAX_NESTING {
            return Err(self.error(format!(
                "shape {node} is nested more than {MAX_NESTING} shapes deep"
            )));
        }
        let id = self.shapes.len();
        self.index.insert(node.into_owned(), id);
        self.shapes.push(None);
        self.depth += 1;
        let shape = self.read_shape(&subject, node.into_owned());
        self.depth -= 1;
        self.shapes[id] = Some(shape?);
        Ok(id)
    }

    fn read_shape(&mut self, node: &NamedOrBlankNode, id: Term) -> Result<Shape, ShaclError> {
        let path = match self.values(node, sh::PATH).as_slice() {
            [] => None,
            [path] => Some(
                Path::parse(self.graph, path.as_ref())
                    .map_err(|e| self.error(format!("shape {id}: {e}")))?,
            ),
            _ => return Err(self.error(format!("shape {id} has more than one sh:path"))),
        };
        let mut targets = Vec::new();
        for class in self.values(node, sh::TARGET_CLASS) {
            targets.push(Target::Class(class));
        }
        let is_class = [rdfs::CLASS, owl::CLASS].into_iter().any(|class| {
            self.graph
                .contains(oxigraph::model::TripleRef::new(node, rdf::TYPE, class))
        });
        if is_class {
            targets.push(Target::Class(id.clone()));
        }
        for target in self.values(node, sh::TARGET_NODE) {
            targets.push(Target::Node(target));
        }
        for (predicate, make) in [
            (
                sh::TARGET_SUBJECTS_OF,
                Target::SubjectsOf as fn(NamedNode) -> Target,
            ),
            (sh::TARGET_OBJECTS_OF, Target::ObjectsOf),
        ] {
            for property in self.values(node, predicate) {
                match property {
                    Term::NamedNode(p) => targets.push(make(p)),
                    other => {
                        return Err(self.error(format!(
                            "shape {id}: the target property {other} is not an IRI"
                        )));
                    }
                }
            }
        }
        let severity = match self.values(node, sh::SEVERITY).first() {
            None => sh::VIOLATION.into_owned(),
            Some(Term::NamedNode(s)) => s.clone(),
            Some(other) => {
                return Err(self.error(format!("shape {id}: the severity {other} is not an IRI")));
            }
        };
        let messages = self
            .values(node, sh::MESSAGE)
            .into_iter()
            .filter_map(|m| match m {
                Term::Literal(l) => Some(l),
                _ => None,
            })
            .collect();
        let deactivated = self.values(node, sh::DEACTIVATED).iter().any(is_true);
        let constraints = read_constraints(self, node, &id, path.is_some())?;
        Ok(Shape {
            id,
            path,
            targets,
            constraints,
            severity,
            messages,
            deactivated,
        })
    }
}

/// Reads the constraints of the shape at `node` (`id` names it in errors).
fn read_constraints(
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
    if parser.values(node, sh::UNIQUE_LANG).iter().any(is_true) {
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
    if parser.values(node, sh::CLOSED).iter().any(is_true) {
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
        .any(is_true);
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

/// Whether a boolean parameter (`sh:closed`, `sh:deactivated`…) is `true`.
/// SHACL names only the literal `true`: `"1"^^xsd:boolean` leaves the
/// parameter off.
fn is_true(value: &Term) -> bool {
    *value == Term::from(Literal::from(true))
}

/// The `sh:path` values of the shape at `shape`.
fn shape_path(parser: &Parser<'_>, shape: &Term) -> Vec<Term> {
    match shape {
        Term::NamedNode(n) => parser.values(&n.clone().into(), sh::PATH),
        Term::BlankNode(b) => parser.values(&b.clone().into(), sh::PATH),
        Term::Literal(_) => Vec::new(),
    }
}
