//! What the aligner knows about each block, computed once per version.

use std::hash::Hasher;

use crate::model::{BlockKind, Version};
use crate::text::{Lang, digit_value, is_han};

/// The role of a block, for deciding which blocks may pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A title (front matter).
    Title,
    /// A section heading at a level.
    Heading(u8),
    /// Body text.
    Para,
    /// Document number, addressee, signature or date.
    Matter(BlockKind),
}

/// Per-block features.
#[derive(Debug, Clone)]
pub struct Features {
    /// The block's role.
    pub class: Class,
    /// Length in characters, spaces excluded.
    pub len: f32,
    /// Hashes of the quantities written in digits (years, amounts, percentages), sorted.
    pub numbers: Vec<u64>,
    /// For headings: ordinals from the top of the section tree down to this heading.
    pub ordinals: Vec<u32>,
    /// For headings: the (repaired) numbers along the same path.
    pub values: Vec<Option<u32>>,
    /// Repeats an earlier paragraph of the same version almost word for word.
    pub duplicate: bool,
    /// Sorted, deduplicated hashes of character bigrams (Chinese) or words (English), for
    /// comparing two versions in the same language.
    pub grams: Vec<u64>,
    /// Starts with a bullet.
    pub bullet: bool,
    /// Sorted ids of the lexicon entries the block mentions.
    pub terms: Vec<u16>,
}

impl Features {
    /// The features of consecutive paragraphs taken as one (for one-to-many links), or `None`
    /// when any of them is not a paragraph.
    pub fn merge(parts: &[Features]) -> Option<Features> {
        if parts.iter().any(|f| f.class != Class::Para) {
            return None;
        }
        Some(Features {
            class: Class::Para,
            len: parts.iter().map(|f| f.len).sum(),
            numbers: union(parts.iter().map(|f| f.numbers.as_slice())),
            ordinals: Vec::new(),
            values: Vec::new(),
            duplicate: parts.iter().any(|f| f.duplicate),
            grams: union(parts.iter().map(|f| f.grams.as_slice())),
            bullet: parts.first().is_some_and(|f| f.bullet),
            terms: union(parts.iter().map(|f| f.terms.as_slice())),
        })
    }
}

/// Computes the features of every block of `v`.
pub fn features(v: &Version) -> Vec<Features> {
    features_with(v, true)
}

/// Computes the features of every block of `v`, leaving `grams` empty unless `with_grams`: only
/// versions in the same language compare wording, and the bigram sets are the costliest feature.
/// Duplicates are found either way, from the wording of just the paragraphs that need it.
pub fn features_with(v: &Version, with_grams: bool) -> Vec<Features> {
    let mut out: Vec<Features> = v.blocks.iter().map(|b| block_features(b, v.lang)).collect();
    for (k, s) in v.sections.iter().enumerate() {
        let chain = v.section_chain(k);
        let f = &mut out[s.block];
        f.ordinals = chain.iter().map(|&c| v.sections[c].ordinal).collect();
        f.values = chain.iter().map(|&c| v.sections[c].value).collect();
    }
    let mut grams = Grams { version: v, sets: vec![None; v.blocks.len()] };
    if with_grams {
        (0..out.len()).for_each(|k| _ = grams.of(k));
    }
    mark_duplicates(&mut out, &mut grams);
    if with_grams {
        for (f, set) in out.iter_mut().zip(grams.sets) {
            f.grams = set.unwrap_or_default();
        }
    }
    out
}

/// The words a block's features describe: a heading's number is structure, not content.
fn content(b: &crate::model::Block) -> &str {
    b.heading.as_ref().map_or(b.text.as_str(), |h| h.title.as_str())
}

fn block_features(b: &crate::model::Block, lang: Lang) -> Features {
    let class = match b.kind {
        BlockKind::Title => Class::Title,
        BlockKind::Heading => Class::Heading(b.level().unwrap_or(1)),
        BlockKind::Paragraph => Class::Para,
        k => Class::Matter(k),
    };
    let content = content(b);
    Features {
        class,
        len: content.chars().filter(|c| !c.is_whitespace()).count() as f32,
        numbers: numbers(content),
        ordinals: Vec::new(),
        values: Vec::new(),
        duplicate: false,
        grams: Vec::new(),
        bullet: b.bullet,
        terms: super::lexicon::LEXICON.entries(content, lang),
    }
}

/// The bigram sets of a version's blocks, each computed on first use.
struct Grams<'v> {
    version: &'v Version,
    sets: Vec<Option<Vec<u64>>>,
}

impl Grams<'_> {
    fn of(&mut self, k: usize) -> &[u64] {
        let (block, lang) = (&self.version.blocks[k], self.version.lang);
        self.sets[k].get_or_insert_with(|| grams(content(block), lang))
    }

    /// Is the Dice similarity of the bigrams of blocks `a` and `b` at least `threshold`?
    fn similar(&mut self, a: usize, b: usize, threshold: f32) -> bool {
        let (la, lb) = (self.of(a).len(), self.of(b).len());
        // The sets cannot share more than the smaller holds: sets of very different sizes are
        // told apart without intersecting them (dice_of grows with the count, so this is exact).
        if dice_of(la.min(lb), la, lb) < threshold {
            return false;
        }
        let set = |k: usize| self.sets[k].as_deref().unwrap_or_default();
        dice(set(a), set(b)) >= threshold
    }
}

/// The union of sorted, deduplicated sets, by merging.
fn union<T: Ord + Copy>(sets: impl Iterator<Item = impl AsRef<[T]>>) -> Vec<T> {
    sets.fold(Vec::new(), |acc, set| {
        let set = set.as_ref();
        let mut out = Vec::with_capacity(acc.len() + set.len());
        let (mut i, mut j) = (0, 0);
        while i < acc.len() && j < set.len() {
            let (x, y) = (acc[i], set[j]);
            out.push(x.min(y));
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        out.extend_from_slice(&acc[i..]);
        out.extend_from_slice(&set[j..]);
        out
    })
}

/// A fast, deterministic hash for internal sets (not for anything adversarial).
fn fx(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for b in bytes {
        h.write_u8(b);
    }
    h.finish()
}

/// Numbers written in digits that carry information: two or more digits, decimals, or a digit
/// followed by %. Single digits (3G, "item 2") say little.
pub fn numbers(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut it = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = it.next() {
        let Some(d) = digit_value(c) else {
            prev = Some(c);
            continue;
        };
        let letter_before = prev.is_some_and(|p| p.is_ascii_alphabetic());
        let (mut h, mut digits, mut frac) = (rustc_hash::FxHasher::default(), 1, Vec::new());
        h.write_u32(d);
        let mut in_frac = false;
        let mut last = c;
        while let Some(&n) = it.peek() {
            if let Some(d) = digit_value(n) {
                if in_frac {
                    frac.push(d)
                } else {
                    h.write_u32(d);
                    digits += 1
                }
            } else if matches!(n, '.' | '．') && !in_frac {
                in_frac = true;
            } else if n == ',' && !in_frac {
                // 6,500 → 6500 (a comma followed by three digits); otherwise the number ends.
                let mut look = it.clone();
                look.next();
                if !(0..3).all(|_| look.next().is_some_and(|x| x.is_ascii_digit())) {
                    break;
                }
            } else {
                break;
            }
            last = n;
            it.next();
        }
        // "2.0" is 2; a trailing "." ends the sentence, not the number.
        while frac.last() == Some(&0) {
            frac.pop();
        }
        if !frac.is_empty() {
            h.write_u8(b'.');
            for d in &frac {
                h.write_u32(*d);
            }
        }
        let percent = it.peek().is_some_and(|c| matches!(c, '%' | '％'));
        if !letter_before && (digits + frac.len() >= 2 || percent) {
            out.push(h.finish());
        }
        prev = Some(last);
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn grams(text: &str, lang: Lang) -> Vec<u64> {
    let mut out: Vec<u64> = match lang {
        // Bigrams of Han characters and digits, packed exactly into a u64.
        Lang::Zh => {
            let mut prev: Option<char> = None;
            let mut v = Vec::with_capacity(text.len() / 3);
            for c in text.chars().map(crate::text::fold_width).filter(|&c| is_han(c) || c.is_ascii_alphanumeric()) {
                if let Some(p) = prev {
                    v.push(((p as u64) << 32) | c as u64);
                }
                prev = Some(c);
            }
            v
        }
        Lang::En => text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(|w| fx(w.bytes().map(|b| b.to_ascii_lowercase())))
            .collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Dice similarity of two sorted hash sets, in 0..=1.
pub fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    dice_of(shared(a, b), a.len(), b.len())
}

/// Dice similarity of two sets of sizes `a` and `b` sharing `shared` elements.
pub fn dice_of(shared: usize, a: usize, b: usize) -> f32 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    2.0 * shared as f32 / (a + b) as f32
}

/// Size of the intersection of two sorted sets.
pub fn shared(a: &[u64], b: &[u64]) -> usize {
    // Branch-free merge: which side advances is unpredictable, and this runs for every cell of
    // a same-language lattice, so a mispredicted branch per step would dominate.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
        n += usize::from(x == y);
    }
    n
}

/// A paragraph that repeats one of the few before it is a scraping or editing accident (the
/// 2006 Strategy's English repeats two); the aligner lets it go unpaired cheaply.
fn mark_duplicates(f: &mut [Features], grams: &mut Grams) {
    for i in 0..f.len() {
        if f[i].class != Class::Para {
            continue;
        }
        // Near-copies have near-equal lengths; check that before computing any wording.
        let similar_len = |j: usize| (f[j].len - f[i].len).abs() <= 0.2 * f[i].len.max(f[j].len);
        let candidates = (i.saturating_sub(8)..i).filter(|&j| f[j].class == Class::Para && similar_len(j));
        if candidates.clone().next().is_none() || grams.of(i).len() < 8 {
            continue;
        }
        let duplicate = candidates.into_iter().any(|j| grams.similar(i, j, 0.85));
        f[i].duplicate = duplicate;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_worth_comparing() {
        let zh = numbers(
            "全国电子商务交易额超过18万亿元，网络零售额占比重超过9%，接入用户超过2.5亿户，带宽达到每秒6500吉比特，3G网络",
        );
        let en = numbers(
            "trading value is to exceed 18 trillion Yuan, exceeding 9%, 250 million accounts, 6,500 Gbit per second; 3g networks",
        );
        assert_eq!(zh.len(), 4);
        assert_eq!(shared(&zh, &en), 3, "18, 9%, 6500 — but not 2.5 vs 250, nor 3G");
    }

    #[test]
    fn dice_of_sets() {
        assert_eq!(dice(&[1, 2, 3, 4], &[1, 2, 3, 4]), 1.0);
        assert_eq!(dice(&[1, 2], &[3, 4]), 0.0);
        assert_eq!(dice(&[], &[3, 4]), 0.0);
    }
}
