//! Sketches of the files of a folder streamed through the cache: per file, what grouping and the
//! catalog need of it (its [`Features`] and [`FileOutline`]), a few kilobytes where its
//! paragraphs are tens.
//!
//! They are stored in packs of a few hundred files, so that a cold import writes a few dozen
//! cache entries, not one per file; the next import of the same paths (one file added or
//! changed) takes every unchanged file's sketch from those packs, by the digest of its bytes,
//! and imports only the rest. An import writes its packs as it goes (see [`Writer`]): one killed
//! halfway leaves what it did for the next.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use super::stat::Packs;
use super::{Cache, Digest, KeyBuilder, Kind};
use crate::import::group::Features;
use crate::import::outline::FileOutline;

/// What grouping and the catalog need of one file.
pub type Sketch = (Features, FileOutline);

/// Files per pack.
const PACK: usize = 256;

/// Stores `sketches` (each with the digest of its file's bytes) under `key`.
pub fn store(cache: &Cache, key: Digest, sketches: &[(Digest, &Features, &FileOutline)]) -> Packs {
    let packs: Vec<_> = sketches.chunks(PACK).enumerate().collect();
    packs.par_iter().for_each(|(c, pack)| cache.put(Kind::Sketch, pack_key(key, *c), pack));
    (key, packs.len() as u32)
}

/// The sketches stored as `packs`, by digest; a pack missing or damaged is left out (its files
/// are imported again).
pub fn load(cache: &Cache, (key, count): Packs) -> HashMap<Digest, Sketch> {
    let packs: Vec<Vec<(Digest, Features, FileOutline)>> =
        (0..count as usize).into_par_iter().filter_map(|c| cache.get(Kind::Sketch, pack_key(key, c))).collect();
    packs.into_iter().flatten().map(|(d, f, o)| (d, (f, o))).collect()
}

/// Writes the sketches of the files one import makes, a pack as soon as there are enough for one,
/// from whichever thread made the last of them.
pub struct Writer<'c> {
    cache: &'c Cache,
    key: Digest,
    /// Sketches not yet in a pack, encoded, and how many there are.
    pending: Mutex<(Vec<u8>, usize)>,
    /// Packs begun.
    packs: AtomicU32,
}

impl<'c> Writer<'c> {
    /// A writer of packs under `key` (a key of this import's own).
    pub fn new(cache: &'c Cache, key: Digest) -> Writer<'c> {
        Writer { cache, key, pending: Mutex::default(), packs: AtomicU32::new(0) }
    }

    /// Adds the sketch of a file whose bytes have digest `d`; whether that made a pack.
    pub fn add(&self, d: Digest, features: &Features, outline: &FileOutline) -> bool {
        // Encoded here, on the thread that imported the file, not all at the end on one.
        let Ok(bytes) = postcard::to_stdvec(&(d, features, outline)) else { return false };
        let full = {
            let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            pending.0.extend_from_slice(&bytes);
            pending.1 += 1;
            if pending.1 < PACK {
                return false;
            }
            std::mem::take(&mut *pending)
        };
        self.write(full);
        true
    }

    /// The packs begun so far (one still being written is missing if the import dies: [`load`]
    /// does without it).
    pub fn packs(&self) -> Packs {
        (self.key, self.packs.load(Ordering::Acquire))
    }

    /// Writes the sketches not yet in a pack; returns every pack.
    pub fn finish(&self) -> Packs {
        let rest = std::mem::take(&mut *self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        if rest.1 > 0 {
            self.write(rest);
        }
        self.packs()
    }

    fn write(&self, (sketches, n): (Vec<u8>, usize)) {
        let c = self.packs.fetch_add(1, Ordering::AcqRel);
        // A pack is a list of sketches, as `load` decodes it: its length, then its items.
        let mut payload = postcard::to_stdvec(&n).unwrap_or_default();
        payload.extend_from_slice(&sketches);
        self.cache.put_payload(Kind::Sketch, pack_key(self.key, c as usize), &payload);
    }
}

fn pack_key(key: Digest, c: usize) -> Digest {
    KeyBuilder::default().part(b"sketch pack").part(&key.to_le_bytes()).part(&(c as u64).to_le_bytes()).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{embedded, import_bytes};

    #[test]
    fn sketches_come_back_by_digest_and_a_lost_pack_only_loses_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(dir.path()));
        let files: Vec<(Digest, Features, FileOutline)> = embedded::files()
            .iter()
            .filter(|(n, _)| n.ends_with(".txt"))
            .map(|(n, b)| {
                let f = import_bytes(n, None, b).unwrap();
                (super::super::digest(b), Features::of(&f), FileOutline::of(f))
            })
            .collect();
        // Many files, so that they take more than one pack.
        let many: Vec<(Digest, &Features, &FileOutline)> = (0..PACK + 3)
            .map(|i| &files[i % files.len()])
            .enumerate()
            .map(|(i, (_, f, o))| (i as u128, f, o))
            .collect();
        let packs = store(&cache, 7, &many);
        assert_eq!(packs, (7, 2));
        let back = load(&cache, packs);
        assert_eq!(back.len(), PACK + 3);
        let (f, o) = &back[&(PACK as u128 + 1)];
        let bytes = |f: &Features, o: &FileOutline| postcard::to_stdvec(&(f, o)).unwrap();
        assert_eq!(bytes(f, o), bytes(many[PACK + 1].1, many[PACK + 1].2));
        std::fs::remove_file(cache.path(Kind::Sketch, pack_key(7, 0)).unwrap()).unwrap();
        let back = load(&cache, packs);
        assert_eq!(back.len(), 3);
        assert!(back.contains_key(&(PACK as u128)));
    }

    #[test]
    fn a_writer_makes_the_packs_store_makes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(dir.path()));
        let (name, bytes) = embedded::files().iter().find(|(n, _)| n.ends_with(".txt")).unwrap();
        let f = import_bytes(name, None, bytes).unwrap();
        let (features, outline) = (Features::of(&f), FileOutline::of(f));
        let w = Writer::new(&cache, 9);
        let made: Vec<bool> = (0..PACK as u128 + 2).map(|d| w.add(d, &features, &outline)).collect();
        assert_eq!(made.iter().filter(|&&m| m).count(), 1, "a pack as soon as there are {PACK}");
        assert!(made[PACK - 1]);
        assert_eq!(w.packs(), (9, 1));
        assert_eq!(load(&cache, w.packs()).len(), PACK, "the first pack is in the cache already");
        assert_eq!(w.finish(), (9, 2));
        let back = load(&cache, (9, 2));
        assert_eq!(back.len(), PACK + 2);
        let bytes = |f: &Features, o: &FileOutline| postcard::to_stdvec(&(f, o)).unwrap();
        let (f, o) = &back[&(PACK as u128 + 1)];
        assert_eq!(bytes(f, o), bytes(&features, &outline));
        assert_eq!(w.finish(), (9, 2), "nothing more to write");
    }
}
