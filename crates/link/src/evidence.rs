//! Evidence: what two entities' surroundings say about their being one.
//! A shared parent, unit, place, state, event, actor, affiliation or date
//! counts for; a different state, parent, place, date, date of birth or
//! gender, or one being part of the other, counts against.
//!
//! Surroundings are compared as the entities are: the same entity, or
//! names that match closely (each document mints its own IRIs, so the
//! Kazakhstan of one is rarely the Kazakhstan of another by IRI).

use std::collections::{HashMap, HashSet, VecDeque};

use crate::candidates::{Entities, Fact, Id, Relation};
use crate::names::compare;
use crate::suggestion::{Aspect, Effect, Evidence, Kind};

/// How many entities of one relation are compared at most: a hub with
/// thousands of events costs no more than one with 64.
const MAX_RELATED: usize = 64;

/// How many names of an entity are compared at most.
const MAX_NAMES: usize = 8;

/// How far up parents and containing places are followed.
const MAX_DEPTH: usize = 6;

/// Cached comparisons are dropped past this many, to bound memory.
const MAX_CACHED: usize = 1 << 20;

/// Related entities whose names match at least this closely are one.
const SAME_NAME: f64 = 0.8;

/// Related events need less, when their dates agree: reports name one
/// event in more ways than one organization.
const SAME_EVENT_NAME: f64 = 0.7;

/// The weights of the evidence for (their share of the distance to 1).
mod support {
    pub const COUNTRY: f64 = 0.45;
    pub const PLACE: f64 = 0.35;
    pub const PARENT: f64 = 0.45;
    pub const ANCESTOR: f64 = 0.25;
    pub const UNIT: f64 = 0.35;
    pub const CONTAINS: f64 = 0.35;
    pub const EVENT: f64 = 0.3;
    pub const ACTOR: f64 = 0.35;
    pub const AFFILIATION: f64 = 0.45;
    pub const MEMBER: f64 = 0.35;
    pub const DATE: f64 = 0.5;
    pub const BIRTH_DATE: f64 = 0.6;
}

/// The weights of the evidence against (the share of the score taken).
mod conflict {
    pub const COUNTRY: f64 = 0.75;
    /// People move between states and organizations: a person's states
    /// (through affiliations) say less.
    pub const PERSON_COUNTRY: f64 = 0.5;
    pub const PARENT: f64 = 0.5;
    pub const PLACE: f64 = 0.3;
    pub const PART_OF: f64 = 0.9;
    pub const DATE: f64 = 0.85;
    pub const BIRTH_DATE: f64 = 0.9;
    pub const GENDER: f64 = 0.9;
}

/// A relation whose entities, when both have one, count for.
struct Shared {
    relation: Relation,
    aspect: Aspect,
    weight: f64,
    /// How many shared entities count at most.
    most: usize,
}

impl Shared {
    const fn new(relation: Relation, aspect: Aspect, weight: f64, most: usize) -> Self {
        Self {
            relation,
            aspect,
            weight,
            most,
        }
    }

    /// The relations compared for `kind` entities.
    fn of(kind: Kind) -> &'static [Shared] {
        const UNIT: Shared = Shared::new(Relation::Unit, Aspect::Unit, support::UNIT, 1);
        const EVENTS: Shared = Shared::new(Relation::Activity, Aspect::Event, support::EVENT, 2);
        const MEMBER: Shared = Shared::new(Relation::Member, Aspect::Member, support::MEMBER, 1);
        const INSIDE: Shared =
            Shared::new(Relation::Inside, Aspect::Contains, support::CONTAINS, 1);
        const ACTORS: Shared = Shared::new(Relation::Actor, Aspect::Actor, support::ACTOR, 2);
        const AFFILIATION: Shared = Shared::new(
            Relation::Affiliation,
            Aspect::Affiliation,
            support::AFFILIATION,
            1,
        );
        const ORGANIZATION: [Shared; 3] = [UNIT, MEMBER, EVENTS];
        const CONCEPT: [Shared; 1] = [UNIT];
        const PLACE: [Shared; 1] = [INSIDE];
        const EVENT: [Shared; 1] = [ACTORS];
        const PERSON: [Shared; 2] = [AFFILIATION, EVENTS];
        match kind {
            Kind::Organization => &ORGANIZATION,
            Kind::Concept => &CONCEPT,
            Kind::Place => &PLACE,
            Kind::Event => &EVENT,
            Kind::Person => &PERSON,
        }
    }
}

/// The entities, with what comparing their surroundings has found so far.
pub(crate) struct Surroundings<'a> {
    entities: &'a Entities,
    same: HashMap<(Id, Id), bool>,
    countries: HashMap<Id, Vec<Id>>,
}

impl<'a> Surroundings<'a> {
    pub fn new(entities: &'a Entities) -> Self {
        Self {
            entities,
            same: HashMap::new(),
            countries: HashMap::new(),
        }
    }

    pub fn entities(&self) -> &'a Entities {
        self.entities
    }

    /// The evidence on `a` and `b` being one `kind` entity.
    pub fn collect(&mut self, a: Id, b: Id, kind: Kind) -> Vec<Evidence> {
        let mut evidence = Vec::new();
        let country_conflict = self.countries_evidence(a, b, kind, &mut evidence);
        if kind != Kind::Person {
            self.places_evidence(a, b, kind, &mut evidence);
        }
        let part_of = match kind {
            Kind::Place => self.part_of_evidence(a, b, Relation::Place, &mut evidence),
            _ => self.part_of_evidence(a, b, Relation::Parent, &mut evidence),
        };
        if matches!(kind, Kind::Organization | Kind::Concept) && !part_of {
            self.parents_evidence(a, b, kind, country_conflict, &mut evidence);
        }
        for shared in Shared::of(kind) {
            self.shared(a, b, shared, &mut evidence);
        }
        match kind {
            Kind::Event => self.dates_evidence(a, b, Fact::Date, &mut evidence),
            Kind::Person => {
                self.dates_evidence(a, b, Fact::BirthDate, &mut evidence);
                self.gender_evidence(a, b, &mut evidence);
            }
            // Projects have dates: consecutive phases do not overlap.
            Kind::Organization => {
                if dates_agree(self.entities, a, b, Fact::Date) == Some(false) {
                    self.dates_evidence(a, b, Fact::Date, &mut evidence);
                }
            }
            Kind::Place | Kind::Concept => {}
        }
        evidence
    }

    /// Whether two entities are (very likely) one: the same entity, or
    /// names that match closely and states that do not differ (events:
    /// dates that agree too; places: one name the other's with a short
    /// ending).
    pub fn same(&mut self, x: Id, y: Id) -> bool {
        if x == y {
            return true;
        }
        let key = (x.min(y), x.max(y));
        if let Some(&known) = self.same.get(&key) {
            return known;
        }
        let result = self.compute_same(x, y);
        if self.same.len() >= MAX_CACHED {
            self.same.clear();
        }
        self.same.insert(key, result);
        result
    }

    fn compute_same(&mut self, x: Id, y: Id) -> bool {
        let entities = self.entities;
        let (kx, ky) = (entities.kinds(x), entities.kinds(y));
        if !kx.is_empty() && !ky.is_empty() && kx.shared(ky).is_none() {
            return false;
        }
        let event = kx.has(Kind::Event) || ky.has(Kind::Event);
        let needed = if event { SAME_EVENT_NAME } else { SAME_NAME };
        let names = |id| entities.names(id).iter().take(MAX_NAMES);
        let best = names(x)
            .flat_map(|a| names(y).filter_map(move |b| compare(a, b)))
            .map(|(_, similarity)| similarity)
            .fold(0.0, f64::max);
        let named_alike = best >= needed
            || ((kx.has(Kind::Place) || ky.has(Kind::Place))
                && names(x).any(|a| names(y).any(|b| same_stem(&a.plain, &b.plain))));
        if !named_alike || (event && dates_agree(entities, x, y, Fact::Date) == Some(false)) {
            return false;
        }
        // One "Ministry of Justice" is not another state's. (States are
        // compared by name only, which ends the recursion.)
        if kx.is_country() || ky.is_country() {
            return true;
        }
        let (ours, theirs) = (self.countries(x), self.countries(y));
        ours.is_empty() || theirs.is_empty() || self.any_same(&ours, &theirs).is_some()
    }

    /// Whether one of `xs` is one with one of `ys`; the first such pair.
    fn any_same(&mut self, xs: &[Id], ys: &[Id]) -> Option<(Id, Id)> {
        for &x in xs.iter().take(MAX_RELATED) {
            for &y in ys.iter().take(MAX_RELATED) {
                if self.same(x, y) {
                    return Some((x, y));
                }
            }
        }
        None
    }

    /// The entities reached from `id` by `relation`, once each, up to
    /// [`MAX_DEPTH`] steps, without `id` itself.
    fn reach(&self, id: Id, relation: Relation) -> Vec<Id> {
        let mut seen = HashSet::from([id]);
        let mut found = Vec::new();
        let mut queue = VecDeque::from([(id, 0)]);
        while let Some((node, depth)) = queue.pop_front() {
            if depth == MAX_DEPTH {
                continue;
            }
            for next in self.entities.related(node, relation).take(MAX_RELATED) {
                if seen.insert(next) {
                    found.push(next);
                    queue.push_back((next, depth + 1));
                }
            }
        }
        found
    }

    /// The states an entity is, is in, is part of, is named after, or (a
    /// person) is affiliated with an organization of.
    fn countries(&mut self, id: Id) -> Vec<Id> {
        if let Some(known) = self.countries.get(&id) {
            return known.clone();
        }
        let entities = self.entities;
        let mut found = Vec::new();
        if entities.kinds(id).is_country() {
            found.push(id);
        } else {
            let mut seen = HashSet::from([id]);
            let mut queue = VecDeque::from([(id, 0)]);
            if entities.kinds(id).has(Kind::Person) {
                for organization in entities
                    .related(id, Relation::Affiliation)
                    .take(MAX_RELATED)
                {
                    if seen.insert(organization) {
                        queue.push_back((organization, 1));
                    }
                }
            }
            while let Some((node, depth)) = queue.pop_front() {
                if node != id && entities.kinds(node).is_country() {
                    found.push(node);
                    continue;
                }
                found.extend_from_slice(entities.named_countries(node));
                if depth == MAX_DEPTH {
                    continue;
                }
                let up = entities
                    .related(node, Relation::Place)
                    .chain(entities.related(node, Relation::Parent));
                for next in up.take(MAX_RELATED) {
                    if seen.insert(next) {
                        queue.push_back((next, depth + 1));
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        if self.countries.len() >= MAX_CACHED {
            self.countries.clear();
        }
        self.countries.insert(id, found.clone());
        found
    }

    /// Shared or different states; returns whether they differ.
    fn countries_evidence(
        &mut self,
        a: Id,
        b: Id,
        kind: Kind,
        evidence: &mut Vec<Evidence>,
    ) -> bool {
        let (ours, theirs) = (self.countries(a), self.countries(b));
        if ours.is_empty() || theirs.is_empty() {
            return false;
        }
        match self.any_same(&ours, &theirs) {
            Some((country, _)) => {
                // A state shares itself with its namesake: no news.
                let states =
                    self.entities.kinds(a).is_country() || self.entities.kinds(b).is_country();
                if !states {
                    evidence.push(self.supports(Aspect::Country, country, support::COUNTRY));
                }
                false
            }
            None => {
                let weight = if kind == Kind::Person {
                    conflict::PERSON_COUNTRY
                } else {
                    conflict::COUNTRY
                };
                evidence.push(self.differs(Aspect::Country, &ours, &theirs, weight));
                true
            }
        }
    }

    /// A shared place (one in or at the other's counts), or, for
    /// organizations, places and events, different ones. States are left
    /// to [`Self::countries_evidence`].
    fn places_evidence(&mut self, a: Id, b: Id, kind: Kind, evidence: &mut Vec<Evidence>) {
        let entities = self.entities;
        let local = |ids: Vec<Id>| -> Vec<Id> {
            ids.into_iter()
                .filter(|&id| !entities.kinds(id).is_country())
                .collect()
        };
        let ours = local(entities.related(a, Relation::Place).collect());
        let theirs = local(entities.related(b, Relation::Place).collect());
        if ours.is_empty() && theirs.is_empty() {
            return;
        }
        let mut ours_around = ours.clone();
        ours_around.extend(local(self.reach(a, Relation::Place)));
        let mut theirs_around = theirs.clone();
        theirs_around.extend(local(self.reach(b, Relation::Place)));
        let shared = self
            .any_same(&ours, &theirs_around)
            .map(|(x, _)| x)
            .or_else(|| self.any_same(&theirs, &ours_around).map(|(_, x)| x));
        match shared {
            Some(place) => evidence.push(self.supports(Aspect::Place, place, support::PLACE)),
            None if !ours.is_empty() && !theirs.is_empty() && kind != Kind::Concept => {
                evidence.push(self.differs(Aspect::Place, &ours, &theirs, conflict::PLACE));
            }
            None => {}
        }
    }

    /// One part of the other (a unit of an organization, an event of a
    /// series, a city of a region), against; returns whether it is.
    fn part_of_evidence(
        &mut self,
        a: Id,
        b: Id,
        relation: Relation,
        evidence: &mut Vec<Evidence>,
    ) -> bool {
        for (part, whole) in [(a, b), (b, a)] {
            let up = self.reach(part, relation);
            if let Some((_, whole)) = self.any_same(&up, &[whole]) {
                evidence.push(self.part_of(part, whole));
                return true;
            }
        }
        false
    }

    /// Parents: a shared parent or an ancestor (for), or different ones
    /// (against, unless their states already differ).
    fn parents_evidence(
        &mut self,
        a: Id,
        b: Id,
        kind: Kind,
        country_conflict: bool,
        evidence: &mut Vec<Evidence>,
    ) {
        let entities = self.entities;
        let ours: Vec<Id> = entities.related(a, Relation::Parent).collect();
        let theirs: Vec<Id> = entities.related(b, Relation::Parent).collect();
        let ours_up = self.reach(a, Relation::Parent);
        let theirs_up = self.reach(b, Relation::Parent);
        if ours.is_empty() || theirs.is_empty() {
            return;
        }
        if let Some((parent, _)) = self.any_same(&ours, &theirs) {
            evidence.push(self.supports(Aspect::Parent, parent, support::PARENT));
        } else if let Some((ancestor, _)) = self.any_same(&ours_up, &theirs_up) {
            evidence.push(self.supports(Aspect::Ancestor, ancestor, support::ANCESTOR));
        } else if !country_conflict && kind == Kind::Organization {
            evidence.push(self.differs(Aspect::Parent, &ours, &theirs, conflict::PARENT));
        }
    }

    /// Up to `shared.most` entities of one relation that both have, each
    /// for.
    fn shared(&mut self, a: Id, b: Id, shared: &Shared, evidence: &mut Vec<Evidence>) {
        let entities = self.entities;
        let ours: Vec<Id> = entities
            .related(a, shared.relation)
            .take(MAX_RELATED)
            .collect();
        let theirs: Vec<Id> = entities
            .related(b, shared.relation)
            .take(MAX_RELATED)
            .collect();
        let mut used = HashSet::new();
        for &x in &ours {
            if used.len() == shared.most {
                break;
            }
            if let Some(&y) = theirs
                .iter()
                .find(|&&y| !used.contains(&y) && self.same(x, y))
            {
                used.insert(y);
                evidence.push(self.supports(shared.aspect, x, shared.weight));
            }
        }
    }

    /// Dates (of events, or of birth) that agree (for) or do not (against).
    fn dates_evidence(&mut self, a: Id, b: Id, fact: Fact, evidence: &mut Vec<Evidence>) {
        let (aspect, agree, disagree) = match fact {
            Fact::BirthDate => (Aspect::BirthDate, support::BIRTH_DATE, conflict::BIRTH_DATE),
            _ => (Aspect::Date, support::DATE, conflict::DATE),
        };
        let dates = |id| {
            let mut dates: Vec<&str> = self.entities.facts(id, fact).collect();
            dates.sort_unstable();
            dates.join("/")
        };
        match dates_agree(self.entities, a, b, fact) {
            Some(true) => evidence.push(Evidence {
                effect: Effect::Supports,
                about: aspect,
                detail: dates(a),
                weight: agree,
            }),
            Some(false) => evidence.push(Evidence {
                effect: Effect::Conflicts,
                about: aspect,
                detail: format!("{} ≠ {}", dates(a), dates(b)),
                weight: disagree,
            }),
            None => {}
        }
    }

    /// Different genders, against.
    fn gender_evidence(&mut self, a: Id, b: Id, evidence: &mut Vec<Evidence>) {
        let ours: Vec<&str> = self.entities.facts(a, Fact::Gender).collect();
        let theirs: Vec<&str> = self.entities.facts(b, Fact::Gender).collect();
        if !ours.is_empty() && !theirs.is_empty() && !ours.iter().any(|g| theirs.contains(g)) {
            evidence.push(Evidence {
                effect: Effect::Conflicts,
                about: Aspect::Gender,
                detail: format!("{} ≠ {}", ours.join(", "), theirs.join(", ")),
                weight: conflict::GENDER,
            });
        }
    }

    fn supports(&self, about: Aspect, shared: Id, weight: f64) -> Evidence {
        Evidence {
            effect: Effect::Supports,
            about,
            detail: self.entities.label(shared),
            weight,
        }
    }

    fn differs(&self, about: Aspect, ours: &[Id], theirs: &[Id], weight: f64) -> Evidence {
        let labels = |ids: &[Id]| {
            let mut labels: Vec<String> = ids.iter().map(|&id| self.entities.label(id)).collect();
            labels.sort();
            labels.dedup();
            labels.truncate(3);
            labels.join(", ")
        };
        Evidence {
            effect: Effect::Conflicts,
            about,
            detail: format!("{} ≠ {}", labels(ours), labels(theirs)),
            weight,
        }
    }

    fn part_of(&self, part: Id, whole: Id) -> Evidence {
        Evidence {
            effect: Effect::Conflicts,
            about: Aspect::PartOf,
            detail: format!(
                "{} is part of {}",
                self.entities.label(part),
                self.entities.label(whole)
            ),
            weight: conflict::PART_OF,
        }
    }
}

/// Whether one name is the other with a short ending, as a state's name
/// and its adjective ("kyrgyz", "kyrgyzstan").
fn same_stem(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 5 && long.starts_with(short) && long.len() - short.len() <= 5
}

/// The period a date names, as its first and last moments in a form that
/// compares as text: "2023-11" is from 2023-11-00 to 2023-11-99T99, a day
/// from its own text to that day's T99, a date and time (its zone left
/// aside) is one moment.
fn period(date: &str) -> Option<(String, String)> {
    let date = date.trim();
    let bytes = date.as_bytes();
    if bytes.len() >= 16 && bytes[10] == b'T' && date.is_char_boundary(19.min(date.len())) {
        let moment: String = date.chars().take(19).collect();
        return Some((moment.clone(), moment));
    }
    let day: String = date
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .take(10)
        .collect();
    let day = day.trim_end_matches('-');
    let parts = day.split('-').count();
    if day.len() < 4 || day.starts_with('-') || parts > 3 {
        return None;
    }
    let pad = |filler: &str| {
        let mut padded = day.to_owned();
        for _ in parts..3 {
            padded.push('-');
            padded.push_str(filler);
        }
        padded
    };
    Some((pad("00"), pad("99") + "T99"))
}

/// Whether the dates of two entities overlap (each entity's dates taken as
/// one period, from its earliest to its latest), or `None` when one has
/// none.
fn dates_agree(entities: &Entities, a: Id, b: Id, fact: Fact) -> Option<bool> {
    let span = |id| {
        let periods: Vec<(String, String)> = entities.facts(id, fact).filter_map(period).collect();
        let first = periods.iter().map(|(from, _)| from.clone()).min()?;
        let last = periods.iter().map(|(_, to)| to.clone()).max()?;
        Some((first, last))
    };
    let ((a_from, a_to), (b_from, b_to)) = (span(a)?, span(b)?);
    Some(a_from <= b_to && b_from <= a_to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_are_periods() {
        assert_eq!(
            period("2023-11"),
            Some(("2023-11-00".into(), "2023-11-99T99".into()))
        );
        assert_eq!(
            period("2015-10-28T10:00:00Z"),
            Some(("2015-10-28T10:00:00".into(), "2015-10-28T10:00:00".into()))
        );
        assert_eq!(
            period("2015-10-28"),
            Some(("2015-10-28".into(), "2015-10-28T99".into()))
        );
        assert_eq!(
            period("2015"),
            Some(("2015-00-00".into(), "2015-99-99T99".into()))
        );
        assert_eq!(period("soon"), None);
        // A moment is within its day, and two moments of a day are not one.
        let (day_from, day_to) = period("2012-11-13").unwrap();
        let (moment, _) = period("2012-11-13T10:30:00+05:00").unwrap();
        assert!(day_from <= moment && moment <= day_to);
        assert!(
            period("2012-11-13T10:30:00").unwrap().1 < period("2012-11-13T15:30:00").unwrap().0
        );
    }

    #[test]
    fn stems_of_state_names() {
        assert!(same_stem("kyrgyz", "kyrgyzstan"));
        assert!(same_stem("uzbekistan", "uzbek"));
        assert!(!same_stem("austria", "australia"));
        assert!(!same_stem("iran", "iranistan"));
    }
}
