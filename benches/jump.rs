//! Jump popup speed: each keystroke over an index of about 100 000 headings (copies of the
//! shipped documents from the corpus generator) must be answered within a frame (16 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use duizhao::import::{group, import_bytes};
use duizhao::search::jump::{Index, Searcher};
use rayon::prelude::*;
use std::time::{Duration, Instant};

#[path = "common/corpus.rs"]
mod corpus;

fn index_of(target_headings: usize) -> Index {
    // About 200 sections per copy of the five files, 300 KB each.
    let copies = target_headings / 199 + 1;
    let files = corpus::corpus(copies * 300_000, 0);
    let imported: Vec<_> = files.par_iter().filter_map(|(n, b)| import_bytes(n, None, b).ok()).collect();
    Index::build(&group::library(imported, None))
}

/// A searcher that has searched for `prefix`, as the popup's is when the next key comes.
fn searched(index: &Index, prefix: &str) -> Searcher {
    let mut s = Searcher::default();
    s.search(index, prefix, None, 60);
    s
}

/// The time `step` takes, `iters` times over, each on a searcher `setup` made ready beforehand.
fn timed<T>(iters: u64, setup: impl Fn() -> Searcher, step: impl Fn(&mut Searcher) -> T) -> Duration {
    (0..iters)
        .map(|_| {
            let mut s = setup();
            let start = Instant::now();
            std::hint::black_box(step(&mut s));
            start.elapsed()
        })
        .sum()
}

fn keystrokes(c: &mut Criterion) {
    // The 10 000-document library of issue 7 has over half a million headings; JUMP_HEADINGS
    // picks the size (default 100 000, which CI-sized machines build in seconds).
    let target: usize = std::env::var("JUMP_HEADINGS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let index = index_of(target);
    eprintln!("index: {} headings", index.entries.len());
    let mut g = c.benchmark_group(format!("jump over {}k headings", target / 1000));
    g.sample_size(20);
    for q in ["k", "x", "4.2", "信息"] {
        g.bench_function(format!("first keystroke {q:?}"), |b| {
            b.iter(|| Searcher::default().search(&index, q, None, 60).len())
        });
    }
    // Each further keystroke on its own: the slowest is the one a user feels, and an average
    // over the whole word would hide it behind the cheap later letters.
    for q in ["kuandai", "xinxi anquan", "broadband"] {
        let chars: Vec<char> = q.chars().collect();
        for n in 2..=chars.len() {
            let typed: String = chars[..n].iter().collect();
            let prefix: String = chars[..n - 1].iter().collect();
            g.bench_function(format!("keystroke {prefix:?} -> {typed:?}"), |b| {
                // Only the search itself: in the popup the searcher lives on from keystroke to
                // keystroke, so freeing it (and the prefix's matches with it) is no part of one.
                b.iter_custom(|iters| {
                    timed(iters, || searched(&index, &prefix), |s| s.search(&index, &typed, None, 60).len())
                })
            });
        }
    }
    // The same letters typed after a pause, which the popup uses to prepare the search for the
    // next letter (`Searcher::prepare`, a slice at a time between keys); and what preparing
    // costs, in that pause.
    for (prefix, typed) in [("k", "ku"), ("ku", "kua"), ("x", "xi"), ("xi", "xin"), ("b", "br"), ("br", "bro")] {
        g.bench_function(format!("keystroke {prefix:?} -> {typed:?} after a pause"), |b| {
            b.iter_custom(|iters| {
                let prepared = || {
                    let mut s = searched(&index, prefix);
                    while s.prepare(&index, usize::MAX) {}
                    s
                };
                timed(iters, prepared, |s| s.search(&index, typed, None, 60).len())
            })
        });
    }
    for prefix in ["k", "x", "xi", "b"] {
        g.bench_function(format!("preparing the letter after {prefix:?} (in the pause)"), |b| {
            b.iter_custom(|iters| timed(iters, || searched(&index, prefix), |s| while s.prepare(&index, usize::MAX) {}))
        });
    }
    g.finish();
    c.bench_function("build the index of 100k headings (pinyin once)", |b| {
        let lib_files = corpus::corpus(503 * 300_000, 0);
        let imported: Vec<_> = lib_files.par_iter().filter_map(|(n, b)| import_bytes(n, None, b).ok()).collect();
        let lib = group::library(imported, None);
        b.iter(|| Index::build(&lib).entries.len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(std::time::Duration::from_secs(4));
    targets = keystrokes
}
criterion_main!(benches);
