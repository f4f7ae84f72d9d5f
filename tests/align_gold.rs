//! The aligner against hand-checked gold alignments of the shipped bilingual documents
//! (`tests/gold/align/*.tsv`, written by reading both texts). The aim from the issue: at least
//! 98% of heading pairs and 95% of paragraph pairs right on each document.

use std::collections::HashSet;

use duizhao::align::{align, version_pairs};
use duizhao::commands::align::pairs;
use duizhao::import::embedded;

type Pair = (String, Option<u32>, Option<u32>);

struct Gold {
    doc: String,
    left: String,
    right: String,
    rows: Vec<Pair>,
}

fn read_gold() -> Vec<Gold> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/align");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".tsv").unwrap();
        let (doc, versions) = stem.split_once('.').unwrap();
        let (left, right) = versions.split_once('-').unwrap();
        let line = |s: &str| if s == "-" { None } else { Some(s.parse::<u32>().unwrap()) };
        let rows = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                (cols[0].to_owned(), line(cols[1]), line(cols[2]))
            })
            .collect();
        out.push(Gold { doc: doc.to_owned(), left: left.to_owned(), right: right.to_owned(), rows });
    }
    out
}

#[test]
fn alignment_matches_gold() {
    let lib = embedded::library().unwrap();
    let golds = read_gold();
    assert!(golds.len() >= 4, "gold files for the three bilingual documents and the two Chinese versions");
    let mut failures = Vec::new();
    for g in &golds {
        let doc = lib.document(&g.doc).unwrap_or_else(|| panic!("no document {}", g.doc));
        let (a, b) = version_pairs(doc)
            .into_iter()
            .find(|&(a, b)| doc.versions[a].id == g.left && doc.versions[b].id == g.right)
            .unwrap_or_else(|| panic!("{}: no pair {} ↔ {}", g.doc, g.left, g.right));
        let (l, r) = (&doc.versions[a], &doc.versions[b]);
        let ours: HashSet<Pair> =
            pairs(l, r, &align(l, r)).into_iter().map(|p| (p.kind.to_owned(), p.left_line, p.right_line)).collect();
        for kind in ["heading", "paragraph"] {
            let rows: Vec<&Pair> = g.rows.iter().filter(|p| p.0 == kind).collect();
            let wrong: Vec<&&Pair> = rows.iter().filter(|p| !ours.contains(**p)).collect();
            let acc = 1.0 - wrong.len() as f64 / rows.len().max(1) as f64;
            println!("{} {}↔{} {kind}: {:.1}% of {} right", g.doc, g.left, g.right, acc * 100.0, rows.len());
            for w in &wrong {
                let got: Vec<&Pair> = ours
                    .iter()
                    .filter(|o| o.0 == kind && ((w.1.is_some() && o.1 == w.1) || (w.2.is_some() && o.2 == w.2)))
                    .collect();
                println!(
                    "   gold {:?} ↔ {:?}; ours {:?}",
                    w.1,
                    w.2,
                    got.iter().map(|o| (o.1, o.2)).collect::<Vec<_>>()
                );
            }
            let need = if kind == "heading" { 0.98 } else { 0.95 };
            if acc < need {
                failures.push(format!("{} {kind}: {:.1}% < {:.0}%", g.doc, acc * 100.0, need * 100.0));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Not a check: prints how lexical overlap separates gold pairs from their neighbours, to
/// calibrate the cost (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn lexical_overlap_statistics() {
    use duizhao::align::{cost::Model, features::features};
    let lib = embedded::library().unwrap();
    for g in read_gold().iter().filter(|g| g.right == "en") {
        let doc = lib.document(&g.doc).unwrap();
        let (l, r) = (doc.version(&g.left).unwrap(), doc.version(&g.right).unwrap());
        let (fl, fr) = (features(l), features(r));
        let m = Model::new(&fl, &fr, false);
        let idx = |v: &duizhao::model::Version, line: u32, kind: &str| {
            v.blocks.iter().position(|b| b.lines.0 == line && b.kind.is_heading_like() == (kind == "heading"))
        };
        let (mut good, mut near) = (Vec::new(), Vec::new());
        for (kind, a, b) in &g.rows {
            let (Some(a), Some(b)) = (a, b) else { continue };
            let (Some(i), Some(j)) = (idx(l, *a, kind), idx(r, *b, kind)) else { continue };
            if let Some(s) = m.lexical(&fl[i].terms, &fr[j].terms) {
                good.push(s);
            }
            for dj in [j.wrapping_sub(2), j.wrapping_sub(1), j + 1, j + 2] {
                if let Some(f) = fr.get(dj).filter(|f| f.class == fr[j].class)
                    && let Some(s) = m.lexical(&fl[i].terms, &f.terms)
                {
                    near.push(s);
                }
            }
        }
        let q = |v: &mut Vec<f32>, p: f32| {
            v.sort_by(|a, b| a.total_cmp(b));
            v.get(((v.len() as f32 - 1.0) * p) as usize).copied().unwrap_or(f32::NAN)
        };
        println!(
            "{}: gold pairs p10 {:.2} p50 {:.2} p90 {:.2} | neighbours p10 {:.2} p50 {:.2} p90 {:.2}",
            g.doc,
            q(&mut good, 0.1),
            q(&mut good, 0.5),
            q(&mut good, 0.9),
            q(&mut near, 0.1),
            q(&mut near, 0.5),
            q(&mut near, 0.9)
        );
    }
}
