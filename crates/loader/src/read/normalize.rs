//! `https://schema.org/` read as `http://schema.org/`: schema.org's own pages
//! print its terms with https, while actorgraph's vocabulary, saved queries
//! and shapes name them with http, so data written either way is read as
//! the same terms (and never gives silently empty answers).

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use actorgraph_model::vocab::schema;

/// schema.org's namespace as its pages print it, read as [`schema::NS`].
pub(crate) const SCHEMA_HTTPS: &str = "https://schema.org/";

/// Rewrites every IRI that starts with [`SCHEMA_HTTPS`] (in subjects,
/// predicates, objects, literal datatypes and graph names) to the same name
/// in [`schema::NS`], counting the terms it rewrote.
#[derive(Debug)]
pub(crate) struct Normalizer {
    /// The graph a source's own triples go into, named after the source (by
    /// the user, perhaps with an https schema.org IRI): kept as it is.
    own_graph: GraphName,
    rewritten: u64,
}

impl Normalizer {
    /// A normalizer that leaves the graph name `own_graph` alone.
    pub(crate) fn new(own_graph: GraphName) -> Self {
        Self {
            own_graph,
            rewritten: 0,
        }
    }

    /// How many terms the quads seen so far had rewritten.
    pub(crate) fn rewritten(&self) -> u64 {
        self.rewritten
    }

    /// `quad` with its https schema.org IRIs read as http ones.
    pub(crate) fn quad(&mut self, quad: Quad) -> Quad {
        let subject = match quad.subject {
            NamedOrBlankNode::NamedNode(n) => self.iri(n).into(),
            other => other,
        };
        let predicate = self.iri(quad.predicate);
        let object = match quad.object {
            Term::NamedNode(n) => self.iri(n).into(),
            Term::Literal(l) => self.literal(l).into(),
            other => other,
        };
        let graph_name = match quad.graph_name {
            graph if graph == self.own_graph => graph,
            GraphName::NamedNode(n) => self.iri(n).into(),
            other => other,
        };
        Quad::new(subject, predicate, object, graph_name)
    }

    fn iri(&mut self, iri: NamedNode) -> NamedNode {
        match iri.as_str().strip_prefix(SCHEMA_HTTPS) {
            Some(local) => {
                self.rewritten += 1;
                NamedNode::new_unchecked(format!("{}{local}", schema::NS))
            }
            None => iri,
        }
    }

    /// A typed literal whose datatype is an https schema.org IRI gets the
    /// http one; its lexical form is kept as written.
    fn literal(&mut self, literal: Literal) -> Literal {
        if !literal.datatype().as_str().starts_with(SCHEMA_HTTPS) {
            return literal;
        }
        let datatype = self.iri(literal.datatype().into_owned());
        Literal::new_typed_literal(literal.value(), datatype)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::BlankNode;

    fn iri(text: &str) -> NamedNode {
        NamedNode::new_unchecked(text)
    }

    fn normalized(quad: Quad) -> (Quad, u64) {
        let mut normalizer = Normalizer::new(GraphName::DefaultGraph);
        let quad = normalizer.quad(quad);
        (quad, normalizer.rewritten())
    }

    #[test]
    fn subjects_predicates_objects_and_graph_names_are_rewritten() {
        let (quad, count) = normalized(Quad::new(
            iri("https://schema.org/Thing"),
            iri("https://schema.org/about"),
            iri("https://schema.org/Event"),
            iri("https://schema.org/graph"),
        ));
        assert_eq!(
            quad,
            Quad::new(
                iri("http://schema.org/Thing"),
                iri("http://schema.org/about"),
                iri("http://schema.org/Event"),
                iri("http://schema.org/graph"),
            )
        );
        assert_eq!(count, 4);
    }

    #[test]
    fn datatypes_are_rewritten_and_lexical_forms_kept() {
        let (quad, count) = normalized(Quad::new(
            iri("https://example.org/e"),
            iri("https://example.org/p"),
            Literal::new_typed_literal("01", iri("https://schema.org/Number")),
            GraphName::DefaultGraph,
        ));
        assert_eq!(
            quad.object,
            Literal::new_typed_literal("01", iri("http://schema.org/Number")).into()
        );
        assert_eq!(count, 1);
    }

    #[test]
    fn other_terms_are_left_alone() {
        let quad = Quad::new(
            BlankNode::new_unchecked("b"),
            iri("http://schema.org/name"),
            Literal::new_language_tagged_literal_unchecked("https://schema.org/", "en"),
            iri("https://example.org/g"),
        );
        assert_eq!(normalized(quad.clone()), (quad, 0));
        let plain = Quad::new(
            iri("https://example.org/a"),
            iri("https://example.org/p"),
            Literal::new_simple_literal("https://schema.org/name"),
            GraphName::DefaultGraph,
        );
        assert_eq!(normalized(plain.clone()), (plain, 0));
    }

    #[test]
    fn only_the_exact_namespace_is_rewritten() {
        for other in [
            "https://schema.org.evil/name",
            "https://schema.organization/name",
            "https://schema.org",
            "HTTPS://schema.org/name",
            "https://www.schema.org/name",
        ] {
            let quad = Quad::new(iri(other), iri(other), iri(other), iri(other));
            assert_eq!(normalized(quad.clone()), (quad, 0), "{other}");
        }
    }

    #[test]
    fn the_sources_own_graph_keeps_its_name() {
        let own = GraphName::from(iri("https://schema.org/source"));
        let mut normalizer = Normalizer::new(own.clone());
        let quad = normalizer.quad(Quad::new(
            iri("https://example.org/a"),
            iri("https://schema.org/name"),
            Literal::new_simple_literal("A"),
            own.clone(),
        ));
        assert_eq!(quad.graph_name, own);
        assert_eq!(quad.predicate, iri("http://schema.org/name"));
        assert_eq!(normalizer.rewritten(), 1);
    }

    #[test]
    fn counts_add_up_over_quads() {
        let mut normalizer = Normalizer::new(GraphName::DefaultGraph);
        for _ in 0..3 {
            normalizer.quad(Quad::new(
                iri("https://example.org/a"),
                iri("https://schema.org/name"),
                Literal::new_simple_literal("A"),
                GraphName::DefaultGraph,
            ));
        }
        assert_eq!(normalizer.rewritten(), 3);
    }
}
