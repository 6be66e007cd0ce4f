//! Acronyms: whether a name is one ("OSCE", "POiB", "O.S.C.E."), and the
//! acronyms a full name can be written as (the initials of its significant
//! words, or of all of them).

use crate::fold::{Token, is_stopword};

/// The acronym `text` is, folded to lowercase ("osce"), or `None` when it
/// is not one: a single word of two to eight letters or digits, mostly
/// capitals, or capitals separated by periods.
pub(crate) fn acronym(text: &str) -> Option<String> {
    let ascii = any_ascii::any_ascii(text.trim());
    let letters: String = ascii.chars().filter(|c| *c != '.').collect();
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let length = letters.chars().count();
    let capitals = letters.chars().filter(char::is_ascii_uppercase).count();
    let acronym_like = (2..=8).contains(&length) && capitals >= 2 && capitals * 2 >= length;
    acronym_like.then(|| letters.to_ascii_lowercase())
}

/// The acronyms a name of several words can be written as: the initials
/// of its significant words, or of all its words ("POiB" keeps the "in" of
/// "Programme Office in Bishkek"), with hyphenated parts counted as words
/// or not ("Politico-Military"). Empty for a name of fewer than two
/// significant words.
pub(crate) fn initials(tokens: &[Token]) -> Vec<String> {
    let significant = tokens.iter().filter(|t| !is_stopword(&t.text)).count();
    if significant < 2 {
        return Vec::new();
    }
    let mut variants = Vec::new();
    for keep_stopwords in [false, true] {
        for split_hyphens in [true, false] {
            let letters: String = tokens
                .iter()
                .filter(|t| keep_stopwords || !is_stopword(&t.text))
                .filter(|t| split_hyphens || !t.hyphenated)
                .filter_map(|t| t.text.chars().next())
                .collect();
            if letters.len() >= 2 && !variants.contains(&letters) {
                variants.push(letters);
            }
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::tokens;

    #[test]
    fn acronyms_are_short_capitalized_words() {
        assert_eq!(acronym("OSCE").as_deref(), Some("osce"));
        assert_eq!(acronym("POiB").as_deref(), Some("poib"));
        assert_eq!(acronym("O.S.C.E.").as_deref(), Some("osce"));
        assert_eq!(acronym("ОБСЕ").as_deref(), Some("obse"));
        assert_eq!(acronym("Astana"), None);
        assert_eq!(acronym("Mr"), None);
        assert_eq!(acronym("OSCE Secretariat"), None);
        assert_eq!(acronym("ABCDEFGHIJ"), None);
    }

    #[test]
    fn initials_of_significant_words_or_all_words() {
        let of = |name: &str| initials(&tokens(name));
        assert!(
            of("Organization for Security and Co-operation in Europe").contains(&"osce".into())
        );
        assert!(of("United Nations Office on Drugs and Crime").contains(&"unodc".into()));
        assert!(of("Programme Office in Bishkek").contains(&"poib".into()));
        assert!(of("Transnational Threats Department").contains(&"ttd".into()));
        assert!(of("Politico-Military Department").contains(&"pmd".into()));
        assert!(of("Politico-Military Department").contains(&"pd".into()));
        assert!(of("Astana").is_empty());
        assert!(of("the Office").is_empty());
    }
}
