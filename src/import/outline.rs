//! What a library's catalog needs of an imported file, kept instead of the file while a folder
//! streams through the cache: per version, its numbers of blocks and headings, its section tree
//! (encoded, as the catalog caches it) and the few blocks a document's title, number, year and
//! issuer are read from.
//!
//! Building the catalog from these, rather than from the files fetched back from the cache once
//! the folder is grouped, saves reading and decoding every file a second time.

use std::path::PathBuf;

use super::ImportedFile;
use super::decode::Encoding;
use super::group::{name_versions, source_of};
use super::manifest::Entry;
use super::meta::{is_meta, meta};
use crate::cache::catalog::{self, DocEntry, VersionEntry};
use crate::model::{Block, BlockKind, Document, section};
use crate::text::Lang;

/// The outline of an imported file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileOutline {
    /// Name and path are not stored: two copies of a file share one cache entry (see
    /// [`FileOutline::at`]).
    #[serde(skip)]
    name: String,
    #[serde(skip)]
    path: Option<PathBuf>,
    encoding: Encoding,
    dropped_lines: usize,
    versions: Vec<VersionOutline>,
}

/// The outline of one version of a file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct VersionOutline {
    lang: Lang,
    blocks: usize,
    headings: usize,
    /// The section tree, as [`catalog::pack_sections`] encodes it.
    #[serde(with = "crate::cache::raw::bytes")]
    sections: Vec<u8>,
    /// The blocks [`meta`] reads, in order.
    meta: Vec<Block>,
}

impl FileOutline {
    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same outline, of the file named `name` at `path`.
    pub fn at(self, name: &str, path: &std::path::Path) -> FileOutline {
        FileOutline { name: name.to_owned(), path: Some(path.to_path_buf()), ..self }
    }

    /// The outline of `f`, whose blocks are used up building their section trees.
    pub fn of(f: ImportedFile) -> FileOutline {
        let versions = f
            .versions
            .into_iter()
            .map(|(lang, mut blocks)| {
                // As a version is built (`Version::new`), from the same blocks.
                let sections = section::build(&mut blocks);
                let mut sections = catalog::pack_sections(&sections);
                sections.shrink_to_fit();
                VersionOutline {
                    lang,
                    blocks: blocks.len(),
                    headings: blocks.iter().filter(|b| b.kind == BlockKind::Heading).count(),
                    sections,
                    // Copied out: collected in place, they would keep the whole version's room.
                    meta: blocks.iter().filter(|b| is_meta(b.kind)).cloned().collect(),
                }
            })
            .collect();
        FileOutline { name: f.name, path: f.path, encoding: f.encoding, dropped_lines: f.dropped_lines, versions }
    }
}

/// The catalog entry of document `id` made of `files` (with its manifest settings, if any), and
/// its versions' section trees as [`catalog::pack`] encodes them: what building the document
/// from the files themselves gives.
pub fn entry(id: String, files: Vec<FileOutline>, overrides: Option<&Entry>) -> (DocEntry, Vec<u8>) {
    let parts = files.into_iter().flat_map(|f| {
        let source = source_of(&f.name, f.path.as_ref(), f.encoding, f.dropped_lines);
        f.versions.into_iter().map(move |v| (v.lang, source.clone(), v))
    });
    let named = name_versions(&id, parts.collect());
    let m = meta(named.iter().map(|(_, (lang, _, v))| (*lang, v.meta.as_slice())));
    let mut doc =
        Document { id, title: m.title, year: m.year, number: m.number, issuer: m.issuer, versions: Vec::new() };
    if let Some(o) = overrides {
        o.apply(&mut doc);
    }
    let sections = catalog::join_packed(named.iter().map(|(_, (_, _, v))| v.sections.as_slice()));
    let versions = named
        .into_iter()
        .map(|(vid, (lang, source, v))| VersionEntry::new(vid, lang, &source, v.blocks, v.headings))
        .collect();
    let Document { id, title, year, number, issuer, .. } = doc;
    (DocEntry { id, title, year, number, issuer, versions }, sections)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{embedded, group, import_bytes};

    #[test]
    fn entries_from_outlines_are_those_of_the_documents() {
        let files: Vec<ImportedFile> = embedded::files()
            .iter()
            .filter(|(n, _)| n.ends_with(".txt"))
            .map(|(n, b)| import_bytes(n, Some(PathBuf::from("/docs").join(n)), b).unwrap())
            .collect();
        let features: Vec<group::Features> = files.iter().map(group::Features::of).collect();
        let manifest = crate::import::manifest::parse(
            "m.toml",
            "[[document]]\nid = \"plan\"\nfiles = [\"2014-shanwei-informatization-plan.zh.txt\"]\nyear = 1999\ntitle_en = \"A plan\"\n",
        )
        .unwrap();
        let plan = group::plan(&features, Some(&manifest));
        assert!(plan.iter().any(|p| p.files.len() > 1) && plan.iter().any(|p| p.overrides.is_some()));
        for p in plan {
            let members: Vec<ImportedFile> = p.files.iter().map(|&i| files[i].clone()).collect();
            let outlines = members.iter().cloned().map(FileOutline::of).collect();
            let doc = group::build(p.id.clone(), members, p.overrides);
            let (entry, sections) = entry(p.id.clone(), outlines, p.overrides);
            assert_eq!(entry, DocEntry::of(&doc), "{}", p.id);
            assert_eq!(sections, catalog::pack(&catalog::sections_of(&doc)), "{}", p.id);
        }
    }
}
