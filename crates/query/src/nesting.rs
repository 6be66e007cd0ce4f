//! A guard before the SPARQL parser: the parser descends one level of
//! recursion per nested group, so text nested thousands of levels deep
//! would overflow the stack and abort the process. Nesting is measured on
//! the text (outside strings, IRIs and comments) and refused past a limit.

/// The deepest nesting of `{ }`, `( )` and `[ ]` accepted; real queries
/// stay far below it.
pub const MAX_NESTING: usize = 128;

/// The deepest nesting of brackets in `text`, outside strings, IRIs and
/// comments.
pub(crate) fn depth(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < chars.len() {
        match chars[i] {
            '{' | '(' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            quote @ ('"' | '\'') => i = skip_string(&chars, i, quote),
            '<' => i = skip_iri(&chars, i),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The index of the last character of the string starting at `start`.
fn skip_string(chars: &[char], start: usize, quote: char) -> usize {
    let long = chars.get(start + 1) == Some(&quote) && chars.get(start + 2) == Some(&quote);
    let mut i = if long { start + 3 } else { start + 1 };
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            c if c == quote => {
                if !long {
                    return i;
                }
                if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                    return i + 2;
                }
            }
            '\n' if !long => return i,
            _ => {}
        }
        i += 1;
    }
    chars.len()
}

/// The index of the `>` closing the IRI at `start`, or `start` itself when
/// the `<` is a comparison.
fn skip_iri(chars: &[char], start: usize) -> usize {
    for (offset, &c) in chars[start + 1..].iter().enumerate() {
        match c {
            '>' => return start + 1 + offset,
            c if c.is_whitespace() || matches!(c, '{' | '}' | '"' | '<') => return start,
            _ => {}
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_iris_and_comments_do_not_count() {
        assert_eq!(depth("SELECT * { ?s ?p ?o }"), 1);
        assert_eq!(
            depth("SELECT * { { ?s <http://e.org/x#a> \"{{{\" } } # {{{{"),
            2
        );
        assert_eq!(depth("ASK { FILTER(?a < ?b && (?c > 1)) }"), 3);
        assert_eq!(depth(&"{".repeat(5000)), 5000);
        assert_eq!(depth("SELECT ('''{{\n{''' AS ?x) {}"), 1);
    }
}
