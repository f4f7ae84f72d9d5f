//! Did the translation keep the figures? Each figure is looked for in the aligned block(s) of
//! the other version: the same value in a compatible unit is a match; a figure there with the
//! same unit but another value (or the same value in another unit) is a mismatch; nothing
//! there is missing.

use super::Figure;
use crate::align::Alignment;

/// The result for one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The counterpart states the same quantity.
    Match,
    /// The counterpart states a different quantity.
    Mismatch,
    /// The aligned text has no counterpart figure.
    Missing,
}

/// The status of each figure of both sides, and its counterpart's index on the other side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairing {
    /// For each figure of the left version.
    pub left: Vec<(Status, Option<usize>)>,
    /// For each figure of the right version.
    pub right: Vec<(Status, Option<usize>)>,
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Pairs the figures of two versions (`left` and `right`, figures in block order) along `al`.
pub fn pair(left: &[Figure], right: &[Figure], al: &Alignment) -> Pairing {
    let mut p =
        Pairing { left: vec![(Status::Missing, None); left.len()], right: vec![(Status::Missing, None); right.len()] };
    let in_blocks = |figs: &[Figure], r: &std::ops::Range<usize>| -> Vec<usize> {
        (0..figs.len()).filter(|&i| r.contains(&(figs[i].block as usize))).collect()
    };
    for link in &al.links {
        let (ls, rs) = (in_blocks(left, &link.left), in_blocks(right, &link.right));
        let mut free_r: Vec<usize> = rs.clone();
        let mut free_l: Vec<usize> = Vec::new();
        // Exact matches first, in order.
        for &i in &ls {
            let hit = free_r
                .iter()
                .position(|&j| same_value(left[i].value, right[j].value) && left[i].unit.compatible(right[j].unit));
            match hit {
                Some(k) => {
                    let j = free_r.remove(k);
                    p.left[i] = (Status::Match, Some(j));
                    p.right[j] = (Status::Match, Some(i));
                }
                None => free_l.push(i),
            }
        }
        // Then what is left in the same link: a different quantity of the same kind, or the
        // same number in another unit.
        for &i in &free_l {
            let hit = free_r
                .iter()
                .position(|&j| left[i].unit.compatible(right[j].unit))
                .or_else(|| free_r.iter().position(|&j| same_value(left[i].value, right[j].value)));
            if let Some(k) = hit {
                let j = free_r.remove(k);
                p.left[i] = (Status::Mismatch, Some(j));
                p.right[j] = (Status::Mismatch, Some(i));
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Link;
    use crate::figures::{Kind, Unit};

    fn fig(block: u32, value: f64, unit: Unit) -> Figure {
        Figure {
            block,
            start: 0,
            end: 1,
            text: String::new(),
            value,
            upper: None,
            unit,
            comparator: None,
            year: None,
            kind: Kind::Target,
            line: 1,
        }
    }

    #[test]
    fn matches_mismatches_and_missing() {
        let left = vec![
            fig(0, 18e12, Unit::Cny),
            fig(0, 9.0, Unit::Percent),
            fig(1, 2.5e8, Unit::Households),
            fig(2, 4.0, Unit::Count),
        ];
        let right = vec![fig(0, 9.0, Unit::Percent), fig(0, 18e12, Unit::Cny), fig(1, 2.0e8, Unit::Households)];
        let al = Alignment {
            links: vec![
                Link { left: 0..1, right: 0..1, score: 1.0 },
                Link { left: 1..2, right: 1..2, score: 1.0 },
                Link { left: 2..3, right: 2..2, score: 1.0 },
            ],
        };
        let p = pair(&left, &right, &al);
        assert_eq!(
            p.left,
            vec![
                (Status::Match, Some(1)),
                (Status::Match, Some(0)),
                (Status::Mismatch, Some(2)),
                (Status::Missing, None)
            ]
        );
        assert_eq!(p.right[2], (Status::Mismatch, Some(2)));
    }
}

/// The figures of one version of a document, checked against a version in the other language.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionFigures {
    /// Version index in the document.
    pub version: usize,
    /// Its figures, in block order.
    pub figures: Vec<Figure>,
    /// The version it was checked against (the first in the other language), if any.
    pub against: Option<usize>,
    /// For each figure: status and the index of its counterpart among `against`'s figures.
    pub status: Vec<(Status, Option<usize>)>,
}

/// Every version's figures, each checked against the first version of the other language.
pub fn document(doc: &crate::model::Document) -> Vec<VersionFigures> {
    let figures: Vec<Vec<Figure>> = doc.versions.iter().map(|v| super::extract(v, doc.year)).collect();
    let first_in = |lang| doc.versions.iter().position(|v| v.lang == lang);
    let mut out = Vec::with_capacity(doc.versions.len());
    let mut cache: std::collections::HashMap<(usize, usize), Pairing> = std::collections::HashMap::new();
    for (i, v) in doc.versions.iter().enumerate() {
        let other = match v.lang {
            crate::text::Lang::Zh => first_in(crate::text::Lang::En),
            crate::text::Lang::En => first_in(crate::text::Lang::Zh),
        };
        let status = match other {
            None => vec![(Status::Missing, None); figures[i].len()],
            Some(j) => {
                let (a, b) = (i.min(j), i.max(j));
                let p = cache.entry((a, b)).or_insert_with(|| {
                    let al = crate::align::align(&doc.versions[a], &doc.versions[b]);
                    pair(&figures[a], &figures[b], &al)
                });
                if i == a { p.left.clone() } else { p.right.clone() }
            }
        };
        out.push(VersionFigures { version: i, figures: figures[i].clone(), against: other, status });
    }
    out
}
