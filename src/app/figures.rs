//! Figures in the reader: the figures of the two versions on screen, paired along their
//! alignment, in reading order; which one is selected; and the figures panel's sort and filter.

use std::sync::Arc;

use super::reader::{ReaderState, Side};
use crate::align::Alignment;
use crate::figures::check::{self, Status};
use crate::figures::{Figure, Kind};
use crate::model::Document;

/// A figure and its counterpart: one row of the figures panel, one stop of `>` / `<`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureRow {
    /// The figure's index in each pane's list (`None`: that pane has no counterpart).
    pub fig: [Option<usize>; 2],
    /// How the two compare; `None` when there is no second version to compare with.
    pub status: Option<Status>,
    /// A target when either side sets it as one.
    pub kind: Kind,
    /// The target year (left side's, else right side's).
    pub year: Option<u16>,
}

/// The figures of the versions on screen.
#[derive(Debug, Clone, Default)]
pub struct FigureMarks {
    /// The versions these were computed for.
    pub versions: [usize; 2],
    /// Each pane's figures, sorted by block and offset (the same list twice for one version).
    pub figs: [Arc<Vec<Figure>>; 2],
    /// For each figure of each pane: the row it belongs to.
    pub row_of: [Vec<usize>; 2],
    /// Every figure and counterpart, in reading order.
    pub rows: Vec<FigureRow>,
    /// The selected row: it and its counterpart light up together.
    pub selected: Option<usize>,
}

impl FigureMarks {
    /// Pairs `left` and `right` (the figures of versions `versions`) along `al`; with no
    /// alignment there is one version and nothing to compare.
    pub fn new(
        versions: [usize; 2],
        left: Arc<Vec<Figure>>,
        right: Arc<Vec<Figure>>,
        al: Option<&Alignment>,
    ) -> FigureMarks {
        let mut rows = Vec::with_capacity(left.len() + right.len());
        // Sort keys: the alignment link the figure is in, then left before right-only figures.
        let mut keys: Vec<(usize, u8, u32, u32)> = Vec::with_capacity(rows.capacity());
        let link = |side: Side, b: u32| {
            al.and_then(|a| if side == 0 { a.link_of_left(b as usize) } else { a.link_of_right(b as usize) })
                .unwrap_or(b as usize)
        };
        let Some(al) = al else {
            for (i, f) in left.iter().enumerate() {
                rows.push(FigureRow { fig: [Some(i), None], status: None, kind: f.kind, year: f.year });
            }
            let row_of = [(0..left.len()).collect(), (0..left.len()).collect()];
            return FigureMarks { versions, figs: [left.clone(), left], row_of, rows, selected: None };
        };
        let p = check::pair(&left, &right, al);
        for (i, f) in left.iter().enumerate() {
            let (status, cp) = p.left[i];
            let other = cp.map(|j| &right[j]);
            let kind = if other.is_some_and(|o| o.kind == Kind::Target) { Kind::Target } else { f.kind };
            rows.push(FigureRow {
                fig: [Some(i), cp],
                status: Some(status),
                kind,
                year: f.year.or(other.and_then(|o| o.year)),
            });
            keys.push((link(0, f.block), 0, f.block, f.start));
        }
        for (j, f) in right.iter().enumerate() {
            if p.right[j].1.is_none() {
                rows.push(FigureRow { fig: [None, Some(j)], status: Some(p.right[j].0), kind: f.kind, year: f.year });
                keys.push((link(1, f.block), 1, f.block, f.start));
            }
        }
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&k| keys[k]);
        let rows: Vec<FigureRow> = order.into_iter().map(|k| rows[k]).collect();
        let mut row_of = [vec![0; left.len()], vec![0; right.len()]];
        for (k, r) in rows.iter().enumerate() {
            for (of, fig) in row_of.iter_mut().zip(r.fig) {
                if let Some(i) = fig {
                    of[i] = k;
                }
            }
        }
        FigureMarks { versions, figs: [left, right], row_of, rows, selected: None }
    }

    /// Whether there are two versions to compare.
    pub fn checked(&self) -> bool {
        self.versions[0] != self.versions[1]
    }

    /// The figures of pane `side` in block `block`, with their indices.
    pub fn in_block(&self, side: Side, block: u32) -> impl Iterator<Item = (usize, &Figure)> {
        let figs = &self.figs[side];
        let lo = figs.partition_point(|f| f.block < block);
        figs[lo..].iter().take_while(move |f| f.block == block).enumerate().map(move |(k, f)| (lo + k, f))
    }

    /// The selected figure of pane `side`, if that pane has it.
    pub fn selected_in(&self, side: Side) -> Option<usize> {
        self.selected.and_then(|k| self.rows.get(k)).and_then(|r| r.fig[side])
    }

    /// How figure `i` of pane `side` is to be marked: its row's status and kind.
    pub fn row_for(&self, side: Side, i: usize) -> Option<&FigureRow> {
        self.row_of[side].get(i).and_then(|&k| self.rows.get(k))
    }

    /// Whether a row needs the reader's attention: a target whose translation differs or lacks it.
    pub fn flagged(row: &FigureRow) -> bool {
        row.kind == Kind::Target && matches!(row.status, Some(Status::Mismatch | Status::Missing))
    }
}

/// Where a row's figure is: the pane showing it (left first) and the figure.
pub fn anchor<'m>(m: &'m FigureMarks, row: &FigureRow) -> Option<(Side, &'m Figure)> {
    (0..2).find_map(|side| row.fig[side].map(|i| (side, &m.figs[side][i])))
}

impl ReaderState {
    /// The first target row (in reading order) at or after the focused pane's top, or the last
    /// one before it going backwards.
    pub fn first_figure_from_top(&self, forward: bool) -> Option<usize> {
        let m = &self.figures;
        let here = self.pos[self.focus].block;
        let al = self.alignment.as_deref();
        let mine = al.and_then(|a| if self.focus == 0 { a.link_of_left(here) } else { a.link_of_right(here) });
        let after = |row: &FigureRow| {
            let Some((side, f)) = anchor(m, row) else { return false };
            let b = f.block as usize;
            match (al, side == self.focus) {
                (Some(a), false) => {
                    let theirs = if side == 0 { a.link_of_left(b) } else { a.link_of_right(b) };
                    theirs >= mine
                }
                _ => b >= here,
            }
        };
        let targets = (0..m.rows.len()).filter(|&k| m.rows[k].kind == Kind::Target);
        if forward { targets.clone().find(|&k| after(&m.rows[k])) } else { targets.rev().find(|&k| !after(&m.rows[k])) }
    }

    /// Selects row `k` and scrolls it into view; a figure and its counterpart both show when
    /// the panes are not synchronised.
    pub fn select_figure(&mut self, d: &Document, k: usize) {
        self.figures.selected = Some(k);
        let Some(row) = self.figures.rows.get(k).copied() else { return };
        let Some((first, _)) = anchor(&self.figures, &row) else { return };
        // Reveal it in the focused pane when that pane has it, else in the pane that does.
        let side = if row.fig[self.focus].is_some() { self.focus } else { first };
        let Some(i) = row.fig[side] else { return };
        let (block, start) = (self.figures.figs[side][i].block, self.figures.figs[side][i].start);
        self.reveal(d, side, block as usize, start);
        // Unsynchronised panes: bring the counterpart into view too.
        let other = 1 - side;
        if !self.sync
            && self.shown().contains(&other)
            && let Some(j) = row.fig[other]
        {
            let c = &self.figures.figs[other][j];
            let (cb, cs) = (c.block as usize, c.start);
            if !self.on_screen(other, cb, cs) {
                self.reveal(d, other, cb, cs);
            }
        }
    }
}

impl super::App {
    /// The figures of version `v` of document `doc`, sorted by block and offset (cached).
    fn figure_list(&mut self, doc: usize, v: usize) -> Arc<Vec<Figure>> {
        let d = &self.library.documents[doc];
        let shelf = &self.shelf;
        self.figure_lists
            .entry((doc, v))
            .or_insert_with(|| {
                let mut figs = shelf.figures(&d.versions[v], d.year);
                figs.sort_by_key(|f| (f.block, f.start));
                Arc::new(figs)
            })
            .clone()
    }

    /// Recomputes the reader's figures when the versions on screen changed.
    pub(super) fn refresh_figures(&mut self) {
        let super::Screen::Reader(r) = &self.screen else { return };
        let (doc, versions) = (r.doc, r.versions);
        if r.figures.versions == versions && !r.figures.row_of[0].is_empty() {
            return;
        }
        let left = self.figure_list(doc, versions[0]);
        let right = self.figure_list(doc, versions[1]);
        let super::Screen::Reader(r) = &mut self.screen else { return };
        let al = if versions[0] != versions[1] { r.alignment.clone() } else { None };
        r.figures = FigureMarks::new(versions, left, right, al.as_deref());
    }
}
