//! The reader's state: which versions are shown, where each pane is, what has focus.
//!
//! A pane's position is a block and a row offset from that block's first row, which survives
//! re-wrapping at another width. Side by side and synchronised, both panes share one row of the
//! aligned layout; otherwise each pane scrolls through its own layout, and synchronising moves the
//! other pane to the counterpart of the focused pane's block.

use std::sync::Arc;

use super::geometry::{Arrangement, Geometry, geometry};
use crate::align::Alignment;
use crate::layout::rows::{PairLayout, PaneLayout};
use crate::model::{Document, Version};

/// A pane: 0 is left (or top), 1 is right (or bottom).
pub type Side = usize;

/// Where a pane is: the block at its top row and how many rows into that block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PanePos {
    /// Block index in the pane's version.
    pub block: usize,
    /// Rows below the block's first row.
    pub offset: usize,
}

/// What is computed from the state for the current screen size: geometry and layouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// Where things go.
    pub geometry: Geometry,
    /// Both versions side by side along the alignment (side by side and synchronised).
    pub pair: Option<PairLayout>,
    /// Each version on its own (otherwise).
    pub panes: [Option<PaneLayout>; 2],
}

/// The reader's state.
#[derive(Debug, Clone)]
pub struct ReaderState {
    /// Document index in the library.
    pub doc: usize,
    /// Version index shown in each pane (both the same when the document has one version).
    pub versions: [usize; 2],
    /// The alignment of the two versions shown (left ↔ right).
    pub alignment: Option<Arc<Alignment>>,
    /// Scroll both panes together.
    pub sync: bool,
    /// The focused pane.
    pub focus: Side,
    /// The outline has the keyboard.
    pub outline_focused: bool,
    /// The outline is shown.
    pub outline: bool,
    /// The section selected in the outline (index into the focused version's sections).
    pub outline_selected: usize,
    /// Digits typed in the outline, for jumping to a section by number.
    pub number: String,
    /// The arrangement the user asked for.
    pub arrangement: Arrangement,
    /// Each pane's position.
    pub pos: [PanePos; 2],
    /// Layouts for the current size (derived; rebuilt by [`ReaderState::relayout`]).
    pub view: View,
    /// Ambiguous-width characters are two columns.
    pub wide: bool,
    /// The current text search, if any.
    pub search: Option<super::find::SearchState>,
    /// The figures of the versions on screen (kept current by the app).
    pub figures: super::figures::FigureMarks,
    /// The screen size the view was laid out for.
    pub size: (u16, u16),
}

impl ReaderState {
    /// A reader on `doc` showing versions `left` and `right` (equal for a one-version document),
    /// not yet laid out: [`ReaderState::relayout`] does that, once the caller has set how the
    /// versions are arranged (laying out a long document is most of what opening it costs).
    pub fn new(doc: usize, left: usize, right: usize, alignment: Option<Arc<Alignment>>, wide: bool) -> ReaderState {
        let empty = geometry(80, 24, Arrangement::SideBySide, false, false);
        ReaderState {
            doc,
            versions: [left, right],
            alignment,
            sync: true,
            focus: 0,
            outline_focused: false,
            outline: false,
            outline_selected: 0,
            number: String::new(),
            arrangement: Arrangement::SideBySide,
            pos: [PanePos::default(); 2],
            view: View { geometry: empty, pair: None, panes: [None, None] },
            wide,
            search: None,
            figures: Default::default(),
            size: (80, 24),
        }
    }

    /// The document has two different versions on screen.
    pub fn two(&self) -> bool {
        self.versions[0] != self.versions[1]
    }

    /// The version shown in pane `side`.
    pub fn version<'d>(&self, d: &'d Document, side: Side) -> &'d Version {
        &d.versions[self.versions[side]]
    }

    /// The panes on screen: both, or only the focused one.
    pub fn shown(&self) -> Vec<Side> {
        if self.view.geometry.second.is_some() { vec![0, 1] } else { vec![self.focus] }
    }

    /// Rows of a pane on screen.
    pub fn height(&self) -> usize {
        self.view.geometry.first.height as usize
    }

    /// Rebuilds geometry and layouts for a screen of `size`.
    pub fn relayout(&mut self, d: &Document, size: (u16, u16)) {
        self.size = size;
        let g = geometry(size.0, size.1, self.arrangement, self.two(), self.outline);
        let mut view = View { geometry: g, pair: None, panes: [None, None] };
        let width = |r: ratatui::layout::Rect| (r.width as usize).max(1);
        match (g.arrangement, self.alignment.as_deref(), g.second) {
            (Arrangement::SideBySide, Some(al), Some(second)) if self.sync => {
                view.pair = Some(PairLayout::new(
                    self.version(d, 0),
                    self.version(d, 1),
                    al,
                    (width(g.first), width(second)),
                    self.wide,
                ));
            }
            _ => {
                let widths = [width(g.first), g.second.map_or(width(g.first), width)];
                for (side, w) in widths.into_iter().enumerate() {
                    if g.second.is_some() || side == self.focus {
                        view.panes[side] = Some(PaneLayout::new(self.version(d, side), w, self.wide));
                    }
                }
            }
        }
        self.view = view;
        self.clamp();
        if self.search.as_ref().is_some_and(|s| s.versions != self.versions) {
            self.refresh_search(d);
        }
    }

    /// Recomputes the hits of the current search in the versions on screen.
    pub fn refresh_search(&mut self, d: &Document) {
        let Some(mut s) = self.search.take() else { return };
        let sides: &[usize] = if self.two() { &[0, 1] } else { &[0] };
        s.hits = sides
            .iter()
            .flat_map(|&side| crate::search::text::find(self.version(d, side), side as u8, &s.query))
            .collect();
        s.hits.sort_unstable();
        // Reading order: by alignment link (so a hit and its counterpart's hits sit together),
        // then pane, then position.
        let key = |h: &crate::search::text::TextHit| {
            let b = h.block as usize;
            let link = self
                .alignment
                .as_deref()
                .and_then(|al| if h.side == 0 { al.link_of_left(b) } else { al.link_of_right(b) });
            (link.unwrap_or(b), h.side, h.block, h.start)
        };
        let mut order: Vec<usize> = (0..s.hits.len()).collect();
        order.sort_by_key(|&i| key(&s.hits[i]));
        s.order = order;
        s.current = None;
        s.versions = self.versions;
        self.search = Some(s);
    }

    /// The first hit (in reading order) at or after the focused pane's top, or the last one
    /// before it when going backwards.
    pub fn first_hit_from_top(&self, forward: bool) -> usize {
        let Some(s) = &self.search else { return 0 };
        let here = self.pos[self.focus].block;
        let after = |i: usize| {
            let h = &s.hits[i];
            let b = h.block as usize;
            match (self.alignment.as_deref(), h.side as usize == self.focus) {
                (_, true) => b >= here,
                (Some(al), false) => {
                    let mine = if self.focus == 0 { al.link_of_left(here) } else { al.link_of_right(here) };
                    let theirs = if h.side == 0 { al.link_of_left(b) } else { al.link_of_right(b) };
                    theirs >= mine
                }
                (None, false) => b >= here,
            }
        };
        let n = s.order.len();
        if forward {
            (0..n).find(|&k| after(s.order[k])).unwrap_or(0)
        } else {
            (0..n).rev().find(|&k| !after(s.order[k])).unwrap_or(n.saturating_sub(1))
        }
    }

    /// The row of pane `side`'s layout showing byte `byte` of block `block`.
    fn row_of_offset(&self, side: Side, block: usize, byte: u32) -> Option<usize> {
        use crate::layout::rows::Cell;
        let hit = |c: &Cell| matches!(c, Cell::Text(sp) if sp.block as usize == block && sp.start <= byte && byte < sp.end.max(sp.start + 1));
        if let Some(p) = &self.view.pair {
            let first = *(if side == 0 { &p.left_rows } else { &p.right_rows }).get(block)?;
            return (first..p.rows.len()).find(|&r| hit(if side == 0 { &p.rows[r].left } else { &p.rows[r].right }));
        }
        let l = self.view.panes[side].as_ref()?;
        let first = *l.block_rows.get(block)?;
        (first..l.rows.len()).find(|&r| hit(&l.rows[r]))
    }

    /// Scrolls so the current search hit is on screen, two rows below the top.
    pub fn reveal_current_hit(&mut self, d: &Document) {
        let Some(h) = self.search.as_ref().and_then(|s| s.current_hit()) else { return };
        self.reveal(d, h.side as usize, h.block as usize, h.start);
    }

    /// Scrolls so byte `byte` of block `block` of pane `side` is on screen, two rows below the
    /// top (focusing that pane when only one is shown).
    pub fn reveal(&mut self, d: &Document, side: Side, block: usize, byte: u32) {
        if self.view.geometry.second.is_none() && side != self.focus {
            self.focus = side;
            self.relayout_same(d);
        }
        let Some(row) = self.row_of_offset(side, block, byte) else { return };
        // Two rows of context above, but never above its own block.
        let block_start = match (&self.view.pair, &self.view.panes[side]) {
            (Some(p), _) => (if side == 0 { &p.left_rows } else { &p.right_rows }).get(block).copied(),
            (None, Some(l)) => l.block_rows.get(block).copied(),
            (None, None) => None,
        };
        self.set_row(side, row.saturating_sub(2).max(block_start.unwrap_or(0)));
        if self.view.pair.is_none() && self.sync && self.two() {
            self.sync_other(side);
        }
    }

    /// Whether byte `byte` of block `block` of pane `side` is on screen.
    pub fn on_screen(&self, side: Side, block: usize, byte: u32) -> bool {
        if !self.shown().contains(&side) {
            return false;
        }
        let top = self.top_row(side);
        self.row_of_offset(side, block, byte).is_some_and(|r| r >= top && r < top + self.height())
    }

    fn relayout_same(&mut self, d: &Document) {
        self.relayout(d, self.size);
    }

    /// The top row of pane `side` in its layout (the shared row when side by side and synced).
    pub fn top_row(&self, side: Side) -> usize {
        let p = self.pos[side];
        if let Some(pair) = &self.view.pair {
            let rows = if side == 0 { &pair.left_rows } else { &pair.right_rows };
            return rows.get(p.block).map_or(0, |r| r + p.offset);
        }
        self.view.panes[side].as_ref().map_or(0, |l| l.block_rows.get(p.block).map_or(0, |r| r + p.offset))
    }

    /// Number of rows in pane `side`'s layout.
    pub fn rows(&self, side: Side) -> usize {
        match (&self.view.pair, &self.view.panes[side]) {
            (Some(p), _) => p.rows.len(),
            (None, Some(l)) => l.rows.len(),
            (None, None) => 0,
        }
    }

    fn max_top(&self, side: Side) -> usize {
        self.rows(side).saturating_sub(self.height())
    }

    /// Puts pane `side` at `row` of its layout; with the pair layout, both panes move.
    fn set_row(&mut self, side: Side, row: usize) {
        let row = row.min(self.max_top(side));
        if let Some(pair) = &self.view.pair {
            for (s, rows) in [&pair.left_rows, &pair.right_rows].into_iter().enumerate() {
                let b = rows.partition_point(|&r| r <= row).saturating_sub(1);
                self.pos[s] = PanePos { block: b, offset: row.saturating_sub(rows.get(b).copied().unwrap_or(0)) };
            }
            return;
        }
        if let Some(l) = &self.view.panes[side] {
            let (block, _) = l.anchor_at(row);
            self.pos[side] = PanePos { block, offset: row - l.block_rows.get(block).copied().unwrap_or(0).min(row) };
        }
    }

    fn clamp(&mut self) {
        for side in self.shown() {
            let row = self.top_row(side);
            self.set_row(side, row);
        }
    }

    /// Scrolls the focused pane (both, when synchronised) by `n` rows.
    pub fn scroll(&mut self, n: isize) {
        let side = self.focus;
        let row = self.top_row(side).saturating_add_signed(n);
        self.set_row(side, row);
        if self.view.pair.is_none() && self.sync && self.two() {
            self.sync_other(side);
        }
    }

    /// Scrolls to the very top or bottom.
    pub fn scroll_to_end(&mut self, bottom: bool) {
        let side = self.focus;
        self.set_row(side, if bottom { usize::MAX } else { 0 });
        if self.view.pair.is_none() && self.sync && self.two() {
            self.sync_other(side);
        }
    }

    /// Moves the other pane to the counterpart of `side`'s top block.
    pub fn sync_other(&mut self, side: Side) {
        let Some(al) = self.alignment.as_deref() else { return };
        let other = 1 - side;
        let b = self.pos[side].block;
        let k = if side == 0 { al.link_of_left(b) } else { al.link_of_right(b) };
        let Some(k) = k else { return };
        // The link's blocks on the other side, or the last ones before it.
        let block = al.links[..=k].iter().rev().find_map(|l| {
            let r = if other == 0 { &l.left } else { &l.right };
            (!r.is_empty()).then(|| if l.left.contains(&b) || l.right.contains(&b) { r.start } else { r.end - 1 })
        });
        self.pos[other] = PanePos { block: block.unwrap_or(0), offset: 0 };
        let row = self.top_row(other);
        self.set_row(other, row);
    }

    /// Puts block `block` of pane `side` at the top (moving the other pane too when synced).
    pub fn jump_to_block(&mut self, side: Side, block: usize) {
        self.pos[side] = PanePos { block, offset: 0 };
        let row = self.top_row(side);
        self.set_row(side, row);
        if self.view.pair.is_none() && self.sync && self.two() {
            self.sync_other(side);
        }
    }

    /// The section the focused pane is in (index into the focused version's sections).
    pub fn current_section(&self, d: &Document) -> Option<usize> {
        self.version(d, self.focus).section_of(self.pos[self.focus].block)
    }

    /// The heading block to go to for a section move in the focused version.
    pub fn section_target(&self, d: &Document, forward: bool, any_level: bool) -> Option<usize> {
        let v = self.version(d, self.focus);
        let here = self.pos[self.focus];
        let level = match (any_level, self.current_section(d)) {
            (true, _) | (_, None) => 3,
            (false, Some(s)) => v.sections[s].level,
        };
        let fits = |s: &&crate::model::Section| s.level <= level;
        if forward {
            v.sections.iter().filter(fits).find(|s| s.block > here.block).map(|s| s.block)
        } else {
            // Back to the start of this section if inside it, else to the previous one.
            v.sections
                .iter()
                .filter(fits)
                .rev()
                .find(|s| s.block < here.block || (s.block == here.block && here.offset > 0))
                .map(|s| s.block)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::align;
    use crate::import::embedded;

    fn reader(doc: &str) -> (crate::model::Library, ReaderState, usize) {
        let lib = embedded::library().unwrap();
        let i = lib.documents.iter().position(|d| d.id == doc).unwrap();
        let d = &lib.documents[i];
        let (l, r) = (0, d.versions.len() - 1);
        let al = (l != r).then(|| Arc::new(align(&d.versions[l], &d.versions[r])));
        let mut st = ReaderState::new(i, l, r, al, false);
        st.relayout(d, (120, 40));
        (lib, st, i)
    }

    #[test]
    fn synced_scrolling_moves_both_panes_and_keeps_counterparts_level() {
        let (lib, mut st, i) = reader("2012-opinions-informatization-security");
        let d = &lib.documents[i];
        st.jump_to_block(0, 20);
        let pair = st.view.pair.as_ref().unwrap();
        assert_eq!(st.top_row(0), pair.left_rows[20]);
        assert_eq!(st.top_row(0), st.top_row(1));
        st.scroll(3);
        assert_eq!(st.top_row(0), st.top_row(1));
        // Resizing keeps the block at the top.
        let block = st.pos[0].block;
        st.relayout(d, (80, 24));
        assert_eq!(st.pos[0].block, block);
    }

    #[test]
    fn unsynced_panes_scroll_alone_and_resync() {
        let (lib, mut st, i) = reader("2016-informatization-strategy-outline");
        let d = &lib.documents[i];
        st.sync = false;
        st.relayout(d, (120, 40));
        st.scroll(30);
        assert_eq!(st.top_row(1), 0, "the other pane stays");
        st.sync = true;
        st.sync_other(0);
        st.relayout(d, (120, 40));
        assert_eq!(st.top_row(0), st.top_row(1));
    }

    #[test]
    fn section_moves() {
        let (lib, mut st, i) = reader("2012-opinions-informatization-security");
        let d = &lib.documents[i];
        let zh = &d.versions[st.versions[0]];
        let h1: Vec<usize> = zh.sections.iter().filter(|s| s.level == 1).map(|s| s.block).collect();
        st.jump_to_block(0, h1[1]);
        assert_eq!(st.section_target(d, true, false), Some(h1[2]), "next level-1 section");
        let next_any = st.section_target(d, true, true).unwrap();
        assert_eq!(next_any, h1[1] + 1, "next heading of any level is the first (一)");
        assert_eq!(st.section_target(d, false, false), Some(h1[0]));
    }
}
