//! Putting paragraphs back together.
//!
//! Three kinds of breaks must be undone: hard wraps from a PDF extraction (every line of a
//! paragraph ends at the same width, often with a blank line after each, and page gaps inside
//! paragraphs); a page footer dropped from the middle of a sentence; and a title wrapped over
//! two short lines. Everything else (one paragraph per line, blank-line separated) is kept.

use super::segment::Segment;
use crate::model::numbering::{bullet_len, parse_marker};
use crate::text::{Lang, ScriptCount, ends_sentence, is_han, is_latin_letter, str_width};

/// A paragraph in one language, with the source lines it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The language, if the paragraph has any letters.
    pub lang: Option<Lang>,
    /// The joined text.
    pub text: String,
    /// Byte offsets in `text` where each source line's contribution starts, with its line (as
    /// [`Block::pieces`](crate::model::Block::pieces) keeps them, so that a block made of the
    /// whole paragraph takes them as they are).
    pub pieces: Vec<(u32, u32)>,
}

impl Paragraph {
    /// First source line (1-based).
    pub fn first_line(&self) -> u32 {
        self.pieces.first().map_or(0, |p| p.1)
    }

    /// Last source line (1-based).
    pub fn last_line(&self) -> u32 {
        self.pieces.last().map_or(0, |p| p.1)
    }

    /// The source line that holds byte `offset` of the text.
    pub fn line_at(&self, offset: usize) -> u32 {
        self.pieces.iter().take_while(|p| p.0 as usize <= offset).last().map_or(self.first_line(), |p| p.1)
    }
}

/// The wrap width of hard-wrapped text in one language, if the text is hard-wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Wrap {
    width: usize,
}

/// Groups segments into paragraphs (the segments' texts move into them).
pub fn paragraphs(mut segs: Vec<Segment>) -> Vec<Paragraph> {
    let wrap_zh = detect_wrap(&segs, Lang::Zh);
    let wrap_en = detect_wrap(&segs, Lang::En);
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open_is_first_line = true;
    // A paragraph's first segment is still needed, whole, to decide whether the next one joins
    // it: its text moves into the paragraph only once that is decided.
    let mut first_to_move = None;
    for i in 0..segs.len() {
        let seg = &segs[i];
        let joined = match (i.checked_sub(1).map(|p| &segs[p]), out.last()) {
            (Some(p), Some(para)) => {
                let wrap = match para.lang.or(p.lang) {
                    Some(Lang::Zh) => wrap_zh,
                    Some(Lang::En) => wrap_en,
                    None => None,
                };
                continues(p, seg, para, wrap, open_is_first_line)
            }
            _ => false,
        };
        move_first_text(&mut out, &mut segs, first_to_move.take());
        let seg = &segs[i];
        if joined {
            let para = out.last_mut().expect("a paragraph is open");
            let sep = joiner(&para.text, &seg.text, para.lang.or(seg.lang));
            para.text.push_str(sep);
            para.pieces.push((para.text.len() as u32, seg.line));
            para.text.push_str(&seg.text);
            if para.lang.is_none() {
                para.lang = seg.lang;
            }
            open_is_first_line = false;
        } else {
            out.push(Paragraph { lang: seg.lang, text: String::new(), pieces: vec![(0, seg.line)] });
            first_to_move = Some(i);
            open_is_first_line = true;
        }
    }
    move_first_text(&mut out, &mut segs, first_to_move);
    for para in &mut out {
        if para.lang.is_none() {
            para.lang = ScriptCount::of(&para.text).lang();
        }
        if para.lang == Some(Lang::Zh) {
            tidy_chinese(para);
        }
    }
    out
}

/// Moves the text of segment `first`, if any, into the last paragraph, which it opens.
fn move_first_text(out: &mut [Paragraph], segs: &mut [Segment], first: Option<usize>) {
    if let (Some(i), Some(para)) = (first, out.last_mut()) {
        para.text = std::mem::take(&mut segs[i].text);
    }
}

/// Should `next` continue the paragraph whose last segment is `prev`?
fn continues(prev: &Segment, next: &Segment, para: &Paragraph, wrap: Option<Wrap>, first_line: bool) -> bool {
    if prev.split || next.split || starts_block(&next.text) {
        return false;
    }
    if let (Some(a), Some(b)) = (para.lang, next.lang)
        && a != b
    {
        return false;
    }
    let lang = para.lang.or(next.lang);
    if let Some(w) = wrap {
        return is_full(prev, next, lang, w, first_line);
    }
    let prev_width = prev.width_wide;
    if ends_sentence(&prev.text) {
        return false;
    }
    if next.after_cut {
        // A footer or page number cut a sentence: the page's last line is long, the next page
        // carries on (in lower case, in English). A short line before the cut is a title.
        let carries_on = lang != Some(Lang::En) || next.text.starts_with(|c: char| c.is_lowercase());
        return prev_width >= 40 && carries_on;
    }
    if next.after_blank {
        // English carried on after a blank line (a page break in a web capture).
        return lang == Some(Lang::En) && prev_width >= 40 && next.text.starts_with(|c: char| c.is_lowercase());
    }
    // Consecutive lines without a blank: a title wrapped over short lines joins; a short
    // heading followed by its long paragraph does not.
    let next_is_body = ends_sentence(&next.text) && next.width_wide > 2 * prev_width.max(20);
    !next_is_body
}

/// Lines that always start a block of their own: section markers, bullets, document numbers,
/// dates and signatures.
fn starts_block(text: &str) -> bool {
    parse_marker(text).is_some()
        || bullet_len(text).is_some()
        || super::furniture::is_doc_number(text)
        || super::furniture::is_date(text)
}

/// In hard-wrapped text a line ends its paragraph only when the next line's first word (or
/// character) would have fit on it.
fn is_full(prev: &Segment, next: &Segment, lang: Option<Lang>, wrap: Wrap, first_line: bool) -> bool {
    let cjk = lang == Some(Lang::Zh);
    let mut width = prev.indent + prev.width(cjk);
    // PDF extraction strips the two-character indent of a Chinese paragraph's first line.
    if cjk && first_line && prev.indent == 0 {
        width += 4;
    }
    let (gap, token) = if cjk {
        (0, next.text.chars().next().map_or(2, |c| crate::text::char_width(c, true)))
    } else {
        (1, next.text.split_whitespace().next().map_or(1, |w| str_width(w, false)))
    };
    // Justified CJK lines squeeze punctuation, so allow one character of slack.
    let slack = if cjk { 2 } else { 0 };
    width + gap + token > wrap.width.saturating_sub(slack)
}

/// Is the text of `lang` hard-wrapped, and at what width? Most lines end within a few columns
/// of one width (Chinese) or in the ragged band below it (English).
fn detect_wrap(segs: &[Segment], lang: Lang) -> Option<Wrap> {
    let cjk = lang == Lang::Zh;
    let mut widths: Vec<usize> =
        segs.iter().filter(|s| s.lang == Some(lang) && !s.split).map(|s| s.indent + s.width(cjk)).collect();
    if widths.len() < 6 {
        return None;
    }
    widths.sort_unstable();
    let p90 = widths[widths.len() * 9 / 10];
    if !(24..=160).contains(&p90) {
        return None;
    }
    let band = if cjk { 6 } else { p90 / 4 };
    let near = widths.iter().filter(|&&w| w + band >= p90 && w <= p90 + 4).count();
    let max = *widths.last().unwrap_or(&0);
    (near * 2 >= widths.len() && max <= p90 + p90 / 5).then_some(Wrap { width: max.min(p90 + 4) })
}

/// What goes between two joined lines: nothing in Chinese, a space in English, nothing after a
/// hyphen that splits a word.
fn joiner(before: &str, after: &str, lang: Option<Lang>) -> &'static str {
    let last = before.chars().next_back();
    let first = after.chars().next();
    match (last, first) {
        (Some(a), Some(b)) if lang == Some(Lang::Zh) => {
            let latin = |c: char| is_latin_letter(c) || c.is_ascii_digit();
            if latin(a) && latin(b) { " " } else { "" }
        }
        (Some('-'), Some(b)) if b.is_lowercase() => "",
        _ => " ",
    }
}

/// Chinese text extracted from PDFs carries spaces around Latin and digits (`超过 18 万亿元`)
/// and letter-spaced signatures (`国 务 院 办 公 厅`); Chinese typesetting has neither.
fn tidy_chinese(para: &mut Paragraph) {
    let text = para.text.as_str();
    let cjk = |c: char| is_han(c) || crate::text::is_cjk_punct(c) || matches!(c, '“' | '”' | '‘' | '’');
    let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, '%' | '(' | ')');
    // Only the characters either side of each space are looked at, not the whole paragraph.
    let dropped: Vec<usize> = memchr::memchr_iter(b' ', text.as_bytes())
        .filter(|&i| {
            let (Some(a), Some(b)) = (before(text, i), text[i + 1..].chars().next()) else { return false };
            (cjk(a) && latin(b)) || (latin(a) && cjk(b)) || (is_han(a) && is_han(b) && spaced_run(text, i))
        })
        .collect();
    if dropped.is_empty() {
        return;
    }
    let mut tidy = String::with_capacity(text.len());
    let mut from = 0;
    for &i in &dropped {
        tidy.push_str(&text[from..i]);
        from = i + 1;
    }
    tidy.push_str(&text[from..]);
    // A piece starting after k dropped spaces starts k bytes earlier.
    for piece in &mut para.pieces {
        piece.0 -= dropped.partition_point(|&i| i < piece.0 as usize) as u32;
    }
    para.text = tidy;
}

/// The character of `text` that ends at byte `i`.
fn before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// Is the space at byte `i` inside a run like `国 务 院 办 公 厅` (single characters, single
/// spaces)?
fn spaced_run(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    // A Han character alone between spaces (or the text's ends), starting at byte `at`.
    let single = |at: usize| {
        let Some(c) = text[at..].chars().next() else { return false };
        let end = at + c.len_utf8();
        is_han(c) && (at == 0 || bytes[at - 1] == b' ') && bytes.get(end).is_none_or(|&b| b == b' ')
    };
    let mut n = 0;
    // Backwards: the character before the space, then the one before the space before it.
    let mut space = i;
    while let Some(c) = before(text, space) {
        let at = space - c.len_utf8();
        if !single(at) {
            break;
        }
        n += 1;
        if at == 0 {
            break;
        }
        space = at - 1;
    }
    let mut at = i + 1;
    while at < text.len() && single(at) {
        n += 1;
        at += text[at..].chars().next().map_or(0, char::len_utf8) + 1;
    }
    n >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{clean::clean, segment::segments};

    fn paras(text: &str) -> Vec<String> {
        paragraphs(segments(clean(text))).into_iter().map(|p| p.text).collect()
    }

    /// Tidying as first written, over a list of all the characters: the oracle for the one that
    /// looks only around spaces.
    fn tidy_by_chars(text: &str, pieces: &[(u32, u32)]) -> (String, Vec<(u32, u32)>) {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let cjk = |c: char| is_han(c) || crate::text::is_cjk_punct(c) || matches!(c, '“' | '”' | '‘' | '’');
        let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, '%' | '(' | ')');
        let single = |j: usize| {
            chars.get(j).is_some_and(|c| is_han(c.1))
                && (j == 0 || chars[j - 1].1 == ' ')
                && chars.get(j + 1).is_none_or(|c| c.1 == ' ')
        };
        let run = |i: usize| {
            let (mut n, mut j) = (0, i as isize - 1);
            while j >= 0 && single(j as usize) {
                (n, j) = (n + 1, j - 2);
            }
            let mut j = i + 1;
            while single(j) {
                (n, j) = (n + 1, j + 2);
            }
            n >= 3
        };
        let drop: Vec<bool> = (0..chars.len())
            .map(|i| {
                i > 0 && i + 1 < chars.len() && chars[i].1 == ' ' && {
                    let (a, b) = (chars[i - 1].1, chars[i + 1].1);
                    (cjk(a) && latin(b)) || (latin(a) && cjk(b)) || (is_han(a) && is_han(b) && run(i))
                }
            })
            .collect();
        let (mut out, mut map) = (String::new(), Vec::new());
        for (k, &(_, c)) in chars.iter().enumerate() {
            map.push(out.len());
            if !drop[k] {
                out.push(c);
            }
        }
        map.push(out.len());
        let pieces =
            pieces.iter().map(|&(o, l)| (map[chars.partition_point(|&(off, _)| off < o as usize)] as u32, l)).collect();
        (out, pieces)
    }

    proptest::proptest! {
        #[test]
        fn tidying_around_spaces_is_tidying_every_character(
            s in "[a-z0-9 国务院办公厅，“”%()é]{0,40}|(([国务院办a1，]|  ) ){0,9}[国务院]?"
        ) {
            let pieces: Vec<(u32, u32)> = s.char_indices().map(|(o, _)| o).chain([s.len()]).map(|o| (o as u32, 1)).collect();
            let mut para = Paragraph { lang: Some(Lang::Zh), text: s.clone(), pieces: pieces.clone() };
            tidy_chinese(&mut para);
            proptest::prop_assert_eq!((para.text, para.pieces), tidy_by_chars(&s, &pieces));
        }
    }

    #[test]
    fn pdf_hard_wraps_and_page_gaps_are_joined() {
        let pdf = "大力推进信息化发展和切实保障信息安全，对调整经济结构、转变发展方式、保障和改\n\n\
                   善民生、维护国家安全具有重大意义。近年来，各地区、各部门认真贯彻落实党中央、国务\n\n\
                   院决策部署，加快推进信息化建设，建立健全信息安全保障体系，有力地促进了经济社会发\n\n\
                   展。\n\n一、指导思想和主要目标\n\n（一）指导思想。\n\n\
                   以邓小平理论和“三个代表”重要思想为指导，深入贯彻落实科学发展观，以促进资源\n\n\
                   优化配置为着力点，加快建设下一代信息基础设施，推动信息化和工业化深度融合，构建现\n\n\n\n\
                   代信息技术产业体系，全面提高经济社会信息化发展水平。坚持积极利用、科学发展、依法\n\n\
                   管理、确保安全。\n\n（二）主要目标。\n\n全国电子商务交易额超过 18 万亿元，网络零售额占\n";
        let p = paras(pdf);
        assert_eq!(p.len(), 6, "{p:#?}");
        assert!(p[0].starts_with("大力推进") && p[0].ends_with("有力地促进了经济社会发展。"));
        assert!(p[0].contains("保障和改善民生"));
        assert_eq!(p[1], "一、指导思想和主要目标");
        assert!(p[3].contains("构建现代信息技术产业体系"), "{}", p[3]);
        assert_eq!(p[5], "全国电子商务交易额超过18万亿元，网络零售额占");
    }

    #[test]
    fn footer_cut_sentences_are_joined_in_both_languages() {
        let text = "[We hold] first position worldwide in terms of telephone users and the scale of the network, second\n\n\
                    Date de collecte : 21/02/2015\n\nposition worldwide in terms of Internet users.\n\n\
                    在集成电路（特别是中央处理器芯片）、系统软件、关键应用软件、自主可控关键装\n\n\
                    Date de collecte : 21/02/2015\n\n备等涉及自主发展能力的关键领域。\n\n\
                    2006—2020年国家信息化发展战略\n\nDate de collecte : 21/02/2015\n\n信息化是当今世界发展的大趋势。\n";
        let p = paras(text);
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[0].contains("network, second position worldwide"));
        assert!(p[1].contains("自主可控关键装备等涉及"));
        assert_eq!(p[2], "2006—2020年国家信息化发展战略");
    }

    #[test]
    fn wrapped_title_joins_but_heading_before_body_does_not() {
        let text = "国务院关于大力推进信息化发展和\n切实保障信息安全的若干意见\n国发〔2012〕23号\n\n\
                    各省、自治区、直辖市人民政府,国务院各部委、各直属机构:\n一、指导思想和主要目标\n\
                    (一)指导思想。\n以邓小平理论和“三个代表”重要思想为指导,深入贯彻落实科学发展观,以促进资源优化配置为着力点,加快建设下一代信息基础设施。\n";
        let p = paras(text);
        assert_eq!(p[0], "国务院关于大力推进信息化发展和切实保障信息安全的若干意见");
        assert_eq!(p[1], "国发〔2012〕23号");
        assert_eq!(p.len(), 6, "{p:#?}");
    }

    #[test]
    fn letter_spacing_and_pdf_spaces_are_tidied() {
        assert_eq!(paras("国 务 院 办 公 厅\n")[0], "国务院办公厅");
        assert_eq!(paras("中共中央办公厅 国务院办公厅\n")[0], "中共中央办公厅 国务院办公厅");
        assert_eq!(
            paras("国际互联网协议第 6版（IPv6）实现规模商用。\n")[0],
            "国际互联网协议第6版（IPv6）实现规模商用。"
        );
    }

    #[test]
    fn english_paragraphs_per_line_are_kept() {
        let text = "  1. Building advanced technology systems. Formulate outlines.\n  2. Strengthening research. Accelerate.\n";
        assert_eq!(paras(text).len(), 2);
    }

    #[test]
    fn line_of_each_piece_is_tracked() {
        let segs = segments(clean(
            "a long first line that does not end a sentence and goes on and on and, then\n\nDate de collecte : x\n\nit ends here.\n",
        ));
        let p = paragraphs(segs);
        assert_eq!(p[0].first_line(), 1);
        assert_eq!(p[0].last_line(), 5);
        assert_eq!(p[0].line_at(p[0].text.find("it ends").unwrap()), 5);
    }
}
