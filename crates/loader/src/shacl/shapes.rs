//! The shapes graph: reads node and property shapes, their targets,
//! severities, messages and constraints from RDF, checking as it goes that
//! the shapes are well formed.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::path::Path as FilePath;

use oxigraph::model::{
    Graph, GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, TermRef,
};

use actorgraph_model::vocab::{owl, rdf, rdfs, sh};

use super::constraint::{self, Constraint};
use super::error::ShaclError;
use super::path::Path;
use crate::format::Format;
use crate::load::{failure, file_iri};
use crate::parse::{ParseOptions, parse};

/// The index of a shape among the parsed shapes.
pub(crate) type ShapeId = usize;

/// What a shape targets.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// The instances of a class (`sh:targetClass`, or the shape is a class).
    Class(Term),
    /// One node (`sh:targetNode`).
    Node(Term),
    /// The subjects of a property (`sh:targetSubjectsOf`).
    SubjectsOf(NamedNode),
    /// The objects of a property (`sh:targetObjectsOf`).
    ObjectsOf(NamedNode),
}

/// One node or property shape.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// The shape's node in the shapes graph.
    pub id: Term,
    /// The path of a property shape; `None` for a node shape.
    pub path: Option<Path>,
    /// What the shape targets.
    pub targets: Vec<Target>,
    /// What its focus nodes (or their values) must satisfy.
    pub constraints: Vec<Constraint>,
    /// `sh:severity`, by default `sh:Violation`.
    pub severity: NamedNode,
    /// `sh:message`, for people.
    pub messages: Vec<Literal>,
    /// `sh:deactivated true`.
    pub deactivated: bool,
}

/// A parsed shapes graph, ready to validate data with.
#[derive(Debug, Clone)]
pub struct Shapes {
    pub(crate) shapes: Vec<Shape>,
    origin: String,
}

impl Shapes {
    /// Reads shapes from an RDF file (Turtle unless its name says otherwise);
    /// relative IRIs resolve against the file's `file:` IRI.
    pub fn from_file(path: &FilePath) -> Result<Self, ShaclError> {
        let io = |source| crate::LoadError::Io {
            path: path.to_owned(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let base = path.canonicalize().map_err(io)?;
        let graph = read_graph(
            std::io::BufReader::new(file),
            Format::from_path(path).unwrap_or(Format::Turtle),
            Some(file_iri(&base).into_string()),
            path,
        )?;
        Self::from_graph(&graph, &path.display().to_string())
    }

    /// Reads shapes from Turtle text; `origin` names it in messages.
    pub fn from_turtle(text: &str, origin: &str) -> Result<Self, ShaclError> {
        let graph = read_graph(text.as_bytes(), Format::Turtle, None, FilePath::new(origin))?;
        Self::from_graph(&graph, origin)
    }

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

    /// Where the shapes came from (a path, or a name for built-in shapes).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// How many shapes there are, nested ones included.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether there are no shapes at all.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

fn read_graph(
    reader: impl BufRead,
    format: Format,
    base: Option<String>,
    path: &FilePath,
) -> Result<Graph, ShaclError> {
    let options = ParseOptions {
        format,
        base,
        blank_node_prefix: String::new(),
        default_graph: GraphName::DefaultGraph,
        prefixes: Default::default(),
    };
    let quads = parse(reader, &options).map_err(|f| failure(f, path, path))?;
    let mut graph = Graph::new();
    for quad in quads {
        let quad = quad.map_err(|f| failure(f, path, path))?;
        graph.insert(quad.as_ref());
    }
    Ok(graph)
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

/// Reads an RDF list of the shapes graph; `Err` says what is wrong.
pub(crate) fn list(graph: &Graph, head: TermRef<'_>) -> Result<Vec<Term>, String> {
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let mut cell = head.into_owned();
    loop {
        let node = match &cell {
            Term::NamedNode(n) if n.as_ref() == rdf::NIL => return Ok(items),
            Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
            Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
            Term::Literal(_) => return Err(format!("{head} is not a list")),
        };
        if !seen.insert(node.clone()) {
            return Err(format!("the list {head} loops back on itself"));
        }
        let first = graph.object_for_subject_predicate(&node, rdf::FIRST);
        let rest = graph.object_for_subject_predicate(&node, rdf::REST);
        match (first, rest) {
            (Some(first), Some(rest)) => {
                items.push(first.into_owned());
                cell = rest.into_owned();
            }
            _ => return Err(format!("the list {head} lacks rdf:first or rdf:rest")),
        }
    }
}

/// Builds shapes on demand, each once, even when shapes refer to each other.
pub(crate) struct Parser<'g> {
    pub graph: &'g Graph,
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
    pub fn error(&self, message: impl Into<String>) -> ShaclError {
        ShaclError::Shapes {
            origin: self.origin.to_owned(),
            message: message.into(),
        }
    }

    /// The values of `predicate` on `node`.
    pub fn values(&self, node: &NamedOrBlankNode, predicate: NamedNodeRef<'_>) -> Vec<Term> {
        let mut values: Vec<Term> = self
            .graph
            .objects_for_subject_predicate(node, predicate)
            .map(TermRef::into_owned)
            .collect();
        values.sort_by_key(ToString::to_string);
        values
    }

    /// The shape at `node`, parsed the first time it is asked for.
    pub fn shape(&mut self, node: TermRef<'_>) -> Result<ShapeId, ShaclError> {
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
        let deactivated = self
            .values(node, sh::DEACTIVATED)
            .iter()
            .any(|v| matches!(v, Term::Literal(l) if l.value() == "true" || l.value() == "1"));
        let constraints = constraint::read(self, node, &id, path.is_some())?;
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
