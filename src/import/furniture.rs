//! The furniture of an official document, recognised line by line: its number
//! (国发〔2012〕23号, GF No. (2012)23), its date (二〇一二年六月二十八日, 28 June 2012) and the
//! names of issuing bodies (国务院办公厅, General Office of the State Council).

use crate::model::numbering::han_value;
use crate::text::{Lang, ScriptCount, digit_value, ends_sentence, str_width};

/// A document number: 国发〔2012〕23号 or GF No. (2012)23.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// The issuer's abbreviation (国发, GF).
    pub prefix: String,
    /// The year in the number.
    pub year: u16,
    /// The serial number within the year.
    pub serial: u32,
}

/// Parses a document number that makes up the whole of `text`.
pub fn doc_number(text: &str) -> Option<DocNumber> {
    let t = text.trim();
    // Asked of every paragraph: those that end neither in 号 nor have a "No" are none.
    if t.len() > 120 || !(t.ends_with('号') || t.contains(" No")) || str_width(t, true) > 40 {
        return None;
    }
    zh_doc_number(t).or_else(|| en_doc_number(t))
}

/// Is `text` a document number line?
pub fn is_doc_number(text: &str) -> bool {
    doc_number(text).is_some()
}

fn digits(s: &str) -> (Option<u32>, usize) {
    let n = s.char_indices().find(|&(_, c)| digit_value(c).is_none()).map_or(s.len(), |(i, _)| i);
    let v = s[..n].chars().try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(digit_value(c)?));
    (v.filter(|_| n > 0), n)
}

fn zh_doc_number(t: &str) -> Option<DocNumber> {
    let open = t.find(['〔', '[', '［', '(', '（', '【'])?;
    let prefix = &t[..open];
    if prefix.is_empty() || ScriptCount::of(prefix).han == 0 || prefix.chars().count() > 10 {
        return None;
    }
    let rest = &t[open..];
    let rest = &rest[rest.chars().next()?.len_utf8()..];
    let (year, n) = digits(rest);
    let rest = rest[n..].strip_prefix(['〕', ']', '］', ')', '）', '】'])?;
    let (serial, n) = digits(rest);
    (rest[n..].trim() == "号").then_some(())?;
    Some(DocNumber { prefix: prefix.trim().to_owned(), year: u16::try_from(year?).ok()?, serial: serial? })
}

fn en_doc_number(t: &str) -> Option<DocNumber> {
    let (prefix, rest) = t.split_once(" No")?;
    if prefix.is_empty() || prefix.len() > 8 || !prefix.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = rest.trim_start_matches('.').trim_start().trim_start_matches(['(', '[']);
    let (year, n) = digits(rest);
    let rest = rest[n..].trim_start_matches([')', ']']).trim_start();
    let (serial, n) = digits(rest);
    (n == rest.len()).then_some(())?;
    Some(DocNumber { prefix: prefix.to_owned(), year: u16::try_from(year?).ok()?, serial: serial? })
}

/// A date that makes up the whole of `text`: (year, month, day).
pub fn date(text: &str) -> Option<(u16, u8, u8)> {
    if text.len() > 80 {
        return None;
    }
    // Asked of every paragraph: copies are made only of those that could be dates.
    let zh = || {
        let t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
        zh_date(&t)
    };
    let en = || (text.split_whitespace().count() == 3).then(|| en_date(text.trim())).flatten();
    if text.contains('年') { zh().or_else(en) } else { en() }
}

/// Is `text` a date line?
pub fn is_date(text: &str) -> bool {
    date(text).is_some()
}

fn zh_date(t: &str) -> Option<(u16, u8, u8)> {
    let (y, rest) = t.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    let num = |s: &str| {
        let (v, n) = digits(s);
        if n == s.len() && n > 0 {
            v
        } else if s.chars().count() == 4 && s.chars().all(|c| "〇零一二三四五六七八九".contains(c)) {
            // Years are written digit by digit: 二〇一二.
            s.chars().try_fold(0, |acc, c| Some(acc * 10 + han_value(&c.to_string())?))
        } else {
            han_value(s)
        }
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    valid_date(y, m, d)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn en_date(t: &str) -> Option<(u16, u8, u8)> {
    let words: Vec<String> = t.split_whitespace().map(|w| w.trim_end_matches([',', '.']).to_lowercase()).collect();
    let month =
        |w: &str| MONTHS.iter().position(|m| *m == w || (w.len() >= 3 && m.starts_with(w))).map(|i| i as u32 + 1);
    let num = |w: &str| w.parse::<u32>().ok();
    let (d, m, y) = match words.as_slice() {
        [d, m, y] if num(d).is_some() => (num(d)?, month(m)?, num(y)?),
        [m, d, y] => (num(d)?, month(m)?, num(y)?),
        _ => return None,
    };
    valid_date(y, m, d)
}

fn valid_date(y: u32, m: u32, d: u32) -> Option<(u16, u8, u8)> {
    ((1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y as u16, m as u8, d as u8))
}

/// Does a short line look like the name of an issuing body?
pub fn is_org_name(text: &str, lang: Lang) -> bool {
    let t = text.trim();
    match lang {
        Lang::Zh => {
            const SUFFIXES: &[&str] = &[
                "国务院",
                "办公厅",
                "人民政府",
                "委员会",
                "中央",
                "政府",
                "办公室",
                "部",
                "局",
                "署",
                "院",
                "厅",
                "委",
                "会",
                "党委",
                "常委会",
            ];
            t.chars().nth(40).is_none()
                && t.split([' ', '\u{3000}', '、'])
                    .filter(|p| !p.is_empty())
                    .all(|p| SUFFIXES.iter().any(|s| p.ends_with(s)))
        }
        Lang::En => {
            const WORDS: &[&str] = &[
                "council",
                "office",
                "committee",
                "ministry",
                "commission",
                "government",
                "bureau",
                "administration",
                "congress",
                "department",
                "people's",
                "party",
            ];
            // Most paragraphs are long: count no further than needed, lowercase only short lines.
            let words = t.split_whitespace().take(15).count();
            words <= 14 && !ends_sentence(t) && {
                let lower = t.to_lowercase();
                WORDS.iter().any(|w| lower.split_whitespace().any(|x| x.trim_end_matches(',') == *w))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_and_dates() {
        assert_eq!(doc_number("国发〔2012〕23号"), Some(DocNumber { prefix: "国发".into(), year: 2012, serial: 23 }));
        assert_eq!(doc_number("中办发〔2006〕11号").map(|n| n.serial), Some(11));
        assert_eq!(doc_number("GF No. (2012)23"), Some(DocNumber { prefix: "GF".into(), year: 2012, serial: 23 }));
        assert_eq!(doc_number("ZBF No. (2006)11").map(|n| n.year), Some(2006));
        assert_eq!(doc_number("国发〔2012〕23号文件要求各地贯彻执行，并报告执行情况。"), None);
        assert_eq!(date("2014年3月5日"), Some((2014, 3, 5)));
        assert_eq!(date("二〇一二年六月二十八日"), Some((2012, 6, 28)));
        assert_eq!(date("28 June 2012"), Some((2012, 6, 28)));
        assert_eq!(date("March 19, 2006"), Some((2006, 3, 19)));
        assert_eq!(date("到2020年底"), None);
        assert_eq!(date(" 2014 年 3 月 5 日 "), Some((2014, 3, 5)));
        assert_eq!(date("  Dec.  3,  2014 "), Some((2014, 12, 3)));
        assert_eq!(date("on 28 June 2012"), None);
        assert_eq!(date("2012年 28 June 2012"), None);
    }
}
