//! Jumping to a section by a few letters: English, Chinese, pinyin, pinyin initials, or a section
//! number (`4.2`, `四（二）`, `IV 2`).
//!
//! The index holds one entry per section of each document, the Chinese heading paired with its
//! English counterpart, and search keys computed once: folded English, folded Chinese, full
//! pinyin and initials. fuzzy-matcher (skim's algorithm) ranks: it is ASCII-minded, so it is
//! given ASCII keys (pinyin, folded English) for Latin queries, and the Chinese itself only for
//! Chinese queries. A bitmask of the characters in each entry rejects most entries before the
//! matcher runs, and a query that extends the previous one only re-ranks the previous results.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::pinyin;
use crate::model::numbering::{han_value, roman_value};
use crate::model::{Document, Library, Version};
use crate::text::{Lang, fold_width, is_han};

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

fn mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | bit(c))
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
}

/// The part of an entry the first pass reads.
#[derive(Debug, Clone, Copy, Default)]
struct Hot {
    mask: u64,
    doc: u32,
    spans: [Span; 3],
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
        let spans = [self.text(&l.keys[0]), self.text(&l.keys[1]), self.text(&l.keys[2])];
        let start = self.numbers.len() as u32;
        for p in &l.numbers {
            self.numbers.extend_from_slice(p);
            self.numbers.push(u32::MAX);
        }
        let numbers = (start, self.numbers.len() as u32);
        let keys = Keys { numbers, zh: zh_key };
        self.hot.push(Hot { mask: l.mask, doc: l.doc, spans });
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

    /// The number paths an entry answers to.
    fn numbers(&self, e: &Entry) -> impl Iterator<Item = &[u32]> {
        let (a, b) = e.keys.numbers;
        self.numbers.get(a as usize..b as usize).unwrap_or(&[]).split(|&n| n == u32::MAX).filter(|p| !p.is_empty())
    }

    /// Key `k` of entry `i`.
    fn key(&self, i: usize, k: usize) -> &str {
        self.str(self.hot[i].spans[k])
    }

    fn key_bytes(&self, h: &Hot, k: usize) -> &[u8] {
        let (a, b) = h.spans[k];
        self.arena.as_bytes().get(a as usize..b as usize).unwrap_or(&[])
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

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Folded (lower-case ASCII, half-width).
    pub text: String,
    /// Folded, without spaces (for pinyin).
    pub squeezed: String,
    /// A section number, if the query is one (`4.2`, `四（二）`, `IV 2`).
    pub number: Option<Vec<u32>>,
    has_han: bool,
    has_latin: bool,
    mask: u64,
}

impl Query {
    /// Parses what the user typed. Control characters are ignored; the length is capped.
    pub fn parse(raw: &str) -> Query {
        let raw: String = raw.chars().filter(|c| !c.is_control()).take(200).collect();
        let text = fold(raw.trim());
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        Query {
            number: parse_number(raw.trim()),
            has_han: text.chars().any(is_han),
            has_latin: text.chars().any(|c| c.is_ascii_alphabetic()),
            mask: mask(&squeezed),
            squeezed,
            text,
        }
    }

    /// Nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.squeezed.is_empty()
    }
}

/// `4.2`, `4 2`, `四（二）`, `四、(二)`, `IV 2`, `IV.(2)` → [4, 2].
fn parse_number(q: &str) -> Option<Vec<u32>> {
    let tokens: Vec<&str> = q
        .split(['.', '．', ' ', '、', ',', '，', '-', '/', '(', ')', '（', '）', '\u{3000}'])
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() || tokens.len() > 4 {
        return None;
    }
    tokens
        .iter()
        .map(|t| {
            if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 3 {
                t.parse().ok()
            } else if t.chars().all(|c| "〇零一二三四五六七八九十百".contains(c)) {
                han_value(t)
            } else {
                roman_value(t)
            }
        })
        .collect()
}

/// A ranked result: the entry, its score, and which characters of each title matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Entry index.
    pub entry: u32,
    /// Higher is better.
    pub score: i64,
    /// Matched character indices in the Chinese title.
    pub zh_marks: Vec<u16>,
    /// Matched character indices in the English title.
    pub en_marks: Vec<u16>,
}

/// What a key match says: a score and the marks it puts on each title.
struct Scored {
    score: i64,
    zh: Vec<u16>,
    en: Vec<u16>,
}

fn score_entry(m: &SkimMatcherV2, index: &Index, i: usize, q: &Query, which: u8, marks: bool) -> Option<Scored> {
    let e = &index.entries[i];
    if let Some(n) = &q.number {
        if index.numbers(e).any(|p| p == n.as_slice()) {
            return Some(Scored { score: 1_000_000 - i64::from(e.level), zh: vec![], en: vec![] });
        }
        if index.numbers(e).any(|p| p.starts_with(n)) {
            return Some(Scored { score: 500_000 - 10 * i64::from(e.level), zh: vec![], en: vec![] });
        }
    }
    let run = |hay: &str, pat: &str| -> Option<(i64, Vec<usize>)> {
        if marks { m.fuzzy_indices(hay, pat) } else { m.fuzzy_match(hay, pat).map(|s| (s, vec![])) }
    };
    let mut best: Option<Scored> = None;
    let mut consider = |s: Scored| {
        if best.as_ref().is_none_or(|b| s.score > b.score) {
            best = Some(s);
        }
    };
    let chars_of = |idx: Vec<usize>| idx.into_iter().map(|i| i as u16).collect::<Vec<u16>>();
    // Which Chinese character each byte of the pinyin keys stands for: worked out again for the
    // few hits that are marked, rather than kept for half a million entries.
    let sources = || index.zh(e).map(|l| pinyin::keys(l.title)).unwrap_or_default();
    let through = |key: &str, k: usize, idx: Vec<usize>| {
        if idx.is_empty() {
            return vec![];
        }
        let (py, ini) = sources();
        let source = if k == PINYIN { py.source } else { ini.source };
        let bytes: Vec<usize> = key.char_indices().map(|(b, _)| b).collect();
        let mut v: Vec<u16> =
            idx.into_iter().filter_map(|i| bytes.get(i).and_then(|&b| source.get(b)).copied()).collect();
        v.dedup();
        v
    };
    if q.has_han {
        if let Some((s, idx)) = run(index.str(e.keys.zh), &q.text) {
            consider(Scored { score: s, zh: chars_of(idx), en: vec![] });
        }
        return best;
    }
    if which & (1 << EN) != 0
        && let Some((s, idx)) = run(index.key(i, EN), &q.text)
    {
        consider(Scored { score: s, zh: vec![], en: chars_of(idx) });
    }
    if which & (1 << PINYIN) != 0 {
        let key = index.key(i, PINYIN);
        if let Some((s, idx)) = run(key, &q.squeezed) {
            consider(Scored { score: s, zh: through(key, PINYIN, idx), en: vec![] });
        }
    }
    if which & (1 << INITIALS) != 0 {
        let key = index.key(i, INITIALS);
        if let Some((s, idx)) = run(key, &q.squeezed) {
            // Initials match few letters; weigh each as much as a pinyin syllable.
            consider(Scored { score: s * 2, zh: through(key, INITIALS, idx), en: vec![] });
        }
    }
    best
}

/// How many candidates fuzzy-matcher ranks; the rest (short queries over huge indexes) follow
/// in the order of the cheap first pass.
const RANKED: usize = 1000;

/// Is `q` a subsequence of `hay` (both ASCII-folded bytes)? Returns a rough score: a contiguous
/// match scores by how early it starts (a word start counts double), a scattered one scores 1;
/// and whether it was contiguous. `contiguous` false skips looking for a contiguous match (the
/// query's prefix had none in this key, so it cannot have one).
fn cheap(hay: &[u8], finder: &memchr::memmem::Finder<'_>, contiguous: bool) -> Option<(i32, bool)> {
    let q = finder.needle();
    if q.is_empty() || q.len() > hay.len() {
        return None;
    }
    if contiguous && let Some(at) = finder.find(hay) {
        let word_start = at == 0 || !hay[at - 1].is_ascii_alphanumeric();
        return Some((1000 - (at as i32).min(500) + if word_start { 1000 } else { 0 }, true));
    }
    let mut rest = hay;
    for &b in q {
        let at = memchr::memchr(b, rest)?;
        rest = &rest[at + 1..];
    }
    Some((1, false))
}

/// Bits of what the first pass found in an entry: bit `k` that key `k` matched, bit `k + 3`
/// that it matched contiguously. A longer query can only match where its prefix did.
const ANY_MATCH: u8 = 0b111_111;

/// Sorts candidates as `by_cheap` does (score down, then entry up) in linear time: the rest of
/// a short query over half a million headings is most of them, and cheap scores take a few
/// thousand values. Candidates come in entry order, so a stable bucket pass keeps ties in it.
fn order_by_cheap(cands: &mut [(u32, i32, u8)]) {
    const TOP: i32 = 8192;
    let bucket = |s: i32| match s {
        i32::MAX => 0,
        s if s == i32::MAX / 2 => 1,
        s => (TOP - s.clamp(0, TOP - 1) + 1) as usize,
    };
    let in_range = cands.iter().all(|c| c.1 == i32::MAX || c.1 == i32::MAX / 2 || (0..TOP).contains(&c.1));
    if !in_range || !cands.is_sorted_by_key(|c| c.0) {
        cands.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        return;
    }
    let mut starts = vec![0usize; TOP as usize + 3];
    for c in cands.iter() {
        starts[bucket(c.1) + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut out = vec![(0, 0, 0); cands.len()];
    for &c in cands.iter() {
        let b = bucket(c.1);
        out[starts[b]] = c;
        starts[b] += 1;
    }
    cands.copy_from_slice(&out);
}

/// Searchers for the query's two forms, built once per query.
struct Finders<'q> {
    text: memchr::memmem::Finder<'q>,
    squeezed: memchr::memmem::Finder<'q>,
}

/// The first pass: whether entry `i` can match at all, a rough score, and which keys matched.
fn first_pass(index: &Index, i: usize, q: &Query, f: &Finders<'_>, allowed: u8) -> Option<(i32, u8)> {
    let h = &index.hot[i];
    if let Some(n) = &q.number {
        let e = &index.entries[i];
        if index.numbers(e).any(|p| p == n.as_slice()) {
            return Some((i32::MAX, 0));
        }
        if index.numbers(e).any(|p| p.starts_with(n)) {
            return Some((i32::MAX / 2, 0));
        }
    }
    if q.mask & !h.mask != 0 {
        return None;
    }
    if q.has_han {
        let at = index.str(index.entries[i].keys.zh).find(&q.text)?;
        return Some((1000 - (at as i32).min(500), 0));
    }
    let (mut best, mut found) = (None::<i32>, 0u8);
    for (key, finder, weight) in [(EN, &f.text, 1), (PINYIN, &f.squeezed, 1), (INITIALS, &f.squeezed, 2)] {
        if allowed & (1 << key) == 0 {
            continue;
        }
        if let Some((s, contiguous)) = cheap(index.key_bytes(h, key), finder, allowed & (1 << (key + 3)) != 0) {
            found |= 1 << key | u8::from(contiguous) << (key + 3);
            best = Some(best.map_or(s * weight, |b: i32| b.max(s * weight)));
        }
    }
    best.map(|b| (b, found))
}

/// The last query, its scope, and its matches in entry order with what was found in each.
type Previous = (Query, Option<u32>, Vec<(u32, u8)>);

/// The state of a search in the jump popup: remembers the last query and its matches, so that
/// typing one more letter only looks at what already matched.
#[derive(Debug, Default)]
pub struct Searcher {
    last: Option<Previous>,
}

impl Searcher {
    /// Ranks the entries of `index` (only document `doc`, if given) for `raw`; returns all hits,
    /// best first, with marks computed for the first `marked`.
    pub fn search(&mut self, index: &Index, raw: &str, doc: Option<u32>, marked: usize) -> Vec<Hit> {
        let q = Query::parse(raw);
        let matcher = SkimMatcherV2::default();
        if q.is_empty() {
            self.last = None;
            return index
                .entries
                .iter()
                .enumerate()
                .filter(|(_, e)| doc.is_none_or(|d| e.doc == d))
                .map(|(i, _)| Hit { entry: i as u32, score: 0, zh_marks: vec![], en_marks: vec![] })
                .collect();
        }
        // A longer query matches a subset of what its prefix matched (numbers aside), and only
        // in the keys the prefix matched (contiguously only where the prefix did).
        let pool: Option<&Vec<(u32, u8)>> = self
            .last
            .as_ref()
            .filter(|(lq, ld, _)| {
                *ld == doc
                    && q.number.is_none()
                    && lq.number.is_none()
                    && lq.has_han == q.has_han
                    && q.text.starts_with(&lq.text)
            })
            .map(|(_, _, ids)| ids);
        let finders = Finders {
            text: memchr::memmem::Finder::new(q.text.as_bytes()),
            squeezed: memchr::memmem::Finder::new(q.squeezed.as_bytes()),
        };
        let pass = |i: u32, allowed: u8| -> Option<(u32, i32, u8)> {
            if doc.is_some_and(|d| index.hot[i as usize].doc != d) {
                return None;
            }
            first_pass(index, i as usize, &q, &finders, allowed).map(|(s, w)| (i, s, w))
        };
        let mut cands: Vec<(u32, i32, u8)> = match pool {
            Some(ids) if ids.len() < 4096 => ids.iter().filter_map(|&(i, a)| pass(i, a)).collect(),
            Some(ids) => ids.par_iter().filter_map(|&(i, a)| pass(i, a)).collect(),
            None if index.entries.len() < 4096 => {
                (0..index.entries.len() as u32).filter_map(|i| pass(i, ANY_MATCH)).collect()
            }
            None => (0..index.entries.len() as u32).into_par_iter().filter_map(|i| pass(i, ANY_MATCH)).collect(),
        };
        // Kept in entry order for the next keystroke (it narrows these, in this order).
        let ids: Vec<(u32, u8)> = cands.iter().map(|c| (c.0, if q.has_han { ANY_MATCH } else { c.2 })).collect();
        order_by_cheap(&mut cands);
        let split = cands.len().min(RANKED);
        let (top, rest) = cands.split_at_mut(split);
        let rank = |&(i, cheap, which): &(u32, i32, u8)| -> (u32, i64, u8) {
            let s = score_entry(&matcher, index, i as usize, &q, which, false)
                .map_or(i64::from(cheap) - (1 << 40), |s| s.score);
            (i, s, which)
        };
        let mut ranked: Vec<(u32, i64, u8)> =
            if top.len() > 256 { top.par_iter().map(rank).collect() } else { top.iter().map(rank).collect() };
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let unranked: Vec<(u32, i64, u8)> = rest.iter().map(|&(i, c, w)| (i, i64::from(c) - (1 << 41), w)).collect();
        self.last = Some((q.clone(), doc, ids));
        let hit = |(rank, (i, score, which)): (usize, (u32, i64, u8))| {
            let marks = if rank < marked { score_entry(&matcher, index, i as usize, &q, which, true) } else { None };
            let (zh_marks, en_marks) = marks.map_or((vec![], vec![]), |s| (s.zh, s.en));
            Hit { entry: i, score, zh_marks, en_marks }
        };
        let all = ranked.len() + unranked.len();
        // Half a million hits are worth two cores.
        if all > 4096 {
            ranked.into_par_iter().chain(unranked).enumerate().map(hit).collect()
        } else {
            ranked.into_iter().chain(unranked).enumerate().map(hit).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;

    fn top(index: &Index, q: &str, doc: Option<u32>) -> Vec<String> {
        Searcher::default()
            .search(index, q, doc, 3)
            .iter()
            .take(3)
            .map(|h| {
                let e = &index.entries[h.entry as usize];
                index.zh(e).or(index.en(e)).map(|l| format!("{}{}", l.marker, l.title)).unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn numbers_parse_in_every_notation() {
        for q in ["4.2", "4 2", "四（二）", "四、(二)", "IV 2", "IV.(2)", "４．２"] {
            assert_eq!(parse_number(&q.chars().map(fold_width).collect::<String>()), Some(vec![4, 2]), "{q}");
        }
        assert_eq!(parse_number("broadband"), None);
        assert_eq!(parse_number("iv"), None, "lower-case roman numerals are words");
    }

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

    #[test]
    fn the_wanted_heading_comes_first_in_each_query_style() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        let doc = |p: &str| lib.documents.iter().position(|d| d.id.starts_with(p)).map(|i| i as u32);
        let cases: &[(&str, &str, &str)] = &[
            // English
            ("2012", "broadband china", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2012", "e-commerce", "(四)引导电子商务健康发展"),
            ("2016", "military", "(六)加快信息强军,构建现代军事力量体系"),
            ("2006", "digital divide", "（五）缩小数字鸿沟计划"),
            // Chinese
            ("2012", "宽带中国", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2016", "网络扶贫", "42.实施网络扶贫行动计划"),
            ("2014", "光网城市", "1.实施“光网城市”工程"),
            // Full pinyin, with and without spaces
            ("2012", "kuandai wangluo", "(一)加快发展宽带网络"),
            ("2012", "kuandai", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2012", "kuan dai zhong guo", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2016", "wangluo fupin", "42.实施网络扶贫行动计划"),
            ("2014", "wangshang banshi", "1.拓展完善市网上办事大厅"),
            // Initials
            ("2012", "kdzg", "二、实施“宽带中国”工程,构建下一代信息基础设施"),
            ("2016", "wlfp", "42.实施网络扶贫行动计划"),
            ("2006", "szhg", "（五）缩小数字鸿沟计划"),
            // Section numbers
            ("2012", "4.2", "(二)提高社会管理和城市运行信息化水平"),
            ("2012", "四（二）", "(二)提高社会管理和城市运行信息化水平"),
            ("2012", "IV 2", "(二)提高社会管理和城市运行信息化水平"),
        ];
        for (d, q, want) in cases {
            let got = top(&index, q, doc(d));
            assert_eq!(got.first().map(String::as_str), Some(*want), "{q:?} in {d}: {got:?}");
        }
    }

    #[test]
    fn heteronym_readings_all_match() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        // 行 in 行动计划 is xing; 行业 (sector) is hang: both readings find headings with 行.
        for q in ["xingdong", "hangdong"] {
            let hits = Searcher::default().search(&index, q, None, 1);
            let e = &index.entries[hits[0].entry as usize];
            assert!(index.zh(e).unwrap().title.contains("行动"), "{q}: {:?}", index.zh(e));
        }
    }

    #[test]
    fn marks_point_at_the_matched_characters() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        let hits = Searcher::default().search(&index, "kdzg", None, 1);
        let e = &index.entries[hits[0].entry as usize];
        let title: Vec<char> = index.zh(e).unwrap().title.chars().collect();
        let marked: String = hits[0].zh_marks.iter().map(|&i| title[i as usize]).collect();
        assert_eq!(marked, "宽带中国");
    }

    #[test]
    fn narrowing_gives_the_same_result_as_a_fresh_search() {
        let lib = embedded::library().unwrap();
        let index = Index::build(&lib);
        for query in ["xinxianquan", "xinxi anquan", "broadband china", "kdzg", "e-commerce", "信息安全", "x信息"]
        {
            let mut s = Searcher::default();
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let narrowed = s.search(&index, &typed, None, 5);
                let fresh = Searcher::default().search(&index, &typed, None, 5);
                assert_eq!(narrowed, fresh, "{typed}");
            }
        }
    }

    #[test]
    fn bucket_order_is_the_comparison_order() {
        let mut rng = 12345u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        for n in [0, 1, 5, 1000] {
            let mut c: Vec<(u32, i32, u8)> = (0..n)
                .map(|i| {
                    let s = match next() % 10 {
                        0 => i32::MAX,
                        1 => i32::MAX / 2,
                        _ => (next() % 4100) as i32,
                    };
                    (i as u32, s, (next() % 8) as u8)
                })
                .collect();
            let mut want = c.clone();
            want.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            order_by_cheap(&mut c);
            assert_eq!(c, want);
        }
    }

    static INDEX: std::sync::LazyLock<Index> = std::sync::LazyLock::new(|| Index::build(&embedded::library().unwrap()));

    proptest::proptest! {
        #[test]
        fn no_query_panics(q in "(\\PC|\\p{M}|[\\x00-\\x1f]|[😀-🙏]\\u{FE0F}?){0,300}") {
            let hits = Searcher::default().search(&INDEX, &q, None, 5);
            for h in hits.iter().take(5) {
                let e = &INDEX.entries[h.entry as usize];
                let zh = INDEX.zh(e).map_or(0, |l| l.title.chars().count());
                proptest::prop_assert!(h.zh_marks.iter().all(|&m| (m as usize) < zh));
            }
        }
    }
}
