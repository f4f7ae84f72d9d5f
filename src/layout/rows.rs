//! Screen rows for versions: one version alone ([`PaneLayout`]) or two aligned side by side
//! ([`PairLayout`]), where each alignment link becomes a band as tall as its taller side, so a
//! paragraph and its translation start on the same row. Blank rows separate blocks.

use super::wrap::wrap;
use crate::align::Alignment;
use crate::model::Version;

/// One wrapped line of a block: which block, which bytes of its text, how wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Block index in the version.
    pub block: u32,
    /// Line number within the block (0 = first line).
    pub line: u32,
    /// Start byte in the block's text.
    pub start: u32,
    /// End byte in the block's text.
    pub end: u32,
}

/// What one pane shows on one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Nothing.
    Blank,
    /// A line of a block.
    Text(Span),
    /// The first row of a band whose blocks on the other side have no counterpart here.
    Missing,
}

/// The wrapped lines of every block of a version at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// Lines per block.
    pub blocks: Vec<Vec<Span>>,
}

/// Wraps every block of `v` to `width` columns.
pub fn wrap_version(v: &Version, width: usize, wide: bool) -> Wrapped {
    let blocks = v
        .blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            wrap(&block.text, width, wide)
                .into_iter()
                .enumerate()
                .map(|(k, l)| Span { block: b as u32, line: k as u32, start: l.start as u32, end: l.end as u32 })
                .collect()
        })
        .collect();
    Wrapped { blocks }
}

/// One version alone: its blocks one after another, a blank row between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneLayout {
    /// The rows.
    pub rows: Vec<Cell>,
    /// First row of each block.
    pub block_rows: Vec<usize>,
}

impl PaneLayout {
    /// Lays out `v` at `width` columns.
    pub fn new(v: &Version, width: usize, wide: bool) -> PaneLayout {
        let wrapped = wrap_version(v, width, wide);
        let mut rows = Vec::new();
        let mut block_rows = Vec::with_capacity(wrapped.blocks.len());
        for (b, lines) in wrapped.blocks.iter().enumerate() {
            if b > 0 {
                rows.push(Cell::Blank);
            }
            block_rows.push(rows.len());
            rows.extend(lines.iter().map(|s| Cell::Text(*s)));
        }
        PaneLayout { rows, block_rows }
    }

    /// The block shown at `row` (or the next block, on a blank row), and the line within it.
    pub fn anchor_at(&self, row: usize) -> (usize, usize) {
        let b = self.block_rows.partition_point(|&r| r <= row).saturating_sub(1);
        let first = self.block_rows.get(b).copied().unwrap_or(0);
        (b, row.saturating_sub(first))
    }

    /// The row of line `line` of block `block` (clamped to the block).
    pub fn row_of(&self, block: usize, line: usize) -> usize {
        let Some(&first) = self.block_rows.get(block) else { return self.rows.len().saturating_sub(1) };
        let last = self.block_rows.get(block + 1).map_or(self.rows.len(), |&n| n - 1);
        (first + line).min(last.saturating_sub(1).max(first))
    }
}

/// One row of two versions side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PairRow {
    /// The alignment link this row belongs to (blank separator rows belong to the link after).
    pub link: u32,
    /// Left pane.
    pub left: Cell,
    /// Right pane.
    pub right: Cell,
}

/// Two aligned versions side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairLayout {
    /// The rows.
    pub rows: Vec<PairRow>,
    /// First row of each link's band.
    pub link_rows: Vec<usize>,
    /// First row of each left block.
    pub left_rows: Vec<usize>,
    /// First row of each right block.
    pub right_rows: Vec<usize>,
}

impl PairLayout {
    /// Lays out `left` and `right` side by side along `al`, at the given pane widths.
    pub fn new(left: &Version, right: &Version, al: &Alignment, widths: (usize, usize), wide: bool) -> PairLayout {
        let wl = wrap_version(left, widths.0, wide);
        let wr = wrap_version(right, widths.1, wide);
        let mut rows = Vec::new();
        let mut link_rows = Vec::with_capacity(al.links.len());
        let mut left_rows = vec![0; left.blocks.len()];
        let mut right_rows = vec![0; right.blocks.len()];
        for (k, link) in al.links.iter().enumerate() {
            if k > 0 {
                rows.push(PairRow { link: k as u32, left: Cell::Blank, right: Cell::Blank });
            }
            link_rows.push(rows.len());
            let side =
                |range: &std::ops::Range<usize>, w: &Wrapped, first: &mut Vec<usize>, base: usize| -> Vec<Cell> {
                    let mut cells = Vec::new();
                    for b in range.clone() {
                        if b > range.start {
                            cells.push(Cell::Blank);
                        }
                        first[b] = base + cells.len();
                        cells.extend(w.blocks[b].iter().map(|s| Cell::Text(*s)));
                    }
                    if cells.is_empty() {
                        cells.push(Cell::Missing);
                    }
                    cells
                };
            let base = rows.len();
            let l = side(&link.left, &wl, &mut left_rows, base);
            let r = side(&link.right, &wr, &mut right_rows, base);
            for i in 0..l.len().max(r.len()) {
                rows.push(PairRow {
                    link: k as u32,
                    left: l.get(i).copied().unwrap_or(Cell::Blank),
                    right: r.get(i).copied().unwrap_or(Cell::Blank),
                });
            }
        }
        PairLayout { rows, link_rows, left_rows, right_rows }
    }

    /// The link shown at `row`, and how far into its band.
    pub fn anchor_at(&self, row: usize) -> (usize, usize) {
        let k = self.link_rows.partition_point(|&r| r <= row).saturating_sub(1);
        (k, row.saturating_sub(self.link_rows.get(k).copied().unwrap_or(0)))
    }

    /// The row `offset` rows into link `link`'s band (clamped to the band).
    pub fn row_of(&self, link: usize, offset: usize) -> usize {
        let Some(&first) = self.link_rows.get(link) else { return self.rows.len().saturating_sub(1) };
        let end = self.link_rows.get(link + 1).map_or(self.rows.len(), |&n| n.saturating_sub(1));
        (first + offset).min(end.saturating_sub(1).max(first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::align;
    use crate::import::embedded;

    #[test]
    fn aligned_blocks_start_on_the_same_row() {
        let lib = embedded::library().unwrap();
        let d = lib.document("2012-opinions-informatization-security").unwrap();
        let (zh, en) = (d.version("zh").unwrap(), d.version("en").unwrap());
        let al = align(zh, en);
        let p = PairLayout::new(zh, en, &al, (38, 38), false);
        for link in &al.links {
            if let (Some(a), Some(b)) = (link.left.clone().next(), link.right.clone().next()) {
                assert_eq!(p.left_rows[a], p.right_rows[b], "blocks {a} and {b}");
            }
        }
        // Every block's lines are all there, in order.
        for (b, &row) in p.left_rows.iter().enumerate() {
            assert!(matches!(p.rows[row].left, Cell::Text(s) if s.block == b as u32 && s.line == 0));
        }
        let (link, off) = p.anchor_at(p.link_rows[10] + 1);
        assert_eq!((link, off), (10, 1));
        assert_eq!(p.row_of(link, off), p.link_rows[10] + 1);
    }

    #[test]
    fn unmatched_blocks_get_a_marker_on_the_other_side() {
        let lib = embedded::library().unwrap();
        let d = lib.document("2012-opinions-informatization-security").unwrap();
        let (zh, pdf) = (d.version("zh").unwrap(), d.version("zh-pdf").unwrap());
        let al = align(zh, pdf);
        let p = PairLayout::new(zh, pdf, &al, (30, 30), false);
        assert_eq!(p.rows[0].right, Cell::Missing, "the PDF has no title");
    }

    #[test]
    fn pane_layout_round_trips_anchors() {
        let lib = embedded::library().unwrap();
        let v = lib.document("2014-shanwei-informatization-plan").unwrap().version("zh").unwrap();
        let p = PaneLayout::new(v, 40, false);
        for row in [0, 5, 17, 100] {
            let (b, l) = p.anchor_at(row);
            let back = p.row_of(b, l);
            assert!(back == row || matches!(p.rows[row], Cell::Blank), "row {row} → ({b},{l}) → {back}");
        }
    }
}
