//! The cheap order of a search's candidates: by the first pass's rough score down, then entry
//! up. The matches of a short query over half a million headings are most of them and rough
//! scores take a few thousand values, so the order is a stable bucket pass (linear time). The
//! few best, which fuzzy-matcher ranks, are picked out first, so that ranking them need not wait
//! for the order of the rest.

use rayon::prelude::*;

use super::pass::Seen;

/// Below this many candidates, one core orders them sooner than two.
const PARALLEL: usize = 4096;

/// Slices of `len` candidates, one per core.
fn slice(len: usize) -> usize {
    len.div_ceil(rayon::current_num_threads()).max(1)
}

/// Scores from 0 up to this each have a bucket, besides the two of number matches.
const TOP: i32 = 8192;

fn bucket(s: i32) -> Option<usize> {
    match s {
        i32::MAX => Some(0),
        s if s == i32::MAX / 2 => Some(1),
        s if (0..TOP).contains(&s) => Some((TOP - s + 1) as usize),
        _ => None,
    }
}

/// Where each bucket's entries start in the cheap order of some candidates, or `None` when a
/// score has no bucket (the candidates are then sorted).
pub(super) struct Cheap {
    starts: Option<Vec<u32>>,
}

impl Cheap {
    /// Counts the candidates `found` (in entry order) per bucket, a slice per core.
    pub fn new(found: &[(Seen, i32)]) -> Cheap {
        let count = |part: &[(Seen, i32)]| -> Option<Vec<u32>> {
            let mut counts = vec![0u32; TOP as usize + 3];
            for c in part {
                counts[bucket(c.1)? + 1] += 1;
            }
            Some(counts)
        };
        let counts = if found.len() < PARALLEL {
            count(found)
        } else {
            let add = |a: Option<Vec<u32>>, b: Option<Vec<u32>>| {
                let (mut a, b) = (a?, b?);
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                Some(a)
            };
            found.par_chunks(slice(found.len())).map(count).reduce(|| Some(vec![0; TOP as usize + 3]), add)
        };
        let starts = counts.map(|mut starts| {
            for k in 1..starts.len() {
                starts[k] += starts[k - 1];
            }
            starts
        });
        Cheap { starts }
    }

    /// The first `n` of the cheap order of `found`, with their scores and matched keys.
    pub fn first(&self, found: &[(Seen, i32)], n: usize) -> Vec<(u32, i32, u8)> {
        let Some(starts) = &self.starts else {
            let mut all: Vec<(u32, i32, u8)> = found.iter().map(|(s, c)| (s.entry, *c, s.found)).collect();
            all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(n);
            return all;
        };
        // The bucket the n-th falls in: all before it are taken, and its first ones by entry.
        let last = starts.partition_point(|&s| (s as usize) < n).saturating_sub(1);
        let room = n.saturating_sub(starts[last] as usize);
        // Each slice keeps those before the last bucket and the first `room` of it; slices
        // being in entry order, so are their picks once joined.
        let pick = |part: &[(Seen, i32)]| {
            let (mut before, mut at_last) = (Vec::new(), Vec::new());
            for (s, c) in part {
                let b = bucket(*c).unwrap_or(usize::MAX);
                if b < last {
                    before.push((s.entry, *c, s.found));
                } else if b == last && at_last.len() < room {
                    at_last.push((s.entry, *c, s.found));
                }
            }
            (before, at_last)
        };
        let picks: Vec<_> = if found.len() < PARALLEL {
            vec![pick(found)]
        } else {
            found.par_chunks(slice(found.len())).map(pick).collect()
        };
        let mut top: Vec<(u32, i32, u8)> = picks.iter().flat_map(|p| p.0.iter().copied()).collect();
        top.extend(picks.iter().flat_map(|p| p.1.iter().copied()).take(room));
        top.sort_by_key(|&(_, c, _)| bucket(c));
        top
    }

    /// The entries of `found`, all of them, in the cheap order.
    pub fn all(&self, found: &[(Seen, i32)]) -> Vec<u32> {
        let Some(starts) = &self.starts else {
            return self.first(found, found.len()).into_iter().map(|c| c.0).collect();
        };
        let mut starts = starts.clone();
        // Zeroed by the allocator (fresh pages), then each slot written once.
        let mut order = vec![0u32; found.len()];
        for c in found {
            let b = bucket(c.1).unwrap_or(0);
            order[starts[b] as usize] = c.0.entry;
            starts[b] += 1;
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(n: usize, seed: u64) -> Vec<(Seen, i32)> {
        let mut rng = seed;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        (0..n)
            .map(|i| {
                let s = match next() % 10 {
                    0 => i32::MAX,
                    1 => i32::MAX / 2,
                    2 => (next() % 3) as i32,
                    _ => (next() % 4100) as i32,
                };
                (Seen::fresh(i as u32 * 3), s)
            })
            .collect()
    }

    fn sorted(found: &[(Seen, i32)]) -> Vec<u32> {
        let mut want: Vec<(u32, i32)> = found.iter().map(|(s, c)| (s.entry, *c)).collect();
        want.sort_by_key(|&(e, c)| (std::cmp::Reverse(c), e));
        want.into_iter().map(|w| w.0).collect()
    }

    #[test]
    fn bucket_order_is_the_comparison_order() {
        for n in [0, 1, 5, 1000, 20_000] {
            let found = candidates(n, 12345 + n as u64);
            assert_eq!(Cheap::new(&found).all(&found), sorted(&found), "{n}");
        }
    }

    #[test]
    fn the_first_are_the_head_of_the_whole_order() {
        for (len, n) in [
            (0, 10),
            (5, 10),
            (1000, 0),
            (1000, 1),
            (1000, 240),
            (1000, 999),
            (1000, 1000),
            (5000, 1000),
            (30_000, 1000),
            (30_000, 29_000),
        ] {
            let found = candidates(len, 99 + len as u64);
            let first: Vec<u32> = Cheap::new(&found).first(&found, n).into_iter().map(|c| c.0).collect();
            let want = sorted(&found);
            assert_eq!(first, want[..n.min(len)], "{len} {n}");
        }
    }

    #[test]
    fn scores_without_a_bucket_are_sorted() {
        for len in [300, 20_000] {
            let mut found = candidates(len, 7);
            found[10].1 = -5;
            found[len - 20].1 = TOP + 10;
            let cheap = Cheap::new(&found);
            assert_eq!(cheap.all(&found), sorted(&found));
            let first: Vec<u32> = cheap.first(&found, 50).into_iter().map(|c| c.0).collect();
            assert_eq!(first, sorted(&found)[..50]);
        }
    }
}
