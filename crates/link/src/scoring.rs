//! Scoring: two entities' best-matching names and the evidence around them
//! added up to one score from 0 to 1.
//!
//! A name match alone is worth its similarity times a prior from 0.5 (a
//! name every state's ministry has) to 0.9 (a name only one thing has).
//! An organization's generic name is qualified by a shared state or parent
//! ("Ministry of Justice" in Kazakhstan is one body), which lifts its prior
//! as a specific name's. Each piece of evidence for then takes its share
//! of the distance left to 1; each piece against takes its share of the
//! score away. So a generic name needs its state or parent to agree to
//! reach the default threshold, and a different state or date pulls even
//! an exact name below it.

use crate::candidates::{Entities, Id};
use crate::evidence::Surroundings;
use crate::names::compare;
use crate::suggestion::{Aspect, Effect, Kind, NameMatch, Suggestion};

/// How many names of each entity are compared at most.
const MAX_NAMES: usize = 16;

/// How many matching name pairs a suggestion lists.
const LISTED_NAMES: usize = 3;

/// The specificity an organization's name has at least when the two share
/// a state or a parent.
const QUALIFIED: f64 = 0.75;

/// Scores pairs of entities, remembering what their surroundings gave.
pub(crate) struct Scorer<'a> {
    surroundings: Surroundings<'a>,
}

impl<'a> Scorer<'a> {
    pub fn new(entities: &'a Entities) -> Self {
        Self {
            surroundings: Surroundings::new(entities),
        }
    }

    /// The suggestion that `a` and `b` are one `kind` entity, or `None`
    /// when none of their names match.
    pub fn score(&mut self, a: Id, b: Id, kind: Kind) -> Option<Suggestion> {
        let names = self.names(a, b, kind);
        if names.is_empty() {
            return None;
        }
        Some(self.suggestion(a, b, kind, names))
    }

    /// The suggestion that `a` and `b` are one `kind` entity, scored even
    /// when their names do not match (a person asked).
    pub fn explain(&mut self, a: Id, b: Id, kind: Kind) -> Suggestion {
        let names = self.names(a, b, kind);
        self.suggestion(a, b, kind, names)
    }

    fn suggestion(&mut self, a: Id, b: Id, kind: Kind, names: Vec<Candidate>) -> Suggestion {
        let entities = self.surroundings.entities();
        // A pair is written one way: the smaller IRI first.
        let (a, b, mut names) = if entities.iri(a) <= entities.iri(b) {
            (a, b, names)
        } else {
            let swapped = names
                .into_iter()
                .map(|c| Candidate {
                    names: NameMatch {
                        a: c.names.b,
                        b: c.names.a,
                        ..c.names
                    },
                    ..c
                })
                .collect();
            (b, a, swapped)
        };
        let evidence = self.surroundings.collect(a, b, kind);
        let qualified = kind == Kind::Organization
            && evidence.iter().any(|e| {
                e.effect == Effect::Supports && matches!(e.about, Aspect::Country | Aspect::Parent)
            });
        let floor = if qualified { QUALIFIED } else { 0.0 };
        let prior = |c: &Candidate| c.names.similarity * (0.5 + 0.4 * c.specificity.max(floor));
        names.sort_by(|x, y| {
            prior(y)
                .total_cmp(&prior(x))
                .then_with(|| x.names.a.cmp(&y.names.a))
                .then_with(|| x.names.b.cmp(&y.names.b))
        });
        names.truncate(LISTED_NAMES);
        let prior = names.first().map_or(0.0, prior);
        let mut missing = 1.0 - prior;
        let mut kept = 1.0;
        for piece in &evidence {
            match piece.effect {
                Effect::Supports => missing *= 1.0 - piece.weight,
                Effect::Conflicts => kept *= 1.0 - piece.weight,
            }
        }
        Suggestion {
            a: entities.iri(a).unwrap_or_default().to_owned(),
            b: entities.iri(b).unwrap_or_default().to_owned(),
            kind,
            score: round((1.0 - missing) * kept),
            names: names.into_iter().map(|c| c.names).collect(),
            evidence,
        }
    }

    /// The matching names of `a` and `b`, each with how much it says.
    fn names(&self, a: Id, b: Id, kind: Kind) -> Vec<Candidate> {
        let entities = self.surroundings.entities();
        let states =
            kind == Kind::Place && entities.kinds(a).is_country() && entities.kinds(b).is_country();
        let mut matches = Vec::new();
        for x in entities.names(a).iter().take(MAX_NAMES) {
            for y in entities.names(b).iter().take(MAX_NAMES) {
                let Some((how, similarity)) = compare(x, y) else {
                    continue;
                };
                let mut specificity = x.specificity(kind).min(y.specificity(kind));
                if states {
                    // A state's name is one only it has (mostly).
                    specificity = specificity.max(0.8);
                }
                matches.push(Candidate {
                    names: NameMatch {
                        a: x.text.clone(),
                        b: y.text.clone(),
                        how,
                        similarity: round(similarity),
                    },
                    specificity,
                });
            }
        }
        matches
    }
}

/// A pair of matching names, and how much the less specific of the two
/// says on its own.
struct Candidate {
    names: NameMatch,
    specificity: f64,
}

/// A score as it is shown: three decimals.
fn round(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}
