//! Breaking text into lines by display width, with Chinese line-breaking rules.
//!
//! ratatui's `Paragraph` wraps at spaces, so a run of Chinese (no spaces) is one "word" and
//! overflows. Here text is cut into unbreakable units: a Latin word (letters, digits, `IPv6`,
//! `TD-SCDMA`, `2.5`), or one Han character with any closing punctuation that follows it and any
//! opening punctuation that precedes it. Lines are filled greedily with units; spaces between
//! Latin words are the only thing dropped at a break. So a line never starts with `，。、；：？！）」』”`
//! nor ends with `（「『“`, unless a single unit is wider than the line (then it is cut by
//! character, the only way to fit).

use crate::text::char_width;

/// One wrapped line: a byte range of the source text and its display width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Start byte (inclusive).
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Display width.
    pub width: usize,
}

/// Punctuation that may not start a line.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '”'
            | '’'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '］'
            | '｝'
            | '…'
            | '—'
            | '·'
            | '・'
            | '％'
            | '‰'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Punctuation that may not end a line.
pub fn no_line_end(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '“' | '‘' | '《' | '〈' | '【' | '〔' | '［' | '｛' | '(' | '[' | '{')
}

/// Characters that make up Latin words (kept together).
fn wordish(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '/' | '.' | ',' | '\'' | '&' | '@' | '#' | '+' | '%' | '$' | '=');
    }
    // Cheap tests first: Unicode's alphanumeric table is a slow look-up, and a Chinese document
    // asks it for every character when it is laid out.
    c == '’' || (!crate::text::is_han(c) && char_width(c, false) == 1 && c.is_alphanumeric())
}

/// A unit: byte range, width, and whether a break may follow it with a dropped space.
#[derive(Debug, Clone, Copy)]
struct Unit {
    start: usize,
    end: usize,
    width: usize,
    /// The unit is a run of spaces (dropped at a line break).
    space: bool,
}

/// The end (exclusive index into `chars`) of the core unit starting at `k`: a Latin word, or
/// one character, plus the closing punctuation glued after it.
fn core(chars: &[(usize, char)], k: usize) -> usize {
    let c = chars[k].1;
    let mut j = k + 1;
    if wordish(c) && !no_line_start(c) {
        while j < chars.len() && wordish(chars[j].1) {
            j += 1;
        }
    }
    while j < chars.len() && no_line_start(chars[j].1) {
        j += 1;
    }
    j
}

/// The units of `text`, one at a time (a long Chinese paragraph has one per character: not
/// worth a vector of their own).
fn units(text: &str, wide: bool) -> impl Iterator<Item = Unit> + '_ {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    std::iter::from_fn(move || {
        if k >= chars.len() {
            return None;
        }
        let mut j;
        let space = chars[k].1 == ' ';
        if space {
            j = k + 1;
            while j < chars.len() && chars[j].1 == ' ' {
                j += 1;
            }
        } else {
            j = core(&chars, k);
            // Opening punctuation is glued to what follows it.
            while j < chars.len() && no_line_end(chars[j - 1].1) && chars[j].1 != ' ' {
                j = core(&chars, j);
            }
        }
        let end = chars.get(j).map_or(text.len(), |x| x.0);
        let width = chars[k..j].iter().map(|x| char_width(x.1, wide)).sum();
        let unit = Unit { start: chars[k].0, end, width, space };
        k = j;
        Some(unit)
    })
}

/// Wraps `text` into lines of at most `width` columns (ambiguous characters `wide` or not).
/// A single character wider than `width` gets a line of its own (nothing else could hold it),
/// with any zero-width marks attached to it.
pub fn wrap(text: &str, width: usize, wide: bool) -> Vec<Line> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur: Option<Line> = None;
    for u in units(text, wide) {
        if u.space {
            // Spaces extend the line only if more text follows on it; trailing ones are dropped.
            if let Some(l) = cur.as_mut() {
                if l.width + u.width < width {
                    l.end = u.end;
                    l.width += u.width;
                } else {
                    lines.push(trim_end(text, *l, wide));
                    cur = None;
                }
            }
            continue;
        }
        match cur.as_mut() {
            Some(l) if l.width + u.width <= width => {
                l.end = u.end;
                l.width += u.width;
            }
            _ => {
                if let Some(l) = cur.take() {
                    lines.push(trim_end(text, l, wide));
                }
                if u.width <= width {
                    cur = Some(Line { start: u.start, end: u.end, width: u.width });
                } else {
                    // A unit wider than the line: cut it by character.
                    let mut l = Line { start: u.start, end: u.start, width: 0 };
                    for (i, c) in text[u.start..u.end].char_indices() {
                        let cw = char_width(c, wide);
                        if l.width + cw > width && l.width > 0 {
                            lines.push(l);
                            l = Line { start: u.start + i, end: u.start + i, width: 0 };
                        }
                        l.end = u.start + i + c.len_utf8();
                        l.width += cw;
                    }
                    cur = Some(l);
                }
            }
        }
    }
    if let Some(l) = cur {
        lines.push(trim_end(text, l, wide));
    }
    if lines.is_empty() {
        lines.push(Line { start: 0, end: 0, width: 0 });
    }
    lines
}

/// Drops trailing spaces from a line.
fn trim_end(text: &str, l: Line, wide: bool) -> Line {
    let s = &text[l.start..l.end];
    let t = s.trim_end_matches(' ');
    let dropped = s.len() - t.len();
    Line { start: l.start, end: l.end - dropped, width: l.width - crate::text::str_width(&s[t.len()..], wide) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str, width: usize) -> Vec<String> {
        wrap(text, width, false).iter().map(|l| text[l.start..l.end].to_owned()).collect()
    }

    #[test]
    fn chinese_wraps_between_characters() {
        assert_eq!(texts("加快发展宽带网络实施宽带中国工程", 10), ["加快发展宽", "带网络实施", "宽带中国工", "程"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Without the rule the comma would start line 2.
        assert_eq!(texts("加快发展宽，带网络", 10), ["加快发展", "宽，带网络"]);
        assert_eq!(texts("实施“宽带中国”工程。", 8), ["实施“宽", "带中国”", "工程。"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let lines = texts("重要信息系统（基础信息网络）", 12);
        assert!(lines.iter().all(|l| !l.ends_with('（')), "{lines:?}");
        assert_eq!(lines[1].chars().next(), Some('（'));
    }

    #[test]
    fn english_wraps_at_word_boundaries() {
        assert_eq!(
            texts("Accelerate the development of broadband networks.", 20),
            ["Accelerate the", "development of", "broadband networks."]
        );
    }

    #[test]
    fn latin_and_numbers_inside_chinese_stay_whole() {
        let lines = texts("支持TD-SCDMA及其后续演进技术，超过2.5亿户", 10);
        assert!(lines.iter().any(|l| l.contains("TD-SCDMA")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("2.5")), "{lines:?}");
        let full = texts("全国固定宽带接入用户超过２．５亿户", 8);
        assert!(full.iter().all(|l| crate::text::str_width(l, false) <= 8));
    }

    #[test]
    fn a_word_longer_than_the_line_is_cut() {
        assert_eq!(texts("informatization", 6), ["inform", "atizat", "ion"]);
        assert_eq!(texts("中", 1), ["中"], "a wide character alone on a 1-column line");
    }

    fn content(s: &str) -> String {
        s.chars().filter(|c| *c != ' ').collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn every_line_fits_and_nothing_is_lost(
            text in "([一-龥]{1,8}|[a-zA-Z0-9]{1,12}|[，。、；：？！（）“”「」《》 ,.()]|\\PC){0,60}",
            width in 1usize..40,
            wide in any::<bool>(),
        ) {
            let lines = wrap(&text, width, wide);
            let mut joined = String::new();
            let mut prev_end = 0;
            for l in &lines {
                prop_assert!(l.start >= prev_end && l.end >= l.start);
                // Only spaces are skipped between lines.
                prop_assert!(text[prev_end..l.start].chars().all(|c| c == ' '));
                let s = &text[l.start..l.end];
                prop_assert_eq!(crate::text::str_width(s, wide), l.width);
                // Only a single visible character wider than the whole line may overflow it.
                let visible = s.chars().filter(|&c| char_width(c, wide) > 0).count();
                prop_assert!(l.width <= width || visible == 1, "line {:?} width {} > {}", s, l.width, width);
                joined.push_str(s);
                prev_end = l.end;
            }
            prop_assert!(text[prev_end..].chars().all(|c| c == ' '));
            prop_assert_eq!(content(&joined), content(&text));
        }

        #[test]
        fn no_line_starts_with_closing_punctuation_when_a_legal_break_exists(
            text in "([一-龥]{1,6}[，。、；：？！）」”]{0,2}){1,20}",
            width in 6usize..40,
        ) {
            let lines = wrap(&text, width, false);
            for l in lines.iter().skip(1) {
                let first = text[l.start..].chars().next();
                prop_assert!(!first.is_some_and(no_line_start), "{:?}", &text[l.start..l.end]);
            }
        }
    }
}
