//! Reading RDF lists (`rdf:first` / `rdf:rest`) of the shapes graph.

use std::collections::HashSet;

use oxigraph::model::{Graph, NamedOrBlankNode, Term, TermRef};

use actorgraph_model::vocab::rdf;

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
