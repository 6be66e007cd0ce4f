//! `data/ontology.ttl` declares every `ag:` term of the model's vocabulary,
//! and nothing else in the `ag:` namespace, each with a label and a comment,
//! each property with a domain, each class aligned by `rdfs:subClassOf`,
//! and each named value an instance of one of its classes.

use std::collections::BTreeSet;

use actorgraph_model::vocab::{ag, owl, rdf, rdfs};
use oxrdf::{Graph, NamedNodeRef, NamedOrBlankNodeRef, TermRef};
use oxrdfio::{RdfFormat, RdfParser};

fn ontology() -> Graph {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_reader(actorgraph_model::ONTOLOGY.as_bytes())
        .map(|q| oxrdf::Triple::from(q.unwrap()))
        .collect()
}

#[test]
fn the_ontology_declares_exactly_the_vocabulary() {
    let graph = ontology();
    let declared: BTreeSet<&str> = graph
        .iter()
        .filter_map(|t| match t.subject {
            NamedOrBlankNodeRef::NamedNode(n)
                if n.as_str().starts_with(ag::NS) && n.as_str() != ag::NS =>
            {
                Some(n.as_str())
            }
            _ => None,
        })
        .collect();
    let in_code: BTreeSet<&str> = ag::ALL.iter().map(|t| t.as_str()).collect();
    assert_eq!(declared, in_code);
}

#[test]
fn every_term_has_a_label_a_comment_and_properties_a_domain() {
    let graph = ontology();
    let has = |term: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>| {
        graph
            .object_for_subject_predicate(term, predicate)
            .is_some()
    };
    for term in ag::ALL {
        assert!(has(term, rdfs::LABEL), "{term} has no rdfs:label");
        assert!(has(term, rdfs::COMMENT), "{term} has no rdfs:comment");
        let is_a = |kind: NamedNodeRef<'_>| {
            graph.contains(oxrdf::TripleRef::new(term, rdf::TYPE, TermRef::from(kind)))
        };
        if is_a(owl::OBJECT_PROPERTY) || is_a(owl::DATATYPE_PROPERTY) {
            assert!(has(term, rdfs::DOMAIN), "{term} has no rdfs:domain");
        } else if is_a(owl::NAMED_INDIVIDUAL) {
            // A value such as ag:About: an instance of one of the ontology's
            // classes.
            let classes: Vec<_> = graph
                .objects_for_subject_predicate(term, rdf::TYPE)
                .filter(|class| ag::ALL.iter().any(|t| TermRef::from(*t) == *class))
                .collect();
            assert!(!classes.is_empty(), "{term} is of no ag: class");
        } else {
            assert!(
                has(term, rdfs::SUB_CLASS_OF),
                "{term} is not aligned with rdfs:subClassOf"
            );
        }
    }
}
