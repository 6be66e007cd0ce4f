//! Cuts a short excerpt of the line a syntax error is on, and turns a byte
//! column into a character column, reading the file again in bounded memory
//! (the line may be megabytes long).

use std::io::BufRead;
use std::path::Path;

use crate::read::compress::Compression;
use crate::read::parse_failure::Column;

/// How many characters of context to show on each side of the error.
const CONTEXT: usize = 40;

/// The line around an error, ready to print with a caret under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Up to 80 characters of the line, control characters made visible.
    pub text: String,
    /// Where under `text` the caret goes, in characters.
    pub caret: usize,
}

/// Finds line `line` (0-based) of `path` and returns the 1-based character
/// column of `column`, with an excerpt. `None` when the file cannot be read.
pub(crate) fn excerpt(path: &Path, line: u64, column: Column) -> Option<(u64, Excerpt)> {
    let mut reader = Compression::open(path).ok()?;
    let mut current = 0;
    while current < line {
        let skipped = reader.skip_until(b'\n').ok()?;
        if skipped == 0 {
            return None;
        }
        current += 1;
    }
    // Read the line in pieces, keeping only a window of characters around
    // the error so that a 20 MB line costs no more than a short one.
    let mut bytes_seen: u64 = 0;
    let mut chars_seen: u64 = 0;
    let mut target_char = match column {
        Column::Char(c) => Some(c),
        Column::Byte(_) => None,
    };
    let mut before: std::collections::VecDeque<char> = std::collections::VecDeque::new();
    let mut after = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut at_line_start = line == 0;
    'read: loop {
        let buffer = reader.fill_buf().ok()?;
        if buffer.is_empty() {
            break;
        }
        let (chunk, ends_line) = match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => (&buffer[..end], true),
            None => (buffer, false),
        };
        let consumed = chunk.len() + usize::from(ends_line);
        pending.extend_from_slice(chunk);
        reader.consume(consumed);
        let mut decoded = String::new();
        let valid_up_to = match std::str::from_utf8(&pending) {
            Ok(text) => {
                decoded.push_str(text);
                pending.len()
            }
            Err(e) if e.error_len().is_none() && !ends_line => {
                decoded
                    .push_str(std::str::from_utf8(&pending[..e.valid_up_to()]).unwrap_or_default());
                e.valid_up_to()
            }
            Err(_) => {
                decoded = String::from_utf8_lossy(&pending).into_owned();
                pending.len()
            }
        };
        pending.drain(..valid_up_to);
        let mut chars = decoded.chars().peekable();
        // Parsers count columns after a byte order mark, which they skip.
        if at_line_start && chars.peek() == Some(&'\u{feff}') {
            chars.next();
        }
        at_line_start = false;
        for c in chars {
            if target_char.is_none()
                && let Column::Byte(byte) = column
                && bytes_seen >= byte
            {
                target_char = Some(chars_seen);
            }
            match target_char {
                Some(target) if chars_seen >= target => {
                    after.push(c);
                    if after.chars().count() >= CONTEXT {
                        break 'read;
                    }
                }
                _ => {
                    before.push_back(c);
                    if before.len() > CONTEXT {
                        before.pop_front();
                    }
                }
            }
            bytes_seen += c.len_utf8() as u64;
            chars_seen += 1;
        }
        if ends_line {
            break;
        }
    }
    let target = target_char.unwrap_or(chars_seen);
    let visible = |c: char| if c.is_control() { ' ' } else { c };
    let before: String = before.into_iter().map(visible).collect();
    let caret = before.chars().count();
    let text = before + &after.chars().map(visible).collect::<String>();
    Some((
        target + 1,
        Excerpt {
            text: text.trim_end().to_owned(),
            caret,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn finds_the_line_and_converts_bytes_to_characters() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        write!(file, "first line\n<é> <b> oops .\n").unwrap();
        let (column, excerpt) = excerpt(file.path(), 1, Column::Byte(10)).unwrap();
        assert_eq!(column, 10);
        assert_eq!(excerpt.text, "<é> <b> oops .");
        assert_eq!(excerpt.caret, 9);
    }

    #[test]
    fn long_lines_are_cut_around_the_error() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        write!(file, "{}X{}", "a".repeat(100_000), "b".repeat(100_000)).unwrap();
        let (column, excerpt) = excerpt(file.path(), 0, Column::Char(100_000)).unwrap();
        assert_eq!(column, 100_001);
        assert_eq!(excerpt.caret, CONTEXT);
        assert!(excerpt.text[CONTEXT..].starts_with('X'));
        assert_eq!(excerpt.text.chars().count(), 2 * CONTEXT);
    }
}
