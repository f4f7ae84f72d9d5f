//! Reading documents from files and folders on disk.
//!
//! A file named on the command line must import, or the command fails naming it. Inside a folder
//! (searched recursively for `*.txt`), a file that cannot be read is skipped with a warning, so
//! that one bad file does not hide a thousand good ones.

use std::path::{Path, PathBuf};

use std::sync::atomic::Ordering;

use rayon::prelude::*;

mod file;

use file::{Imported, Kept, Sketches, import_file, sketch_file, store_sketches};

use super::discover::{Found, discover};
use super::group::{self, Features};
use super::outline::{self, FileOutline};
pub use super::progress::Progress;
use super::{ImportError, manifest};
use crate::cache::catalog::{self, Catalog, DocEntry, Outlines, PackedOutlines};
use crate::cache::raw;
use crate::cache::shelf::outline_chunk;
use crate::cache::stat::{Packs, Stamp, Stats};
use crate::cache::{Cache, Digest, KeyBuilder, Kind};
use crate::model::{Document, Library};

/// The result of loading: the library, and the files that were skipped, with reasons.
#[derive(Debug)]
pub struct Loaded {
    /// The documents (outlines, when loaded with [`Depth::Outline`]).
    pub library: Library,
    /// Files found in folders that could not be imported.
    pub skipped: Vec<ImportError>,
    /// The library without its paragraphs, and where each document's blocks are cached.
    pub catalog: Catalog,
    /// The cache key of the documents' section trees, when the library holds outlines without
    /// them (see [`crate::cache::shelf::Shelf::index`]).
    pub outlines: Option<Digest>,
}

/// How much of each document a load is to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every block of every document.
    Full,
    /// Titles and versions only (what `list` shows): neither blocks nor section trees.
    Catalog,
    /// Outlines only (titles and versions; section trees too unless they are in the cache):
    /// blocks are read from the cache when a
    /// document is opened, so a large folder costs little memory.
    Outline,
}

/// Loads the given files and folders into one library, without a cache.
pub fn load(paths: &[PathBuf]) -> Result<Loaded, ImportError> {
    load_with(paths, &Progress::default(), &Cache::off(), Depth::Full)
}

/// [`load`] through `cache`, to `depth`, counting the files done in `progress` as it goes.
///
/// When every file is unchanged since the last load of the same paths (same size, times and
/// inode), the library comes from its catalog without reading a single file.
pub fn load_with(paths: &[PathBuf], progress: &Progress, cache: &Cache, depth: Depth) -> Result<Loaded, ImportError> {
    let found = discover(paths)?;
    progress.files.store(found.files.len(), Ordering::Relaxed);
    let scope = scope_key(paths);
    let mut stats = Stats::load(cache, scope);
    let metadata: Vec<Option<std::fs::Metadata>> = par_map(&found.files, |(p, _)| std::fs::metadata(p).ok());
    let stamps: Vec<Option<Stamp>> = metadata.iter().map(|m| m.as_ref().map(Stamp::of)).collect();
    // Only regular files are read ahead (see `read_ahead`).
    let regular: Vec<bool> = metadata.iter().map(|m| m.as_ref().is_some_and(std::fs::Metadata::is_file)).collect();
    drop(metadata);
    let known: Vec<Option<Digest>> =
        found.files.iter().zip(&stamps).map(|((p, _), s)| s.as_ref().and_then(|s| stats.digest(p, s))).collect();
    let manifests = read_manifests(&found.manifests)?;
    if let Some(digests) = known.iter().copied().collect::<Option<Vec<Digest>>>() {
        let key = library_key(&found.files, &digests, &manifests);
        if let Some(loaded) = from_cache(key, cache, depth) {
            progress.done.store(found.files.len(), Ordering::Relaxed);
            return loaded;
        }
    }
    // A bad manifest is said before the import, not after it.
    let manifest = merge_manifests(&manifests)?;
    let stream = cache.dir().is_some() && depth != Depth::Full;
    let sketches = stream.then(|| Sketches::new(cache, stats.sketches(), run_key(scope)));
    let checkpoint = |sets: Vec<Packs>| stats.save_checkpoint(cache, scope, &sets);
    let streaming = sketches.as_ref().map(|s| (s, &checkpoint as _));
    let imported = import_all(&found, (&known, &regular), (cache, manifest.as_ref()), progress, streaming);
    let mut features = Vec::with_capacity(imported.len());
    let mut kept: Vec<Kept> = Vec::with_capacity(imported.len());
    let mut catalog_files = Vec::with_capacity(imported.len());
    let mut digests = Vec::with_capacity(imported.len());
    let mut skipped = Vec::new();
    for (((path, named), stamp), (r, d)) in found.files.iter().zip(&stamps).zip(imported) {
        if let (Some(s), Some(d)) = (stamp, d) {
            stats.record(path, *s, d);
        }
        digests.push(d);
        match r {
            Ok((feat, file)) => {
                features.push(feat);
                kept.push(file);
                catalog_files.push((path.display().to_string(), d.unwrap_or_default()));
            }
            Err(e) if *named => return Err(e),
            Err(e) => skipped.push(e),
        }
    }
    if progress.stopped() {
        if let Some(s) = &sketches {
            stats.set_sketches(s.finish());
        }
        stats.save(cache, scope);
        return Err(ImportError::Stopped);
    }
    // A file that could not be read has no digest, and is tried again next time.
    let key = digests.into_iter().collect::<Option<Vec<Digest>>>().map(|d| library_key(&found.files, &d, &manifests));
    // The sketches are written while the files are grouped: neither waits for the other.
    let plan = std::thread::scope(|scope| {
        if let Some(s) = &sketches {
            let (stats, files, features, kept) = (&mut stats, &catalog_files, &features, &kept);
            scope.spawn(move || {
                let mut sets = s.finish();
                if let Some(key) = key
                    && s.scattered(&sets, kept.len())
                {
                    sets = vec![store_sketches(cache, key, files, features, kept)];
                }
                stats.set_sketches(sets);
            });
        }
        group::plan(&features, manifest.as_ref())
    });
    drop(features);
    let (documents, entries, packed) = build_documents(plan, kept);
    let catalog = Catalog::new(catalog_files, skipped.iter().map(ToString::to_string).collect(), entries);
    // The entries were made on the import's workers, scattered among the holes of all it
    // freed there: for a reader that lives on (outlines), copied here, they leave those heaps
    // empty, to go back to the system whole (see `release_freed_memory`), where the originals
    // would pin a page here and there.
    let catalog = if depth == Depth::Outline { catalog.clone() } else { catalog };
    if let Some(key) = key {
        let chunks: Vec<_> = packed.chunks(crate::search::jump::CHUNK).enumerate().collect();
        rayon::join(
            || {
                chunks.par_iter().for_each(|(c, chunk)| {
                    // Each document's trees as one byte string, not a byte at a time.
                    let chunk: Vec<raw::Slice> = chunk.iter().map(|p| raw::Slice(p)).collect();
                    cache.put(Kind::Outline, outline_chunk(key, *c), &chunk)
                })
            },
            || cache.put(Kind::Library, key, &catalog),
        );
    }
    let all: Vec<&Path> = found.files.iter().map(|(p, _)| p.as_path()).collect();
    stats.retain(&all);
    stats.save(cache, scope);
    let in_cache = key.filter(|_| cache.dir().is_some());
    let (library, outlines) = match depth {
        Depth::Full => (Library { documents }, None),
        Depth::Outline if in_cache.is_some() => (catalog.outlines(None), in_cache),
        Depth::Outline => {
            (catalog.outlines(Some(packed.iter().map(|p| catalog::unpack(p).unwrap_or_default()).collect())), None)
        }
        Depth::Catalog => (catalog.outlines(None), None),
    };
    Ok(Loaded { library, skipped, catalog, outlines })
}

/// Records the sets of sketch packs an import has written so far.
type Checkpoint<'a> = dyn Fn(Vec<Packs>) + Sync + 'a;

/// A key for the sketch packs of one import of the paths of `scope`, unlike any other's.
fn run_key(scope: Digest) -> Digest {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let mut k = KeyBuilder::default();
    k.part(b"sketch run").part(&scope.to_le_bytes()).part(&now.as_nanos().to_le_bytes());
    k.part(&std::process::id().to_le_bytes()).finish()
}

/// Imports every file found, on all cores. When streaming (with `sketches`), each file is kept
/// only in outline, so that a folder of ten thousand files is never held in memory at once.
/// The preview shows each file with what the manifest, if any, says of its document.
fn import_all(
    found: &Found,
    (known, regular): (&[Option<Digest>], &[bool]),
    (cache, manifest): (&Cache, Option<&manifest::Manifest>),
    progress: &Progress,
    sketches: Option<(&Sketches, &Checkpoint)>,
) -> Vec<Imported> {
    let jobs: Vec<(usize, &PathBuf, Option<Digest>)> = found
        .files
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (i, p))
        .zip(known.iter().copied())
        .map(|((i, p), k)| (i, p, k))
        .collect();
    let of = jobs.len();
    par_map(&jobs, |&(i, p, known)| {
        if progress.stopped() {
            return (Err(ImportError::Stopped), None);
        }
        // A worker takes the files of its share in order: the disk is asked for one a few files
        // on while this one is imported, so that a folder not yet in memory is read while the
        // cores work rather than between files.
        if let Some(&(k, ahead, None)) = jobs.get(i + READ_AHEAD)
            && regular[k]
        {
            read_ahead(ahead);
        }
        let (r, d) = if let Some((sketches, checkpoint)) = sketches {
            let r = sketch_file(p, known, sketches);
            if let Some(sets) = sketches.checkpoint() {
                checkpoint(sets);
            }
            r
        } else {
            let (r, d) = import_file(p, known, cache);
            (r.map(|f| (Features::of(&f), Kept::Whole(f))), d)
        };
        if let Ok((_, kept)) = &r {
            progress.show(i, of, || alone(kept, manifest));
        }
        progress.done.fetch_add(1, Ordering::Relaxed);
        (r, d)
    })
}

/// Returns to the system the memory freed but kept by the allocator's per-thread heaps (glibc
/// keeps what an import's workers freed for their next allocations, which never come).
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it touches nothing allocated.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Sets the allocator for a reader that lives on after an import: glibc raises its thresholds
/// for mapping large blocks apart and for trimming the top of a heap after it sees large blocks
/// freed (an import frees thousands), and at those heights the jump index's large temporaries
/// were carved out of the heaps and kept there after they were freed. Fixed at glibc's defaults.
pub fn keep_large_blocks_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt changes two thresholds; it touches nothing allocated.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
    }
}

/// How many files ahead of the one it imports a worker asks the disk for.
const READ_AHEAD: usize = 3;

/// Asks the kernel to start reading `path`, a regular file, into memory, without waiting for
/// it. Never a named pipe: a reader opening one would wait for a writer (or, non-blocking, could
/// come and go under a writer's feet); O_NONBLOCK guards against one put in the file's place.
#[cfg(target_os = "linux")]
fn read_ahead(path: &Path) {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    if let Ok(f) = std::fs::File::options().read(true).custom_flags(libc::O_NONBLOCK).open(path) {
        // SAFETY: the descriptor is open for the call's duration; the advice changes no data.
        unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED) };
    }
}

#[cfg(not(target_os = "linux"))]
fn read_ahead(_: &Path) {}

/// A file as a document of its own, for a preview of the library (see [`Progress::previewing`]),
/// with the titles, year and issuer `manifest` gives the document it is listed in.
fn alone(kept: &Kept, manifest: Option<&manifest::Manifest>) -> DocEntry {
    let listed = manifest.and_then(|m| m.entry_for(kept.name()));
    match kept {
        Kept::Whole(f) => {
            let mut doc = group::alone(f.clone());
            if let Some(e) = listed {
                e.apply(&mut doc);
            }
            DocEntry::of(&doc)
        }
        Kept::Outline(o) => outline::entry(group::alone_id(o.name()), vec![o.clone()], listed).0,
    }
}

/// Builds the planned documents: the documents (none when the files were kept in outline), their
/// catalog entries and their section trees, sorted by id.
fn build_documents(plan: Vec<group::Planned>, kept: Vec<Kept>) -> (Vec<Document>, Vec<DocEntry>, PackedOutlines) {
    let mut slots: Vec<Option<Kept>> = kept.into_iter().map(Some).collect();
    let whole = slots.iter().all(|k| matches!(k, Some(Kept::Whole(_))));
    type Job<'m> = (String, Vec<Kept>, Option<&'m super::manifest::Entry>);
    let mut jobs: Vec<Job> = plan
        .into_iter()
        .map(|p| (p.id, p.files.iter().filter_map(|&i| slots[i].take()).collect(), p.overrides))
        .collect();
    jobs.sort_by(|a, b| a.0.cmp(&b.0));
    let built: Vec<(Option<Document>, DocEntry, Vec<u8>)> = par_map_owned(jobs, |(id, members, o)| {
        if whole {
            let files = members.into_iter().filter_map(|k| match k {
                Kept::Whole(f) => Some(f),
                Kept::Outline(_) => None,
            });
            let doc = group::build(id, files.collect(), o);
            let (entry, sections) = (DocEntry::of(&doc), catalog::pack(&catalog::sections_of(&doc)));
            return (Some(doc), entry, sections);
        }
        let outlines = members.into_iter().map(|k| match k {
            Kept::Whole(f) => FileOutline::of(f),
            Kept::Outline(o) => o,
        });
        let (entry, sections) = outline::entry(id, outlines.collect(), o);
        (None, entry, sections)
    });
    let mut documents = Vec::new();
    let mut entries = Vec::with_capacity(built.len());
    let mut outlines = Vec::with_capacity(built.len());
    for (d, e, s) in built {
        documents.extend(d);
        entries.push(e);
        outlines.push(s);
    }
    (documents, entries, outlines)
}

/// The library under `key` from the cache, to `depth`; `None` when an entry it needs is missing.
fn from_cache(key: Digest, cache: &Cache, depth: Depth) -> Option<Result<Loaded, ImportError>> {
    let catalog: Catalog = cache.get(Kind::Library, key)?;
    let (library, outlines) = match depth {
        Depth::Catalog => (catalog.outlines(None), None),
        Depth::Outline => (catalog.outlines(None), Some(key)),
        Depth::Full => {
            let chunks = catalog.documents.len().div_ceil(crate::search::jump::CHUNK);
            let packed: Option<Vec<PackedOutlines>> =
                (0..chunks).map(|c| cache.get::<PackedOutlines>(Kind::Outline, outline_chunk(key, c))).collect();
            let sections: Option<Outlines> = packed?.iter().flatten().map(|p| catalog::unpack(p)).collect();
            let sections = sections.filter(|s| s.len() == catalog.documents.len());
            let outlines = catalog.outlines(Some(sections?));
            let documents = par_map(&outlines.documents, |o| catalog.load(cache, o)).into_iter().collect();
            match documents {
                Ok(documents) => (Library { documents }, None),
                Err(e) => return Some(Err(e)),
            }
        }
    };
    let skipped = catalog.skipped.iter().map(|m| ImportError::Earlier { message: m.clone() }).collect();
    Some(Ok(Loaded { library, skipped, catalog, outlines }))
}

/// Maps `f` over `items` on all cores, or on this thread alone for a handful of items (waking
/// the thread pool costs more than a file or two: it is a start-up cost when one file is opened).
fn par_map<S: Sync, T: Send>(items: &[S], f: impl Fn(&S) -> T + Sync + Send) -> Vec<T> {
    if items.len() < 4 { items.iter().map(f).collect() } else { items.par_iter().map(f).collect() }
}

/// [`par_map`] over owned items.
fn par_map_owned<S: Send, T: Send>(items: Vec<S>, f: impl Fn(S) -> T + Sync + Send) -> Vec<T> {
    if items.len() < 4 { items.into_iter().map(f).collect() } else { items.into_par_iter().map(f).collect() }
}

/// Names the set of paths given, wherever they were given from.
fn scope_key(paths: &[PathBuf]) -> Digest {
    let mut k = KeyBuilder::default();
    k.part(b"scope");
    for p in paths {
        let full = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        k.part(full.as_os_str().as_encoded_bytes()).part(p.as_os_str().as_encoded_bytes());
    }
    k.finish()
}

/// Names a library by everything its grouping depends on: each file's path, role and bytes
/// (by digest), and each manifest's path and text.
fn library_key(files: &[(PathBuf, bool)], digests: &[Digest], manifests: &[(PathBuf, String)]) -> Digest {
    let mut k = KeyBuilder::default();
    k.part(b"library");
    for (p, text) in manifests {
        k.part(p.as_os_str().as_encoded_bytes()).part(text.as_bytes());
    }
    for ((p, named), d) in files.iter().zip(digests) {
        k.part(p.as_os_str().as_encoded_bytes()).part(&[u8::from(*named)]).part(&d.to_le_bytes());
    }
    k.finish()
}

fn read_manifests(paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, ImportError> {
    paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .map(|t| (p.clone(), t))
                .map_err(|e| ImportError::Io { file: p.display().to_string(), error: e })
        })
        .collect()
}

fn merge_manifests(read: &[(PathBuf, String)]) -> Result<Option<manifest::Manifest>, ImportError> {
    let mut merged: Option<manifest::Manifest> = None;
    for (p, text) in read {
        let m = manifest::parse(&p.display().to_string(), text)?;
        merged.get_or_insert_with(Default::default).documents.extend(m.documents);
    }
    Ok(merged)
}

#[cfg(test)]
mod tests;
