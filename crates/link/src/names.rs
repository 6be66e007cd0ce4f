//! Names compared: a name prepared once (its folded forms, its words, the
//! acronyms it is or can be written as), how much a name says on its own,
//! and how two names match (exactly, by transliteration, with the same
//! words, as an acronym, by initials…) and how closely.

use crate::acronym::{acronym, initials};
use crate::fold::{
    is_generic, is_honorific, is_legal_form, is_qualifier, is_stopword, join_abbreviations,
    singular, skeleton, synonyms, tokens,
};
use crate::suggestion::{Kind, NameRule};

/// Words whose skeletons are at least this close (Jaro-Winkler) are taken
/// for one spelled two ways, when both have five letters or more.
const CLOSE_WORDS: f64 = 0.92;

/// Names of organizations, places and events whose words overlap at least
/// this much (weighted Jaccard) are similar.
const SIMILAR_WORDS: f64 = 0.7;

/// A word of a prepared name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word {
    /// Its transliteration skeleton, the form words are compared in.
    pub skeleton: String,
    /// Its first folded letter, for initials ("N." of "Natalya").
    pub first: char,
    /// A single letter: an initial.
    pub initial: bool,
    /// A word that says what kind of thing is named, not which one.
    pub generic: bool,
    /// The number it stands for ("2nd", "second", "II"), as digits.
    pub number: Option<String>,
}

impl Word {
    fn new(folded: &str) -> Self {
        let skeleton = skeleton(folded);
        Self {
            number: number(folded),
            first: folded.chars().next().unwrap_or(' '),
            initial: folded.len() == 1,
            generic: is_generic(&skeleton),
            skeleton,
        }
    }

    /// How much the word weighs in a comparison of names of several words.
    fn weight(&self) -> f64 {
        if self.generic { 0.5 } else { 1.0 }
    }
}

/// A name prepared for comparison.
#[derive(Debug, Clone)]
pub(crate) struct Name {
    /// The name as written.
    pub text: String,
    /// Its folded words, space-separated, stopwords kept.
    pub folded: String,
    /// The skeleton of its folded words run together.
    pub compact: String,
    /// Its significant words: no stopwords (or, for people, honorifics),
    /// phrases read as one, plurals singular, and the names of states it
    /// mentions taken out (they are evidence, kept with the entity).
    pub words: Vec<Word>,
    /// Its significant words as folded, run together: for names of
    /// places that differ by an ending ("Kyrgyz Republic", "Kyrgyzstan").
    pub plain: String,
    /// Its words' skeletons, sorted and space-separated: the same for
    /// names with the same words in another order.
    pub word_key: String,
    /// The acronym the name is, if it is one.
    pub acronym: Option<String>,
    /// The acronyms the name can be written as.
    pub initials: Vec<String>,
    /// Whether it is prepared as a person's name.
    pub person: bool,
    /// Whether it is written in Latin letters (with or without accents).
    pub latin: bool,
    /// The numbers it holds, as digits, in their order: "Phase II",
    /// "Second meeting" and "2022" tell siblings and editions apart, and
    /// "City 10, country 1" is not "City 1, country 10".
    pub marks: Vec<String>,
}

impl Name {
    /// Prepares `text` as the name of a person or of anything else.
    pub fn new(text: &str, person: bool) -> Self {
        let tokens = if person {
            tokens(text)
        } else {
            join_abbreviations(tokens(text))
        };
        let folded_words: Vec<String> = tokens.iter().map(|t| t.text.clone()).collect();
        let folded = folded_words.join(" ");
        let compact = skeleton(&folded_words.concat());
        let significant: Vec<String> = if person {
            folded_words
                .into_iter()
                .filter(|w| !is_honorific(w))
                .collect()
        } else {
            synonyms(folded_words)
                .into_iter()
                .filter(|w| !is_stopword(w) && !is_qualifier(w) && !is_legal_form(w))
                .map(|w| singular(&w).to_owned())
                .collect()
        };
        let words = significant.iter().map(|w| Word::new(w)).collect();
        let marks: Vec<String> = if person {
            Vec::new()
        } else {
            significant.iter().filter_map(|w| number(w)).collect()
        };
        let mut name = Self {
            word_key: String::new(),
            plain: significant.concat(),
            text: text.to_owned(),
            acronym: if person { None } else { acronym(text) },
            initials: if person {
                Vec::new()
            } else {
                initials(&tokens)
            },
            folded,
            compact,
            words,
            person,
            latin: text.chars().all(|c| !c.is_alphabetic() || c < '\u{0250}'),
            marks,
        };
        name.word_key = name.sorted_words().join(" ");
        name
    }

    /// Takes out of the words every run of words that `lookup` knows (the
    /// names of states), unless nothing would be left, and returns what
    /// `lookup` gave for each run taken out.
    pub fn strip<T: Copy>(&mut self, lookup: impl Fn(&[String]) -> Option<Vec<T>>) -> Vec<T> {
        let skeletons: Vec<String> = self.words.iter().map(|w| w.skeleton.clone()).collect();
        let mut keep = vec![true; skeletons.len()];
        let mut found = Vec::new();
        let mut start = 0;
        while start < skeletons.len() {
            let mut matched = 0;
            for length in (1..=3.min(skeletons.len() - start)).rev() {
                if let Some(values) = lookup(&skeletons[start..start + length]) {
                    found.extend(values);
                    matched = length;
                    break;
                }
            }
            if matched > 0 {
                keep[start..start + matched].fill(false);
                start += matched;
            } else {
                start += 1;
            }
        }
        if keep.iter().any(|k| *k) && keep.iter().any(|k| !*k) {
            let mut flags = keep.into_iter();
            self.words.retain(|_| flags.next().unwrap_or(true));
            self.word_key = self.sorted_words().join(" ");
        }
        found
    }

    /// Its words' skeletons, sorted: the same for names with the same words
    /// in another order.
    pub fn sorted_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.words.iter().map(|w| w.skeleton.as_str()).collect();
        words.sort_unstable();
        words
    }

    /// How much a match of this name says on its own that two `kind`
    /// entities are one, from 0 (the name of a kind of thing: "Ministry of
    /// Justice") to 1 (a name only one thing has).
    pub fn specificity(&self, kind: Kind) -> f64 {
        if let Some(acronym) = &self.acronym {
            // Acronyms are short and so shared: MIA is many ministries.
            return if acronym.len() >= 4 { 0.6 } else { 0.4 };
        }
        let specific = self.words.iter().filter(|w| !w.generic).count() as f64;
        match kind {
            Kind::Person => {
                let full: Vec<&Word> = self.words.iter().filter(|w| !w.initial).collect();
                let mut by_words: f64 = match full.len() {
                    0 => 0.0,
                    1 => 0.3,
                    2 => 0.8,
                    _ => 0.9,
                };
                // Initials, or a short name ("Qi Ju"), say less: many
                // people have them.
                let letters: usize = full.iter().map(|w| w.skeleton.len()).sum();
                if self.words.iter().any(|w| w.initial) || letters < 8 {
                    by_words = by_words.min(0.5);
                }
                by_words
            }
            Kind::Organization => (specific / 2.0).min(1.0),
            // Events recur under one name (a yearly conference): their
            // dates and places say more.
            Kind::Event => 0.5 * (specific / 2.0).min(1.0),
            Kind::Place | Kind::Concept => 0.6,
        }
    }
}

/// The number a folded word stands for, as digits: "2022", "ii", "2nd",
/// "second". Not "i" or "v", which are words too.
fn number(word: &str) -> Option<String> {
    if word.chars().all(|c| c.is_ascii_digit()) {
        return Some(word.trim_start_matches('0').to_owned());
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(digits) = word.strip_suffix(suffix)
            && !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
        {
            return Some(digits.to_owned());
        }
    }
    const NAMED: &[(&str, &str)] = &[
        ("ii", "2"),
        ("iii", "3"),
        ("iv", "4"),
        ("vi", "6"),
        ("vii", "7"),
        ("viii", "8"),
        ("ix", "9"),
        ("first", "1"),
        ("second", "2"),
        ("third", "3"),
        ("fourth", "4"),
        ("fifth", "5"),
        ("sixth", "6"),
        ("seventh", "7"),
        ("eighth", "8"),
        ("ninth", "9"),
        ("tenth", "10"),
    ];
    NAMED
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, digits)| (*digits).to_owned())
}

/// How two names match, and how closely (0 to 1), or `None` when they do
/// not.
pub(crate) fn compare(a: &Name, b: &Name) -> Option<(NameRule, f64)> {
    if a.folded.is_empty() || b.folded.is_empty() {
        return None;
    }
    if a.folded == b.folded {
        // Romanized from another script, one spelling among several.
        if a.latin != b.latin {
            return Some((NameRule::Transliteration, 0.95));
        }
        return Some((NameRule::Exact, 1.0));
    }
    if !a.compact.is_empty() && a.compact == b.compact {
        return Some((NameRule::Transliteration, 0.95));
    }
    if !a.words.is_empty() && a.word_key == b.word_key && a.marks == b.marks {
        return Some((NameRule::SameWords, 0.92));
    }
    for (short, long) in [(a, b), (b, a)] {
        if let Some(acronym) = &short.acronym
            && long.acronym.is_none()
            && long.initials.contains(acronym)
        {
            return Some((NameRule::Acronym, 0.85));
        }
    }
    if a.acronym.is_some() || b.acronym.is_some() {
        return None;
    }
    if a.person && b.person {
        person(a, b)
    } else {
        similar(a, b)
    }
}

/// How closely two words match: 1 for one skeleton, 0.9 for close
/// spellings of long words, else 0.
fn word_match(a: &Word, b: &Word) -> f64 {
    let (x, y) = (a.skeleton.as_bytes(), b.skeleton.as_bytes());
    if x == y || (a.number.is_some() && a.number == b.number) {
        return 1.0;
    }
    let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
    // Jaro-Winkler reaches CLOSE_WORDS only for words of similar lengths
    // (a third of the Jaro similarity is the shorter length over the
    // longer); and a typo seldom hits the first letter. Both tests are
    // cheap, and spare most words the full comparison.
    let close = short >= 5
        && short * 10 >= long * 6
        && x[0] == y[0]
        && strsim::jaro_winkler(&a.skeleton, &b.skeleton) >= CLOSE_WORDS;
    if close { 0.9 } else { 0.0 }
}

/// People's names: every word of the shorter name is in the longer one
/// (in any order, initials for words), as with a patronymic left out or a
/// first name cut to its initial.
fn person(a: &Name, b: &Name) -> Option<(NameRule, f64)> {
    let (short, long) = if a.words.len() <= b.words.len() {
        (a, b)
    } else {
        (b, a)
    };
    if short.words.is_empty() {
        return None;
    }
    let mut used = vec![false; long.words.len()];
    let mut initials = false;
    let mut quality = 1.0f64;
    let mut full_match = false;
    for word in &short.words {
        let mut best: Option<(usize, f64, bool)> = None;
        for (i, other) in long.words.iter().enumerate() {
            if used[i] {
                continue;
            }
            let (q, by_initial) = if word.initial || other.initial {
                (if word.first == other.first { 1.0 } else { 0.0 }, true)
            } else {
                (word_match(word, other), false)
            };
            if q > 0.0 && best.is_none_or(|(_, b, _)| q > b) {
                best = Some((i, q, by_initial));
            }
        }
        let (i, q, by_initial) = best?;
        used[i] = true;
        quality = quality.min(q);
        initials |= by_initial;
        full_match |= !by_initial;
    }
    if !full_match {
        return None;
    }
    let full_words = short.words.iter().filter(|w| !w.initial).count();
    Some(if initials {
        (NameRule::Initials, 0.8 * quality)
    } else if short.words.len() == long.words.len() {
        (NameRule::Similar, 0.9 * quality)
    } else if full_words >= 2 {
        (NameRule::Contained, 0.85 * quality)
    } else {
        (NameRule::Contained, 0.6 * quality)
    })
}

/// Other names: their words overlap, weighted (a word that names the kind
/// of thing counts half), with close spellings matching.
fn similar(a: &Name, b: &Name) -> Option<(NameRule, f64)> {
    if a.words.is_empty() || b.words.is_empty() {
        return None;
    }
    let total: f64 = a.words.iter().chain(&b.words).map(Word::weight).sum();
    let mut used = vec![false; b.words.len()];
    let (mut matched, mut shared) = (0.0, 0.0);
    for word in &a.words {
        let best = b
            .words
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, other)| (i, word_match(word, other), other))
            .filter(|(_, q, _)| *q > 0.0)
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((i, q, other)) = best {
            used[i] = true;
            let weight = (word.weight() + other.weight()) / 2.0;
            matched += q * weight;
            shared += weight;
        }
    }
    let mut overlap = matched / (total - shared);
    if a.marks != b.marks {
        // "Phase I" is not "Phase II", nor the 2022 conference the 2023
        // one; a number only one name has ("Phase II" against no phase)
        // makes them less alike.
        if !a.marks.is_empty() && !b.marks.is_empty() {
            return None;
        }
        overlap *= 0.85;
    }
    (overlap >= SIMILAR_WORDS).then_some((NameRule::Similar, 0.9 * overlap))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(text: &str) -> Name {
        Name::new(text, false)
    }

    fn person_name(text: &str) -> Name {
        Name::new(text, true)
    }

    fn rule(a: &Name, b: &Name) -> Option<NameRule> {
        compare(a, b).map(|(rule, _)| rule)
    }

    #[test]
    fn case_accents_and_punctuation_are_exact() {
        assert_eq!(
            rule(&org("OSCE Centre"), &org("osce  centre.")),
            Some(NameRule::Exact)
        );
        assert_eq!(
            rule(&person_name("Sami Ryhänen"), &person_name("Sami Ryhanen")),
            Some(NameRule::Exact)
        );
    }

    #[test]
    fn spellings_of_one_name_in_two_scripts_match_by_transliteration() {
        assert_eq!(
            rule(&person_name("Токаев"), &person_name("Tokayev")),
            Some(NameRule::Transliteration)
        );
        assert_eq!(
            rule(
                &org("OSCE Centre in Ashgabad"),
                &org("OSCE Centre in Ashgabat")
            ),
            Some(NameRule::Transliteration)
        );
        assert_eq!(
            rule(&org("Министерство юстиции"), &org("Ministerstvo yustitsii")),
            Some(NameRule::Transliteration)
        );
        assert_eq!(
            rule(
                &org("Organization for Security and Co-operation in Europe"),
                &org("Organization for Security and Cooperation in Europe")
            ),
            Some(NameRule::Exact)
        );
    }

    #[test]
    fn the_same_words_in_another_order_or_phrasing_match() {
        assert_eq!(
            rule(
                &org("Interior Ministry"),
                &org("Ministry of Internal Affairs")
            ),
            Some(NameRule::SameWords)
        );
        assert_eq!(
            rule(
                &person_name("TOKAYEV Kassym-Jomart"),
                &person_name("Kassym-Jomart Tokaev")
            ),
            Some(NameRule::SameWords)
        );
        assert_eq!(
            rule(
                &org("Prosecutor General's Office"),
                &org("Office of the Prosecutor General")
            ),
            Some(NameRule::SameWords)
        );
    }

    #[test]
    fn acronyms_match_the_initials_of_full_names() {
        assert_eq!(
            rule(
                &org("OSCE"),
                &org("Organization for Security and Co-operation in Europe")
            ),
            Some(NameRule::Acronym)
        );
        assert_eq!(
            rule(
                &org("United Nations Office on Drugs and Crime"),
                &org("UNODC")
            ),
            Some(NameRule::Acronym)
        );
        assert_eq!(rule(&org("OSCE"), &org("OSCE Secretariat")), None);
        assert_eq!(rule(&org("UNDP"), &org("UNODC")), None);
    }

    #[test]
    fn people_match_by_initials_and_without_a_middle_name() {
        assert_eq!(
            rule(&person_name("N. Drozd"), &person_name("Natalya Drozd")),
            Some(NameRule::Initials)
        );
        assert_eq!(
            rule(
                &person_name("Kassym-Jomart Kemeluly Tokayev"),
                &person_name("Kassym-Jomart Tokayev")
            ),
            Some(NameRule::Contained)
        );
        assert_eq!(
            rule(
                &person_name("Dmitriy Korolev"),
                &person_name("Dmitry Korolyov")
            ),
            Some(NameRule::Similar)
        );
        assert_eq!(
            rule(&person_name("A. Drozd"), &person_name("Natalya Drozd")),
            None
        );
        assert_eq!(
            rule(&person_name("Elena Petrova"), &person_name("Elena Petrov")),
            None
        );
        assert_eq!(
            rule(&person_name("N. D."), &person_name("Natalya Drozd")),
            None
        );
    }

    #[test]
    fn similar_names_share_most_of_their_weighted_words() {
        let (rule, similarity) = compare(
            &org("Workshop on Countering Trafficking in Human Beings"),
            &org("Training workshop on countering trafficking in human beings"),
        )
        .unwrap();
        assert_eq!(rule, NameRule::Similar);
        assert!(similarity > 0.75, "{similarity}");
        assert_eq!(
            compare(
                &org("OSCE Programme Office in Astana"),
                &org("OSCE Programme Office in Bishkek")
            ),
            None
        );
        assert_eq!(
            compare(&org("Almaty Police Academy"), &org("Almaty City Court")),
            None
        );
        assert_eq!(
            compare(
                &org("Ministry of Justice"),
                &org("Ministry of Justice and Human Rights")
            ),
            None
        );
    }

    #[test]
    fn numbers_tell_siblings_and_editions_apart() {
        assert_eq!(
            compare(
                &org("First meeting of the Interagency Steering Committee"),
                &org("Second meeting of the Interagency Steering Committee")
            ),
            None
        );
        assert_eq!(
            compare(
                &org("Capacity Building Project, Phase II"),
                &org("Capacity Building Project Phase 3")
            ),
            None
        );
        assert_eq!(
            compare(&org("OSCE Conference 2022"), &org("OSCE conference, 2023")),
            None
        );
        assert_eq!(
            rule(&org("2nd OSCE Conference"), &org("Second OSCE Conference")),
            Some(NameRule::Similar)
        );
        // A number only one name has makes them less alike.
        let alike = |a: &str, b: &str| compare(&org(a), &org(b)).map_or(0.0, |(_, s)| s);
        assert!(
            alike(
                "Capacity Building on Cybercrime in Central Asia",
                "Capacity Building on Cybercrime in Central Asia, Phase II"
            ) < alike(
                "Capacity Building on Cybercrime in Central Asia",
                "Capacity Building on Cybercrime in Central Asia, Phase"
            )
        );
    }

    #[test]
    fn names_of_states_come_out_of_the_words() {
        let mut name = org("Ministry of Justice of the Republic of Kazakhstan");
        let found = name.strip(|words| (words == ["kazahstan"]).then(|| vec![7]));
        assert_eq!(found, [7]);
        assert_eq!(name.sorted_words(), ["ministri", "zustice"]);
        // A name that is only a state's keeps its words.
        let mut state = org("Kazakhstan");
        state.strip(|words| (words == ["kazahstan"]).then(|| vec![7]));
        assert_eq!(state.sorted_words(), ["kazahstan"]);
    }

    #[test]
    fn specific_names_say_more_than_generic_ones() {
        let generic = org("Ministry of Justice").specificity(Kind::Organization);
        let specific = org("OSCE Centre in Ashgabat").specificity(Kind::Organization);
        assert_eq!(generic, 0.0);
        assert_eq!(specific, 1.0);
        assert!(person_name("Tokayev").specificity(Kind::Person) < 0.5);
        assert!(person_name("Natalya Drozd").specificity(Kind::Person) >= 0.8);
        assert!(person_name("Qi Ju").specificity(Kind::Person) <= 0.5);
        assert_eq!(org("OSCE").specificity(Kind::Organization), 0.6);
        assert_eq!(org("MIA").specificity(Kind::Organization), 0.4);
    }
}
