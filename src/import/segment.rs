//! Deciding the language of each line, and splitting lines that carry a paragraph and its
//! translation side by side ("一、指导思想 I, Guiding ideology").
//!
//! A Chinese sentence routinely contains Latin (IPv6, TD-SCDMA, 3G) and an English sentence the
//! odd Chinese term, so a line is split only where one clean run of each language meets.

use super::clean::{Line, LineKind};
use crate::text::{Lang, ScriptCount, is_han, is_latin_letter, scripts_and_widths, str_widths};

/// A piece of a line in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// 1-based source line.
    pub line: u32,
    /// The text.
    pub text: String,
    /// Its language, or `None` for digits and punctuation only.
    pub lang: Option<Lang>,
    /// Display width of the indentation of the source line (0 for the second half of a split).
    pub indent: usize,
    /// A blank line came before this segment.
    pub after_blank: bool,
    /// A dropped line (footer, page number) came before this segment, after the last text.
    pub after_cut: bool,
    /// This segment is one half of a line that held both languages.
    pub split: bool,
    /// Display width with East-Asian ambiguous characters narrow (as English is set).
    pub width_narrow: usize,
    /// Display width with East-Asian ambiguous characters wide (as Chinese is set).
    pub width_wide: usize,
}

impl Segment {
    /// Display width, ambiguous characters wide for Chinese and narrow for English.
    pub fn width(&self, cjk: bool) -> usize {
        if cjk { self.width_wide } else { self.width_narrow }
    }
}

/// Turns cleaned lines into language segments, in source order (the lines' texts move into
/// them).
pub fn segments(lines: Vec<Line>) -> Vec<Segment> {
    let mut out = Vec::with_capacity(lines.len() / 2);
    let (mut after_blank, mut after_cut) = (false, false);
    for line in lines {
        match line.kind {
            LineKind::Blank => after_blank = true,
            LineKind::Dropped(_) => after_cut = true,
            LineKind::Text => {
                let (counts, narrow, wide) = scripts_and_widths(&line.text);
                let (no, indent) = (line.no, line.indent);
                // Piece `k` of the line (the first carries what came before it).
                let mut push = |k: usize, text: String, lang, (width_narrow, width_wide), split| {
                    out.push(Segment {
                        width_narrow,
                        width_wide,
                        line: no,
                        text,
                        lang,
                        indent: if k == 0 { indent } else { 0 },
                        after_blank: k == 0 && after_blank,
                        after_cut: k == 0 && after_cut,
                        split,
                    })
                };
                // Most lines are in one language: their text is taken as it is, without a list
                // of pieces to hold it.
                if is_one_language(counts) {
                    push(0, line.text, counts.lang(), (narrow, wide), false);
                } else {
                    let pieces = split_bilingual(&line.text);
                    let split = pieces.len() > 1;
                    for (k, (text, lang)) in pieces.into_iter().enumerate() {
                        let widths = if split { str_widths(&text) } else { (narrow, wide) };
                        push(k, text, lang, widths, split);
                    }
                }
                after_blank = false;
                after_cut = false;
            }
        }
    }
    out
}

/// Too few Han characters or Latin letters for a text to hold a paragraph and its translation.
fn is_one_language(counts: ScriptCount) -> bool {
    counts.han < 4 || counts.latin < 12
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Latin,
}

/// Splits a line into one piece per language when it is a paragraph followed by its
/// translation; otherwise returns the whole line.
pub fn split_bilingual(text: &str) -> Vec<(String, Option<Lang>)> {
    let counts = ScriptCount::of(text);
    if is_one_language(counts) {
        return vec![(text.to_owned(), counts.lang())];
    }
    match find_split(text, counts) {
        Some(at) => {
            let (a, b) = text.split_at(at);
            let mut out = split_bilingual(a.trim_end());
            out.extend(split_bilingual(b.trim_start()));
            out
        }
        None => vec![(text.to_owned(), counts.lang())],
    }
}

/// The byte offset where a clean Chinese run meets a clean Latin run (either order), each side
/// substantial and nearly pure, or `None`. `total`: the scripts of the whole text.
fn find_split(text: &str, total: ScriptCount) -> Option<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let script = |c: char| {
        if is_han(c) {
            Some(Script::Han)
        } else if is_latin_letter(c) {
            Some(Script::Latin)
        } else {
            None
        }
    };
    if is_one_language(total) {
        return None;
    }
    // Candidate boundaries: the first letter of each run of the other script.
    let mut best: Option<(usize, f64)> = None;
    let mut before = ScriptCount::default();
    let mut prev_script = None;
    for &(i, c) in &chars {
        let s = script(c);
        if let (Some(now), Some(prev)) = (s, prev_script)
            && now != prev
        {
            let after = ScriptCount { han: total.han - before.han, latin: total.latin - before.latin };
            if let Some(purity) = split_quality(before, after, now) {
                let cut = boundary(text, i);
                if best.is_none_or(|(_, p)| purity > p) {
                    best = Some((cut, purity));
                }
            }
        }
        if let Some(now) = s {
            prev_script = Some(now);
        }
        before.add(c);
    }
    best.map(|(at, _)| at).filter(|&at| at > 0 && at < text.len())
}

/// How cleanly `before` and `after` are one language each, when `after` starts with `starts`.
fn split_quality(before: ScriptCount, after: ScriptCount, starts: Script) -> Option<f64> {
    let (zh, en) = match starts {
        Script::Latin => (before, after),
        Script::Han => (after, before),
    };
    // Latin letters inside Chinese (IPv6) weigh less than Han inside English.
    let zh_purity = zh.han as f64 / (zh.han as f64 + zh.latin as f64 / 3.0);
    let en_purity = en.latin as f64 / (en.latin as f64 + en.han as f64 * 3.0);
    (zh.han >= 4 && en.latin >= 12 && zh_purity >= 0.9 && en_purity >= 0.9).then_some(zh_purity + en_purity)
}

/// Moves a split point back over the neutral characters (spaces, digits, brackets) that open the
/// second piece, so "一、指导思想 (1) Guiding" splits before "(1)".
fn boundary(text: &str, at: usize) -> usize {
    let strong = |c: char| {
        is_han(c)
            || is_latin_letter(c)
            || matches!(
                c,
                '。' | '，'
                    | '；'
                    | '：'
                    | '、'
                    | '！'
                    | '？'
                    | '”'
                    | '’'
                    | '》'
                    | '.'
                    | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
            )
    };
    text[..at].char_indices().rev().find(|&(_, c)| strong(c)).map_or(0, |(i, c)| i + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(text: &str) -> Vec<(String, Option<Lang>)> {
        split_bilingual(text)
    }

    #[test]
    fn chinese_with_latin_terms_is_not_split() {
        for t in [
            "互联网国际出口带宽达到每秒6500吉比特(Gbit),第三代移动通信技术(3G)网络覆盖城乡,国际互联网协议第6版(IPv6)实现规模商用。",
            "加强 3G 网络纵深覆盖，支持具有自主知识产权的 3G 技术 TD-SCDMA",
            "Implement the “Broadband China” (宽带中国) project, accelerate information network broadband upgrading.",
        ] {
            assert_eq!(langs(t).len(), 1, "{t}");
        }
    }

    #[test]
    fn paragraph_and_translation_on_one_line_are_split() {
        let got = langs("一、指导思想和主要目标 I, Guiding ideology and main objectives.");
        assert_eq!(
            got,
            vec![
                ("一、指导思想和主要目标".to_owned(), Some(Lang::Zh)),
                ("I, Guiding ideology and main objectives.".to_owned(), Some(Lang::En))
            ]
        );
        let got = langs("(1) Guiding ideology. (一)指导思想。");
        assert_eq!(got.iter().map(|p| p.1).collect::<Vec<_>>(), vec![Some(Lang::En), Some(Lang::Zh)]);
        assert_eq!(got[1].0, "(一)指导思想。");
    }

    #[test]
    fn segments_remember_blanks_and_cuts() {
        let lines = super::super::clean::clean("a line of text\n\nDate de collecte : 1\nsecond line\n");
        let segs = segments(lines);
        assert_eq!(segs.len(), 2);
        assert!(segs[1].after_blank && segs[1].after_cut);
        assert_eq!(segs[1].line, 4);
    }
}
