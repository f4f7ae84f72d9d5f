//! Bookmarks: places in documents with a note, kept in `bookmarks.json` in the data directory.
//!
//! A bookmark anchors to the document id, the version, the section path and a fingerprint and
//! excerpt of the paragraph — never to a line or a screen row — so it lands on the same
//! paragraph after the document is re-imported, reflowed or its file renamed
//! ([`anchor::resolve`]); one that cannot be found is shown as orphaned and kept. Every change
//! goes through [`crate::store`]: locked, merged into the latest file, written atomically.

pub mod anchor;

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::store::{self, StoreError};

/// The file name in the data directory.
pub const FILE: &str = "bookmarks.json";

/// One bookmark.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bookmark {
    /// Unique, stable across processes: time, process id and a counter.
    pub id: String,
    /// Document id.
    pub doc: String,
    /// Version id (`zh`, `en`, `zh-pdf`).
    pub version: String,
    /// The version's language (`zh`, `en`), to fall back on when the version is renamed.
    pub lang: String,
    /// Dotted path of the section (`2.1`), empty before the first heading.
    #[serde(default)]
    pub section: String,
    /// The section's headings in each language, as they were when the bookmark was made.
    #[serde(default)]
    pub headings: Headings,
    /// Fingerprint of the paragraph's text ([`crate::positions::fingerprint`]).
    pub fingerprint: String,
    /// Index of the paragraph when the bookmark was made (a hint among equal paragraphs).
    #[serde(default)]
    pub block: usize,
    /// The paragraph's first words, to find it again after small edits and to show an orphan.
    #[serde(default)]
    pub excerpt: String,
    /// The user's note.
    #[serde(default)]
    pub note: String,
    /// Seconds since 1970.
    #[serde(default)]
    pub created: u64,
    /// Seconds since 1970 of the last note edit.
    #[serde(default)]
    pub modified: u64,
}

/// A section path in both languages (`二、实施“宽带中国”工程 › (一)加快发展宽带网络`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Headings {
    /// In Chinese.
    #[serde(default)]
    pub zh: String,
    /// In English.
    #[serde(default)]
    pub en: String,
}

impl Bookmark {
    /// This anchor as a new bookmark with `note`: a fresh id, made now.
    pub fn stamped(mut self, note: &str) -> Bookmark {
        self.id = new_id();
        self.note = note.to_owned();
        self.created = crate::positions::now();
        self.modified = self.created;
        self
    }

    /// The bookmark in a few words: its section (in its own language) and note.
    pub fn place_words(&self) -> String {
        let path = if self.lang == "en" { &self.headings.en } else { &self.headings.zh };
        let path = if path.is_empty() { self.excerpt.chars().take(30).collect() } else { path.clone() };
        if self.note.is_empty() { path } else { format!("{path} — {}", self.note) }
    }
}

/// `2026-11-23` for seconds since 1970 (UTC).
pub fn date(secs: u64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BookmarkFile {
    /// File format version.
    #[serde(default = "format_version")]
    pub format: u32,
    /// The bookmarks, oldest first.
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
}

fn format_version() -> u32 {
    1
}

impl Default for BookmarkFile {
    fn default() -> BookmarkFile {
        BookmarkFile { format: format_version(), bookmarks: Vec::new() }
    }
}

/// The bookmarks after a change, and what the change found.
#[derive(Debug)]
pub struct Changed<R> {
    /// Every bookmark now on disk (this process's and every other's).
    pub bookmarks: Vec<Bookmark>,
    /// What the change returned (whether the bookmark was there, how many were added).
    pub result: R,
    /// Set when the file on disk was unreadable and has been set aside.
    pub warning: Option<String>,
}

/// A change to make to the bookmark file, as the reader asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Add this bookmark (or put a deleted one back).
    Add(Box<Bookmark>),
    /// Delete the bookmark with this id.
    Delete(String),
    /// Set the note of the bookmark with this id.
    SetNote(String, String),
    /// Read the file again (another reader may have written it).
    Reload,
}

/// Makes `change` to the file in `dir`; returns every bookmark now on disk and the warning about
/// a corrupt file, if there was one.
pub fn apply(dir: &Path, change: Change) -> Result<(Vec<Bookmark>, Option<String>), StoreError> {
    match change {
        Change::Add(b) => add(dir, *b).map(|c| (c.bookmarks, c.warning)),
        Change::Delete(id) => delete(dir, &id).map(|c| (c.bookmarks, c.warning)),
        Change::SetNote(id, note) => set_note(dir, &id, &note).map(|c| (c.bookmarks, c.warning)),
        Change::Reload => load(dir).map(|r| (r.value.bookmarks, r.warning)),
    }
}

/// A new unique id.
pub fn new_id() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    format!("{ms:x}-{:x}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Reads the bookmarks in `dir` (none when there is no file; a corrupt file is set aside and
/// reported).
pub fn load(dir: &Path) -> Result<store::Read<BookmarkFile>, StoreError> {
    store::read(dir, FILE)
}

fn change<R>(dir: &Path, f: impl FnOnce(&mut Vec<Bookmark>) -> R) -> Result<Changed<R>, StoreError> {
    let (file, result, warning) = store::update(dir, FILE, |file: &mut BookmarkFile| f(&mut file.bookmarks))?;
    Ok(Changed { bookmarks: file.bookmarks, result, warning })
}

/// Adds `b` (replacing a bookmark with the same id).
pub fn add(dir: &Path, b: Bookmark) -> Result<Changed<()>, StoreError> {
    change(dir, |all| {
        all.retain(|x| x.id != b.id);
        all.push(b);
    })
}

/// Deletes the bookmark `id`; the result says whether it was there.
pub fn delete(dir: &Path, id: &str) -> Result<Changed<Option<Bookmark>>, StoreError> {
    change(dir, |all| {
        let at = all.iter().position(|b| b.id == id)?;
        Some(all.remove(at))
    })
}

/// Sets the note of bookmark `id`; the result says whether it was there.
pub fn set_note(dir: &Path, id: &str, note: &str) -> Result<Changed<bool>, StoreError> {
    change(dir, |all| {
        let Some(b) = all.iter_mut().find(|b| b.id == id) else { return false };
        b.note = note.to_owned();
        b.modified = crate::positions::now();
        true
    })
}

/// Adds the bookmarks of `items` that are not there yet (by id); the result is how many.
pub fn import(dir: &Path, items: Vec<Bookmark>) -> Result<Changed<usize>, StoreError> {
    change(dir, |all| {
        let mut added = 0;
        for b in items {
            if !all.iter().any(|x| x.id == b.id) {
                all.push(b);
                added += 1;
            }
        }
        added
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn sample(note: &str) -> Bookmark {
        Bookmark {
            id: new_id(),
            doc: "2012-opinions-informatization-security".into(),
            version: "zh".into(),
            lang: "zh".into(),
            section: "2.1".into(),
            headings: Headings { zh: "二、实施".into(), en: "II, Implement".into() },
            fingerprint: "0123".into(),
            block: 20,
            excerpt: "加快发展宽带网络".into(),
            note: note.into(),
            created: 1,
            modified: 1,
        }
    }

    #[test]
    fn add_edit_delete_import() {
        let dir = tempfile::tempdir().unwrap();
        let a = sample("first");
        let b = sample("second");
        assert_ne!(a.id, b.id);
        add(dir.path(), a.clone()).unwrap();
        let c = add(dir.path(), b.clone()).unwrap();
        assert_eq!(c.bookmarks.len(), 2);
        assert!(set_note(dir.path(), &a.id, "changed").unwrap().result);
        assert!(!set_note(dir.path(), "nope", "x").unwrap().result);
        let d = delete(dir.path(), &b.id).unwrap();
        assert_eq!(d.result.map(|x| x.note), Some("second".to_owned()));
        assert_eq!(d.bookmarks.len(), 1);
        assert_eq!(d.bookmarks[0].note, "changed");
        let i = import(dir.path(), vec![a.clone(), b.clone()]).unwrap();
        assert_eq!(i.result, 1, "a is there already");
        assert_eq!(load(dir.path()).unwrap().value.bookmarks.len(), 2);
    }

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_795_392_000), "2026-11-23");
        assert_eq!(date(951_782_400), "2000-02-29");
    }

    #[test]
    fn ids_are_unique_within_a_process() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 1000);
    }
}
