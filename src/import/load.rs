//! Reading documents from files and folders on disk.
//!
//! A file named on the command line must import, or the command fails naming it. Inside a folder
//! (searched recursively for `*.txt`), a file that cannot be read is skipped with a warning, so
//! that one bad file does not hide a thousand good ones.

use std::path::{Path, PathBuf};

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{ImportError, ImportedFile, import_bytes, manifest};
use crate::model::Library;

/// The result of loading: the library, and the files that were skipped, with reasons.
#[derive(Debug)]
pub struct Loaded {
    /// The documents.
    pub library: Library,
    /// Files found in folders that could not be imported.
    pub skipped: Vec<ImportError>,
}

/// How far a load has got: files found and files imported so far (read by another thread to
/// show progress).
#[derive(Debug, Default)]
pub struct Progress {
    /// Files to import (known once the folders have been walked).
    pub files: AtomicUsize,
    /// Files imported (or skipped) so far.
    pub done: AtomicUsize,
}

/// Loads the given files and folders into one library.
pub fn load(paths: &[PathBuf]) -> Result<Loaded, ImportError> {
    load_with(paths, &Progress::default())
}

/// [`load`], counting the files done in `progress` as it goes.
pub fn load_with(paths: &[PathBuf], progress: &Progress) -> Result<Loaded, ImportError> {
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
    found.sort();
    found.dedup();
    found.retain(|f| !named.contains(f));
    progress.files.store(named.len() + found.len(), Ordering::Relaxed);
    let import = |p: &PathBuf| -> Result<ImportedFile, ImportError> {
        let bytes = std::fs::read(p).map_err(|e| ImportError::Io { file: p.display().to_string(), error: e })?;
        let name = p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        let r = import_bytes(&name, Some(p.clone()), &bytes);
        progress.done.fetch_add(1, Ordering::Relaxed);
        r
    };
    let mut files: Vec<ImportedFile> = named.par_iter().map(import).collect::<Result<_, _>>()?;
    let (ok, skipped): (Vec<_>, Vec<_>) = found.par_iter().map(import).partition(Result::is_ok);
    files.extend(ok.into_iter().flatten());
    let skipped = skipped.into_iter().filter_map(Result::err).collect();
    let manifest = merge_manifests(&manifests)?;
    Ok(Loaded { library: super::group::library(files, manifest.as_ref()), skipped })
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, manifests: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, files, manifests)?;
        } else if name == manifest::FILE_NAME {
            manifests.push(path);
        } else if name.to_ascii_lowercase().ends_with(".txt") {
            files.push(path);
        }
    }
    Ok(())
}

fn merge_manifests(paths: &[PathBuf]) -> Result<Option<manifest::Manifest>, ImportError> {
    let mut merged: Option<manifest::Manifest> = None;
    for p in paths {
        let shown = p.display().to_string();
        let text = std::fs::read_to_string(p).map_err(|e| ImportError::Io { file: shown.clone(), error: e })?;
        let m = manifest::parse(&shown, &text)?;
        merged.get_or_insert_with(Default::default).documents.extend(m.documents);
    }
    Ok(merged)
}
