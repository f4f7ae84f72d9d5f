//! Opening a document in the reader where it was left, and remembering where that was.

use std::sync::Arc;

use super::reader::ReaderState;
use super::{App, Screen};
use crate::align::{Alignment, align};
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
                Arc::new(align(&d.versions[a], &d.versions[b]))
            }
        };
        self.alignments.insert((doc, a, b), al.clone());
        al
    }

    /// Opens document `i` in the reader, where it was last left.
    pub fn open(&mut self, i: usize) {
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
        let mut r = ReaderState::new(i, d, left, right, al, self.settings.wide);
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
