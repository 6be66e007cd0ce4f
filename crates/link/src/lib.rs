//! Suggests `owl:sameAs` links between the entities of an actorgraph store
//! that several documents name differently ("Ashgabad" and "Ashgabat",
//! "Токаев" and "Tokayev", "OSCE" and "Organization for Security and
//! Co-operation in Europe"), for a person to review, and records the
//! accepted ones in a curation file. Nothing is ever linked silently: the
//! loader merges what a loaded curation file says.
//!
//! [`suggest`] reads the store's default graph (the merged graph queries
//! read) once: entities of a kind (person, organization, place, event,
//! concept), their names and their surroundings. Names are folded (case,
//! accents, punctuation, Cyrillic romanized, transliteration variants) and
//! only entities of one kind sharing a folded key are compared, never
//! every pair. Each pair gets a [`Suggestion`]: how its names match, the
//! evidence for (shared parent, state, place, event, date…) and against
//! (different state, parent, date, date of birth…), and a score.
//!
//! Memory grows with the entities and their surroundings, never with the
//! pairs: a key that too many entities share is dropped rather than
//! expanded into all its pairs, and at most 64 related entities of each
//! kind are compared.
//!
//! ```
//! use actorgraph_link::{SuggestOptions, suggest};
//! use oxigraph::io::RdfFormat;
//! use oxigraph::store::Store;
//!
//! let store = Store::new()?;
//! store.load_from_reader(RdfFormat::Turtle, r#"
//!     @prefix schema: <http://schema.org/> .
//!     <https://example.org/a/ashgabat> a schema:City ; schema:name "Ashgabat" ;
//!         schema:containedInPlace <https://example.org/a/tm> .
//!     <https://example.org/a/tm> a schema:Country ; schema:name "Turkmenistan" .
//!     <https://example.org/b/ashgabad> a schema:City ; schema:name "Ashgabad" ;
//!         schema:containedInPlace <https://example.org/b/tm> .
//!     <https://example.org/b/tm> a schema:Country ; schema:name "Turkmenistan" .
//! "#.as_bytes())?;
//! let suggestions = suggest(&store, &SuggestOptions::default())?;
//! let city = suggestions
//!     .iter()
//!     .find(|s| s.a == "https://example.org/a/ashgabat")
//!     .expect("the two spellings of the city are suggested");
//! assert_eq!(city.b, "https://example.org/b/ashgabad");
//! assert!(city.score >= 0.7);
//! // The two Turkmenistans are one state too.
//! assert!(suggestions.iter().any(|s| s.a.ends_with("a/tm") && s.b.ends_with("b/tm")));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod acronym;
mod blocking;
mod candidates;
mod curation;
mod error;
mod evidence;
mod fold;
mod kinds;
mod names;
mod scoring;
mod suggestion;
mod terms;

pub use curation::{Appended, Curation};
pub use error::LinkError;
pub use fold::{name_key, search_words};
pub use suggestion::{Aspect, Effect, Evidence, Kind, NameMatch, NameRule, Suggestion};

use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNodeRef, TermRef};
use oxigraph::store::Store;

use crate::candidates::Entities;
use crate::scoring::Scorer;

/// The score below which pairs are not suggested unless asked: high enough
/// that namesakes with conflicting evidence and look-alikes of different
/// states stay below, low enough for a generic name whose state agrees.
pub const DEFAULT_MIN_SCORE: f64 = 0.7;

/// What [`suggest`] suggests.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestOptions {
    /// The lowest score suggested.
    pub min_score: f64,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        Self {
            min_score: DEFAULT_MIN_SCORE,
        }
    }
}

/// The pairs of entities of the store's default graph that look like one,
/// scored at least `options.min_score`, best first. Entities already one
/// through `owl:sameAs` (in any graph) are not suggested.
pub fn suggest(store: &Store, options: &SuggestOptions) -> Result<Vec<Suggestion>, LinkError> {
    let entities = Entities::read(store)?;
    let candidates = entities.candidates();
    let mut scorer = Scorer::new(&entities);
    let mut suggestions = Vec::new();
    blocking::pairs(&entities, &candidates, |a, b| {
        if let Some(kind) = entities.kinds(a).shared(entities.kinds(b))
            && let Some(suggestion) = scorer.score(a, b, kind)
            && suggestion.score >= options.min_score
        {
            suggestions.push(suggestion);
        }
    });
    suggestions.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    Ok(suggestions)
}

/// What [`compare`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// The two entities compared: the score and why, even when it is low.
    Scored(Suggestion),
    /// The store makes them one already, through `owl:sameAs` links.
    AlreadyLinked,
}

/// Compares the entities `a` and `b` (absolute IRIs) as [`suggest`] would,
/// for a person who wants to link them: both must be in the store's
/// default graph, and of kinds that can be one.
pub fn compare(store: &Store, a: &str, b: &str) -> Result<Comparison, LinkError> {
    let (a_node, b_node) = (iri(a)?, iri(b)?);
    if a_node == b_node {
        return Err(LinkError::SameEntity { iri: a.to_owned() });
    }
    for node in [&a_node, &b_node] {
        if !mentioned(store, node)? {
            return Err(LinkError::NotInStore {
                iri: node.as_str().to_owned(),
            });
        }
    }
    let entities = Entities::read(store)?;
    let (Some(x), Some(y)) = (entities.id(a_node.as_ref()), entities.id(b_node.as_ref())) else {
        // Mentioned, but by nothing the suggester reads: no names, no
        // kind, nothing to weigh.
        return Ok(Comparison::Scored(Suggestion {
            a: a.to_owned(),
            b: b.to_owned(),
            kind: Kind::Organization,
            score: 0.0,
            names: Vec::new(),
            evidence: Vec::new(),
        }));
    };
    if x == y {
        return Ok(Comparison::AlreadyLinked);
    }
    let (kx, ky) = (entities.kinds(x), entities.kinds(y));
    let kind = match kx.shared(ky) {
        Some(kind) => kind,
        None if kx.is_empty() || ky.is_empty() => {
            kx.first().or(ky.first()).unwrap_or(Kind::Organization)
        }
        None => {
            return Err(LinkError::IncompatibleKinds {
                a: a.to_owned(),
                a_kinds: kx.describe(),
                b: b.to_owned(),
                b_kinds: ky.describe(),
            });
        }
    };
    let mut suggestion = Scorer::new(&entities).explain(x, y, kind);
    // Written as the person named them, `a` first, not as their groups'
    // representatives in IRI order.
    if suggestion.a != entities.iri(x).unwrap_or_default() {
        for names in &mut suggestion.names {
            std::mem::swap(&mut names.a, &mut names.b);
        }
    }
    suggestion.a = a_node.as_str().to_owned();
    suggestion.b = b_node.as_str().to_owned();
    Ok(Comparison::Scored(suggestion))
}

/// `text` as an IRI, with or without angle brackets.
fn iri(text: &str) -> Result<NamedNode, LinkError> {
    let inner = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text);
    NamedNode::new(inner).map_err(|error| LinkError::InvalidIri {
        text: text.to_owned(),
        message: error.to_string(),
    })
}

/// Whether a triple of the store's default graph mentions `node`, as its
/// subject or its object, or an `owl:sameAs` link of any graph does (a
/// merged graph may show a linked entity under another IRI).
fn mentioned(store: &Store, node: &NamedNode) -> Result<bool, LinkError> {
    let default = Some(GraphNameRef::DefaultGraph);
    let subject = Some(NamedOrBlankNodeRef::from(node.as_ref()));
    let object = Some(TermRef::from(node.as_ref()));
    let same_as = Some(actorgraph_model::vocab::owl::SAME_AS);
    let patterns = [
        (subject, None, None, default),
        (None, None, object, default),
        (subject, same_as, None, None),
        (None, same_as, object, None),
    ];
    for (s, p, o, g) in patterns {
        if store
            .quads_for_pattern(s, p, o, g)
            .next()
            .transpose()?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;

    use crate::candidates::tests::store;

    /// The suggested pairs, by their IRIs' local names, with any score.
    fn suggested(turtle: &str) -> Vec<(String, String, f64)> {
        let options = SuggestOptions { min_score: 0.0 };
        suggest(&store(turtle), &options)
            .unwrap()
            .into_iter()
            .map(|s| {
                let local = |iri: &str| iri.trim_start_matches("https://example.org/").to_owned();
                (local(&s.a), local(&s.b), s.score)
            })
            .collect()
    }

    fn score(found: &[(String, String, f64)], a: &str, b: &str) -> f64 {
        found
            .iter()
            .find(|(x, y, _)| x == a && y == b)
            .map_or(0.0, |(_, _, score)| *score)
    }

    const STATES: &str = "
        ex:kz a schema:Country ; schema:name \"Kazakhstan\" .
        ex:kz2 a schema:Country ; schema:name \"Republic of Kazakhstan\" .
        ex:kg a schema:Country ; schema:name \"Kyrgyzstan\" .
    ";

    #[test]
    fn one_ministry_of_two_states_is_not_suggested() {
        let found = suggested(&format!(
            "{STATES}
            ex:moj-kz a org:Organization ; schema:name \"Ministry of Justice\" ; org:subOrganizationOf ex:kz .
            ex:moj-kg a org:Organization ; schema:name \"Ministry of Justice\" ; org:subOrganizationOf ex:kg .
            ex:moj-kz2 a org:Organization ; schema:name \"Justice Ministry\" ; schema:location ex:kz2 ."
        ));
        assert!(score(&found, "moj-kg", "moj-kz") < 0.3, "{found:?}");
        assert!(score(&found, "moj-kg", "moj-kz2") < 0.3, "{found:?}");
        assert!(
            score(&found, "moj-kz", "moj-kz2") >= DEFAULT_MIN_SCORE,
            "{found:?}"
        );
    }

    #[test]
    fn generic_names_alone_are_not_enough() {
        let found = suggested(
            "ex:a a org:Organization ; schema:name \"Ministry of Interior\" .
             ex:b a org:Organization ; schema:name \"Interior Ministry\" .",
        );
        let score = score(&found, "a", "b");
        assert!(score > 0.3 && score < DEFAULT_MIN_SCORE, "{found:?}");
    }

    #[test]
    fn namesakes_born_on_other_days_are_not_suggested() {
        let found = suggested(
            "ex:a a schema:Person ; schema:name \"Aibek Sadykov\" ; schema:birthDate \"1978-04-02\" .
             ex:b a schema:Person ; schema:name \"Aibek Sadykov\" ; schema:birthDate \"1985-11-20\" .
             ex:c a schema:Person ; schema:name \"Aibek Sadykov\" .",
        );
        assert!(score(&found, "a", "b") < 0.2, "{found:?}");
        assert!(score(&found, "a", "c") >= DEFAULT_MIN_SCORE, "{found:?}");
    }

    #[test]
    fn a_yearly_event_is_not_its_next_edition() {
        let found = suggested(
            "ex:a a schema:Event ; schema:name \"Regional Conference on Cybercrime\" ; schema:startDate \"2022-05-17\" .
             ex:b a schema:Event ; schema:name \"Regional conference on combating cybercrime\" ; schema:startDate \"2022-05\" .
             ex:c a schema:Event ; schema:name \"Regional Conference on Cybercrime\" ; schema:startDate \"2023-06-06\" .",
        );
        assert!(score(&found, "a", "b") >= DEFAULT_MIN_SCORE, "{found:?}");
        assert!(score(&found, "a", "c") < 0.2, "{found:?}");
        assert!(score(&found, "b", "c") < 0.2, "{found:?}");
    }

    #[test]
    fn an_event_is_not_the_event_it_is_part_of() {
        let found = suggested(
            "ex:a a schema:Event ; schema:name \"Concluding event of the first phase\" ; schema:startDate \"2024-06-11\" .
             ex:b a schema:Event ; schema:name \"Concluding conference of the first phase\" ; schema:startDate \"2024-06-11\" ; schema:superEvent ex:a .",
        );
        assert!(score(&found, "a", "b") < 0.2, "{found:?}");
    }

    #[test]
    fn an_acronym_and_its_full_name_with_a_unit_in_common() {
        let found = suggested(
            "ex:a a org:Organization ; schema:name \"OSCE\" .
             ex:a-centre a org:Organization ; schema:name \"OSCE Centre in Ashgabad\" ; org:unitOf ex:a .
             ex:b a org:Organization ; schema:name \"Organization for Security and Co-operation in Europe\" .
             ex:b-centre a org:Organization ; schema:name \"OSCE Centre in Ashgabat\" ; org:unitOf ex:b .",
        );
        assert!(score(&found, "a", "b") >= DEFAULT_MIN_SCORE, "{found:?}");
        assert!(
            score(&found, "a-centre", "b-centre") >= DEFAULT_MIN_SCORE,
            "{found:?}"
        );
        // A unit is not its parent.
        assert_eq!(score(&found, "a", "a-centre"), 0.0, "{found:?}");
    }

    #[test]
    fn entities_already_one_are_not_suggested() {
        let found = suggested(
            "ex:a a schema:City ; schema:name \"Ashgabat\" ; owl:sameAs <http://www.wikidata.org/entity/Q23438> .
             ex:b a schema:City ; schema:name \"Ashgabad\" ; owl:sameAs <http://www.wikidata.org/entity/Q23438> .",
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn comparing_a_pair_a_person_names() {
        let store = store(
            "ex:p a schema:Person ; schema:name \"Natalya Drozd\" .
             ex:q a schema:Person ; schema:name \"N. Drozd\" .
             ex:o a org:Organization ; schema:name \"OSCE\" .
             ex:x a schema:City ; schema:name \"Ashgabat\" ; owl:sameAs ex:y .
             ex:y a schema:City ; schema:name \"Ashgabat\" .",
        );
        let iri = |local: &str| format!("https://example.org/{local}");
        let Comparison::Scored(pair) = compare(&store, &iri("q"), &iri("p")).unwrap() else {
            panic!("not scored");
        };
        assert_eq!(
            (pair.a.as_str(), pair.b.as_str()),
            (iri("q").as_str(), iri("p").as_str())
        );
        assert_eq!(pair.names[0].a, "N. Drozd");
        assert_eq!(pair.names[0].how, NameRule::Initials);
        assert_eq!(
            compare(&store, &iri("x"), &iri("y")).unwrap(),
            Comparison::AlreadyLinked
        );
        assert!(matches!(
            compare(&store, &iri("p"), &iri("o")),
            Err(LinkError::IncompatibleKinds { .. })
        ));
        assert!(matches!(
            compare(&store, &iri("p"), &iri("nobody")),
            Err(LinkError::NotInStore { .. })
        ));
        assert!(matches!(
            compare(&store, &iri("p"), &format!("<{}>", iri("p"))),
            Err(LinkError::SameEntity { .. })
        ));
        assert!(matches!(
            compare(&store, "p", &iri("p")),
            Err(LinkError::InvalidIri { .. })
        ));
        // Known only through a link in a source's graph: in the store all
        // the same.
        let linked = Store::new().unwrap();
        linked
            .load_from_reader(
                RdfFormat::TriG,
                "<https://example.org/curation> { <https://example.org/x> <http://www.w3.org/2002/07/owl#sameAs> <https://example.org/y> . }
                 <https://example.org/z> <http://schema.org/name> \"Z\" ."
                    .as_bytes(),
            )
            .unwrap();
        assert_eq!(
            compare(&linked, &iri("x"), &iri("y")).unwrap(),
            Comparison::AlreadyLinked
        );
    }
}
