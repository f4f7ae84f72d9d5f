//! The state of a search in the jump popup from keystroke to keystroke: the last query's
//! candidates, narrowed by the next letter where they lie, and prepared for it in the pauses
//! between keys (`ahead`).

use rayon::prelude::*;

use super::ahead::{self, Prep};
use super::hits::Hits;
use super::pass::{Fetch, Pass, Seen};
use super::query::Query;
use super::{Index, rank};

/// The last query, its scope, and where it matched, in entry order.
type Previous = (Query, Option<u32>, Vec<(Seen, i32)>);

/// The state of a search in the jump popup: remembers the last query and its matches, so that
/// typing one more letter only looks at what already matched, from where it matched.
#[derive(Debug, Default)]
pub struct Searcher {
    last: Option<Previous>,
    /// The first of the last search's candidates, prepared for the next letter (see `ahead`).
    prepared: Vec<Prep>,
}

/// Fewer candidates than this are narrowed soon enough without being prepared.
const PREPARE_FROM: usize = 20_000;

/// Whether `n` candidates are worth preparing (in tests, any number is: the shipped documents
/// have far fewer headings).
fn worth_preparing(n: usize) -> bool {
    cfg!(test) || n >= PREPARE_FROM
}

/// Whether the candidates of `q` can be prepared for a next letter: a Chinese query is matched
/// by the Chinese heading alone, a number by the numbers.
fn preparable(q: &Query) -> bool {
    !q.has_han && q.number.is_none()
}

impl Searcher {
    /// Ranks the entries of `index` (only document `doc`, if given) for `raw`; returns all hits,
    /// best first, with marks computed for the first `marked`.
    pub fn search(&mut self, index: &Index, raw: &str, doc: Option<u32>, marked: usize) -> Hits {
        let q = Query::parse(raw);
        if q.is_empty() {
            self.last = None;
            self.prepared.clear();
            let all = (0..index.entries.len() as u32).filter(|&i| doc.is_none_or(|d| index.hot[i as usize].doc == d));
            return Hits::new(all.collect(), vec![]);
        }
        let found = self.candidates(index, &q, doc);
        debug_assert!(found.is_sorted_by_key(|c| c.0.entry), "candidates come in entry order");
        let hits = rank::hits(index, &q, &found, marked);
        // Kept in entry order for the next keystroke (it narrows these, in this order).
        self.last = Some((q, doc, found));
        hits
    }

    /// The entries that can match `q` in document `doc` (or all), in entry order, with where
    /// they matched and a rough score. A longer query matches a subset of what its prefix
    /// matched (numbers aside), and only in the keys the prefix matched, from where it did: the
    /// prefix's matches are narrowed where they lie.
    fn candidates(&mut self, index: &Index, q: &Query, doc: Option<u32>) -> Vec<(Seen, i32)> {
        let previous = self.last.take().filter(|(lq, ld, _)| {
            *ld == doc
                && q.number.is_none()
                && lq.number.is_none()
                && lq.has_han == q.has_han
                && q.text.starts_with(&lq.text)
        });
        let pass = Pass::new(q, previous.as_ref().map(|p| &p.0));
        // Prepared for the last query only: whatever comes now, they are used up.
        let prepared = std::mem::take(&mut self.prepared);
        match previous {
            Some((lq, _, mut seen)) => {
                // The candidates are all in scope: the last search had the same.
                let letter = ahead::added_letter(&lq, q);
                let prepared: &[Prep] = if letter.is_some() { &prepared } else { &[] };
                let run = |r: usize, s: Seen| match (letter, prepared.get(r)) {
                    (Some(c), Some(p)) => pass.run_prepared(index, s, p, c),
                    _ => pass.run(index, s),
                };
                let fetch = |r: usize, s: Seen, what: Fetch| {
                    if r >= prepared.len() {
                        pass.fetch(index, s, what);
                    }
                };
                narrow(&mut seen, run, fetch);
                seen
            }
            None => {
                let run = |s: Seen| -> Option<(Seen, i32)> {
                    if doc.is_some_and(|d| index.hot[s.entry as usize].doc != d) {
                        return None;
                    }
                    pass.run(index, s)
                };
                let n = index.entries.len() as u32;
                if !(preparable(q) && worth_preparing(n as usize)) {
                    return each_entry(n, |i| run(Seen::fresh(i)));
                }
                // A first letter leaves most entries to the next one, and the keys this pass has
                // just read are still in the cache: preparing them now costs a fraction of what
                // reading them again does, in a pause or in the next keystroke (which then has
                // less than a frame for it).
                let (found, prepared): (Vec<_>, Vec<_>) = each_entry(n, |i| {
                    let (mut seen, score) = run(Seen::fresh(i))?;
                    let prep = pass.prepare(index, &mut seen);
                    Some(((seen, score), prep))
                });
                self.prepared = prepared;
                found
            }
        }
    }

    /// Uses a pause between keystrokes: prepares up to `budget` more of the last search's
    /// candidates for the next letter (see `ahead`). Says whether some are left to prepare.
    pub fn prepare(&mut self, index: &Index, budget: usize) -> bool {
        let Some((q, _, found)) = &mut self.last else { return false };
        let from = self.prepared.len();
        if !worth_preparing(found.len()) || from >= found.len() || !preparable(q) {
            return false;
        }
        let to = from.saturating_add(budget).min(found.len());
        let pass = Pass::new(q, None);
        self.prepared.par_extend(found[from..to].par_iter_mut().map(|(s, _)| pass.prepare(index, s)));
        to < found.len()
    }
}

/// What `f` makes of each of the entries `0..n`, in order, dropping those it drops: on every
/// core, but for an index too small to be worth it.
fn each_entry<T, C>(n: u32, f: impl Fn(u32) -> Option<T> + Sync + Send) -> C
where
    T: Send,
    C: FromIterator<T> + FromParallelIterator<T>,
{
    if n < 4096 { (0..n).filter_map(f).collect() } else { (0..n).into_par_iter().filter_map(f).collect() }
}

/// How many candidates ahead [`narrow`] fetches a candidate's hot part, and its keys.
const HOT_AHEAD: usize = 16;
const KEYS_AHEAD: usize = 6;

/// Replaces each of `found` by what `run` makes of it, dropping those it drops, in order and in
/// place: a second letter typed over half a million headings keeps a few hundred thousand of
/// them, and a new list that size would cost more in allocation and page faults than the
/// matching itself. Large lists are narrowed a slice per core, then closed up.
///
/// `fetch` starts loading what `run` will read of a candidate a few candidates ahead (its hot
/// part first, then its keys): their places in memory are known in advance, and waiting on them
/// one by one was a third of the time.
fn narrow(
    found: &mut Vec<(Seen, i32)>,
    run: impl Fn(usize, Seen) -> Option<(Seen, i32)> + Sync,
    fetch: impl Fn(usize, Seen, Fetch) + Sync,
) {
    // `base` is where the slice starts in `found`: `run` and `fetch` are told each candidate's
    // place there.
    let keep = |base: usize, slice: &mut [(Seen, i32)]| {
        let mut kept = 0;
        for r in 0..slice.len() {
            if let Some(s) = slice.get(r + HOT_AHEAD) {
                fetch(base + r + HOT_AHEAD, s.0, Fetch::Hot);
            }
            if let Some(s) = slice.get(r + KEYS_AHEAD) {
                fetch(base + r + KEYS_AHEAD, s.0, Fetch::Keys);
            }
            if let Some(c) = run(base + r, slice[r].0) {
                slice[kept] = c;
                kept += 1;
            }
        }
        kept
    };
    if found.len() < 4096 {
        let kept = keep(0, found);
        found.truncate(kept);
        return;
    }
    let slice = found.len().div_ceil(4 * rayon::current_num_threads());
    let kept: Vec<usize> = found.par_chunks_mut(slice).enumerate().map(|(k, part)| keep(k * slice, part)).collect();
    let mut to = kept[0];
    for (k, n) in kept.iter().enumerate().skip(1) {
        let from = k * slice;
        found.copy_within(from..from + n, to);
        to += n;
    }
    found.truncate(to);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;

    #[test]
    fn narrowing_in_place_keeps_what_a_fresh_list_would_in_order() {
        for len in [0, 5, 4095, 4096, 10_007, 100_000] {
            let found: Vec<(Seen, i32)> = (0..len as u32).map(|i| (Seen::fresh(i), 0)).collect();
            // Keeps uneven runs (none in some slices, all in others), rescored.
            let e = |s: Seen| s.entry;
            let keep = |s| (e(s) % 7 < 3 && !(50_000..75_000).contains(&e(s))) || (20_000..40_000).contains(&e(s));
            let run = |r: usize, s: Seen| {
                assert_eq!(r, s.entry as usize, "each candidate is told its place");
                keep(s).then_some((s, s.entry as i32))
            };
            let want: Vec<(Seen, i32)> = found.iter().filter_map(|&(s, _)| run(s.entry as usize, s)).collect();
            let mut got = found.clone();
            narrow(&mut got, run, |_, _, _| ());
            assert_eq!(got, want, "{len}");
        }
    }

    #[test]
    fn narrowing_gives_the_same_result_as_a_fresh_search() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        for query in ["xinxianquan", "xinxi anquan", "broadband china", "kdzg", "e-commerce", "信息安全", "x信息"]
        {
            let mut s = Searcher::default();
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let narrowed = s.search(&index, &typed, None, 5);
                let fresh = Searcher::default().search(&index, &typed, None, 5);
                assert_eq!(narrowed, fresh, "{typed}");
            }
        }
    }

    #[test]
    fn prepared_narrowing_gives_the_same_result_as_a_fresh_search() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        for query in ["xinxianquan", "xinxi anquan", "broadband china", "kdzg", "e-commerce", "wlfp", "qxq"] {
            // Prepared wholly, in part, or not at all between letters, in turn.
            let mut s = Searcher::default();
            let mut typed = String::new();
            for (n, c) in query.chars().enumerate() {
                typed.push(c);
                let narrowed = s.search(&index, &typed, None, 5);
                assert_eq!(narrowed, Searcher::default().search(&index, &typed, None, 5), "{typed}");
                match n % 3 {
                    0 => while s.prepare(&index, 100) {},
                    1 => {
                        s.prepare(&index, 150);
                    }
                    _ => {}
                }
            }
        }
    }

    static INDEX: std::sync::LazyLock<Index> = std::sync::LazyLock::new(|| Index::build(&embedded::library().unwrap()));

    proptest::proptest! {
        #[test]
        fn narrowing_any_latin_query_equals_a_fresh_search(q in "[a-z0-9 .-]{1,14}") {
            let mut s = Searcher::default();
            for n in 1..=q.len() {
                let narrowed = s.search(&INDEX, &q[..n], None, 8);
                proptest::prop_assert_eq!(narrowed, Searcher::default().search(&INDEX, &q[..n], None, 8), "{}", &q[..n]);
            }
        }

        #[test]
        fn prepared_narrowing_of_any_latin_query_equals_a_fresh_search(
            q in "[a-z0-9 .-]{1,14}",
            budgets in proptest::collection::vec(0usize..1500, 14),
        ) {
            let mut s = Searcher::default();
            for n in 1..=q.len() {
                let narrowed = s.search(&INDEX, &q[..n], None, 8);
                proptest::prop_assert_eq!(narrowed, Searcher::default().search(&INDEX, &q[..n], None, 8), "{}", &q[..n]);
                s.prepare(&INDEX, budgets[n - 1]);
            }
        }
    }
}
