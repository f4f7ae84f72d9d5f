//! Bookmarks on disk, as scripts and several readers at once use them: concurrent writers in
//! separate processes (one of them killed mid-write) lose nothing, a corrupt file is kept and
//! reported, and every command exits 0 only when its change is on disk.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

fn duizhao(dir: &Path, args: &[&str]) -> Command {
    // An empty config, so the user's own cannot change what is tested.
    let config = dir.join("config.toml");
    if !config.exists() {
        std::fs::write(&config, "").unwrap();
    }
    let mut c = Command::new(env!("CARGO_BIN_EXE_duizhao"));
    c.args(args).env("DUIZHAO_DATA_DIR", dir).env("DUIZHAO_CONFIG", config);
    c.env("DUIZHAO_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/bookmarks-cache"));
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    duizhao(dir, args).output().expect("the binary runs")
}

fn listed(dir: &Path) -> Vec<Value> {
    let out = run(dir, &["bookmarks", "list", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice::<Value>(&out.stdout).expect("JSON").as_array().cloned().unwrap_or_default()
}

#[test]
fn add_list_export_import_delete() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = run(d, &["bookmarks", "add", "2012", "--section", "二.（一）", "--note", "broadband"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("二、实施“宽带中国”工程,构建下一代信息基础设施 › (一)加快发展宽带网络 — broadband"),
        "{text}"
    );
    assert!(run(d, &["bookmarks", "add", "2016", "--section", "42"]).status.success());
    let all = listed(d);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0]["section"], "2.1");
    assert_eq!(all[0]["status"], "exact");
    assert_eq!(all[0]["line"], 112, "the source line of (一)加快发展宽带网络 in the shipped file");
    assert!(all[0]["headings"]["en"].as_str().unwrap().contains("(1) Accelerate"));
    assert!(
        all[1]["headings"]["en"].as_str().unwrap().ends_with("5. Implement the networked poverty relief action plan")
    );
    // A section that does not exist: exit 2, nothing written.
    let out = run(d, &["bookmarks", "add", "2016", "--section", "9.9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no section \"9.9\""));
    assert_eq!(listed(d).len(), 2);
    // Export, import elsewhere (twice: the second adds nothing).
    let export = run(d, &["bookmarks", "export"]);
    let other = tempfile::tempdir().unwrap();
    let file = other.path().join("export.json");
    std::fs::write(&file, &export.stdout).unwrap();
    let once = run(other.path(), &["bookmarks", "import", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&once.stdout).contains("imported 2 of 2"));
    let twice = run(other.path(), &["bookmarks", "import", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&twice.stdout).contains("imported 0 of 2 bookmarks (2 already there)"));
    assert_eq!(listed(other.path()), listed(d));
    // A file that is not an export is refused, naming it.
    std::fs::write(&file, r#"{"bookmarks": [{"id": 3}]}"#).unwrap();
    let bad = run(other.path(), &["bookmarks", "import", file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("export.json:1:") && err.contains("nothing was imported"), "{err}");
    // Delete by id.
    let id = all[0]["id"].as_str().unwrap();
    assert!(run(d, &["bookmarks", "delete", id]).status.success());
    assert_eq!(listed(d).len(), 1);
    assert_eq!(run(d, &["bookmarks", "delete", id]).status.code(), Some(2));
}

#[test]
fn concurrent_writers_lose_nothing_even_when_one_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Big imports that take a while to write, killed at different moments.
    let big: Vec<Value> = (0..3000)
        .map(|i| {
            serde_json::json!({"id": format!("big-{i}"), "doc": "2012-opinions-informatization-security",
                "version": "zh", "lang": "zh", "fingerprint": "x", "note": "n".repeat(200)})
        })
        .collect();
    let big_file = d.join("big.json");
    std::fs::write(&big_file, serde_json::to_vec(&big).unwrap()).unwrap();
    let mut adders: Vec<(String, Child)> = Vec::new();
    let mut killed = 0;
    for round in 0..6 {
        let mut victim = duizhao(d, &["bookmarks", "import", big_file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        for k in 0..5 {
            let note = format!("round {round} writer {k}");
            let child = duizhao(d, &["bookmarks", "add", "2016", "--section", "42", "--note", &note])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            adders.push((note, child));
        }
        std::thread::sleep(Duration::from_millis(5 + 7 * round));
        if victim.try_wait().unwrap().is_none() {
            victim.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        let _ = victim.wait();
    }
    let mut saved = Vec::new();
    for (note, child) in adders {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{note}: {}", String::from_utf8_lossy(&out.stderr));
        saved.push(note);
    }
    // The file is whole, and holds every bookmark whose command succeeded.
    let raw = std::fs::read(d.join("bookmarks.json")).unwrap();
    let file: Value = serde_json::from_slice(&raw).expect("the file is valid JSON");
    let all = file["bookmarks"].as_array().unwrap();
    for note in &saved {
        assert_eq!(all.iter().filter(|b| b["note"] == note.as_str()).count(), 1, "{note} lost");
    }
    // A killed import left all of its bookmarks or none.
    let bigs = all.iter().filter(|b| b["id"].as_str().unwrap().starts_with("big-")).count();
    assert!(bigs == 0 || bigs == 3000, "{bigs} of 3000: a torn write");
    let torn = std::fs::read_dir(d)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    eprintln!("temporary files left by killed writers: {torn}");
    // No temporary file is left once the next writer has run.
    assert!(run(d, &["bookmarks", "add", "2012"]).status.success());
    let stray: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    eprintln!("killed {killed} importers mid-way");
}

#[test]
fn a_corrupt_file_is_kept_reported_once_and_the_next_write_works() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let garbage = b"{\"format\": 1, \"bookmarks\": [{\"id\": \"a\", \"doc\": \"x\", \"versi";
    std::fs::write(d.join("bookmarks.json"), garbage).unwrap();
    let out = run(d, &["bookmarks", "add", "2012", "--note", "after the crash"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bookmarks.json was unreadable") && err.contains("kept as"), "{err}");
    let backup = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("bookmarks.json.corrupt-"))
        .expect("the corrupt file is kept beside it");
    assert_eq!(std::fs::read(backup).unwrap(), garbage);
    let again = run(d, &["bookmarks", "list"]);
    assert!(again.stderr.is_empty(), "told once: {}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(listed(d).len(), 1);
}
