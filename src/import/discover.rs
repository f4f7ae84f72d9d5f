//! Finding the files to import: those named, and the `*.txt` files and manifests in folders.

use std::path::{Path, PathBuf};

use super::{ImportError, manifest};

/// The files and manifests found under the paths: each file with whether it was named on the
/// command line (and so must import) or found in a folder (and may be skipped).
pub(super) struct Found {
    /// Each file, and whether it was named (rather than found in a folder).
    pub files: Vec<(PathBuf, bool)>,
    /// The manifests found in the folders.
    pub manifests: Vec<PathBuf>,
}

/// The files and manifests under `paths`; a path that does not exist or cannot be read is an
/// error naming it.
pub(super) fn discover(paths: &[PathBuf]) -> Result<Found, ImportError> {
    let mut named = Vec::new();
    let mut found = Vec::new();
    let mut manifests = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ImportError::NotFound { file: p.display().to_string() },
            _ => ImportError::Io { file: p.display().to_string(), error: e },
        })?;
        if meta.is_dir() {
            walk(p, &mut found, &mut manifests)
                .map_err(|e| ImportError::Io { file: p.display().to_string(), error: e })?;
        } else {
            named.push(p.clone());
        }
    }
    // Each folder's files are in order already; several folders may overlap.
    if paths.len() - named.len() > 1 {
        found.sort();
        found.dedup();
    }
    if !named.is_empty() {
        found.retain(|f| !named.contains(f));
    }
    let files = named.into_iter().map(|p| (p, true)).chain(found.into_iter().map(|p| (p, false))).collect();
    Ok(Found { files, manifests })
}

/// Collects the text files and manifests under `dir`, in name order at every level (so one
/// folder's files come in the order sorting their paths would give, without sorting ten
/// thousand paths).
fn walk(dir: &Path, files: &mut Vec<PathBuf>, manifests: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, files, manifests)?;
        } else if name == manifest::FILE_NAME {
            manifests.push(path);
        } else if name.to_ascii_lowercase().ends_with(".txt") {
            files.push(path);
        }
    }
    Ok(())
}
