//! Drawing: a pure function of the app state into a ratatui buffer. The view never changes
//! state; the same function draws into the real terminal and into tests' `TestBackend`.

pub mod bookmarks;
pub mod figures;
pub mod help;
pub mod jump;
pub mod library;
pub mod reader;
pub mod status;
pub mod text;
pub mod theme;

#[cfg(test)]
pub(crate) mod testing;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::app::geometry::MIN_SIZE;
use crate::app::{App, Popup, Screen};
use theme::Theme;

/// What every drawing function needs besides its data.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    /// Styles and glyphs.
    pub theme: Theme,
    /// Ambiguous-width characters are two columns.
    pub wide: bool,
    /// Highlight figures.
    pub figures: bool,
}

/// A run of cells on one row: where to draw and how many columns there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    /// Column.
    pub x: u16,
    /// Row.
    pub y: u16,
    /// Columns available.
    pub width: usize,
}

/// Draws the whole screen for `app` into `buf` (whose area is the screen).
pub fn render(app: &App, buf: &mut Buffer) {
    let area = buf.area;
    let cx = Ctx { theme: Theme::new(&app.settings), wide: app.settings.wide, figures: app.settings.figures };
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        for y in area.top()..area.bottom() {
            text::fill(buf, area.x, y, area.width as usize, Style::new());
        }
        let msg = format!("Terminal too small: {}x{}, need {}x{}", area.width, area.height, MIN_SIZE.0, MIN_SIZE.1);
        for (k, l) in
            crate::layout::wrap::wrap(&msg, area.width as usize, cx.wide).iter().take(area.height as usize).enumerate()
        {
            text::put(buf, area.x, area.y + k as u16, &msg[l.start..l.end], Style::new(), area.width as usize, cx.wide);
        }
        return;
    }
    let body = Rect::new(area.x, area.y, area.width, area.height - 1);
    let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    match &app.screen {
        Screen::Library(l) => library::render(&cx, &app.library, &app.shelf, l, app.progress(), body, buf),
        Screen::Reader(r) => reader::render(&cx, r, &app.library.documents[r.doc], buf),
    }
    status::render(&cx, app, status, buf);
    match &app.popup {
        Some(Popup::Help { scroll }) => {
            let current = match &app.screen {
                Screen::Library(_) => crate::keymap::Mode::Library,
                Screen::Reader(r) if r.outline_focused => crate::keymap::Mode::Outline,
                Screen::Reader(_) => crate::keymap::Mode::Reader,
            };
            help::render(&cx, &app.keymap, current, *scroll, body, buf);
        }
        Some(Popup::Jump(st)) => jump::render(&cx, st, app.index.as_deref(), &app.library, body, buf),
        Some(Popup::Figures(t)) => {
            if let Screen::Reader(r) = &app.screen {
                let keys = status::figure_keys(app);
                figures::render(&cx, t, r, &app.library.documents[r.doc], &keys, body, buf);
            }
        }
        Some(Popup::Bookmarks(list)) => bookmarks::render(&cx, app, list, &status::bookmark_keys(app), body, buf),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Modifier;

    use super::*;
    use crate::app::Settings;
    use crate::text::str_width;

    use super::testing::{app, draw, rows};

    fn rows_w(b: &Buffer, wide: bool) -> Vec<String> {
        (0..b.area.height).map(|y| text::row_text(b, y, wide)).collect()
    }

    /// Every row is as wide as the terminal; the divider stands in one column on every body row.
    fn check_geometry(b: &Buffer, wide: bool, divider: &str) -> usize {
        let rows = rows_w(b, wide);
        let mut cols = std::collections::BTreeSet::new();
        for (y, r) in rows.iter().enumerate() {
            assert_eq!(str_width(r, wide), b.area.width as usize, "row {y} width: {r:?}");
            if y + 1 < rows.len() {
                let k = r.find(divider).unwrap_or_else(|| panic!("row {y} has no divider: {r:?}"));
                cols.insert(str_width(&r[..k], wide));
            }
        }
        assert_eq!(cols.len(), 1, "divider columns {cols:?}");
        cols.into_iter().next().unwrap()
    }

    #[test]
    fn reader_80x24() {
        let a = app((80, 24), Settings::default(), "j <Enter> ] ]");
        let b = draw(&a);
        assert_eq!(check_geometry(&b, false, "│"), 39);
        insta::assert_snapshot!(rows(&b).join("\n"));
    }

    #[test]
    fn reader_160x50_with_outline() {
        let a = app((160, 50), Settings::default(), "j <Enter> } } } o <Esc>");
        let b = draw(&a);
        insta::assert_snapshot!(rows(&b).join("\n"));
        for r in rows(&b).iter().take(49) {
            assert_eq!(r.matches('│').count(), 2, "outline rule and pane divider: {r:?}");
        }
    }

    #[test]
    fn wide_ambiguous_characters_keep_the_divider_straight() {
        let settings = Settings { wide: true, ascii: true, ..Settings::default() };
        for keys in ["j <Enter>", "j <Enter> ] ] ] ]", "j j j <Enter> G"] {
            let a = app((100, 30), settings, keys);
            let b = draw(&a);
            check_geometry(&b, true, "|");
            assert!(rows(&b).iter().all(|r| !r.contains('│')), "ASCII glyphs only in wide mode");
        }
    }

    #[test]
    fn headings_are_styled_by_level_and_work_without_colour() {
        for color in [true, false] {
            let a = app((100, 30), Settings { color, ..Settings::default() }, "j <Enter> ] ]");
            let b = draw(&a);
            // Row 0 holds 二、 (level 1) in the left pane and II, in the right.
            let cell = &b[(0, 0)];
            assert_eq!(cell.symbol(), "二");
            assert!(cell.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED));
            assert_eq!(cell.fg == ratatui::style::Color::Reset, !color);
            let status = &b[(0, 29)];
            assert!(status.modifier.contains(Modifier::REVERSED), "the status line stands out without colour");
        }
    }

    #[test]
    fn library_and_help_and_small_terminals() {
        let a = app((100, 30), Settings::default(), "");
        insta::assert_snapshot!("library", rows(&draw(&a)).join("\n"));
        let a = app((100, 30), Settings::default(), "j <Enter> ?");
        let help = rows(&draw(&a)).join("\n");
        assert!(help.contains("j, <Down>, <WheelDown>") && help.contains("Scroll down one line"), "{help}");
        assert!(help.contains("reader keys"));
        let all: Vec<String> = help::lines(&a.keymap, crate::keymap::Mode::Reader).into_iter().map(|l| l.1).collect();
        for mode in ["reader keys", "library keys", "outline keys", "popup keys"] {
            assert!(all.iter().any(|l| l == mode), "{mode}");
        }
        for (w, h) in [(1, 1), (19, 4), (20, 5), (30, 8), (50, 40), (61, 20)] {
            let a = app((w, h), Settings::default(), "j <Enter> G");
            let b = draw(&a);
            for (y, r) in rows(&b).iter().enumerate() {
                assert_eq!(str_width(r, false), w as usize, "{w}x{h} row {y}");
            }
        }
        let tiny = rows(&draw(&app((15, 4), Settings::default(), ""))).join(" ");
        assert!(tiny.contains("too") && tiny.contains("small"), "{tiny}");
    }

    fn typed(a: &mut App, s: &str) {
        for c in s.chars() {
            a.key(crate::keymap::Key::char(c));
        }
    }

    #[test]
    fn jump_popup_with_a_pinyin_query() {
        let mut a = app((100, 24), Settings::default(), "j <Enter> :");
        let empty = draw(&a);
        insta::assert_snapshot!("jump_popup_empty", rows(&empty).join("\n"));
        typed(&mut a, "kdzg");
        let b = draw(&a);
        insta::assert_snapshot!("jump_popup_kdzg", rows(&b).join("\n"));
        // The matched characters (宽带中国) are marked, in colour and without it.
        let row = (0..b.area.height).find(|&y| text::row_text(&b, y, false).contains("二、实施")).unwrap();
        let marked: String = (0..b.area.width)
            .filter(|&x| b[(x, row)].modifier.contains(Modifier::UNDERLINED) && b[(x, row)].symbol() != " ")
            .map(|x| b[(x, row)].symbol().to_owned())
            .collect();
        assert_eq!(marked, "宽带中国");
        // Row widths stay exact under the popup.
        for (y, r) in rows(&b).iter().enumerate() {
            assert_eq!(str_width(r, false), 100, "row {y}");
        }
    }

    #[test]
    fn search_hits_are_highlighted_and_counted() {
        let mut a = app((100, 24), Settings::default(), "j <Enter> /");
        typed(&mut a, "broadband");
        a.key(crate::keymap::Key::plain(crate::keymap::Code::Enter));
        let b = draw(&a);
        let status = text::row_text(&b, 23, false);
        assert!(status.contains("1/"), "{status}");
        let highlighted = (0..23)
            .flat_map(|y| (0..100).map(move |x| (x, y)))
            .filter(|&(x, y)| b[(x, y)].bg == ratatui::style::Color::LightRed)
            .count();
        assert_eq!(highlighted, "broadband".len(), "the current hit stands out");
    }
}
