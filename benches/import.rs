//! Import and alignment speed: the shipped documents, and a 100 MB corpus made from them.
//! Numbers are recorded in the README (Performance).

use criterion::{Criterion, criterion_group, criterion_main};
use duizhao::align::align_document;
use duizhao::import::{group, import_bytes};
use rayon::prelude::*;

#[path = "common/corpus.rs"]
mod corpus;

fn import_and_align(files: &[(String, Vec<u8>)]) -> usize {
    let imported: Vec<_> = files.par_iter().filter_map(|(n, b)| import_bytes(n, None, b).ok()).collect();
    let lib = group::library(imported, None);
    lib.documents.par_iter().map(|d| align_document(d).iter().map(|(_, al)| al.links.len()).sum::<usize>()).sum()
}

fn shipped(c: &mut Criterion) {
    let files = corpus::corpus(1, 0);
    assert_eq!(files.len(), 5);
    c.bench_function("import+align shipped documents (300 KB)", |b| b.iter(|| import_and_align(&files)));
    c.bench_function("import only, shipped documents", |b| {
        b.iter(|| files.iter().filter_map(|(n, b)| import_bytes(n, None, b).ok()).count())
    });
}

fn hundred_megabytes(c: &mut Criterion) {
    let files = corpus::corpus(100 << 20, 7);
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Bytes(files.iter().map(|f| f.1.len() as u64).sum()));
    g.bench_function("import+align 100 MB", |b| b.iter(|| import_and_align(&files)));
    g.finish();
}

criterion_group!(benches, shipped, hundred_megabytes);
criterion_main!(benches);
