//! The importer on the five shipped files: real content, asserted.

use duizhao::import::{embedded, import_bytes, load};
use duizhao::model::{BlockKind, Document, Library, Version};

fn library() -> Library {
    embedded::library().expect("the shipped documents import")
}

fn doc<'a>(lib: &'a Library, id: &str) -> &'a Document {
    lib.document(id).unwrap_or_else(|| panic!("no document {id}"))
}

fn levels(v: &Version) -> [usize; 3] {
    let mut n = [0; 3];
    for s in &v.sections {
        n[s.level as usize - 1] += 1;
    }
    n
}

fn block_at(v: &Version, line: u32, kind: BlockKind) -> &duizhao::model::Block {
    v.blocks
        .iter()
        .find(|b| b.lines.0 == line && b.kind == kind)
        .unwrap_or_else(|| panic!("{}: no {kind:?} at line {line}", v.id))
}

#[test]
fn one_document_per_text_with_all_its_versions() {
    let lib = library();
    let ids: Vec<&str> = lib.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2006-2020-informatization-strategy",
            "2012-opinions-informatization-security",
            "2014-shanwei-informatization-plan",
            "2016-informatization-strategy-outline"
        ]
    );
    let opinions = doc(&lib, "2012-opinions-informatization-security");
    let versions: Vec<(&str, &str, &str)> =
        opinions.versions.iter().map(|v| (v.id.as_str(), v.lang.code(), v.source.name.as_str())).collect();
    assert_eq!(
        versions,
        [
            ("zh", "zh", "2012-opinions-informatization-security.en-zh.txt"),
            ("zh-pdf", "zh", "2012-opinions-informatization-security.zh-pdf.txt"),
            ("en", "en", "2012-opinions-informatization-security.en-zh.txt"),
        ]
    );
    assert_eq!(doc(&lib, "2014-shanwei-informatization-plan").versions.len(), 1);
}

#[test]
fn metadata_titles_numbers_years_issuers() {
    let lib = library();
    let d = doc(&lib, "2012-opinions-informatization-security");
    assert_eq!(d.title.zh.as_deref(), Some("国务院关于大力推进信息化发展和切实保障信息安全的若干意见"));
    assert!(d.title.en.as_deref().unwrap().starts_with("Some Opinions concerning Forcefully Moving"));
    assert_eq!((d.number.zh.as_deref(), d.number.en.as_deref()), (Some("国发〔2012〕23号"), Some("GF No. (2012)23")));
    assert_eq!(d.year, Some(2012));
    assert_eq!((d.issuer.zh.as_deref(), d.issuer.en.as_deref()), (Some("国务院"), Some("State Council")));

    let d = doc(&lib, "2006-2020-informatization-strategy");
    assert_eq!(d.title.zh.as_deref(), Some("2006—2020年国家信息化发展战略"));
    assert_eq!(d.title.en.as_deref(), Some("2006-2020 National Informatization Development Strategy"));
    assert_eq!(d.number.zh.as_deref(), Some("中办发〔2006〕11号"));
    assert_eq!(
        d.issuer.zh.as_deref(),
        Some("中共中央办公厅、国务院办公厅"),
        "letter-spaced 国 务 院 办 公 厅 is tidied"
    );
    assert_eq!(d.year, Some(2006));

    let d = doc(&lib, "2016-informatization-strategy-outline");
    assert_eq!(d.title.zh.as_deref(), Some("国家信息化发展战略纲要"));
    assert_eq!(d.title.en.as_deref(), Some("Outline of the National Informatization Development Strategy"));
    assert_eq!(d.year, Some(2016));
    assert_eq!(d.number.zh, None);

    let d = doc(&lib, "2014-shanwei-informatization-plan");
    assert_eq!(d.title.zh.as_deref(), Some("汕尾市信息化发展规划纲要(2014-2020年)"));
    assert_eq!((d.year, d.issuer.zh.as_deref(), d.title.en.as_deref()), (Some(2014), Some("汕尾市人民政府"), None));
}

#[test]
fn sections_per_level_per_version() {
    let lib = library();
    let expect: &[(&str, &str, [usize; 3])] = &[
        ("2012-opinions-informatization-security", "zh", [8, 28, 0]),
        ("2012-opinions-informatization-security", "zh-pdf", [8, 28, 0]),
        ("2012-opinions-informatization-security", "en", [8, 28, 0]),
        ("2016-informatization-strategy-outline", "zh", [6, 23, 56]),
        ("2016-informatization-strategy-outline", "en", [6, 23, 56]),
        ("2006-2020-informatization-strategy", "zh", [6, 28, 0]),
        ("2006-2020-informatization-strategy", "en", [6, 28, 0]),
        ("2014-shanwei-informatization-plan", "zh", [4, 13, 27]),
    ];
    for (d, v, n) in expect {
        assert_eq!(levels(doc(&lib, d).version(v).unwrap()), *n, "{d} {v}");
    }
}

#[test]
fn numbering_typos_do_not_break_the_tree() {
    let lib = library();
    let strategy = doc(&lib, "2006-2020-informatization-strategy").version("en").unwrap();
    let h = |v: &Version, line: u32| block_at(v, line, BlockKind::Heading).heading.clone().unwrap();
    let typo = h(strategy, 227);
    assert_eq!(
        (typo.marker.as_deref(), typo.level, typo.value, typo.written_value),
        (Some("94)"), 2, Some(4), Some(94))
    );
    let vii = h(strategy, 247);
    assert_eq!((vii.marker.as_deref(), vii.level, vii.value), (Some("VII,"), 1, Some(6)));
    assert_eq!((h(strategy, 67).value, h(strategy, 67).written_value), (Some(2), Some(3)));

    let outline = doc(&lib, "2016-informatization-strategy-outline");
    let en = outline.version("en").unwrap();
    assert_eq!((h(en, 83).value, h(en, 83).written_value, h(en, 83).level), (Some(3), Some(12), 3));
    assert_eq!((h(en, 137).value, h(en, 137).level), (Some(4), 2), "(IV) is the fourth level-2 section");
    // The Chinese counts 1..56 through the whole text; that is kept, not "repaired".
    let zh = outline.version("zh").unwrap();
    assert_eq!((h(zh, 268).value, h(zh, 268).written_value), (Some(6), None));
    let s = zh.sections.iter().find(|s| zh.blocks[s.block].lines.0 == 268).unwrap();
    assert_eq!((s.ordinal, s.path.as_str()), (1, "3.2.6"));
}

#[test]
fn lead_sentence_headings_are_split_from_their_paragraph() {
    let lib = library();
    let d = doc(&lib, "2012-opinions-informatization-security");
    let en = d.version("en").unwrap();
    let head = block_at(en, 29, BlockKind::Heading);
    assert_eq!(head.text, "(1) Accelerate the development of broadband networks.");
    assert_eq!(head.heading.as_ref().unwrap().title, "Accelerate the development of broadband networks");
    assert!(block_at(en, 29, BlockKind::Paragraph).text.starts_with("Implement the “Broadband China” project"));
    let zh = d.version("zh").unwrap();
    assert_eq!(block_at(zh, 112, BlockKind::Heading).heading.as_ref().unwrap().title, "加快发展宽带网络");
    let pdf = d.version("zh-pdf").unwrap();
    assert_eq!(block_at(pdf, 69, BlockKind::Heading).text, "（一）加快发展宽带网络。");
}

#[test]
fn pdf_hard_wraps_and_page_gaps_are_joined_without_stray_spaces() {
    let lib = library();
    let pdf = doc(&lib, "2012-opinions-informatization-security").version("zh-pdf").unwrap();
    let paras: Vec<_> = pdf.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).collect();
    assert_eq!(paras.len(), 32);
    let first = paras[0];
    assert_eq!(first.lines, (3, 23));
    assert!(
        first.text.starts_with("大力推进信息化发展和切实保障信息安全，对调整经济结构、转变发展方式、保障和改善民生")
    );
    assert!(first.text.ends_with("为此，提出以下意见。"));
    // A page gap (four blank lines) inside a paragraph.
    let farm = block_at(pdf, 207, BlockKind::Paragraph);
    assert_eq!(farm.lines, (207, 217));
    assert!(farm.text.contains("农村专业合作社、农产品批发市场"));
    // Spaces the PDF put around digits and Latin are gone.
    let targets = block_at(pdf, 41, BlockKind::Paragraph);
    assert!(targets.text.contains("超过18万亿元") && targets.text.ends_with("超过9%。"), "{}", targets.text);
    assert!(pdf.blocks.iter().all(|b| !b.text.contains("  ")));
    // The same paragraph in the web-scraped Chinese reads the same once punctuation is folded.
    let web = doc(&lib, "2012-opinions-informatization-security").version("zh").unwrap();
    let fold = |s: &str| duizhao::text::matching_key(s);
    assert_eq!(fold(&block_at(web, 102, BlockKind::Paragraph).text), fold(&first.text));
}

#[test]
fn page_footers_are_dropped_and_the_halves_joined() {
    let lib = library();
    let d = doc(&lib, "2006-2020-informatization-strategy");
    let en = d.version("en").unwrap();
    let p = block_at(en, 43, BlockKind::Paragraph);
    assert_eq!(p.lines, (43, 47));
    assert!(p.text.contains("the scale of the network, second position worldwide in terms of Internet users"));
    let zh = d.version("zh").unwrap();
    let p = block_at(zh, 511, BlockKind::Paragraph);
    assert!(p.text.contains("自主可控关键装备等涉及自主发展能力"), "{}", p.text);
    // A short title before a footer is not glued to the text after it.
    assert_eq!(block_at(zh, 327, BlockKind::Title).text, "2006—2020年国家信息化发展战略");
}

#[test]
fn no_boilerplate_is_left_and_no_document_text_is_lost() {
    let lib = library();
    for d in &lib.documents {
        for v in &d.versions {
            for b in &v.blocks {
                for junk in [
                    "Date de collecte",
                    "Posted on",
                    "Leave a",
                    "WordPress",
                    "commenting",
                    "http",
                    "Connecting to",
                    "said:",
                ] {
                    assert!(!b.text.contains(junk), "{} {}: {junk:?} left in line {}", d.id, v.id, b.lines.0);
                }
            }
        }
    }
    // Last words of each shipped version are there.
    let last = |d: &str, v: &str| doc(&lib, d).version(v).unwrap().blocks.last().unwrap().text.clone();
    assert_eq!(last("2012-opinions-informatization-security", "zh"), "二〇一二年六月二十八日");
    assert_eq!(last("2012-opinions-informatization-security", "en"), "28 June 2012");
    assert_eq!(last("2012-opinions-informatization-security", "zh-pdf"), "国务院");
    assert!(
        last("2006-2020-informatization-strategy", "zh")
            .ends_with("使信息化融汇到国民经济和社会发展的中长期规划之中。")
    );
    assert!(last("2014-shanwei-informatization-plan", "zh").ends_with("。"));
}

#[test]
fn signatures_dates_addressees_numbers() {
    let lib = library();
    let d = doc(&lib, "2006-2020-informatization-strategy");
    let zh = d.version("zh").unwrap();
    let kinds: Vec<(u32, BlockKind)> = zh.blocks.iter().take(8).map(|b| (b.lines.0, b.kind)).collect();
    use BlockKind::*;
    assert_eq!(
        kinds,
        [
            (311, Title),
            (315, Number),
            (317, Addressee),
            (319, Paragraph),
            (321, Signature),
            (323, Signature),
            (325, Date),
            (327, Title)
        ]
    );
    let en = doc(&lib, "2016-informatization-strategy-outline").version("en").unwrap();
    let kinds: Vec<BlockKind> = en.blocks.iter().take(5).map(|b| b.kind).collect();
    assert_eq!(kinds, [Title, Signature, Signature, Date, Paragraph]);
}

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn other_encodings_of_a_seed_import_to_the_same_blocks() {
    let name = "2012-opinions-informatization-security.zh-pdf.txt";
    let utf8 = seed(name);
    let text = String::from_utf8(utf8.clone()).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let utf16be_nobom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let crlf = text.replace('\n', "\r\n").into_bytes();
    let base = import_bytes(name, None, &utf8).unwrap().versions;
    for (label, bytes) in
        [("gb18030", gb.into_owned()), ("utf-16le", utf16le), ("utf-16be", utf16be_nobom), ("crlf", crlf)]
    {
        let got = import_bytes(name, None, &bytes).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(got.versions, base, "{label}");
    }
}

#[test]
fn files_from_a_user_folder_group_by_content_in_any_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = String::from_utf8(seed("2012-opinions-informatization-security.zh-pdf.txt")).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&pdf);
    std::fs::write(dir.path().join("guofa-2012-23 (pdf).txt"), gb).unwrap();
    let web = String::from_utf8(seed("2012-opinions-informatization-security.en-zh.txt")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(web.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::create_dir(dir.path().join("web")).unwrap();
    std::fs::write(dir.path().join("web/opinions translation.txt"), utf16).unwrap();
    std::fs::write(dir.path().join("shanwei.txt"), seed("2014-shanwei-informatization-plan.zh.txt")).unwrap();
    std::fs::write(dir.path().join("broken.txt"), b"\x00\x01\x02binary\x00").unwrap();
    let loaded = load::load(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(loaded.skipped.len(), 1, "the binary file is skipped, not fatal");
    assert!(loaded.skipped[0].to_string().contains("broken.txt"));
    let docs = &loaded.library.documents;
    assert_eq!(docs.len(), 2);
    let opinions = docs.iter().find(|d| d.versions.len() == 3).expect("the PDF and the web page are one document");
    assert_eq!(opinions.number.zh.as_deref(), Some("国发〔2012〕23号"));
    let encodings: Vec<&str> = opinions.versions.iter().map(|v| v.source.encoding).collect();
    assert!(encodings.contains(&"GB18030") && encodings.contains(&"UTF-16LE"), "{encodings:?}");
}

#[test]
fn a_manifest_overrides_grouping_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), seed("2014-shanwei-informatization-plan.zh.txt")).unwrap();
    std::fs::write(dir.path().join("b.txt"), seed("2012-opinions-informatization-security.zh-pdf.txt")).unwrap();
    std::fs::write(
        dir.path().join("manifest.toml"),
        "[[document]]\nid = \"bundle\"\nfiles = [\"a.txt\", \"b.txt\"]\ntitle_en = \"Two plans\"\nyear = 1999\n",
    )
    .unwrap();
    let lib = load::load(&[dir.path().to_path_buf()]).unwrap().library;
    assert_eq!(lib.documents.len(), 1);
    let d = &lib.documents[0];
    assert_eq!(
        (d.id.as_str(), d.title.en.as_deref(), d.year, d.versions.len()),
        ("bundle", Some("Two plans"), Some(1999), 2)
    );
    std::fs::write(dir.path().join("manifest.toml"), "[[document]]\nid = \"x\"\nfile = []\n").unwrap();
    let err = load::load(&[dir.path().to_path_buf()]).unwrap_err().to_string();
    assert!(err.contains("manifest.toml:3:"), "{err}");
}
