//! Parsed shapes: node and property shapes with their targets, severities,
//! messages and constraints, ready to validate with (`reader.rs` builds them).

use oxigraph::model::{Literal, NamedNode, Term};

use crate::constraint::Constraint;
use crate::path::Path;

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
    pub(crate) origin: String,
}

impl Shapes {
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
