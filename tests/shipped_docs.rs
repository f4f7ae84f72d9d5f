//! The shipped documents are the seed files byte for byte, all of them embedded, with their
//! origins noted in docs/SOURCES.md.

use sha2::{Digest, Sha256};

const SEEDS: &[(&str, &str)] = &[
    (
        "2006-2020-informatization-strategy.en-zh.txt",
        "152a6772f226444f567f45dda2f398752fb544d2a2fc161bd344941e4c6b75ba",
    ),
    (
        "2012-opinions-informatization-security.en-zh.txt",
        "e00c7712d54536d5d89a0464e7b5842a63f651d798d85e60a50665c611b01e52",
    ),
    (
        "2012-opinions-informatization-security.zh-pdf.txt",
        "a33ed6230d9e90249ccf257bf10003aa73fe189f034357d9885f30f5481328c3",
    ),
    ("2014-shanwei-informatization-plan.zh.txt", "c69933959e07aae6cb5f1e8482ea4975875c08451f3ac469f71ada16d66b0680"),
    (
        "2016-informatization-strategy-outline.en-zh.txt",
        "7ca70097af5c75172654b559113c3f85bd3bfc290195a312d0478a7d026d532b",
    ),
];

#[test]
fn docs_are_the_seeds_byte_for_byte_and_all_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).unwrap();
    let embedded = duizhao::import::embedded::files();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, SEEDS.iter().map(|s| s.0).collect::<Vec<_>>());
    for (name, sha) in SEEDS {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(
            Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>(),
            *sha,
            "{name} was edited"
        );
        let emb = embedded.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name} is not embedded"));
        assert_eq!(emb.1, &bytes[..], "{name}: embedded copy differs");
        assert!(sources.contains(name), "{name} has no origin note in SOURCES.md");
        assert!(sources.contains(&sha[..8]), "{name}: SOURCES.md lacks its checksum");
    }
}
