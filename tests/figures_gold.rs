//! The figure extractor against hand-checked gold lists of the shipped documents
//! (`tests/gold/figures/*.tsv`, written by reading the texts). The aim from the issue: at least
//! 95% of the targets a careful reader marks are found, at least 90% of what is reported as a
//! target is one.

use duizhao::figures::{Kind, extract};
use duizhao::import::embedded;

#[derive(Debug)]
struct Row {
    line: u32,
    text: String,
    value: f64,
    unit: String,
    comparator: String,
    year: Option<u16>,
    kind: String,
}

fn gold() -> Vec<(String, String, Vec<Row>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold/figures");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let (doc, version) = name.split_once('.').unwrap();
            let rows = std::fs::read_to_string(&p)
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| {
                    let c: Vec<&str> = l.split('\t').collect();
                    Row {
                        line: c[0].parse().unwrap(),
                        text: c[1].to_owned(),
                        value: c[2].parse().unwrap(),
                        unit: c[3].to_owned(),
                        comparator: c[4].to_owned(),
                        year: c[5].parse().ok(),
                        kind: c[6].to_owned(),
                    }
                })
                .collect();
            (doc.to_owned(), version.to_owned(), rows)
        })
        .collect()
}

#[test]
fn figures_match_the_gold_lists() {
    let lib = embedded::library().unwrap();
    let golds = gold();
    assert_eq!(golds.len(), 8, "gold lists for every version of the five files");
    let (mut gold_targets, mut found_targets, mut reported_targets, mut true_reported) = (0, 0, 0, 0);
    let (mut matched, mut same_year, mut same_cmp, mut same_kind) = (0, 0, 0, 0);
    for (doc, version, rows) in &golds {
        let d = lib.document(doc).unwrap_or_else(|| panic!("{doc}"));
        let v = d.version(version).unwrap_or_else(|| panic!("{doc} {version}"));
        let figs = extract(v, d.year);
        let same = |r: &Row, f: &duizhao::figures::Figure| {
            r.line == f.line && (r.value - f.value).abs() <= 1e-6 * r.value.abs().max(1.0) && r.unit == f.unit.name()
        };
        for r in rows {
            let hit = figs.iter().find(|f| same(r, f));
            match hit {
                None => println!("MISSED   {doc} {version} line {}: {} ({} {})", r.line, r.text, r.value, r.unit),
                Some(f) => {
                    matched += 1;
                    same_kind += usize::from((f.kind == Kind::Target) == (r.kind == "target"));
                    same_year += usize::from(f.year == r.year);
                    let cmp = f
                        .comparator
                        .map_or("-".to_owned(), |c| serde_json::to_value(c).unwrap().as_str().unwrap().to_owned());
                    same_cmp += usize::from(cmp == r.comparator);
                    if f.year != r.year || cmp != r.comparator || (f.kind == Kind::Target) != (r.kind == "target") {
                        println!(
                            "DIFFERS  {doc} {version} line {}: {} — year {:?}/{:?} comparator {cmp}/{} kind {:?}/{}",
                            r.line, r.text, f.year, r.year, r.comparator, f.kind, r.kind
                        );
                    }
                }
            }
            if r.kind == "target" {
                gold_targets += 1;
                found_targets += usize::from(hit.is_some_and(|f| f.kind == Kind::Target));
            }
        }
        for f in figs.iter().filter(|f| f.kind == Kind::Target) {
            reported_targets += 1;
            let real = rows.iter().any(|r| r.kind == "target" && same(r, f));
            true_reported += usize::from(real);
            if !real {
                println!("EXTRA    {doc} {version} line {}: {} ({} {})", f.line, f.text, f.value, f.unit.name());
            }
        }
    }
    let recall = found_targets as f64 / gold_targets as f64;
    let precision = true_reported as f64 / reported_targets as f64;
    println!(
        "targets: recall {:.1}% ({found_targets}/{gold_targets}), precision {:.1}% ({true_reported}/{reported_targets})",
        recall * 100.0,
        precision * 100.0
    );
    println!("of {matched} matched figures: kind {same_kind}, year {same_year}, comparator {same_cmp} agree");
    assert!(recall >= 0.95 && precision >= 0.90);
    assert!(same_kind * 100 >= matched * 95 && same_year * 100 >= matched * 90 && same_cmp * 100 >= matched * 85);
}

#[test]
fn every_target_of_the_bilingual_documents_is_checked_against_its_translation() {
    let lib = embedded::library().unwrap();
    for d in lib.documents.iter().filter(|d| d.versions.len() > 1) {
        for vf in duizhao::figures::check::document(d) {
            for (f, (status, _)) in vf.figures.iter().zip(&vf.status) {
                assert_eq!(
                    *status,
                    duizhao::figures::check::Status::Match,
                    "{} {}: {} line {}",
                    d.id,
                    d.versions[vf.version].id,
                    f.text,
                    f.line
                );
            }
        }
    }
}
