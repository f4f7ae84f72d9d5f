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
}
