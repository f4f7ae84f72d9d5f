//! The on-disk cache, as users meet it: a second run gives exactly what the first gave, and so
//! does a run without the cache; a changed file is seen; a damaged cache is rebuilt without a
//! word; two runs filling the cache at once both get it right.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for e in std::fs::read_dir(shipped).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), docs.join(e.file_name())).unwrap();
    }
    (dir, docs)
}

fn run(cache: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duizhao"));
    c.args(args);
    match cache {
        Some(dir) => c.env("DUIZHAO_CACHE_DIR", dir),
        None => c.arg("--no-cache"),
    };
    let out = c.output().expect("the binary runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn stdout(cache: Option<&Path>, args: &[&str]) -> String {
    String::from_utf8(run(cache, args).stdout).unwrap()
}

/// Every entry file in the cache (not the marker of the build in use).
fn entries(dir: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.file_name().is_some_and(|n| n != "used") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

#[test]
fn warm_runs_print_what_cold_runs_and_uncached_runs_print() {
    let (dir, docs) = folder();
    let cache = dir.path().join("cache");
    let docs = docs.to_str().unwrap();
    for args in [vec!["list", "--json", docs], vec!["show", "--json", docs], vec!["align", "--json", docs]] {
        let uncached = stdout(None, &args);
        assert_eq!(stdout(Some(&cache), &args), uncached, "{args:?}, cold");
        assert_eq!(stdout(Some(&cache), &args), uncached, "{args:?}, warm");
    }
    let kinds: Vec<String> = std::fs::read_dir(std::fs::read_dir(&cache).unwrap().next().unwrap().unwrap().path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for k in ["files", "libraries", "outlines"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
}

#[test]
fn a_changed_file_is_read_again() {
    let (dir, docs) = folder();
    let cache = dir.path().join("cache");
    let d = docs.to_str().unwrap();
    let before = stdout(Some(&cache), &["list", d]);
    let file = docs.join("2014-shanwei-informatization-plan.zh.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("汕尾", "汕头")).unwrap();
    let after = stdout(Some(&cache), &["list", d]);
    assert_ne!(after, before);
    assert_eq!(after, stdout(None, &["list", d]));
    std::fs::remove_file(&file).unwrap();
    let removed = stdout(Some(&cache), &["list", d]);
    assert!(!removed.contains("shanwei"), "{removed}");
}

#[test]
fn a_damaged_cache_is_rebuilt_silently() {
    let (dir, docs) = folder();
    let cache = dir.path().join("cache");
    let d = docs.to_str().unwrap();
    let expected = stdout(None, &["show", "--json", d]);
    stdout(Some(&cache), &["show", "--json", d]);
    let damages: [fn(&Path); 3] = [
        |p| std::fs::write(p, b"").unwrap(),
        |p| {
            let mut b = std::fs::read(p).unwrap();
            let mid = b.len() / 2;
            b[mid] ^= 0x55;
            std::fs::write(p, b).unwrap();
        },
        |p| std::fs::remove_file(p).unwrap(),
    ];
    for damage in damages {
        for e in entries(&cache) {
            damage(&e);
        }
        let out = run(Some(&cache), &["show", "--json", d]);
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(stdout(Some(&cache), &["show", "--json", d]), expected);
    }
}

#[test]
fn missing_file_entries_are_rebuilt_from_the_files() {
    let (dir, docs) = folder();
    let cache = dir.path().join("cache");
    let d = docs.to_str().unwrap();
    let expected = stdout(Some(&cache), &["show", "--json", d]);
    for e in entries(&cache).into_iter().filter(|p| p.to_string_lossy().contains("/files/")) {
        std::fs::remove_file(e).unwrap();
    }
    assert_eq!(stdout(Some(&cache), &["show", "--json", d]), expected);
}

#[test]
fn two_runs_filling_the_cache_at_once_both_get_it_right() {
    let (dir, docs) = folder();
    let cache = dir.path().join("cache");
    let d = docs.to_str().unwrap();
    let expected = stdout(None, &["show", "--json", d]);
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(&cache);
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_duizhao"))
                .args(["show", "--json", d])
                .env("DUIZHAO_CACHE_DIR", &cache)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success());
            assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
        }
        assert_eq!(stdout(Some(&cache), &["show", "--json", d]), expected);
        let strays: Vec<PathBuf> = entries(&cache)
            .into_iter()
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".tmp")))
            .collect();
        assert!(strays.is_empty(), "{strays:?}");
    }
}
