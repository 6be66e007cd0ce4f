//! Printing suggested links and the links accepted into a curation file.

use std::io::{IsTerminal, Write};
use std::path::Path;

use actorgraph_link::{Appended, Suggestion};
use actorgraph_model::PrefixMap;
use anyhow::Result;

use super::{fit_to_terminal, plural, print_table, table};
use crate::args::LinksFormat;

/// An IRI as people read it: a prefixed name where there is one.
fn short(iri: &str, prefixes: &PrefixMap) -> String {
    prefixes.shorten(iri).unwrap_or_else(|| format!("<{iri}>"))
}

/// Text for one TSV cell: no tabs or line breaks.
fn cell(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// Prints the suggestions in `format` (a table on a terminal, else TSV),
/// and, in a table, how to accept one.
pub fn suggestions(
    suggestions: &[Suggestion],
    format: Option<LinksFormat>,
    prefixes: &PrefixMap,
    min_score: f64,
) -> Result<()> {
    let format = format.unwrap_or(if std::io::stdout().is_terminal() {
        LinksFormat::Table
    } else {
        LinksFormat::Tsv
    });
    match format {
        LinksFormat::Json => out!("{}", serde_json::to_string_pretty(suggestions)?),
        LinksFormat::Tsv => {
            out!("score\tkind\ta\tb\tname_a\tname_b\thow\tevidence");
            for s in suggestions {
                let (name_a, name_b, how) = s
                    .names
                    .first()
                    .map(|n| (n.a.as_str(), n.b.as_str(), n.how.as_str()))
                    .unwrap_or_default();
                let evidence: Vec<String> = s.evidence.iter().map(ToString::to_string).collect();
                out!(
                    "{:.3}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    s.score,
                    s.kind,
                    s.a,
                    s.b,
                    cell(name_a),
                    cell(name_b),
                    how,
                    cell(&evidence.join(", "))
                );
            }
        }
        LinksFormat::Table => {
            if suggestions.is_empty() {
                out!(
                    "no suggestions scored {min_score:.2} or more; --min-score 0.5 lists weaker ones"
                );
                return Ok(());
            }
            let mut table = table(&["score", "kind", "a", "b", "names", "evidence"]);
            for s in suggestions {
                let names = s.names.first().map(ToString::to_string).unwrap_or_default();
                let evidence: Vec<String> = s.evidence.iter().map(ToString::to_string).collect();
                table.add_row(vec![
                    format!("{:.2}", s.score),
                    s.kind.to_string(),
                    short(&s.a, prefixes),
                    short(&s.b, prefixes),
                    names,
                    evidence.join(", "),
                ]);
            }
            fit_to_terminal(&mut table);
            print_table(&mut table)?;
            let best = &suggestions[0];
            out!(
                "\n{} suggestion{} scored {min_score:.2} or more, best first (+ evidence for, - against).\nAccept one, then load the file to make the two one entity:\n  actorgraph links accept {} {} --into links.ttl --note \"why\"\n  actorgraph load links.ttl",
                suggestions.len(),
                plural(suggestions.len()),
                short(&best.a, prefixes),
                short(&best.b, prefixes),
            );
        }
    }
    Ok(())
}

/// Says what `links accept` did, and how to make it count.
pub fn accepted(
    suggestion: &Suggestion,
    appended: &Appended,
    path: &Path,
    prefixes: &PrefixMap,
) -> std::io::Result<()> {
    let (a, b) = (
        short(&suggestion.a, prefixes),
        short(&suggestion.b, prefixes),
    );
    match appended {
        Appended::Written(_) => {
            out!("accepted  {a} owl:sameAs {b}");
            out!("          {}", suggestion.summary());
            out!(
                "written to {}; make them one with: actorgraph load {}",
                path.display(),
                path.display()
            );
        }
        Appended::AlreadyThere => {
            out!(
                "unchanged {} already links {a} and {b}; nothing written",
                path.display()
            );
        }
    }
    if suggestion.score < actorgraph_link::DEFAULT_MIN_SCORE {
        eprintln!(
            "note: the score is only {:.2}: check the evidence before loading the file",
            suggestion.score
        );
    }
    Ok(())
}

/// Says what `links suggest --accept-above` wrote, on standard error (the
/// suggestions themselves are on standard output).
pub fn accepted_above(
    accepted: &[(&Suggestion, Appended)],
    above: f64,
    path: &Path,
    prefixes: &PrefixMap,
) {
    let mut written = 0;
    for (suggestion, appended) in accepted {
        if matches!(appended, Appended::Written(_)) {
            written += 1;
            eprintln!(
                "accepted  {} owl:sameAs {} ({:.2})",
                short(&suggestion.a, prefixes),
                short(&suggestion.b, prefixes),
                suggestion.score
            );
        }
    }
    let held = accepted.len() - written;
    eprintln!(
        "{written} link{} scored {above:.2} or more written to {}{}; review it, then: actorgraph load {}",
        plural(written),
        path.display(),
        if held > 0 {
            format!(" ({held} it held already)")
        } else {
            String::new()
        },
        path.display()
    );
}

/// Says that the store makes the two one already.
pub fn already_linked(a: &str, b: &str, prefixes: &PrefixMap) -> std::io::Result<()> {
    out!(
        "unchanged {} and {} are one already in the store (owl:sameAs); nothing written",
        short(a, prefixes),
        short(b, prefixes)
    );
    Ok(())
}
