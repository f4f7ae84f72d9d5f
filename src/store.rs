//! Durable JSON files in the data directory, shared by every duizhao running on it.
//!
//! A change is made under an exclusive lock on a side file (`NAME.lock`; the data file itself is
//! replaced on every write, so it cannot carry the lock): the latest file is read, the change is
//! applied to it, and the result is written to a temporary file, synced, and renamed over the
//! old one. Two readers open at once therefore never lose each other's changes, and a process
//! killed at any point leaves either the old file or the new one. The OS drops the lock of a
//! killed process. A file that cannot be parsed is renamed to `NAME.corrupt-<time>` and never
//! written over; the caller gets a warning to show once.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// How long to wait for another process to finish its write.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file system refused.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Another process held the lock for too long.
    #[error("{path}: still locked by another duizhao after {secs} s; nothing was written", secs = LOCK_WAIT.as_secs())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// The value could not be turned into JSON (a bug, not bad input).
    #[error("{path}: {source}")]
    Encode {
        /// The file.
        path: PathBuf,
        /// What serde said.
        source: serde_json::Error,
    },
}

/// What reading a file gave.
#[derive(Debug)]
pub struct Read<T> {
    /// The value (the default when there was no file, or it was unreadable).
    pub value: T,
    /// Set when the file was unreadable: what was wrong and where it was kept.
    pub warning: Option<String>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_path_buf(), source }
}

/// Reads `dir/name`. An absent file is the default value; one that cannot be parsed is set
/// aside as `name.corrupt-<time>` (kept, never overwritten) and reported in the warning.
pub fn read<T: DeserializeOwned + Default>(dir: &Path, name: &str) -> Result<Read<T>, StoreError> {
    let path = dir.join(name);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Read { value: T::default(), warning: None }),
        Err(e) => return Err(io(&path)(e)),
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(value) => Ok(Read { value, warning: None }),
        Err(e) => {
            let backup = set_aside(&path)?;
            let warning = format!("{} was unreadable ({e}); kept as {}", path.display(), backup.display());
            Ok(Read { value: T::default(), warning: Some(warning) })
        }
    }
}

/// Renames a corrupt file out of the way, to a name no later write will use.
fn set_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let mut n = 0;
    loop {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let backup = PathBuf::from(format!("{}.corrupt-{stamp}{suffix}", path.display()));
        if !backup.exists() {
            std::fs::rename(path, &backup).map_err(io(path))?;
            return Ok(backup);
        }
        n += 1;
    }
}

/// Applies `change` to the latest `dir/name` under the lock and writes the result atomically.
/// Returns the value as written, what `change` returned, and the warning of [`read`] if the
/// file on disk was unreadable. On error nothing on disk has changed.
pub fn update<T, R>(
    dir: &Path,
    name: &str,
    change: impl FnOnce(&mut T) -> R,
) -> Result<(T, R, Option<String>), StoreError>
where
    T: DeserializeOwned + Serialize + Default,
{
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let _lock = lock(&dir.join(format!("{name}.lock")))?;
    let Read { mut value, warning } = read::<T>(dir, name)?;
    let r = change(&mut value);
    write(dir, name, &value)?;
    Ok((value, r, warning))
}

/// Holds an exclusive lock on `path` until dropped (the OS releases it if the process dies).
fn lock(path: &Path) -> Result<File, StoreError> {
    let file = File::options().create(true).truncate(false).write(true).open(path).map_err(io(path))?;
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => return Err(StoreError::Locked { path: path.to_path_buf() }),
            Err(std::fs::TryLockError::Error(e)) => return Err(io(path)(e)),
        }
    }
}

/// Writes `value` to `dir/name` atomically: a temporary file beside it, synced, renamed over
/// the old one, and the directory synced so the rename itself survives a crash. Temporary
/// files left by a process killed mid-write are removed (the caller holds the lock, so none is
/// being written).
fn write<T: Serialize>(dir: &Path, name: &str, value: &T) -> Result<(), StoreError> {
    let path = dir.join(name);
    let json = serde_json::to_vec_pretty(value).map_err(|source| StoreError::Encode { path: path.clone(), source })?;
    let prefix = format!(".{name}.");
    remove_stale(dir, &prefix);
    let mut tmp = tempfile::Builder::new().prefix(&prefix).suffix(".tmp").tempfile_in(dir).map_err(io(dir))?;
    tmp.write_all(&json).and_then(|()| tmp.write_all(b"\n")).map_err(io(tmp.path()))?;
    tmp.as_file().sync_all().map_err(io(&path))?;
    tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
    if let Ok(d) = File::open(dir) {
        // Some file systems cannot sync a directory; the rename is still atomic there.
        let _ = d.sync_all();
    }
    Ok(())
}

fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if n.starts_with(prefix) && n.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    type Map = BTreeMap<String, u32>;

    #[test]
    fn updates_read_the_latest_file_and_write_it_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (v, (), w) = update::<Map, _>(dir.path(), "m.json", |m| {
            m.insert("a".into(), 1);
        })
        .unwrap();
        assert_eq!((v.len(), w), (1, None));
        // Another process's write in between is kept.
        std::fs::write(dir.path().join("m.json"), r#"{"a": 1, "b": 2}"#).unwrap();
        let (v, ..) = update::<Map, _>(dir.path(), "m.json", |m| {
            m.insert("c".into(), 3);
        })
        .unwrap();
        assert_eq!(v.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        let names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    }

    #[test]
    fn a_corrupt_file_is_set_aside_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        std::fs::write(&path, b"{\"a\": 1, \"b\"").unwrap();
        let (v, (), w) = update::<Map, _>(dir.path(), "m.json", |m| {
            m.insert("c".into(), 3);
        })
        .unwrap();
        assert_eq!(v.len(), 1);
        let w = w.expect("reported");
        assert!(w.contains("m.json was unreadable") && w.contains("kept as"), "{w}");
        let backup = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(".corrupt-"))
            .expect("a backup");
        assert_eq!(std::fs::read(backup).unwrap(), b"{\"a\": 1, \"b\"");
        // Reported once: the next read finds the new, valid file.
        assert!(read::<Map>(dir.path(), "m.json").unwrap().warning.is_none());
    }

    #[test]
    fn stale_temporary_files_are_cleaned_up_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".m.json.abc123.tmp"), b"half a wri").unwrap();
        update::<Map, _>(dir.path(), "m.json", |_| ()).unwrap();
        assert!(!dir.path().join(".m.json.abc123.tmp").exists());
    }

    #[test]
    fn an_unwritable_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        std::fs::write(&file, b"").unwrap();
        let e = update::<Map, _>(&file, "m.json", |_| ()).unwrap_err().to_string();
        assert!(e.contains("not-a-dir"), "{e}");
    }
}
