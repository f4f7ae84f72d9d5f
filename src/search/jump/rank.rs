//! Ranking: a search's candidates ordered by the first pass's rough score, the best of them
//! scored by fuzzy-matcher (skim's algorithm), and the matched characters marked for those shown.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::hits::Hits;
use super::order::Cheap;
use super::pass::Seen;
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
    // few hits that are marked, rather than kept for half a million entries, and once for both.
    let sources = std::cell::OnceCell::new();
    let through = |key: &str, k: usize, idx: Vec<usize>| {
        if idx.is_empty() {
            return vec![];
        }
        let (py, ini) = sources.get_or_init(|| index.zh(e).map(|l| pinyin::keys(l.title)).unwrap_or_default());
        let source = if k == PINYIN { &py.source } else { &ini.source };
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

/// The hits of `q` among its candidates `found` (in entry order), best first, with marks for
/// the first `marked`: the best few by the cheap order are ranked by fuzzy-matcher while the rest
/// are put in that order.
pub(super) fn hits(index: &Index, q: &Query, found: &[(Seen, i32)], marked: usize) -> Hits {
    let cheap = Cheap::new(found);
    let top = cheap.first(found, ranked(q));
    let matcher = SkimMatcherV2::default();
    let mark = |&(i, which): &(u32, u8)| {
        score_entry(&matcher, index, i as usize, q, which, true).map_or((vec![], vec![]), |s| (s.zh, s.en))
    };
    let (mut entries, (ranked, marks)) = rayon::join(
        || cheap.all(found),
        || {
            let ranked = rank(&matcher, index, q, &top);
            let marks: Vec<_> = ranked[..marked.min(ranked.len())].par_iter().map(mark).collect();
            (ranked, marks)
        },
    );
    // The ranked ones are the first of the cheap order, re-ordered.
    for (slot, r) in entries.iter_mut().zip(&ranked) {
        *slot = r.0;
    }
    Hits::new(entries, marks)
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
    use crate::search::jump::Searcher;

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

    static INDEX: std::sync::LazyLock<Index> = std::sync::LazyLock::new(|| Index::build(&embedded::library().unwrap()));

    proptest::proptest! {
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
