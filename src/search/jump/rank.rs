//! Ranking: the first pass's candidates ordered by its rough score, the best of them scored by
//! fuzzy-matcher (skim's algorithm), and the matched characters marked for those shown.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::ahead::{self, Prep};
use super::hits::Hits;
use super::order::Cheap;
use super::pass::{Fetch, Pass, Seen};
use super::query::Query;
use super::{EN, INITIALS, Index, PINYIN, pinyin};

/// What a key match says: a score and the marks it puts on each title.
struct Scored {
    score: i64,
    zh: Vec<u16>,
    en: Vec<u16>,
}

fn score_entry(m: &SkimMatcherV2, index: &Index, i: usize, q: &Query, which: u8, marks: bool) -> Option<Scored> {
    let e = &index.entries[i];
    if let Some(exact) = q.number.as_ref().and_then(|n| index.number_match(e, n)) {
        let level = i64::from(e.level);
        let score = if exact { 1_000_000 - level } else { 500_000 - 10 * level };
        return Some(Scored { score, zh: vec![], en: vec![] });
    }
    let run = |hay: &str, pat: &str| -> Option<(i64, Vec<usize>)> {
        if marks { m.fuzzy_indices(hay, pat) } else { m.fuzzy_match(hay, pat).map(|s| (s, vec![])) }
    };
    let mut best: Option<Scored> = None;
    let mut consider = |s: Scored| {
        if best.as_ref().is_none_or(|b| s.score > b.score) {
            best = Some(s);
        }
    };
    let chars_of = |idx: Vec<usize>| idx.into_iter().map(|i| i as u16).collect::<Vec<u16>>();
    // Which Chinese character each byte of the pinyin keys stands for: worked out again for the
    // few hits that are marked, rather than kept for half a million entries.
    let sources = || index.zh(e).map(|l| pinyin::keys(l.title)).unwrap_or_default();
    let through = |key: &str, k: usize, idx: Vec<usize>| {
        if idx.is_empty() {
            return vec![];
        }
        let (py, ini) = sources();
        let source = if k == PINYIN { py.source } else { ini.source };
        let bytes: Vec<usize> = key.char_indices().map(|(b, _)| b).collect();
        let mut v: Vec<u16> =
            idx.into_iter().filter_map(|i| bytes.get(i).and_then(|&b| source.get(b)).copied()).collect();
        v.dedup();
        v
    };
    if q.has_han {
        if let Some((s, idx)) = run(index.str(e.keys.zh), &q.text) {
            consider(Scored { score: s, zh: chars_of(idx), en: vec![] });
        }
        return best;
    }
    if which & (1 << EN) != 0
        && let Some((s, idx)) = run(index.key(i, EN), &q.text)
    {
        consider(Scored { score: s, zh: vec![], en: chars_of(idx) });
    }
    if which & (1 << PINYIN) != 0 {
        let key = index.key(i, PINYIN);
        if let Some((s, idx)) = run(key, &q.squeezed) {
            consider(Scored { score: s, zh: through(key, PINYIN, idx), en: vec![] });
        }
    }
    if which & (1 << INITIALS) != 0 {
        let key = index.key(i, INITIALS);
        if let Some((s, idx)) = run(key, &q.squeezed) {
            // Initials match few letters; weigh each as much as a pinyin syllable.
            consider(Scored { score: s * 2, zh: through(key, INITIALS, idx), en: vec![] });
        }
    }
    best
}

/// The most candidates fuzzy-matcher ranks (see [`ranked`]); the rest (short queries over huge
/// indexes) follow in the order of the cheap first pass.
const RANKED: usize = 1000;

/// Scoring one candidate costs fuzzy-matcher time in proportion to the query's length, and a
/// longer query's cheap order (contiguous matches first, the earliest first) leaves it less to
/// change: it ranks this many bytes' worth of candidates, [`MIN_RANKED`] at least.
const RANKED_BYTES: usize = 2400;
/// The fewest candidates fuzzy-matcher ranks (four screens of the popup at 60 rows).
const MIN_RANKED: usize = 240;

/// How many candidates fuzzy-matcher ranks for `q`.
fn ranked(q: &Query) -> usize {
    (RANKED_BYTES / q.text.len().max(1)).clamp(MIN_RANKED, RANKED)
}

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
        let cheap = Cheap::new(&found);
        let top = cheap.first(&found, ranked(&q));
        let matcher = SkimMatcherV2::default();
        let mark = |&(i, which): &(u32, u8)| {
            score_entry(&matcher, index, i as usize, &q, which, true).map_or((vec![], vec![]), |s| (s.zh, s.en))
        };
        // The best few are ranked while the rest are put in order.
        let (mut entries, (ranked, marks)) = rayon::join(
            || cheap.all(&found),
            || {
                let ranked = rank(&matcher, index, &q, &top);
                let marks: Vec<_> = ranked[..marked.min(ranked.len())].par_iter().map(mark).collect();
                (ranked, marks)
            },
        );
        // The ranked ones are the first of the cheap order, re-ordered.
        for (slot, r) in entries.iter_mut().zip(&ranked) {
            *slot = r.0;
        }
        // Kept in entry order for the next keystroke (it narrows these, in this order).
        self.last = Some((q, doc, found));
        Hits::new(entries, marks)
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
                let all = 0..index.entries.len() as u32;
                if index.entries.len() < 4096 {
                    all.filter_map(|i| run(Seen::fresh(i))).collect()
                } else {
                    all.into_par_iter().filter_map(|i| run(Seen::fresh(i))).collect()
                }
            }
        }
    }

    /// Uses a pause between keystrokes: prepares up to `budget` more of the last search's
    /// candidates for the next letter (see `ahead`). Says whether some are left to prepare.
    pub fn prepare(&mut self, index: &Index, budget: usize) -> bool {
        let Some((q, _, found)) = &mut self.last else { return false };
        let from = self.prepared.len();
        if !worth_preparing(found.len()) || from >= found.len() || q.has_han || q.number.is_some() {
            return false;
        }
        let to = from.saturating_add(budget).min(found.len());
        let finders = ahead::finders(q);
        let more: Vec<Prep> =
            found[from..to].par_iter_mut().map(|(s, _)| ahead::prepare(index, q, &finders, s)).collect();
        self.prepared.extend(more);
        to < found.len()
    }
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

/// Scores the best candidates by the cheap score (the first [`ranked`]) with fuzzy-matcher and
/// sorts them; returns them as (entry, keys matched). The rest follow them, in the cheap order.
fn rank(m: &SkimMatcherV2, index: &Index, q: &Query, top: &[(u32, i32, u8)]) -> Vec<(u32, u8)> {
    let score = |&(i, cheap, which): &(u32, i32, u8)| -> (u32, i64, u8) {
        let s = score_entry(m, index, i as usize, q, which, false).map_or(i64::from(cheap) - (1 << 40), |s| s.score);
        (i, s, which)
    };
    let mut ranked: Vec<(u32, i64, u8)> =
        if top.len() > 256 { top.par_iter().map(score).collect() } else { top.iter().map(score).collect() };
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().map(|(i, _, w)| (i, w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;

    fn top(index: &Index, q: &str, doc: Option<u32>) -> Vec<String> {
        Searcher::default()
            .search(index, q, doc, 3)
            .iter()
            .take(3)
            .map(|h| {
                let e = &index.entries[h.entry as usize];
                index.zh(e).or(index.en(e)).map(|l| format!("{}{}", l.marker, l.title)).unwrap_or_default()
            })
            .collect()
    }

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
    fn the_wanted_heading_comes_first_in_each_query_style() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        let doc = |p: &str| lib.documents.iter().position(|d| d.id.starts_with(p)).map(|i| i as u32);
        let cases: &[(&str, &str, &str)] = &[
            // English
            ("2012", "broadband china", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2012", "e-commerce", "(四)引导电子商务健康发展"),
            ("2016", "military", "(六)加快信息强军,构建现代军事力量体系"),
            ("2006", "digital divide", "（五）缩小数字鸿沟计划"),
            // Chinese
            ("2012", "宽带中国", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2016", "网络扶贫", "42.实施网络扶贫行动计划"),
            ("2014", "光网城市", "1.实施“光网城市”工程"),
            // Full pinyin, with and without spaces
            ("2012", "kuandai wangluo", "(一)加快发展宽带网络"),
            ("2012", "kuandai", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2012", "kuan dai zhong guo", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2016", "wangluo fupin", "42.实施网络扶贫行动计划"),
            ("2014", "wangshang banshi", "1.拓展完善市网上办事大厅"),
            // Initials
            ("2012", "kdzg", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2016", "wlfp", "42.实施网络扶贫行动计划"),
            ("2006", "szhg", "（五）缩小数字鸿沟计划"),
            // Section numbers
            ("2012", "4.2", "(二)提高社会管理和城市运行信息化水平"),
            ("2012", "四（二）", "(二)提高社会管理和城市运行信息化水平"),
            ("2012", "IV 2", "(二)提高社会管理和城市运行信息化水平"),
        ];
        for (d, q, want) in cases {
            let got = top(&index, q, doc(d));
            assert_eq!(got.first().map(String::as_str), Some(*want), "{q:?} in {d}: {got:?}");
        }
    }

    #[test]
    fn heteronym_readings_all_match() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        // 行 in 行动计划 is xing; 行业 (sector) is hang: both readings find headings with 行.
        for q in ["xingdong", "hangdong"] {
            let hits = Searcher::default().search(&index, q, None, 1);
            let e = &index.entries[hits.get(0).unwrap().entry as usize];
            assert!(index.zh(e).unwrap().title.contains("行动"), "{q}: {:?}", index.zh(e));
        }
    }

    #[test]
    fn marks_point_at_the_matched_characters() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        let hits = Searcher::default().search(&index, "kdzg", None, 1);
        let e = &index.entries[hits.get(0).unwrap().entry as usize];
        let title: Vec<char> = index.zh(e).unwrap().title.chars().collect();
        let marked: String = hits.get(0).unwrap().zh_marks.iter().map(|&i| title[i as usize]).collect();
        assert_eq!(marked, "宽带中国");
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

        #[test]
        fn no_query_panics(q in "(\\PC|\\p{M}|[\\x00-\\x1f]|[😀-🙏]\\u{FE0F}?){0,300}") {
            let hits = Searcher::default().search(&INDEX, &q, None, 5);
            for h in hits.iter().take(5) {
                let e = &INDEX.entries[h.entry as usize];
                let zh = INDEX.zh(e).map_or(0, |l| l.title.chars().count());
                proptest::prop_assert!(h.zh_marks.iter().all(|&m| (m as usize) < zh));
            }
        }
    }
}
