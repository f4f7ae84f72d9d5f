//! Alignment between two versions of a document: a monotone list of links between their
//! blocks (one-to-one, one-to-none, none-to-one, one-to-many), each with a score in 0..=1.
//!
//! A dynamic program ([`dp`]) over both block sequences picks the cheapest path through the
//! link shapes in [`cost::MOVES`], with costs from [`cost`] and block features from
//! [`features`] (including shared vocabulary from the [`lexicon`], and between versions in one
//! language shared wording, counted by [`overlap`]); each link's score is its posterior
//! probability.

pub mod cost;
pub mod dp;
pub mod features;
pub mod lexicon;
pub mod overlap;

use std::ops::Range;

use crate::model::{Document, Version};
use cost::{MOVES, Model};
use features::Features;

/// One link: blocks `left` of the left version go with blocks `right` of the right version.
/// An empty range means "no counterpart".
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// Block indices in the left version.
    pub left: Range<usize>,
    /// Block indices in the right version.
    pub right: Range<usize>,
    /// Confidence in 0..=1.
    pub score: f32,
}

/// The alignment of two versions.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Alignment {
    /// Links in document order; every block of either version is in exactly one link.
    pub links: Vec<Link>,
}

impl Alignment {
    /// The link holding left block `b`.
    pub fn link_of_left(&self, b: usize) -> Option<usize> {
        self.links.iter().position(|l| l.left.contains(&b))
    }

    /// The link holding right block `b`.
    pub fn link_of_right(&self, b: usize) -> Option<usize> {
        self.links.iter().position(|l| l.right.contains(&b))
    }
}

/// The pairs of version indices of a document to align, each once, earlier version on the left
/// (versions are ordered Chinese first, so Chinese is on the left of a Chinese–English pair).
/// Every version is aligned with every other; a document with more than
/// [`MAX_ALL_PAIRS`] versions (a folder holding many copies of one text) aligns each version
/// with the first version of each language only, so the work stays linear.
pub fn version_pairs(doc: &Document) -> Vec<(usize, usize)> {
    let n = doc.versions.len();
    if n <= MAX_ALL_PAIRS {
        return (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect();
    }
    let hubs: Vec<usize> =
        (0..n).filter(|&i| doc.versions[..i].iter().all(|v| v.lang != doc.versions[i].lang)).collect();
    let mut pairs: Vec<(usize, usize)> =
        hubs.iter().flat_map(|&h| (0..n).filter(move |&j| j != h).map(move |j| (h.min(j), h.max(j)))).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Above this many versions a document is aligned as a star, not all pairs.
pub const MAX_ALL_PAIRS: usize = 4;

/// A version's blocks reduced to what the aligner compares, computed once per version.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The version's language.
    pub lang: crate::text::Lang,
    /// One entry per block.
    pub blocks: Vec<Features>,
    /// `merged[k][i]`: blocks `i..i+k+2` taken together (k = 0 for pairs, 1 for triples).
    pub merged: [Vec<Option<Features>>; 2],
    /// Whether the blocks' wording (`grams`) was computed: only versions in the same language
    /// compare it.
    pub grams: bool,
}

/// Computes what the aligner needs from a version.
pub fn prepare(v: &Version) -> Prepared {
    prepare_with(v, true)
}

/// Computes what the aligner needs from a version, the wording only `with_grams`.
fn prepare_with(v: &Version, with_grams: bool) -> Prepared {
    let blocks = features::features_with(v, with_grams);
    let merged = [2, 3].map(|k| blocks.windows(k).map(Features::merge).collect());
    Prepared { lang: v.lang, blocks, merged, grams: with_grams }
}

/// Aligns two versions.
pub fn align(left: &Version, right: &Version) -> Alignment {
    let same_lang = left.lang == right.lang;
    align_prepared(&prepare_with(left, same_lang), &prepare_with(right, same_lang))
}

/// Aligns every pair of versions of a document (see [`version_pairs`]), preparing each version
/// once, and only as far as its pairs need: ((left, right), alignment).
pub fn align_document(doc: &Document) -> Vec<((usize, usize), Alignment)> {
    use rayon::prelude::*;
    let pairs = version_pairs(doc);
    // For each version: not in any pair (None), or whether a pair is in its own language.
    let mut needs: Vec<Option<bool>> = vec![None; doc.versions.len()];
    for &(a, b) in &pairs {
        let same_lang = doc.versions[a].lang == doc.versions[b].lang;
        for v in [a, b] {
            needs[v] = Some(needs[v].unwrap_or(false) || same_lang);
        }
    }
    let prepared: Vec<Option<Prepared>> =
        doc.versions.par_iter().zip(needs).map(|(v, need)| need.map(|g| prepare_with(v, g))).collect();
    pairs
        .into_par_iter()
        .filter_map(|(a, b)| Some(((a, b), align_prepared(prepared[a].as_ref()?, prepared[b].as_ref()?))))
        .collect()
}

/// Aligns two prepared versions.
pub fn align_prepared(left: &Prepared, right: &Prepared) -> Alignment {
    debug_assert!(left.lang != right.lang || (left.grams && right.grams), "same-language pairs compare wording");
    let model = Model::new(&left.blocks, &right.blocks, left.lang == right.lang);
    let lattice = dp::Lattice::new(&model, left, right);
    let path = lattice.viterbi();
    let scores = lattice.posteriors(&path);
    let links = path
        .iter()
        .zip(scores)
        .map(|(&(i, j, k), score)| {
            let (di, dj) = MOVES[k];
            Link { left: i..i + di, right: j..j + dj, score }
        })
        .collect();
    Alignment { links }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;

    #[test]
    fn every_block_is_in_exactly_one_link_and_links_are_monotone() {
        let lib = embedded::library().unwrap();
        for doc in &lib.documents {
            for (a, b) in version_pairs(doc) {
                let al = align(&doc.versions[a], &doc.versions[b]);
                let (mut li, mut ri) = (0, 0);
                for l in &al.links {
                    assert_eq!(l.left.start, li, "{}", doc.id);
                    assert_eq!(l.right.start, ri, "{}", doc.id);
                    assert!(!(l.left.is_empty() && l.right.is_empty()));
                    assert!((0.0..=1.0).contains(&l.score));
                    li = l.left.end;
                    ri = l.right.end;
                }
                assert_eq!((li, ri), (doc.versions[a].blocks.len(), doc.versions[b].blocks.len()));
            }
        }
    }
}
