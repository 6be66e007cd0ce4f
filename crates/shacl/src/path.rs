//! Property paths (`sh:path`): read from the shapes graph, followed through
//! the data, written back into reports, and shown to people.

use std::collections::HashSet;
use std::fmt;

use oxigraph::model::{BlankNode, Graph, NamedNode, NamedOrBlankNode, Term, TermRef, Triple};
use oxigraph::store::StorageError;

use actorgraph_model::vocab::{rdf, sh};

use crate::data::DataView;
use crate::rdf_list::list;

/// A SHACL property path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Path {
    /// One predicate, followed forwards.
    Predicate(NamedNode),
    /// A path followed backwards (`sh:inversePath`).
    Inverse(Box<Path>),
    /// Paths one after another (a list).
    Sequence(Vec<Path>),
    /// Any of the paths (`sh:alternativePath`).
    Alternative(Vec<Path>),
    /// The path any number of times, zero included (`sh:zeroOrMorePath`).
    ZeroOrMore(Box<Path>),
    /// The path at least once (`sh:oneOrMorePath`).
    OneOrMore(Box<Path>),
    /// The path at most once (`sh:zeroOrOnePath`).
    ZeroOrOne(Box<Path>),
}

/// Paths nested deeper than this are refused rather than followed.
const MAX_DEPTH: usize = 64;

impl Path {
    /// Reads the path at `node` of the shapes graph; `Err` says what is wrong.
    pub(crate) fn parse(graph: &Graph, node: TermRef<'_>) -> Result<Self, String> {
        Self::parse_at(graph, node, 0)
    }

    fn parse_at(graph: &Graph, node: TermRef<'_>, depth: usize) -> Result<Self, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "a path is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        let subject = match node {
            TermRef::NamedNode(n) if n != rdf::NIL => return Ok(Self::Predicate(n.into_owned())),
            TermRef::NamedNode(_) => return Err("a path is an empty list".to_owned()),
            TermRef::BlankNode(b) => NamedOrBlankNode::from(b.into_owned()),
            TermRef::Literal(l) => return Err(format!("a path is the literal {l}")),
        };
        let inner = |predicate| {
            graph
                .object_for_subject_predicate(&subject, predicate)
                .map(|o| Self::parse_at(graph, o, depth + 1).map(Box::new))
        };
        if graph
            .object_for_subject_predicate(&subject, rdf::FIRST)
            .is_some()
        {
            let steps = list(graph, node)?
                .iter()
                .map(|step| Self::parse_at(graph, step.as_ref(), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            return match steps.len() {
                0 | 1 => Err(format!("the sequence path {node} needs at least two steps")),
                _ => Ok(Self::Sequence(steps)),
            };
        }
        if let Some(path) = inner(sh::INVERSE_PATH) {
            return Ok(Self::Inverse(path?));
        }
        if let Some(path) = inner(sh::ZERO_OR_MORE_PATH) {
            return Ok(Self::ZeroOrMore(path?));
        }
        if let Some(path) = inner(sh::ONE_OR_MORE_PATH) {
            return Ok(Self::OneOrMore(path?));
        }
        if let Some(path) = inner(sh::ZERO_OR_ONE_PATH) {
            return Ok(Self::ZeroOrOne(path?));
        }
        if let Some(alternatives) =
            graph.object_for_subject_predicate(&subject, sh::ALTERNATIVE_PATH)
        {
            let paths = list(graph, alternatives)?
                .iter()
                .map(|p| Self::parse_at(graph, p.as_ref(), depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            if paths.len() < 2 {
                return Err(format!(
                    "the alternative path {node} needs at least two paths"
                ));
            }
            return Ok(Self::Alternative(paths));
        }
        Err(format!("{node} is not a SHACL path"))
    }

    /// The predicate, when the path is a single one.
    pub fn predicate(&self) -> Option<&NamedNode> {
        match self {
            Self::Predicate(p) => Some(p),
            _ => None,
        }
    }

    /// The nodes the path reaches from `focus`, each once.
    pub(crate) fn values(
        &self,
        data: &DataView<'_>,
        focus: &Term,
    ) -> Result<Vec<Term>, StorageError> {
        self.follow(data, vec![focus.clone()], false)
    }

    fn follow(
        &self,
        data: &DataView<'_>,
        from: Vec<Term>,
        backwards: bool,
    ) -> Result<Vec<Term>, StorageError> {
        let mut reached = Reached::default();
        match self {
            Self::Predicate(p) => {
                for node in &from {
                    let next = if backwards {
                        data.subjects(p.as_ref(), node)?
                    } else {
                        data.objects(node, p.as_ref())?
                    };
                    reached.extend(next);
                }
            }
            Self::Inverse(path) => return path.follow(data, from, !backwards),
            Self::Sequence(steps) => {
                let mut current = from;
                let ordered: Box<dyn Iterator<Item = &Path>> = if backwards {
                    Box::new(steps.iter().rev())
                } else {
                    Box::new(steps.iter())
                };
                for step in ordered {
                    current = step.follow(data, current, backwards)?;
                }
                return Ok(current);
            }
            Self::Alternative(paths) => {
                for path in paths {
                    reached.extend(path.follow(data, from.clone(), backwards)?);
                }
            }
            Self::ZeroOrOne(path) => {
                reached.extend(from.clone());
                reached.extend(path.follow(data, from, backwards)?);
            }
            Self::ZeroOrMore(path) | Self::OneOrMore(path) => {
                let mut frontier = if matches!(self, Self::ZeroOrMore(_)) {
                    from
                } else {
                    path.follow(data, from, backwards)?
                };
                while !frontier.is_empty() {
                    let fresh = reached.extend(frontier);
                    frontier = if fresh.is_empty() {
                        fresh
                    } else {
                        path.follow(data, fresh, backwards)?
                    };
                }
            }
        }
        Ok(reached.list)
    }

    /// Writes the path as RDF into `triples` and returns the node naming it.
    pub(crate) fn to_rdf(&self, triples: &mut Vec<Triple>) -> Term {
        let node = |triples: &mut Vec<Triple>, predicate, path: &Path| {
            let blank = BlankNode::default();
            let object = path.to_rdf(triples);
            triples.push(Triple::new(blank.clone(), predicate, object));
            Term::from(blank)
        };
        match self {
            Self::Predicate(p) => p.clone().into(),
            Self::Inverse(p) => node(triples, sh::INVERSE_PATH.into_owned(), p),
            Self::ZeroOrMore(p) => node(triples, sh::ZERO_OR_MORE_PATH.into_owned(), p),
            Self::OneOrMore(p) => node(triples, sh::ONE_OR_MORE_PATH.into_owned(), p),
            Self::ZeroOrOne(p) => node(triples, sh::ZERO_OR_ONE_PATH.into_owned(), p),
            Self::Sequence(steps) => write_list(steps, triples),
            Self::Alternative(paths) => {
                let blank = BlankNode::default();
                let list = write_list(paths, triples);
                triples.push(Triple::new(
                    blank.clone(),
                    sh::ALTERNATIVE_PATH.into_owned(),
                    list,
                ));
                blank.into()
            }
        }
    }
}

fn write_list(paths: &[Path], triples: &mut Vec<Triple>) -> Term {
    let mut rest: Term = rdf::NIL.into_owned().into();
    for path in paths.iter().rev() {
        let cell = BlankNode::default();
        let first = path.to_rdf(triples);
        triples.push(Triple::new(cell.clone(), rdf::FIRST.into_owned(), first));
        triples.push(Triple::new(cell.clone(), rdf::REST.into_owned(), rest));
        rest = cell.into();
    }
    rest
}

/// Nodes reached so far, in order, each once.
#[derive(Default)]
struct Reached {
    list: Vec<Term>,
    seen: HashSet<Term>,
}

impl Reached {
    /// Adds `nodes`, returning those that were new.
    fn extend(&mut self, nodes: Vec<Term>) -> Vec<Term> {
        let mut fresh = Vec::new();
        for node in nodes {
            if self.seen.insert(node.clone()) {
                self.list.push(node.clone());
                fresh.push(node);
            }
        }
        fresh
    }
}

/// SPARQL's property path syntax, with full IRIs: `^<p>`, `(<a> / <b>)`…
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |f: &mut fmt::Formatter<'_>, paths: &[Path], separator| {
            write!(f, "(")?;
            for (i, path) in paths.iter().enumerate() {
                if i > 0 {
                    write!(f, " {separator} ")?;
                }
                write!(f, "{path}")?;
            }
            write!(f, ")")
        };
        match self {
            Self::Predicate(p) => write!(f, "{p}"),
            Self::Inverse(p) => write!(f, "^{p}"),
            Self::Sequence(steps) => join(f, steps, '/'),
            Self::Alternative(paths) => join(f, paths, '|'),
            Self::ZeroOrMore(p) => write!(f, "{p}*"),
            Self::OneOrMore(p) => write!(f, "{p}+"),
            Self::ZeroOrOne(p) => write!(f, "{p}?"),
        }
    }
}
