//! Making a bookmark's anchor from a place in a document, and finding that place again.

use super::{Bookmark, Headings};
use crate::align::Alignment;
use crate::model::{Document, Library, Version};
use crate::positions::{fingerprint, nearest_fingerprinted};
use crate::text::Lang;

/// How many characters of the paragraph a bookmark keeps.
const EXCERPT: usize = 80;

/// Where a bookmark lands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// The same paragraph, found by its fingerprint.
    Exact(Place),
    /// A paragraph that opens with nearly the same words (the text was edited).
    Similar(Place),
    /// The paragraph is gone but its section is there: the section's heading.
    Section(Place),
    /// Nothing to land on, and why.
    Orphan(&'static str),
}

/// A block of a version of a document of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Document index.
    pub doc: usize,
    /// Version index.
    pub version: usize,
    /// Block index.
    pub block: usize,
}

impl Resolved {
    /// Where to go, if anywhere.
    pub fn place(self) -> Option<Place> {
        match self {
            Resolved::Exact(p) | Resolved::Similar(p) | Resolved::Section(p) => Some(p),
            Resolved::Orphan(_) => None,
        }
    }

    /// A word for the list: empty when it landed exactly.
    pub fn label(self) -> &'static str {
        match self {
            Resolved::Exact(_) => "",
            Resolved::Similar(_) => "text changed",
            Resolved::Section(_) => "section only",
            Resolved::Orphan(_) => "orphaned",
        }
    }
}

/// A bookmark (without id, note or dates) at block `block` of version `v` of `d`;
/// `counterpart` is the same place in a version in the other language, for the headings.
pub fn make(d: &Document, v: usize, block: usize, counterpart: Option<(&Version, usize)>) -> Bookmark {
    let ver = &d.versions[v];
    let text = ver.blocks.get(block).map_or("", |b| b.text.as_str());
    let path = |ver: &Version, b: usize| ver.heading_path(b).join(" › ");
    let mut headings = Headings::default();
    let mine = path(ver, block);
    let theirs = counterpart.map(|(w, b)| (w.lang, path(w, b)));
    for (lang, p) in std::iter::once((ver.lang, mine)).chain(theirs) {
        match lang {
            Lang::Zh => headings.zh = p,
            Lang::En => headings.en = p,
        }
    }
    Bookmark {
        id: String::new(),
        doc: d.id.clone(),
        version: ver.id.clone(),
        lang: ver.lang.code().to_owned(),
        section: ver.section_of(block).map_or(String::new(), |s| ver.sections[s].path.clone()),
        headings,
        fingerprint: fingerprint(text),
        block,
        excerpt: excerpt(text),
        note: String::new(),
        created: 0,
        modified: 0,
    }
}

/// The first words of a paragraph, whitespace squeezed.
fn excerpt(text: &str) -> String {
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    squeezed.chars().take(EXCERPT).collect()
}

/// The block of the right version aligned with left block `b` (the nearest aligned one before
/// it when `b` has no counterpart).
pub fn counterpart(al: &Alignment, b: usize) -> Option<usize> {
    let k = al.link_of_left(b)?;
    al.links[..=k].iter().rev().find(|l| !l.right.is_empty()).map(|l| l.right.start)
}

/// Finds a bookmark's place in `lib`: in its document, or — when no document has that id any
/// more (its files were renamed) — that very paragraph in whichever document holds it.
pub fn resolve(lib: &Library, b: &Bookmark) -> Resolved {
    if let Some(doc) = lib.documents.iter().position(|d| d.id == b.doc) {
        return resolve_in(lib, doc, b);
    }
    // Only the very paragraph: documents share many phrases, so a merely similar one elsewhere
    // would be a wrong place.
    (0..lib.documents.len())
        .map(|doc| resolve_in(lib, doc, b))
        .find(|r| matches!(r, Resolved::Exact(_)))
        .unwrap_or(Resolved::Orphan("document not open"))
}

/// Finds a bookmark's place in document `doc`.
fn resolve_in(lib: &Library, doc: usize, b: &Bookmark) -> Resolved {
    let d = &lib.documents[doc];
    let version = d
        .versions
        .iter()
        .position(|v| v.id == b.version)
        .or_else(|| d.versions.iter().position(|v| v.lang.code() == b.lang));
    let Some(version) = version else { return Resolved::Orphan("version gone") };
    let v = &d.versions[version];
    let place = |block| Place { doc, version, block };
    if let Some(i) = nearest_fingerprinted(v, b.block, &b.fingerprint) {
        return Resolved::Exact(place(i));
    }
    if !b.excerpt.is_empty() {
        let best = (0..v.blocks.len())
            .map(|i| (similarity(&b.excerpt, &excerpt(&v.blocks[i].text)), i))
            .filter(|&(s, _)| s >= 0.6)
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.abs_diff(b.block).cmp(&x.1.abs_diff(b.block))));
        if let Some((_, i)) = best {
            return Resolved::Similar(place(i));
        }
    }
    match v.sections.iter().find(|s| !b.section.is_empty() && s.path == b.section) {
        Some(s) => Resolved::Section(place(s.block)),
        None => Resolved::Orphan("paragraph and section not found"),
    }
}

/// Dice coefficient of the character bigrams of `a` and `b` (whitespace ignored): 1 for equal
/// texts, near 0 for unrelated ones; works for Chinese and English alike.
fn similarity(a: &str, b: &str) -> f32 {
    let grams = |s: &str| {
        let c: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        let mut g: Vec<u64> = c.windows(2).map(|w| (u64::from(w[0]) << 32) | u64::from(w[1])).collect();
        g.sort_unstable();
        g
    };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return if a.trim() == b.trim() { 1.0 } else { 0.0 };
    }
    crate::align::features::dice(&x, &y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{embedded, group, import_bytes};

    fn opinions(lib: &Library) -> usize {
        lib.documents.iter().position(|d| d.id.starts_with("2012-opinions")).unwrap()
    }

    #[test]
    fn a_bookmark_knows_its_section_in_both_languages() {
        let lib = embedded::library().unwrap();
        let d = &lib.documents[opinions(&lib)];
        let zh = d.versions.iter().position(|v| v.id == "zh").unwrap();
        let en = d.versions.iter().position(|v| v.id == "en").unwrap();
        let s = d.versions[zh].find_section("二.（一）").unwrap();
        let block = d.versions[zh].sections[s].block + 1;
        let al = crate::align::align(&d.versions[zh], &d.versions[en]);
        let cp = counterpart(&al, block).map(|b| (&d.versions[en], b));
        let b = make(d, zh, block, cp);
        assert_eq!(b.section, "2.1");
        assert_eq!(b.headings.zh, "二、实施“宽带中国”工程,构建下一代信息基础设施 › (一)加快发展宽带网络");
        assert!(
            b.headings.en.starts_with("II, Implement the “Broadband China” project, build")
                && b.headings.en.contains(" › (1) Accelerate"),
            "{:?}",
            b.headings
        );
        assert_eq!(resolve(&lib, &b), Resolved::Exact(Place { doc: opinions(&lib), version: zh, block }));
    }

    #[test]
    fn anchors_survive_a_reimport_of_the_pdf_text_with_other_line_breaks() {
        let lib = embedded::library().unwrap();
        let doc = opinions(&lib);
        let d = &lib.documents[doc];
        let pdf = d.versions.iter().position(|v| v.id == "zh-pdf").unwrap();
        let v = &d.versions[pdf];
        // A bookmark on every paragraph of the PDF version.
        let marks: Vec<Bookmark> = (0..v.blocks.len()).map(|b| make(d, pdf, b, None)).collect();
        // The same PDF extracted again at another page width: every line 30 characters, a
        // blank line after each, as the shipped extraction has them.
        let mut rewrapped = String::new();
        for b in &v.blocks {
            let c: Vec<char> = b.text.chars().collect();
            for line in c.chunks(30) {
                rewrapped.extend(line);
                rewrapped.push_str("\n\n");
            }
        }
        let zh = embedded::files().iter().find(|(n, _)| n.contains("opinions") && n.ends_with("en-zh.txt")).unwrap();
        let files = vec![
            import_bytes("opinions.en-zh.txt", None, zh.1).unwrap(),
            import_bytes("renamed-scan.txt", None, rewrapped.as_bytes()).unwrap(),
        ];
        let lib2 = group::library(files, None);
        let doc2 = lib2.documents.iter().position(|x| x.versions.len() == 3).expect("one document again");
        let mut exact = 0;
        for b in &marks {
            let r = resolve(&lib2, b);
            let p = r.place().unwrap_or_else(|| panic!("{b:?} lost: {r:?}"));
            let got = &lib2.documents[p.doc].versions[p.version].blocks[p.block].text;
            assert_eq!(fingerprint(got), b.fingerprint, "{r:?} {}", b.excerpt);
            exact += usize::from(matches!(r, Resolved::Exact(_)));
            assert_eq!(p.doc, doc2);
        }
        assert_eq!(exact, marks.len());
    }

    #[test]
    fn edited_paragraphs_are_found_by_their_words_and_lost_ones_are_orphans() {
        let lib = embedded::library().unwrap();
        let doc = opinions(&lib);
        let d = &lib.documents[doc];
        let s = d.versions[0].find_section("2.1").unwrap();
        let block = d.versions[0].sections[s].block + 1;
        let mut b = make(d, 0, block, None);
        b.fingerprint = "changed".into();
        assert_eq!(resolve(&lib, &b), Resolved::Similar(Place { doc, version: 0, block }));
        b.excerpt = "完全不同的一段文字，没有任何相同的词语出现在这里".into();
        assert_eq!(resolve(&lib, &b), Resolved::Section(Place { doc, version: 0, block: block - 1 }));
        b.section = "9.9".into();
        assert!(matches!(resolve(&lib, &b), Resolved::Orphan(_)));
        b.doc = "gone".into();
        assert_eq!(resolve(&lib, &b), Resolved::Orphan("document not open"));
    }
}
