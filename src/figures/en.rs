//! Figures in English text: `exceed 18 trillion Yuan`, `250 million accounts`, `9%`,
//! `7.2 per cent`, `6500 Gbit per second`, `20 Tbps`, `four large international information
//! passages`, and the deadlines that govern them (`by 2020`, `by the end of the “12th Five-Year
//! Plan” period`, `the middle of this century`).
//!
//! Not figures: years and dates, ordinals (`12th`, `third-generation`), numbers fused with
//! letters (`3G`, `IPv6`, `G20`, `24/7`), and anything inside quotes (`“China Manufacturing 2025”`).

use super::{Comparator, Found, Raw, Unit, When};

/// Scale words after a number.
const SCALES: &[(&str, f64)] =
    &[("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3), ("hundred", 1e2)];

/// Units after a number (and its scale): (word, unit, multiplier). Matched on whole words.
const UNITS: &[(&str, Unit, f64)] = &[
    ("yuan", Unit::Cny, 1.0),
    ("rmb", Unit::Cny, 1.0),
    ("cny", Unit::Cny, 1.0),
    ("dollars", Unit::Usd, 1.0),
    ("usd", Unit::Usd, 1.0),
    ("tbps", Unit::BitsPerSecond, 1e12),
    ("gbps", Unit::BitsPerSecond, 1e9),
    ("mbps", Unit::BitsPerSecond, 1e6),
    ("kbps", Unit::BitsPerSecond, 1e3),
    ("tbit", Unit::BitsPerSecond, 1e12),
    ("gbit", Unit::BitsPerSecond, 1e9),
    ("mbit", Unit::BitsPerSecond, 1e6),
    ("kbit", Unit::BitsPerSecond, 1e3),
    ("households", Unit::Households, 1.0),
    ("accounts", Unit::Households, 1.0),
    ("users", Unit::Households, 1.0),
    ("subscribers", Unit::Households, 1.0),
    ("homes", Unit::Households, 1.0),
    ("enterprises", Unit::Enterprises, 1.0),
    ("companies", Unit::Enterprises, 1.0),
    ("firms", Unit::Enterprises, 1.0),
    ("people", Unit::People, 1.0),
    ("persons", Unit::People, 1.0),
];

/// Number words (counting things).
const WORDS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
];

/// Comparator phrases before a number (lower case), longest first.
const BEFORE: &[(&str, Comparator)] = &[
    ("not less than", Comparator::AtLeast),
    ("no less than", Comparator::AtLeast),
    ("no fewer than", Comparator::AtLeast),
    ("no more than", Comparator::AtMost),
    ("more than", Comparator::MoreThan),
    ("at least", Comparator::AtLeast),
    ("at most", Comparator::AtMost),
    ("less than", Comparator::LessThan),
    ("fewer than", Comparator::LessThan),
    ("up to", Comparator::AtMost),
    ("exceeding", Comparator::MoreThan),
    ("exceeded", Comparator::MoreThan),
    ("exceeds", Comparator::MoreThan),
    ("exceed", Comparator::MoreThan),
    ("surpass", Comparator::MoreThan),
    ("over", Comparator::MoreThan),
    ("above", Comparator::MoreThan),
    ("reaching", Comparator::Reach),
    ("reached", Comparator::Reach),
    ("reaches", Comparator::Reach),
    ("reach", Comparator::Reach),
    ("achieve", Comparator::Reach),
    ("attain", Comparator::Reach),
    ("amounted to", Comparator::Reach),
    ("amount to", Comparator::Reach),
    ("approximately", Comparator::About),
    ("around", Comparator::About),
    ("about", Comparator::About),
    ("nearly", Comparator::About),
    ("below", Comparator::LessThan),
    ("under", Comparator::LessThan),
];

/// Marks the bytes inside “…” and "…".
fn quoted(text: &str) -> Vec<bool> {
    let mut out = vec![false; text.len()];
    let (mut curly, mut straight) = (0i32, false);
    for (i, c) in text.char_indices() {
        match c {
            '“' => curly += 1,
            '”' => curly = (curly - 1).max(0),
            '"' => straight = !straight,
            _ => {}
        }
        for b in &mut out[i..i + c.len_utf8()] {
            *b = curly > 0 || straight;
        }
    }
    out
}

/// The word starting at byte `i` (letters only), lower-cased.
fn word_at(text: &str, i: usize) -> String {
    text[i..].chars().take_while(|c| c.is_ascii_alphabetic()).flat_map(char::to_lowercase).collect()
}

/// Skips spaces from byte `i`.
fn skip_spaces(text: &str, i: usize) -> usize {
    i + (text[i..].len() - text[i..].trim_start_matches(' ').len())
}

/// Finds figures, time references and cues in an English text.
pub fn find(text: &str) -> Found {
    let lower = text.to_ascii_lowercase();
    let quoted = quoted(text);
    let mut found = Found::default();
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with([' ', '\n']) || i + 1 == text.len() && c == '.' {
            // "7.2" and "No." aside: a full stop followed by a space.
            found.sentence_ends.push(i + 1);
        }
    }
    find_times(text, &lower, &quoted, &mut found);
    for cue in [
        " has ",
        " have ",
        " had ",
        " was ",
        " were ",
        "amounted",
        "exceeded",
        "reached",
        "already",
        "at present",
        "currently",
        "in recent years",
    ] {
        found.past_cues.extend(lower.match_indices(cue).map(|(i, _)| i));
    }
    for cue in [
        " is to ",
        " are to ",
        " will ",
        " shall ",
        " must ",
        " strive ",
        " to reach",
        " to exceed",
        "objective",
        "target",
    ] {
        found.goal_cues.extend(lower.match_indices(cue).map(|(i, _)| i));
    }
    let mut i = 0;
    while i < text.len() {
        let starts_word =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'.' | b'-' | b'/' | b','));
        if !text.is_char_boundary(i) || quoted[i] || !starts_word {
            i += 1;
            continue;
        }
        let parsed = if bytes[i].is_ascii_digit() { digits(text, &lower, i) } else { number_word(text, &lower, i) };
        let Some(mut raw) = parsed else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut before = lower[..raw.start].trim_end();
        let mut filler_between = false;
        // "amounted to a proportion of 7.2 per cent": the comparator is before the filler.
        for filler in [
            "a proportion of",
            "the proportion of",
            "a share of",
            "the share of",
            "a level of",
            "the level of",
            "a rate of",
            "a total of",
        ] {
            if let Some(b) = before.strip_suffix(filler) {
                before = b.trim_end();
                filler_between = true;
            }
        }
        let whole_word = |w: &str| {
            before
                .strip_suffix(w)
                .is_some_and(|head| head.is_empty() || head.ends_with(|c: char| !c.is_ascii_alphabetic()))
        };
        if let Some((w, cmp)) = BEFORE.iter().find(|(w, _)| whole_word(w)) {
            raw.comparator = raw.comparator.or(Some(*cmp));
            if !filler_between {
                raw.start = before.len() - w.len();
            }
        }
        i = raw.end;
        found.figures.push(raw);
    }
    found
}

/// A number in digits at byte `i` with its scale and unit, or `None` for years, dates and
/// numbers fused with letters.
fn digits(text: &str, lower: &str, i: usize) -> Option<Raw> {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut s = String::new();
    while j < bytes.len() {
        let b = bytes[j];
        if b.is_ascii_digit() {
            s.push(b as char);
        } else if b == b'.' && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) && !s.contains('.') {
            s.push('.');
        } else if b == b','
            && bytes.get(j + 1..j + 4).is_some_and(|w| w.iter().all(u8::is_ascii_digit))
            && !bytes.get(j + 4).is_some_and(u8::is_ascii_digit)
        {
            // 6,500 (not a list "3,4")
        } else {
            break;
        }
        j += 1;
    }
    let value: f64 = s.parse().ok()?;
    // 3G, 12th, 24/7, IPv6 (the v is checked by the caller), 2020-2025 ranges of years.
    let next = bytes.get(j).copied();
    if next.is_some_and(|b| b.is_ascii_alphabetic() || b == b'/') && !unit_fused(lower, j) {
        return None;
    }
    let mut k = j;
    let mut upper = None;
    if matches!(next, Some(b'-')) && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
        let rest: String = text[j + 1..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        if let Ok(u) = rest.parse::<f64>()
            && !(value >= 1900.0 && u >= 1900.0)
        {
            upper = Some(u);
            k = j + 1 + rest.len();
        }
    }
    unit_after(text, lower, i, k, value, upper)
}

/// Is a unit fused to the number at `j` (`20Tbps`, `100Mbps`)?
fn unit_fused(lower: &str, j: usize) -> bool {
    ["tbps", "gbps", "mbps", "kbps", "tbit", "gbit", "mbit"].iter().any(|u| lower[j..].starts_with(u))
}

/// The scale and unit after a number ending at byte `k`; `None` if there is neither.
fn unit_after(text: &str, lower: &str, start: usize, k: usize, value: f64, upper: Option<f64>) -> Option<Raw> {
    let raw = |end: usize, v: f64, u: Option<f64>, unit: Unit| {
        Some(Raw { start, end, value: v, upper: u, unit, comparator: None })
    };
    if text[k..].starts_with('%') {
        return raw(k + 1, value, upper, Unit::Percent);
    }
    let mut j = skip_spaces(text, k);
    for per in ["per cent", "percent"] {
        if lower[j..].starts_with(per) {
            return raw(j + per.len(), value, upper, Unit::Percent);
        }
    }
    let mut scale = 1.0;
    if let Some((w, m)) = SCALES.iter().find(|(w, _)| word_at(lower, j) == *w) {
        scale = *m;
        j = skip_spaces(text, j + w.len());
    }
    let w = word_at(lower, j);
    if let Some((name, unit, m)) = UNITS.iter().find(|(name, _, _)| w == *name) {
        let mut end = j + name.len();
        if *unit == Unit::BitsPerSecond && lower[skip_spaces(text, end)..].starts_with("per second") {
            end = skip_spaces(text, end) + "per second".len();
        }
        let f = scale * m;
        return raw(end, value * f, upper.map(|u| u * f), *unit);
    }
    // A scale word alone counts things ("250 million of ..."): a count, unit unknown.
    if scale > 1.0 {
        return raw(j.min(text.len()).max(k), value * scale, upper.map(|u| u * scale), Unit::Count);
    }
    None
}

/// Number words: `four large international information passages` (before large/major/big/key),
/// `two million households` (with a scale and a unit).
fn number_word(text: &str, lower: &str, i: usize) -> Option<Raw> {
    let w = word_at(lower, i);
    let (_, value) = WORDS.iter().find(|(n, _)| *n == w)?;
    let j = skip_spaces(text, i + w.len());
    let next = word_at(lower, j);
    if SCALES.iter().any(|(s, _)| *s == next) {
        return unit_after(text, lower, i, i + w.len(), *value, None);
    }
    matches!(next.as_str(), "large" | "major" | "big" | "key").then(|| Raw {
        start: i,
        end: i + w.len(),
        value: *value,
        upper: None,
        unit: Unit::Count,
        comparator: None,
    })
}

/// Years and deadlines: `by 2020`, `until 2020`, `in 2005`, `by the end of the “12th Five-Year
/// Plan” period`, `during the “11th Five-Year Plan”`, `the middle of this century`.
fn find_times(text: &str, lower: &str, quoted: &[bool], found: &mut Found) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let is_year = bytes[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        if !is_year || quoted[i] {
            i += 1;
            continue;
        }
        let year: u16 = text[i..i + 4].parse().unwrap_or(0);
        let in_range = bytes.get(i + 4) == Some(&b'-') || (i > 0 && bytes[i - 1] == b'-');
        if (1900..=2100).contains(&year) && !in_range {
            let before = lower[..i].trim_end();
            let deadline = ["by", "until", "till", "before", "by the end of", "to"]
                .iter()
                .any(|w| before.ends_with(w) && !before.ends_with("up to"));
            found.times.push(When { at: i, year, deadline });
        }
        i += 4;
    }
    for (plan, year) in
        [("11th five-year", 2010u16), ("12th five-year", 2015), ("13th five-year", 2020), ("14th five-year", 2025)]
    {
        for (at, _) in lower.match_indices(plan) {
            found.times.push(When { at, year, deadline: true });
        }
    }
    for phrase in ["middle of this century", "mid-century", "middle of the century"] {
        for (at, _) in lower.match_indices(phrase) {
            found.times.push(When { at, year: 2050, deadline: true });
        }
    }
    found.times.sort_by_key(|t| t.at);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(text: &str) -> Vec<(String, f64, &'static str, Option<Comparator>)> {
        let f = find(text);
        f.figures.iter().map(|r| (text[r.start..r.end].to_owned(), r.value, r.unit.name(), r.comparator)).collect()
    }

    #[test]
    fn money_counts_and_scales() {
        assert_eq!(
            figs("trading value is to exceed 18 trillion Yuan, online"),
            vec![("exceed 18 trillion Yuan".into(), 18e12, "CNY", Some(Comparator::MoreThan))]
        );
        assert_eq!(
            figs("are to exceed 250 million accounts,"),
            vec![("exceed 250 million accounts".into(), 2.5e8, "households", Some(Comparator::MoreThan))]
        );
        assert_eq!(
            figs("is to reach 6 trillion Yuan"),
            vec![("reach 6 trillion Yuan".into(), 6e12, "CNY", Some(Comparator::Reach))]
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(
            figs("income exceeding 9%."),
            vec![("exceeding 9%".into(), 9.0, "percent", Some(Comparator::MoreThan))]
        );
        let f = find("amounted to a proportion of 7.2 per cent of GDP");
        assert_eq!((f.figures[0].value, f.figures[0].comparator), (7.2, Some(Comparator::Reach)));
        assert_eq!(figs("growth of 16.6%. The"), vec![("16.6%".into(), 16.6, "percent", None)]);
    }

    #[test]
    fn bandwidth() {
        assert_eq!(
            figs("is to achieve 6500 Gbit per second;"),
            vec![("achieve 6500 Gbit per second".into(), 6.5e12, "bit/s", Some(Comparator::Reach))]
        );
        assert_eq!(
            figs("is to reach 20 Tbps, in"),
            vec![("reach 20 Tbps".into(), 20e12, "bit/s", Some(Comparator::Reach))]
        );
        assert_eq!(figs("6,500 Gbps"), vec![("6,500 Gbps".into(), 6.5e12, "bit/s", None)]);
    }

    #[test]
    fn number_words_count_things() {
        assert_eq!(
            figs("four large international information passages are to be built"),
            vec![("four".into(), 4.0, "count", None)]
        );
        assert!(figs("two wings of one body, two wheels of one cart").is_empty());
        assert_eq!(
            figs("at least two million households"),
            vec![("at least two million households".into(), 2e6, "households", Some(Comparator::AtLeast))]
        );
    }

    #[test]
    fn what_is_not_a_figure() {
        for t in [
            "By 2020, household fixed broadband",
            "19 March 2006",
            "third-generation mobile telecommunications (3G) and 4G networks",
            "Internet Protocol version 6 (IPv6)",
            "the 12th Five-Year Plan and the 18th Party Congress",
            "the implementation of “China Manufacturing 2025”",
            "ensure 24/7 monitoring",
            "the G20, the BRICS countries",
            "GF No. (2012)23",
            "2006-2020 National Informatization Development Strategy",
        ] {
            assert!(figs(t).is_empty(), "{t}: {:?}", figs(t));
        }
    }

    #[test]
    fn deadlines() {
        let f = find("By the end of the “12th Five-Year Plan” period, nationwide fixed broadband");
        assert_eq!(f.times.iter().map(|t| (t.year, t.deadline)).collect::<Vec<_>>(), vec![(2015, true)]);
        let f = find("By 2025, a new generation. In 2005, the industry");
        assert_eq!(f.times.iter().map(|t| (t.year, t.deadline)).collect::<Vec<_>>(), vec![(2025, true), (2005, false)]);
        assert_eq!(find("By the middle of this century, informatization").times[0].year, 2050);
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_ranges_are_sound(text in "(\\PC|[0-9.,%]| per cent| million| trillion| Yuan| Gbit| Tbps| exceed| by 2020| four large|“|”){0,80}") {
            let f = super::find(&text);
            for r in &f.figures {
                prop_assert!(r.start < r.end && r.end <= text.len());
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(r.value.is_finite());
            }
        }
    }
}
