//! Keeping the cache within a size. A folder of ten thousand documents leaves about as many
//! bytes of entries as it has of text, and every change to a file leaves its old entries
//! behind; so when a build's entries outgrow the limit, those used longest ago go first.
//! Entries are marked used when read (at most once a day each, see [`super::Cache::get_with`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Room for the entries of a few folders of ten thousand documents.
pub const DEFAULT_LIMIT: u64 = 2 << 30;

/// A temporary file this old was left by a writer that died before renaming it.
const STRAY_AFTER: Duration = Duration::from_secs(3600);

/// The limit: `$DUIZHAO_CACHE_LIMIT` (bytes, or a number ending in K, M or G), else
/// [`DEFAULT_LIMIT`].
pub fn limit() -> u64 {
    std::env::var("DUIZHAO_CACHE_LIMIT").ok().and_then(|v| parse_size(&v)).unwrap_or(DEFAULT_LIMIT)
}

fn parse_size(v: &str) -> Option<u64> {
    let v = v.trim();
    let (digits, unit) = match v.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => v.split_at(i),
        None => (v, ""),
    };
    let shift = match unit.trim().to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return None,
    };
    digits.parse::<u64>().ok()?.checked_mul(1 << shift)
}

/// What a sweep found and left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Swept {
    /// Bytes of entries before.
    pub before: u64,
    /// Bytes of entries after.
    pub after: u64,
    /// Entries removed.
    pub removed: usize,
}

/// Removes the entries of `dir` (one build's directory) used longest ago until they take at
/// most four fifths of `limit`, if they take more than `limit` (so a sweep is not due again
/// after a few more entries); and temporary files left by writers that died.
pub fn sweep(dir: &Path, limit: u64) -> Swept {
    let mut entries = Vec::new();
    let now = SystemTime::now();
    for kind in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if kind.file_type().is_ok_and(|t| t.is_dir()) {
            collect(&kind.path(), now, &mut entries);
        }
    }
    let before: u64 = entries.iter().map(|e| e.1).sum();
    let mut swept = Swept { before, after: before, removed: 0 };
    if before <= limit {
        return swept;
    }
    entries.sort_unstable_by_key(|e| e.0);
    let target = limit / 5 * 4;
    for (_, len, path) in entries {
        if swept.after <= target {
            break;
        }
        // Another reader may be reading it: on Unix it keeps what it opened; a later lookup
        // misses and rebuilds it.
        if std::fs::remove_file(&path).is_ok() {
            swept.after -= len;
            swept.removed += 1;
        }
    }
    swept
}

/// The entries under one kind's folder (two levels: the key's first two hex digits, then the
/// key), as (last used, size, path); stray temporary files are removed on the way.
fn collect(kind: &Path, now: SystemTime, out: &mut Vec<(SystemTime, u64, PathBuf)>) {
    for bucket in std::fs::read_dir(kind).into_iter().flatten().flatten() {
        for e in std::fs::read_dir(bucket.path()).into_iter().flatten().flatten() {
            let Ok(meta) = e.metadata() else { continue };
            let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            if e.file_name().to_string_lossy().starts_with(".tmp") {
                if now.duration_since(used).is_ok_and(|age| age > STRAY_AFTER) {
                    let _ = std::fs::remove_file(e.path());
                }
                continue;
            }
            if meta.is_file() {
                out.push((used, meta.len(), e.path()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::{Cache, Kind};

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("500M"), Some(500 << 20));
        assert_eq!(parse_size("2G"), Some(2 << 30));
        assert_eq!(parse_size("2 GiB"), Some(2 << 30));
        assert_eq!(parse_size("64k"), Some(64 << 10));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("5T"), None);
    }

    #[test]
    fn entries_used_longest_ago_go_first_and_only_over_the_limit() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(root.path()));
        let dir = cache.dir().unwrap().to_path_buf();
        let payload = vec![7u8; 10_000];
        for k in 0..10u128 {
            cache.put(Kind::File, k, &payload);
        }
        // Entry k was last used k hours ago.
        for k in 0..10u128 {
            let path = cache.path(Kind::File, k).unwrap();
            let f = std::fs::File::options().write(true).open(path).unwrap();
            f.set_modified(SystemTime::now() - Duration::from_secs(3600 * k as u64)).unwrap();
        }
        let untouched = sweep(&dir, 1 << 20);
        assert_eq!(untouched.removed, 0);
        let swept = sweep(&dir, 50_000);
        assert!(swept.after <= 40_000 && swept.after > 20_000, "{swept:?}");
        let kept: Vec<u128> = (0..10).filter(|&k| cache.get::<Vec<u8>>(Kind::File, k).is_some()).collect();
        assert_eq!(kept, (0..kept.len() as u128).collect::<Vec<_>>(), "the most recently used stay");
    }

    #[test]
    fn reading_an_entry_marks_it_used_once_a_day() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(root.path()));
        cache.put(Kind::File, 1, &1u8);
        let path = cache.path(Kind::File, 1).unwrap();
        let set = |age: u64| {
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(SystemTime::now() - Duration::from_secs(age)).unwrap();
        };
        let age = || std::fs::metadata(&path).unwrap().modified().unwrap().elapsed().unwrap();
        set(3 * 24 * 3600);
        assert_eq!(cache.get::<u8>(Kind::File, 1), Some(1));
        assert!(age() < Duration::from_secs(60));
        set(3600);
        cache.get::<u8>(Kind::File, 1);
        assert!(age() > Duration::from_secs(3000), "not marked again within a day");
    }

    #[test]
    fn stray_temporary_files_are_removed_once_old() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::open(Some(root.path()));
        cache.put(Kind::File, 1, &1u8);
        let bucket = cache.path(Kind::File, 1).unwrap().parent().unwrap().to_path_buf();
        let (old, new) = (bucket.join(".tmpOLD"), bucket.join(".tmpNEW"));
        std::fs::write(&old, b"half").unwrap();
        std::fs::write(&new, b"half").unwrap();
        let f = std::fs::File::options().write(true).open(&old).unwrap();
        f.set_modified(SystemTime::now() - 2 * STRAY_AFTER).unwrap();
        sweep(cache.dir().unwrap(), u64::MAX);
        assert!(!old.exists());
        assert!(new.exists(), "a writer may still be busy with it");
    }
}
