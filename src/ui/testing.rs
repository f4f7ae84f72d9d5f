//! Helpers for tests that drive the app and look at what it draws.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use crate::app::{App, Settings};
use crate::import::{embedded, group, import_bytes};
use crate::keymap::Keymap;
use crate::model::Library;
use crate::positions::Positions;

/// The app on `library` at `size`, after typing `keys` (keymap notation).
pub fn app_on(library: Library, size: (u16, u16), settings: Settings, keys: &str) -> App {
    let mut a = App::new(library, Keymap::default_keymap(), settings, Positions::default());
    a.resize(size.0, size.1);
    press(&mut a, keys);
    a
}

/// The app on the shipped documents.
pub fn app(size: (u16, u16), settings: Settings, keys: &str) -> App {
    app_on(embedded::library().expect("shipped documents import"), size, settings, keys)
}

/// Types `keys` (keymap notation).
pub fn press(a: &mut App, keys: &str) {
    if keys.is_empty() {
        return;
    }
    for k in crate::keymap::key::parse_sequence(keys).expect("key notation") {
        a.key(k);
    }
}

/// Draws through ratatui's TestBackend, as a terminal would receive it.
pub fn draw(a: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(a.size.0, a.size.1)).expect("test backend");
    t.draw(|f| super::render(a, f.buffer_mut())).expect("draw");
    t.backend().buffer().clone()
}

/// The visible text of every row (cells under wide characters left out).
pub fn rows(b: &Buffer) -> Vec<String> {
    (0..b.area.height).map(|y| super::text::row_text(b, y, false)).collect()
}

/// The 2012 Opinions with a translation that changes one target (18 → 17 trillion) and drops
/// another (250 million accounts): one document, as a user's file would be.
pub fn mistranslated() -> Library {
    let (_, bytes) = embedded::files()
        .iter()
        .find(|(n, _)| n.starts_with("2012-opinions-informatization-security.en-zh"))
        .expect("the 2012 Opinions are shipped");
    let text = String::from_utf8_lossy(bytes)
        .replace("exceed 18 trillion Yuan", "exceed 17 trillion Yuan")
        .replace("to exceed 250 million accounts", "to grow considerably");
    let file = import_bytes("opinions.txt", None, text.as_bytes()).expect("imports");
    group::library(vec![file], None)
}

/// Rows `ys` with runs of cells that `class` puts in a class wrapped in that class's brackets:
/// a snapshot that shows styles, which plain text and TestBackend's output lose.
pub fn marked_rows(
    b: &Buffer,
    ys: std::ops::Range<u16>,
    class: impl Fn(&ratatui::buffer::Cell) -> Option<(&'static str, &'static str)>,
) -> Vec<String> {
    ys.map(|y| {
        let mut s = String::new();
        let mut open: Option<(&str, &str)> = None;
        for x in 0..b.area.width {
            let cell = &b[(x, y)];
            if super::text::is_continuation(cell) || (x > 0 && covered(b, x, y)) {
                continue;
            }
            let c = class(cell);
            if c != open {
                if let Some((_, close)) = open {
                    s.push_str(close);
                }
                if let Some((o, _)) = c {
                    s.push_str(o);
                }
                open = c;
            }
            s.push_str(cell.symbol());
        }
        if let Some((_, close)) = open {
            s.push_str(close);
        }
        s.trim_end().to_owned()
    })
    .collect()
}

/// Whether the cell at `x` is hidden under the wide character left of it.
fn covered(b: &Buffer, x: u16, y: u16) -> bool {
    let sym = b[(x - 1, y)].symbol();
    sym.chars().next().is_some_and(|c| crate::text::char_width(c, false) == 2)
}

/// Whether `cell` is drawn exactly in `style` (over the terminal's defaults).
pub fn drawn_in(cell: &ratatui::buffer::Cell, style: ratatui::style::Style) -> bool {
    use ratatui::style::Color;
    cell.fg == style.fg.unwrap_or(Color::Reset)
        && cell.bg == style.bg.unwrap_or(Color::Reset)
        && cell.modifier == style.add_modifier
}

/// Makes the bookmark changes the app asked for against the file in `dir`, as the event loop does.
pub fn carry_out(a: &mut App, dir: &std::path::Path) {
    for change in std::mem::take(&mut a.effects) {
        let result = crate::bookmarks::apply(dir, change).map_err(|e| e.to_string());
        a.bookmarks_stored(result);
    }
}

/// Types `keys`, carrying out bookmark changes after each key like the event loop.
pub fn press_in(a: &mut App, dir: &std::path::Path, keys: &str) {
    for k in crate::keymap::key::parse_sequence(keys).expect("key notation") {
        a.key(k);
        carry_out(a, dir);
    }
}

/// Types `text` into a prompt.
pub fn type_text(a: &mut App, text: &str) {
    for c in text.chars() {
        a.key(crate::keymap::Key::char(c));
    }
}
