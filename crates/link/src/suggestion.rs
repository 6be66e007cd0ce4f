//! What a suggestion says: two entities that look like one, how their
//! names match, the evidence for and against, and the score it adds up to.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A suggested `owl:sameAs` link between two entities, for a person to
/// review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// One entity's IRI (the smaller of the two, so a pair is written one
    /// way only).
    pub a: String,
    /// The other entity's IRI.
    pub b: String,
    /// What both are.
    pub kind: Kind,
    /// How likely they are one, from 0 to 1.
    pub score: f64,
    /// The names that match, best first.
    pub names: Vec<NameMatch>,
    /// What else was compared: shared places, parents, events… for, and
    /// different states, parents, dates… against.
    pub evidence: Vec<Evidence>,
}

/// The kinds of entity that can be one: only entities of a kind in
/// common are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `schema:Person`.
    Person,
    /// `org:Organization` and its kinds, `schema:Project` and a
    /// `schema:Country` acting as a state.
    Organization,
    /// `schema:Place` and its kinds, countries among them.
    Place,
    /// `schema:Event` and its kinds.
    Event,
    /// `skos:Concept`, such as an actor category.
    Concept,
}

impl Kind {
    /// Every kind, in the order a pair's kind is chosen when it shares
    /// several (a country is a place before it is a state).
    pub const ALL: [Kind; 5] = [
        Kind::Person,
        Kind::Event,
        Kind::Place,
        Kind::Organization,
        Kind::Concept,
    ];

    /// Its name, as JSON and tables write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Place => "place",
            Kind::Event => "event",
            Kind::Concept => "concept",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Two names, one of each entity, and how they match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameMatch {
    /// The first entity's name, as written.
    pub a: String,
    /// The second entity's name, as written.
    pub b: String,
    /// How they match.
    pub how: NameRule,
    /// How closely, from 0 to 1.
    pub similarity: f64,
}

impl fmt::Display for NameMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" ~ \"{}\" ({})", self.a, self.b, self.how)
    }
}

/// How two names match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameRule {
    /// The same but for case, accents, punctuation and spacing.
    Exact,
    /// The same once romanized and reduced to their transliteration
    /// skeletons ("Токаев", "Tokayev", "Tokaev"; "Ashgabad", "Ashgabat").
    Transliteration,
    /// The same words in another order or phrasing ("Interior Ministry",
    /// "Ministry of Internal Affairs"), state names aside.
    SameWords,
    /// Most words shared, or spelled closely.
    Similar,
    /// An acronym and the initials of a full name ("OSCE").
    Acronym,
    /// A person's name with initials for words ("N. Drozd").
    Initials,
    /// A person's name within a longer one (a patronymic left out).
    Contained,
}

impl NameRule {
    /// Its name, as JSON and tables write it.
    pub fn as_str(self) -> &'static str {
        match self {
            NameRule::Exact => "exact",
            NameRule::Transliteration => "transliteration",
            NameRule::SameWords => "same words",
            NameRule::Similar => "similar",
            NameRule::Acronym => "acronym",
            NameRule::Initials => "initials",
            NameRule::Contained => "contained",
        }
    }
}

impl fmt::Display for NameRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing compared besides the names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// For or against the two being one.
    pub effect: Effect,
    /// What was compared.
    pub about: Aspect,
    /// The shared thing's name, or what differs (`A ≠ B`).
    pub detail: String,
    /// How much it moved the score: its share of the distance to 1 for
    /// evidence for, the share of the score taken away for evidence
    /// against.
    pub weight: f64,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.effect {
            Effect::Supports => '+',
            Effect::Conflicts => '-',
        };
        write!(f, "{sign}{} {}", self.about, self.detail)
    }
}

/// Whether evidence is for or against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// The two share it.
    Supports,
    /// The two differ in it.
    Conflicts,
}

/// What evidence compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// The organization each is part of (`org:subOrganizationOf`,
    /// `org:unitOf`, `schema:parentOrganization`, `skos:broader`).
    Parent,
    /// An organization further up.
    Ancestor,
    /// One is part of the other.
    PartOf,
    /// A unit of each.
    Unit,
    /// A place inside each.
    Contains,
    /// The state each is in, of or from (through places, parents,
    /// affiliations, origins, or named in its name).
    Country,
    /// A place each is at, in or from.
    Place,
    /// An event or project each took part in.
    Event,
    /// An actor of each event (organizer, sponsor, participant…).
    Actor,
    /// An organization each person belongs to.
    Affiliation,
    /// A person who belongs to each organization.
    Member,
    /// The date of each event.
    Date,
    /// Each person's date of birth.
    BirthDate,
    /// Each person's gender.
    Gender,
}

impl Aspect {
    /// Its name, as tables write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Parent => "parent",
            Aspect::Ancestor => "ancestor",
            Aspect::PartOf => "part of",
            Aspect::Unit => "unit",
            Aspect::Contains => "contains",
            Aspect::Country => "country",
            Aspect::Place => "place",
            Aspect::Event => "event",
            Aspect::Actor => "actor",
            Aspect::Affiliation => "affiliation",
            Aspect::Member => "member",
            Aspect::Date => "date",
            Aspect::BirthDate => "birth date",
            Aspect::Gender => "gender",
        }
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Suggestion {
    /// A line saying why, for people: the best name match, the score and
    /// the evidence (`"OSCE Centre in Ashgabat" ~ "OSCE Centre in Ashgabad"
    /// (transliteration); score 0.91; +parent OSCE`).
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(names) = self.names.first() {
            parts.push(names.to_string());
        }
        parts.push(format!("score {:.2}", self.score));
        if !self.evidence.is_empty() {
            parts.push(
                self.evidence
                    .iter()
                    .map(Evidence::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            );
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggestion_reads_back_from_its_json() {
        let suggestion = Suggestion {
            a: "https://example.org/a".into(),
            b: "https://example.org/b".into(),
            kind: Kind::Organization,
            score: 0.91,
            names: vec![NameMatch {
                a: "OSCE Centre in Ashgabat".into(),
                b: "OSCE Centre in Ashgabad".into(),
                how: NameRule::Transliteration,
                similarity: 0.95,
            }],
            evidence: vec![Evidence {
                effect: Effect::Supports,
                about: Aspect::Parent,
                detail: "OSCE".into(),
                weight: 0.45,
            }],
        };
        let json = serde_json::to_value(&suggestion).unwrap();
        assert_eq!(json["kind"], "organization");
        assert_eq!(json["names"][0]["how"], "transliteration");
        assert_eq!(json["evidence"][0]["effect"], "supports");
        assert_eq!(json["evidence"][0]["about"], "parent");
        let back: Suggestion = serde_json::from_value(json).unwrap();
        assert_eq!(back, suggestion);
        assert_eq!(
            suggestion.summary(),
            "\"OSCE Centre in Ashgabat\" ~ \"OSCE Centre in Ashgabad\" (transliteration); score 0.91; +parent OSCE"
        );
    }
}
