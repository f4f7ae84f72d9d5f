//! Full-text search in the versions on screen: Chinese substrings as they are, English without
//! regard to case, full-width and half-width forms alike (`（` finds `(`, `ＩＰｖ６` finds `IPv6`).

use crate::model::Version;
use crate::text::fold_width;

/// One occurrence: the pane side, the block, and the byte range in the block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextHit {
    /// 0 for the left (or top) pane, 1 for the right.
    pub side: u8,
    /// Block index in that pane's version.
    pub block: u32,
    /// Start byte in the block's text.
    pub start: u32,
    /// End byte in the block's text.
    pub end: u32,
}

/// Folds one character for matching.
fn fold(c: char) -> char {
    let c = fold_width(c);
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        // Single-character lower-case forms only (so folded text maps one to one).
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) => x,
            _ => c,
        }
    }
}

/// The folded query (empty when it has nothing to look for).
pub fn fold_query(q: &str) -> String {
    q.chars().filter(|c| !c.is_control()).map(fold).collect::<String>().trim().to_owned()
}

/// Every occurrence of `query` in `text`: byte ranges of the original text.
pub fn find_in(text: &str, query: &str) -> Vec<(usize, usize)> {
    let q: Vec<char> = fold_query(query).chars().collect();
    if q.is_empty() {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold(c))).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k + q.len() <= chars.len() {
        if chars[k..k + q.len()].iter().zip(&q).all(|(a, b)| a.1 == *b) {
            let end = chars.get(k + q.len()).map_or(text.len(), |x| x.0);
            out.push((chars[k].0, end));
            k += q.len();
        } else {
            k += 1;
        }
    }
    out
}

/// Every occurrence of `query` in the blocks of `v`, as hits on `side`.
pub fn find(v: &Version, side: u8, query: &str) -> Vec<TextHit> {
    v.blocks
        .iter()
        .enumerate()
        .flat_map(|(b, block)| {
            find_in(&block.text, query).into_iter().map(move |(s, e)| TextHit {
                side,
                block: b as u32,
                start: s as u32,
                end: e as u32,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_chinese_substrings_and_english_in_any_case() {
        let zh = "实施“宽带中国”工程，以光纤宽带为重点";
        let first = zh.find("宽带").unwrap();
        let second = zh.rfind("宽带").unwrap();
        assert_eq!(find_in(zh, "宽带"), vec![(first, first + 6), (second, second + 6)]);
        let t = "Implement the “Broadband China” project; broadband for all";
        assert_eq!(find_in(t, "BROADBAND").len(), 2);
        let full = "全国互联网协议第６版（ＩＰｖ６）";
        let at = full.find('Ｉ').unwrap();
        assert_eq!(find_in(full, "ipv6"), vec![(at, at + 12)]);
        assert!(find_in("anything", "").is_empty());
        assert!(find_in("短", "很长的查询").is_empty());
    }

    proptest! {
        #[test]
        fn hits_are_char_boundaries_and_never_overlap(text in "\\PC{0,80}", q in "\\PC{0,6}") {
            let hits = find_in(&text, &q);
            let mut last = 0;
            for (s, e) in hits {
                prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e) && s < e && s >= last);
                last = e;
            }
        }
    }
}
