//! Opening a document in the reader where it was left, and remembering where that was.

use std::sync::Arc;

use super::reader::ReaderState;
use super::{App, Screen};
use crate::align::Alignment;
use crate::positions::{Saved, fingerprint, resolve_block};

impl App {
    /// The alignment of versions `a` (left) and `b` (right) of document `doc`, cached.
    pub(crate) fn alignment(&mut self, doc: usize, a: usize, b: usize) -> Arc<Alignment> {
        if let Some(al) = self.alignments.get(&(doc, a, b)) {
            return al.clone();
        }
        let al = match self.alignments.get(&(doc, b, a)) {
            Some(flipped) => Arc::new(flipped.flipped()),
            None => {
                let d = &self.library.documents[doc];
                Arc::new(self.shelf.align(&d.versions[a], &d.versions[b]))
            }
        };
        self.alignments.insert((doc, a, b), al.clone());
        al
    }

    /// Opens document `i` in the reader, where it was last left.
    pub fn open(&mut self, i: usize) {
        if !self.fetch(i) {
            return;
        }
        self.put_back_except(&[i]);
        let Some(d) = self.library.documents.get(i) else { return };
        let saved = self.positions.documents.get(&d.id).cloned();
        let find = |id: &str| d.versions.iter().position(|v| v.id == id);
        let n = d.versions.len();
        let (mut left, mut right) = (0, n.saturating_sub(1));
        // Chinese left, English right by default: the last version is English when there is one.
        if n > 1
            && let Some(en) = d.versions.iter().position(|v| v.lang == crate::text::Lang::En)
        {
            right = en;
            left = (0..n).find(|&k| k != en).unwrap_or(0);
        }
        if let Some(s) = &saved
            && let (Some(l), Some(r)) = (find(&s.left), find(&s.right))
            && (l != r || n == 1)
        {
            (left, right) = (l, r);
        }
        let al = (left != right).then(|| self.alignment(i, left, right));
        let d = &self.library.documents[i];
        let mut r = ReaderState::new(i, left, right, al, self.settings.wide);
        if let Some(s) = saved {
            r.sync = s.sync;
            r.arrangement = s.arrangement;
            r.focus = if s.focus == 1 && left != right { 1 } else { 0 };
        }
        r.relayout(d, self.size);
        if let Some(s) = self.positions.documents.get(&d.id) {
            let f = r.focus;
            let block = resolve_block(r.version(d, f), s.block, &s.fingerprint);
            r.jump_to_block(f, block);
            let offset = s.offset;
            r.scroll(offset as isize);
        }
        self.screen = Screen::Reader(Box::new(r));
        self.refresh_figures();
    }

    /// Makes sure document `i` is held whole, fetching its blocks if only its outline is held.
    /// Says why on the status line when it cannot.
    pub(super) fn fetch(&mut self, i: usize) -> bool {
        let Some(d) = self.library.documents.get(i) else { return false };
        if !d.is_outline() {
            return true;
        }
        match self.shelf.load(d) {
            Ok(whole) => {
                self.library.documents[i] = whole;
                true
            }
            Err(e) => {
                self.message = Some(format!("cannot open {}: {e}", d.id));
                false
            }
        }
    }

    /// Drops the blocks of every document but `keep` that the shelf can fetch again, so that
    /// only what is on screen is held in memory.
    pub(super) fn put_back_except(&mut self, keep: &[usize]) {
        if !self.shelf.can_fetch() {
            return;
        }
        for (k, d) in self.library.documents.iter_mut().enumerate() {
            if !keep.contains(&k) && !d.is_outline() {
                for v in &mut d.versions {
                    v.blocks = Vec::new();
                }
            }
        }
    }

    /// Records where the open document is being read (saved to disk by the event loop).
    pub fn remember_position(&mut self) {
        let Screen::Reader(r) = &self.screen else { return };
        let d = &self.library.documents[r.doc];
        let f = r.focus;
        let v = r.version(d, f);
        let p = r.pos[f];
        let Some(block) = v.blocks.get(p.block) else { return };
        self.positions.documents.insert(
            d.id.clone(),
            Saved {
                left: r.version(d, 0).id.clone(),
                right: r.version(d, 1).id.clone(),
                focus: f,
                block: p.block,
                fingerprint: fingerprint(&block.text),
                offset: p.offset,
                sync: r.sync,
                arrangement: r.arrangement,
                saved_at: crate::positions::now(),
            },
        );
    }

    /// Shows block `block` of version `version` for one of `places` (the same place in several
    /// versions) in document `doc`, opening it if needed: in a pane that shows one of those
    /// versions (the focused one first), else carried over by alignment to the focused pane.
    /// Returns whether it got there.
    pub(super) fn go_to(&mut self, doc: usize, places: &[(usize, usize)]) -> bool {
        let here = matches!(&self.screen, Screen::Reader(r) if r.doc == doc);
        if !here {
            self.remember_position();
            self.open(doc);
        }
        let Screen::Reader(r) = &self.screen else { return false };
        let (shown, focus) = (r.versions, r.focus);
        let direct = [focus, 1 - focus]
            .into_iter()
            .find_map(|side| places.iter().find(|p| p.0 == shown[side]).map(|p| (side, p.1)));
        let target = direct.or_else(|| {
            // None of the versions is on screen (say the PDF): carry the place over by alignment.
            let &(v, b) = places.first()?;
            let al = self.alignment(doc, v, shown[focus]);
            crate::bookmarks::anchor::counterpart(&al, b).map(|b| (focus, b))
        });
        let Screen::Reader(r) = &mut self.screen else { return false };
        let Some((side, block)) = target else { return false };
        r.jump_to_block(side, block);
        true
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::app::Settings;
    use crate::bookmarks::anchor::Resolved;
    use crate::cache::Cache;
    use crate::cache::shelf::Shelf;
    use crate::import::{embedded, load};
    use crate::ui::testing::{press, press_in, type_text};

    /// The app on a folder of the shipped files, read as a large folder is: outlines only.
    fn outlined(dir: &std::path::Path) -> App {
        let docs = dir.join("docs");
        std::fs::create_dir(&docs).unwrap();
        for (name, bytes) in embedded::files() {
            std::fs::write(docs.join(name), bytes).unwrap();
        }
        let cache = Cache::open(Some(&dir.join("cache")));
        let loaded = load::load_with(&[docs], &load::Progress::default(), &cache, load::Depth::Outline).unwrap();
        assert!(loaded.library.documents.iter().all(|d| d.is_outline()));
        let shelf = Arc::new(Shelf::new(cache, Some(loaded.catalog)).with_outlines(loaded.outlines));
        let keymap = crate::keymap::Keymap::default_keymap();
        App::on_shelf(loaded.library, keymap, Settings::default(), Default::default(), (120, 40), shelf)
    }

    fn whole(a: &App) -> Vec<usize> {
        (0..a.library.documents.len()).filter(|&k| !a.library.documents[k].is_outline()).collect()
    }

    #[test]
    fn only_the_document_on_screen_is_held_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = outlined(dir.path());
        assert_eq!(whole(&a), Vec::<usize>::new());
        press(&mut a, "<Enter>");
        assert_eq!(whole(&a), vec![0]);
        press(&mut a, "L j <Enter>");
        assert_eq!(whole(&a), vec![1]);
        let Screen::Reader(r) = &a.screen else { panic!("not reading") };
        assert_eq!(r.doc, 1);
    }

    #[test]
    fn the_jump_popup_searches_documents_not_yet_opened() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = outlined(dir.path());
        press(&mut a, ":");
        type_text(&mut a, "kuandai zhongguo");
        press(&mut a, "<Enter>");
        let Screen::Reader(r) = &a.screen else { panic!("not reading: {:?}", a.message) };
        let d = &a.library.documents[r.doc];
        let text = &r.version(d, r.focus).blocks[r.pos[r.focus].block].text;
        assert!(text.contains("宽带中国") || text.contains("Broadband China"), "{text}");
    }

    #[test]
    fn the_index_built_in_the_background_is_taken_unless_one_was_built() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = outlined(dir.path());
        let index = Arc::new(a.shelf.index(&a.library));
        assert!(!index.entries.is_empty());
        a.indexed(index.clone());
        assert!(a.index.as_ref().is_some_and(|i| Arc::ptr_eq(i, &index)));
        a.indexed(Arc::new(crate::search::jump::Index::default()));
        assert!(a.index.as_ref().is_some_and(|i| Arc::ptr_eq(i, &index)), "kept the first");
        press(&mut a, ":");
        type_text(&mut a, "kdzg");
        press(&mut a, "<Enter>");
        assert!(matches!(a.screen, Screen::Reader(_)));
    }

    #[test]
    fn bookmarks_in_documents_put_back_still_resolve_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = outlined(dir.path());
        press_in(&mut a, dir.path(), "j <Enter> ] ] m <Enter>");
        assert_eq!(a.bookmarks.len(), 1);
        press_in(&mut a, dir.path(), "L j j <Enter> '");
        let Some(super::super::Popup::Bookmarks(list)) = &a.popup else { panic!("no list") };
        assert!(matches!(list.rows[0].1, Resolved::Exact(_)), "{:?}", list.rows[0].1);
        // The bookmarked document was fetched to find the place, and put back.
        let Screen::Reader(r) = &a.screen else { panic!("not reading") };
        assert_ne!(r.doc, 1);
        assert_eq!(whole(&a), vec![r.doc]);
    }
}
