//! Blocking: the keys that names which could match share (their folded
//! form, their words, their acronyms, a rare word or its first letters),
//! so that only entities of one kind with a key in common are compared,
//! never every pair. A key that too many entities share says nothing and
//! is dropped.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::candidates::{Entities, Id};
use crate::names::Name;
use crate::suggestion::Kind;

/// Entities sharing a whole-name key (folded form, words, acronym) are
/// compared up to this many: a thousand "Ministry of Justice" are still
/// compared with one another, a block of all the "Workshop"s is not.
const MAX_NAME_BLOCK: usize = 1000;

/// Entities sharing one word, or its first letters, are compared up to
/// this many: a word in more names than that is no sign of a match.
const MAX_WORD_BLOCK: usize = 100;

/// What a key is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// A whole name: its folded form or its words.
    Name,
    /// A word, or its first letters.
    Word,
    /// A name that is an acronym.
    Acronym,
    /// The initials of a full name: they pair with acronyms only, not
    /// with other full names of the same initials.
    Initials,
}

impl Class {
    fn pairs_with(self, other: Class) -> bool {
        match self {
            Class::Acronym => matches!(other, Class::Acronym | Class::Initials),
            Class::Initials => other == Class::Acronym,
            class => class == other,
        }
    }
}

/// A key: its hash and what it is of.
type Key = (u64, Class);

fn key(kind: Kind, tag: u8, text: &str, class: Class) -> Key {
    // SipHash with fixed keys: the same keys on every run.
    let mut hasher = DefaultHasher::new();
    (kind, tag, text).hash(&mut hasher);
    (hasher.finish(), class)
}

/// The keys of one name, as a `kind` entity's.
fn name_keys(name: &Name, kind: Kind, keys: &mut Vec<Key>) {
    if !name.compact.is_empty() {
        keys.push(key(kind, b'f', &name.compact, Class::Name));
    }
    if !name.words.is_empty() {
        keys.push(key(kind, b'w', &name.word_key, Class::Name));
    }
    if let Some(acronym) = &name.acronym {
        keys.push(key(kind, b'a', acronym, Class::Acronym));
    }
    for initials in &name.initials {
        keys.push(key(kind, b'a', initials, Class::Initials));
    }
    for word in &name.words {
        if word.initial || (word.generic && !name.person) || word.skeleton.len() < 3 {
            continue;
        }
        keys.push(key(kind, b't', &word.skeleton, Class::Word));
        if word.skeleton.len() >= 5 {
            keys.push(key(kind, b'p', &word.skeleton[..4], Class::Word));
        }
    }
}

/// The keys of an entity: of each of its names, for each of its kinds.
fn entity_keys(entities: &Entities, id: Id) -> Vec<Key> {
    let mut keys = Vec::new();
    let kinds = entities.kinds(id);
    for kind in Kind::ALL.into_iter().filter(|k| kinds.has(*k)) {
        for name in entities.names(id) {
            name_keys(name, kind, &mut keys);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Calls `each` once for every pair of `candidates` (smaller id first)
/// that share a key.
pub(crate) fn pairs(entities: &Entities, candidates: &[Id], mut each: impl FnMut(Id, Id)) {
    let mut blocks: HashMap<u64, Vec<(Id, Class)>> = HashMap::new();
    for &id in candidates {
        for (hash, class) in entity_keys(entities, id) {
            blocks.entry(hash).or_default().push((id, class));
        }
    }
    let mut others = Vec::new();
    for &id in candidates {
        others.clear();
        for (hash, class) in entity_keys(entities, id) {
            let block = &blocks[&hash];
            let cap = if class == Class::Word {
                MAX_WORD_BLOCK
            } else {
                MAX_NAME_BLOCK
            };
            if block.len() <= cap {
                others.extend(
                    block
                        .iter()
                        .filter(|&&(other, theirs)| other > id && class.pairs_with(theirs))
                        .map(|&(other, _)| other),
                );
            }
        }
        others.sort_unstable();
        others.dedup();
        for &other in &others {
            each(id, other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::store::Store;

    fn pairs_of(turtle: &str) -> Vec<(String, String)> {
        let store = Store::new().unwrap();
        let prefixes = "@prefix schema: <http://schema.org/> . @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <https://example.org/> .\n";
        store
            .load_from_reader(RdfFormat::Turtle, format!("{prefixes}{turtle}").as_bytes())
            .unwrap();
        let entities = Entities::read(&store).unwrap();
        let mut found = Vec::new();
        pairs(&entities, &entities.candidates(), |a, b| {
            let mut pair = [entities.label(a), entities.label(b)];
            pair.sort();
            let [a, b] = pair;
            found.push((a, b));
        });
        found.sort();
        found
    }

    #[test]
    fn names_that_could_match_share_a_key() {
        let found = pairs_of(
            "ex:a a org:Organization ; schema:name \"OSCE Centre in Ashgabat\" .
             ex:b a org:Organization ; schema:name \"OSCE Centre in Ashgabad\" .
             ex:c a org:Organization ; schema:name \"OSCE\" .
             ex:d a org:Organization ; schema:name \"Organization for Security and Co-operation in Europe\" .
             ex:e a org:Organization ; schema:name \"UNDP\" .",
        );
        assert!(found.contains(&(
            "OSCE Centre in Ashgabad".into(),
            "OSCE Centre in Ashgabat".into()
        )));
        assert!(found.contains(&(
            "OSCE".into(),
            "Organization for Security and Co-operation in Europe".into()
        )));
        assert!(!found.iter().any(|(a, b)| a == "UNDP" || b == "UNDP"));
    }

    #[test]
    fn only_entities_of_a_kind_in_common_are_paired() {
        let found = pairs_of(
            "ex:a a schema:Person ; schema:name \"Georgia Smith\" .
             ex:b a schema:Place ; schema:name \"Georgia\" .
             ex:c a schema:Country ; schema:name \"Georgia\" .",
        );
        assert_eq!(found, [("Georgia".to_owned(), "Georgia".to_owned())]);
    }

    #[test]
    fn a_word_too_many_names_share_is_no_key() {
        let mut turtle = String::new();
        for i in 0..150 {
            turtle.push_str(&format!(
                "ex:w{i} a schema:Event ; schema:name \"Cybercrime workshop number {i}\" .\n"
            ));
        }
        assert_eq!(pairs_of(&turtle), []);
    }
}
