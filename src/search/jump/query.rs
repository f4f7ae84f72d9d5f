//! What the user typed, parsed once per keystroke.

use super::{fold, mask};
use crate::model::numbering::{han_value, is_han_numeral, roman_value};
use crate::text::is_han;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Folded (lower-case ASCII, half-width).
    pub text: String,
    /// Folded, without spaces (for pinyin).
    pub squeezed: String,
    /// A section number, if the query is one (`4.2`, `四（二）`, `IV 2`).
    pub number: Option<Vec<u32>>,
    pub(super) has_han: bool,
    pub(super) has_latin: bool,
    pub(super) mask: u64,
}

impl Query {
    /// Parses what the user typed. Control characters are ignored; the length is capped.
    pub fn parse(raw: &str) -> Query {
        let raw: String = raw.chars().filter(|c| !c.is_control()).take(200).collect();
        let text = fold(raw.trim());
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        Query {
            number: parse_number(raw.trim()),
            has_han: text.chars().any(is_han),
            has_latin: text.chars().any(|c| c.is_ascii_alphabetic()),
            mask: mask(&squeezed),
            squeezed,
            text,
        }
    }

    /// Nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.squeezed.is_empty()
    }
}

/// `4.2`, `4 2`, `四（二）`, `四、(二)`, `IV 2`, `IV.(2)` → [4, 2].
fn parse_number(q: &str) -> Option<Vec<u32>> {
    let tokens: Vec<&str> = q
        .split(['.', '．', ' ', '、', ',', '，', '-', '/', '(', ')', '（', '）', '\u{3000}'])
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() || tokens.len() > 4 {
        return None;
    }
    tokens
        .iter()
        .map(|t| {
            if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 3 {
                t.parse().ok()
            // Section numbers are written with 二, never 两: a query with 两 is words (两化融合).
            } else if t.chars().all(|c| is_han_numeral(c) && c != '两') {
                han_value(t)
            } else {
                roman_value(t)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_width;

    #[test]
    fn numbers_parse_in_every_notation() {
        for q in ["4.2", "4 2", "四（二）", "四、(二)", "IV 2", "IV.(2)", "４．２"] {
            assert_eq!(parse_number(&q.chars().map(fold_width).collect::<String>()), Some(vec![4, 2]), "{q}");
        }
        assert_eq!(parse_number("broadband"), None);
        assert_eq!(parse_number("iv"), None, "lower-case roman numerals are words");
    }
}
