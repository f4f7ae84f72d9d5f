//! Embeds every document in `docs/` (and its manifest, if any) into the binary, so the reader
//! runs anywhere with no files beside it. Adding a document to `docs/` is all it takes.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=docs");
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("docs");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".txt") || n == "manifest.toml")
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from(
        "/// Documents embedded from `docs/` at build time: (file name, bytes).\npub static DOCS: &[(&str, &[u8])] = &[\n",
    );
    for n in &names {
        println!("cargo:rerun-if-changed=docs/{n}");
        out.push_str(&format!("    ({n:?}, include_bytes!({:?})),\n", dir.join(n).display().to_string()));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_docs.rs");
    fs::write(dest, out).expect("write embedded_docs.rs");
}
