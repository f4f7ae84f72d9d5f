//! Jump popup speed: each keystroke over an index of about 100 000 headings (copies of the
//! shipped documents from the corpus generator) must be answered within a frame (16 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use duizhao::import::{group, import_bytes};
use duizhao::search::jump::{Index, Searcher};
use rayon::prelude::*;

#[path = "common/corpus.rs"]
mod corpus;

fn index_of(target_headings: usize) -> Index {
    // About 200 sections per copy of the five files, 300 KB each.
    let copies = target_headings / 199 + 1;
    let files = corpus::corpus(copies * 300_000, 0);
    let imported: Vec<_> = files.par_iter().filter_map(|(n, b)| import_bytes(n, None, b).ok()).collect();
    Index::build(&group::library(imported, None))
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
                    let mut spent = std::time::Duration::ZERO;
                    for _ in 0..iters {
                        let mut s = Searcher::default();
                        s.search(&index, &prefix, None, 60);
                        let start = std::time::Instant::now();
                        std::hint::black_box(s.search(&index, &typed, None, 60).len());
                        spent += start.elapsed();
                    }
                    spent
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
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let mut s = Searcher::default();
                    s.search(&index, prefix, None, 60);
                    while s.prepare(&index, usize::MAX) {}
                    let start = std::time::Instant::now();
                    std::hint::black_box(s.search(&index, typed, None, 60).len());
                    spent += start.elapsed();
                }
                spent
            })
        });
    }
    for prefix in ["k", "x", "xi", "b"] {
        g.bench_function(format!("preparing the letter after {prefix:?} (in the pause)"), |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let mut s = Searcher::default();
                    s.search(&index, prefix, None, 60);
                    let start = std::time::Instant::now();
                    while s.prepare(&index, usize::MAX) {}
                    spent += start.elapsed();
                }
                spent
            })
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
