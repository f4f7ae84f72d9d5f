//! The reader: panes of aligned text, the divider, the outline.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text::{clip, fill, put};
use super::{At, Ctx};
use crate::app::geometry::Arrangement;
use crate::app::reader::{ReaderState, Side};
use crate::layout::rows::Cell;
use crate::model::{Document, Version};

/// Draws the reader (without the status line).
pub fn render(cx: &Ctx, r: &ReaderState, d: &Document, buf: &mut Buffer) {
    let g = r.view.geometry;
    let panes: Vec<(Side, Rect)> = match g.second {
        Some(second) => vec![(0, g.first), (1, second)],
        None => vec![(r.focus, g.first)],
    };
    for &(side, rect) in &panes {
        draw_pane(cx, r, d, side, rect, buf);
    }
    if let Some(div) = g.divider {
        match g.arrangement {
            Arrangement::SideBySide => {
                for y in div.top()..div.bottom() {
                    put(buf, div.x, y, " ", Style::new(), 1, cx.wide);
                    put(buf, div.x + 1, y, cx.theme.vbar(), cx.theme.quiet(), 1, cx.wide);
                    put(buf, div.x + 2, y, " ", Style::new(), 1, cx.wide);
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

fn draw_pane(cx: &Ctx, r: &ReaderState, d: &Document, side: Side, rect: Rect, buf: &mut Buffer) {
    let v = r.version(d, side);
    let top = r.top_row(side);
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
                draw_span(cx, r, side, v, span, At { x: rect.x, y, width: rect.width as usize }, buf)
            }
            Some(Cell::Missing) => {
                put(buf, rect.x, y, cx.theme.missing(), cx.theme.quiet(), rect.width as usize, cx.wide);
            }
            Some(Cell::Blank) | None => {}
        }
    }
}

fn draw_span(
    cx: &Ctx,
    r: &ReaderState,
    side: Side,
    v: &Version,
    span: crate::layout::rows::Span,
    at: At,
    buf: &mut Buffer,
) {
    let At { x, y, width } = at;
    let Some(block) = v.blocks.get(span.block as usize) else { return };
    let base = cx.theme.block(block.kind, block.level());
    let (start, end) = (span.start as usize, span.end as usize);
    if block.text.get(start..end).is_none() {
        return;
    }
    // Search hits in this line, drawn over the block's style.
    let current = r.search.as_ref().and_then(|s| s.current_hit());
    let hits: Vec<(usize, usize, bool)> = r
        .search
        .as_ref()
        .map(|s| s.in_block(side as u8, span.block))
        .unwrap_or_default()
        .iter()
        .filter(|h| (h.start as usize) < end && (h.end as usize) > start)
        .map(|h| ((h.start as usize).max(start), (h.end as usize).min(end), Some(*h) == current))
        .collect();
    let mut at = start;
    let mut used = 0usize;
    for (hs, he, is_current) in hits {
        if hs > at {
            used += put(buf, x + used as u16, y, &block.text[at..hs], base, width - used, cx.wide);
        }
        let style = base.patch(if is_current { cx.theme.hit_current() } else { cx.theme.hit() });
        used += put(buf, x + used as u16, y, &block.text[hs..he], style, width - used, cx.wide);
        at = he;
    }
    if at < end {
        put(buf, x + used as u16, y, &block.text[at..end], base, width - used, cx.wide);
    }
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
        let marker = h.marker.as_deref().unwrap_or("");
        let sep = if v.lang == crate::text::Lang::En && !marker.is_empty() { " " } else { "" };
        let line =
            clip(&format!("{indent}{marker}{sep}{}", h.title), rect.width as usize, cx.wide, cx.theme.ellipsis());
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
