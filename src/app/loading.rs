//! A folder imported in the background: a preview of its library while its files are read,
//! and the library itself once they all are.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{App, LibraryState, Opened, Screen};
use crate::cache::Cache;
use crate::cache::catalog::Catalog;
use crate::cache::shelf::Shelf;
use crate::import::load::Progress;
use crate::keymap::Action;
use crate::model::{Document, Library};

/// How often the preview is made again: often enough to watch it grow, seldom enough that
/// listing ten thousand files again and again costs the import little.
const REFRESH: Duration = Duration::from_millis(400);

/// A preview of the library, ready to go on screen.
type Preview = (Library, Arc<Shelf>);

/// A folder being imported in the background.
#[derive(Debug)]
pub struct Loading {
    /// Files found and files imported so far.
    pub progress: Arc<Progress>,
    /// The latest preview, made on a thread of its own (listing ten thousand files takes tens
    /// of milliseconds that keys should not wait for).
    ready: Arc<Mutex<Option<Preview>>>,
    /// The first file of a document opened while it was only previewed: it opens when the
    /// library is in.
    wanted: Option<FileKey>,
}

impl Loading {
    /// Follows the import `progress` reports, previewing its library until this is dropped.
    pub fn new(progress: Arc<Progress>) -> Loading {
        let ready = Arc::new(Mutex::new(None));
        let (slot, p) = (Arc::downgrade(&ready), progress.clone());
        std::thread::spawn(move || previews(&p, &slot));
        Loading { progress, ready, wanted: None }
    }
}

/// Makes a preview whenever files came in since the last, until nobody wants one.
fn previews(progress: &Progress, slot: &std::sync::Weak<Mutex<Option<Preview>>>) {
    let mut shown = 0;
    let mut wait = Duration::from_millis(20);
    loop {
        std::thread::sleep(wait);
        let Some(ready) = slot.upgrade() else { return };
        if progress.previewed() == shown {
            continue;
        }
        let Some(entries) = progress.preview() else { return };
        shown = entries.len();
        let library = Library { documents: entries.iter().map(|e| e.outline(None)).collect() };
        // A catalog of the preview gives each document its number of sections.
        let shelf = Arc::new(Shelf::new(Cache::off(), Some(Catalog::new(vec![], vec![], entries))));
        // A preview nobody took yet is dropped here, not on the thread that draws.
        let stale = ready.lock().unwrap_or_else(std::sync::PoisonError::into_inner).replace((library, shelf));
        drop(stale);
        wait = REFRESH;
    }
}

/// A file, as named by its document's versions: path (or name, for embedded documents).
type FileKey = (Option<std::path::PathBuf>, String);

/// The first file of document `d`.
fn first_file(d: &Document) -> Option<FileKey> {
    d.versions.first().map(|v| (v.source.path.clone(), v.source.name.clone()))
}

/// The document holding file `f`.
fn holding(library: &Library, f: &FileKey) -> Option<usize> {
    library.documents.iter().position(|d| d.versions.iter().any(|v| v.source.path == f.0 && v.source.name == f.1))
}

impl App {
    /// Files imported and files to import, while a folder is being imported.
    pub fn progress(&self) -> Option<(usize, usize)> {
        use std::sync::atomic::Ordering;
        let p = &self.loading.as_ref()?.progress;
        Some((p.done.load(Ordering::Relaxed), p.files.load(Ordering::Relaxed)))
    }

    /// Puts the latest preview of the library on screen, if there is a new one. Returns
    /// whether it did.
    pub fn preview(&mut self) -> bool {
        let Some(l) = &self.loading else { return false };
        let Some((library, shelf)) = l.ready.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() else {
            return false;
        };
        let selected = self.selected_file();
        self.swap_library(library, shelf, || {});
        if let Screen::Library(state) = &mut self.screen {
            state.selected = selected.and_then(|f| holding(&self.library, &f)).unwrap_or(0);
        }
        true
    }

    /// Puts `library` and `shelf` in place of those shown, and frees those off the thread that
    /// draws (ten thousand documents take milliseconds the next key should not wait for); `then`
    /// runs once they are freed.
    fn swap_library(&mut self, library: Library, shelf: Arc<Shelf>, then: fn()) {
        let old = (std::mem::replace(&mut self.library, library), std::mem::replace(&mut self.shelf, shelf));
        std::thread::spawn(move || {
            drop(old);
            then();
        });
    }

    /// The first file of the document selected in the library.
    fn selected_file(&self) -> Option<FileKey> {
        let Screen::Library(l) = &self.screen else { return None };
        self.library.documents.get(l.selected).and_then(first_file)
    }

    /// What an action does while the library is only a preview: moving about works, opening a
    /// document waits for the library, and what needs the whole library says so.
    pub(super) fn update_while_loading(&mut self, action: Action) {
        match action {
            Action::Open => {
                let Screen::Library(l) = &self.screen else { return };
                let Some(doc) = self.library.documents.get(l.selected) else { return };
                let file = first_file(doc);
                let name = doc.title.zh.as_deref().or(doc.title.en.as_deref()).unwrap_or(&doc.id).to_owned();
                if let Some(l) = &mut self.loading {
                    l.wanted = file;
                }
                self.message = Some(format!("{name}: opens as soon as the folder is read"));
            }
            Action::Down
            | Action::Up
            | Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Top
            | Action::Bottom => self.update_library(action),
            _ => self.message = Some("still reading the folder: that works once every file is read".to_owned()),
        }
    }

    /// The background import has finished: its documents replace the preview, the document
    /// selected in it stays selected, and a document asked for meanwhile (or the only one)
    /// opens.
    pub fn loaded(&mut self, result: Result<Opened, String>) {
        let wanted = self.loading.take().and_then(|l| l.wanted);
        let selected = self.selected_file();
        match result {
            Ok(opened) => {
                // The memory the preview held is given back at once: the jump index is being
                // built meanwhile and would otherwise raise the peak by as much.
                self.swap_library(opened.library, opened.shelf, crate::import::load::release_freed_memory);
                self.index = None;
                self.index_coming = opened.index_follows;
                self.alignments.clear();
                self.figure_lists.clear();
                let keep = selected.and_then(|f| holding(&self.library, &f)).unwrap_or(0);
                self.screen = Screen::Library(LibraryState { selected: keep });
                self.message = None;
                if opened.skipped > 0 {
                    self.message = Some(format!("{} files skipped: they could not be imported", opened.skipped));
                }
                if let Some(doc) = wanted.and_then(|f| holding(&self.library, &f)) {
                    self.open(doc);
                } else if self.library.documents.len() == 1 {
                    self.open(0);
                }
            }
            Err(e) => {
                self.library = Library::default();
                self.shelf = Arc::default();
                self.screen = Screen::Library(LibraryState::default());
                self.message = Some(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Settings;
    use crate::import::{embedded, load};
    use crate::ui::testing::{draw, press, rows};
    use std::time::Instant;

    /// The shipped files in a folder, read with a preview, and an app that is still importing
    /// them: what the reader sees before the import ends, and what arrives when it does.
    fn importing(dir: &std::path::Path) -> (App, Opened) {
        let docs = dir.join("docs");
        std::fs::create_dir(&docs).unwrap();
        for (name, bytes) in embedded::files() {
            std::fs::write(docs.join(name), bytes).unwrap();
        }
        let cache = Cache::open(Some(&dir.join("cache")));
        let progress = Arc::new(Progress::previewing());
        let l = load::load_with(&[docs], &progress, &cache, load::Depth::Outline).unwrap();
        let shelf = Arc::new(Shelf::new(cache, Some(l.catalog)).with_outlines(l.outlines));
        let opened = Opened { library: l.library, skipped: 0, shelf, index_follows: false };
        let keymap = crate::keymap::Keymap::default_keymap();
        let mut a = App::sized(Library::default(), keymap, Settings::default(), Default::default(), (120, 40));
        a.loading = Some(Loading::new(progress));
        (a, opened)
    }

    /// Waits for the preview thread's first preview, and puts it on screen.
    fn previewed(a: &mut App) {
        let start = Instant::now();
        while !a.preview() {
            assert!(start.elapsed() < Duration::from_secs(10), "no preview");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn each_file_is_listed_until_the_library_is_in() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, opened) = importing(dir.path());
        previewed(&mut a);
        assert!(!a.preview(), "nothing new to show");
        // Five files; the English translation with the Chinese appended and the Chinese PDF
        // text are one document in the library, two entries until then.
        assert_eq!(a.library.documents.len(), embedded::files().len());
        assert_eq!(opened.library.documents.len(), embedded::files().len() - 1);
        let text = rows(&draw(&a)).join("\n");
        assert!(text.contains("Read all 5 files"), "{text}");
        assert!(text.contains("国家信息化发展战略纲要"), "{text}");
        assert!(text.contains("36 sections"), "section counts come from the preview's catalog: {text}");
    }

    #[test]
    fn a_document_opened_from_the_preview_opens_when_the_library_is_in() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, opened) = importing(dir.path());
        previewed(&mut a);
        // The third file is the Chinese PDF text of the 2012 Opinions.
        press(&mut a, "j j");
        let wanted = a.library.documents[2].versions[0].source.name.clone();
        assert!(wanted.contains("pdf"), "{wanted}");
        press(&mut a, "<Enter>");
        assert!(matches!(a.screen, Screen::Library(_)), "nothing opens before the library is in");
        assert!(a.message.as_deref().is_some_and(|m| m.contains("opens as soon as")), "{:?}", a.message);
        a.loaded(Ok(opened));
        let Screen::Reader(r) = &a.screen else { panic!("not reading: {:?}", a.message) };
        let d = &a.library.documents[r.doc];
        assert!(d.versions.iter().any(|v| v.source.name == wanted));
        assert_eq!(d.versions.len(), 3, "the PDF text joined the bilingual file");
        assert_eq!(a.message, None);
    }

    #[test]
    fn the_selection_stays_on_its_file_and_only_moving_works_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, opened) = importing(dir.path());
        previewed(&mut a);
        press(&mut a, "j j j");
        let name = a.library.documents[3].versions[0].source.name.clone();
        press(&mut a, ":");
        assert!(a.popup.is_none(), "no jump before the library is in");
        assert!(a.message.as_deref().is_some_and(|m| m.contains("once every file is read")));
        a.loaded(Ok(opened));
        let Screen::Library(l) = &a.screen else { panic!("not the library") };
        let d = &a.library.documents[l.selected];
        assert!(d.versions.iter().any(|v| v.source.name == name), "{name} not in {}", d.id);
        press(&mut a, ":");
        assert!(a.popup.is_some(), "jump works once the library is in");
    }

    #[test]
    fn a_failed_import_clears_the_preview() {
        let dir = tempfile::tempdir().unwrap();
        let (mut a, _) = importing(dir.path());
        previewed(&mut a);
        a.loaded(Err("no documents found in x".into()));
        assert!(a.library.documents.is_empty());
        assert_eq!(a.message.as_deref(), Some("no documents found in x"));
    }
}
