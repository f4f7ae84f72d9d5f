//! `duizhao align`: the alignment between every two versions of each document.

use std::io::Write;

use serde::Serialize;

use crate::align::{Alignment, align_document};
use crate::model::{Block, Document, Version};
use crate::text::str_width;

/// The JSON contract of `align --json`.
#[derive(Serialize)]
pub struct AlignJson<'a> {
    doc: &'a str,
    left: &'a str,
    right: &'a str,
    left_source: &'a str,
    right_source: &'a str,
    pairs: Vec<PairJson>,
}

/// One pair: a one-to-many link is written as several pairs sharing a line.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct PairJson {
    /// `heading` when both blocks are headings or titles, else `paragraph`.
    pub kind: &'static str,
    /// First source line of the left block, or null.
    pub left_line: Option<u32>,
    /// First source line of the right block, or null.
    pub right_line: Option<u32>,
    /// Confidence in 0..=1.
    pub score: f32,
}

/// The pairs of an alignment, as the JSON writes them.
pub fn pairs(left: &Version, right: &Version, al: &Alignment) -> Vec<PairJson> {
    let mut out = Vec::new();
    let score = |s: f32| (s * 1000.0).round() / 1000.0;
    for link in &al.links {
        match (link.left.is_empty(), link.right.is_empty()) {
            (false, true) => {
                out.extend(link.left.clone().map(|b| single(&left.blocks[b], Some(b), None, score(link.score))))
            }
            (true, false) => {
                out.extend(link.right.clone().map(|b| single(&right.blocks[b], None, Some(b), score(link.score))))
            }
            _ => {
                for a in link.left.clone() {
                    for b in link.right.clone() {
                        let kind = if left.blocks[a].kind.is_heading_like() && right.blocks[b].kind.is_heading_like() {
                            "heading"
                        } else {
                            "paragraph"
                        };
                        out.push(PairJson {
                            kind,
                            left_line: Some(left.blocks[a].lines.0),
                            right_line: Some(right.blocks[b].lines.0),
                            score: score(link.score),
                        });
                    }
                }
            }
        }
    }
    out
}

fn single(block: &Block, l: Option<usize>, r: Option<usize>, score: f32) -> PairJson {
    let kind = if block.kind.is_heading_like() { "heading" } else { "paragraph" };
    let line = Some(block.lines.0);
    PairJson { kind, left_line: l.and(line), right_line: r.and(line), score }
}

/// Prints the alignments.
pub fn run(docs: &[Document], json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let aligned: Vec<(&Document, usize, usize, Alignment)> = {
        use rayon::prelude::*;
        let per_doc: Vec<Vec<((usize, usize), Alignment)>> = docs.par_iter().map(align_document).collect();
        docs.iter().zip(per_doc).flat_map(|(d, v)| v.into_iter().map(move |((a, b), al)| (d, a, b, al))).collect()
    };
    if json {
        let rows: Vec<AlignJson> = aligned
            .iter()
            .map(|(d, a, b, al)| {
                let (l, r) = (&d.versions[*a], &d.versions[*b]);
                AlignJson {
                    doc: &d.id,
                    left: &l.id,
                    right: &r.id,
                    left_source: &l.source.name,
                    right_source: &r.source.name,
                    pairs: pairs(l, r, al),
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for (d, a, b, al) in &aligned {
        let (l, r) = (&d.versions[*a], &d.versions[*b]);
        writeln!(out, "== {} · {} ↔ {}", d.id, l.id, r.id)?;
        for link in &al.links {
            let side = |v: &Version, range: &std::ops::Range<usize>| -> (String, String) {
                match range.clone().next() {
                    None => ("-".to_owned(), "·".to_owned()),
                    Some(first) => {
                        let lines = format!(
                            "{}{}",
                            v.blocks[first].lines.0,
                            if range.len() > 1 { format!("+{}", range.len() - 1) } else { String::new() }
                        );
                        (lines, clip(&v.blocks[first].text, 36))
                    }
                }
            };
            let (ll, lt) = side(l, &link.left);
            let (rl, rt) = side(r, &link.right);
            writeln!(out, "{:>4.2} {ll:>7} {} │ {rl:>7} {rt}", link.score, pad(&lt, 36))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The first `width` display columns of `s`, with an ellipsis when cut.
pub fn clip(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = crate::text::char_width(c, false);
        if w + cw > width.saturating_sub(1) {
            out.push('…');
            return out;
        }
        out.push(c);
        w += cw;
    }
    out
}

fn pad(s: &str, width: usize) -> String {
    let w = str_width(s, false);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
