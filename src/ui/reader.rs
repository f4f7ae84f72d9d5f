//! The reader: panes of aligned text, the divider, the outline.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text::{clip, fill, put};
use super::{At, Ctx};
use crate::app::figures::FigureMarks;
use crate::app::geometry::Arrangement;
use crate::app::reader::{ReaderState, Side};
use crate::figures::check::Status;
use crate::layout::rows::Cell;
use crate::model::{Document, Version};

/// Draws the reader (without the status line).
pub fn render(cx: &Ctx, r: &ReaderState, d: &Document, buf: &mut Buffer) {
    let g = r.view.geometry;
    let panes: Vec<(Side, Rect)> = match g.second {
        Some(second) => vec![(0, g.first), (1, second)],
        None => vec![(r.focus, g.first)],
    };
    let mut flags: [Vec<Option<Status>>; 2] = [Vec::new(), Vec::new()];
    for &(side, rect) in &panes {
        flags[side] = draw_pane(cx, r, d, side, rect, buf);
    }
    if let Some(div) = g.divider {
        match g.arrangement {
            Arrangement::SideBySide => {
                for y in div.top()..div.bottom() {
                    // The padding beside the bar carries each pane's figure flags.
                    for (side, x) in [(0, div.x), (1, div.x + 2)] {
                        let flag = flags[side].get((y - div.y) as usize).copied().flatten();
                        let (mark, style) = flag.map_or((" ", Style::new()), |f| cx.theme.figure_flag(f));
                        put(buf, x, y, mark, style, 1, cx.wide);
                    }
                    put(buf, div.x + 1, y, cx.theme.vbar(), cx.theme.quiet(), 1, cx.wide);
                }
            }
            _ => {
                // Name the version below the rule, so a stacked reader knows which is which.
                let below = r.version(d, 1);
                let label = format!("{}{} {} ", cx.theme.hbar(), cx.theme.hbar(), below.id);
                let used = put(buf, div.x, div.y, &label, cx.theme.quiet(), div.width as usize, cx.wide);
                for k in used..div.width as usize {
                    put(buf, div.x + k as u16, div.y, cx.theme.hbar(), cx.theme.quiet(), 1, cx.wide);
                }
            }
        }
    }
    if let Some(o) = g.outline {
        draw_outline(cx, r, d, o, buf);
        for y in o.top()..o.bottom() {
            put(buf, o.right(), y, cx.theme.vbar(), cx.theme.quiet(), 1, cx.wide);
        }
    }
}

/// Draws one pane; returns, for each of its rows, the flag of a target figure on it that the
/// other version changed or lacks.
fn draw_pane(cx: &Ctx, r: &ReaderState, d: &Document, side: Side, rect: Rect, buf: &mut Buffer) -> Vec<Option<Status>> {
    let v = r.version(d, side);
    let top = r.top_row(side);
    let mut flags = vec![None; rect.height as usize];
    for dy in 0..rect.height {
        let y = rect.y + dy;
        fill(buf, rect.x, y, rect.width as usize, Style::new());
        let row = top + dy as usize;
        let cell = match (&r.view.pair, &r.view.panes[side]) {
            (Some(p), _) => p.rows.get(row).map(|pr| if side == 0 { pr.left } else { pr.right }),
            (None, Some(l)) => l.rows.get(row).copied(),
            (None, None) => None,
        };
        match cell {
            Some(Cell::Text(span)) => {
                let at = At { x: rect.x, y, width: rect.width as usize };
                flags[dy as usize] = draw_span(cx, r, side, v, span, at, buf);
            }
            Some(Cell::Missing) => {
                put(buf, rect.x, y, cx.theme.missing(), cx.theme.quiet(), rect.width as usize, cx.wide);
            }
            Some(Cell::Blank) | None => {}
        }
    }
    flags
}

/// Draws one line of a block with its figures and search hits marked; returns the line's flag.
fn draw_span(
    cx: &Ctx,
    r: &ReaderState,
    side: Side,
    v: &Version,
    span: crate::layout::rows::Span,
    at: At,
    buf: &mut Buffer,
) -> Option<Status> {
    let At { x, y, width } = at;
    let block = v.blocks.get(span.block as usize)?;
    let base = cx.theme.block(block.kind, block.level());
    let (start, end) = (span.start as usize, span.end as usize);
    block.text.get(start..end)?;
    let overlaps = |s: usize, e: usize| s < end && e > start;
    // Layers of marks, later ones drawn over earlier ones: figures, then search hits.
    let mut marks: Vec<(usize, usize, Style)> = Vec::new();
    let mut flag = None;
    if cx.figures {
        let m = &r.figures;
        let selected = m.selected_in(side);
        for (i, f) in m.in_block(side, span.block) {
            let (fs, fe) = (f.start as usize, f.end as usize);
            let Some(row) = m.row_for(side, i).filter(|_| overlaps(fs, fe)) else { continue };
            // Only where the figure's text begins, so a figure wrapped over two lines is flagged once.
            if FigureMarks::flagged(row) && fs >= start && flag != Some(Status::Mismatch) {
                flag = row.status;
            }
            marks.push((fs, fe, cx.theme.figure(row.kind, row.status, selected == Some(i))));
        }
    }
    let current = r.search.as_ref().and_then(|s| s.current_hit());
    if let Some(s) = &r.search {
        for h in s.in_block(side as u8, span.block) {
            let style = if Some(*h) == current { cx.theme.hit_current() } else { cx.theme.hit() };
            marks.push((h.start as usize, h.end as usize, style));
        }
    }
    marks.retain(|&(s, e, _)| overlaps(s, e));
    let mut cuts: Vec<usize> = marks.iter().flat_map(|&(s, e, _)| [s.max(start), e.min(end)]).collect();
    cuts.extend([start, end]);
    cuts.sort_unstable();
    cuts.dedup();
    let mut used = 0usize;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let style = marks.iter().filter(|&&(s, e, _)| s <= a && e >= b).fold(base, |st, &(_, _, m)| st.patch(m));
        used += put(buf, x + used as u16, y, &block.text[a..b], style, width - used, cx.wide);
    }
    flag
}

fn draw_outline(cx: &Ctx, r: &ReaderState, d: &Document, rect: Rect, buf: &mut Buffer) {
    let v = r.version(d, r.focus);
    let current = r.current_section(d);
    let selected = if r.outline_focused { r.outline_selected } else { current.unwrap_or(0) };
    let footer = usize::from(r.outline_focused);
    let list_h = (rect.height as usize).saturating_sub(footer).max(1);
    let first = selected.saturating_sub(list_h / 2).min(v.sections.len().saturating_sub(list_h));
    for dy in 0..rect.height {
        fill(buf, rect.x, rect.y + dy, rect.width as usize, Style::new());
    }
    for (k, s) in v.sections.iter().enumerate().skip(first).take(list_h) {
        let y = rect.y + (k - first) as u16;
        let b = &v.blocks[s.block];
        let Some(h) = &b.heading else { continue };
        let indent = "  ".repeat(s.level.saturating_sub(1) as usize);
        let line = clip(&format!("{indent}{}", v.heading_label(h)), rect.width as usize, cx.wide, cx.theme.ellipsis());
        let style = if r.outline_focused && k == selected {
            cx.theme.selected()
        } else if Some(k) == current {
            cx.theme.current()
        } else {
            Style::new()
        };
        if style == cx.theme.selected() {
            fill(buf, rect.x, y, rect.width as usize, style);
        }
        put(buf, rect.x, y, &line, style, rect.width as usize, cx.wide);
    }
    if r.outline_focused {
        let y = rect.bottom() - 1;
        let prompt = if r.number.is_empty() { "number, Enter: go".to_owned() } else { format!("go to {}", r.number) };
        fill(buf, rect.x, y, rect.width as usize, cx.theme.dim());
        put(buf, rect.x, y, &prompt, cx.theme.dim(), rect.width as usize, cx.wide);
    }
}
