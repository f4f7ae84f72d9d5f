//! Shared wording between two versions in the same language, counted a lattice row at a time.
//!
//! Every cell of a same-language lattice compares bigram sets: a left block (or group) with a
//! right block (or group). Intersecting sorted sets cell by cell walks every bigram of both sides
//! for every cell; an inverted index of the right version's bigrams visits only the blocks that
//! actually share each bigram, which near-identical versions keep to a handful.

use rustc_hash::FxHashMap;

use super::Prepared;
use super::cost::MOVES;

/// For each bigram of the right version, the right blocks that contain it, in order.
pub struct Index {
    /// Dense id of each bigram.
    ids: FxHashMap<u64, u32>,
    /// `blocks[starts[id]..starts[id + 1]]`: the blocks holding bigram `id`, ascending.
    starts: Vec<u32>,
    blocks: Vec<u32>,
}

impl Index {
    /// Indexes the bigram sets of `right`'s blocks.
    pub fn new(right: &Prepared) -> Index {
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        let mut counts: Vec<u32> = Vec::new();
        for f in &right.blocks {
            for g in &f.grams {
                let next = ids.len() as u32;
                let id = *ids.entry(*g).or_insert(next);
                if id == next {
                    counts.push(0);
                }
                counts[id as usize] += 1;
            }
        }
        let mut starts = Vec::with_capacity(counts.len() + 1);
        let mut total = 0;
        starts.push(0);
        for c in &counts {
            total += c;
            starts.push(total);
        }
        // Filled block by block, so each bigram's list comes out ascending.
        let mut fill: Vec<u32> = starts[..counts.len()].to_vec();
        let mut blocks = vec![0; total as usize];
        for (j, f) in right.blocks.iter().enumerate() {
            for g in &f.grams {
                let slot = &mut fill[ids[g] as usize];
                blocks[*slot as usize] = j as u32;
                *slot += 1;
            }
        }
        Index { ids, starts, blocks }
    }

    /// The right blocks that contain bigram `g`.
    fn holders(&self, g: u64) -> &[u32] {
        self.ids
            .get(&g)
            .map_or(&[], |&id| &self.blocks[self.starts[id as usize] as usize..self.starts[id as usize + 1] as usize])
    }

    /// How many bigrams of `set` each right group of `parts` consecutive blocks starting at
    /// `lo..=hi` holds (a bigram in several of the group's blocks counts once).
    fn count(&self, set: &[u64], parts: usize, lo: usize, hi: usize) -> Vec<u32> {
        let mut out = vec![0; hi - lo + 1];
        for &g in set {
            // Groups holding a block in `holders` start at most `parts - 1` blocks before it;
            // holders ascend, so each group is reached in order and counted once.
            let holders = self.holders(g);
            let mut next = lo;
            for &b in &holders[holders.partition_point(|&b| (b as usize) < lo)..] {
                let b = b as usize;
                if b + 1 > hi + parts {
                    break;
                }
                let first = (b + 1).saturating_sub(parts).max(next);
                let last = b.min(hi);
                for start in first..=last {
                    out[start - lo] += 1;
                }
                next = next.max(last + 1);
            }
        }
        out
    }
}

/// The shared bigram counts of one lattice row: left block (or group) `i` against each right
/// block (or group) starting in the row's band.
pub struct Row {
    lo: usize,
    /// Indexed like [`super::cost::MOVES`]; empty for the skips, and for groups that do not exist.
    counts: [Vec<u32>; MOVES.len()],
}

impl Row {
    /// Counts row `i` (columns `lo..=hi`) of the lattice between `left` and the indexed right.
    pub fn new(index: &Index, left: &Prepared, i: usize, lo: usize, hi: usize) -> Row {
        let single = left.blocks.get(i).map(|f| f.grams.as_slice());
        let group = |parts: usize| left.merged[parts - 2].get(i).and_then(|g| g.as_ref()).map(|g| g.grams.as_slice());
        let count = |set: Option<&[u64]>, parts: usize| set.map_or_else(Vec::new, |s| index.count(s, parts, lo, hi));
        let counts = MOVES.map(|mv| match mv {
            (1, dj) if dj >= 1 => count(single, dj),
            (di, 1) if di >= 2 => count(group(di), 1),
            _ => Vec::new(),
        });
        Row { lo, counts }
    }

    /// Bigrams shared by the move `k` out of cell (i, `j`).
    pub fn shared(&self, k: usize, j: usize) -> usize {
        self.counts[k].get(j - self.lo).map_or(0, |&n| n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::features::shared;
    use crate::import::embedded;

    #[test]
    fn row_counts_equal_set_intersections() {
        let lib = embedded::library().unwrap();
        let doc =
            lib.documents.iter().find(|d| d.versions.iter().filter(|v| v.lang == crate::text::Lang::Zh).count() > 1);
        let doc = doc.expect("a document with two Chinese versions");
        let (left, right) = (crate::align::prepare(&doc.versions[0]), crate::align::prepare(&doc.versions[1]));
        let index = Index::new(&right);
        let (n, m) = (left.blocks.len(), right.blocks.len());
        for i in 0..n {
            let (lo, hi) = (i.saturating_sub(20), (i + 20).min(m));
            let row = Row::new(&index, &left, i, lo, hi);
            for j in lo..=hi {
                for (k, &(di, dj)) in MOVES.iter().enumerate() {
                    let a = if di == 1 {
                        Some(&left.blocks[i])
                    } else {
                        left.merged.get(di.wrapping_sub(2)).and_then(|g| g.get(i)?.as_ref())
                    };
                    let b = if dj == 1 {
                        right.blocks.get(j)
                    } else {
                        right.merged.get(dj.wrapping_sub(2)).and_then(|g| g.get(j)?.as_ref())
                    };
                    if let (Some(a), Some(b), true) = (a, b, di > 0 && dj > 0) {
                        assert_eq!(row.shared(k, j), shared(&a.grams, &b.grams), "({i}, {j}) move {k}");
                    }
                }
            }
        }
    }
}
