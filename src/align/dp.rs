//! The alignment lattice: cells (i, j) = "the first i left blocks and j right blocks are
//! aligned", edges = link shapes with costs. Viterbi finds the cheapest monotone path;
//! forward–backward gives each link on it the posterior probability that it is right, which is
//! the score we report (a skip that every plausible alternative also makes scores high; a
//! toss-up between two neighbours scores about one half).

use super::Prepared;
use super::cost::{self, MOVES, Model};
use super::overlap;

/// Edge costs of every cell, computed once.
pub struct Lattice {
    n: usize,
    m: usize,
    /// First and last right index visited for each left index (a band for long documents).
    rows: Vec<(usize, usize)>,
    /// Offset of each row's first cell in `costs`.
    offsets: Vec<usize>,
    /// Cost of each move out of each cell (infinite when it leaves the lattice).
    costs: Vec<[f32; MOVES.len()]>,
}

impl Lattice {
    /// Computes the edge costs between `fl` (left) and `fr` (right).
    pub fn new(model: &Model, left: &Prepared, right: &Prepared) -> Lattice {
        let (n, m) = (left.blocks.len(), right.blocks.len());
        let rows: Vec<(usize, usize)> = (0..=n).map(band(n, m)).collect();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut total = 0;
        for &(lo, hi) in &rows {
            offsets.push(total);
            total += hi - lo + 1;
        }
        let mut costs = Vec::with_capacity(total);
        let wording = model.same_lang.then(|| overlap::Index::new(right));
        for (i, &(lo, hi)) in rows.iter().enumerate() {
            let shared = wording.as_ref().map(|w| overlap::Row::new(w, left, i, lo, hi));
            for j in lo..=hi {
                let mut c = [f32::INFINITY; MOVES.len()];
                for (k, &(di, dj)) in MOVES.iter().enumerate() {
                    if i + di <= n && j + dj <= m {
                        let grams = shared.as_ref().map_or(0, |s| s.shared(k, j));
                        c[k] = move_cost(model, left, right, (i, j), (di, dj), grams);
                    }
                }
                costs.push(c);
            }
        }
        Lattice { n, m, rows, offsets, costs }
    }

    fn cell(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = *self.rows.get(i)?;
        (lo..=hi).contains(&j).then(|| self.offsets[i] + j - lo)
    }

    /// The cheapest path, as (i, j, move) steps from (0, 0) to (n, m).
    pub fn viterbi(&self) -> Vec<(usize, usize, usize)> {
        let mut best = vec![f32::INFINITY; self.costs.len()];
        let mut from = vec![u8::MAX; self.costs.len()];
        if let Some(c) = self.cell(0, 0) {
            best[c] = 0.0;
        }
        for i in 0..=self.n {
            let (lo, hi) = self.rows[i];
            for j in lo..=hi {
                let Some(c) = self.cell(i, j) else { continue };
                let here = best[c];
                if !here.is_finite() {
                    continue;
                }
                for (k, &(di, dj)) in MOVES.iter().enumerate() {
                    let Some(t) = self.cell(i + di, j + dj) else { continue };
                    let v = here + self.costs[c][k];
                    if v < best[t] {
                        best[t] = v;
                        from[t] = k as u8;
                    }
                }
            }
        }
        let mut path = Vec::new();
        let (mut i, mut j) = (self.n, self.m);
        while i > 0 || j > 0 {
            let k = self.cell(i, j).map_or(u8::MAX, |c| from[c]);
            // An unreachable cell cannot happen (skips connect everything); degrade to skips.
            let k = if (k as usize) < MOVES.len() {
                k as usize
            } else if i > 0 {
                1
            } else {
                2
            };
            let (di, dj) = MOVES[k];
            i -= di;
            j -= dj;
            path.push((i, j, k));
        }
        path.reverse();
        path
    }

    /// Forward and backward log-sums (in units of negative cost) over the cells allowed by
    /// `keep` (a column range per row).
    fn forward_backward(&self, keep: &[(usize, usize)]) -> (Vec<f32>, Vec<f32>) {
        let mut fwd = vec![f32::NEG_INFINITY; self.costs.len()];
        let mut bwd = vec![f32::NEG_INFINITY; self.costs.len()];
        let allowed = |i: usize, j: usize| keep.get(i).is_some_and(|&(lo, hi)| (lo..=hi).contains(&j));
        let target = |i: usize, j: usize| if allowed(i, j) { self.cell(i, j) } else { None };
        if let Some(c) = self.cell(0, 0) {
            fwd[c] = 0.0;
        }
        for (i, &(lo, hi)) in keep.iter().enumerate() {
            for j in lo..=hi {
                let Some(c) = self.cell(i, j) else { continue };
                if fwd[c] == f32::NEG_INFINITY {
                    continue;
                }
                for (k, &(di, dj)) in MOVES.iter().enumerate() {
                    if let Some(t) = target(i + di, j + dj) {
                        fwd[t] = log_add(fwd[t], fwd[c] - self.costs[c][k]);
                    }
                }
            }
        }
        if let Some(c) = self.cell(self.n, self.m) {
            bwd[c] = 0.0;
        }
        for i in (0..=self.n).rev() {
            let (lo, hi) = keep[i];
            for j in (lo..=hi).rev() {
                let Some(c) = self.cell(i, j) else { continue };
                for (k, &(di, dj)) in MOVES.iter().enumerate() {
                    if let Some(t) = target(i + di, j + dj)
                        && bwd[t] != f32::NEG_INFINITY
                    {
                        bwd[c] = log_add(bwd[c], bwd[t] - self.costs[c][k]);
                    }
                }
            }
        }
        (fwd, bwd)
    }

    /// The posterior probability of each step of `path`. Only alignments passing within
    /// `POSTERIOR_BAND` cells of the path are summed: the rest carry negligible mass.
    pub fn posteriors(&self, path: &[(usize, usize, usize)]) -> Vec<f32> {
        let mut keep: Vec<(usize, usize)> = vec![(usize::MAX, 0); self.n + 1];
        for &(i, j, k) in path.iter().chain(std::iter::once(&(self.n, self.m, 0))) {
            let (di, _) = if (i, j) == (self.n, self.m) { (0, 0) } else { MOVES[k] };
            for row in i..=i + di {
                let r = &mut keep[row.min(self.n)];
                *r = (r.0.min(j), r.1.max(j));
            }
        }
        for (i, r) in keep.iter_mut().enumerate() {
            let (lo, hi) = self.rows[i];
            let (a, b) =
                if r.0 == usize::MAX { (lo, hi) } else { (r.0.saturating_sub(POSTERIOR_BAND), r.1 + POSTERIOR_BAND) };
            *r = (a.max(lo), b.min(hi));
        }
        let (fwd, bwd) = self.forward_backward(&keep);
        let z = self.cell(0, 0).map_or(f32::NEG_INFINITY, |c| bwd[c]);
        path.iter()
            .map(|&(i, j, k)| {
                let (di, dj) = MOVES[k];
                match (self.cell(i, j), self.cell(i + di, j + dj)) {
                    (Some(c), Some(t)) if z.is_finite() => {
                        (fwd[c] - self.costs[c][k] + bwd[t] - z).exp().clamp(0.0, 1.0)
                    }
                    _ => 0.0,
                }
            })
            .collect()
    }
}

/// How far from the best path (in blocks) alternatives are summed for scores.
const POSTERIOR_BAND: usize = 12;

fn log_add(a: f32, b: f32) -> f32 {
    if a == f32::NEG_INFINITY {
        return b;
    }
    if b == f32::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

fn merged(p: &Prepared, at: usize, parts: usize) -> Option<&super::features::Features> {
    p.merged.get(parts.checked_sub(2)?)?.get(at)?.as_ref()
}

/// The cost of move `(di, dj)` out of cell `(i, j)`, given the bigrams its blocks share.
fn move_cost(
    model: &Model,
    left: &Prepared,
    right: &Prepared,
    (i, j): (usize, usize),
    (di, dj): (usize, usize),
    grams: usize,
) -> f32 {
    match (di, dj) {
        (1, 0) => cost::skip(&left.blocks[i]),
        (0, 1) => cost::skip(&right.blocks[j]),
        (1, 1) => cost::pair_with(model, &left.blocks[i], &right.blocks[j], grams),
        (1, _) => {
            merged(right, j, dj).map_or(f32::INFINITY, |g| cost::merge_with(model, &left.blocks[i], g, dj, true, grams))
        }
        (_, 1) => merged(left, i, di)
            .map_or(f32::INFINITY, |g| cost::merge_with(model, &right.blocks[j], g, di, false, grams)),
        _ => f32::INFINITY,
    }
}

/// The range of right indices visited for left index `i`: a band around the diagonal wide
/// enough for any imbalance between the versions (extra front matter, untranslated sections)
/// plus room for local shifts; small documents get the whole lattice.
fn band(n: usize, m: usize) -> impl Fn(usize) -> (usize, usize) {
    let w = 48usize.max(n.abs_diff(m) + 32).max(n.max(m) / 5);
    move |i: usize| {
        if n == 0 || m <= 2 * w {
            return (0, m);
        }
        let centre = i * m / n;
        (centre.saturating_sub(w), (centre + w).min(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_add_is_log_of_sum() {
        let v = log_add(2f32.ln(), 3f32.ln());
        assert!((v - 5f32.ln()).abs() < 1e-5);
        assert_eq!(log_add(f32::NEG_INFINITY, 1.0), 1.0);
    }
}
