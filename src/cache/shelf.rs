//! What the reader fetches instead of computing: the blocks of documents it holds only the
//! outline of, and alignments worked out on an earlier run.

use super::catalog::{Catalog, DocEntry, unpack};
use super::{Cache, Digest, KeyBuilder, Kind};
use crate::align::{Alignment, align};
use crate::figures::Figure;
use crate::import::ImportError;
use crate::model::{Document, Library, Version};
use crate::search::jump::{CHUNK, Index};

/// The cache, and the catalog of the library the reader has open (if it came from one).
#[derive(Debug, Default)]
pub struct Shelf {
    cache: Cache,
    catalog: Option<Catalog>,
    /// The key of the section trees left out of the library's outlines, if they were.
    outlines: Option<Digest>,
}

impl Shelf {
    /// A shelf on `cache`, for a library read from `catalog` (`None` when every document is
    /// held whole).
    pub fn new(cache: Cache, catalog: Option<Catalog>) -> Shelf {
        Shelf { cache, catalog, outlines: None }
    }

    /// The shelf, for a library whose outlines lack their section trees, kept in the cache
    /// under `key` instead.
    pub fn with_outlines(self, key: Option<Digest>) -> Shelf {
        Shelf { outlines: key, ..self }
    }

    /// The jump index of `library`: built from its section trees, or, when they were left in
    /// the cache, from there (see [`Shelf::cached_index`]).
    pub fn index(&self, library: &Library) -> Index {
        match self.cached_index() {
            Some(index) if self.catalog.as_ref().is_some_and(|c| c.documents.len() == library.documents.len()) => index,
            _ => Index::build(library),
        }
    }

    /// The jump index of the catalogued library, from the section trees left in the cache, a
    /// few hundred documents at a time (`None` when they were not left there). A document whose
    /// trees are missing from the cache is read whole to find them.
    pub fn cached_index(&self) -> Option<Index> {
        let (key, catalog) = (self.outlines?, self.catalog.as_ref()?);
        let mut index = Index::default();
        for (c, entries) in catalog.documents.chunks(CHUNK).enumerate() {
            let cached = self.cache.get_with(Kind::Outline, outline_chunk(key, c), |payload| {
                let packed: Vec<&[u8]> = postcard::from_bytes(payload).ok()?;
                let sections: Option<Vec<_>> = packed.iter().map(|p| unpack(p)).collect();
                let sections = sections.filter(|s| s.len() == entries.len())?;
                Some(entries.iter().zip(sections).map(|(e, s)| e.outline(Some(s))).collect::<Vec<_>>())
            });
            let docs = cached.unwrap_or_else(|| {
                let whole = |e: &DocEntry| catalog.load(&self.cache, &e.outline(None)).ok();
                entries.iter().map(|e| whole(e).unwrap_or_else(|| e.outline(None))).collect()
            });
            index.add(c * CHUNK, &docs);
        }
        Some(index.finish())
    }

    /// The number of sections of document `k` of the library (its outline may not hold them).
    pub fn sections_in(&self, library: &Library, k: usize) -> usize {
        let d = &library.documents[k];
        let held = d.versions.iter().map(|v| v.sections.len()).max().unwrap_or(0);
        let listed = self.catalog.as_ref().and_then(|c| c.documents.get(k)).filter(|e| e.id == d.id);
        held.max(listed.map_or(0, |e| e.versions.iter().map(|v| v.headings).max().unwrap_or(0)))
    }

    /// Whether outlined documents can be fetched whole (the library came from a catalog).
    pub fn can_fetch(&self) -> bool {
        self.catalog.is_some()
    }

    /// The whole of a document the library holds only the outline of.
    pub fn load(&self, outline: &Document) -> Result<Document, ImportError> {
        match &self.catalog {
            Some(c) => c.load(&self.cache, outline),
            None => Err(ImportError::Changed { file: outline.id.clone() }),
        }
    }

    /// The alignment of `left` with `right`: from the cache when these very texts were aligned
    /// before, else computed and cached.
    pub fn align(&self, left: &Version, right: &Version) -> Alignment {
        self.cache.get_or_put(Kind::Alignment, alignment_key(left, right), || align(left, right))
    }

    /// The figures of `v` (issued in `year`): from the cache when this very text was read
    /// before, else extracted and cached.
    pub fn figures(&self, v: &Version, year: Option<u16>) -> Vec<Figure> {
        let mut k = KeyBuilder::default();
        k.part(b"figures").part(&year.unwrap_or(0).to_le_bytes());
        text_key(&mut k, v);
        self.cache.get_or_put(Kind::Figures, k.finish(), || crate::figures::extract(v, year))
    }
}

/// The key of chunk `c` (of [`CHUNK`] documents) of the section trees of the library under `key`.
pub fn outline_chunk(key: Digest, c: usize) -> Digest {
    KeyBuilder::default().part(b"outline chunk").part(&key.to_le_bytes()).part(&(c as u64).to_le_bytes()).finish()
}

/// Adds a version's text to a key: the kind and text of every block.
fn text_key(k: &mut KeyBuilder, v: &Version) {
    k.part(&(v.blocks.len() as u64).to_le_bytes());
    for b in &v.blocks {
        k.part(b.kind.name().as_bytes()).part(b.text.as_bytes());
    }
}

/// Names an alignment by what it depends on: the kind and text of every block on each side.
fn alignment_key(left: &Version, right: &Version) -> Digest {
    let mut k = KeyBuilder::default();
    k.part(b"alignment");
    for v in [left, right] {
        text_key(&mut k, v);
    }
    k.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;

    #[test]
    fn an_alignment_comes_back_from_the_cache_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let shelf = Shelf::new(Cache::open(Some(dir.path())), None);
        let lib = embedded::library().unwrap();
        let d = lib.documents.iter().find(|d| d.versions.len() > 1).unwrap();
        let (a, b) = (&d.versions[0], &d.versions[1]);
        let fresh = shelf.align(a, b);
        assert_eq!(fresh, align(a, b));
        assert!(shelf.cache.get::<Alignment>(Kind::Alignment, alignment_key(a, b)).is_some());
        assert_eq!(shelf.align(a, b), fresh);
        assert_ne!(alignment_key(a, b), alignment_key(b, a));
    }

    #[test]
    fn figures_come_back_from_the_cache_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let shelf = Shelf::new(Cache::open(Some(dir.path())), None);
        let lib = embedded::library().unwrap();
        for d in &lib.documents {
            for v in &d.versions {
                let fresh = crate::figures::extract(v, d.year);
                assert_eq!(shelf.figures(v, d.year), fresh);
                assert_eq!(shelf.figures(v, d.year), fresh, "{} {}, from the cache", d.id, v.id);
            }
        }
    }
}
