//! Jumping to a section by a few letters: English, Chinese, pinyin, pinyin initials, or a section
//! number (`4.2`, `四（二）`, `IV 2`).
//!
//! The index holds one entry per section of each document, the Chinese heading paired with its
//! English counterpart, and search keys computed once: folded English, folded Chinese, full
//! pinyin and initials. fuzzy-matcher (skim's algorithm) ranks: it is ASCII-minded, so it is
//! given ASCII keys (pinyin, folded English) for Latin queries, and the Chinese itself only for
//! Chinese queries. Bitmasks of the characters in each entry and each key reject most entries
//! before any text is read (`pass`), a rough score orders the rest (`order`) and only the best
//! of them (a thousand for a short query, fewer for a long one) are ranked by the matcher
//! (`rank`), while the rest are put in order on the other core. A query that extends the
//! previous one only looks at the previous matches, each from where it matched (`searcher`);
//! the matches of a first letter are prepared for the next letter as they are found, those of
//! later ones in the pauses between keystrokes (`ahead`). Results are
//! kept compact (`hits`): half a million of them cost two megabytes.

use rayon::prelude::*;

use super::pinyin;
use crate::model::{Document, Library, Version};
use crate::text::{Lang, fold_width};

mod ahead;
mod hits;
mod order;
mod pass;
mod query;
mod rank;
mod searcher;

pub use hits::{Hit, Hits};
pub use query::Query;
pub use searcher::Searcher;

/// A byte range of one of the index's arenas.
type Span = (u32, u32);

/// One side of an entry: a heading in one version (its text in the index's arena).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Side {
    version: u32,
    block: u32,
    marker: Span,
    title: Span,
}

/// One side of an entry, as read: a heading in one version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label<'a> {
    /// Version index in the document.
    pub version: u32,
    /// Heading block in that version.
    pub block: u32,
    /// The number as written (`二、`, `(1)`), or empty.
    pub marker: &'a str,
    /// The heading's words.
    pub title: &'a str,
}

/// One section of one document. Its text lives in the index (see [`Index::zh`],
/// [`Index::en`], [`Index::path`]): half a million entries hold no allocation of their own.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Document index in the library.
    pub doc: u32,
    /// Heading level.
    pub level: u8,
    path: Span,
    zh: Option<Side>,
    en: Option<Side>,
    keys: Keys,
}

impl Entry {
    /// Whether the entry has a Chinese heading.
    pub fn has_zh(&self) -> bool {
        self.zh.is_some()
    }

    /// Whether the entry has an English heading.
    pub fn has_en(&self) -> bool {
        self.en.is_some()
    }
}

/// An entry's search keys, as spans of the index's arenas.
#[derive(Debug, Clone, Default)]
struct Keys {
    /// Number paths, in `Index::numbers`, each ended by `u32::MAX`.
    numbers: Span,
    /// The folded Chinese heading, in the text arena.
    zh: Span,
}

/// An entry before it is packed into the index.
struct Loose {
    doc: u32,
    level: u8,
    path: String,
    zh: Option<(u32, u32, String, String)>,
    en: Option<(u32, u32, String, String)>,
    numbers: Vec<Vec<u32>>,
    zh_key: String,
    keys: [String; 3],
    mask: u64,
}

const EN: usize = 0;
const PINYIN: usize = 1;
const INITIALS: usize = 2;

/// Bit for a character: a–z and 0–9 have their own bits, anything else one of 28 hashed bits.
fn bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        ' ' => 0,
        _ => 1 << (36 + (c as u32).wrapping_mul(2_654_435_761) % 28),
    }
}

/// Bits for the bytes of an ASCII-folded key: a–z one each, digits one, other bytes five hashed
/// bits, spaces none (the pinyin keys are matched without them).
pub(crate) fn byte_mask(key: &[u8]) -> u32 {
    key.iter().fold(0, |m, &b| {
        m | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << 26,
            b' ' => 0,
            _ => 1 << (27 + b % 5),
        }
    })
}

fn mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | bit(c))
}

/// A search key cut to what the first pass's 16-bit positions reach (a heading is never that
/// long, but a file can say anything).
fn capped(key: &str) -> &str {
    let mut end = key.len().min(u16::MAX as usize);
    while !key.is_char_boundary(end) {
        end -= 1;
    }
    &key[..end]
}

fn fold(s: &str) -> String {
    s.chars().map(|c| fold_width(c).to_ascii_lowercase()).collect()
}

/// The searchable sections of a library.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// All entries, document by document in reading order.
    pub entries: Vec<Entry>,
    /// Every string of every entry, one after the other.
    arena: String,
    /// Every entry's number paths.
    numbers: Vec<u32>,
    /// What the first pass reads of each entry, packed together for the cache.
    hot: Vec<Hot>,
    /// The search keys of every entry (English, pinyin, initials), one entry after the other:
    /// a keystroke reads them for hundreds of thousands of entries, as one forward stream.
    keys: String,
}

/// The part of an entry the first pass reads.
#[derive(Debug, Clone, Copy, Default)]
struct Hot {
    mask: u64,
    doc: u32,
    /// Where the entry's keys start in `Index::keys`, and their lengths.
    keys_at: u32,
    key_len: [u16; 3],
    /// Per key, the bytes it holds (see [`byte_mask`]): a key without a letter of the query
    /// is passed over without being read.
    key_masks: [u32; 3],
}

/// Where key `k` of an entry lies in `Index::keys`.
fn key_span(h: &Hot, k: usize) -> std::ops::Range<usize> {
    let start = h.keys_at as usize + h.key_len[..k].iter().map(|&n| n as usize).sum::<usize>();
    start..start + h.key_len[k] as usize
}

/// Documents are indexed this many at a time (in parallel), so that only their loose entries
/// are held at once.
pub const CHUNK: usize = 256;

impl Index {
    /// Builds the index of every section of every document (in parallel; pinyin once here).
    pub fn build(lib: &Library) -> Index {
        let mut index = Index::default();
        for (k, chunk) in lib.documents.chunks(CHUNK).enumerate() {
            index.add(k * CHUNK, chunk);
        }
        index.finish()
    }

    /// Adds the sections of `docs` (with their section trees), the first of which is document
    /// `first` of the library, after the documents added so far.
    pub fn add(&mut self, first: usize, docs: &[Document]) {
        let loose: Vec<Vec<Loose>> = docs.par_iter().enumerate().map(|(k, d)| doc_entries(first + k, d)).collect();
        for l in loose.into_iter().flatten() {
            self.push(l);
        }
    }

    /// Done adding: gives back spare capacity.
    pub fn finish(mut self) -> Index {
        self.arena.shrink_to_fit();
        self.keys.shrink_to_fit();
        self.entries.shrink_to_fit();
        self.hot.shrink_to_fit();
        self.numbers.shrink_to_fit();
        self
    }

    fn text(&mut self, s: &str) -> Span {
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        (start, self.arena.len() as u32)
    }

    fn push(&mut self, l: Loose) {
        let mut side = |s: Option<(u32, u32, String, String)>| {
            s.map(|(version, block, marker, title)| Side {
                version,
                block,
                marker: self.text(&marker),
                title: self.text(&title),
            })
        };
        let (zh, en) = (side(l.zh), side(l.en));
        let path = self.text(&l.path);
        // The folded Chinese is mostly the Chinese as written: share its text then.
        let zh_key = match zh {
            Some(s) if self.str(s.title) == l.zh_key => s.title,
            _ => self.text(&l.zh_key),
        };
        let keys_at = self.keys.len() as u32;
        let key_text = l.keys.each_ref().map(|k| capped(k));
        for k in key_text {
            self.keys.push_str(k);
        }
        let key_len = key_text.map(|k| k.len() as u16);
        let key_masks = key_text.map(|k| byte_mask(k.as_bytes()));
        let start = self.numbers.len() as u32;
        for p in &l.numbers {
            self.numbers.extend_from_slice(p);
            self.numbers.push(u32::MAX);
        }
        let numbers = (start, self.numbers.len() as u32);
        let keys = Keys { numbers, zh: zh_key };
        self.hot.push(Hot { mask: l.mask, doc: l.doc, keys_at, key_len, key_masks });
        self.entries.push(Entry { doc: l.doc, level: l.level, path, zh, en, keys });
    }

    fn str(&self, (a, b): Span) -> &str {
        self.arena.get(a as usize..b as usize).unwrap_or("")
    }

    fn label(&self, s: &Side) -> Label<'_> {
        Label { version: s.version, block: s.block, marker: self.str(s.marker), title: self.str(s.title) }
    }

    /// The Chinese heading of an entry.
    pub fn zh(&self, e: &Entry) -> Option<Label<'_>> {
        e.zh.as_ref().map(|s| self.label(s))
    }

    /// The English heading of an entry.
    pub fn en(&self, e: &Entry) -> Option<Label<'_>> {
        e.en.as_ref().map(|s| self.label(s))
    }

    /// The dotted path of numbers of an entry (`4.2`).
    pub fn path(&self, e: &Entry) -> &str {
        self.str(e.path)
    }

    /// Whether entry `e` answers to section number `n`: exactly (`Some(true)`), or as a section
    /// under it (`Some(false)`).
    fn number_match(&self, e: &Entry, n: &[u32]) -> Option<bool> {
        if self.numbers(e).any(|p| p == n) {
            Some(true)
        } else {
            self.numbers(e).any(|p| p.starts_with(n)).then_some(false)
        }
    }

    /// The number paths an entry answers to.
    fn numbers(&self, e: &Entry) -> impl Iterator<Item = &[u32]> {
        let (a, b) = e.keys.numbers;
        self.numbers.get(a as usize..b as usize).unwrap_or(&[]).split(|&n| n == u32::MAX).filter(|p| !p.is_empty())
    }

    /// Key `k` of entry `i`.
    fn key(&self, i: usize, k: usize) -> &str {
        self.keys.get(key_span(&self.hot[i], k)).unwrap_or("")
    }

    fn key_bytes(&self, h: &Hot, k: usize) -> &[u8] {
        self.keys.as_bytes().get(key_span(h, k)).unwrap_or(&[])
    }
}

/// A heading of version `vi`, section `s`: (version, block, marker, title).
fn label(v: &Version, vi: usize, s: usize) -> Option<(u32, u32, String, String)> {
    // From the section, not its block: a document not yet opened has no blocks loaded.
    let sec = &v.sections[s];
    let h = &sec.heading;
    Some((vi as u32, sec.block as u32, h.marker.clone().unwrap_or_default(), h.title.clone()))
}

/// The entries of one document: each Chinese section with the English section in the same place
/// of the English section tree (same chain of ordinals), then English sections left over.
fn doc_entries(doc: usize, d: &Document) -> Vec<Loose> {
    let zh = d.versions.iter().position(|v| v.lang == Lang::Zh);
    let en = d.versions.iter().position(|v| v.lang == Lang::En);
    let ordinals =
        |v: &Version, s: usize| v.section_chain(s).iter().map(|&c| v.sections[c].ordinal).collect::<Vec<u32>>();
    let values = |v: &Version, s: usize| {
        v.section_chain(s).iter().map(|&c| v.sections[c].value.unwrap_or(v.sections[c].ordinal)).collect::<Vec<u32>>()
    };
    let mut out = Vec::new();
    let mut used_en = vec![false; en.map_or(0, |e| d.versions[e].sections.len())];
    let en_by_path: std::collections::HashMap<Vec<u32>, usize> = en
        .map(|e| (0..d.versions[e].sections.len()).map(|s| (ordinals(&d.versions[e], s), s)).collect())
        .unwrap_or_default();
    if let Some(z) = zh {
        let v = &d.versions[z];
        for s in 0..v.sections.len() {
            let path = ordinals(v, s);
            let counterpart = en.and_then(|e| {
                let k = *en_by_path.get(&path)?;
                (d.versions[e].sections[k].level == v.sections[s].level).then_some((e, k))
            });
            if let Some((_, k)) = counterpart {
                used_en[k] = true;
            }
            let mut numbers = vec![values(v, s), path];
            if let Some((e, k)) = counterpart {
                numbers.push(values(&d.versions[e], k));
            }
            out.push(entry(
                doc,
                v.sections[s].level,
                &v.sections[s].path,
                label(v, z, s),
                counterpart.and_then(|(e, k)| label(&d.versions[e], e, k)),
                numbers,
            ));
        }
    }
    if let Some(e) = en {
        let v = &d.versions[e];
        for s in (0..v.sections.len()).filter(|&s| !used_en[s]) {
            out.push(entry(
                doc,
                v.sections[s].level,
                &v.sections[s].path,
                None,
                label(v, e, s),
                vec![values(v, s), ordinals(v, s)],
            ));
        }
    }
    out
}

fn entry(
    doc: usize,
    level: u8,
    path: &str,
    zh: Option<(u32, u32, String, String)>,
    en: Option<(u32, u32, String, String)>,
    mut numbers: Vec<Vec<u32>>,
) -> Loose {
    numbers.dedup();
    let en_key = en.as_ref().map(|l| fold(&l.3)).unwrap_or_default();
    let zh_key = zh.as_ref().map(|l| fold(&l.3)).unwrap_or_default();
    let (py, ini) = zh.as_ref().map(|l| pinyin::keys(&l.3)).unwrap_or_default();
    let mask = mask(&en_key)
        | mask(&zh_key)
        | mask(&py.text)
        | mask(&ini.text)
        | numbers.iter().flatten().fold(0, |m, n| m | mask(&n.to_string()));
    Loose {
        doc: doc as u32,
        level,
        path: path.to_owned(),
        zh,
        en,
        numbers,
        zh_key,
        keys: [en_key, py.text, ini.text],
        mask,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;

    #[test]
    fn entries_pair_chinese_and_english_headings() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        let opinions = lib.documents.iter().position(|d| d.id.starts_with("2012")).unwrap() as u32;
        let e: Vec<&Entry> = index.entries.iter().filter(|e| e.doc == opinions).collect();
        assert_eq!(e.len(), 36);
        let second = e.iter().find(|e| index.path(e) == "2").unwrap();
        assert_eq!(index.zh(second).unwrap().title, "实施“宽带中国”工程,构建下一代信息基础设施");
        assert_eq!(
            index.en(second).unwrap().title,
            "Implement the “Broadband China” project, build next-generation information infrastructure"
        );
    }
}
