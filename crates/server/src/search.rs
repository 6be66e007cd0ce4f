//! Search over names, alternate names, labels and quotation text: a text
//! index in the server's memory, built from each checkpoint it serves by a
//! worker that reads every such text once, and searched by scanning folded
//! forms (case, accents, punctuation, Cyrillic/Latin transliteration and
//! spelling variants folded as link suggestions fold them). A scan of a
//! million names is milliseconds; no query runs per search.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use actorgraph_link::search_words;
use actorgraph_query::ResultsFormat;
use oxigraph::model::Term;
use tokio::time::Instant;

use crate::formats::AnswerFormat;
use crate::pool::{Outcome, Pool};
use crate::protocol::Job;

/// The properties whose text is searched, and what each text is.
const SEARCHED: [(&str, Found); 6] = [
    ("http://schema.org/name", Found::Name),
    ("http://www.w3.org/2004/02/skos/core#prefLabel", Found::Name),
    ("http://schema.org/alternateName", Found::AlternateName),
    (
        "http://www.w3.org/2004/02/skos/core#altLabel",
        Found::AlternateName,
    ),
    ("http://schema.org/headline", Found::Name),
    ("http://schema.org/text", Found::Quotation),
];

/// How long reading the texts of a checkpoint may take.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

/// What a searched text is of its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Found {
    /// Its name, label or headline.
    Name,
    /// Another name it goes by.
    AlternateName,
    /// What it says (a quotation's text).
    Quotation,
}

impl Found {
    /// How the match is described on the page.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::AlternateName => "also called",
            Self::Quotation => "said",
        }
    }
}

struct Entry {
    /// The folded form searched.
    key: String,
    entity: Arc<str>,
    text: String,
    found: Found,
}

/// A search's match: the entity, the text that matched, what it is.
pub(crate) struct Hit {
    pub(crate) entity: Arc<str>,
    pub(crate) text: String,
    pub(crate) found: Found,
}

/// The texts of one checkpoint, folded.
pub(crate) struct TextIndex {
    entries: Vec<Entry>,
}

impl TextIndex {
    /// The entities whose texts hold every word of `query`, best first: a
    /// text that is the query, then texts with its whole words, then with
    /// parts of words; among those, names before alternate names before
    /// quotations, and short texts before long ones. At most `most`, one
    /// hit per entity.
    pub(crate) fn search(&self, query: &str, most: usize) -> Vec<Hit> {
        let words: Vec<String> = search_words(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        let joined = words.join(" ");
        let mut best: HashMap<&str, (u8, Found, usize, &Entry)> = HashMap::new();
        for entry in &self.entries {
            if !words.iter().all(|w| entry.key.contains(w.as_str())) {
                continue;
            }
            let closeness = if entry.key == joined {
                0
            } else if words
                .iter()
                .all(|w| entry.key.split(' ').any(|k| k == w.as_str()))
            {
                1
            } else {
                2
            };
            let rank = (closeness, entry.found, entry.text.len(), entry);
            let slot = best.entry(&entry.entity).or_insert(rank);
            if (rank.0, rank.1, rank.2) < (slot.0, slot.1, slot.2) {
                *slot = rank;
            }
        }
        let mut hits: Vec<_> = best.into_values().collect();
        hits.sort_by(|a, b| (a.0, a.1, a.2, &a.3.entity).cmp(&(b.0, b.1, b.2, &b.3.entity)));
        hits.into_iter()
            .take(most)
            .map(|(_, found, _, entry)| Hit {
                entity: entry.entity.clone(),
                text: entry.text.clone(),
                found,
            })
            .collect()
    }

    /// How many texts it holds.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Reads the searched texts of the checkpoint `pool` now serves into an
/// index.
pub(crate) async fn build(pool: &Arc<Pool>) -> Result<TextIndex, String> {
    let values: String = SEARCHED
        .iter()
        .enumerate()
        .map(|(i, (property, _))| format!("(<{property}> {i})"))
        .collect();
    let text = format!(
        "SELECT ?entity ?kind ?text WHERE {{ VALUES (?property ?kind) {{ {values} }} ?entity ?property ?text FILTER(isLiteral(?text) && isIRI(?entity)) }}"
    );
    let format = AnswerFormat::Results(ResultsFormat::Tsv);
    let job = Job::Query {
        text,
        bindings: Vec::new(),
        format,
        timeout_ms: u64::try_from(BUILD_LIMIT.as_millis()).unwrap_or(u64::MAX),
        page: None,
    };
    let deadline = Instant::now() + BUILD_LIMIT;
    let mut receiver = match pool.run(&job, deadline).await {
        Ok(Outcome::Answer(_, receiver)) => receiver,
        Ok(Outcome::Failed(failure)) => return Err(failure.detail),
        Err(e) => return Err(format!("{e:?}")),
    };
    let mut entities: HashMap<String, Arc<str>> = HashMap::new();
    let mut entries = Vec::new();
    let mut pending = Vec::new();
    let mut header = true;
    while let Some(piece) = receiver.recv().await {
        pending.extend_from_slice(&piece.map_err(|e| e.to_string())?);
        let mut start = 0;
        while let Some(end) = pending[start..].iter().position(|&b| b == b'\n') {
            let line = String::from_utf8_lossy(&pending[start..start + end]).into_owned();
            start += end + 1;
            if std::mem::take(&mut header) {
                continue;
            }
            if let Some(entry) = entry(&line, &mut entities) {
                entries.push(entry);
            }
        }
        pending.drain(..start);
    }
    Ok(TextIndex { entries })
}

/// One TSV row (`<entity>`, kind number, text literal) as an entry.
fn entry(line: &str, entities: &mut HashMap<String, Arc<str>>) -> Option<Entry> {
    let mut cells = line.splitn(3, '\t');
    let (Term::NamedNode(entity), kind, Term::Literal(text)) = (
        Term::from_str(cells.next()?).ok()?,
        cells.next()?,
        Term::from_str(cells.next()?).ok()?,
    ) else {
        return None;
    };
    let kind = match Term::from_str(kind).ok()? {
        Term::Literal(number) => number.value().parse::<usize>().ok()?,
        _ => return None,
    };
    let found = SEARCHED.get(kind)?.1;
    let iri = entity.into_string();
    let entity = entities
        .entry(iri.clone())
        .or_insert_with(|| Arc::from(iri.as_str()))
        .clone();
    let text = text.value().to_owned();
    Some(Entry {
        key: search_words(&text),
        entity,
        text,
        found,
    })
}
