//! The on-disk cache of imported files, grouped libraries and alignments.
//!
//! Entries are addressed by content: a file's entry by the hash of its bytes, a library's by the
//! hashes of all its files, an alignment's by the text of the two versions. An entry therefore
//! never goes stale in place; a changed input simply asks for another entry. Everything lives
//! under a directory named for the build of duizhao that wrote it, since a new importer may
//! read the same bytes differently; directories of builds unused for a fortnight are removed.
//!
//! Each entry is written to a temporary file and renamed into place, so two readers filling the
//! cache at once each leave a whole entry (the same one) and a reader never sees half of one.
//! Every entry carries its key and a checksum of its payload: a truncated, corrupt or misplaced
//! file reads as a miss, is removed, and is rebuilt from the source. The cache is only ever a
//! shortcut, so no failure to read or write it is an error.

pub mod catalog;
pub mod raw;
pub mod shelf;
pub mod sketch;
pub mod stat;
pub mod sweep;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;
use serde::de::DeserializeOwned;
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

/// Bumped whenever the layout of an entry changes.
const SCHEMA: u32 = 4;
const MAGIC: &[u8; 4] = b"DZC1";
/// Builds whose cache has not been used for this long are removed.
const KEEP_UNUSED: Duration = Duration::from_secs(14 * 24 * 3600);
/// How often a build marks its cache as in use.
const MARK_EVERY: Duration = Duration::from_secs(24 * 3600);

/// A 128-bit content hash.
pub type Digest = u128;

/// The hash of `bytes`.
pub fn digest(bytes: &[u8]) -> Digest {
    xxh3_128(bytes)
}

/// Builds a key from parts, each length-prefixed so that ("ab", "c") and ("a", "bc") differ.
#[derive(Default)]
pub struct KeyBuilder(Xxh3);

impl KeyBuilder {
    /// Adds one part.
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The key.
    pub fn finish(&self) -> Digest {
        self.0.digest128()
    }
}

/// What an entry holds; each kind has its own folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One imported file, by the hash of its bytes.
    File,
    /// A grouped library's catalog, by its files and manifests.
    Library,
    /// The section trees of a library's documents, by the same key as its catalog.
    Outline,
    /// The alignment of two versions, by their texts.
    Alignment,
    /// The figures of a version, by its text and year.
    Figures,
    /// File sizes and times seen last, so unchanged files need not be read to be hashed.
    Stat,
    /// What a folder streamed through the cache needs of one file (its grouping features and
    /// outline), by the hash of its bytes: a folder with one file changed is grouped again
    /// from these without importing the others.
    Sketch,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::File => "files",
            Kind::Library => "libraries",
            Kind::Outline => "outlines",
            Kind::Alignment => "alignments",
            Kind::Figures => "figures",
            Kind::Stat => "stat",
            Kind::Sketch => "sketches",
        }
    }
}

/// The cache directory for this build of duizhao, or none (caching off).
#[derive(Debug, Clone, Default)]
pub struct Cache {
    dir: Option<PathBuf>,
}

impl Cache {
    /// No cache: every lookup misses and nothing is written.
    pub fn off() -> Cache {
        Cache { dir: None }
    }

    /// The cache under `root` (the user's cache directory when `None`), for this build.
    pub fn open(root: Option<&Path>) -> Cache {
        let root = match root {
            Some(r) => r.to_path_buf(),
            None => match default_root() {
                Some(r) => r,
                None => return Cache::off(),
            },
        };
        let dir = root.join(format!("{:032x}", build_tag()));
        if std::fs::create_dir_all(&dir).is_err() {
            return Cache::off();
        }
        // Marks this build as in use, then clears out builds nobody has used for a while
        // (once a day at most: it is a start-up cost).
        let used = dir.join("used");
        let fresh = std::fs::metadata(&used)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|a| a < MARK_EVERY));
        if !fresh {
            let _ = std::fs::write(&used, b"");
            prune(&root, &dir);
            let d = dir.clone();
            std::thread::spawn(move || sweep::sweep(&d, sweep::limit()));
        }
        Cache { dir: Some(dir) }
    }

    /// The directory entries are kept in, if caching is on.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    fn path(&self, kind: Kind, key: Digest) -> Option<PathBuf> {
        let hex = format!("{key:032x}");
        Some(self.dir.as_ref()?.join(kind.folder()).join(&hex[..2]).join(hex))
    }

    /// The entry of `kind` under `key`, if there is a sound one.
    pub fn get<T: DeserializeOwned>(&self, kind: Kind, key: Digest) -> Option<T> {
        self.get_with(kind, key, |payload| postcard::from_bytes(payload).ok())
    }

    /// The entry of `kind` under `key` as decoded by `decode` from its payload, which it may
    /// borrow from (a large entry need not be copied into owned values all at once).
    pub fn get_with<T>(&self, kind: Kind, key: Digest, decode: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        let path = self.path(kind, key)?;
        let (bytes, modified) = read_entry(&path)?;
        let value = unwrap_entry(&bytes, key).and_then(decode);
        if value.is_some() && modified.elapsed().is_ok_and(|age| age > MARK_EVERY) {
            // Marked used, for the sweep (see `sweep`): once a day at most, as for builds.
            let _ = std::fs::File::options().write(true).open(&path).and_then(|f| f.set_modified(SystemTime::now()));
        }
        if value.is_none() {
            // Rebuilt by the caller and written anew; a concurrent writer's rename is atomic,
            // so this never removes a good entry that someone else is in the middle of writing.
            let _ = std::fs::remove_file(&path);
        }
        value
    }

    /// The entry of `kind` under `key`, or else `compute`'s value, stored there for next time.
    pub fn get_or_put<T: Serialize + DeserializeOwned>(
        &self,
        kind: Kind,
        key: Digest,
        compute: impl FnOnce() -> T,
    ) -> T {
        if let Some(v) = self.get(kind, key) {
            return v;
        }
        let v = compute();
        self.put(kind, key, &v);
        v
    }

    /// Stores `value` under `key`. Failures (a full disk, a read-only cache) are ignored: the
    /// value is simply computed again next time.
    pub fn put<T: Serialize + ?Sized>(&self, kind: Kind, key: Digest, value: &T) {
        if let Ok(payload) = postcard::to_stdvec(value) {
            self.put_payload(kind, key, &payload);
        }
    }

    /// Stores `payload`, already encoded as [`Cache::put`] would encode a value, under `key`.
    pub fn put_payload(&self, kind: Kind, key: Digest, payload: &[u8]) {
        let Some(path) = self.path(kind, key) else { return };
        let _ = write_entry(&path, key, payload);
    }
}

fn default_root() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("DUIZHAO_CACHE_DIR") {
        return (!d.is_empty()).then(|| PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "duizhao").map(|d| d.cache_dir().to_path_buf())
}

/// Identifies this build: the version, the entry schema, and the executable's size and time,
/// so that a rebuilt importer never reads entries an older one wrote.
fn build_tag() -> Digest {
    let mut k = KeyBuilder::default();
    k.part(env!("CARGO_PKG_VERSION").as_bytes()).part(&SCHEMA.to_le_bytes());
    if let Some(meta) = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok()) {
        k.part(&meta.len().to_le_bytes());
        let modified = meta.modified().ok().and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
        k.part(&modified.unwrap_or_default().as_nanos().to_le_bytes());
    }
    k.finish()
}

fn prune(root: &Path, current: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path == current || !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let used = std::fs::metadata(path.join("used")).and_then(|m| m.modified()).ok();
        let old = used.is_none_or(|t| t.elapsed().is_ok_and(|age| age > KEEP_UNUSED));
        if old && e.file_name().len() == 32 {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

fn write_entry(path: &Path, key: Digest, payload: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp").tempfile_in(dir)?;
    let mut head = Vec::with_capacity(40);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&key.to_le_bytes());
    head.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    head.extend_from_slice(&xxh3_64(payload).to_le_bytes());
    tmp.write_all(&head)?;
    tmp.write_all(payload)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The bytes of the entry at `path` and when it was last marked used.
fn read_entry(path: &Path) -> Option<(Vec<u8>, SystemTime)> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).ok()?;
    let meta = f.metadata().ok()?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.read_to_end(&mut bytes).ok()?;
    Some((bytes, meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
}

/// The payload of an entry, if its header matches `key` and its checksum its contents.
fn unwrap_entry(bytes: &[u8], key: Digest) -> Option<&[u8]> {
    let (head, payload) = bytes.split_at_checked(4 + 16 + 8 + 8)?;
    let (magic, rest) = head.split_at(4);
    let (k, rest) = rest.split_at(16);
    let (len, sum) = rest.split_at(8);
    let ok = magic == MAGIC
        && u128::from_le_bytes(k.try_into().ok()?) == key
        && u64::from_le_bytes(len.try_into().ok()?) == payload.len() as u64
        && u64::from_le_bytes(sum.try_into().ok()?) == xxh3_64(payload);
    ok.then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(Some(dir.path()));
        (dir, c)
    }

    #[test]
    fn a_value_comes_back_under_its_key_only() {
        let (_d, c) = cache();
        c.put(Kind::File, 7, &vec!["一".to_owned(), "two".to_owned()]);
        assert_eq!(c.get::<Vec<String>>(Kind::File, 7), Some(vec!["一".to_owned(), "two".to_owned()]));
        assert_eq!(c.get::<Vec<String>>(Kind::File, 8), None);
        assert_eq!(c.get::<Vec<String>>(Kind::Library, 7), None);
    }

    #[test]
    fn a_damaged_entry_is_a_miss_and_is_removed() {
        let (_d, c) = cache();
        let path = c.path(Kind::File, 7).unwrap();
        let damages: [fn(&mut Vec<u8>); 4] =
            [|b| b.truncate(b.len() - 1), |b| *b.last_mut().unwrap() ^= 1, |b| b[5] ^= 1, |b| b.truncate(10)];
        for damage in damages {
            c.put(Kind::File, 7, &"payload".repeat(10));
            let mut bytes = std::fs::read(&path).unwrap();
            damage(&mut bytes);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(c.get::<String>(Kind::File, 7), None);
            assert!(!path.exists());
        }
    }

    #[test]
    fn an_entry_of_another_shape_is_a_miss() {
        let (_d, c) = cache();
        c.put(Kind::File, 7, &"text");
        assert_eq!(c.get::<Vec<(u64, u64, u64)>>(Kind::File, 7), None);
    }

    #[test]
    fn old_builds_are_pruned_and_recent_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("0".repeat(32));
        let recent = dir.path().join("1".repeat(32));
        let unrelated = dir.path().join("notes");
        for d in [&old, &recent, &unrelated] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(recent.join("used"), b"").unwrap();
        let c = Cache::open(Some(dir.path()));
        assert!(c.dir().unwrap().join("used").exists());
        assert!(!old.exists() && recent.exists() && unrelated.exists());
    }

    #[test]
    fn off_stores_nothing() {
        let c = Cache::off();
        c.put(Kind::File, 1, &1u32);
        assert_eq!(c.get::<u32>(Kind::File, 1), None);
    }

    #[test]
    fn keys_tell_part_boundaries_apart() {
        let k = |parts: &[&str]| {
            let mut b = KeyBuilder::default();
            for p in parts {
                b.part(p.as_bytes());
            }
            b.finish()
        };
        assert_ne!(k(&["ab", "c"]), k(&["a", "bc"]));
        assert_eq!(k(&["ab", "c"]), k(&["ab", "c"]));
    }
}
