//! `data/alignments.ttl` states only axioms the store can apply as rules on
//! one triple, each from a foreign term to a term the model reads, and
//! explains every one that is not an equivalence.
//!
//! The model's terms are the constants of `src/vocab.rs` and the terms
//! `data/ontology.ttl` describes. A foreign term is none of these, so an
//! axiom never rewrites the model's own vocabulary and never chains through
//! another foreign term.

use std::collections::BTreeSet;

use actorgraph_model::vocab::{ag, org, owl, rdf, rdfs, schema};
use oxrdf::{Graph, NamedNodeRef, NamedOrBlankNodeRef, TermRef, TripleRef};
use oxrdfio::{RdfFormat, RdfParser};

/// The five axiom forms the store applies; the equivalences state the same
/// meaning, the others a narrower or approximate one (or an inverse).
const AXIOMS: [NamedNodeRef<'static>; 5] = actorgraph_model::ALIGNMENT_AXIOMS;
const CLASS_AXIOMS: [NamedNodeRef<'static>; 2] = [rdfs::SUB_CLASS_OF, owl::EQUIVALENT_CLASS];
const EQUIVALENCES: [NamedNodeRef<'static>; 2] = [owl::EQUIVALENT_CLASS, owl::EQUIVALENT_PROPERTY];

/// `owl:Ontology`, the type of the file's header.
const OWL_ONTOLOGY: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#Ontology");

/// The IRI of the file's header.
const HEADER: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("https://w3id.org/actorgraph/alignments");

fn parse(text: &str) -> Graph {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_reader(text.as_bytes())
        .map(|q| oxrdf::Triple::from(q.unwrap()))
        .collect()
}

fn alignments() -> Graph {
    parse(actorgraph_model::ALIGNMENTS)
}

/// Every IRI the model reads: the constants of `src/vocab.rs` (read from its
/// source, so that a new constant counts without being listed here) and
/// every IRI `data/ontology.ttl` describes.
fn model_terms() -> BTreeSet<String> {
    let mut terms: BTreeSet<String> = include_str!("../src/vocab.rs")
        .split("new_unchecked(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(iri, _)| iri.to_owned())
        .collect();
    for triple in parse(actorgraph_model::ONTOLOGY).iter() {
        if let NamedOrBlankNodeRef::NamedNode(subject) = triple.subject {
            terms.insert(subject.as_str().to_owned());
        }
    }
    terms
}

/// The axioms: (subject, predicate, object) with IRIs on both ends.
fn axioms(graph: &Graph) -> Vec<(NamedNodeRef<'_>, NamedNodeRef<'_>, NamedNodeRef<'_>)> {
    graph
        .iter()
        .filter(|t| AXIOMS.contains(&t.predicate))
        .map(|t| match (t.subject, t.object) {
            (NamedOrBlankNodeRef::NamedNode(s), TermRef::NamedNode(o)) => (s, t.predicate, o),
            _ => panic!("an axiom between terms that are not both IRIs: {t}"),
        })
        .collect()
}

#[test]
fn every_statement_is_an_axiom_a_comment_or_the_header() {
    let graph = alignments();
    assert!(graph.contains(TripleRef::new(HEADER, rdf::TYPE, OWL_ONTOLOGY)));
    for triple in graph.iter() {
        if triple.subject == HEADER.into() {
            assert!(
                [rdf::TYPE, rdfs::LABEL, rdfs::COMMENT].contains(&triple.predicate),
                "the header says more than its type, label and comment: {triple}"
            );
        } else if triple.predicate == rdfs::COMMENT {
            assert!(
                matches!(triple.object, TermRef::Literal(_)),
                "a comment that is not text: {triple}"
            );
        } else {
            assert!(
                AXIOMS.contains(&triple.predicate),
                "not one of the five axiom forms: {triple}"
            );
        }
    }
    assert!(
        axioms(&graph).len() > 100,
        "the alignments lost most of their axioms"
    );
}

#[test]
fn axioms_lead_from_foreign_terms_to_model_terms() {
    let graph = alignments();
    let model = model_terms();
    let mut wrong = Vec::new();
    for (subject, predicate, object) in axioms(&graph) {
        if subject.as_str().starts_with(ag::NS) || model.contains(subject.as_str()) {
            wrong.push(format!(
                "{subject} {predicate} {object}: the subject is a model term"
            ));
        }
        if !model.contains(object.as_str()) {
            wrong.push(format!(
                "{subject} {predicate} {object}: the object is no model term"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn class_axioms_lead_to_classes_and_property_axioms_to_properties() {
    // The model's classes are capitalized and its properties are not
    // (schema:Event, schema:startDate, ag:Participation, ag:event).
    let graph = alignments();
    for (subject, predicate, object) in axioms(&graph) {
        let local = object
            .as_str()
            .rsplit(['#', '/'])
            .next()
            .unwrap_or_default();
        let is_class = local.starts_with(|c: char| c.is_ascii_uppercase());
        assert_eq!(
            is_class,
            CLASS_AXIOMS.contains(&predicate),
            "{subject} {predicate} {object}: a class axiom must lead to a class, a property axiom to a property"
        );
    }
}

#[test]
fn every_axiom_that_is_not_an_equivalence_is_explained() {
    let graph = alignments();
    let commented = |term: NamedNodeRef<'_>| {
        graph
            .object_for_subject_predicate(term, rdfs::COMMENT)
            .is_some()
    };
    let mut aligned = BTreeSet::new();
    for (subject, predicate, object) in axioms(&graph) {
        aligned.insert(subject);
        assert!(
            EQUIVALENCES.contains(&predicate) || commented(subject),
            "{subject} {predicate} {object} is not an equivalence and has no rdfs:comment"
        );
    }
    // And no comment is left on a term that is no longer aligned.
    for subject in graph.subjects_for_predicate_object(rdf::TYPE, OWL_ONTOLOGY) {
        assert_eq!(subject, HEADER.into());
    }
    for triple in graph.iter().filter(|t| t.predicate == rdfs::COMMENT) {
        if let NamedOrBlankNodeRef::NamedNode(subject) = triple.subject {
            assert!(
                subject == HEADER || aligned.contains(&subject),
                "{subject} has a comment but no axiom"
            );
        }
    }
}

#[test]
fn the_real_data_is_aligned() {
    // The classes and properties of tests/realdata that carry its persons,
    // organizations, events, participations, names and dates.
    const SWC: &str = "http://data.semanticweb.org/ns/swc/ontology#";
    const FOAF: &str = "http://xmlns.com/foaf/0.1/";
    const ICAL: &str = "http://www.w3.org/2002/12/cal/ical#";
    const ELI_DL: &str = "http://data.europa.eu/eli/eli-draft-legislation-ontology#";
    let graph = alignments();
    let aligned = |foreign: String, model: NamedNodeRef<'_>| {
        let foreign = NamedNodeRef::new(&foreign).unwrap();
        assert!(
            AXIOMS
                .iter()
                .any(|axiom| graph.contains(TripleRef::new(foreign, *axiom, model))),
            "{foreign} is not aligned with {model}"
        );
    };
    aligned(format!("{FOAF}Person"), schema::PERSON);
    aligned(format!("{FOAF}Organization"), org::ORGANIZATION);
    aligned(format!("{}Corporation", schema::NS), org::ORGANIZATION);
    for event in [
        "TalkEvent",
        "SessionEvent",
        "WorkshopEvent",
        "BreakEvent",
        "TutorialEvent",
        "SpecialEvent",
        "PaperPresentation",
        "TrackEvent",
        "InvitedTalkEvent",
        "ConferenceEvent",
        "MealEvent",
        "PanelEvent",
        "SocialEvent",
        "DemoEvent",
        "KeynoteTalk",
        "MiscTalkEvent",
        "AcademicEvent",
        "PosterSession",
    ] {
        aligned(format!("{SWC}{event}"), schema::EVENT);
    }
    aligned(format!("{SWC}Chair"), ag::PARTICIPATION);
    aligned(format!("{SWC}heldBy"), ag::PARTICIPANT);
    aligned(format!("{SWC}isRoleAt"), ag::EVENT);
    aligned(format!("{SWC}isSubEventOf"), schema::SUPER_EVENT);
    aligned(format!("{ELI_DL}Activity"), schema::EVENT);
    aligned(format!("{ELI_DL}Participation"), ag::PARTICIPATION);
    aligned(format!("{ELI_DL}had_participation"), ag::EVENT);
    aligned(format!("{ELI_DL}had_participant_person"), ag::PARTICIPANT);
    aligned(
        format!("{ELI_DL}had_participant_organization"),
        ag::PARTICIPANT,
    );
    aligned(format!("{ELI_DL}participation_role"), ag::ROLE);
    // Names and dates.
    aligned(format!("{FOAF}name"), schema::NAME);
    aligned(rdfs::LABEL.as_str().to_owned(), schema::NAME);
    aligned(format!("{ICAL}summary"), schema::NAME);
    aligned(format!("{ELI_DL}activity_label"), schema::NAME);
    aligned(format!("{ICAL}dtstart"), schema::START_DATE);
    aligned(format!("{ICAL}dtend"), schema::END_DATE);
    aligned(format!("{ELI_DL}activity_date"), schema::START_DATE);
    aligned(format!("{ELI_DL}activity_end_date"), schema::END_DATE);
    aligned(format!("{FOAF}member"), org::MEMBER_OF);
}
