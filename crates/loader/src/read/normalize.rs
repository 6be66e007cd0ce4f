//! `https://schema.org/` read as `http://schema.org/`: schema.org's own pages
//! print its terms with https, while actorgraph's vocabulary, saved queries
//! and shapes name them with http, so data written either way is read as
//! the same terms (and never gives silently empty answers).
//!
//! Two more things schema.org's JSON-LD context makes of an event page are
//! read as the model has them: dates typed `schema:Date` or
//! `schema:DateTime` get the XSD type their form says (`2025-03-18` an
//! `xsd:date`, `2025-03-18T09:30:00+05:00` an `xsd:dateTime`, `2025-03` an
//! `xsd:gYearMonth`, `2025` an `xsd:gYear`), and an event's status or
//! attendance mode given as the text of a schema.org IRI becomes that IRI.

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use actorgraph_model::vocab::{schema, xsd};

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
        let object = match self.enumeration(&predicate, quad.object) {
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
    /// http one; a schema.org date gets the XSD type of its form; the
    /// lexical form is kept as written.
    fn literal(&mut self, literal: Literal) -> Literal {
        let datatype = literal.datatype();
        if datatype == schema::DATE || datatype == schema::DATE_TIME {
            return self.dated(literal);
        }
        if !datatype.as_str().starts_with(SCHEMA_HTTPS) {
            return literal;
        }
        let datatype = self.iri(datatype.into_owned());
        let literal = Literal::new_typed_literal(literal.value(), datatype);
        match literal.datatype() {
            d if d == schema::DATE || d == schema::DATE_TIME => self.dated(literal),
            _ => literal,
        }
    }

    /// A `schema:Date` or `schema:DateTime` literal with the XSD type its
    /// form says, or as it is when its form is none of them.
    fn dated(&mut self, literal: Literal) -> Literal {
        let value = literal.value();
        let digits = |range: std::ops::Range<usize>| {
            value
                .get(range)
                .is_some_and(|part| part.bytes().all(|b| b.is_ascii_digit()))
        };
        let datatype = match value.len() {
            4 if digits(0..4) => xsd::G_YEAR,
            7 if digits(0..4) && &value[4..5] == "-" && digits(5..7) => xsd::G_YEAR_MONTH,
            10 if digits(0..4) && digits(5..7) && digits(8..10) => xsd::DATE,
            n if n > 10 && digits(0..4) && value.as_bytes()[10] == b'T' => xsd::DATE_TIME,
            _ => return literal,
        };
        self.rewritten += 1;
        Literal::new_typed_literal(value, datatype)
    }

    /// The object of `predicate`: an event's status or attendance mode
    /// written as the text of a schema.org IRI is that IRI.
    fn enumeration(&mut self, predicate: &NamedNode, object: Term) -> Term {
        let Term::Literal(literal) = &object else {
            return object;
        };
        let is_enumerated = predicate.as_ref() == schema::EVENT_STATUS
            || predicate.as_ref() == schema::EVENT_ATTENDANCE_MODE;
        let value = literal.value();
        let local = value
            .strip_prefix(SCHEMA_HTTPS)
            .or_else(|| value.strip_prefix(schema::NS));
        match local {
            Some(local)
                if is_enumerated
                    && literal.datatype() == xsd::STRING
                    && !local.is_empty()
                    && local.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                self.rewritten += 1;
                NamedNode::new_unchecked(format!("{}{local}", schema::NS)).into()
            }
            _ => object,
        }
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

    #[test]
    fn schema_org_dates_get_the_xsd_type_of_their_form_and_statuses_become_iris() {
        let date = |value: &str, datatype: &str| {
            let quad = Quad::new(
                iri("https://example.org/e"),
                iri("https://schema.org/startDate"),
                Literal::new_typed_literal(value, iri(datatype)),
                GraphName::DefaultGraph,
            );
            match normalized(quad).0.object {
                Term::Literal(l) => l.datatype().as_str().to_owned(),
                other => panic!("{other}"),
            }
        };
        let xsd = |local: &str| format!("http://www.w3.org/2001/XMLSchema#{local}");
        assert_eq!(date("2025-03-18", "https://schema.org/Date"), xsd("date"));
        assert_eq!(
            date("2025-03-18T09:30:00+05:00", "http://schema.org/Date"),
            xsd("dateTime")
        );
        assert_eq!(
            date("2025-03", "https://schema.org/DateTime"),
            xsd("gYearMonth")
        );
        assert_eq!(date("2025", "http://schema.org/Date"), xsd("gYear"));
        assert_eq!(
            date("next spring", "http://schema.org/Date"),
            "http://schema.org/Date"
        );
        let status = Quad::new(
            iri("https://example.org/e"),
            iri("https://schema.org/eventStatus"),
            Literal::from("https://schema.org/EventScheduled"),
            GraphName::DefaultGraph,
        );
        let (quad, count) = normalized(status);
        assert_eq!(
            quad.object,
            Term::from(iri("http://schema.org/EventScheduled"))
        );
        assert_eq!(count, 2);
        let name = Quad::new(
            iri("https://example.org/e"),
            iri("http://schema.org/name"),
            Literal::from("https://schema.org/EventScheduled"),
            GraphName::DefaultGraph,
        );
        assert!(
            matches!(normalized(name).0.object, Term::Literal(_)),
            "only statuses and modes"
        );
    }
}
