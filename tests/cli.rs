//! The command line as scripts use it: the JSON contracts, targets, errors and exit codes.

use std::process::{Command, Output};

use serde_json::Value;

/// The binary, with a cache of its own (under the test target directory).
fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_duizhao"));
    c.env("DUIZHAO_CACHE_DIR", concat!(env!("CARGO_TARGET_TMPDIR"), "/cli-cache"));
    c
}

fn duizhao(args: &[&str]) -> Output {
    command().args(args).output().expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let out = duizhao(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().expect("an object").keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn list_json_contract() {
    let docs = json(&["list", "--json"]);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 4);
    for d in docs {
        for k in ["id", "title", "year", "number", "versions"] {
            assert!(d.get(k).is_some(), "missing {k} in {d}");
        }
        assert!(d["title"].get("zh").is_some() && d["title"].get("en").is_some());
        for v in d["versions"].as_array().unwrap() {
            for k in ["id", "lang", "source", "blocks"] {
                assert!(v.get(k).is_some(), "missing {k}");
            }
            assert!(["zh", "en"].contains(&v["lang"].as_str().unwrap()));
            assert!(v["blocks"].as_u64().unwrap() > 50);
        }
    }
    let opinions = docs.iter().find(|d| d["id"] == "2012-opinions-informatization-security").unwrap();
    assert_eq!(opinions["number"], "国发〔2012〕23号");
    assert_eq!(opinions["year"], 2012);
    assert_eq!(opinions["versions"].as_array().unwrap().len(), 3);
}

#[test]
fn toc_json_contract() {
    let tocs = json(&["toc", "--json", "2016"]);
    let tocs = tocs.as_array().unwrap();
    assert_eq!(tocs.len(), 2, "one entry per version");
    for t in tocs {
        assert_eq!(keys(t), ["doc", "headings", "lang", "source", "version"]);
        for h in t["headings"].as_array().unwrap() {
            assert!([1, 2, 3].contains(&h["level"].as_u64().unwrap()));
            assert!(h["number"].is_string() && h["text"].is_string() && h["line"].as_u64().unwrap() >= 1);
        }
    }
    let zh = &tocs[0]["headings"][0];
    assert_eq!(
        (zh["level"].as_u64(), zh["number"].as_str(), zh["text"].as_str(), zh["line"].as_u64()),
        (Some(1), Some("1"), Some("国家信息化发展的基本形势"), Some(208))
    );
}

#[test]
fn align_json_contract() {
    let all = json(&["align", "--json"]);
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 5, "3 pairs for the 2012 Opinions, 1 each for 2006 and 2016, none for Shanwei");
    for a in all {
        assert_eq!(keys(a), ["doc", "left", "left_source", "pairs", "right", "right_source"]);
        for p in a["pairs"].as_array().unwrap() {
            assert_eq!(keys(p), ["kind", "left_line", "right_line", "score"]);
            assert!(["heading", "paragraph"].contains(&p["kind"].as_str().unwrap()));
            let s = p["score"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&s));
        }
    }
    let pair = all.iter().find(|a| a["doc"] == "2012-opinions-informatization-security" && a["right"] == "en").unwrap();
    assert_eq!(pair["left"], "zh");
    let p = pair["pairs"].as_array().unwrap();
    assert!(p.iter().any(|x| x["kind"] == "heading" && x["left_line"] == 111 && x["right_line"] == 27), "二、 ↔ II,");
}

#[test]
fn show_json_has_every_version_block_by_block() {
    let shown = json(&["show", "--json", "2012-opinions-informatization-security"]);
    let d = &shown[0];
    assert_eq!(d["doc"], "2012-opinions-informatization-security");
    let versions = d["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    let first = &versions[0]["blocks"][0];
    assert_eq!(keys(first), ["kind", "level", "lines", "number", "text"]);
    assert_eq!(first["kind"], "title");
    let only = json(&["show", "--json", "--version", "zh-pdf", "2012"]);
    assert_eq!(only[0]["versions"].as_array().unwrap().len(), 1);
}

#[test]
fn paths_files_and_folders_are_accepted() {
    let docs = format!("{}/docs", env!("CARGO_MANIFEST_DIR"));
    let from_folder = json(&["list", "--json", &docs]);
    assert_eq!(from_folder.as_array().unwrap().len(), 4);
    let file = format!("{docs}/2014-shanwei-informatization-plan.zh.txt");
    let one = json(&["toc", "--json", &file]);
    assert_eq!(one[0]["source"], "2014-shanwei-informatization-plan.zh.txt");
    let text = duizhao(&["list", &file]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("汕尾市信息化发展规划纲要"));
}

#[test]
fn bad_input_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("scan.pdf.txt");
    std::fs::write(&bin, b"%PDF-1.4\n\x00\x00\x01\x02stream\x00").unwrap();
    let out = duizhao(&["list", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scan.pdf.txt") && err.contains("binary"), "{err}");

    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"The \x93Broadband China\x94 project.\n").unwrap();
    let err = String::from_utf8_lossy(&duizhao(&["toc", latin1.to_str().unwrap()]).stderr).into_owned();
    assert!(err.contains("latin1.txt") && err.contains("not valid UTF-8"), "{err}");

    let out = duizhao(&["show", "no-such-document"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-document: no such file, folder or document"));
}

#[test]
fn keymap_show_and_check() {
    let out = duizhao(&["keymap", "show"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[reader]") && text.contains("half_page_down"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("keys.toml");
    std::fs::write(&bad, "[reader]\n\"j\" = \"down\"\n\"<C-d>\" = \"half_page_dwn\"\n").unwrap();
    let out = duizhao(&["keymap", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("keys.toml:3: unknown action \"half_page_dwn\" (did you mean half_page_down"), "{err}");
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "[reader]\n\"J\" = \"page_down\"\n").unwrap();
    assert!(duizhao(&["keymap", "check", good.to_str().unwrap()]).status.success());
}

#[test]
fn the_reader_refuses_bad_config_and_no_terminal_before_touching_anything() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "ambiguous_width = \"huge\"\n").unwrap();
    let out = command().env("DUIZHAO_CONFIG", &cfg).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:1:"), "{err}");
    assert!(out.stdout.is_empty(), "nothing was written to the terminal");
    std::fs::write(&cfg, "").unwrap();
    let out = command().env("DUIZHAO_CONFIG", &cfg).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the reader needs a terminal"));
}

/// The 2012 Opinions with one target changed (18 → 17 trillion) and one dropped, in a temp dir.
fn mistranslated(dir: &std::path::Path) -> std::path::PathBuf {
    let seed = format!("{}/docs/2012-opinions-informatization-security.en-zh.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(seed)
        .unwrap()
        .replace("exceed 18 trillion Yuan", "exceed 17 trillion Yuan")
        .replace("to exceed 250 million accounts", "to grow considerably");
    let file = dir.join("opinions.txt");
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn figures_json_contract() {
    let figs = json(&["figures", "--json"]);
    let figs = figs.as_array().unwrap();
    assert!(figs.len() > 30, "{}", figs.len());
    let mut fields = vec![
        "comparator",
        "counterpart",
        "doc",
        "kind",
        "lang",
        "line",
        "source",
        "status",
        "text",
        "unit",
        "value",
        "version",
        "year",
    ];
    fields.sort_unstable();
    for f in figs {
        let mut k = keys(f);
        k.retain(|&x| x != "upper" || f["upper"].is_number());
        assert_eq!(k, fields, "{f}");
        assert!(["target", "fact"].contains(&f["kind"].as_str().unwrap()));
        assert!(["match", "mismatch", "missing"].contains(&f["status"].as_str().unwrap()));
        assert!(f["value"].is_f64() || f["value"].is_u64());
        // The line is the one in the original file on which the figure's text begins.
        let path = format!("{}/docs/{}", env!("CARGO_MANIFEST_DIR"), f["source"].as_str().unwrap());
        let file = std::fs::read_to_string(&path).unwrap();
        let line = f["line"].as_u64().unwrap() as usize;
        let from: String = file.lines().skip(line - 1).take(2).collect::<Vec<_>>().join("");
        let text = f["text"].as_str().unwrap();
        let head: String = text.chars().take(2).collect();
        assert!(from.contains(&head), "{path}:{line} does not hold {text}");
        match &f["counterpart"] {
            Value::Null => assert_ne!(f["status"], "match"),
            c => assert_eq!(keys(c), ["line", "text", "version"]),
        }
    }
    let broadband = figs.iter().find(|f| f["text"] == "超过2.5亿户").expect("2.5亿户 is found");
    assert_eq!(broadband["value"].as_f64(), Some(250_000_000.0));
    assert_eq!(broadband["year"].as_u64(), Some(2015), "到“十二五”末 = end of 2015");
    assert_eq!(broadband["counterpart"]["text"], "exceed 250 million accounts");
}

#[test]
fn check_reports_a_changed_and_a_dropped_target_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = mistranslated(dir.path());
    let out = duizhao(&["check", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a mismatch fails the check");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("4 targets — 2 match, 1 mismatch, 1 missing in en"), "{report}");
    assert!(report.contains("MISMATCH  zh line 107: 超过18万亿元 (18 trillion CNY)"), "{report}");
    assert!(report.contains("en line 19: exceed 17 trillion Yuan (17 trillion CNY)"), "{report}");
    assert!(report.contains("missing   zh line 108: 超过2.5亿户"), "{report}");
    let figs = json(&["figures", "--json", file.to_str().unwrap()]);
    let changed = figs.as_array().unwrap().iter().find(|f| f["text"] == "超过18万亿元").unwrap();
    assert_eq!(changed["status"], "mismatch");
    assert_eq!(changed["counterpart"]["text"], "exceed 17 trillion Yuan");
    // The shipped documents pass.
    assert!(duizhao(&["check"]).status.success());
}

#[test]
fn keymap_presets_are_chosen_by_flag_or_config_and_shown() {
    let out = duizhao(&["--keymap", "vim", "keymap", "show"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.trim_start().starts_with("g g") && l.contains("top")), "{text}");
    // The flag works after the subcommand too (it is global).
    let after = duizhao(&["keymap", "show", "--keymap", "vim"]);
    assert_eq!(after.stdout, out.stdout);
    let default = String::from_utf8_lossy(&duizhao(&["keymap", "show"]).stdout).into_owned();
    assert!(!default.contains("g g"));

    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "keymap = \"less\"\n").unwrap();
    let cfg_arg = cfg.to_str().unwrap();
    let less = duizhao(&["--config", cfg_arg, "keymap", "show"]);
    assert!(less.status.success(), "{}", String::from_utf8_lossy(&less.stderr));
    assert_eq!(less.stdout, duizhao(&["--keymap", "less", "keymap", "show"]).stdout, "config keymap = \"less\"");
    // The flag beats the config file.
    assert_eq!(duizhao(&["--config", cfg_arg, "--keymap", "vim", "keymap", "show"]).stdout, out.stdout);

    let out = duizhao(&["--keymap", "nosuchpreset", "keymap", "show"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown keymap \"nosuchpreset\": the presets are default, vim, less, emacs"), "{err}");
}

#[test]
fn keymap_check_follows_extends() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, "extends = \"vim\"\n\n[reader]\n\"J\" = \"page_down\"\n").unwrap();
    let out = duizhao(&["keymap", "check", mine.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Over vim, g would hide vim's g g.
    std::fs::write(&mine, "extends = \"vim\"\n\n[reader]\n\"g\" = \"bottom\"\n").unwrap();
    let out = duizhao(&["keymap", "check", mine.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.toml:4: \"g\" hides \"g g\" (bound to top in the vim keymap)"), "{err}");
    std::fs::write(&mine, "extends = \"vi\"\n").unwrap();
    let err = String::from_utf8_lossy(&duizhao(&["keymap", "check", mine.to_str().unwrap()]).stderr).into_owned();
    assert!(
        err.contains("mine.toml:1: unknown preset \"vi\" in extends (presets: default, vim, less, emacs)"),
        "{err}"
    );
}

#[test]
fn the_reader_refuses_a_bad_keymap_before_touching_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "extends = \"less\"\n[reader]\n\"j\" = \"down\"\n\"<C-d>\" = \"half_page_dwn\"\n").unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "").unwrap();
    let run = |args: &[&str]| command().args(args).env("DUIZHAO_CONFIG", &cfg).output().unwrap();
    let out = run(&["--keymap", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:4: unknown action \"half_page_dwn\" (did you mean half_page_down"), "{err}");
    assert!(out.stdout.is_empty(), "no escape codes: {:?}", String::from_utf8_lossy(&out.stdout));
    // The same from the config file, which the message names.
    std::fs::write(&cfg, format!("keymap = {:?}\n", bad.to_str().unwrap())).unwrap();
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the config file's keymap: ") && err.contains("bad.toml:4: unknown action"), "{err}");
    assert!(out.stdout.is_empty());
    let out = run(&["--keymap", "nosuchpreset"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the presets are default, vim, less, emacs"));
    assert!(out.stdout.is_empty());
}
