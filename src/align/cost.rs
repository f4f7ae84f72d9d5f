//! How unlikely each kind of link is: the costs the alignment minimises.
//!
//! Costs are negative log-likelihoods, roughly: 0 is an ordinary good pair, higher is worse.
//! Structure (kinds, levels, ordinals in the section tree) is strong evidence; length ratios
//! are the workhorse for paragraphs (Gale & Church); numbers shared by both texts are weak
//! evidence, capped, so that a heading "(2)" is not pulled to every "2"; between versions in
//! the same language the shared wording decides.

use super::features::{Class, Features, dice_of, shared};

/// Link shapes the DP may use: (left blocks, right blocks).
pub const MOVES: [(usize, usize); 7] = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1)];

/// Parameters estimated for one pair of versions.
#[derive(Debug, Clone)]
pub struct Model {
    /// Expected right length per unit of left length.
    pub ratio: f32,
    /// Spread of the log length ratio.
    pub sigma: f32,
    /// Both versions are in the same language (compare wording directly).
    pub same_lang: bool,
    /// Weight of each lexicon entry: rare entries in these two versions count more.
    pub idf: Vec<f32>,
}

impl Model {
    /// Estimates the length ratio from the paragraphs of both versions.
    pub fn new(left: &[Features], right: &[Features], same_lang: bool) -> Model {
        let total =
            |f: &[Features]| f.iter().filter(|x| x.class == Class::Para && !x.duplicate).map(|x| x.len).sum::<f32>();
        let (l, r) = (total(left), total(right));
        let ratio = if l > 0.0 && r > 0.0 { r / l } else { 1.0 };
        Model { ratio, sigma: if same_lang { 0.2 } else { 0.38 }, same_lang, idf: idf(left, right) }
    }

    /// Weighted overlap (0..=1) of the lexicon entries of two blocks (or groups of blocks).
    pub fn lexical(&self, a: &[u16], b: &[u16]) -> Option<f32> {
        if a.is_empty() || b.is_empty() || self.idf.is_empty() {
            return None;
        }
        let w = |e: &u16| self.idf.get(*e as usize).copied().unwrap_or(0.0);
        let (wa, wb): (f32, f32) = (a.iter().map(w).sum(), b.iter().map(w).sum());
        let common: f32 = a.iter().filter(|e| b.binary_search(e).is_ok()).map(w).sum();
        (wa > 0.0 && wb > 0.0).then(|| common / (wa * wb).sqrt())
    }

    /// Cost of the lengths `l` (left) and `r` (right) being translations of each other.
    pub fn len_cost(&self, l: f32, r: f32) -> f32 {
        let x = ((r + 6.0) / (self.ratio * (l + 6.0))).ln() / self.sigma;
        (x * x / 2.0).min(12.0)
    }
}

/// Inverse document frequency of each lexicon entry over the blocks of both versions.
fn idf(left: &[Features], right: &[Features]) -> Vec<f32> {
    let n = super::lexicon::LEXICON.len;
    let mut df = vec![0u32; n];
    for f in left.iter().chain(right) {
        for &e in &f.terms {
            if let Some(d) = df.get_mut(e as usize) {
                *d += 1;
            }
        }
    }
    let blocks = (left.len() + right.len()) as f32;
    df.into_iter().map(|d| ((blocks + 1.0) / (d as f32 + 1.0)).ln()).collect()
}

/// Cost of leaving a block unpaired.
pub fn skip(f: &Features) -> f32 {
    match f.class {
        Class::Para if f.duplicate => 0.3,
        Class::Para => 4.0,
        Class::Heading(_) => 5.0,
        Class::Title | Class::Matter(_) => 1.5,
    }
}

/// Cost of pairing block `a` (left) with block `b` (right).
pub fn pair(m: &Model, a: &Features, b: &Features) -> f32 {
    pair_with(m, a, b, shared_grams(m, a, b))
}

/// How many bigrams two blocks share, where the cost looks at it (same language only).
fn shared_grams(m: &Model, a: &Features, b: &Features) -> usize {
    if m.same_lang { shared(&a.grams, &b.grams) } else { 0 }
}

/// [`pair`], given the bigrams `a` and `b` share (counted by the caller, see [`super::overlap`]).
pub fn pair_with(m: &Model, a: &Features, b: &Features, shared_grams: usize) -> f32 {
    let base = match (a.class, b.class) {
        (Class::Heading(la), Class::Heading(lb)) => {
            2.5 * la.abs_diff(lb) as f32 + structure(a, b) + 0.35 * m.len_cost(a.len, b.len)
        }
        (Class::Title, Class::Title) => 0.5 * m.len_cost(a.len, b.len),
        (Class::Title, Class::Heading(_)) | (Class::Heading(_), Class::Title) => 4.0 + 0.5 * m.len_cost(a.len, b.len),
        (Class::Para, Class::Para) => {
            let dup = if a.duplicate || b.duplicate { 1.5 } else { 0.0 };
            let bullets = if a.bullet != b.bullet { 0.4 } else { 0.0 };
            m.len_cost(a.len, b.len) + dup + bullets
        }
        (Class::Matter(x), Class::Matter(y)) if x == y => -1.0 + 0.2 * m.len_cost(a.len, b.len),
        (Class::Matter(_), Class::Matter(_)) => 4.0,
        (Class::Matter(_), Class::Para) | (Class::Para, Class::Matter(_)) => 3.0 + m.len_cost(a.len, b.len),
        (Class::Title, Class::Matter(_)) | (Class::Matter(_), Class::Title) => 4.0,
        _ => 9.0,
    };
    base + evidence(m, a, b, shared_grams) + lexical(m, &a.terms, &b.terms)
}

/// Shared vocabulary across languages: a translation mentions the same things.
fn lexical(m: &Model, a: &[u16], b: &[u16]) -> f32 {
    if m.same_lang {
        return 0.0;
    }
    m.lexical(a, b).map_or(0.0, |sim| LEX_WEIGHT * (LEX_MIDPOINT - sim))
}

/// Overlap at which lexical evidence is neutral, and how much a unit of overlap is worth.
const LEX_MIDPOINT: f32 = 0.45;
const LEX_WEIGHT: f32 = 5.0;

/// Cost of pairing one block with several consecutive paragraphs on the other side (or the
/// reverse): `one` is the single block, `many` the group merged into one (see
/// [`Features::merge`]), `parts` how many blocks the group has, `one_is_left` which side is which.
pub fn merge(m: &Model, one: &Features, many: &Features, parts: usize, one_is_left: bool) -> f32 {
    merge_with(m, one, many, parts, one_is_left, shared_grams(m, one, many))
}

/// [`merge`], given the bigrams `one` and `many` share (see [`pair_with`]).
pub fn merge_with(
    m: &Model,
    one: &Features,
    many: &Features,
    parts: usize,
    one_is_left: bool,
    shared_grams: usize,
) -> f32 {
    if one.class != Class::Para || many.class != Class::Para {
        return f32::INFINITY;
    }
    let prior = if parts == 2 { 2.3 } else { 4.0 };
    let dup = if many.duplicate { 1.5 } else { 0.0 };
    let (lc, ev) = if one_is_left {
        (m.len_cost(one.len, many.len), evidence(m, one, many, shared_grams) + lexical(m, &one.terms, &many.terms))
    } else {
        (m.len_cost(many.len, one.len), evidence(m, many, one, shared_grams) + lexical(m, &many.terms, &one.terms))
    };
    prior + dup + lc + ev
}

/// Headings are compared by their place in the section tree: the same chain of ordinals from
/// the top is strong evidence; the same number alone only weak evidence.
fn structure(a: &Features, b: &Features) -> f32 {
    let same_path = !a.ordinals.is_empty() && a.ordinals == b.ordinals;
    let same_last = a.ordinals.last() == b.ordinals.last();
    let mut c = if same_path {
        -2.0
    } else if same_last {
        0.3
    } else {
        let (x, y) = (a.ordinals.last().copied().unwrap_or(0), b.ordinals.last().copied().unwrap_or(0));
        1.0 + 0.4 * (x.abs_diff(y).min(4) as f32)
    };
    if a.values.last().is_some_and(|v| v.is_some()) && a.values.last() == b.values.last() {
        c -= 0.4;
    }
    c
}

/// Weak evidence from shared numbers, strong evidence from shared wording (same language only).
/// `shared_grams`: the bigrams `a` and `b` share.
fn evidence(m: &Model, a: &Features, b: &Features, shared_grams: usize) -> f32 {
    let common = shared(&a.numbers, &b.numbers);
    let unmatched = a.numbers.len() + b.numbers.len() - 2 * common;
    let mut c = -0.7 * common.min(3) as f32 + 0.25 * unmatched.min(4) as f32;
    if m.same_lang {
        c += 6.0 * (0.3 - dice_of(shared_grams, a.grams.len(), b.grams.len()));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(len: f32) -> Features {
        Features {
            class: Class::Para,
            len,
            numbers: vec![],
            ordinals: vec![],
            values: vec![],
            duplicate: false,
            grams: vec![],
            bullet: false,
            terms: vec![],
        }
    }

    #[test]
    fn length_cost_is_lowest_at_the_expected_ratio() {
        let m = Model { ratio: 3.0, sigma: 0.38, same_lang: false, idf: vec![] };
        assert!(m.len_cost(100.0, 300.0) < 0.01);
        assert!(m.len_cost(100.0, 150.0) > m.len_cost(100.0, 250.0));
        assert!(m.len_cost(100.0, 900.0) > 3.0);
    }

    #[test]
    fn shared_numbers_are_weak_evidence() {
        let m = Model { ratio: 3.0, sigma: 0.38, same_lang: false, idf: vec![] };
        let mut a = para(100.0);
        let mut b = para(300.0);
        let plain = pair(&m, &a, &b);
        a.numbers = vec![1, 2, 3, 4, 5];
        b.numbers = vec![1, 2, 3, 4, 5];
        let boosted = pair(&m, &a, &b);
        assert!(plain - boosted <= 2.1, "numbers may not outweigh everything");
        assert!(pair(&m, &para(100.0), &para(900.0)) > boosted + 3.0, "a shared number does not rescue a bad length");
    }
}
