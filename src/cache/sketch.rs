//! Sketches of the files of a folder streamed through the cache: per file, what grouping and the
//! catalog need of it (its [`Features`] and [`FileOutline`]), a few kilobytes where its
//! paragraphs are tens.
//!
//! They are stored in packs of a few hundred files under the key of the library they were
//! imported for, so that a cold import writes a few dozen cache entries, not one per file; the
//! next import of the same paths (one file added or changed) takes every unchanged file's sketch
//! from those packs, by the digest of its bytes, and imports only the rest.

use std::collections::HashMap;

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
}
