//! From paragraphs to typed blocks: headings (with their lead phrase split from the body),
//! titles, document numbers, addressees, signatures and dates.

use super::furniture::{is_date, is_doc_number, is_org_name};
use super::reflow::Paragraph;
use crate::model::numbering::{bullet_len, parse_marker};
use crate::model::{Block, BlockKind, Heading};
use crate::text::{Lang, ends_sentence, is_closing, more_words_than};

/// Is a paragraph short and unpunctuated, as titles, signatures and headings are?
fn is_short_line(text: &str, lang: Lang) -> bool {
    // Counted no further than the limit: most paragraphs are far longer.
    let long = match lang {
        Lang::Zh => text.chars().nth(60).is_some(),
        Lang::En => more_words_than(text, 40),
    };
    !long && !ends_sentence(text)
}

/// Turns the paragraphs of one language into blocks (their texts move into them).
pub fn blocks(paras: Vec<Paragraph>, lang: Lang) -> Vec<Block> {
    let mut out = Vec::with_capacity(paras.len() + paras.len() / 4);
    for p in paras {
        push_block(&mut out, p, lang);
    }
    mark_front_and_back_matter(&mut out, lang);
    out
}

/// The pieces of `p` that fall in bytes `from..to` of its text, re-based to `from`.
fn pieces(p: &Paragraph, from: usize, to: usize) -> Vec<(u32, u32)> {
    let mut out = vec![(0, p.line_at(from))];
    let (from, to) = (from as u32, to as u32);
    out.extend(p.pieces.iter().filter(|&&(o, _)| o > from && o < to).map(|&(o, l)| (o - from, l)));
    out
}

/// [`pieces`] of the whole of `p`, made from its own list (most blocks are whole paragraphs).
fn whole(p: &mut Paragraph) -> Vec<(u32, u32)> {
    let first = p.line_at(0);
    let len = p.text.len() as u32;
    let mut out = std::mem::take(&mut p.pieces);
    out.retain(|&(o, _)| o > 0 && o < len);
    out.insert(0, (0, first));
    out
}

fn push_block(out: &mut Vec<Block>, p: Paragraph, lang: Lang) {
    let lines = (p.first_line(), p.last_line());
    let whole_block = |kind, mut p: Paragraph| {
        let pieces = whole(&mut p);
        Block::with_pieces(kind, p.text, lines, pieces)
    };
    if is_doc_number(&p.text) {
        out.push(whole_block(BlockKind::Number, p));
        return;
    }
    if is_date(&p.text) {
        out.push(whole_block(BlockKind::Date, p));
        return;
    }
    let Some(marker) = parse_marker(&p.text) else {
        let bullet = bullet_len(&p.text).is_some();
        out.push(Block { bullet, ..whole_block(BlockKind::Paragraph, p) });
        return;
    };
    let p = &p;
    let after = &p.text[marker.len..];
    let lead_end = lead_end(after, lang).map(|e| marker.len + e);
    let head_end = lead_end.unwrap_or(p.text.len());
    let head_text = p.text[..head_end].trim_end().to_owned();
    let title = title_of(&p.text[marker.len..head_end]);
    let head_lines = (p.first_line(), p.line_at(head_end.saturating_sub(1)));
    let mut head = Block::with_pieces(BlockKind::Heading, head_text, head_lines, pieces(p, 0, head_end));
    head.heading = Some(Heading {
        level: marker.level,
        marker: Some(p.text[..marker.end].to_owned()),
        value: Some(marker.value),
        written_value: None,
        style: Some(marker.style),
        frame: Some(marker.frame),
        title,
    });
    out.push(head);
    let rest = p.text[head_end..].trim_start();
    if !rest.is_empty() {
        let start = p.text.len() - rest.len();
        let lines = (p.line_at(start), p.last_line());
        out.push(Block::with_pieces(BlockKind::Paragraph, rest.to_owned(), lines, pieces(p, start, p.text.len())));
    }
}

/// The heading's words: no trailing sentence punctuation.
fn title_of(lead: &str) -> String {
    lead.trim().trim_end_matches(['。', '.', '．', '：', ':', '；', ';', ',', '，']).trim_end().to_owned()
}

/// Where the lead sentence of a numbered paragraph ends (byte offset just after its final
/// punctuation and closing quotes), if more text follows it.
pub fn lead_end(text: &str, lang: Lang) -> Option<usize> {
    for (i, c) in text.char_indices() {
        let after = &text[i + c.len_utf8()..];
        let end_here = match c {
            '。' | '！' | '？' => true,
            // '>' is shift-'.' on most keyboards: "services sector> Support" is a typo'd full stop.
            '.' | '!' | '?' | '>' if lang == Lang::En || after.starts_with(' ') => sentence_break_en(text, i, c),
            _ => false,
        };
        if end_here {
            let closing: usize = after.chars().take_while(|&q| is_closing(q)).map(char::len_utf8).sum();
            let end = i + c.len_utf8() + closing;
            return (!text[end..].trim().is_empty()).then_some(end);
        }
    }
    None
}

/// Whether `c`, at byte `i` of `text`, ends an English sentence.
fn sentence_break_en(text: &str, i: usize, c: char) -> bool {
    // Followed by a space and a capital, a quote, a bracket or a digit.
    let mut next = text[i + c.len_utf8()..].chars();
    let next_two = (next.next(), next.next());
    let starts_next = matches!(next_two, (Some(' '), Some(n)) if n.is_uppercase() || n.is_ascii_digit() || matches!(n, '“' | '"' | '(' | '‘' | '['));
    if !starts_next {
        return false;
    }
    if c != '.' {
        return true;
    }
    let word = text[..i].rsplit(' ').next().unwrap_or("");
    const ABBREV: &[&str] =
        &["No", "no", "e.g", "i.e", "etc", "Mr", "Mrs", "Dr", "St", "vs", "Art", "art", "Para", "para", "U.S", "Fig"];
    !(ABBREV.contains(&word) || (word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase())))
}

/// Short unpunctuated paragraphs before the first heading are titles or signatures; one ending
/// with a colon is the addressee; a short line right before a date, or at the very end, is a
/// signature.
fn mark_front_and_back_matter(blocks: &mut [Block], lang: Lang) {
    let first_heading = blocks.iter().position(|b| b.kind == BlockKind::Heading).unwrap_or(blocks.len());
    let last_body = blocks.iter().rposition(|b| {
        matches!(b.kind, BlockKind::Heading) || (b.kind == BlockKind::Paragraph && !is_short_line(&b.text, lang))
    });
    for i in 0..blocks.len() {
        if blocks[i].kind != BlockKind::Paragraph || blocks[i].bullet {
            continue;
        }
        let text = blocks[i].text.trim();
        // The checks are pure: the cheap ones go first, the organisation names are looked at last.
        let before_date = blocks.get(i + 1).is_some_and(|b| b.kind == BlockKind::Date)
            || (blocks.get(i + 2).is_some_and(|b| b.kind == BlockKind::Date)
                && blocks.get(i + 1).is_some_and(|b| b.kind == BlockKind::Signature || is_org_name(&b.text, lang)));
        let in_front = i < first_heading;
        let in_back = last_body.is_none_or(|l| i > l);
        // The body's paragraphs (most) stay paragraphs: nothing more to look at.
        if !(before_date || in_front || in_back) {
            continue;
        }
        let short = is_short_line(text, lang);
        let org = || is_org_name(text, lang);
        let signature =
            short && (before_date || (in_back && (i + 1 == blocks.len() || org())) || (in_front && i > 0 && org()));
        blocks[i].kind = if signature {
            BlockKind::Signature
        } else if in_front && short {
            BlockKind::Title
        } else if in_front && text.ends_with([':', '：']) && i < first_heading.min(8) {
            BlockKind::Addressee
        } else {
            BlockKind::Paragraph
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, line: u32) -> Paragraph {
        Paragraph { lang: crate::text::ScriptCount::of(text).lang(), text: text.to_owned(), pieces: vec![(0, line)] }
    }

    #[test]
    fn a_whole_paragraphs_pieces_are_taken_as_a_slice_of_it_would_be() {
        let cases: &[&[(u32, u32)]] =
            &[&[(0, 3)], &[(0, 3), (5, 4), (9, 6)], &[(0, 3), (0, 4), (5, 5)], &[(0, 3), (4, 4), (12, 5)], &[]];
        for &list in cases {
            let mut p = Paragraph { lang: Some(Lang::En), text: "twelve bytes".into(), pieces: list.to_vec() };
            let sliced = pieces(&p, 0, p.text.len());
            assert_eq!(whole(&mut p), sliced, "{list:?}");
        }
    }

    #[test]
    fn lead_sentence_ends() {
        assert_eq!(lead_end("Main objectives.” By 2020, more.", Lang::En), None);
        assert_eq!(lead_end("Objectives. “By” 2020", Lang::En), Some(11));
        assert_eq!(lead_end("Main objectives. by 2020", Lang::En), None);
        assert_eq!(lead_end("No. 3 is next. Then", Lang::En), Some(14));
        assert_eq!(lead_end("指导思想。」」后文", Lang::Zh), Some(21));
        assert_eq!(lead_end("指导思想。 ", Lang::Zh), None);
        assert_eq!(lead_end("IPv6. Next", Lang::Zh), Some(5));
        assert_eq!(lead_end("IPv6.Next", Lang::Zh), None);
    }

    #[test]
    fn lead_sentence_headings_split_from_their_paragraph() {
        let b = blocks(
            vec![para(
                "(1) Accelerate the development of broadband networks. Implement the “Broadband China” project.",
                29,
            )],
            Lang::En,
        );
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert_eq!(b[0].text, "(1) Accelerate the development of broadband networks.");
        assert_eq!(b[0].heading.as_ref().unwrap().title, "Accelerate the development of broadband networks");
        assert_eq!(b[1].text, "Implement the “Broadband China” project.");
        assert_eq!((b[0].lines, b[1].lines), ((29, 29), (29, 29)));

        let b = blocks(vec![para("（一）加快发展宽带网络。实施“宽带中国”工程，以光纤宽带为重点。", 112)], Lang::Zh);
        assert_eq!(b[0].heading.as_ref().unwrap().title, "加快发展宽带网络");
        assert_eq!(b[1].text, "实施“宽带中国”工程，以光纤宽带为重点。");

        let b = blocks(vec![para("(2) Main objectives.", 17)], Lang::En);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].heading.as_ref().unwrap().title, "Main objectives");
    }

    #[test]
    fn front_and_back_matter() {
        let paras = [
            para("各县(市、区)人民政府,市政府各部门、各直属机构:", 1),
            para("现将《汕尾市信息化发展规划纲要(2014-2020年)》印发给你们,请认真贯彻执行。", 3),
            para("汕尾市人民政府", 5),
            para("2014年3月5日", 7),
            para("汕尾市信息化发展规划纲要(2014-2020年)", 9),
            para("为全面贯彻落实党的十八大报告精神,加快推进国民经济和社会信息化,制定本规划纲要。", 11),
            para("一、指导思想", 13),
            para("以邓小平理论为指导。", 15),
            para("国务院", 20),
        ];
        let kinds: Vec<BlockKind> = blocks(paras.to_vec(), Lang::Zh).iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(kinds, vec![Addressee, Paragraph, Signature, Date, Title, Paragraph, Heading, Paragraph, Signature]);
    }
}
