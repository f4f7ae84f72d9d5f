//! The figures table: year, value, each version's text around the figure, status, kind.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::text::{clip, fill, put};
use super::{At, Ctx};
use crate::app::figure_table::{FigureTable, SortBy, status_label};
use crate::app::figures::{FigureMarks, anchor};
use crate::app::reader::ReaderState;
use crate::figures::check::Status;
use crate::figures::{Figure, Kind, format_value};
use crate::model::Document;
use crate::text::{char_width, str_width};

/// Column widths, from the widest screen down.
#[derive(Debug, Clone, Copy)]
struct Columns {
    value: usize,
    text: usize,
    status: usize,
    kind: usize,
}

impl Columns {
    fn new(inner: usize, texts: usize) -> Columns {
        let wide = inner >= 110;
        let (value, status, kind) = if wide { (24, 10, 8) } else { (18, 9, 0) };
        // One version: nothing to compare, no status.
        let status = if texts > 1 { status } else { 0 };
        let fixed = 6 + value + status + kind + 2 * texts;
        let text = inner.saturating_sub(fixed) / texts.max(1);
        Columns { value, text, status, kind }
    }
}

/// Draws the table over `area`.
pub fn render(cx: &Ctx, t: &FigureTable, r: &ReaderState, d: &Document, keys: &str, area: Rect, buf: &mut Buffer) {
    let m = &r.figures;
    let visible = t.visible(m);
    let w = area.width.saturating_sub(4).clamp(20.min(area.width), 180);
    // As tall as the rows need (borders and the heading add three), so the text stays in view.
    let h = (visible.len().max(1) as u16 + 3).min(area.height.saturating_sub(2)).max(5.min(area.height));
    let rect = Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h);
    super::help::frame(cx, rect, buf);
    let inner_x = rect.x + 2;
    let inner_w = rect.width.saturating_sub(4) as usize;
    put(buf, inner_x, rect.y, &title(m, t, inner_w, cx.wide), cx.theme.border(), inner_w, cx.wide);
    let texts = if m.checked() { 2 } else { 1 };
    let cols = Columns::new(inner_w, texts);
    let ids = [d.versions[m.versions[0]].id.as_str(), d.versions[m.versions[1]].id.as_str()];
    // Column headings.
    let mut heads = vec![(6, "Year".to_owned()), (cols.value + 1, "Value".to_owned())];
    for id in ids.iter().take(texts) {
        heads.push((cols.text + 2, id.to_string()));
    }
    if cols.status > 0 {
        heads.push((cols.status, "Status".to_owned()));
    }
    if cols.kind > 0 {
        heads.push((cols.kind, "Kind".to_owned()));
    }
    let mut x = inner_x;
    for (width, text) in heads {
        put(buf, x, rect.y + 1, &text, cx.theme.status_focus(), width, cx.wide);
        x += width as u16;
    }
    let list_top = rect.y + 2;
    let rows = rect.height.saturating_sub(3) as usize;
    let cursor = t.cursor(&visible);
    let first = cursor.saturating_sub(rows / 2).min(visible.len().saturating_sub(rows));
    if visible.is_empty() {
        put(
            buf,
            inner_x,
            list_top,
            "no figures match — y: another year, t: facts too",
            cx.theme.dim(),
            inner_w,
            cx.wide,
        );
    }
    for (n, &k) in visible.iter().enumerate().skip(first).take(rows) {
        let y = list_top + (n - first) as u16;
        draw_row(cx, r, d, k, n == cursor, cols, At { x: inner_x, y, width: inner_w }, buf);
    }
    let count = format!(" {} of {} ", if visible.is_empty() { 0 } else { cursor + 1 }, visible.len());
    let cw = str_width(&count, cx.wide);
    let bottom = rect.bottom() - 1;
    put(
        buf,
        inner_x,
        bottom,
        &clip(keys, inner_w.saturating_sub(cw + 1), cx.wide, cx.theme.ellipsis()),
        cx.theme.border(),
        inner_w,
        cx.wide,
    );
    put(buf, rect.right().saturating_sub(cw as u16 + 2), bottom, &count, cx.theme.border(), cw, cx.wide);
}

/// The title: how many targets, how many the translation changed or lacks, the order, the
/// filter; the parts that do not fit in `width` columns are left out, least useful first.
fn title(m: &FigureMarks, t: &FigureTable, width: usize, wide: bool) -> String {
    let targets = m.rows.iter().filter(|r| r.kind == Kind::Target);
    let count = |s: Status| targets.clone().filter(|r| r.status == Some(s)).count();
    let (n, facts) = (targets.clone().count(), m.rows.len() - targets.clone().count());
    let facts = if facts > 0 { format!(", {facts} fact{}", if facts == 1 { "" } else { "s" }) } else { String::new() };
    let mut parts = vec![format!("Figures — {n} target{}{facts}", if n == 1 { "" } else { "s" })];
    if m.checked() && n > 0 {
        parts.push(format!("{} mismatch", count(Status::Mismatch)));
        parts.push(format!("{} missing", count(Status::Missing)));
    }
    parts.push(t.year.map_or("all years".to_owned(), |y| y.to_string()));
    parts.push(if t.targets_only { "targets only" } else { "with facts" }.to_owned());
    parts.push(match t.sort {
        SortBy::Position => "by position".to_owned(),
        SortBy::Year => "by year".to_owned(),
    });
    loop {
        let s = format!(" {} ", parts.join(" · "));
        if str_width(&s, wide) <= width || parts.len() == 1 {
            return s;
        }
        parts.pop();
    }
}

/// One row of the table: figure row `k` of the reader.
#[allow(clippy::too_many_arguments)]
fn draw_row(
    cx: &Ctx,
    r: &ReaderState,
    d: &Document,
    k: usize,
    selected: bool,
    cols: Columns,
    at: At,
    buf: &mut Buffer,
) {
    let m = &r.figures;
    let row = m.rows[k];
    let At { x, y, width } = at;
    let base = if selected { cx.theme.selected() } else { Style::new() };
    if selected {
        fill(buf, x, y, width, base);
    }
    let Some((_, f)) = anchor(m, &row) else { return };
    let dim = if row.kind == Kind::Fact { base.patch(cx.theme.dim()) } else { base };
    let mut cx_ = x;
    let cell = |cx_: &mut u16, text: &str, style: Style, w: usize, buf: &mut Buffer| {
        put(buf, *cx_, y, &clip(text, w.saturating_sub(1), cx.wide, cx.theme.ellipsis()), style, w, cx.wide);
        *cx_ += w as u16;
    };
    cell(&mut cx_, &row.year.map_or(String::new(), |y| y.to_string()), dim, 6, buf);
    let cmp = f.comparator.map_or(String::new(), |c| format!("{} ", c.symbol(cx.theme.ascii)));
    cell(&mut cx_, &format!("{cmp}{}", format_value(f.value, f.upper, f.unit)), dim, cols.value + 1, buf);
    let texts = if m.checked() { 2 } else { 1 };
    for side in 0..texts {
        if let Some(i) = row.fig[side] {
            let fig = &m.figs[side][i];
            let text = &r.version(d, side).blocks[fig.block as usize].text;
            let style = base.patch(cx.theme.figure(row.kind, row.status, false));
            kwic(cx, text, fig, At { x: cx_, y, width: cols.text }, (base.patch(cx.theme.dim()), style), buf);
        }
        cx_ += cols.text as u16 + 2;
    }
    let ids = [d.versions[m.versions[0]].id.as_str(), d.versions[m.versions[1]].id.as_str()];
    let flag = match row.status {
        Some(s @ (Status::Mismatch | Status::Missing)) => base.patch(cx.theme.figure_flag(s).1),
        _ => base,
    };
    if cols.status > 0 {
        cell(&mut cx_, &status_label(&row, ids), flag, cols.status, buf);
    }
    if cols.kind > 0 {
        cell(&mut cx_, if row.kind == Kind::Target { "target" } else { "fact" }, dim, cols.kind, buf);
    }
}

/// The figure in its context: a little of the text before it, the figure, then what follows,
/// cut to the column.
fn kwic(cx: &Ctx, text: &str, f: &Figure, at: At, (context, figure): (Style, Style), buf: &mut Buffer) {
    let At { x, y, width } = at;
    let (s, e) = (f.start as usize, f.end as usize);
    let Some(fig) = text.get(s..e) else { return };
    let fw = str_width(fig, cx.wide);
    let ell = cx.theme.ellipsis();
    // A third of the room left goes to the words before the figure.
    let budget = width.saturating_sub(fw) / 3;
    let mut from = s;
    let mut used = 0;
    for (i, c) in text[..s].char_indices().rev() {
        let w = char_width(c, cx.wide);
        if used + w > budget {
            break;
        }
        used += w;
        from = i;
    }
    let before = text[from..s].trim_start();
    let before = if from > 0 && !before.is_empty() {
        // Make room for the ellipsis that says the text goes on before.
        let mut b = before.chars();
        let mut cut = 0;
        while cut < str_width(ell, cx.wide) {
            cut += b.next().map_or(1, |c| char_width(c, cx.wide));
        }
        format!("{ell}{}", b.as_str())
    } else {
        before.to_owned()
    };
    let mut used = put(buf, x, y, &before, context, width, cx.wide);
    used += put(buf, x + used as u16, y, &clip(fig, width - used, cx.wide, ell), figure, width - used, cx.wide);
    if used < width {
        put(buf, x + used as u16, y, &clip(&text[e..], width - used, cx.wide, ell), context, width - used, cx.wide);
    }
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Cell;
    use ratatui::style::{Color, Modifier};

    use crate::app::Settings;
    use crate::figures::Kind;
    use crate::figures::check::Status;
    use crate::text::str_width;
    use crate::ui::testing::{app_on, draw, drawn_in, marked_rows, mistranslated, press, rows};
    use crate::ui::theme::Theme;

    /// Brackets for the figure styles of `settings`: [target] ⟦mismatch⟧ ⟪missing⟫ ‹fact›,
    /// {selected}.
    fn classes(settings: Settings) -> impl Fn(&Cell) -> Option<(&'static str, &'static str)> {
        let t = Theme::new(&settings);
        move |c: &Cell| {
            let is = |kind, status, sel| drawn_in(c, t.figure(kind, status, sel));
            let any_sel = [Kind::Target, Kind::Fact].into_iter().any(|k| {
                [None, Some(Status::Match), Some(Status::Mismatch), Some(Status::Missing)]
                    .into_iter()
                    .any(|s| is(k, s, true))
            });
            if any_sel {
                Some(("{", "}"))
            } else if is(Kind::Target, Some(Status::Mismatch), false) {
                Some(("⟦", "⟧"))
            } else if is(Kind::Target, Some(Status::Missing), false) {
                Some(("⟪", "⟫"))
            } else if is(Kind::Target, Some(Status::Match), false) {
                Some(("[", "]"))
            } else if is(Kind::Fact, Some(Status::Match), false) {
                Some(("‹", "›"))
            } else {
                None
            }
        }
    }

    /// The first row whose text contains `needle`.
    fn row_with(b: &ratatui::buffer::Buffer, needle: &str) -> u16 {
        let r = rows(b);
        r.iter().position(|s| s.contains(needle)).unwrap_or_else(|| panic!("no row with {needle}:\n{}", r.join("\n")))
            as u16
    }

    #[test]
    fn figures_are_highlighted_in_both_panes_and_the_selected_pair_lights_up() {
        let settings = Settings::default();
        let mut a = app_on(mistranslated(), (120, 40), settings, "<Enter> ]");
        press(&mut a, ">");
        let msg = a.message.clone().unwrap_or_default();
        let b = draw(&a);
        insta::assert_snapshot!(
            "figures_marked_120x40",
            format!("{msg}\n{}", marked_rows(&b, 0..39, classes(settings)).join("\n"))
        );
        // The selected figure and its counterpart are both reversed, one in each pane.
        let div = (0..120).find(|&x| b[(x, 5)].symbol() == "│").expect("divider");
        let selected = |range: std::ops::Range<u16>| {
            (0..39)
                .flat_map(|y| range.clone().map(move |x| (x, y)))
                .filter(|&(x, y)| b[(x, y)].modifier.contains(Modifier::REVERSED))
                .count()
        };
        assert!(selected(0..div) > 0 && selected(div + 1..120) > 0, "{msg}");
    }

    #[test]
    fn a_changed_target_is_red_and_flagged_beside_the_divider_with_and_without_colour() {
        for color in [true, false] {
            let settings = Settings { color, ..Settings::default() };
            let mut a = app_on(mistranslated(), (120, 40), settings, "<Enter>");
            // Step until the 18 → 17 trillion target is selected, then move off it.
            for _ in 0..4 {
                press(&mut a, ">");
                if a.message.as_deref().is_some_and(|m| m.contains("MISMATCH")) {
                    break;
                }
            }
            press(&mut a, ">");
            let b = draw(&a);
            let y = row_with(&b, "17 trillion");
            let div = (0..120).find(|&x| b[(x, y)].symbol() == "│").expect("divider");
            // The English pane's flag sits in the padding right of the bar.
            let flag = &b[(div + 1, y)];
            assert_eq!(flag.symbol(), "!", "row {y}");
            assert!(flag.modifier.contains(Modifier::BOLD));
            assert_eq!(flag.fg, if color { Color::LightRed } else { Color::Reset });
            let x = (div..120).find(|&x| b[(x, y)].symbol() == "1" && b[(x + 1, y)].symbol() == "7").unwrap();
            let cell = &b[(x, y)];
            if color {
                assert_eq!((cell.fg, cell.bg), (Color::White, Color::Red));
            } else {
                assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
                assert!(cell.modifier.contains(Modifier::ITALIC | Modifier::UNDERLINED | Modifier::BOLD));
            }
            // The Chinese side of the same target is marked the same way and flagged left of the bar.
            let zh = (0..div).filter(|&x| b[(x, y)].symbol() == "万").map(|x| &b[(x, y)]).collect::<Vec<_>>();
            let yz = row_with(&b, "18万亿元");
            assert!(zh.is_empty() || yz == y);
            assert_eq!(b[(div - 1, yz)].symbol(), "!", "row {yz}");
        }
    }

    #[test]
    fn f_turns_the_highlighting_off_and_on() {
        let settings = Settings::default();
        let mut a = app_on(mistranslated(), (120, 40), settings, "<Enter> ]");
        let count = |a: &crate::app::App| marked_rows(&draw(a), 0..39, classes(settings)).concat().matches('[').count();
        let on = count(&a);
        assert!(on > 0);
        press(&mut a, "f");
        assert_eq!(count(&a), 0);
        assert!(a.message.clone().unwrap_or_default().contains("off"), "{:?}", a.message);
        press(&mut a, "f");
        assert_eq!(count(&a), on);
    }

    #[test]
    fn the_panel_at_two_sizes() {
        for (w, h) in [(120u16, 40u16), (80, 24)] {
            let mut a = app_on(mistranslated(), (w, h), Settings::default(), "<Enter> F");
            let b = draw(&a);
            insta::assert_snapshot!(format!("figures_panel_{w}x{h}"), rows(&b).join("\n"));
            for (y, r) in rows(&b).iter().enumerate() {
                assert_eq!(str_width(r, false), w as usize, "{w}x{h} row {y}");
            }
            // The highlighted row is reversed; the status column names the mismatch.
            let text = rows(&b).join("\n");
            assert!(text.contains("mismatch") && text.contains("no en"), "{text}");
            let y = row_with(&b, "> 18 trillion");
            let x = (0..w).find(|&x| b[(x, y)].symbol() == "Y" || b[(x, y)].symbol() == "2").unwrap();
            assert!(b[(x, y)].modifier.contains(Modifier::REVERSED), "the cursor row is reversed");
            let y9 = row_with(&b, "> 9%");
            assert!(!b[(x, y9)].modifier.contains(Modifier::REVERSED));
            press(&mut a, "s y t");
            insta::assert_snapshot!(format!("figures_panel_{w}x{h}_year_targets"), rows(&draw(&a)).join("\n"));
        }
    }

    #[test]
    fn a_chinese_only_plan_has_no_status_column() {
        let a = crate::ui::testing::app((120, 40), Settings::default(), "j j <Enter> F");
        let text = rows(&draw(&a)).join("\n");
        assert!(text.contains("Figures — 18 targets"), "{text}");
        assert!(!text.contains("Status") && !text.contains("mismatch"), "{text}");
        insta::assert_snapshot!("figures_panel_shanwei", text);
        // The 2006 Strategy states facts only (its 2005 figures).
        let a = crate::ui::testing::app((120, 40), Settings::default(), "<Enter> F");
        let text = rows(&draw(&a)).join("\n");
        assert!(text.contains("Figures — 0 targets, 3 facts · all years"), "{text}");
    }
}
