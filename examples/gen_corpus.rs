//! Writes a synthetic corpus made from the shipped documents:
//! `cargo run --release --example gen_corpus -- DIR COUNT` writes COUNT files (copies of the
//! five shipped files, each copy a distinct document; every seventh copy in GB18030 or UTF-16).
//! Five files make four documents: 12,500 files make a library of 10,000 documents.

#[path = "../benches/common/corpus.rs"]
mod corpus;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(count)) = (args.first(), args.get(1).and_then(|c| c.parse::<usize>().ok())) else {
        anyhow::bail!("usage: gen_corpus DIR COUNT");
    };
    std::fs::create_dir_all(dir)?;
    // About 62 KB per file on average: ask for more, and keep the first COUNT.
    let files = corpus::corpus(count * 64_000, 7);
    let mut bytes = 0;
    for (name, data) in files.iter().take(count) {
        std::fs::write(std::path::Path::new(dir).join(name), data)?;
        bytes += data.len();
    }
    println!("wrote {} files, {:.1} MB, to {dir}", count.min(files.len()), bytes as f64 / 1e6);
    Ok(())
}
