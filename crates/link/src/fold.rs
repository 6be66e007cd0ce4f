//! Name folding: the forms that spellings of one name share. Case, accents,
//! punctuation and spacing are folded; Cyrillic and other scripts are
//! romanized; the usual transliteration variants ("ay"/"ai"/"a", "kh"/"h",
//! "y"/"i", "ks"/"x", a final "d"/"t") reduce to one skeleton per word.

use std::collections::HashSet;
use std::sync::LazyLock;

/// A word of a name as written, folded to lowercase ASCII letters and
/// digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The folded word.
    pub text: String,
    /// Whether a hyphen joined it to the word before ("Jomart" in
    /// "Kassym-Jomart").
    pub hyphenated: bool,
    /// Whether a period followed it, as after an abbreviation's letters
    /// ("U.S.", "S.L.") or an initial.
    pub abbreviated: bool,
}

/// Prefixes written with a hyphen that belong to the next word:
/// "co-operation" is "cooperation".
const JOINED_PREFIXES: &[&str] = &[
    "co", "non", "anti", "inter", "pre", "post", "re", "multi", "cross", "self", "sub", "vice",
];

/// The words of `text`, folded: romanized to ASCII, lowercase, split at
/// spaces and punctuation. Apostrophes vanish ("Prosecutor's" is
/// "prosecutors"), hyphens split words except after a prefix such as
/// "co-", and `&` is "and".
pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let ascii = any_ascii::any_ascii(text);
    let mut tokens: Vec<Token> = Vec::new();
    let mut current = String::new();
    let mut hyphen_before = false;
    let push = |current: &mut String, hyphenated: bool, tokens: &mut Vec<Token>| {
        if current.is_empty() {
            return;
        }
        let text = std::mem::take(current);
        match tokens.last_mut() {
            Some(last) if hyphenated && JOINED_PREFIXES.contains(&last.text.as_str()) => {
                last.text.push_str(&text);
            }
            _ => tokens.push(Token {
                text,
                hyphenated,
                abbreviated: false,
            }),
        }
    };
    for c in ascii.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => current.push(c.to_ascii_lowercase()),
            // Apostrophes (and the soft and hard signs romanized as them)
            // are not word breaks.
            '\'' | '`' => {}
            '-' => {
                let had_word = !current.is_empty();
                push(&mut current, hyphen_before, &mut tokens);
                hyphen_before = had_word;
            }
            '&' => {
                push(&mut current, hyphen_before, &mut tokens);
                hyphen_before = false;
                tokens.push(Token {
                    text: "and".to_owned(),
                    hyphenated: false,
                    abbreviated: false,
                });
            }
            '.' => {
                let had_word = !current.is_empty();
                push(&mut current, hyphen_before, &mut tokens);
                hyphen_before = false;
                if had_word && let Some(last) = tokens.last_mut() {
                    last.abbreviated = true;
                }
            }
            _ => {
                push(&mut current, hyphen_before, &mut tokens);
                hyphen_before = false;
            }
        }
    }
    push(&mut current, hyphen_before, &mut tokens);
    tokens
}

/// The transliteration skeleton of a folded word: the letters that
/// romanizations of one Cyrillic (or Turkic) name agree on.
///
/// - digraphs to one letter: shch, sch → s; sh → s; zh, dzh, dj, j → z;
///   kh → h; ch, tch → c; ts, tz → c; ph → f; ck → k; gh → g; ou → u;
/// - x → ks, q → k, w → v, y → i;
/// - an "i" between two vowels, or starting a word before a vowel, goes:
///   "Tokayev" and "Tokaev" agree, "Yevgeny" and "Evgeny" too;
/// - doubled letters are written once ("Kassym" / "Kasym");
/// - a final d, b, g, z or v is devoiced ("Ashgabad" / "Ashgabat").
pub(crate) fn skeleton(word: &str) -> String {
    const DIGRAPHS: &[(&str, &str)] = &[
        ("shch", "s"),
        ("dzh", "z"),
        ("sch", "s"),
        ("tch", "c"),
        ("sh", "s"),
        ("zh", "z"),
        ("dj", "z"),
        ("kh", "h"),
        ("ch", "c"),
        ("ts", "c"),
        ("tz", "c"),
        ("ph", "f"),
        ("ck", "k"),
        ("gh", "g"),
        ("ou", "u"),
    ];
    let mut letters = String::with_capacity(word.len());
    let mut rest = word;
    'outer: while let Some(c) = rest.chars().next() {
        for (from, to) in DIGRAPHS {
            if let Some(after) = rest.strip_prefix(from) {
                letters.push_str(to);
                rest = after;
                continue 'outer;
            }
        }
        match c {
            'x' => letters.push_str("ks"),
            'q' => letters.push('k'),
            'w' => letters.push('v'),
            'j' => letters.push('z'),
            'y' => letters.push('i'),
            c => letters.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    let is_vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let bytes = letters.as_bytes();
    let mut kept = Vec::with_capacity(bytes.len());
    for (i, &c) in bytes.iter().enumerate() {
        let before = if i == 0 { None } else { Some(bytes[i - 1]) };
        let after = bytes.get(i + 1).copied();
        let glide = c == b'i'
            && after.is_some_and(is_vowel)
            && before.is_none_or(is_vowel)
            // "ia" alone, or "io", are words of their own, not glides.
            && bytes.len() > 2;
        if !glide {
            kept.push(c);
        }
    }
    // Doubled letters once; numbers as written ("11" is not "1").
    kept.dedup_by(|next, previous| next == previous && next.is_ascii_alphabetic());
    if kept.len() > 2
        && let Some(last) = kept.last_mut()
    {
        *last = match *last {
            b'd' => b't',
            b'b' => b'p',
            b'g' => b'k',
            b'z' => b's',
            b'v' => b'f',
            c => c,
        };
    }
    // Only ASCII letters and digits went in.
    String::from_utf8(kept).unwrap_or_default()
}

/// A key for `text` that its spellings share: its folded words' skeleton,
/// run together ("OSCE Centre in Ashgabad" and "OSCE Centre in Ashgabat"
/// give one key, so do "Токаев" and "Tokayev").
///
/// ```
/// use actorgraph_link::name_key;
///
/// assert_eq!(name_key("Токаев"), name_key("Tokayev"));
/// assert_eq!(name_key("Ashgabad"), name_key("ashgabat"));
/// assert_eq!(name_key("Co-operation"), name_key("Cooperation"));
/// assert_ne!(name_key("Astana"), name_key("Almaty"));
/// ```
pub fn name_key(text: &str) -> String {
    let run: String = tokens(text).iter().map(|t| t.text.as_str()).collect();
    skeleton(&run)
}

/// The words of `text` as a search compares them: romanized to lowercase
/// ASCII, each reduced to its skeleton, separated by single spaces, so that
/// "Токаев" and "Tokayev" give one form, as "Ashgabad" and "ashgabat" do, and a search for
/// part of a name finds it inside the form of the whole.
///
/// ```
/// use actorgraph_link::search_words;
///
/// assert_eq!(search_words("Токаев"), search_words("TOKAYEV"));
/// assert_eq!(search_words("Ashgabad"), search_words("ashgabat"));
/// assert!(search_words("Programme Office in Astana").contains(&search_words("astana")));
/// ```
pub fn search_words(text: &str) -> String {
    let words: Vec<String> = tokens(text).iter().map(|t| skeleton(&t.text)).collect();
    words.join(" ")
}

/// Words that carry no identity of their own in a name: articles and
/// prepositions, in English, French, German and romanized Russian.
pub(crate) fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "of"
            | "for"
            | "and"
            | "in"
            | "on"
            | "at"
            | "to"
            | "by"
            | "with"
            | "under"
            | "from"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "les"
            | "et"
            | "und"
            | "der"
            | "die"
            | "das"
            | "fur"
            | "po"
            | "i"
            | "v"
            | "na"
            | "pri"
            | "dlia"
            | "dlya"
            | "s"
            | "so"
            | "ob"
            | "k"
            | "pod"
            | "iz"
            | "ot"
            | "za"
    )
}

/// The letters of an abbreviation written with periods, as one word:
/// "U.S. Embassy" is "us embassy", "S.L." is "sl". An initial before a
/// word ("N. Drozd") stays as it is.
pub(crate) fn join_abbreviations(tokens: Vec<Token>) -> Vec<Token> {
    let mut joined: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        match joined.last_mut() {
            Some(last)
                if token.text.len() == 1
                    && last.abbreviated
                    && last.text.chars().all(|c| c.is_ascii_alphabetic())
                    && (last.text.len() == 1 || joined_abbreviation(&last.text)) =>
            {
                last.text.push_str(&token.text);
                last.abbreviated = token.abbreviated;
            }
            _ => joined.push(token),
        }
    }
    joined
}

/// Whether `text` could be letters already joined by [`join_abbreviations`]:
/// short, and not a word on its own.
fn joined_abbreviation(text: &str) -> bool {
    text.len() <= 4
}

/// Legal forms of companies ("S.L.", "Inc.", "GmbH"): no part of the name
/// that tells one company from another.
pub(crate) fn is_legal_form(word: &str) -> bool {
    matches!(
        word,
        "sl" | "sa"
            | "sal"
            | "sll"
            | "slu"
            | "sau"
            | "inc"
            | "ltd"
            | "llc"
            | "llp"
            | "gmbh"
            | "corp"
            | "plc"
            | "srl"
            | "spa"
            | "bv"
            | "nv"
            | "oy"
            | "oyj"
            | "ooo"
            | "oao"
            | "zao"
            | "pao"
            | "too"
    )
}

/// Words that qualify a state's name without naming it: "the Republic of
/// Kazakhstan" is Kazakhstan.
pub(crate) fn is_qualifier(word: &str) -> bool {
    matches!(
        word,
        "republic" | "republique" | "respublika" | "respubliki" | "respublikasy" | "respublikasi"
    )
}

/// Titles written before a person's name.
pub(crate) fn is_honorific(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs" | "ms" | "miss" | "dr" | "prof" | "sir" | "madam" | "dame" | "hon"
    )
}

/// Phrases read as one word, so that the names of one body written two
/// ways have the same words: "Ministry of Internal Affairs" and "Interior
/// Ministry"; British and American spellings.
const SYNONYMS: &[(&[&str], &str)] = &[
    (&["internal", "affairs"], "interior"),
    (&["home", "affairs"], "interior"),
    (&["foreign", "affairs"], "foreign"),
    (&["defense"], "defence"),
    (&["center"], "centre"),
    (&["organisation"], "organization"),
    (&["program"], "programme"),
    (&["labor"], "labour"),
    (&["roundtable"], "round table"),
];

/// `words` with the phrases of [`SYNONYMS`] replaced.
pub(crate) fn synonyms(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        for (phrase, replacement) in SYNONYMS {
            let end = i + phrase.len();
            if end <= words.len() && words[i..end].iter().zip(phrase.iter()).all(|(w, p)| w == p) {
                out.extend(replacement.split(' ').map(str::to_owned));
                i = end;
                continue 'words;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// The singular of a plural word of an organization's or event's name
/// ("Affairs", "Prosecutors"): a final "s" off long words, but not "ss",
/// "us" or "is".
pub(crate) fn singular(word: &str) -> &str {
    if word.len() > 4
        && word.ends_with('s')
        && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"))
    {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Words that say what kind of body, event or place something is, or what
/// field it works in, rather than which one it is: every state has a
/// "Ministry of Justice", and many cities a "Police Academy". Kept as
/// skeletons, the form they are compared in.
static GENERIC: LazyLock<HashSet<String>> = LazyLock::new(|| {
    const WORDS: &[&str] = &[
        // Bodies.
        "ministry",
        "minister",
        "ministerstvo",
        "ministrligi",
        "office",
        "department",
        "departament",
        "committee",
        "komitet",
        "agency",
        "agentstvo",
        "centre",
        "tsentr",
        "council",
        "sovet",
        "service",
        "sluzhba",
        "directorate",
        "division",
        "unit",
        "academy",
        "akademiia",
        "institute",
        "institut",
        "university",
        "universitet",
        "programme",
        "project",
        "commission",
        "komissiia",
        "court",
        "sud",
        "police",
        "politsiia",
        "national",
        "natsionalnyi",
        "state",
        "gosudarstvennyi",
        "general",
        "generalnaia",
        "union",
        "association",
        "foundation",
        "fund",
        "organization",
        "organizatsiia",
        "international",
        "regional",
        "federal",
        "government",
        "pravitelstvo",
        "administration",
        "secretariat",
        "mission",
        "embassy",
        "bureau",
        "authority",
        "board",
        "group",
        "network",
        "school",
        "college",
        "forum",
        "inspectorate",
        "prosecutor",
        "prokuratura",
        "public",
        "main",
        "central",
        "chief",
        "high",
        "supreme",
        "constitutional",
        "parliament",
        "president",
        "presidential",
        "cabinet",
        "assembly",
        "people",
        "agencie",
        "body",
        "team",
        // Fields every state has a body for.
        "justice",
        "interior",
        "foreign",
        "defence",
        "finance",
        "health",
        "education",
        "economy",
        "economic",
        "labour",
        "social",
        "culture",
        "emergency",
        "emergencie",
        "trade",
        "development",
        "affair",
        "protection",
        "human",
        "right",
        "law",
        "enforcement",
        "legal",
        "digital",
        "internal",
        "external",
        // Events.
        "training",
        "course",
        "seminar",
        "workshop",
        "conference",
        "meeting",
        "round",
        "table",
        "session",
        "visit",
        "study",
        "ceremony",
        "presentation",
        "event",
        "annual",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "combating",
        "countering",
        "combat",
        "counter",
        "fighting",
        "preventing",
        "prevention",
        "launch",
        "opening",
        "closing",
        "final",
        "concluding",
        "joint",
        "expert",
        "level",
        "discussion",
        "dialogue",
        "consultation",
        "briefing",
        "webinar",
        "online",
        "activitie",
        "activity",
        "break",
        "coffee",
        "lunch",
        "breakfast",
        "dinner",
        "reception",
        "track",
        "panel",
        "keynote",
        "talk",
        "poster",
        "demo",
        "tutorial",
        "plenary",
        "welcome",
        "registration",
        // Places.
        "city",
        "town",
        "village",
        "district",
        "region",
        "oblast",
        "province",
        "area",
        "capital",
    ];
    WORDS.iter().map(|w| skeleton(w)).collect()
});

/// Whether the word (a skeleton) is generic, in the sense of [`GENERIC`].
pub(crate) fn is_generic(skeleton: &str) -> bool {
    GENERIC.contains(skeleton)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folding_lowers_strips_accents_and_splits_at_punctuation() {
        assert_eq!(words("Sami Ryhänen"), ["sami", "ryhanen"]);
        assert_eq!(
            words("Prosecutor General's Office"),
            ["prosecutor", "generals", "office"]
        );
        assert_eq!(words("U.S. Embassy"), ["u", "s", "embassy"]);
        let joined = |text: &str| -> Vec<String> {
            join_abbreviations(tokens(text))
                .into_iter()
                .map(|t| t.text)
                .collect()
        };
        assert_eq!(joined("U.S. Embassy"), ["us", "embassy"]);
        assert_eq!(joined("EUSKOIME, S.L."), ["euskoime", "sl"]);
        assert_eq!(joined("N. Drozd"), ["n", "drozd"]);
        assert_eq!(joined("J.R.R. Tolkien"), ["jrr", "tolkien"]);
        assert_eq!(words("Law & Order"), ["law", "and", "order"]);
        assert_eq!(
            words("  “Turkmenaragatnashyk”  Agency "),
            ["turkmenaragatnashyk", "agency"]
        );
    }

    #[test]
    fn hyphens_split_words_except_after_a_prefix() {
        assert_eq!(words("Co-operation"), ["cooperation"]);
        assert_eq!(words("Kassym-Jomart"), ["kassym", "jomart"]);
        assert!(tokens("Kassym-Jomart")[1].hyphenated);
        assert!(!tokens("Kassym Jomart")[1].hyphenated);
        assert_eq!(
            words("Politico-Military Department"),
            ["politico", "military", "department"]
        );
    }

    #[test]
    fn cyrillic_is_romanized() {
        assert_eq!(words("Министерство юстиции"), ["ministerstvo", "yustitsii"]);
        assert_eq!(words("Касым-Жомарт Токаев"), ["kasym", "zhomart", "tokaev"]);
        assert_eq!(words("Қазақстан"), ["qazaqstan"]);
    }

    #[test]
    fn transliteration_variants_share_a_skeleton() {
        let same = |a: &str, b: &str| {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        };
        same("tokayev", "tokaev");
        same("ashgabad", "ashgabat");
        same("natalya", "natalia");
        same("nataliya", "natalia");
        same("dmitriy", "dmitry");
        same("dmitrii", "dmitri");
        same("yury", "iurii");
        same("yevgeny", "evgeny");
        same("kassym", "kasym");
        same("jomart", "zhomart");
        same("alexey", "aleksei");
        same("nazarbayev", "nazarbaev");
        same("yustitsii", "iustitsii");
        same("mikhail", "mihail");
    }

    #[test]
    fn different_names_keep_different_skeletons() {
        let differ = |a: &str, b: &str| {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        };
        differ("astana", "almaty");
        differ("kazakhstan", "kyrgyzstan");
        differ("austria", "australia");
        differ("justice", "interior");
        differ("petrov", "petrova");
    }

    #[test]
    fn the_key_runs_the_words_together() {
        assert_eq!(name_key("Tole Bi"), name_key("Tole-Bi"));
        assert_eq!(name_key("Nur-Sultan"), name_key("Nursultan"));
        assert_eq!(
            name_key("Касым-Жомарт Токаев"),
            name_key("Kassym-Jomart Tokayev")
        );
        assert_eq!(name_key(""), "");
    }

    #[test]
    fn synonyms_and_plurals_give_one_set_of_words() {
        let fold = |text: &str| {
            synonyms(words(text))
                .iter()
                .filter(|w| !is_stopword(w))
                .map(|w| skeleton(singular(w)))
                .collect::<Vec<_>>()
        };
        let mut a = fold("Ministry of Internal Affairs");
        let mut b = fold("Interior Ministry");
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert_eq!(fold("Prosecutors"), fold("prosecutor"));
        assert_eq!(singular("crisis"), "crisis");
        assert_eq!(singular("address"), "address");
    }

    #[test]
    fn generic_words_are_known_as_skeletons() {
        assert!(is_generic(&skeleton("ministry")));
        assert!(is_generic(&skeleton("justice")));
        assert!(is_generic(&skeleton(singular("affairs"))));
        assert!(!is_generic(&skeleton("osce")));
        assert!(!is_generic(&skeleton("ashgabat")));
    }
}
