//! Section numbers as Chinese and English policy documents write them.
//!
//! Three levels, each written several ways: `一、` / `I,` / `第一章`; `（一）` / `(一)` / `(1)` /
//! `(IV)` / `第一节`; `1.` / `1、` / `1．` / `第一条`. Half- and full-width brackets and digits are
//! the same number. The value is normalised (`（四）`, `(4)` and `(IV)` are all 4) so that
//! sections can be compared across languages, while the text as written is kept for display.

use crate::text::{digit_value, fold_width, is_han};

/// How the number itself is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// Chinese numerals: 一, 十二, 二十三.
    Han,
    /// Arabic digits, ASCII or full-width.
    Arabic,
    /// Upper-case Roman numerals.
    Roman,
}

/// How the number is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frame {
    /// Followed by punctuation: `一、`, `I,`, `1.`.
    Punct,
    /// In brackets: `（一）`, `(1)`.
    Brackets,
    /// Only a closing bracket: `1)`, or the typo `94)` for `(4)`.
    CloseOnly,
    /// `第…章`, `第…节`, `第…条`, `Chapter …`, `Article …`.
    Word,
}

/// A section marker found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// 1 (一、 I,), 2 (（一） (1)) or 3 (1. 1、).
    pub level: u8,
    /// The number's value.
    pub value: u32,
    /// How the digits are written.
    pub style: Style,
    /// How the number is framed.
    pub frame: Frame,
    /// Bytes of the paragraph taken by the marker exactly as written, without the spaces after
    /// it: `（一）`, `II,`, `1．` (most paragraphs are asked whether they start with a marker, so
    /// the marker is not copied out).
    pub end: usize,
    /// Bytes of the paragraph taken by the marker and the spaces after it.
    pub len: usize,
}

/// The value of a Chinese numeral such as 一, 十, 十二, 二十三, 一百零五, or `None`.
pub fn han_value(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    if s.is_empty() || s.chars().count() > 6 {
        return None;
    }
    let (mut total, mut current, mut saw_unit) = (0u32, None::<u32>, false);
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                let d = digit(c)?;
                current = Some(current.unwrap_or(0) * if saw_unit { 1 } else { 10 } + d);
                continue;
            }
        };
        total += current.unwrap_or(1) * unit;
        current = None;
        saw_unit = true;
    }
    Some(total + current.unwrap_or(0))
}

/// A section number path as a user types it — `2.1`, `3.2.6`, `二`, `二.（一）`, `二（一）`,
/// `IV.2`, `四、(二)` — as the dotted path of values the section tree uses (`2.1`).
pub fn number_path(spec: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let flush = |cur: &mut String, parts: &mut Vec<String>| {
        if !cur.is_empty() {
            parts.push(std::mem::take(cur));
        }
    };
    for c in spec.trim().chars() {
        match c {
            '.' | '．' | '、' | ',' | '，' | ' ' | ')' | '）' => flush(&mut cur, &mut parts),
            '(' | '（' => flush(&mut cur, &mut parts),
            _ => cur.push(c),
        }
    }
    flush(&mut cur, &mut parts);
    if parts.is_empty() {
        return None;
    }
    let values: Option<Vec<String>> = parts
        .iter()
        .map(|p| p.parse::<u32>().ok().or_else(|| han_value(p)).or_else(|| roman_value(p)).map(|v| v.to_string()))
        .collect();
    values.map(|v| v.join("."))
}

/// The value of an upper-case Roman numeral in canonical form (I..CCCXCIX), or `None`.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    let val = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    // Asked of every line that starts with one of these letters ("In", "China"): no allocation.
    let mut digits = [0u32; 9];
    for (slot, c) in digits.iter_mut().zip(s.chars()) {
        *slot = val(c)?;
    }
    // Every numeral is one byte: there are as many as there are bytes.
    let vals = &digits[..s.len()];
    let mut total = 0i64;
    for (i, &v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|&n| n > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    is_roman_of(total, s).then_some(total)
}

/// The Roman numerals, largest first, with the subtractive pairs.
const ROMAN: &[(u32, &str)] =
    &[(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];

/// Is `s` what [`to_roman`] writes for `n`? Compared piece by piece, without writing it.
fn is_roman_of(mut n: u32, mut s: &str) -> bool {
    for &(v, r) in ROMAN {
        while n >= v {
            let Some(rest) = s.strip_prefix(r) else { return false };
            (s, n) = (rest, n - v);
        }
    }
    s.is_empty()
}

/// Writes `n` (1..400) as an upper-case Roman numeral.
pub fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for &(v, s) in ROMAN {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Writes `n` (1..999) in Chinese numerals, as section numbers are written: 一, 十二, 二十.
pub fn to_han(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_owned(),
        10..=19 => format!("十{}", if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] }),
        20..=99 => {
            format!("{}十{}", D[(n / 10) as usize], if n.is_multiple_of(10) { "" } else { D[(n % 10) as usize] })
        }
        _ => {
            let rest = n % 100;
            let tail = match rest {
                0 => String::new(),
                1..=9 => format!("零{}", D[rest as usize]),
                10..=19 => format!("一{}", to_han(rest)),
                _ => to_han(rest),
            };
            format!("{}百{}", D[((n / 100) % 10) as usize], tail)
        }
    }
}

/// Whether `c` is written in Chinese numbers (一 … 十, 百, 〇 / 零, 两).
pub fn is_han_numeral(c: char) -> bool {
    matches!(c, '〇' | '零' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百')
}

/// Reads a number (Han numerals, digits or Roman) at the start of `s`: (value, style, bytes).
fn leading_number(s: &str) -> Option<(u32, Style, usize)> {
    let first = s.chars().next()?;
    let take = |pred: fn(char) -> bool| s.char_indices().find(|&(_, c)| !pred(c)).map_or(s.len(), |(i, _)| i);
    if is_han_numeral(first) {
        let n = take(is_han_numeral);
        return han_value(&s[..n]).map(|v| (v, Style::Han, n));
    }
    if digit_value(first).is_some() {
        let n = take(|c| digit_value(c).is_some());
        if s[..n].chars().count() > 3 {
            return None;
        }
        let v = s[..n].chars().fold(0, |acc, c| acc * 10 + digit_value(c).unwrap_or(0));
        return Some((v, Style::Arabic, n));
    }
    if matches!(first, 'I' | 'V' | 'X' | 'L' | 'C') {
        let n = take(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
        return roman_value(&s[..n]).map(|v| (v, Style::Roman, n));
    }
    None
}

fn spaces_after(s: &str, at: usize) -> usize {
    let rest = &s[at..];
    at + (rest.len() - rest.trim_start_matches([' ', '\u{3000}']).len())
}

/// Finds a section marker at the start of `text` (already trimmed at the start).
pub fn parse_marker(text: &str) -> Option<Marker> {
    word_marker(text).or_else(|| bracket_marker(text)).or_else(|| punct_marker(text))
}

fn make(text: &str, level: u8, value: u32, style: Style, frame: Frame, end: usize) -> Option<Marker> {
    if value == 0 {
        return None;
    }
    let len = spaces_after(text, end);
    Some(Marker { level, value, style, frame, end, len })
}

/// `（一）`, `(1)`, `( IV )`, and the lone closing bracket `1)` / `94)`.
fn bracket_marker(text: &str) -> Option<Marker> {
    let first = text.chars().next()?;
    if matches!(first, '(' | '（') {
        let inner_start = spaces_after(text, first.len_utf8());
        let (value, style, n) = leading_number(&text[inner_start..])?;
        let close_at = spaces_after(text, inner_start + n);
        let close = text[close_at..].chars().next()?;
        if !matches!(close, ')' | '）') {
            return None;
        }
        let mut end = close_at + close.len_utf8();
        // "（一）、" and "(1)." occasionally carry extra punctuation.
        if let Some(c @ ('、' | '.' | '．')) = text[end..].chars().next() {
            end += c.len_utf8();
        }
        return make(text, 2, value, style, Frame::Brackets, end);
    }
    let (value, style, n) = leading_number(text)?;
    if style != Style::Arabic {
        return None;
    }
    let close = text[n..].chars().next()?;
    if !matches!(close, ')' | '）') {
        return None;
    }
    make(text, 2, value, style, Frame::CloseOnly, n + close.len_utf8())
}

/// `一、`, `I,`, `II.`, `1.`, `1、`, `1．`, `12,`.
fn punct_marker(text: &str) -> Option<Marker> {
    let (value, style, n) = leading_number(text)?;
    let punct = text[n..].chars().next()?;
    let end = n + punct.len_utf8();
    let after = text[end..].chars().next();
    match (style, punct) {
        (Style::Han, '、' | '，' | '．') | (Style::Han, ',' | '.') if after.is_some_and(|c| !is_han_numeral(c)) => {
            make(text, 1, value, style, Frame::Punct, end)
        }
        // Roman numerals need a space (or Chinese) after the punctuation, so that a sentence
        // such as "I.e." or "CC." is not taken for a heading.
        (Style::Roman, ',' | '.' | '、' | '，' | '．') if after.is_none_or(|c| c == ' ' || is_han(c)) => {
            make(text, 1, value, style, Frame::Punct, end)
        }
        // "2.5亿" and "3.14" are numbers, not markers; "2020, the…" is a year, not item 2020.
        (Style::Arabic, '.' | '．' | '、' | ',' | '，')
            if value <= 200
                && after.is_none_or(|c| digit_value(c).is_none())
                && !(punct == ',' && after != Some(' ')) =>
        {
            make(text, 3, value, style, Frame::Punct, end)
        }
        _ => None,
    }
}

/// `第一章` / `第二节` / `第十条`, `Chapter I`, `Section 2`, `Article 12`.
fn word_marker(text: &str) -> Option<Marker> {
    if let Some(rest) = text.strip_prefix('第') {
        let (value, style, n) = leading_number(rest)?;
        let unit = rest[n..].chars().next()?;
        let level = match unit {
            '章' | '篇' => 1,
            '节' => 2,
            '条' => 3,
            '部' if rest[n..].starts_with("部分") => 1,
            _ => return None,
        };
        let end = '第'.len_utf8() + n + if unit == '部' { "部分".len() } else { unit.len_utf8() };
        return make(text, level, value, style, Frame::Word, end);
    }
    for (word, level) in [("Chapter ", 1), ("Part ", 1), ("Section ", 2), ("Article ", 3)] {
        if let Some(rest) = text.strip_prefix(word) {
            let (value, style, n) = leading_number(rest)?;
            let mut end = word.len() + n;
            if let Some(c @ (':' | '.' | ',')) = rest[n..].chars().next() {
                end += c.len_utf8();
            }
            let next = text[end..].chars().next();
            if next.is_some_and(|c| c != ' ') {
                return None;
            }
            return make(text, level, value, style, Frame::Word, end);
        }
    }
    None
}

/// Bullets that start list items without a number: `–`, `——`, `•`, `·`, `●`, `◆`, `■`, `*`.
pub fn bullet_len(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    if !matches!(first, '–' | '—' | '-' | '•' | '·' | '●' | '○' | '◆' | '◇' | '■' | '□' | '▪' | '*' | '►' | '‐')
    {
        return None;
    }
    let run = text.char_indices().find(|&(_, c)| c != first).map_or(text.len(), |(i, _)| i);
    // "-3%" or "--" alone are not bullets.
    let after = text[run..].chars().next()?;
    if first == '-' && (after != ' ' || run > 2) {
        return None;
    }
    Some(spaces_after(text, run))
}

/// A number written for matching: ASCII digits, so `（四）`, `(4)`, `(IV)` and `四、` compare equal.
pub fn canonical(value: u32) -> String {
    value.to_string()
}

/// Folds a marker for display in ASCII-only contexts (e.g. `（一）` → `(一)`).
pub fn fold_marker(raw: &str) -> String {
    raw.chars().map(fold_width).collect()
}

#[cfg(test)]
mod tests;
