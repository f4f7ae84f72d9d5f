//! How far a load has got, for another thread to show while it goes on.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::cache::catalog::DocEntry;

/// How far a load has got: files found and files imported so far (read by another thread to
/// show progress), and, when asked for, a preview of the library.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files to import (known once the folders have been walked).
    pub files: AtomicUsize,
    /// Files imported (or skipped) so far.
    pub done: AtomicUsize,
    /// Each file imported so far as a document of its own, by its place among the files found.
    preview: Option<Mutex<Vec<Option<DocEntry>>>>,
    /// How many files `preview` holds.
    previewed: AtomicUsize,
}

impl Progress {
    /// A progress that previews the library while a folder is imported. Which files make one
    /// document is only known once every file is read (a translation may be the last file of
    /// the folder), so until then each file is listed as a document of its own.
    pub fn previewing() -> Progress {
        Progress { preview: Some(Mutex::default()), ..Progress::default() }
    }

    /// How many files the preview holds.
    pub fn previewed(&self) -> usize {
        self.previewed.load(Ordering::Acquire)
    }

    /// The files imported so far, each as a document of its own, in the order they were found.
    pub fn preview(&self) -> Vec<DocEntry> {
        let Some(p) = &self.preview else { return vec![] };
        let held = p.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        held.iter().flatten().cloned().collect()
    }

    /// Adds file number `i` of `of` to the preview (`entry` makes it, only if there is one).
    pub(super) fn show(&self, i: usize, of: usize, entry: impl FnOnce() -> DocEntry) {
        let Some(p) = &self.preview else { return };
        let entry = entry();
        let mut held = p.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if held.len() < of {
            held.resize(of, None);
        }
        if let Some(slot) = held.get_mut(i) {
            *slot = Some(entry);
            self.previewed.fetch_add(1, Ordering::Release);
        }
    }
}
