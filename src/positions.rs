//! The last reading position of every document, saved in the user's data directory.
//!
//! A position names the version and the block by index and by a fingerprint of the block's
//! text, so it lands on the same paragraph after the document is re-imported or the block list
//! shifts. The file is kept by [`crate::store`]: atomic, locked and merged writes, and a corrupt
//! file set aside, never lost.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::app::geometry::Arrangement;
use crate::model::Version;

/// The file name in the data directory.
pub const FILE: &str = "positions.json";

/// Where one document was being read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Saved {
    /// Version id in the left pane.
    pub left: String,
    /// Version id in the right pane.
    pub right: String,
    /// The focused pane (0 left, 1 right).
    pub focus: usize,
    /// Block at the top of the focused pane.
    pub block: usize,
    /// Fingerprint of that block's text.
    pub fingerprint: String,
    /// Rows into the block.
    #[serde(default)]
    pub offset: usize,
    /// Scrolling synchronised.
    #[serde(default = "yes")]
    pub sync: bool,
    /// The arrangement asked for.
    #[serde(default = "side_by_side")]
    pub arrangement: Arrangement,
    /// Seconds since 1970 when saved.
    #[serde(default)]
    pub saved_at: u64,
}

fn yes() -> bool {
    true
}

fn side_by_side() -> Arrangement {
    Arrangement::SideBySide
}

/// All saved positions, by document id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Positions {
    /// File format version.
    #[serde(default = "format_version")]
    pub format: u32,
    /// Positions by document id.
    #[serde(default)]
    pub documents: BTreeMap<String, Saved>,
}

fn format_version() -> u32 {
    1
}

impl Default for Positions {
    fn default() -> Positions {
        Positions { format: format_version(), documents: BTreeMap::new() }
    }
}

/// A fingerprint of a block's text: stable across runs and platforms (FNV-1a), and across
/// re-imports: whitespace is left out (reflowing moves it) and full-width letters, digits and
/// punctuation count as their ASCII forms (importers and editors convert between the two).
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", fingerprint_hash(text))
}

/// The number [`fingerprint`] writes in hex.
fn fingerprint_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let folded = text.chars().filter(|c| !c.is_whitespace()).map(|c| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    });
    for c in folded {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The block of `v` nearest to `block` whose text has fingerprint `fp`, if any. The block
/// itself is tried first (its text has most often not changed): a start then fingerprints one
/// block, not all of them.
pub fn nearest_fingerprinted(v: &Version, block: usize, fp: &str) -> Option<usize> {
    // Only what `fingerprint` writes can match: 16 lower-case hex digits.
    let hex = fp.len() == 16 && fp.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let want = u64::from_str_radix(fp, 16).ok().filter(|_| hex)?;
    let is = |i: usize| fingerprint_hash(&v.blocks[i].text) == want;
    if block < v.blocks.len() && is(block) {
        return Some(block);
    }
    (0..v.blocks.len()).filter(|&i| is(i)).min_by_key(|&i| i.abs_diff(block))
}

/// The block a saved position points at in `v`: by fingerprint (nearest to the saved index if
/// the text occurs more than once), else the saved index clamped.
pub fn resolve_block(v: &Version, block: usize, fp: &str) -> usize {
    nearest_fingerprinted(v, block, fp).unwrap_or_else(|| block.min(v.blocks.len().saturating_sub(1)))
}

/// What happened when loading.
#[derive(Debug)]
pub struct Loaded {
    /// The positions (empty if there was no file or it was unreadable).
    pub positions: Positions,
    /// A message for the status line when the file was unreadable (and where the backup went).
    pub warning: Option<String>,
}

/// The data directory: `explicit` (from `--data-dir`), else `$DUIZHAO_DATA_DIR`, else the XDG
/// data directory (`~/.local/share/duizhao`).
pub fn data_dir(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("DUIZHAO_DATA_DIR").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "duizhao")
        .map_or_else(|| PathBuf::from(".duizhao"), |d| d.data_dir().to_path_buf())
}

/// Loads the positions in `dir`. A corrupt file is set aside as `positions.json.corrupt-<time>`.
pub fn load(dir: &Path) -> Loaded {
    match crate::store::read::<Positions>(dir, FILE) {
        Ok(r) => Loaded { positions: r.value, warning: r.warning.map(|w| format!("reading positions: {w}")) },
        Err(e) => Loaded { positions: Positions::default(), warning: Some(format!("reading positions: {e}")) },
    }
}

/// Saves the positions: merged, under the lock, into what is on disk, so that another duizhao
/// on the same data directory keeps the documents it read (the newer position of each wins).
pub fn save(dir: &Path, positions: &Positions) -> Result<(), crate::store::StoreError> {
    crate::store::update(dir, FILE, |disk: &mut Positions| {
        for (id, mine) in &positions.documents {
            if disk.documents.get(id).is_none_or(|theirs| theirs.saved_at <= mine.saved_at) {
                disk.documents.insert(id.clone(), mine.clone());
            }
        }
    })
    .map(|_| ())
}

/// Seconds since 1970.
pub fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Positions {
        let mut p = Positions::default();
        p.documents.insert(
            "doc".into(),
            Saved {
                left: "zh".into(),
                right: "en".into(),
                focus: 0,
                block: 12,
                fingerprint: fingerprint("一、指导思想"),
                offset: 2,
                sync: true,
                arrangement: Arrangement::SideBySide,
                saved_at: 1,
            },
        );
        p
    }

    #[test]
    fn saves_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &sample()).unwrap();
        let l = load(dir.path());
        assert_eq!(l.positions, sample());
        assert!(l.warning.is_none());
    }

    #[test]
    fn a_corrupt_file_is_kept_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), b"{\"documents\": {\"doc\": tru").unwrap();
        let l = load(dir.path());
        assert!(l.positions.documents.is_empty());
        assert!(l.warning.as_deref().unwrap().contains("kept as"));
        let backups: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
            .collect();
        assert_eq!(backups.len(), 1);
        assert_eq!(std::fs::read(backups[0].path()).unwrap(), b"{\"documents\": {\"doc\": tru");
    }

    #[test]
    fn two_readers_keep_each_others_documents() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = sample();
        save(dir.path(), &a).unwrap();
        let mut b = Positions::default();
        let mut other = a.documents["doc"].clone();
        other.saved_at = 5;
        b.documents.insert("other".into(), other.clone());
        save(dir.path(), &b).unwrap();
        // a saves again, knowing nothing of "other": it stays.
        a.documents.get_mut("doc").unwrap().block = 13;
        a.documents.get_mut("doc").unwrap().saved_at = 6;
        save(dir.path(), &a).unwrap();
        let l = load(dir.path()).positions;
        assert_eq!(l.documents["other"], other);
        assert_eq!(l.documents["doc"].block, 13);
        // An older position does not overwrite a newer one.
        let mut stale = sample();
        stale.documents.get_mut("doc").unwrap().block = 1;
        save(dir.path(), &stale).unwrap();
        assert_eq!(load(dir.path()).positions.documents["doc"].block, 13);
    }

    #[test]
    fn fingerprints_ignore_line_breaks() {
        assert_eq!(fingerprint("大力推进信息化\n发展"), fingerprint("大力推进信息化发展"));
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint("各省，国务院各部委：（一）"), fingerprint("各省,国务院各部委:(一)"));
    }

    #[test]
    fn the_nearest_block_with_the_fingerprint_is_found_saved_block_first() {
        let d = crate::import::embedded::library().unwrap();
        let v = d.documents.iter().flat_map(|d| &d.versions).max_by_key(|v| v.blocks.len()).unwrap();
        let by_string = |block: usize, fp: &str| {
            (0..v.blocks.len()).filter(|&i| fingerprint(&v.blocks[i].text) == fp).min_by_key(|&i| i.abs_diff(block))
        };
        for (block, of) in [(0, 0), (5, 5), (5, 9), (40, 3), (v.blocks.len() + 3, 7)] {
            let fp = fingerprint(&v.blocks[of].text);
            assert_eq!(nearest_fingerprinted(v, block, &fp), by_string(block, &fp), "{block} {of}");
        }
        assert_eq!(nearest_fingerprinted(v, 0, "not hex"), None);
        assert_eq!(nearest_fingerprinted(v, 0, "00000000000000000000001"), None);
    }
}
