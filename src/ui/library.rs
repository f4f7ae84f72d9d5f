//! The library: one entry per document, titles in both languages, year, number, versions and
//! number of sections.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Ctx;
use super::text::{clip, fill, put};
use crate::app::LibraryState;
use crate::cache::shelf::Shelf;
use crate::model::{BlockKind, Library};

/// "Importing 1,234 of 10,000 files" and a bar, in the middle of `rect`.
fn progress(cx: &Ctx, done: usize, files: usize, rect: Rect, buf: &mut Buffer) {
    let w = (rect.width as usize).min(60);
    let x = rect.x + (rect.width - w as u16) / 2;
    let y = rect.y + rect.height / 2;
    let text = if files == 0 {
        "Looking for documents…".to_owned()
    } else {
        format!("Importing {} of {} files…", thousands(done), thousands(files))
    };
    put(buf, x, y.saturating_sub(1), &clip(&text, w, cx.wide, cx.theme.ellipsis()), Style::new(), w, cx.wide);
    if files > 0 && y + 1 < rect.bottom() {
        let filled = (w * done.min(files)) / files;
        fill(buf, x, y, filled, cx.theme.selected());
        put(buf, x + filled as u16, y, &cx.theme.hbar().repeat(w - filled), cx.theme.quiet(), w - filled, cx.wide);
    }
}

/// Over a preview of the library: how far the import has got, and why documents may still
/// change.
fn preview_banner(cx: &Ctx, done: usize, files: usize, rect: Rect, buf: &mut Buffer) {
    let w = rect.width as usize;
    let text = if done < files {
        format!("  Reading the folder: {} of {} files ", thousands(done), thousands(files))
    } else {
        format!("  Read all {} files; putting translations with their originals… ", thousands(files))
    };
    let tw = crate::text::str_width(&text, cx.wide);
    put(buf, rect.x, rect.y, &clip(&text, w, cx.wide, cx.theme.ellipsis()), Style::new(), w, cx.wide);
    let bar = w.saturating_sub(tw + 2).min(40);
    if bar >= 10 && files > 0 {
        let x = rect.x + tw as u16;
        let filled = (bar * done.min(files)) / files;
        fill(buf, x, rect.y, filled, cx.theme.selected());
        put(
            buf,
            x + filled as u16,
            rect.y,
            &cx.theme.hbar().repeat(bar - filled),
            cx.theme.quiet(),
            bar - filled,
            cx.wide,
        );
    }
    let note = "  One file per entry for now: translations join their originals once every file is read.";
    put(buf, rect.x, rect.y + 1, &clip(note, w, cx.wide, cx.theme.ellipsis()), cx.theme.dim(), w, cx.wide);
}

/// 12345 → "12,345".
pub(super) fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Rows each document takes.
pub const ENTRY_ROWS: usize = 4;

/// Draws the library; while a folder is still being imported, how far it has got.
pub fn render(
    cx: &Ctx,
    lib: &Library,
    shelf: &Shelf,
    state: &LibraryState,
    loading: Option<(usize, usize)>,
    rect: Rect,
    buf: &mut Buffer,
) {
    for dy in 0..rect.height {
        fill(buf, rect.x, rect.y + dy, rect.width as usize, Style::new());
    }
    let mut rect = rect;
    if let Some((done, files)) = loading {
        if lib.documents.is_empty() || rect.height < 8 {
            progress(cx, done, files, rect, buf);
            return;
        }
        preview_banner(cx, done, files, rect, buf);
        rect = Rect { y: rect.y + 3, height: rect.height - 3, ..rect };
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
        let sections = shelf.sections_in(lib, k);
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

#[cfg(test)]
mod tests {
    use super::thousands;
    use crate::app::Settings;
    use crate::ui::testing::{draw, rows};

    #[test]
    fn progress_while_a_folder_is_imported() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1910), "1,910");
        assert_eq!(thousands(10_000), "10,000");
        let mut a = crate::app::App::new(
            crate::model::Library::default(),
            crate::keymap::Keymap::default_keymap(),
            Settings::default(),
            Default::default(),
        );
        a.resize(80, 24);
        let p = std::sync::Arc::new(crate::import::load::Progress::default());
        p.files.store(10_000, std::sync::atomic::Ordering::Relaxed);
        p.done.store(2_500, std::sync::atomic::Ordering::Relaxed);
        a.loading = Some(crate::app::Loading::new(p));
        let text = rows(&draw(&a)).join("\n");
        assert!(text.contains("Importing 2,500 of 10,000 files…"), "{text}");
        assert!(text.contains("duizhao 对照 · importing"), "{text}");
        a.loaded(Ok(crate::app::Opened {
            library: crate::import::embedded::library().unwrap(),
            skipped: 3,
            shelf: Default::default(),
            index_follows: false,
        }));
        let text = rows(&draw(&a)).join("\n");
        assert!(text.contains("4 documents") && text.contains("3 files skipped"), "{text}");
    }
}
