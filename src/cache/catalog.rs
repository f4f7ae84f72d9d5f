//! The cached forms of imported files and libraries.
//!
//! A library's catalog holds what the library screen, `list` and the jump popup need (titles,
//! numbers, versions, section outlines) without a single paragraph, so that a folder of ten
//! thousand documents opens without reading them; a document's blocks come from its files'
//! entries when it is opened.

use serde::{Deserialize, Serialize};

use super::{Cache, Digest, Kind};
use crate::import::decode::Encoding;
use crate::import::{ImportError, ImportedFile, import_owned};
use crate::model::{Bilingual, Block, BlockKind, Document, Heading, Library, Section, Source, Version};
use crate::text::Lang;

/// A block as written to the cache (the JSON form leaves out where each source line starts).
#[derive(Serialize)]
struct BlockOut<'a> {
    kind: BlockKind,
    text: &'a str,
    lines: (u32, u32),
    heading: &'a Option<Heading>,
    bullet: bool,
    pieces: &'a [(u32, u32)],
}

/// A block as read back; the same fields in the same order as [`BlockOut`].
#[derive(Deserialize)]
struct BlockIn {
    kind: BlockKind,
    text: String,
    lines: (u32, u32),
    heading: Option<Heading>,
    bullet: bool,
    pieces: Vec<(u32, u32)>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    encoding: &'a str,
    dropped_lines: usize,
    versions: Vec<(Lang, Vec<BlockOut<'a>>)>,
}

#[derive(Deserialize)]
struct FileIn {
    encoding: String,
    dropped_lines: usize,
    versions: Vec<(Lang, Vec<BlockIn>)>,
}

/// Stores an imported file under the digest of its bytes (its name and path are not stored:
/// two copies of a file share one entry).
pub fn put_file(cache: &Cache, digest: Digest, f: &ImportedFile) {
    let out = FileOut {
        encoding: f.encoding.name(),
        dropped_lines: f.dropped_lines,
        versions: f
            .versions
            .iter()
            .map(|(lang, blocks)| {
                let blocks = blocks
                    .iter()
                    .map(|b| BlockOut {
                        kind: b.kind,
                        text: &b.text,
                        lines: b.lines,
                        heading: &b.heading,
                        bullet: b.bullet,
                        pieces: &b.pieces,
                    })
                    .collect();
                (*lang, blocks)
            })
            .collect(),
    };
    cache.put(Kind::File, digest, &out);
}

/// The imported file stored under `digest`, named `name` and found at `path`.
pub fn get_file(cache: &Cache, digest: Digest, name: &str, path: Option<std::path::PathBuf>) -> Option<ImportedFile> {
    let f: FileIn = cache.get(Kind::File, digest)?;
    let versions = f
        .versions
        .into_iter()
        .map(|(lang, blocks)| {
            let blocks = blocks
                .into_iter()
                .map(|b| Block {
                    kind: b.kind,
                    text: b.text,
                    lines: b.lines,
                    heading: b.heading,
                    bullet: b.bullet,
                    pieces: b.pieces,
                })
                .collect();
            (lang, blocks)
        })
        .collect();
    Some(ImportedFile {
        name: name.to_owned(),
        path,
        encoding: Encoding::named(&f.encoding)?,
        dropped_lines: f.dropped_lines,
        versions,
    })
}

/// A library without its paragraphs: what was found, what was skipped, and each document's
/// titles and versions (its section trees are kept apart, in [`Outlines`], so that `list` need
/// not read them).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalog {
    /// Every file imported, by path, with the digest of its bytes.
    pub files: Vec<(String, Digest)>,
    /// Files that could not be imported, with the reason (as `path: reason`).
    pub skipped: Vec<String>,
    /// The documents.
    pub documents: Vec<DocEntry>,
    /// `files` by path, made on first use (a folder's documents are fetched one after another).
    #[serde(skip)]
    by_path: std::sync::OnceLock<std::collections::HashMap<String, Digest>>,
}

/// One document of a catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocEntry {
    /// As [`Document::id`].
    pub id: String,
    /// As [`Document::title`].
    pub title: Bilingual,
    /// As [`Document::year`].
    pub year: Option<u16>,
    /// As [`Document::number`].
    pub number: Bilingual,
    /// As [`Document::issuer`].
    pub issuer: Bilingual,
    /// The versions.
    pub versions: Vec<VersionEntry>,
}

/// One version of a catalogued document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionEntry {
    /// As [`Version::id`].
    pub id: String,
    /// As [`Version::lang`].
    pub lang: Lang,
    /// The source file's name.
    pub name: String,
    /// The source file's path.
    pub path: Option<String>,
    /// The source file's encoding.
    pub encoding: String,
    /// Lines of the source dropped as boilerplate.
    pub dropped_lines: usize,
    /// Number of blocks.
    pub blocks: usize,
    /// Number of heading blocks.
    pub headings: usize,
}

/// The section trees of a catalog's documents: by document, then version.
pub type Outlines = Vec<Vec<Vec<SectionEntry>>>;

/// The section trees of a catalog's documents as cached: each document's encoded on its own, so
/// that half a million sections can be read one document at a time.
pub type PackedOutlines = Vec<Vec<u8>>;

/// Encodes one document's section trees (see [`PackedOutlines`]).
pub fn pack(sections: &[Vec<SectionEntry>]) -> Vec<u8> {
    postcard::to_stdvec(sections).unwrap_or_default()
}

/// Encodes one version's section tree, to be joined with its siblings' by [`join_packed`].
pub fn pack_sections(sections: &[Section]) -> Vec<u8> {
    let entries: Vec<SectionRef> = sections.iter().map(SectionRef::of).collect();
    postcard::to_stdvec(&entries).unwrap_or_default()
}

/// A [`SectionEntry`] borrowed from its section, to be encoded without copying its strings:
/// the same fields, so the same bytes.
#[derive(Serialize)]
struct SectionRef<'a> {
    block: usize,
    level: u8,
    parent: Option<usize>,
    ordinal: u32,
    value: Option<u32>,
    path: &'a str,
    heading: &'a Heading,
}

impl<'a> SectionRef<'a> {
    fn of(s: &'a Section) -> SectionRef<'a> {
        let Section { block, level, parent, ordinal, value, ref path, ref heading } = *s;
        SectionRef { block, level, parent, ordinal, value, path, heading }
    }
}

/// What [`pack`] makes of a document's versions' section trees, from each encoded on its own by
/// [`pack_sections`]: a sequence, in postcard, is its length then its items.
pub fn join_packed<'a>(versions: impl ExactSizeIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = postcard::to_stdvec(&versions.len()).unwrap_or_default();
    for v in versions {
        out.extend_from_slice(v);
    }
    out
}

/// Decodes what [`pack`] encoded (`None` for damaged bytes).
pub fn unpack(bytes: &[u8]) -> Option<Vec<Vec<SectionEntry>>> {
    postcard::from_bytes(bytes).ok()
}

/// A section as cached (the JSON form of [`Section`] leaves out its heading).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionEntry {
    block: usize,
    level: u8,
    parent: Option<usize>,
    ordinal: u32,
    value: Option<u32>,
    path: String,
    heading: Heading,
}

impl DocEntry {
    /// The entry of a document.
    pub fn of(d: &Document) -> DocEntry {
        DocEntry {
            id: d.id.clone(),
            title: d.title.clone(),
            year: d.year,
            number: d.number.clone(),
            issuer: d.issuer.clone(),
            versions: d.versions.iter().map(VersionEntry::of).collect(),
        }
    }

    /// The document without blocks (see [`Document::is_outline`]), with its versions' section
    /// trees when given.
    pub fn outline(&self, sections: Option<Vec<Vec<SectionEntry>>>) -> Document {
        let mut sections = sections.unwrap_or_default().into_iter();
        Document {
            id: self.id.clone(),
            title: self.title.clone(),
            year: self.year,
            number: self.number.clone(),
            issuer: self.issuer.clone(),
            versions: self.versions.iter().map(|v| v.outline(sections.next().unwrap_or_default())).collect(),
        }
    }
}

/// The section trees of a document's versions, as cached.
pub fn sections_of(d: &Document) -> Vec<Vec<SectionEntry>> {
    d.versions.iter().map(|v| v.sections.iter().map(SectionEntry::of).collect()).collect()
}

impl SectionEntry {
    fn of(s: &Section) -> SectionEntry {
        SectionEntry {
            block: s.block,
            level: s.level,
            parent: s.parent,
            ordinal: s.ordinal,
            value: s.value,
            path: s.path.clone(),
            heading: s.heading.clone(),
        }
    }
}

impl VersionEntry {
    fn of(v: &Version) -> VersionEntry {
        VersionEntry::new(v.id.clone(), v.lang, &v.source, v.blocks.len(), v.count(BlockKind::Heading))
    }

    /// The entry of version `id` in `lang` from `source`, of so many blocks and headings.
    pub fn new(id: String, lang: Lang, source: &Source, blocks: usize, headings: usize) -> VersionEntry {
        VersionEntry {
            id,
            lang,
            name: source.name.clone(),
            path: source.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
            encoding: source.encoding.to_owned(),
            dropped_lines: source.dropped_lines,
            blocks,
            headings,
        }
    }

    fn source(&self) -> Source {
        Source {
            name: self.name.clone(),
            path: self.path.as_ref().map(std::path::PathBuf::from),
            encoding: Encoding::named(&self.encoding).map_or("unknown", Encoding::name),
            dropped_lines: self.dropped_lines,
        }
    }

    fn outline(&self, sections: Vec<SectionEntry>) -> Version {
        let sections = sections
            .into_iter()
            .map(|s| Section {
                block: s.block,
                level: s.level,
                parent: s.parent,
                ordinal: s.ordinal,
                value: s.value,
                path: s.path,
                heading: s.heading,
            })
            .collect();
        Version { id: self.id.clone(), lang: self.lang, source: self.source(), blocks: Vec::new(), sections }
    }
}

impl Catalog {
    /// A catalog of `documents`, read from `files` (path and digest), with the files `skipped`.
    pub fn new(files: Vec<(String, Digest)>, skipped: Vec<String>, documents: Vec<DocEntry>) -> Catalog {
        Catalog { files, skipped, documents, by_path: Default::default() }
    }

    /// The documents as outlines, with their section trees when given.
    pub fn outlines(&self, sections: Option<Outlines>) -> Library {
        let mut sections = sections.map(Vec::into_iter);
        let documents = self.documents.iter().map(|d| d.outline(sections.as_mut().and_then(Iterator::next))).collect();
        Library { documents }
    }

    /// The whole of document `outline`, its blocks read from the cache (or, when an entry is
    /// missing, from its files again, which must not have changed since).
    pub fn load(&self, cache: &Cache, outline: &Document) -> Result<Document, ImportError> {
        let mut versions = Vec::with_capacity(outline.versions.len());
        for v in &outline.versions {
            let shown = v.source.path.as_ref().map_or_else(|| v.source.name.clone(), |p| p.display().to_string());
            let gone = || ImportError::Changed { file: shown.clone() };
            let by_path = self.by_path.get_or_init(|| self.files.iter().cloned().collect());
            let digest = by_path.get(&shown).copied().ok_or_else(gone)?;
            let file = match get_file(cache, digest, &v.source.name, v.source.path.clone()) {
                Some(f) => f,
                None => reimport(cache, &shown, digest, &v.source)?,
            };
            let blocks = file.versions.into_iter().find(|(l, _)| *l == v.lang).map(|(_, b)| b).ok_or_else(gone)?;
            versions.push(Version::new(v.id.clone(), v.lang, v.source.clone(), blocks));
        }
        Ok(Document { versions, ..outline.clone() })
    }
}

fn reimport(cache: &Cache, shown: &str, digest: Digest, source: &Source) -> Result<ImportedFile, ImportError> {
    let path = source.path.clone().ok_or_else(|| ImportError::Changed { file: shown.to_owned() })?;
    let bytes = std::fs::read(&path).map_err(|e| ImportError::Io { file: shown.to_owned(), error: e })?;
    if super::digest(&bytes) != digest {
        return Err(ImportError::Changed { file: shown.to_owned() });
    }
    let file = import_owned(&source.name, Some(path), bytes)?;
    put_file(cache, digest, &file);
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{embedded, import_bytes};

    #[test]
    fn a_file_comes_back_from_the_cache_as_it_went_in() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(dir.path()));
        for (name, bytes) in embedded::files().iter().filter(|(n, _)| n.ends_with(".txt")) {
            let f = import_bytes(name, None, bytes).unwrap();
            put_file(&cache, super::super::digest(bytes), &f);
            let back = get_file(&cache, super::super::digest(bytes), name, None).unwrap();
            assert_eq!(back.versions, f.versions, "{name}");
            assert_eq!((back.encoding, back.dropped_lines), (f.encoding, f.dropped_lines));
            let pieces = |f: &ImportedFile| {
                f.versions.iter().flat_map(|v| v.1.iter().map(|b| b.pieces.clone())).collect::<Vec<_>>()
            };
            assert_eq!(pieces(&back), pieces(&f));
        }
    }

    #[test]
    fn sections_packed_by_version_join_as_packed_by_document() {
        let lib = embedded::library().unwrap();
        for d in &lib.documents {
            let by_version: Vec<Vec<u8>> = d.versions.iter().map(|v| pack_sections(&v.sections)).collect();
            assert_eq!(join_packed(by_version.iter().map(Vec::as_slice)), pack(&sections_of(d)), "{}", d.id);
        }
        assert_eq!(join_packed(std::iter::empty()), pack(&[]));
    }

    #[test]
    fn an_outline_keeps_everything_but_the_blocks() {
        let lib = embedded::library().unwrap();
        for d in &lib.documents {
            let o = DocEntry::of(d).outline(Some(sections_of(d)));
            assert_eq!((&o.id, &o.title, &o.number, o.year), (&d.id, &d.title, &d.number, d.year));
            for (ov, dv) in o.versions.iter().zip(&d.versions) {
                assert!(ov.blocks.is_empty());
                assert_eq!((&ov.id, ov.lang, &ov.source, &ov.sections), (&dv.id, dv.lang, &dv.source, &dv.sections));
            }
        }
    }
}
