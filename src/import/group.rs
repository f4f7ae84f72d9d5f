//! Grouping versions from different files into documents, without a manifest.
//!
//! Two files hold the same document when their texts in one language overlap heavily (the
//! Chinese appended to the 2012 English translation and the Chinese PDF share almost every
//! four-character shingle, whatever their line breaks, spaces or bracket widths), or when an
//! English-only and a Chinese-only file carry the same document number. Shingles are sampled
//! and indexed so that grouping a folder of thousands of files stays linear.

use std::collections::HashMap;

use super::ImportedFile;
use super::furniture::doc_number;
use super::manifest::Manifest;
use super::meta::meta;
use super::shingles;
use crate::model::{BlockKind, Document, Library, Source, Version};
use crate::text::Lang;

/// Share of the smaller version's sampled shingles that the other must contain.
const CONTAINMENT: f64 = 0.5;

/// Groups imported files into a library of documents.
pub fn library(files: Vec<ImportedFile>, manifest: Option<&Manifest>) -> Library {
    let features: Vec<Features> = {
        use rayon::prelude::*;
        files.par_iter().map(Features::of).collect()
    };
    let mut slots: Vec<Option<ImportedFile>> = files.into_iter().map(Some).collect();
    let mut documents: Vec<Document> = plan(&features, manifest)
        .into_iter()
        .map(|p| {
            let members = p.files.iter().filter_map(|&i| slots[i].take()).collect();
            build(p.id, members, p.overrides)
        })
        .collect();
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    Library { documents }
}

/// What grouping needs to know of a file: its name, its languages, samples of its text and its
/// document number. A folder of ten thousand files can be grouped from these alone, without
/// holding every file's text at once.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Features {
    /// Not stored: two copies of a file share one cache entry (see [`Features::named`]).
    #[serde(skip)]
    name: String,
    /// Sampled shingle hashes per language (empty for a language the file lacks).
    shingles: Vec<(Lang, Samples)>,
    /// The document number, for a file in one language.
    number: Option<(Lang, (u16, u32))>,
}

/// Sampled shingle hashes, sorted, stored as raw words.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Samples(#[serde(with = "crate::cache::raw::words")] Vec<u64>);

impl Features {
    /// The features of one file.
    pub fn of(f: &ImportedFile) -> Features {
        let shingles =
            f.versions.iter().map(|(lang, blocks)| (*lang, Samples(shingles::sampled(blocks, *lang)))).collect();
        let only = match f.versions.as_slice() {
            [(lang, _)] => Some(*lang),
            _ => None,
        };
        let number = only.and_then(|lang| {
            let n = f.versions[0].1.iter().filter(|b| b.kind == BlockKind::Number).find_map(|b| doc_number(&b.text))?;
            Some((lang, (n.year, n.serial)))
        });
        Features { name: f.name.clone(), shingles, number }
    }

    /// The same features, of a file named `name`.
    pub fn named(self, name: &str) -> Features {
        Features { name: name.to_owned(), ..self }
    }
}

/// One document to build: which files (by index), its id, and its manifest entry if any.
#[derive(Debug, Clone)]
pub struct Planned<'m> {
    /// Indices of the member files.
    pub files: Vec<usize>,
    /// The document's id, unique in the library.
    pub id: String,
    /// Settings from the manifest.
    pub overrides: Option<&'m super::manifest::Entry>,
}

/// Decides which files make which document, and the documents' ids.
pub fn plan<'m>(features: &[Features], manifest: Option<&'m Manifest>) -> Vec<Planned<'m>> {
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for group in group_files(features, manifest) {
        if group.files.is_empty() {
            continue;
        }
        let names: Vec<&str> = group.files.iter().map(|&i| features[i].name.as_str()).collect();
        let base = group.id.clone().unwrap_or_else(|| doc_id(&names));
        let n = used_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { base } else { format!("{base}-{n}") };
        out.push(Planned { files: group.files, id, overrides: group.overrides });
    }
    out
}

/// One file as a document of its own, named as it would be if no other file joined it.
pub fn alone(file: ImportedFile) -> Document {
    document(alone_id(&file.name), vec![file])
}

/// The id of file `name` as a document of its own.
pub fn alone_id(name: &str) -> String {
    doc_id(&[name])
}

/// Builds one planned document from its files.
pub fn build(id: String, members: Vec<ImportedFile>, overrides: Option<&super::manifest::Entry>) -> Document {
    let mut doc = document(id, members);
    if let Some(o) = overrides {
        o.apply(&mut doc);
    }
    doc
}

/// A set of files that make one document, with manifest settings if any.
struct Group<'m> {
    files: Vec<usize>,
    id: Option<String>,
    overrides: Option<&'m super::manifest::Entry>,
}

fn group_files<'m>(files: &[Features], manifest: Option<&'m Manifest>) -> Vec<Group<'m>> {
    let mut uf = UnionFind::new(files.len());
    let mut pinned = vec![false; files.len()];
    let mut groups = Vec::new();
    if let Some(m) = manifest {
        for entry in &m.documents {
            let members: Vec<usize> = (0..files.len()).filter(|&i| !pinned[i] && entry.lists(&files[i].name)).collect();
            for &i in &members {
                pinned[i] = true;
            }
            if !members.is_empty() {
                groups.push(Group { files: members, id: Some(entry.id.clone()), overrides: Some(entry) });
            }
        }
    }
    let free: Vec<usize> = (0..files.len()).filter(|&i| !pinned[i]).collect();
    link_by_text(files, &free, &mut uf);
    link_by_number(files, &free, &mut uf);
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
    for &i in &free {
        by_root.entry(uf.find(i)).or_default().push(i);
    }
    let mut rest: Vec<Vec<usize>> = by_root.into_values().collect();
    rest.sort();
    groups.extend(rest.into_iter().map(|files| Group { files, id: None, overrides: None }));
    groups
}

fn link_by_text(files: &[Features], free: &[usize], uf: &mut UnionFind) {
    use rayon::prelude::*;
    for lang in [Lang::Zh, Lang::En] {
        let sets: Vec<(usize, &Vec<u64>)> = free
            .iter()
            .flat_map(|&f| files[f].shingles.iter().filter(|v| v.0 == lang).map(move |v| (f, &v.1.0)))
            .filter(|(_, s)| !s.is_empty())
            .collect();
        // The inverted index, flat: (shingle, version) sorted, so each shingle's versions are
        // one run in ascending order. Millions of shingles, most held by a single version: a
        // map with a list per shingle spent its time allocating and freeing those lists. Each
        // posting is one u64, the version in its low bits and the shingle's high bits above:
        // half the bytes of a (u64, u32) to sort, and 40 bits of hash at least (for up to 2^24
        // versions) leave a handful of chance collisions among millions, which a containment
        // of half a version's samples does not notice.
        let bits = usize::BITS - sets.len().leading_zeros();
        let version = (1u64 << bits) - 1;
        let mut postings: Vec<u64> =
            sets.iter().enumerate().flat_map(|(k, (_, s))| s.iter().map(move |&h| h & !version | k as u64)).collect();
        postings.par_sort_unstable();
        let common = (sets.len() / 100).max(24);
        // Each pair of versions (low index first, packed in a u64) once per shingle they share,
        // shingles held by too many versions aside; sorted, a pair's run is its count.
        let mut pairs: Vec<u64> = Vec::new();
        for run in postings.chunk_by(|a, b| a >> bits == b >> bits).filter(|r| r.len() > 1 && r.len() <= common) {
            for (i, &p) in run.iter().enumerate() {
                pairs.extend(run[i + 1..].iter().map(|&o| (p & version) << 32 | o & version));
            }
        }
        drop(postings);
        pairs.par_sort_unstable();
        for run in pairs.chunk_by(|a, b| a == b) {
            let (k, o) = ((run[0] >> 32) as usize, (run[0] & u64::from(u32::MAX)) as usize);
            let ((f, s), (g, t)) = (&sets[k], &sets[o]);
            if g != f && run.len() as f64 >= CONTAINMENT * s.len().min(t.len()) as f64 {
                uf.union(*f, *g);
            }
        }
    }
}

/// An English-only file and a Chinese-only file with the same document number (year and
/// serial) are one document, when that pairing is unambiguous: exactly one file of each. The
/// issuer prefix is not compared (国发 is written GF), so several candidates mean nothing.
fn link_by_number(files: &[Features], free: &[usize], uf: &mut UnionFind) {
    let mut seen: HashMap<(u16, u32), (Vec<usize>, Vec<usize>)> = HashMap::new();
    for &f in free {
        if let Some((only, n)) = files[f].number {
            let slot = seen.entry(n).or_default();
            if only == Lang::Zh { slot.0.push(f) } else { slot.1.push(f) }
        }
    }
    for (zh, en) in seen.values() {
        if let ([a], [b]) = (zh.as_slice(), en.as_slice()) {
            uf.union(*a, *b);
        }
    }
}

/// The shared stem of the files' names: `2012-opinions.en-zh.txt` and `2012-opinions.zh-pdf.txt`
/// make `2012-opinions`.
fn doc_id(names: &[&str]) -> String {
    let stems: Vec<&str> = names.iter().map(|n| n.split('.').next().unwrap_or(n)).collect();
    let first = stems[0];
    let mut common = first.len();
    for s in &stems[1..] {
        common = common.min(first.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count());
    }
    while !first.is_char_boundary(common) {
        common -= 1;
    }
    let shared = first[..common].trim_end_matches(|c: char| !c.is_alphanumeric());
    let shared = shared.trim_end_matches(['-', '_', ' ']);
    let lang_tail = ["-en", "-zh", "_en", "_zh", "-cn", "_cn"];
    let base = if shared.chars().count() >= 3 { shared } else { first };
    let base = lang_tail.iter().fold(base, |b, t| b.strip_suffix(t).unwrap_or(b));
    slug(base)
}

/// Lowercase letters, digits and Han characters, joined by single dashes.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "document".to_owned() } else { out }
}

fn document(id: String, files: Vec<ImportedFile>) -> Document {
    let parts = files.into_iter().flat_map(|f| {
        let source = source_of(&f.name, f.path.as_ref(), f.encoding, f.dropped_lines);
        f.versions.into_iter().map(move |(lang, blocks)| (lang, source.clone(), blocks))
    });
    let versions: Vec<Version> = name_versions(&id, parts.collect())
        .into_iter()
        .map(|(vid, (lang, source, blocks))| Version::new(vid, lang, source, blocks))
        .collect();
    let m = meta(versions.iter().map(|v| (v.lang, v.blocks.as_slice())));
    Document { id, title: m.title, year: m.year, number: m.number, issuer: m.issuer, versions }
}

/// Where a file's versions come from.
pub fn source_of(
    name: &str,
    path: Option<&std::path::PathBuf>,
    encoding: super::decode::Encoding,
    dropped_lines: usize,
) -> Source {
    Source { name: name.to_owned(), path: path.cloned(), encoding: encoding.name(), dropped_lines }
}

/// Orders the versions of document `id` (language, source and whatever else each carries) and
/// names them: Chinese first; within a language, the version from a file with both languages
/// first; `zh`, `en`, then `zh-pdf` or `zh-2` for a second one.
pub fn name_versions<T>(id: &str, versions: Vec<(Lang, Source, T)>) -> Vec<(String, (Lang, Source, T))> {
    let mut pending: Vec<(String, (Lang, Source, T))> =
        versions.into_iter().map(|v| (version_tag(&v.1.name, id), v)).collect();
    pending.sort_by(|(ta, a), (tb, b)| (a.0, !ta.is_empty(), &a.1.name).cmp(&(b.0, !tb.is_empty(), &b.1.name)));
    let mut named: Vec<(String, (Lang, Source, T))> = Vec::with_capacity(pending.len());
    for (tag, v) in pending {
        let lang = v.0;
        let same_lang = named.iter().filter(|n| n.1.0 == lang).count();
        let mut vid = match (same_lang, tag.is_empty()) {
            (0, _) => lang.code().to_owned(),
            (_, false) => format!("{}-{tag}", lang.code()),
            (n, true) => format!("{}-{}", lang.code(), n + 1),
        };
        while named.iter().any(|n| n.0 == vid) {
            vid.push('\'');
        }
        named.push((vid, v));
    }
    named
}

/// What tells a file apart from its siblings, minus language words: `zh-pdf` → `pdf`.
fn version_tag(file: &str, doc_id: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let lower = stem.to_lowercase();
    let rest = lower.strip_prefix(doc_id).unwrap_or(&lower);
    const LANG_WORDS: &[&str] = &["en", "zh", "cn", "chi", "eng", "english", "chinese", "bilingual", "txt"];
    let tokens: Vec<&str> =
        rest.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty() && !LANG_WORDS.contains(t)).collect();
    tokens.join("-")
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_shared_file_stems() {
        assert_eq!(doc_id(&["2012-opinions.en-zh.txt", "2012-opinions.zh-pdf.txt"]), "2012-opinions");
        assert_eq!(doc_id(&["plan-en.txt", "plan-zh.txt"]), "plan");
        assert_eq!(doc_id(&["Shanwei Plan.txt"]), "shanwei-plan");
        assert_eq!(version_tag("2012-opinions.zh-pdf.txt", "2012-opinions"), "pdf");
        assert_eq!(version_tag("2012-opinions.en-zh.txt", "2012-opinions"), "");
    }
}
