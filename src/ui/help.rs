//! The help popup, generated from the active keymap: every bound action of each mode with its
//! keys and description, the current mode first. Nothing here is written twice.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::Ctx;
use super::text::{clip, fill, put};
use crate::keymap::{Keymap, Mode, action};

/// The help text for `keymap`, current mode first: (keys, description) rows, with mode headings
/// as rows whose keys are empty.
pub fn lines(keymap: &Keymap, current: Mode) -> Vec<(String, String)> {
    let mut modes = vec![current];
    modes.extend(Mode::ALL.iter().copied().filter(|m| *m != current));
    let mut out = Vec::new();
    for mode in modes {
        let rows: Vec<(String, String)> = action::ALL
            .iter()
            .filter_map(|a| {
                let keys = keymap.keys_for(mode, *a);
                (!keys.is_empty()).then(|| (keys.join(", "), a.doc().to_owned()))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push((String::new(), String::new()));
        }
        out.push((String::new(), format!("{} keys", mode.name())));
        out.extend(rows);
    }
    out
}

/// Draws an empty popup box (border in the theme's glyphs) over `rect`.
pub fn frame(cx: &Ctx, rect: Rect, buf: &mut Buffer) {
    if rect.width < 2 || rect.height < 2 {
        return;
    }
    let (tl, tr, bl, br, hz, vt) =
        if cx.theme.ascii { ("+", "+", "+", "+", "-", "|") } else { ("┌", "┐", "└", "┘", "─", "│") };
    let border = cx.theme.border();
    for y in rect.top()..rect.bottom() {
        fill(buf, rect.x, y, rect.width as usize, Style::new());
        let (l, r) = if y == rect.top() {
            (tl, tr)
        } else if y + 1 == rect.bottom() {
            (bl, br)
        } else {
            (vt, vt)
        };
        put(buf, rect.x, y, l, border, 1, cx.wide);
        put(buf, rect.right() - 1, y, r, border, 1, cx.wide);
        if y == rect.top() || y + 1 == rect.bottom() {
            for x in rect.x + 1..rect.right() - 1 {
                put(buf, x, y, hz, border, 1, cx.wide);
            }
        }
    }
}

/// Draws the help popup over `area`, scrolled by `scroll` rows.
pub fn render(cx: &Ctx, keymap: &Keymap, current: Mode, scroll: usize, area: Rect, buf: &mut Buffer) {
    let rows = lines(keymap, current);
    let w = (area.width.saturating_sub(4)).min(96).max(20.min(area.width));
    let h = area.height.saturating_sub(2).max(3.min(area.height));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    frame(cx, rect, buf);
    let border = cx.theme.border();
    put(buf, rect.x + 2, rect.y, " Keys — Esc closes ", border, rect.width.saturating_sub(4) as usize, cx.wide);
    let inner = rect.width.saturating_sub(4) as usize;
    let body_h = rect.height.saturating_sub(2) as usize;
    let key_w = rows.iter().map(|r| crate::text::str_width(&r.0, cx.wide)).max().unwrap_or(0).min(inner / 2);
    let scroll = scroll.min(rows.len().saturating_sub(body_h));
    for (k, (keys, doc)) in rows.iter().skip(scroll).take(body_h).enumerate() {
        let y = rect.y + 1 + k as u16;
        if keys.is_empty() {
            put(buf, rect.x + 2, y, doc, cx.theme.current(), inner, cx.wide);
            continue;
        }
        put(
            buf,
            rect.x + 2,
            y,
            &clip(keys, key_w, cx.wide, cx.theme.ellipsis()),
            cx.theme.status_focus(),
            key_w,
            cx.wide,
        );
        put(
            buf,
            rect.x + 4 + key_w as u16,
            y,
            &clip(doc, inner.saturating_sub(key_w + 2), cx.wide, cx.theme.ellipsis()),
            Style::new(),
            inner,
            cx.wide,
        );
    }
}
