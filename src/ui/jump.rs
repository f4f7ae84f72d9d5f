//! The jump popup: the query, and the matching sections with the heading in both languages,
//! its number and level, the matched characters marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text::{clip, fill, put};
use super::{At, Ctx};
use crate::app::jump::JumpState;
use crate::model::Library;
use crate::search::jump::{Index, Label};
use crate::text::{char_width, str_width};

/// Draws the jump popup over `area`.
pub fn render(cx: &Ctx, st: &JumpState, index: Option<&Index>, lib: &Library, area: Rect, buf: &mut Buffer) {
    let w = area.width.saturating_sub(4).clamp(20.min(area.width), 120);
    let h = area.height.saturating_sub(2).max(4.min(area.height));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    super::help::frame(cx, rect, buf);
    let scope = match (st.all_docs, st.doc.is_some()) {
        (true, true) => " Jump — all documents (Tab: this one) ",
        (true, false) => " Jump — all documents ",
        (false, _) => " Jump — this document (Tab: all) ",
    };
    put(buf, rect.x + 2, rect.y, scope, cx.theme.border(), rect.width.saturating_sub(4) as usize, cx.wide);
    let inner_x = rect.x + 2;
    let inner_w = rect.width.saturating_sub(4) as usize;
    let used = put(buf, inner_x, rect.y + 1, "> ", cx.theme.border(), inner_w, cx.wide);
    let typed = put(buf, inner_x + used as u16, rect.y + 1, &st.input, Style::new(), inner_w - used, cx.wide);
    put(buf, inner_x + (used + typed) as u16, rect.y + 1, " ", cx.theme.selected(), 1, cx.wide);
    let Some(index) = index else {
        let waiting = format!("Indexing the headings of {} documents…", super::library::thousands(lib.documents.len()));
        put(buf, inner_x, rect.y + 2, &waiting, cx.theme.dim(), inner_w, cx.wide);
        return;
    };
    let list_top = rect.y + 2;
    let rows = rect.height.saturating_sub(3) as usize;
    let first = st.selected.saturating_sub(rows.saturating_sub(1));
    let count = if st.hits.is_empty() && !st.input.is_empty() {
        " no section matches ".to_owned()
    } else {
        format!(" {} of {} ", st.hits.len().min(st.selected + 1).max(usize::from(!st.hits.is_empty())), st.hits.len())
    };
    let cw = str_width(&count, cx.wide) as u16;
    put(buf, rect.right().saturating_sub(cw + 2), rect.bottom() - 1, &count, cx.theme.border(), cw as usize, cx.wide);
    let doc_w = if st.all_docs { 12 } else { 0 };
    for (k, hit) in st.hits.from(first).enumerate().map(|(k, h)| (first + k, h)).take(rows) {
        let y = list_top + (k - first) as u16;
        let e = &index.entries[hit.entry as usize];
        let selected = k == st.selected;
        let base = if selected { cx.theme.selected() } else { Style::new() };
        if selected {
            fill(buf, inner_x, y, inner_w, base);
        }
        let mut x = inner_x;
        if doc_w > 0 {
            let d = &lib.documents[e.doc as usize];
            let name = format!(
                "{} {}",
                d.year.map_or(String::new(), |y| y.to_string()),
                d.title.zh.as_deref().or(d.title.en.as_deref()).unwrap_or(&d.id)
            );
            put(
                buf,
                x,
                y,
                &clip(&name, doc_w - 1, cx.wide, cx.theme.ellipsis()),
                base.patch(cx.theme.dim()),
                doc_w,
                cx.wide,
            );
            x += doc_w as u16;
        }
        let path = format!("{:>6} ", index.path(e));
        x += put(buf, x, y, &path, base.patch(cx.theme.dim()), 7, cx.wide) as u16;
        let indent = 2 * e.level.saturating_sub(1) as usize;
        x += indent as u16;
        let rest = inner_w.saturating_sub((x - inner_x) as usize);
        let zh_w = if e.has_en() && e.has_zh() { rest * 11 / 20 } else { rest };
        if let Some(l) = index.zh(e) {
            marked(cx, buf, At { x, y, width: zh_w.saturating_sub(2) }, &l, hit.zh_marks, base, false);
        }
        if let Some(l) = index.en(e) {
            let ex = if e.has_zh() { x + zh_w as u16 } else { x };
            marked(
                cx,
                buf,
                At { x: ex, y, width: rest.saturating_sub(if e.has_zh() { zh_w } else { 0 }) },
                &l,
                hit.en_marks,
                base,
                true,
            );
        }
    }
}

/// A heading with its matched characters marked, cut to `width` columns.
fn marked(cx: &Ctx, buf: &mut Buffer, at: At, l: &Label<'_>, marks: &[u16], base: Style, english: bool) {
    let At { x, y, width } = at;
    let sep = if !l.marker.is_empty() && english { " " } else { "" };
    let mut used = put(buf, x, y, &format!("{}{sep}", l.marker), base, width, cx.wide);
    let ell = cx.theme.ellipsis();
    let limit =
        if used + str_width(l.title, cx.wide) > width { width.saturating_sub(str_width(ell, cx.wide)) } else { width };
    for (i, c) in l.title.chars().enumerate() {
        if used + char_width(c, cx.wide) > limit {
            put(buf, x + used as u16, y, ell, base, width.saturating_sub(used), cx.wide);
            return;
        }
        let style = if marks.contains(&(i as u16)) { base.patch(cx.theme.matched()) } else { base };
        used += put(buf, x + used as u16, y, &c.to_string(), style, width.saturating_sub(used), cx.wide);
    }
}
