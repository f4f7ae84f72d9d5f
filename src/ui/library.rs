//! The library: one entry per document, titles in both languages, year, number, versions and
//! number of sections.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Ctx;
use super::text::{clip, fill, put};
use crate::app::LibraryState;
use crate::model::{BlockKind, Library};

/// Rows each document takes.
pub const ENTRY_ROWS: usize = 4;

/// Draws the library.
pub fn render(cx: &Ctx, lib: &Library, state: &LibraryState, rect: Rect, buf: &mut Buffer) {
    for dy in 0..rect.height {
        fill(buf, rect.x, rect.y + dy, rect.width as usize, Style::new());
    }
    let w = rect.width as usize;
    let fit = (rect.height as usize / ENTRY_ROWS).max(1);
    let first = state.selected.saturating_sub(fit - 1);
    for (k, d) in lib.documents.iter().enumerate().skip(first).take(fit) {
        let y = rect.y + ((k - first) * ENTRY_ROWS) as u16;
        let selected = k == state.selected;
        let pointer = if selected { cx.theme.pointer() } else { " " };
        let year = d.year.map_or_else(|| "    ".to_owned(), |y| y.to_string());
        let titles: Vec<&str> = [d.title.zh.as_deref(), d.title.en.as_deref()].into_iter().flatten().collect();
        let first_title = titles.first().copied().unwrap_or(d.id.as_str());
        let style = if selected { cx.theme.selected() } else { cx.theme.block(BlockKind::Title, None) };
        let head = clip(&format!("{pointer} {year}  {first_title}"), w, cx.wide, cx.theme.ellipsis());
        if selected {
            fill(buf, rect.x, y, w, style);
        }
        put(buf, rect.x, y, &head, style, w, cx.wide);
        if let Some(second) = titles.get(1) {
            put(
                buf,
                rect.x + 8,
                y + 1,
                &clip(second, w.saturating_sub(8), cx.wide, cx.theme.ellipsis()),
                Style::new(),
                w,
                cx.wide,
            );
        }
        let sections: usize = d.versions.iter().map(|v| v.count(BlockKind::Heading)).max().unwrap_or(0);
        let versions: Vec<&str> = d.versions.iter().map(|v| v.id.as_str()).collect();
        let number =
            [d.number.zh.as_deref(), d.number.en.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        let details =
            [number, format!("versions {}", versions.join(", ")), format!("{sections} sections"), d.id.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
        put(
            buf,
            rect.x + 8,
            y + 2,
            &clip(&details, w.saturating_sub(8), cx.wide, cx.theme.ellipsis()),
            cx.theme.dim(),
            w,
            cx.wide,
        );
    }
    if lib.documents.is_empty() {
        put(buf, rect.x + 2, rect.y + 1, "No documents.", cx.theme.dim(), w, cx.wide);
    }
}
