//! The aligner on perturbed documents: English paragraphs deleted, merged, split and
//! duplicated at random (seeded), with the expected links derived from the gold alignments.
//! This guards against an aligner that only fits the shipped documents.

use std::collections::{BTreeSet, HashMap};

use duizhao::align::align;
use duizhao::import::embedded;
use duizhao::model::{Block, BlockKind, Version};

/// A small deterministic generator (no dependency needed for a test).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Gold: for each en block index, the zh block indices it translates.
fn gold(doc: &str, zh: &Version, en: &Version) -> HashMap<usize, BTreeSet<usize>> {
    let path = format!("{}/tests/gold/align/{doc}.zh-en.tsv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let find = |v: &Version, line: &str, heading: bool| {
        line.parse::<u32>()
            .ok()
            .and_then(|l| v.blocks.iter().position(|b| b.lines.0 == l && b.kind.is_heading_like() == heading))
    };
    let mut out: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for row in text.lines().filter(|l| !l.starts_with('#')) {
        let c: Vec<&str> = row.split('\t').collect();
        let heading = c[0] == "heading";
        if let (Some(z), Some(e)) = (find(zh, c[1], heading), find(en, c[2], heading)) {
            out.entry(e).or_default().insert(z);
        }
    }
    out
}

/// Perturbs the English blocks; returns the new blocks and, for each, the original indices it holds.
fn perturb(blocks: &[Block], rng: &mut Lcg, edits: usize) -> (Vec<Block>, Vec<Vec<usize>>) {
    let mut out: Vec<(Block, Vec<usize>)> = blocks.iter().cloned().enumerate().map(|(i, b)| (b, vec![i])).collect();
    for _ in 0..edits {
        let paras: Vec<usize> = (0..out.len()).filter(|&i| out[i].0.kind == BlockKind::Paragraph).collect();
        if paras.len() < 4 {
            break;
        }
        let i = paras[rng.below(paras.len())];
        match rng.below(4) {
            0 => {
                out.remove(i);
            }
            1 if out.get(i + 1).is_some_and(|b| b.0.kind == BlockKind::Paragraph) => {
                let (next, orig) = out.remove(i + 1);
                out[i].0.text = format!("{} {}", out[i].0.text, next.text);
                out[i].1.extend(orig);
            }
            2 => {
                let text = out[i].0.text.clone();
                if let Some(cut) = text.match_indices(". ").map(|(k, _)| k + 1).find(|&k| k > text.len() / 3) {
                    let (a, b) = text.split_at(cut);
                    out[i].0.text = a.to_owned();
                    let mut second = out[i].clone();
                    second.0.text = b.trim().to_owned();
                    out.insert(i + 1, second);
                }
            }
            _ => {
                let mut dup = out[i].clone();
                dup.1.clear();
                out.insert(i + 1, dup);
            }
        }
    }
    out.into_iter().unzip()
}

#[test]
fn alignment_survives_deletions_merges_splits_and_duplicates() {
    let lib = embedded::library().unwrap();
    let mut worst = 1.0f64;
    for doc in [
        "2012-opinions-informatization-security",
        "2016-informatization-strategy-outline",
        "2006-2020-informatization-strategy",
    ] {
        let d = lib.document(doc).unwrap();
        let (zh, en) = (d.version("zh").unwrap(), d.version("en").unwrap());
        let g = gold(doc, zh, en);
        for seed in 1..=6u64 {
            let mut rng = Lcg(seed * 7919);
            let (blocks, origin) = perturb(&en.blocks, &mut rng, 8);
            let en2 = Version::new("en".into(), en.lang, en.source.clone(), blocks);
            let al = align(zh, &en2);
            // Expected zh partners of each new block, and the inverse.
            let expect: Vec<BTreeSet<usize>> =
                origin.iter().map(|o| o.iter().flat_map(|e| g.get(e).cloned().unwrap_or_default()).collect()).collect();
            let mut got: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); en2.blocks.len()];
            for l in &al.links {
                for r in l.right.clone() {
                    got[r].extend(l.left.clone());
                }
            }
            // A duplicate may take either copy's place, so judge each new block by: its links
            // are right, or it is an unpaired or paired copy of something already paired right.
            let paras: Vec<usize> =
                (0..en2.blocks.len()).filter(|&k| en2.blocks[k].kind == BlockKind::Paragraph).collect();
            let right = paras
                .iter()
                .filter(|&&k| {
                    got[k] == expect[k]
                        || (origin[k].is_empty() && got[k].iter().all(|z| expect.iter().any(|e| e.contains(z))))
                })
                .count();
            let acc = right as f64 / paras.len() as f64;
            println!("{doc} seed {seed}: {:.1}% of {} paragraphs", acc * 100.0, paras.len());
            worst = worst.min(acc);
        }
    }
    assert!(worst >= 0.93, "worst perturbed accuracy {:.1}%", worst * 100.0);
}
