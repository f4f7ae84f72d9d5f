//! How far a load has got, for another thread to show while it goes on.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
    /// Asked to stop: the files not yet read are left for next time.
    stop: AtomicBool,
    /// The load has returned, done or stopped.
    ended: AtomicBool,
}

impl Progress {
    /// A progress that previews the library while a folder is imported. Which files make one
    /// document is only known once every file is read (a translation may be the last file of
    /// the folder), so until then each file is listed as a document of its own.
    pub fn previewing() -> Progress {
        Progress { preview: Some(Mutex::default()), ..Progress::default() }
    }

    /// Asks the load to stop reading files. What it has read is kept in the cache, so that the
    /// next load of the same paths starts from there: a reader that quits during the first
    /// import of a large folder does not throw minutes of work away.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Release);
    }

    /// Whether the load was asked to stop.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Acquire)
    }

    /// Marks the load as returned, and lets go of its preview: the load's result takes its
    /// place, and ten thousand files' entries, left among what the import freed, would keep its
    /// pages from going back to the system (see [`crate::import::load::release_freed_memory`]).
    pub fn end(&self) {
        self.ended.store(true, Ordering::Release);
        if let Some(p) = &self.preview {
            let held = std::mem::take(&mut *p.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            drop(held);
        }
    }

    /// Waits up to `timeout` for the load to return; whether it has.
    pub fn wait_ended(&self, timeout: Duration) -> bool {
        let until = Instant::now() + timeout;
        while !self.ended.load(Ordering::Acquire) {
            if Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    /// How many files the preview holds.
    pub fn previewed(&self) -> usize {
        self.previewed.load(Ordering::Acquire)
    }

    /// The files imported so far, each as a document of its own, in the order they were found;
    /// none once the load has ended (its result replaces any preview).
    pub fn preview(&self) -> Option<Vec<DocEntry>> {
        let p = self.preview.as_ref()?;
        let held = p.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Read under the lock `end` takes to clear the preview: never half of one.
        if self.ended.load(Ordering::Acquire) {
            return None;
        }
        Some(held.iter().flatten().cloned().collect())
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
