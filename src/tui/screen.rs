//! Writing frames to the terminal with as few bytes as possible, for slow SSH links.
//!
//! The screen keeps what the terminal shows and writes only the difference, tracking where the
//! cursor really is after each character (a CJK character advances two columns, so no cursor
//! move is needed after it, unlike a naïve diff), erasing blank line ends with one EL, changing
//! attributes only when they change, and when the body of the screen moved up or down as a
//! whole (scrolling with both panes together), scrolling the terminal itself inside a scroll
//! region and drawing only the rows that came in. Only VT100 sequences are used (DECSTBM, LF at
//! the bottom margin, RI at the top, CUP, EL, SGR), which every terminal in use understands.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

use crate::text::char_width;

/// The terminal's screen as last written, and the cursor and attributes left in it.
#[derive(Debug)]
pub struct Screen {
    shown: Option<Buffer>,
    /// Ambiguous-width characters are two columns.
    wide: bool,
    /// Rows at the bottom that never scroll (the status line).
    fixed_bottom: u16,
    cursor: Option<(u16, u16)>,
    attrs: Option<Attrs>,
    /// The row hashes of the scrolling body of the last frame, which `shown` then held.
    hashes: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Attrs {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Attrs {
    const DEFAULT: Attrs = Attrs { fg: Color::Reset, bg: Color::Reset, modifier: Modifier::empty() };

    fn of(cell: &Cell) -> Attrs {
        Attrs { fg: cell.fg, bg: cell.bg, modifier: cell.modifier }
    }
}

impl Screen {
    /// A screen about which nothing is known yet (the first frame is drawn in full).
    pub fn new(wide: bool, fixed_bottom: u16) -> Screen {
        Screen { shown: None, wide, fixed_bottom, cursor: None, attrs: None, hashes: Vec::new() }
    }

    /// Forgets what the terminal shows (after a resize, or anything else that disturbed it).
    pub fn invalidate(&mut self) {
        self.shown = None;
        self.cursor = None;
        self.attrs = None;
        self.hashes.clear();
    }

    /// Appends to `out` what turns the terminal's screen into `frame`.
    pub fn draw(&mut self, frame: &Buffer, out: &mut String) {
        let area = frame.area;
        let mut shown = match self.shown.take() {
            Some(b) if b.area == area => b,
            _ => {
                out.push_str("\x1b[0m\x1b[H\x1b[2J");
                self.attrs = Some(Attrs::DEFAULT);
                self.cursor = Some((0, 0));
                self.hashes.clear();
                Buffer::empty(area)
            }
        };
        let bottom = area.bottom().saturating_sub(self.fixed_bottom);
        let hashes = row_hashes(frame, bottom);
        self.scroll(&mut shown, frame, &hashes, out);
        for y in area.top()..area.bottom() {
            self.draw_row(&mut shown, frame, y, out);
        }
        self.shown = Some(shown);
        // Every row now shows the frame: its hashes are the screen's for the next frame.
        self.hashes = hashes;
    }

    /// If the body moved by whole rows, scrolls it in the terminal and in `shown`.
    fn scroll(&mut self, shown: &mut Buffer, frame: &Buffer, now: &[u64], out: &mut String) {
        let area = frame.area;
        let bottom = area.bottom().saturating_sub(self.fixed_bottom);
        let height = bottom.saturating_sub(area.top()) as i32;
        if height < 3 {
            return;
        }
        // Rows are compared by hash: the shift is chosen among some 2×height candidates, each
        // comparing every row, and cell by cell that was most of the time of a frame. A
        // collision could only choose a poorer shift: the rows are then diffed cell by cell.
        let fresh;
        let before = if self.hashes.len() == now.len() {
            &self.hashes
        } else {
            fresh = row_hashes(shown, bottom);
            &fresh
        };
        let matches = |k: i32| {
            (0..height)
                .filter(|&y| {
                    let from = y + k;
                    (0..height).contains(&from) && now[y as usize] == before[from as usize]
                })
                .count() as i32
        };
        let still = matches(0);
        if still == height {
            return;
        }
        // Small shifts first: a line or a page of scrolling.
        let best = (1..height).flat_map(|k| [k, -k]).map(|k| (k, matches(k))).max_by_key(|&(k, m)| (m, -k.abs()));
        let Some((k, m)) = best else { return };
        // Worth it only if it saves rows (each scrolled-in row is drawn anyway).
        if m <= still + 1 {
            return;
        }
        let (top, bot) = (area.top(), bottom - 1);
        self.set_attrs(Attrs::DEFAULT, out);
        let _ = write!(out, "\x1b[{};{}r", top + 1, bot + 1);
        if k > 0 {
            let _ = write!(out, "\x1b[{};1H", bot + 1);
            out.extend(std::iter::repeat_n('\n', k as usize));
        } else {
            let _ = write!(out, "\x1b[{};1H", top + 1);
            for _ in 0..-k {
                out.push_str("\x1bM");
            }
        }
        out.push_str("\x1b[r");
        self.cursor = None;
        // The same shift in our copy of the screen (its rows moved, not copied); rows that came
        // in are blank.
        let w = area.width as usize;
        let body = &mut shown.content[(top - area.y) as usize * w..(bot + 1 - area.y) as usize * w];
        let moved = k.unsigned_abs() as usize * w;
        let came_in = if k > 0 {
            body.rotate_left(moved);
            let n = body.len();
            &mut body[n - moved..]
        } else {
            body.rotate_right(moved);
            &mut body[..moved]
        };
        came_in.fill(Cell::EMPTY);
    }

    fn draw_row(&mut self, shown: &mut Buffer, frame: &Buffer, y: u16, out: &mut String) {
        let area = frame.area;
        let left = area.left();
        // Cells by row slice: indexing the buffer cell by cell checks every position.
        let (now, before) = (row(frame, y), row_mut(shown, y));
        let width = now.len();
        // Where the blank tail of the row starts (cells that are plain spaces).
        let tail = width - now.iter().rev().take_while(|c| is_blank(c)).count();
        let mut i = 0;
        while i < width {
            let cell = &now[i];
            let x = left + i as u16;
            if i >= tail {
                // Everything from here is blank: one EL if anything there is not.
                if before[i..].iter().any(|c| !is_blank(c)) {
                    self.move_to(x, y, out);
                    self.set_attrs(Attrs::DEFAULT, out);
                    out.push_str("\x1b[K");
                    before[i..].fill(Cell::EMPTY);
                }
                break;
            }
            if same(cell, &before[i]) || cell.diff_option == CellDiffOption::Skip {
                i += 1;
                continue;
            }
            let w = self.width_of(cell).max(1);
            self.move_to(x, y, out);
            self.set_attrs(Attrs::of(cell), out);
            out.push_str(printable(cell.symbol()));
            let end = (i + w).min(width);
            before[i..end].clone_from_slice(&now[i..end]);
            // At the right edge the cursor waits to wrap: its position is then unknown.
            self.cursor = (i + w < width).then_some((x + w as u16, y));
            i += w;
        }
    }

    fn width_of(&self, cell: &Cell) -> usize {
        cell.symbol().chars().next().map_or(1, |c| char_width(c, self.wide))
    }

    fn move_to(&mut self, x: u16, y: u16, out: &mut String) {
        if self.cursor == Some((x, y)) {
            return;
        }
        match self.cursor {
            // Same row, to the right: cursor forward is shorter than an address.
            Some((cx, cy)) if cy == y && x > cx => {
                let _ = write!(out, "\x1b[{}C", x - cx);
            }
            Some((0, cy)) if cy + 1 == y && x == 0 => out.push_str("\r\n"),
            _ if x == 0 => {
                let _ = write!(out, "\x1b[{}H", y + 1);
            }
            _ => {
                let _ = write!(out, "\x1b[{};{}H", y + 1, x + 1);
            }
        }
        self.cursor = Some((x, y));
    }

    fn set_attrs(&mut self, a: Attrs, out: &mut String) {
        if self.attrs == Some(a) {
            return;
        }
        let mut codes: Vec<String> = vec!["0".into()];
        for (m, code) in [
            (Modifier::BOLD, "1"),
            (Modifier::DIM, "2"),
            (Modifier::ITALIC, "3"),
            (Modifier::UNDERLINED, "4"),
            (Modifier::REVERSED, "7"),
            (Modifier::CROSSED_OUT, "9"),
        ] {
            if a.modifier.contains(m) {
                codes.push(code.into());
            }
        }
        if let Some(c) = color(a.fg, false) {
            codes.push(c);
        }
        if let Some(c) = color(a.bg, true) {
            codes.push(c);
        }
        let _ = write!(out, "\x1b[{}m", codes.join(";"));
        self.attrs = Some(a);
    }
}

/// Two cells look the same on screen.
/// A hash of each row of `b` from its top to `bottom`, of what [`same`] compares.
fn row_hashes(b: &Buffer, bottom: u16) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    (b.area.top()..bottom)
        .map(|y| {
            let mut h = rustc_hash::FxHasher::default();
            for c in row(b, y) {
                c.symbol().hash(&mut h);
                (c.fg, c.bg, c.modifier, c.diff_option == CellDiffOption::Skip).hash(&mut h);
            }
            h.finish()
        })
        .collect()
}

/// The cells of row `y` of `b`.
fn row(b: &Buffer, y: u16) -> &[Cell] {
    let w = b.area.width as usize;
    let at = (y - b.area.y) as usize * w;
    &b.content[at..at + w]
}

fn row_mut(b: &mut Buffer, y: u16) -> &mut [Cell] {
    let w = b.area.width as usize;
    let at = (y - b.area.y) as usize * w;
    &mut b.content[at..at + w]
}

fn same(a: &Cell, b: &Cell) -> bool {
    a.symbol() == b.symbol()
        && a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && (a.diff_option == CellDiffOption::Skip) == (b.diff_option == CellDiffOption::Skip)
}

fn is_blank(c: &Cell) -> bool {
    c.symbol() == " "
        && c.bg == Color::Reset
        && c.diff_option != CellDiffOption::Skip
        && !c.modifier.intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
}

/// Control characters never reach the terminal.
fn printable(s: &str) -> &str {
    if s.chars().any(char::is_control) { " " } else { s }
}

/// The SGR code of a colour (16 colours and the 256-colour palette; never truecolor).
fn color(c: Color, bg: bool) -> Option<String> {
    let base = if bg { 40 } else { 30 };
    let code = match c {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => base + 60,
        Color::LightRed => base + 61,
        Color::LightGreen => base + 62,
        Color::LightYellow => base + 63,
        Color::LightBlue => base + 64,
        Color::LightMagenta => base + 65,
        Color::LightCyan => base + 66,
        Color::White => base + 67,
        Color::Indexed(n) => return Some(format!("{};5;{n}", base + 8)),
        Color::Rgb(r, g, b) => {
            // The 6×6×6 cube of the 256-colour palette.
            let q = |v: u8| (u16::from(v) * 5 / 255) as u8;
            return Some(format!("{};5;{}", base + 8, 16 + 36 * q(r) + 6 * q(g) + q(b)));
        }
    };
    Some(code.to_string())
}

/// The area of a screen.
pub fn area(width: u16, height: u16) -> Rect {
    Rect::new(0, 0, width, height)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::text::put;
    use ratatui::style::Style;

    fn nz(n: u16) -> std::num::NonZeroU16 {
        std::num::NonZeroU16::new(n).unwrap()
    }

    /// Applies `bytes` to an emulated terminal and returns its visible rows.
    fn emulate(parser: &mut vt100::Parser, bytes: &str) -> Vec<String> {
        parser.process(bytes.as_bytes());
        let cols = parser.screen().size().1.get();
        parser.screen().rows(0, cols).map(|r| r.trim_end().to_owned()).collect()
    }

    fn frame(lines: &[&str], w: u16, h: u16) -> Buffer {
        let mut b = Buffer::empty(area(w, h));
        for (y, l) in lines.iter().enumerate() {
            put(&mut b, 0, y as u16, l, Style::new(), w as usize, false);
        }
        b
    }

    fn visible(b: &Buffer) -> Vec<String> {
        (0..b.area.height).map(|y| crate::ui::text::row_text(b, y, false).trim_end().to_owned()).collect()
    }

    #[test]
    fn frames_reach_the_terminal_exactly() {
        let mut p = vt100::Parser::new(nz(6), nz(20), 0);
        let mut s = Screen::new(false, 1);
        let mut out = String::new();
        let a = frame(&["中文和English", "第二行", "", "三", "", "status"], 20, 6);
        s.draw(&a, &mut out);
        assert_eq!(emulate(&mut p, &out), visible(&a));
        let b = frame(&["中文和英文", "第二行 more", "x", "", "", "status 2"], 20, 6);
        out.clear();
        s.draw(&b, &mut out);
        assert_eq!(emulate(&mut p, &out), visible(&b));
    }

    #[test]
    fn no_cursor_moves_after_wide_characters() {
        let mut s = Screen::new(false, 0);
        let mut out = String::new();
        s.draw(&frame(&["国务院关于大力推进信息化发展和切实保障信息安全的若干意见"], 60, 1), &mut out);
        assert_eq!(out.matches('H').count(), 1, "{out:?}");
    }

    #[test]
    fn scrolling_the_body_scrolls_the_terminal() {
        let lines: Vec<String> = (0..40).map(|i| format!("第{i}行 line {i} 的内容")).collect();
        let view = |top: usize| {
            let mut rows: Vec<&str> = lines[top..top + 9].iter().map(String::as_str).collect();
            rows.push("status");
            frame(&rows, 30, 10)
        };
        let mut p = vt100::Parser::new(nz(10), nz(30), 0);
        let mut s = Screen::new(false, 1);
        let mut out = String::new();
        s.draw(&view(0), &mut out);
        emulate(&mut p, &out);
        for top in [1, 2, 5, 4, 3, 12] {
            out.clear();
            s.draw(&view(top), &mut out);
            assert_eq!(emulate(&mut p, &out), visible(&view(top)), "top {top}");
            if top == 1 {
                assert!(out.len() < 60, "one line of scrolling costs one line: {} bytes {out:?}", out.len());
            }
        }
    }

    #[test]
    fn styles_are_written_only_when_they_change() {
        let mut b = Buffer::empty(area(20, 1));
        put(&mut b, 0, 0, "bold", Style::new().add_modifier(Modifier::BOLD), 20, false);
        put(&mut b, 4, 0, "more", Style::new().add_modifier(Modifier::BOLD), 20, false);
        let mut s = Screen::new(false, 0);
        let mut out = String::new();
        s.draw(&b, &mut out);
        assert_eq!(out.matches("\x1b[0;1m").count(), 1, "{out:?}");
    }
}
