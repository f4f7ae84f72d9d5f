//! One file of a load: imported whole, or kept as a sketch when a folder streams through the
//! cache.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::super::group::Features;
use super::super::outline::FileOutline;
use super::super::{ImportError, ImportedFile, import_bytes};
use crate::cache::catalog;
use crate::cache::sketch;
use crate::cache::stat::Stats;
use crate::cache::{Cache, Digest, digest};

/// A file imported: what grouping needs of it, and what its document is to be built from.
pub(super) type Imported = (Result<(Features, Kept), ImportError>, Option<Digest>);

/// A file as kept until its document is built: whole, or only what the document's catalog entry
/// needs when the folder streams through the cache.
pub(super) enum Kept {
    /// Whole, paragraphs and all.
    Whole(ImportedFile),
    /// What its catalog entry needs.
    Outline(FileOutline),
}

/// The sketches of the files as imported last (see [`sketch`]), taken as they are used, and how
/// many files had to be imported anew.
#[derive(Default)]
pub(super) struct Sketches {
    old: Mutex<HashMap<Digest, sketch::Sketch>>,
    had_old: bool,
    fresh: AtomicUsize,
}

impl From<Option<HashMap<Digest, sketch::Sketch>>> for Sketches {
    fn from(old: Option<HashMap<Digest, sketch::Sketch>>) -> Sketches {
        Sketches { had_old: old.is_some(), old: Mutex::new(old.unwrap_or_default()), fresh: AtomicUsize::new(0) }
    }
}

impl Sketches {
    fn take(&self, d: Digest) -> Option<sketch::Sketch> {
        self.old.lock().ok()?.remove(&d)
    }
}

/// Stores the sketches of the files `kept` (in outline) for the next import of the same paths,
/// unless every one came from those stored last time.
pub(super) fn store_sketches(
    cache: &Cache,
    stats: &mut Stats,
    key: Digest,
    sketches: &Sketches,
    files: &[(String, Digest)],
    features: &[Features],
    kept: &[Kept],
) {
    if sketches.had_old && sketches.fresh.load(Ordering::Relaxed) == 0 {
        return;
    }
    let all: Vec<(Digest, &Features, &FileOutline)> = files
        .iter()
        .zip(features)
        .zip(kept)
        .filter_map(|(((_, d), f), k)| match k {
            Kept::Outline(o) => Some((*d, f, o)),
            Kept::Whole(_) => None,
        })
        .collect();
    stats.set_sketches(sketch::store(cache, key, &all));
}

/// One file, imported or read from the cache, and the digest of its bytes (unless they could
/// not be read). A file whose digest is known from its stamp is not even read when its entry is
/// in the cache.
pub(super) fn import_file(
    p: &Path,
    known: Option<Digest>,
    cache: &Cache,
) -> (Result<ImportedFile, ImportError>, Option<Digest>) {
    let name = file_name(p);
    match cached_or_read(p, known, |d| catalog::get_file(cache, d, &name, Some(p.to_path_buf()))) {
        Err(e) => (Err(e), None),
        Ok((d, Found::Cached(f))) => (Ok(f), Some(d)),
        Ok((d, Found::Read(bytes))) => {
            let r = import_bytes(&name, Some(p.to_path_buf()), &bytes);
            if let Ok(f) = &r {
                catalog::put_file(cache, d, f);
            }
            (r, Some(d))
        }
    }
}

/// One file of a folder streamed through the cache, as grouping and the catalog need it: its
/// sketch from the last import, or else the file imported. Its paragraphs are not stored: that
/// is left to the first opening of its document (see [`Catalog::load`](catalog::Catalog::load)),
/// since a copy of every paragraph of a large folder costs as much time as importing it, and as
/// much disk as the folder.
pub(super) fn sketch_file(p: &Path, known: Option<Digest>, sketches: &Sketches) -> Imported {
    let name = file_name(p);
    let cached = |d: Digest| {
        let (features, outline) = sketches.take(d)?;
        Some((features.named(&name), Kept::Outline(outline.at(&name, p))))
    };
    match cached_or_read(p, known, cached) {
        Err(e) => (Err(e), None),
        Ok((d, Found::Cached(sketch))) => (Ok(sketch), Some(d)),
        Ok((d, Found::Read(bytes))) => {
            sketches.fresh.fetch_add(1, Ordering::Relaxed);
            let r = import_bytes(&name, Some(p.to_path_buf()), &bytes)
                .map(|f| (Features::of(&f), Kept::Outline(FileOutline::of(f))));
            (r, Some(d))
        }
    }
}

/// What the cache holds of a file, or its bytes to import.
enum Found<T> {
    Cached(T),
    Read(Vec<u8>),
}

/// The digest of file `p` and what `cached` holds under it: looked up by the digest its stamp
/// gave (`known`) without reading the file, else by the digest of its bytes, which come back
/// when nothing is held.
fn cached_or_read<T>(
    p: &Path,
    known: Option<Digest>,
    cached: impl Fn(Digest) -> Option<T>,
) -> Result<(Digest, Found<T>), ImportError> {
    if let Some(d) = known
        && let Some(t) = cached(d)
    {
        return Ok((d, Found::Cached(t)));
    }
    let bytes = std::fs::read(p).map_err(|e| ImportError::Io { file: p.display().to_string(), error: e })?;
    let d = digest(&bytes);
    Ok((d, cached(d).map_or(Found::Read(bytes), Found::Cached)))
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}
