//! What each file looked like when it was last hashed, so that an unchanged file need not be
//! read again to learn its hash (git's index does the same).
//!
//! A file counts as unchanged when its size, modification and change times (to the nanosecond)
//! and inode are as recorded. A file modified within a couple of seconds of being recorded could
//! change again without its times moving on a coarse-grained file system, so such a record is
//! not kept: the file is simply hashed again next time.

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::{Cache, Digest, Kind};

/// Records younger than this are not trusted.
const RACY: Duration = Duration::from_secs(2);

/// A file's size, times and identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    len: u64,
    modified: i128,
    changed: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Stamp {
                len: meta.len(),
                modified: ns(meta.mtime(), meta.mtime_nsec()),
                changed: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Stamp { len: meta.len(), modified, changed: modified, inode: 0 }
        }
    }

    fn is_recent(&self, now: SystemTime) -> bool {
        let now = now.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128);
        now - self.modified.max(self.changed) < RACY.as_nanos() as i128
    }
}

/// The files of one set of command-line paths, as last seen.
#[derive(Debug, Default)]
pub struct Stats {
    seen: HashMap<String, (Stamp, Digest)>,
    /// Where the files' sketches were stored as they were imported (see [`sketch`]): by the
    /// last import, and by those before it that it did not store again.
    ///
    /// [`sketch`]: super::sketch
    sketches: Vec<Packs>,
    changed: bool,
}

/// Stats as stored.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored<S, P> {
    files: Vec<(S, Stamp, Digest)>,
    sketches: P,
}

/// A set of packs in the cache: the key they were stored under, and how many there are.
pub type Packs = (Digest, u32);

impl Stats {
    /// The records kept for `scope` (a key naming the paths given).
    pub fn load(cache: &Cache, scope: Digest) -> Stats {
        let stored: Option<Stored<String, Vec<Packs>>> = cache.get(Kind::Stat, scope);
        let Some(Stored { files, sketches }) = stored else { return Stats::default() };
        Stats { seen: files.into_iter().map(|(p, s, d)| (p, (s, d))).collect(), sketches, changed: false }
    }

    /// Where the sketches of the files were stored.
    pub fn sketches(&self) -> &[Packs] {
        &self.sketches
    }

    /// Records where the sketches of the files were stored.
    pub fn set_sketches(&mut self, sets: Vec<Packs>) {
        self.changed |= self.sketches != sets;
        self.sketches = sets;
    }

    /// The hash of `path`, if it is unchanged since it was recorded.
    pub fn digest(&self, path: &Path, stamp: &Stamp) -> Option<Digest> {
        let (s, d) = self.seen.get(path.to_str()?)?;
        (s == stamp).then_some(*d)
    }

    /// Records the hash of `path` as it is now.
    pub fn record(&mut self, path: &Path, stamp: Stamp, digest: Digest) {
        let Some(p) = path.to_str() else { return };
        if self.seen.get(p) != Some(&(stamp, digest)) {
            self.seen.insert(p.to_owned(), (stamp, digest));
            self.changed = true;
        }
    }

    /// Keeps only the records of `paths` (files removed since are forgotten).
    pub fn retain(&mut self, paths: &[&Path]) {
        let keep: std::collections::HashSet<&str> = paths.iter().filter_map(|p| p.to_str()).collect();
        let before = self.seen.len();
        self.seen.retain(|p, _| keep.contains(p.as_str()));
        self.changed |= self.seen.len() != before;
    }

    /// Writes the records back if they changed, leaving out those too recent to trust.
    pub fn save(&self, cache: &Cache, scope: Digest) {
        self.save_at(cache, scope, SystemTime::now());
    }

    /// Writes the records as they are, with the sketches stored so far by an import still
    /// going on (`sets`): should it die, the next one starts from there.
    pub fn save_checkpoint(&self, cache: &Cache, scope: Digest, sets: &[Packs]) {
        self.write(cache, scope, SystemTime::now(), sets);
    }

    fn save_at(&self, cache: &Cache, scope: Digest, now: SystemTime) {
        if self.changed {
            self.write(cache, scope, now, &self.sketches);
        }
    }

    fn write(&self, cache: &Cache, scope: Digest, now: SystemTime, sketches: &[Packs]) {
        let files: Vec<(&String, Stamp, Digest)> =
            self.seen.iter().filter(|(_, (s, _))| !s.is_recent(now)).map(|(p, (s, d))| (p, *s, *d)).collect();
        cache.put(Kind::Stat, scope, &Stored { files, sketches });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_file_keeps_its_digest_and_a_rewritten_one_loses_it() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(&dir.path().join("cache")));
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "一二三").unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&file).unwrap());
        let mut stats = Stats::load(&cache, 1);
        assert_eq!(stats.digest(&file, &stamp), None);
        stats.record(&file, stamp, 42);
        // Saved a while after the file was written, so the record is trusted.
        stats.save_at(&cache, 1, SystemTime::now() + Duration::from_secs(10));
        let stats = Stats::load(&cache, 1);
        assert_eq!(stats.digest(&file, &stamp), Some(42));
        assert!(stats.sketches().is_empty());
        std::fs::write(&file, "一二四").unwrap();
        let now = Stamp::of(&std::fs::metadata(&file).unwrap());
        assert_eq!(stats.digest(&file, &now), None);
    }

    #[test]
    fn a_file_written_just_now_is_not_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(&dir.path().join("cache")));
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&file).unwrap());
        let mut stats = Stats::load(&cache, 1);
        stats.record(&file, stamp, 42);
        stats.save(&cache, 1);
        assert_eq!(Stats::load(&cache, 1).digest(&file, &stamp), None);
    }
}
