//! A document's title, year, number and issuer, read from its versions' front and back matter.

use super::furniture::{date, doc_number};
use crate::model::{Bilingual, Block, BlockKind};
use crate::text::Lang;

/// What the versions say about the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Title in each language.
    pub title: Bilingual,
    /// Year of issue.
    pub year: Option<u16>,
    /// Document number as written.
    pub number: Bilingual,
    /// Issuer.
    pub issuer: Bilingual,
}

/// Reads the metadata of a document from its versions' languages and blocks (earlier versions
/// win ties). Only titles, numbers, dates and signatures are read: the versions may hold those
/// blocks alone (see [`is_meta`]).
pub fn meta<'a>(versions: impl IntoIterator<Item = (Lang, &'a [Block])>) -> Meta {
    let mut m = Meta::default();
    let (mut number_year, mut date_year, mut title_year) = (None, None, None);
    for (lang, blocks) in versions {
        let v = (lang, blocks);
        m.title.fill(lang, title(v));
        let number = blocks.iter().find(|b| b.kind == BlockKind::Number);
        m.number.fill(lang, number.map(|b| b.text.clone()));
        number_year = number_year.or_else(|| number.and_then(|b| doc_number(&b.text)).map(|n| n.year));
        date_year = date_year
            .or_else(|| blocks.iter().filter(|b| b.kind == BlockKind::Date).find_map(|b| date(&b.text)).map(|d| d.0));
        m.issuer.fill(lang, issuer(v));
        title_year = title_year.or_else(|| title(v).and_then(|t| first_year(&t)));
    }
    m.year = number_year.or(date_year).or(title_year);
    m
}

/// Whether [`meta`] reads blocks of this kind.
pub fn is_meta(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Title | BlockKind::Number | BlockKind::Date | BlockKind::Signature)
}

/// Titles naming the document's own kind; notices that issue it ("关于印发…的通知") rank
/// below the document's own title.
fn title((lang, blocks): (Lang, &[Block])) -> Option<String> {
    let titles: Vec<&str> = blocks.iter().filter(|b| b.kind == BlockKind::Title).map(|b| b.text.as_str()).collect();
    let is_notice = |t: &str| match lang {
        Lang::Zh => t.contains("关于印发") || t.ends_with("的通知"),
        Lang::En => t.to_lowercase().contains("notice concerning"),
    };
    const KINDS_ZH: &[&str] =
        &["纲要", "意见", "规划", "战略", "办法", "决定", "方案", "条例", "规定", "通知", "法", "计划", "指南", "报告"];
    const KINDS_EN: &[&str] = &[
        "outline",
        "opinion",
        "plan",
        "strategy",
        "measures",
        "decision",
        "regulation",
        "provisions",
        "notice",
        "law",
        "guideline",
        "programme",
        "program",
        "report",
    ];
    let names_kind = |t: &str| match lang {
        Lang::Zh => KINDS_ZH.iter().any(|k| t.contains(k)),
        Lang::En => {
            let lower = t.to_lowercase();
            KINDS_EN.iter().any(|k| lower.contains(k))
        }
    };
    let own = titles.iter().rev().find(|t| names_kind(t) && !is_notice(t));
    own.or_else(|| titles.iter().find(|t| names_kind(t))).or(titles.first()).map(|t| (*t).to_owned())
}

/// The signature blocks, joined: 中共中央办公厅、国务院办公厅.
fn issuer((lang, blocks): (Lang, &[Block])) -> Option<String> {
    let sigs: Vec<&str> = blocks.iter().filter(|b| b.kind == BlockKind::Signature).map(|b| b.text.as_str()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for s in sigs {
        if !seen.contains(&s) {
            seen.push(s);
        }
    }
    let sep = if lang == Lang::Zh { "、" } else { "; " };
    (!seen.is_empty()).then(|| seen.join(sep))
}

fn first_year(t: &str) -> Option<u16> {
    let bytes = t.as_bytes();
    (0..bytes.len().saturating_sub(3)).find_map(|i| {
        let s = &t.get(i..i + 4)?;
        let boundary = |j: usize| bytes.get(j).is_none_or(|b| !b.is_ascii_digit());
        (s.bytes().all(|b| b.is_ascii_digit()) && (i == 0 || boundary(i - 1)) && boundary(i + 4))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|y| (1949..=2100).contains(y))
    })
}
