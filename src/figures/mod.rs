//! Figures: the quantities a document states (percentages, money, bandwidth, counts), with the
//! deadline its sentence sets, whether they are targets or facts, and (in [`check`]) whether the
//! translation kept them.
//!
//! Extraction is per language ([`zh`], [`en`]): each finds quantities with their magnitude, unit
//! and comparator, and the deadlines in a text. This module puts them together per version:
//! a figure takes the deadline of its sentence, else one stated earlier in its paragraph, else
//! the one that opened the list of objectives it belongs to (a deadline carries into the
//! following paragraphs of the same section until another appears).

pub mod check;
pub mod en;
pub mod zh;

use crate::model::{BlockKind, Version};
use crate::text::Lang;

/// What a figure measures, in base units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Unit {
    /// A percentage (the value is the number of percent).
    #[serde(rename = "percent")]
    Percent,
    /// Chinese yuan.
    #[serde(rename = "CNY")]
    Cny,
    /// US dollars.
    #[serde(rename = "USD")]
    Usd,
    /// Bits per second.
    #[serde(rename = "bit/s")]
    BitsPerSecond,
    /// Households, accounts, users of a service (户).
    #[serde(rename = "households")]
    Households,
    /// Enterprises, companies (家).
    #[serde(rename = "enterprises")]
    Enterprises,
    /// People (人, 名).
    #[serde(rename = "people")]
    People,
    /// Anything else counted.
    #[serde(rename = "count")]
    Count,
}

impl Unit {
    /// The name used in JSON and on screen.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Cny => "CNY",
            Unit::Usd => "USD",
            Unit::BitsPerSecond => "bit/s",
            Unit::Households => "households",
            Unit::Enterprises => "enterprises",
            Unit::People => "people",
            Unit::Count => "count",
        }
    }

    /// Two units measure the same thing (a generic count matches any counted thing).
    pub fn compatible(self, other: Unit) -> bool {
        let counted = |u: Unit| matches!(u, Unit::Households | Unit::Enterprises | Unit::People | Unit::Count);
        self == other || (counted(self) && counted(other) && (self == Unit::Count || other == Unit::Count))
    }
}

/// How the figure bounds the quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Comparator {
    /// 超过, exceed, more than.
    #[serde(rename = "more than")]
    MoreThan,
    /// 以上, 不低于, at least.
    #[serde(rename = "at least")]
    AtLeast,
    /// 达到, reach, achieve.
    #[serde(rename = "reach")]
    Reach,
    /// 约, 左右, about.
    #[serde(rename = "about")]
    About,
    /// 低于, less than.
    #[serde(rename = "less than")]
    LessThan,
    /// 以下, 不超过, at most.
    #[serde(rename = "at most")]
    AtMost,
}

impl Comparator {
    /// A short symbol for tables (ASCII when `ascii`).
    pub fn symbol(self, ascii: bool) -> &'static str {
        match (self, ascii) {
            (Comparator::MoreThan, _) => ">",
            (Comparator::AtLeast, false) => "≥",
            (Comparator::AtLeast, true) => ">=",
            (Comparator::Reach, _) => "=",
            (Comparator::About, false) => "≈",
            (Comparator::About, true) => "~",
            (Comparator::LessThan, _) => "<",
            (Comparator::AtMost, false) => "≤",
            (Comparator::AtMost, true) => "<=",
        }
    }
}

/// Whether the document sets the figure as a goal or states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A goal the document sets.
    Target,
    /// A stated result or other quantity.
    Fact,
}

/// A quantity found in a text by a language module, before deadlines and kinds are decided.
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    /// Byte range of the figure's text (with its comparator words) in the text searched.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// Value in base units.
    pub value: f64,
    /// Upper bound of a range (`10-15%`).
    pub upper: Option<f64>,
    /// The unit.
    pub unit: Unit,
    /// The comparator, if stated.
    pub comparator: Option<Comparator>,
}

/// A time reference: a deadline (future) or the year a fact refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    /// Byte offset in the text searched.
    pub at: usize,
    /// The year.
    pub year: u16,
    /// Stated as a deadline (到…, by …), not merely a year (in 2005).
    pub deadline: bool,
}

/// What a language module finds in one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Quantities.
    pub figures: Vec<Raw>,
    /// Years and deadlines.
    pub times: Vec<When>,
    /// Byte offsets where sentences end.
    pub sentence_ends: Vec<usize>,
    /// Cues that the text states the past or present (已, 目前, "amounted to", "has reached").
    pub past_cues: Vec<usize>,
    /// Cues that the text sets a goal (要, 力争, "is to", "will").
    pub goal_cues: Vec<usize>,
}

/// A figure of a version.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// Block index in the version.
    pub block: u32,
    /// Byte range of the figure's text in the block.
    pub start: u32,
    /// End of that range.
    pub end: u32,
    /// The text as written.
    pub text: String,
    /// Value in base units (9% → 9; 18万亿元 → 1.8e13; 6500吉比特 → 6.5e12).
    pub value: f64,
    /// Upper bound of a range.
    pub upper: Option<f64>,
    /// The unit.
    pub unit: Unit,
    /// The comparator, if stated.
    pub comparator: Option<Comparator>,
    /// The target year (or, for a fact, the year it refers to).
    pub year: Option<u16>,
    /// Target or fact.
    pub kind: Kind,
    /// The source line (1-based, in the original file) where the figure's text begins.
    pub line: u32,
}

/// The figures of a version. `doc_year` is the year the document was issued (deadlines before
/// it are facts' years).
pub fn extract(v: &Version, doc_year: Option<u16>) -> Vec<Figure> {
    let mut out = Vec::new();
    // The deadline that opened the current list of objectives, and the heading it is under.
    let mut carried: Option<(u16, Option<usize>)> = None;
    for (b, block) in v.blocks.iter().enumerate() {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading) {
            continue;
        }
        // A heading's number is not a figure.
        let skip = block
            .heading
            .as_ref()
            .and_then(|h| h.marker.as_ref())
            .map_or(0, |m| block.text.find(m.as_str()).map_or(0, |i| i + m.len()));
        let text = &block.text[skip..];
        let found = match v.lang {
            Lang::Zh => zh::find(text),
            Lang::En => en::find(text),
        };
        let section = v.section_of(b);
        if block.kind == BlockKind::Heading {
            carried = None;
        }
        let own_deadline =
            found.times.iter().filter(|t| t.deadline && doc_year.is_none_or(|y| t.year >= y)).map(|t| t.year).next();
        for raw in &found.figures {
            let (year, kind) = decide(&found, raw, doc_year, carried.filter(|c| c.1 == section).map(|c| c.0));
            let (start, end) = (raw.start + skip, raw.end + skip);
            out.push(Figure {
                block: b as u32,
                start: start as u32,
                end: end as u32,
                text: block.text[start..end].to_owned(),
                value: raw.value,
                upper: raw.upper,
                unit: raw.unit,
                comparator: raw.comparator,
                year,
                kind,
                line: block.line_at(start),
            });
        }
        if let Some(y) = own_deadline {
            carried = Some((y, section));
        }
    }
    out
}

/// The year and kind of a figure: the time reference of its sentence (the nearest before it,
/// else the first after it), else one earlier in the paragraph, else the carried deadline.
fn decide(found: &Found, raw: &Raw, doc_year: Option<u16>, carried: Option<u16>) -> (Option<u16>, Kind) {
    let sentence = |at: usize| found.sentence_ends.partition_point(|&e| e <= at);
    let s = sentence(raw.start);
    let in_sentence: Vec<&When> = found.times.iter().filter(|t| sentence(t.at) == s).collect();
    let before = in_sentence.iter().rev().find(|t| t.at <= raw.start).or_else(|| in_sentence.first()).copied();
    // Else the latest time reference earlier in the paragraph ("2005年，… 。…已超过30%").
    let earlier = found.times.iter().rfind(|t| t.at <= raw.start);
    let when = before.or(earlier);
    let past_year = when
        .is_some_and(|t| doc_year.is_some_and(|y| t.year < y) || !t.deadline && doc_year.is_none_or(|y| t.year <= y));
    let past_cue = found.past_cues.iter().any(|&c| sentence(c) == s);
    let goal_cue = found.goal_cues.iter().any(|&c| sentence(c) == s);
    let kind = if past_year || (past_cue && !goal_cue && when.is_none_or(|t| !t.deadline)) {
        Kind::Fact
    } else {
        Kind::Target
    };
    let year = when.map(|t| t.year).or(if kind == Kind::Target { carried } else { None });
    (year, kind)
}

/// A value with its unit for people: `18 trillion CNY`, `6.5 Tbit/s`, `70%`, `250 million households`.
pub fn format_value(value: f64, upper: Option<f64>, unit: Unit) -> String {
    let num = |v: f64| {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let scaled = |v: f64| -> String {
        for (div, word) in [(1e12, " trillion"), (1e9, " billion"), (1e6, " million")] {
            if v.abs() >= div {
                return format!("{}{word}", num(v / div));
            }
        }
        num(v)
    };
    let range = |f: &dyn Fn(f64) -> String| match upper {
        Some(u) => format!("{}–{}", f(value), f(u)),
        None => f(value),
    };
    match unit {
        Unit::Percent => format!("{}%", range(&|v| num(v))),
        Unit::BitsPerSecond => {
            let (div, name) = [(1e12, "Tbit/s"), (1e9, "Gbit/s"), (1e6, "Mbit/s"), (1e3, "kbit/s"), (1.0, "bit/s")]
                .into_iter()
                .find(|(d, _)| value.abs() >= *d)
                .unwrap_or((1.0, "bit/s"));
            format!("{} {name}", range(&|v| num(v / div)))
        }
        // A bare count reads best as a number ("4", not "4 count").
        Unit::Count => range(&scaled),
        other => format!("{} {}", range(&scaled), other.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_well() {
        assert_eq!(format_value(18e12, None, Unit::Cny), "18 trillion CNY");
        assert_eq!(format_value(6.5e12, None, Unit::BitsPerSecond), "6.5 Tbit/s");
        assert_eq!(format_value(70.0, None, Unit::Percent), "70%");
        assert_eq!(format_value(2.5e8, None, Unit::Households), "250 million households");
        assert_eq!(format_value(4.0, None, Unit::Count), "4");
    }

    #[test]
    fn units_are_compatible_within_counts_only() {
        assert!(Unit::Households.compatible(Unit::Count));
        assert!(!Unit::Households.compatible(Unit::Enterprises));
        assert!(!Unit::Percent.compatible(Unit::Count));
    }
}
