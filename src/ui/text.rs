//! Writing text into a buffer by display width, with our own width rules.
//!
//! ratatui's buffer measures with unicode-width's narrow widths. Under ambiguous-width `wide`,
//! “ ” — … · are two columns in the terminal, so each is written into one cell and the cell after
//! it is marked `skip` (drawn by the terminal as part of the wide character). Control and
//! zero-width characters are dropped, and variation selectors too (emoji presentation differs
//! between unicode-width and terminals such as tmux), so a line's width is never a guess.

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;

use crate::text::char_width;

/// Writes `text` at (`x`, `y`) in `style`, at most `max` columns; returns the columns used.
/// A character that does not fit entirely is not written.
pub fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, style: Style, max: usize, wide: bool) -> usize {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() {
        return 0;
    }
    let limit = max.min(area.right().saturating_sub(x) as usize);
    let mut used = 0usize;
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}') {
            continue;
        }
        let w = char_width(c, wide);
        if w == 0 {
            continue;
        }
        if used + w > limit {
            break;
        }
        let cx = x + used as u16;
        orphan_neighbours(buf, cx, w as u16, y);
        let cell = &mut buf[(cx, y)];
        cell.set_char(c).set_style(style);
        cell.set_diff_option(CellDiffOption::None);
        for k in 1..w {
            let next = &mut buf[(cx + k as u16, y)];
            next.reset();
            next.set_style(style);
            next.set_diff_option(CellDiffOption::Skip);
        }
        used += w;
    }
    used
}

/// Writing `w` cells at `x` cuts any wide character that straddles either edge: blank its
/// other half, as the terminal will.
fn orphan_neighbours(buf: &mut Buffer, x: u16, w: u16, y: u16) {
    let area = buf.area;
    if x > area.left() && buf[(x, y)].diff_option == CellDiffOption::Skip {
        let head = &mut buf[(x - 1, y)];
        head.set_symbol(" ");
    }
    let after = x + w;
    if after < area.right() && buf[(after, y)].diff_option == CellDiffOption::Skip {
        let tail = &mut buf[(after, y)];
        tail.set_symbol(" ");
        tail.set_diff_option(CellDiffOption::None);
    }
}

/// Fills `width` cells from (`x`, `y`) with spaces in `style`.
pub fn fill(buf: &mut Buffer, x: u16, y: u16, width: usize, style: Style) {
    let area = buf.area;
    if y < area.bottom() && x < area.right() {
        orphan_neighbours(buf, x, (width as u16).min(area.right() - x), y);
    }
    for k in 0..width as u16 {
        if x + k < area.right() && y < area.bottom() {
            let cell = &mut buf[(x + k, y)];
            cell.reset();
            cell.set_style(style);
        }
    }
}

/// `text` cut to `max` columns, with `ellipsis` when cut.
pub fn clip(text: &str, max: usize, wide: bool, ellipsis: &str) -> String {
    if crate::text::str_width(text, wide) <= max {
        return text.to_owned();
    }
    let room = max.saturating_sub(crate::text::str_width(ellipsis, wide));
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = char_width(c, wide);
        if w + cw > room {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push_str(ellipsis);
    out
}

/// Is this cell the hidden right half of a wide character?
pub fn is_continuation(cell: &ratatui::buffer::Cell) -> bool {
    cell.diff_option == CellDiffOption::Skip
}

/// The text a row shows, as a person sees it: the cells hidden under a wide character (by our
/// width rules, `wide` for ambiguous characters) are left out, whether or not the buffer marked
/// them (ratatui's `TestBackend` keeps the marks of neither).
pub fn row_text(buf: &Buffer, y: u16, wide: bool) -> String {
    let area = buf.area;
    let mut s = String::new();
    let mut x = area.left();
    while x < area.right() {
        let sym = buf[(x, y)].symbol();
        s.push_str(sym);
        let w = sym.chars().next().map_or(1, |c| char_width(c, wide)).max(1);
        x += w as u16;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn is_skip(b: &Buffer, x: u16, y: u16) -> bool {
        b[(x, y)].diff_option == CellDiffOption::Skip
    }

    #[test]
    fn wide_characters_take_two_cells_and_ambiguous_ones_follow_the_setting() {
        let mut b = Buffer::empty(Rect::new(0, 0, 10, 2));
        assert_eq!(put(&mut b, 0, 0, "中“a”", Style::new(), 10, false), 5);
        assert!(is_skip(&b, 1, 0) && !is_skip(&b, 2, 0));
        assert_eq!(row_text(&b, 0, false), "中“a”     ");
        assert_eq!(put(&mut b, 0, 1, "中“a”", Style::new(), 10, true), 7);
        assert!(is_skip(&b, 3, 1), "“ is two columns when ambiguous is wide");
        assert_eq!(
            put(&mut b, 0, 1, "中中中中中中", Style::new(), 7, false),
            6,
            "a character that does not fit is not written"
        );
    }

    #[test]
    fn overwriting_half_a_wide_character_blanks_the_other_half() {
        let mut b = Buffer::empty(Rect::new(0, 0, 6, 1));
        put(&mut b, 0, 0, "中文字", Style::new(), 6, false);
        put(&mut b, 1, 0, "|", Style::new(), 1, false);
        assert_eq!(row_text(&b, 0, false), " |文字");
        put(&mut b, 2, 0, "x", Style::new(), 1, false);
        assert_eq!(row_text(&b, 0, false), " |x 字");
    }

    #[test]
    fn clipping_adds_an_ellipsis() {
        assert_eq!(clip("二、实施“宽带中国”工程", 10, false, "…"), "二、实施“…");
        assert_eq!(clip("short", 10, false, "…"), "short");
    }
}
