//! Peak memory of importing and aligning a 100 MB corpus from disk, against the target of
//! three times its size. Writes the corpus to a temporary folder, then loads it in a child
//! process and reads that process's peak resident size (VmHWM). Linux only.

use std::process::Command;

#[path = "common/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--measure") {
        let dir = std::path::PathBuf::from(&args[pos + 1]);
        let loaded = duizhao::import::load::load(&[dir]).expect("corpus loads");
        let lib = loaded.library;
        let links: usize = lib
            .documents
            .iter()
            .map(|d| duizhao::align::align_document(d).iter().map(|(_, al)| al.links.len()).sum::<usize>())
            .sum();
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let hwm = status.lines().find(|l| l.starts_with("VmHWM")).unwrap_or("VmHWM: ?");
        println!("{} documents, {links} links; {hwm}", lib.documents.len());
        return;
    }
    if args.iter().any(|a| a == "--list" || a.starts_with("--format")) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let files = corpus::corpus(100 << 20, 7);
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    for (name, data) in &files {
        std::fs::write(dir.path().join(name), data).expect("write corpus");
    }
    let out =
        Command::new(&args[0]).args(["--measure", &dir.path().display().to_string()]).output().expect("child runs");
    let report = String::from_utf8_lossy(&out.stdout);
    let kb: f64 = report
        .split("VmHWM:")
        .nth(1)
        .and_then(|s| s.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(f64::NAN);
    println!(
        "corpus {:.1} MB in {} files: {}peak {:.0} MB = {:.2}x the corpus (target < 3x)",
        bytes as f64 / 1048576.0,
        files.len(),
        report.split(';').next().map(|s| format!("{s}; ")).unwrap_or_default(),
        kb / 1024.0,
        kb * 1024.0 / bytes as f64
    );
}
