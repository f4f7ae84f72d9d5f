//! The bookmark list: per bookmark its date, document, section path in both languages and note;
//! one that cannot be found is marked and still listed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text::{clip, fill, put};
use super::{At, Ctx};
use crate::app::App;
use crate::app::bookmarks::BookmarkList;
use crate::bookmarks::Bookmark;
use crate::bookmarks::anchor::Resolved;
use crate::text::str_width;

/// Rows each bookmark takes.
const ROWS: usize = 4;

/// Draws the list over `area`.
pub fn render(cx: &Ctx, app: &App, list: &BookmarkList, keys: &str, area: Rect, buf: &mut Buffer) {
    let n = list.rows.len();
    let w = area.width.saturating_sub(4).clamp(20.min(area.width), 120);
    let h = ((n.max(1) * ROWS) as u16 + 2).min(area.height.saturating_sub(2)).max(6.min(area.height));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    super::help::frame(cx, rect, buf);
    let x = rect.x + 2;
    let inner = rect.width.saturating_sub(4) as usize;
    let orphans = list.rows.iter().filter(|(_, r)| r.place().is_none()).count();
    let title = match orphans {
        0 => format!(" Bookmarks — {n} "),
        k => format!(" Bookmarks — {n}, {k} orphaned "),
    };
    put(buf, x, rect.y, &title, cx.theme.border(), inner, cx.wide);
    let fits = (rect.height.saturating_sub(2) as usize / ROWS).max(1);
    let first = list.selected.saturating_sub(fits / 2).min(n.saturating_sub(fits));
    if n == 0 {
        let m = app.keymap.hint(crate::keymap::Mode::Reader, crate::keymap::Action::AddBookmark);
        let hint = format!("No bookmarks yet: {m} in the reader bookmarks the reading position.");
        put(buf, x, rect.y + 1, &clip(&hint, inner, cx.wide, cx.theme.ellipsis()), cx.theme.dim(), inner, cx.wide);
    }
    for (k, &(i, resolved)) in list.rows.iter().enumerate().skip(first).take(fits) {
        let Some(b) = app.bookmarks.get(i) else { continue };
        let y = rect.y + 1 + ((k - first) * ROWS) as u16;
        entry(cx, app, b, resolved, k == list.selected, At { x, y, width: inner }, buf);
    }
    let count = format!(" {} of {n} ", if n == 0 { 0 } else { list.selected + 1 });
    let cw = str_width(&count, cx.wide);
    let bottom = rect.bottom() - 1;
    let keys = clip(keys, inner.saturating_sub(cw + 1), cx.wide, cx.theme.ellipsis());
    put(buf, x, bottom, &keys, cx.theme.border(), inner, cx.wide);
    put(buf, rect.right().saturating_sub(cw as u16 + 2), bottom, &count, cx.theme.border(), cw, cx.wide);
}

/// One bookmark: date, document and state; the Chinese path; the English path; the note.
fn entry(cx: &Ctx, app: &App, b: &Bookmark, r: Resolved, selected: bool, at: At, buf: &mut Buffer) {
    let At { x, y, width } = at;
    let base = if selected { cx.theme.selected() } else { Style::new() };
    if selected {
        for dy in 0..ROWS as u16 {
            fill(buf, x, y + dy, width, base);
        }
    }
    let doc = app
        .library
        .documents
        .iter()
        .find(|d| d.id == b.doc)
        .or_else(|| r.place().and_then(|p| app.library.documents.get(p.doc)));
    let name = doc
        .map(|d| {
            let number = d.number.zh.clone().or_else(|| d.number.en.clone());
            let title = d.title.zh.clone().or_else(|| d.title.en.clone()).unwrap_or_else(|| d.id.clone());
            number.map_or(title.clone(), |n| format!("{n}  {title}"))
        })
        .unwrap_or_else(|| b.doc.clone());
    let label = r.label();
    let line = |buf: &mut Buffer, dy: u16, text: &str, style: Style| {
        put(buf, x, y + dy, &clip(text, width, cx.wide, cx.theme.ellipsis()), base.patch(style), width, cx.wide);
    };
    let head = format!("{}  {} · {}", crate::bookmarks::date(b.created), b.version, name);
    line(buf, 0, &head, cx.theme.status_focus());
    if !label.is_empty() {
        let lw = str_width(label, cx.wide) + 2;
        // An orphan's mark stands out like a changed figure's; "text changed" is only a hint.
        let flag = if r.place().is_none() {
            cx.theme.figure_flag(crate::figures::check::Status::Mismatch).1
        } else {
            cx.theme.dim()
        };
        if width > lw + 20 {
            fill(buf, x + (width - lw) as u16, y, lw, base);
            put(buf, x + (width - lw + 1) as u16, y, label, base.patch(flag), lw, cx.wide);
        }
    }
    match r {
        Resolved::Orphan(why) => {
            line(buf, 1, &format!("  “{}”", b.excerpt), cx.theme.dim());
            line(buf, 2, &format!("  {why}; kept until you delete it"), cx.theme.dim());
        }
        // Before the first heading: the paragraph's words say where.
        _ if b.headings.zh.is_empty() && b.headings.en.is_empty() => {
            line(buf, 1, &format!("  “{}”", b.excerpt), Style::new());
        }
        _ => {
            for (dy, p) in [(1, &b.headings.zh), (2, &b.headings.en)] {
                line(buf, dy, &format!("  {p}"), Style::new());
            }
        }
    }
    if !b.note.is_empty() {
        line(buf, 3, &format!("  note: {}", b.note), cx.theme.current());
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;

    use crate::app::Settings;
    use crate::text::str_width;
    use crate::ui::testing::{app, draw, press_in, rows};

    #[test]
    fn the_list_with_an_orphan_at_two_sizes() {
        for (w, h) in [(120u16, 40u16), (80, 24)] {
            let dir = tempfile::tempdir().unwrap();
            let mut orphan = crate::bookmarks::tests::sample("from a document since removed");
            orphan.doc = "2009-removed-document".into();
            // A fixed day long past, so that it never collides with today's (blanked below).
            orphan.created = 1_600_000_000;
            crate::bookmarks::add(dir.path(), orphan).unwrap();
            let mut a = app((w, h), Settings::default(), "");
            press_in(&mut a, dir.path(), "j <Enter> ] ] } m");
            crate::ui::testing::type_text(&mut a, "check the 2.5亿 target");
            press_in(&mut a, dir.path(), "<Enter> '");
            // The creation date is today's: blank it for the snapshot.
            let today = crate::bookmarks::date(a.bookmarks[1].created);
            let b = draw(&a);
            let text = rows(&b).join("\n").replace(&today, "YYYY-MM-DD");
            insta::assert_snapshot!(format!("bookmarks_{w}x{h}"), text);
            assert!(text.contains("Bookmarks — 2, 1 orphaned"), "{text}");
            assert!(text.contains("orphaned") && text.contains("kept until you delete it"));
            for (y, r) in rows(&b).iter().enumerate() {
                assert_eq!(str_width(r, false), w as usize, "{w}x{h} row {y}");
            }
            // The selected entry (this document's) is reversed on all its rows.
            let y = (0..h)
                .find(|&y| rows(&b)[y as usize].contains("YYYY") || rows(&b)[y as usize].contains(&today))
                .unwrap();
            let x = (0..w).find(|&x| b[(x, y)].symbol() == today.get(..1).unwrap_or("2")).unwrap();
            assert!(b[(x, y)].modifier.contains(Modifier::REVERSED));
        }
    }
}
