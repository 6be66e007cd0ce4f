//! Every entity survives a trip to RDF triples and back, and to JSON and back.

use actorgraph_model::*;
use oxrdf::Graph;

fn iri(s: &str) -> Iri {
    Iri::new(&format!("https://example.org/{s}")).unwrap()
}

fn round_trip<
    E: Entity + PartialEq + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
>(
    entity: E,
) {
    let graph: Graph = entity.to_triples().unwrap().into_iter().collect();
    assert_eq!(E::from_graph(&graph, entity.id().as_ref()).unwrap(), entity);
    let json = serde_json::to_string(&entity).unwrap();
    assert_eq!(serde_json::from_str::<E>(&json).unwrap(), entity);
}

#[test]
fn actors_round_trip() {
    round_trip(Person {
        id: iri("abishev"),
        name: Text::new("Tastemir Abishev", "en"),
        alternate_names: vec![Text::new("Тастемир Абишев", "ru")],
        same_as: vec![],
        derived_from: vec![iri("release")],
    });
    round_trip(Organization {
        id: iri("po-astana"),
        kind: OrganizationKind::Unit,
        name: Text::new("OSCE Programme Office in Astana", "en"),
        alternate_names: vec![],
        unit_of: Some(iri("osce")),
        sub_organization_of: None,
        classifications: vec![iri("field-operation")],
        same_as: vec![],
        derived_from: vec![iri("release")],
    });
    round_trip(Role {
        id: iri("secretary"),
        name: Text::plain("Secretary"),
        derived_from: vec![],
    });
    round_trip(Membership {
        id: iri("m1"),
        member: iri("abishev"),
        organization: iri("hrc"),
        role: iri("secretary"),
        start: None,
        end: Some("2015-10-30".parse().unwrap()),
        derived_from: vec![],
    });
}

#[test]
fn events_round_trip() {
    round_trip(Event {
        id: iri("seminar"),
        types: vec![iri("Seminar")],
        name: Text::new("Training seminar", "en"),
        description: Some(Text::new("On human rights protection", "en")),
        start: "2015-10-28".parse().unwrap(),
        end: Some("2015-10-30".parse().unwrap()),
        location: Some(iri("shymkent")),
        organizers: vec![iri("hrc")],
        sponsors: vec![iri("po-astana")],
        about: vec![iri("human-rights")],
        super_event: None,
        follow_up_of: vec![iri("presentation")],
        derived_from: vec![iri("release")],
    });
    round_trip(Participation {
        id: iri("p1"),
        event: iri("seminar"),
        participants: vec![iri("judges"), iri("prosecutors")],
        role: Some(iri("attendee")),
        headcount: Some(Headcount {
            count: 150,
            approximate: true,
        }),
        derived_from: vec![],
    });
    round_trip(Quotation {
        id: iri("q1"),
        text: Text::new("This seminar offers a platform", "en"),
        creator: iri("bonotti"),
        event: Some(iri("seminar")),
        speaker_membership: Some(iri("m2")),
        derived_from: vec![],
    });
    round_trip(Place {
        id: iri("shymkent"),
        name: Text::new("Shymkent", "en"),
        contained_in: Some(iri("south-kazakhstan")),
        same_as: vec![Iri::new("http://www.wikidata.org/entity/Q11854").unwrap()],
        derived_from: vec![],
    });
    round_trip(Concept {
        id: iri("judges"),
        types: vec![iri("ActorCategory")],
        label: Text::new("judges", "en"),
        broader: vec![],
    });
    round_trip(Source {
        id: iri("release"),
        headline: Text::new("OSCE supports training seminar", "en"),
        published: "2015-10-30".parse().unwrap(),
        publisher: Some(iri("osce")),
        about: vec![],
    });
}

#[test]
fn model_rules_are_enforced() {
    let event = Event {
        id: iri("e"),
        types: vec![],
        name: Text::plain("E"),
        description: None,
        start: "2015-10-30".parse().unwrap(),
        end: Some("2015-10-28".parse().unwrap()),
        location: None,
        organizers: vec![],
        sponsors: vec![],
        about: vec![],
        super_event: None,
        follow_up_of: vec![],
        derived_from: vec![],
    };
    assert!(matches!(
        event.to_triples(),
        Err(ModelError::EndBeforeStart { .. })
    ));
    let nameless = Person {
        id: iri("p"),
        name: Text::plain("  "),
        alternate_names: vec![],
        same_as: vec![],
        derived_from: vec![],
    };
    assert!(matches!(
        nameless.to_triples(),
        Err(ModelError::Empty { .. })
    ));
}

#[test]
fn reading_reports_what_is_missing() {
    let graph: Graph = Role {
        id: iri("r"),
        name: Text::plain("R"),
        derived_from: vec![],
    }
    .to_triples()
    .unwrap()
    .into_iter()
    .collect();
    let error = Person::from_graph(&graph, iri("r").as_ref()).unwrap_err();
    assert!(matches!(error, ModelError::NotOfClass { .. }), "{error}");
}
