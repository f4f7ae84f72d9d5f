//! Bookmarks in the reader: `m` adds one (with a note typed on the status line), `'` / `B` list
//! them; in the list Enter goes there, `d` deletes, `u` brings the last one deleted back, `e`
//! edits the note.
//!
//! The app does no I/O: each change becomes an [`Change`] that the event loop carries out
//! against the bookmark file, handing the file's new contents back through
//! [`App::bookmarks_stored`] — so another reader's bookmarks appear as soon as either writes.

use super::{App, Popup, Prompt, PromptFor, Screen};
use crate::bookmarks::anchor::{self, Resolved};
use crate::bookmarks::{Bookmark, Change};
use crate::keymap::Action;

/// The bookmark list's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookmarkList {
    /// The highlighted row.
    pub selected: usize,
    /// The bookmarks in list order (indices into `App::bookmarks`) with where each lands now.
    pub rows: Vec<(usize, Resolved)>,
    /// The last bookmark deleted, for `u`.
    pub deleted: Option<Bookmark>,
}

impl App {
    /// `m`: asks for a note for a bookmark at the focused pane's reading position.
    pub(super) fn start_bookmark(&mut self) {
        let Screen::Reader(r) = &self.screen else { return };
        let (doc, f) = (r.doc, r.focus);
        let (v, block) = (r.versions[f], r.pos[f].block);
        // The same place in a version in the other language, for the headings in both.
        let d = &self.library.documents[doc];
        let lang = d.versions[v].lang;
        let other = r.versions.into_iter().chain(0..d.versions.len()).find(|&w| d.versions[w].lang != lang);
        let cp = other.and_then(|w| anchor::counterpart(&self.alignment(doc, v, w), block).map(|b| (w, b)));
        let d = &self.library.documents[doc];
        let b = anchor::make(d, v, block, cp.map(|(w, b)| (&d.versions[w], b)));
        self.prompt = Some(Prompt { purpose: PromptFor::NewBookmark(Box::new(b)), ..Prompt::default() });
    }

    /// Enter in a note prompt: saves the bookmark or the edited note.
    pub(super) fn finish_note(&mut self, purpose: PromptFor, note: String) {
        let note = note.trim().to_owned();
        match purpose {
            PromptFor::NewBookmark(b) => {
                let b = Box::new(b.stamped(&note));
                self.message = Some(format!("bookmarked: {}", b.place_words()));
                self.effects.push(Change::Add(b));
            }
            PromptFor::EditNote(id) => {
                self.message = Some(if note.is_empty() { "note removed".into() } else { "note saved".into() });
                self.effects.push(Change::SetNote(id, note));
            }
            PromptFor::Search => {}
        }
    }

    /// `'` / `B`: the list of every bookmark, fresh from the file (filled in when the file has
    /// been read, see [`App::bookmarks_stored`]).
    pub(super) fn open_bookmarks(&mut self) {
        self.effects.push(Change::Reload);
        self.popup = Some(Popup::Bookmarks(Box::default()));
    }

    /// The event loop's report of a change: the file's contents now, or what went wrong.
    pub fn bookmarks_stored(&mut self, result: Result<(Vec<Bookmark>, Option<String>), String>) {
        match result {
            Ok((all, warning)) => {
                self.bookmarks = all;
                if warning.is_some() {
                    self.message = warning;
                }
            }
            Err(e) => self.message = Some(format!("bookmarks not saved: {e}")),
        }
        // Even when the file could not be read, list what this reader knows.
        self.refresh_bookmark_list();
    }

    /// Re-sorts and re-resolves the open list. The first time, the cursor goes to the open
    /// document's first bookmark; after that it stays on the same bookmark.
    fn refresh_bookmark_list(&mut self) {
        if !matches!(self.popup, Some(Popup::Bookmarks(_))) {
            return;
        }
        // Bookmarks are found by their paragraphs, so their documents are fetched whole for
        // the moment, and put back after.
        let docs: Vec<usize> =
            self.bookmarks.iter().filter_map(|b| self.library.documents.iter().position(|d| d.id == b.doc)).collect();
        for &d in &docs {
            self.fetch(d);
        }
        let Some(Popup::Bookmarks(list)) = &mut self.popup else { return };
        let start = list.rows.is_empty();
        let keep = list.rows.get(list.selected).and_then(|&(i, _)| self.bookmarks.get(i)).map(|b| b.id.clone());
        let mut rows: Vec<(usize, Resolved)> =
            self.bookmarks.iter().enumerate().map(|(i, b)| (i, anchor::resolve(&self.library, b))).collect();
        // By document, then position; orphans last, newest first.
        rows.sort_by_key(|&(i, r)| match r.place() {
            Some(p) => (0, p.doc, p.version, p.block, 0),
            None => (1, 0, 0, 0, u64::MAX - self.bookmarks[i].created),
        });
        let here = match &self.screen {
            Screen::Reader(r) => Some(r.doc),
            Screen::Library(_) => None,
        };
        list.selected = if start {
            rows.iter().position(|(_, r)| r.place().map(|p| p.doc) == here && here.is_some()).unwrap_or(0)
        } else {
            keep.and_then(|id| rows.iter().position(|&(i, _)| self.bookmarks[i].id == id))
                .unwrap_or(list.selected)
                .min(rows.len().saturating_sub(1))
        };
        list.rows = rows;
        self.put_back_except(&here.into_iter().collect::<Vec<_>>());
    }

    /// What an action does while the list is open.
    pub(super) fn update_bookmarks(&mut self, action: Action) {
        let Some(Popup::Bookmarks(list)) = &mut self.popup else { return };
        let n = list.rows.len();
        let page = (self.size.1.saturating_sub(4) as usize / 4).max(1);
        let chosen = list.rows.get(list.selected).and_then(|&(i, r)| self.bookmarks.get(i).map(|b| (b.clone(), r)));
        match action {
            Action::Down => list.selected = (list.selected + 1).min(n.saturating_sub(1)),
            Action::Up => list.selected = list.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => list.selected = (list.selected + page).min(n.saturating_sub(1)),
            Action::PageUp | Action::HalfPageUp => list.selected = list.selected.saturating_sub(page),
            Action::Top => list.selected = 0,
            Action::Bottom => list.selected = n.saturating_sub(1),
            Action::DeleteBookmark => {
                let Some((b, _)) = chosen else { return };
                let undo = self.keymap.hint(crate::keymap::Mode::Bookmarks, Action::UndoDelete);
                self.message = Some(format!("deleted: {} ({undo} brings it back)", b.place_words()));
                self.effects.push(Change::Delete(b.id.clone()));
                list.deleted = Some(b);
            }
            Action::UndoDelete => match list.deleted.take() {
                Some(b) => {
                    self.message = Some(format!("restored: {}", b.place_words()));
                    self.effects.push(Change::Add(Box::new(b)));
                }
                None => self.message = Some("nothing to bring back".into()),
            },
            Action::EditNote => {
                let Some((b, _)) = chosen else { return };
                self.prompt =
                    Some(Prompt { input: b.note.clone(), purpose: PromptFor::EditNote(b.id), ..Prompt::default() });
            }
            Action::Open => {
                let Some((b, r)) = chosen else { return };
                let Some(p) = r.place() else {
                    let Resolved::Orphan(why) = r else { return };
                    self.message = Some(format!("cannot find this bookmark: {why}; it is kept"));
                    return;
                };
                self.popup = None;
                if self.go_to(p.doc, &[(p.version, p.block)]) {
                    let how = if r.label().is_empty() { String::new() } else { format!(" ({})", r.label()) };
                    self.message = Some(format!("{}{how}", b.place_words()));
                }
            }
            Action::Close | Action::Bookmarks => self.popup = None,
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Settings;
    use crate::ui::testing::{app, press_in, type_text};

    fn list(a: &App) -> BookmarkList {
        match &a.popup {
            Some(Popup::Bookmarks(l)) => (**l).clone(),
            p => panic!("no bookmark list: {p:?}"),
        }
    }

    fn reading(a: &App) -> (usize, usize, usize) {
        match &a.screen {
            Screen::Reader(r) => (r.doc, r.versions[r.focus], r.pos[r.focus].block),
            Screen::Library(_) => panic!("not reading"),
        }
    }

    #[test]
    fn m_with_a_note_saves_a_bookmark_anchored_in_both_languages() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app((120, 40), Settings::default(), "");
        press_in(&mut a, dir.path(), "j <Enter> ] ] } m");
        assert_eq!(a.mode(), crate::keymap::Mode::Prompt);
        type_text(&mut a, "check 2.5亿");
        press_in(&mut a, dir.path(), "<Enter>");
        assert_eq!(a.bookmarks.len(), 1);
        let b = &a.bookmarks[0];
        assert_eq!(
            (b.doc.as_str(), b.version.as_str(), b.section.as_str()),
            ("2012-opinions-informatization-security", "zh", "2.1")
        );
        assert_eq!(b.note, "check 2.5亿");
        assert!(b.headings.en.contains("(1) Accelerate the development of broadband networks"), "{:?}", b.headings);
        assert!(a.message.as_deref().unwrap_or("").starts_with("bookmarked: 二、实施"), "{:?}", a.message);
        let on_disk = crate::bookmarks::load(dir.path()).unwrap().value.bookmarks;
        assert_eq!(on_disk, a.bookmarks, "the change is on disk");
        // Esc cancels: nothing is added.
        press_in(&mut a, dir.path(), "m <Esc>");
        assert_eq!(crate::bookmarks::load(dir.path()).unwrap().value.bookmarks.len(), 1);
    }

    #[test]
    fn the_list_goes_deletes_undoes_and_edits() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app((120, 40), Settings::default(), "");
        // One bookmark in the 2012 Opinions, one in the 2016 Outline; read elsewhere meanwhile.
        press_in(&mut a, dir.path(), "j <Enter> ] ] } m <Enter>");
        let opinions = reading(&a);
        press_in(&mut a, dir.path(), "L j j <Enter> ] ] ] m <Enter>");
        let outline = reading(&a);
        press_in(&mut a, dir.path(), "g");
        press_in(&mut a, dir.path(), "'");
        let l = list(&a);
        assert_eq!(l.rows.len(), 2);
        assert_eq!(l.selected, 1, "the open document's bookmark first under the cursor");
        // Enter on the other document's bookmark opens it there.
        press_in(&mut a, dir.path(), "k <Enter>");
        assert!(a.popup.is_none());
        assert_eq!(reading(&a), opinions);
        press_in(&mut a, dir.path(), "B j <Enter>");
        assert_eq!(reading(&a), outline);
        // d deletes (on disk), u brings it back, e edits the note.
        press_in(&mut a, dir.path(), "B d");
        assert_eq!(crate::bookmarks::load(dir.path()).unwrap().value.bookmarks.len(), 1);
        assert_eq!(list(&a).rows.len(), 1);
        press_in(&mut a, dir.path(), "u");
        assert_eq!(crate::bookmarks::load(dir.path()).unwrap().value.bookmarks.len(), 2);
        press_in(&mut a, dir.path(), "G e");
        type_text(&mut a, "later");
        press_in(&mut a, dir.path(), "<Enter>");
        let l = list(&a);
        let noted = &a.bookmarks[l.rows[l.selected].0];
        assert_eq!(noted.note, "later");
        assert_eq!(
            crate::bookmarks::load(dir.path()).unwrap().value.bookmarks.iter().filter(|b| b.note == "later").count(),
            1
        );
    }

    #[test]
    fn another_readers_bookmarks_appear_and_orphans_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app((120, 40), Settings::default(), "");
        let mut other = crate::bookmarks::tests::sample("from the other reader");
        other.doc = "a-document-not-open".into();
        crate::bookmarks::add(dir.path(), other.clone()).unwrap();
        press_in(&mut a, dir.path(), "'");
        let l = list(&a);
        assert_eq!(l.rows.len(), 1, "read from the file when the list opens");
        assert_eq!(l.rows[0].1, Resolved::Orphan("document not open"));
        press_in(&mut a, dir.path(), "<Enter>");
        assert!(a.message.as_deref().unwrap_or("").contains("it is kept"), "{:?}", a.message);
        assert!(matches!(a.popup, Some(Popup::Bookmarks(_))));
        assert_eq!(crate::bookmarks::load(dir.path()).unwrap().value.bookmarks, vec![other]);
    }

    #[test]
    fn a_failed_write_is_reported_and_nothing_is_lost_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("file-not-dir");
        std::fs::write(&blocked, b"").unwrap();
        let mut a = app((120, 40), Settings::default(), "");
        press_in(&mut a, &blocked, "j <Enter> m <Enter>");
        assert!(a.message.as_deref().unwrap_or("").starts_with("bookmarks not saved:"), "{:?}", a.message);
    }
}
