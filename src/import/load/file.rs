//! One file of a load: imported whole, or kept as a sketch when a folder streams through the
//! cache.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::super::group::Features;
use super::super::outline::FileOutline;
use super::super::{ImportError, ImportedFile, import_owned};
use crate::cache::catalog;
use crate::cache::sketch;
use crate::cache::stat::Packs;
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

impl Kept {
    /// The file's name.
    pub(super) fn name(&self) -> &str {
        match self {
            Kept::Whole(f) => &f.name,
            Kept::Outline(o) => o.name(),
        }
    }
}

/// At most this many sets of sketch packs are kept for one set of paths (each import that finds
/// files changed adds one); past that, every file's sketch is stored again in one set.
const MAX_SETS: usize = 4;

/// How often an import records the packs it has written so far (see [`Sketches::checkpoint`]);
/// in tests, at every pack.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(if cfg!(test) { 0 } else { 1 });

/// The sketches of the files as imported before (see [`sketch`]), taken as they are used, and
/// those of the files this import has to import anew, written as it goes.
pub(super) struct Sketches<'c> {
    old: Mutex<HashMap<Digest, sketch::Sketch>>,
    /// Where the old ones are stored.
    sets: Vec<Packs>,
    writer: sketch::Writer<'c>,
    fresh: AtomicUsize,
    /// The packs written as of the last checkpoint, and when it was.
    checkpointed: Mutex<(u32, Instant)>,
}

impl<'c> Sketches<'c> {
    /// The sketches stored in `sets`, and a writer of new ones under `run`, a key of this
    /// import's own.
    pub(super) fn new(cache: &'c Cache, sets: &[Packs], run: Digest) -> Sketches<'c> {
        let mut old = HashMap::new();
        for &packs in sets {
            old.extend(sketch::load(cache, packs));
        }
        Sketches {
            old: Mutex::new(old),
            sets: sets.to_vec(),
            writer: sketch::Writer::new(cache, run),
            fresh: AtomicUsize::new(0),
            checkpointed: Mutex::new((0, Instant::now())),
        }
    }

    fn take(&self, d: Digest) -> Option<sketch::Sketch> {
        self.old.lock().ok()?.remove(&d)
    }

    /// The sets of packs that hold the sketches so far, old and new.
    fn so_far(&self) -> Vec<Packs> {
        let run = self.writer.packs();
        self.sets.iter().copied().chain((run.1 > 0).then_some(run)).collect()
    }

    /// The sets of packs to record, when a pack was written since the last checkpoint and that
    /// was a while ago: an import killed after it (SIGKILL, a machine going down) leaves the
    /// next one all but the files of the last second or so to import.
    pub(super) fn checkpoint(&self) -> Option<Vec<Packs>> {
        let packs = self.writer.packs().1;
        let mut last = self.checkpointed.try_lock().ok()?;
        if packs == last.0 || last.1.elapsed() < CHECKPOINT_EVERY {
            return None;
        }
        *last = (packs, Instant::now());
        Some(self.so_far())
    }

    /// Writes the sketches not yet in a pack; returns the sets of packs that hold them all.
    pub(super) fn finish(&self) -> Vec<Packs> {
        self.writer.finish();
        self.so_far()
    }

    /// Whether the sketches of an import of `files` files, in `sets`, are better stored again
    /// in one set: they are scattered over too many sets, or too many of those loaded were of
    /// files no longer there (or no longer the same).
    pub(super) fn scattered(&self, sets: &[Packs], files: usize) -> bool {
        let unused = self.old.lock().map_or(0, |o| o.len());
        sets.len() > MAX_SETS || unused > files / 2
    }
}

/// Stores the sketches of the files `kept` (in outline) in one set of packs under `key`.
pub(super) fn store_sketches(
    cache: &Cache,
    key: Digest,
    files: &[(String, Digest)],
    features: &[Features],
    kept: &[Kept],
) -> Packs {
    let all: Vec<(Digest, &Features, &FileOutline)> = files
        .iter()
        .zip(features)
        .zip(kept)
        .filter_map(|(((_, d), f), k)| match k {
            Kept::Outline(o) => Some((*d, f, o)),
            Kept::Whole(_) => None,
        })
        .collect();
    sketch::store(cache, key, &all)
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
            let r = import_owned(&name, Some(p.to_path_buf()), bytes);
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
            let r = import_owned(&name, Some(p.to_path_buf()), bytes).map(|f| {
                let (features, outline) = (Features::of(&f), FileOutline::of(f));
                sketches.writer.add(d, &features, &outline);
                (features, Kept::Outline(outline))
            });
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
