//! Dropping what is not the document: scrape boilerplate, page footers and page numbers, blog
//! comment threads, bare URLs.
//!
//! Nothing is deleted silently: every line keeps its source line number and a reason when it is
//! dropped, so later stages can rejoin a paragraph that a footer cut in two and `show` can say
//! what was removed.

use rustc_hash::FxHashMap;

mod spaces;

use spaces::spaces_and_invisibles;

use crate::text::{ScriptCount, ends_sentence, str_width};

/// Why a line was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// Blog and web-capture furniture ("Posted on", "Leave a comment", "Date de collecte").
    Boilerplate,
    /// A short line repeated on every page (running header or footer).
    RepeatedFooter,
    /// A page number on a line of its own ("- 3 -", "第 3 页").
    PageNumber,
    /// A line that is only a URL.
    Url,
    /// Part of a comment thread under a blog post.
    CommentThread,
}

/// What a source line turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Document text.
    Text,
    /// Empty (or whitespace only).
    Blank,
    /// Removed, with the reason.
    Dropped(DropReason),
}

/// One source line after normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the original file.
    pub no: u32,
    /// The text, trimmed, with NBSPs as spaces and zero-width characters removed.
    pub text: String,
    /// Display width of the leading whitespace that was trimmed.
    pub indent: usize,
    /// What the line is.
    pub kind: LineKind,
}

/// Splits decoded text into normalised lines and classifies each one.
pub fn clean(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::with_capacity(text.len() / 64);
    // The characters to replace are looked for in the whole text at once (most texts have
    // none, or a few lines with some), and lines are found by SIMD.
    let bytes = text.as_bytes();
    let mut next = spaces::next_replaced(bytes, 0);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    for (i, end) in ends.enumerate() {
        let has_some = next.is_some_and(|n| n < end);
        lines.push(normalise(i, &text[start..end], has_some));
        if has_some {
            next = spaces::next_replaced(bytes, end);
        }
        start = end + 1;
    }
    mark_single_lines(&mut lines);
    mark_repeated(&mut lines);
    mark_comment_thread(&mut lines);
    lines
}

/// Line `i`, `raw`, trimmed and classified; `has_some` when it has characters to replace.
fn normalise(i: usize, raw: &str, has_some: bool) -> Line {
    let text = if has_some { spaces_and_invisibles(raw) } else { std::borrow::Cow::Borrowed(raw) };
    let trimmed_start = text.trim_start_matches(|c: char| c.is_whitespace());
    let indent = str_width(&text[..text.len() - trimmed_start.len()], true);
    let text = trimmed_start.trim_end().to_owned();
    let kind = if text.is_empty() { LineKind::Blank } else { LineKind::Text };
    Line { no: i as u32 + 1, text, indent, kind }
}

fn mark_single_lines(lines: &mut [Line]) {
    for line in lines.iter_mut().filter(|l| l.kind == LineKind::Text) {
        if let Some(reason) = single_line_reason(&line.text) {
            line.kind = LineKind::Dropped(reason);
        }
    }
}

/// Lines that are furniture whatever their context.
pub fn single_line_reason(t: &str) -> Option<DropReason> {
    const PREFIXES: &[&str] = &[
        "posted on ",
        "posted by ",
        "date de collecte",
        "date of collection",
        "retrieved on ",
        "captured on ",
        "share this:",
        "like this:",
        "filed under ",
        "tagged ",
        "categories:",
        "this entry was posted",
        "bookmark the permalink",
    ];
    const EXACT: &[&str] = &[
        "posted on updated on",
        "posted on",
        "leave a comment",
        "leave a reply",
        "leave a reply cancel reply",
        "like",
        "like loading...",
        "loading...",
        "share",
        "tweet",
        "print",
        "email",
        "related",
        "advertisements",
        "report this ad",
    ];
    let starts = |p: &str| t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    // Every line is asked: only one starting as a phrase above does is compared with them all.
    let first = t.bytes().next().map(|b| b.to_ascii_lowercase());
    let may_be = first.is_some_and(|b| PREFIXES.iter().chain(EXACT).any(|p| p.as_bytes()[0] == b));
    if may_be && (PREFIXES.iter().any(|p| starts(p)) || EXACT.iter().any(|e| t.eq_ignore_ascii_case(e))) {
        return Some(DropReason::Boilerplate);
    }
    if t.len() > 200 {
        return None;
    }
    if is_url_line(t) {
        return Some(DropReason::Url);
    }
    if is_page_number(t) {
        return Some(DropReason::PageNumber);
    }
    None
}

fn is_url_line(t: &str) -> bool {
    let u = t.trim_start_matches('<').trim_end_matches('>');
    (u.starts_with("http://") || u.starts_with("https://") || u.starts_with("www.")) && !u.contains(' ')
}

/// "- 3 -", "— 12 —", "12", "第 3 页", "第3页 共12页", "Page 3", "Page 3 of 10".
fn is_page_number(t: &str) -> bool {
    let core = t.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | ' '));
    if !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    let digits_then = |s: &str, suffix: &str| -> Option<usize> {
        let n = s.chars().take_while(char::is_ascii_digit).count();
        (n > 0 && s[n..].starts_with(suffix)).then_some(n + suffix.len())
    };
    // Nearly every line is asked: the text is squeezed (whitespace removed) or lowercased only
    // when it starts as a page number would.
    if t.trim_start().starts_with('第') {
        let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(rest) = squeezed.strip_prefix('第')
            && let Some(k) = digits_then(rest, "页")
        {
            let tail = &rest[k..];
            return tail.is_empty()
                || tail
                    .strip_prefix('共')
                    .and_then(|r| digits_then(r, "页"))
                    .is_some_and(|m| m == tail.len() - '共'.len_utf8());
        }
    }
    if t.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("page ")) {
        let lower = t.to_ascii_lowercase();
        let rest = &lower[5..];
        let mut words = rest.split_whitespace();
        let first_is_number = words.next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
        return first_is_number
            && match (words.next(), words.next(), words.next()) {
                (None, _, _) => true,
                (Some("of"), Some(n), None) => n.chars().all(|c| c.is_ascii_digit()),
                _ => false,
            };
    }
    false
}

/// A short line repeated on three or more pages, far apart, is a running header or footer.
fn mark_repeated(lines: &mut [Line]) {
    let mut seen: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    // No character is wider than its UTF-8 bytes: a line of 60 bytes or fewer is measured
    // without looking at it.
    let narrow_enough = |t: &str| t.len() <= 60 || str_width(t, true) <= 60;
    for (i, l) in lines.iter().enumerate() {
        if l.kind == LineKind::Text && l.text.len() <= 180 && !ends_sentence(&l.text) && narrow_enough(&l.text) {
            seen.entry(l.text.as_str()).or_default().push(i);
        }
    }
    let repeated: Vec<usize> = seen
        .into_values()
        .filter(|idx| idx.len() >= 3 && idx.windows(2).all(|w| w[1] - w[0] > 4))
        .flatten()
        .filter(|&i| crate::model::numbering::parse_marker(&lines[i].text).is_none())
        .collect();
    for i in repeated {
        lines[i].kind = LineKind::Dropped(DropReason::RepeatedFooter);
    }
}

/// "One thought on “…”", "3 thoughts on …", "2 Responses to …", "Leave a Reply": from there the
/// page is comments, until text in the document's other language resumes (a comment thread can
/// sit between an English translation and the Chinese original).
fn mark_comment_thread(lines: &mut [Line]) {
    let Some(start) = lines.iter().position(|l| {
        matches!(l.kind, LineKind::Text | LineKind::Dropped(DropReason::Boilerplate)) && starts_comments(&l.text)
    }) else {
        return;
    };
    for line in &mut lines[start..] {
        match line.kind {
            LineKind::Text if ScriptCount::of(&line.text).han >= 8 => break,
            LineKind::Text | LineKind::Dropped(_) => line.kind = LineKind::Dropped(DropReason::CommentThread),
            LineKind::Blank => {}
        }
    }
}

/// Does this line start a blog comment thread ("One thought on …", "Leave a Reply")?
pub fn starts_comments(t: &str) -> bool {
    // Every phrase below starts with an ASCII digit or one of these letters; no other character
    // lowercases to one of them. Nearly every line is asked: the rest need not be lowercased.
    let first = t.trim_start().bytes().next();
    let may_start = |b: u8| {
        b.is_ascii_digit() || matches!(b.to_ascii_lowercase(), b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'l' | b'c')
    };
    if t.len() > 200 || !first.is_some_and(may_start) {
        return false;
    }
    let lower = t.to_lowercase();
    let mut words = lower.split_whitespace();
    let (first, second, third) = (words.next(), words.next(), words.next());
    let count_word = first.is_some_and(|w| {
        w.chars().all(|c| c.is_ascii_digit())
            || matches!(w, "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten")
    });
    let thread = count_word
        && matches!(
            (second, third),
            (
                Some("thought" | "thoughts" | "comment" | "comments" | "response" | "responses" | "reply" | "replies"),
                Some("on" | "to")
            )
        );
    thread || lower == "leave a reply" || lower == "leave a comment" || lower.starts_with("comments are closed")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(u32, LineKind)> {
        clean(text).into_iter().filter(|l| l.kind != LineKind::Blank).map(|l| (l.no, l.kind)).collect()
    }

    /// mark_repeated leaves short lines unmeasured on this ground.
    #[test]
    fn no_character_is_wider_than_its_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert!(crate::text::char_width(c, true) <= c.len_utf8(), "{c:?}");
            assert!(crate::text::char_width(c, false) <= c.len_utf8(), "{c:?}");
        }
    }

    proptest::proptest! {
        /// Looking for the characters to replace once in the whole text replaces what looking
        /// line by line does.
        #[test]
        fn lines_are_normalised_as_one_by_one(
            s in "[a-z ,\n\t\x0c\u{a0}\u{ad}\u{2002}\u{200b}\u{feff}中“”]{0,200}"
        ) {
            let lines: Vec<String> = clean(&s).into_iter().map(|l| l.text).collect();
            let one_by_one: Vec<String> = s.split('\n').enumerate().map(|(i, raw)| normalise(i, raw, true).text).collect();
            proptest::prop_assert_eq!(lines, one_by_one);
        }
    }

    #[test]
    fn drops_blog_furniture_and_footers() {
        let text = "Title\n\nPosted on [March 19, 2006](#) Updated on [September 5, 2014](#)\n\n<https://example.org/a/b>\n\n\
                    Date de collecte : 21/02/2015\n\nBody text.\n";
        assert_eq!(
            kinds(text),
            vec![
                (1, LineKind::Text),
                (3, LineKind::Dropped(DropReason::Boilerplate)),
                (5, LineKind::Dropped(DropReason::Url)),
                (7, LineKind::Dropped(DropReason::Boilerplate)),
                (9, LineKind::Text),
            ]
        );
    }

    #[test]
    fn page_numbers() {
        for t in ["- 3 -", "— 12 —", "12", "第 3 页", "第3页 共12页", "Page 4", "Page 4 of 10"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["第三章", "2014年", "Page four", "20 Tbps", "第3页面"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn comment_thread_openings() {
        for t in [
            "One thought on “Opinions”",
            "3 Comments on x",
            "Leave a Reply",
            "COMMENTS ARE CLOSED.",
            "ten replies to y",
        ] {
            assert!(starts_comments(t), "{t}");
        }
        for t in
            ["One more thought on x", "Leave a trace", "中文", "", "  ", "Ｏne thought on x", "eleven comments on x"]
        {
            assert!(!starts_comments(t), "{t}");
        }
    }

    #[test]
    fn repeated_running_footer_is_dropped_wherever_it_is() {
        let mut text = String::new();
        for i in 0..4 {
            text.push_str(&format!("Paragraph {i} has some text.\n\n\n\n\n国务院公报 2012\n\n"));
        }
        let dropped = kinds(&text).iter().filter(|(_, k)| *k == LineKind::Dropped(DropReason::RepeatedFooter)).count();
        assert_eq!(dropped, 4);
    }

    #[test]
    fn comment_thread_stops_where_the_chinese_resumes() {
        let text = "Body.\n\nOne thought on “Some Opinions”\n\nJohn said:\n\nGreat.\n\nLeave a Reply\n\n\
                    一、指导思想和主要目标，全面提高经济社会信息化发展水平\n\nYou are commenting.\n";
        let k = kinds(text);
        assert_eq!(k[1], (3, LineKind::Dropped(DropReason::CommentThread)));
        assert_eq!(k[4], (9, LineKind::Dropped(DropReason::CommentThread)));
        assert_eq!(k[5], (11, LineKind::Text));
    }

    #[test]
    fn nbsp_and_zero_width_are_normalised() {
        let l = clean("  Information\u{a0}Security\u{200b}");
        assert_eq!(l[0].text, "Information Security");
        assert_eq!(l[0].indent, 2);
    }
}
