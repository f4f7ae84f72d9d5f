//! Character classes shared by the importer, the aligner and the layout code.
//!
//! Policy texts mix Han characters, Latin words, full-width and half-width punctuation. Every
//! stage needs the same answers to "is this Chinese?", "does this end a sentence?", "is this
//! bracket an opening one?", so they live here once.

use unicode_width::UnicodeWidthChar;

pub(crate) mod swar;

pub use swar::more_words_than;
use swar::{letters8, printable8, three_byte_char};

/// A Han ideograph (CJK unified ideographs, extensions A–F, compatibility ideographs) or `〇`.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// CJK and full-width punctuation, including the ideographic space.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// A Latin letter (ASCII or full-width).
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ') || matches!(c, 'À'..='ɏ')
}

/// An ASCII or full-width decimal digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '０'..='９')
}

/// The value of an ASCII or full-width digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Folds full-width ASCII variants (`（`, `１`, `Ａ`, `，`) and the ideographic space to their
/// half-width forms; everything else is returned unchanged. Used for matching, never for display.
pub fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Punctuation that ends a sentence (or a clause that can end a paragraph) in either language.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '．' | '.' | '！' | '!' | '？' | '?' | '；' | ';' | '：' | ':' | '…')
}

/// Closing quotes and brackets that may follow a terminal mark (`。”`, `.)`).
pub fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | '）' | ')' | '」' | '』' | '》' | '】' | '〕' | ']' | '］' | '〉')
}

/// Does `s` end a sentence, ignoring trailing closing quotes and brackets?
pub fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end();
    let last = s.chars().rev().find(|c| !is_closing(*c));
    last.is_some_and(is_terminal)
}

/// Display width of a character, treating East-Asian ambiguous characters as `ambiguous`
/// columns wide (1 in most Western terminals, 2 in CJK-configured ones).
pub fn char_width(c: char, ambiguous_wide: bool) -> usize {
    match fast_width(c) {
        Some(w) => w,
        None if ambiguous_wide => c.width_cjk().unwrap_or(0),
        None => c.width().unwrap_or(0),
    }
}

/// The width of the characters that make up most of every text and are never ambiguous
/// (printable ASCII, the unified ideographs, CJK punctuation), without the width tables; a test
/// checks these ranges against them.
#[inline]
fn fast_width(c: char) -> Option<usize> {
    match c {
        ' '..='~' => Some(1),
        '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{3029}' | '\u{FF01}'..='\u{FF60}' => Some(2),
        _ => None,
    }
}

/// Display widths of a string with ambiguous characters narrow and wide, in one pass.
pub fn str_widths(s: &str) -> (usize, usize) {
    let (mut narrow, mut wide) = (0, 0);
    for c in s.chars() {
        match fast_width(c) {
            Some(w) => (narrow, wide) = (narrow + w, wide + w),
            None => (narrow, wide) = (narrow + char_width(c, false), wide + char_width(c, true)),
        }
    }
    (narrow, wide)
}

/// The scripts of `s` and its display widths with ambiguous characters narrow and wide: what
/// [`ScriptCount::of`] and [`str_widths`] give, in one pass over the bytes (every line of every
/// imported file goes through here). The characters most text is made of, ASCII and the
/// three-byte ideographs and punctuation, are decoded by hand; the rest as usual.
pub fn scripts_and_widths(s: &str) -> (ScriptCount, usize, usize) {
    let (mut n, mut narrow, mut wide) = (ScriptCount::default(), 0, 0);
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // The lead bytes of U+5000..U+9FFF, all unified ideographs: most of Chinese, which needs
        // no decoding to be counted.
        if (0xE5..=0xE9).contains(&b) {
            n.han += 1;
            (narrow, wide) = (narrow + 2, wide + 2);
            i += 3;
            continue;
        }
        if (0x20..0x7F).contains(&b) {
            // English comes eight bytes at a time.
            if let Some(x) = printable8(bytes, i) {
                n.latin += letters8(x) as usize;
                (narrow, wide) = (narrow + 8, wide + 8);
                i += 8;
                continue;
            }
            n.latin += usize::from(b.is_ascii_alphabetic());
            (narrow, wide) = (narrow + 1, wide + 1);
            i += 1;
            continue;
        }
        if let Some(c) = three_byte_char(bytes, i)
            && matches!(c, 0x4E00..=0x9FFF | 0x3000..=0x3029 | 0xFF01..=0xFF60)
        {
            n.han += usize::from(matches!(c, 0x4E00..=0x9FFF | 0x3007));
            n.latin += usize::from(matches!(c, 0xFF21..=0xFF3A | 0xFF41..=0xFF5A));
            (narrow, wide) = (narrow + 2, wide + 2);
            i += 3;
            continue;
        }
        let Some(c) = s[i..].chars().next() else { break };
        n.add(c);
        (narrow, wide) = (narrow + char_width(c, false), wide + char_width(c, true));
        i += c.len_utf8();
    }
    (n, narrow, wide)
}

/// Display width of a string (control characters count zero).
pub fn str_width(s: &str, ambiguous_wide: bool) -> usize {
    s.chars().map(|c| char_width(c, ambiguous_wide)).sum()
}

/// Which writing system dominates a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English (or any Latin-script translation).
    En,
}

impl Lang {
    /// The two-letter code used in ids and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses `zh` / `en` (case-insensitive).
    pub fn from_code(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "cn" | "chi" | "zho" => Some(Lang::Zh),
            "en" | "eng" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Counts of Han characters and Latin letters in a piece of text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCount {
    /// Han ideographs.
    pub han: usize,
    /// Latin letters.
    pub latin: usize,
}

impl ScriptCount {
    /// Counts the scripts of `s`.
    pub fn of(s: &str) -> ScriptCount {
        let mut n = ScriptCount::default();
        // Every line of every file is counted: ASCII (most of English, the digits and spaces of
        // Chinese) is counted byte by byte, and only the rest decoded.
        let mut rest = s;
        while !rest.is_empty() {
            let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
            n.latin += rest.as_bytes()[..ascii].iter().filter(|b| b.is_ascii_alphabetic()).count();
            let mut chars = rest[ascii..].chars();
            for c in chars.by_ref() {
                if c.is_ascii() {
                    n.latin += usize::from(c.is_ascii_alphabetic());
                    break;
                }
                n.add(c);
            }
            rest = chars.as_str();
        }
        n
    }

    /// Adds one character.
    pub fn add(&mut self, c: char) {
        if c.is_ascii() {
            self.latin += usize::from(c.is_ascii_alphabetic());
        } else if is_han(c) {
            self.han += 1;
        } else if is_latin_letter(c) {
            self.latin += 1;
        }
    }

    /// The dominant language, weighing one Han character like three Latin letters (a Chinese
    /// word is one or two characters, an English word about five letters), or `None` when the
    /// text has neither (numbers, dates in digits, punctuation).
    pub fn lang(self) -> Option<Lang> {
        if self.han == 0 && self.latin == 0 {
            None
        } else if self.han * 3 >= self.latin {
            Some(Lang::Zh)
        } else {
            Some(Lang::En)
        }
    }
}

/// Normalises a piece of text for comparison: folds full-width forms, drops whitespace and
/// punctuation, lowercases Latin letters. Han characters and digits are kept.
pub fn matching_key(s: &str) -> String {
    s.chars().map(fold_width).filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_scripts() {
        assert_eq!(ScriptCount::of("国际互联网协议第6版(IPv6)实现规模商用").lang(), Some(Lang::Zh));
        assert_eq!(ScriptCount::of("third-generation mobile telecommunications (3g) networks").lang(), Some(Lang::En));
        assert_eq!(ScriptCount::of("2006-2020").lang(), None);
        assert_eq!(
            ScriptCount::of("加强 3G 网络纵深覆盖，支持具有自主知识产权的 3G 技术 TD-SCDMA").lang(),
            Some(Lang::Zh)
        );
    }

    proptest::proptest! {
        #[test]
        fn one_pass_counts_and_measures_as_the_two(s in "[a-zA-Z0-9 ,.\\t\\x00\\x7f中文〇　（）Ａｚ１“”·①é😀\u{3029}\u{302a}\u{ff60}\u{ff61}\u{20000}]{0,30}") {
            let (n, narrow, wide) = scripts_and_widths(&s);
            proptest::prop_assert_eq!(n, ScriptCount::of(&s));
            proptest::prop_assert_eq!((narrow, wide), str_widths(&s));
        }

        #[test]
        fn one_pass_on_any_string(s in proptest::prelude::any::<String>()) {
            let (n, narrow, wide) = scripts_and_widths(&s);
            proptest::prop_assert_eq!(n, ScriptCount::of(&s));
            proptest::prop_assert_eq!((narrow, wide), str_widths(&s));
        }
    }

    #[test]
    fn counts_by_byte_runs_match_counts_by_character() {
        for t in ["", "abc", "中文", "a中b文c", "IPv6（第6版）Ｆull-width Ａ and Àé ok", "中a", "a中", "ÀÀÀ abc 〇一"]
        {
            let mut by_char = ScriptCount::default();
            t.chars().for_each(|c| by_char.add(c));
            assert_eq!(ScriptCount::of(t), by_char, "{t}");
        }
    }

    #[test]
    fn sentence_ends_look_through_closing_quotes() {
        assert!(ends_sentence("提出以下意见。"));
        assert!(ends_sentence("the “Broadband China” project.”"));
        assert!(ends_sentence("各直属机构："));
        assert!(!ends_sentence("保障和改"));
        assert!(!ends_sentence("rapid and high in efficiency,"));
    }

    #[test]
    fn folds_full_width_forms() {
        assert_eq!(fold_width('（'), '(');
        assert_eq!(fold_width('１'), '1');
        assert_eq!(fold_width('，'), ',');
        assert_eq!(fold_width('中'), '中');
        assert_eq!(matching_key("超过 18 万亿元，"), "超过18万亿元");
    }

    #[test]
    fn fast_widths_agree_with_the_width_tables() {
        let fast = [' '..='~', '\u{4E00}'..='\u{9FFF}', '\u{3000}'..='\u{3029}', '\u{FF01}'..='\u{FF60}'];
        for c in fast.into_iter().flatten() {
            assert_eq!(char_width(c, false), c.width().unwrap_or(0), "{:#x}", c as u32);
            assert_eq!(char_width(c, true), c.width_cjk().unwrap_or(0), "{:#x}", c as u32);
        }
        assert_eq!(str_widths("中文ab“x”，"), (11, 13));
    }

    #[test]
    fn widths_follow_the_ambiguous_setting() {
        assert_eq!(str_width("中文ab", false), 6);
        assert_eq!(str_width("“x”", false), 3);
        assert_eq!(str_width("“x”", true), 5);
    }
}
