//! The status line: the document, the section path in the focused language, the position,
//! the versions on screen, and the key for help. Messages take the middle.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Ctx;
use ratatui::style::Style;

use super::text::{clip, fill, put};
use crate::app::reader::ReaderState;
use crate::app::{App, PromptFor, Screen};
use crate::keymap::{Action, Mode};
use crate::model::Document;
use crate::text::str_width;

/// Draws the status line.
pub fn render(cx: &Ctx, app: &App, rect: Rect, buf: &mut Buffer) {
    let style = cx.theme.status();
    fill(buf, rect.x, rect.y, rect.width as usize, style);
    if let Some(p) = &app.prompt {
        // Typing a search or a note: the prompt, a block cursor, and how to finish.
        let (lead, verb) = match p.purpose {
            PromptFor::Search => ("/", "search"),
            PromptFor::NewBookmark(_) => ("note (optional): ", "bookmark"),
            PromptFor::EditNote(_) => ("note: ", "save"),
        };
        // The keys of the active keymap, not the default's.
        let key = |a| hint(app, Mode::Prompt, a).unwrap_or_else(|| a.name().to_owned());
        let (open, close) = (key(Action::Open), key(Action::Close));
        let sep = if cx.theme.ascii { ", " } else { " · " };
        let history = match (&p.purpose, cx.theme.ascii) {
            (PromptFor::Search, false) => format!("{sep}↑↓ history"),
            _ => String::new(),
        };
        let hint = format!(" {open} {verb}{sep}{close} cancel{history} ");
        let hint = hint.as_str();
        let room = (rect.width as usize).saturating_sub(str_width(hint, cx.wide) + 2);
        let text = format!("{lead}{}", p.input);
        // Keep the end of a long query in view.
        let shown = tail(&text, room.saturating_sub(1), cx.wide);
        let used = put(buf, rect.x, rect.y, &shown, Style::new(), room, cx.wide);
        put(buf, rect.x + used as u16, rect.y, " ", style, 1, cx.wide);
        let hx = rect.right().saturating_sub(str_width(hint, cx.wide) as u16);
        put(buf, hx, rect.y, hint, style, rect.width as usize, cx.wide);
        return;
    }
    // A message takes the help hint's room too.
    let help = match app.message {
        Some(_) => String::new(),
        None => hint(app, app.mode(), Action::Help).map(|k| format!("{k} help")).unwrap_or_default(),
    };
    let pending = if app.pending.is_empty() {
        String::new()
    } else {
        format!("{}… ", crate::keymap::key::print_sequence(&app.pending))
    };
    let (left, middle, versions, right) = match &app.screen {
        Screen::Library(_) => {
            let n = app.library.documents.len();
            let open = hint(app, Mode::Library, Action::Open).unwrap_or_default();
            let what = match app.progress() {
                Some((done, files)) if files > 0 => {
                    format!("importing {}/{} files", super::library::thousands(done), super::library::thousands(files))
                }
                Some(_) => "importing".to_owned(),
                None => format!("{} document{}", super::library::thousands(n), if n == 1 { "" } else { "s" }),
            };
            (format!(" duizhao 对照 · {what}"), format!("{open} open"), None, format!("{pending}{help} "))
        }
        Screen::Reader(r) => {
            let d = &app.library.documents[r.doc];
            let doc = d
                .number
                .zh
                .clone()
                .or_else(|| d.title.zh.clone())
                .or_else(|| d.title.en.clone())
                .unwrap_or_else(|| d.id.clone());
            let doc = clip(&doc, (rect.width as usize / 5).max(8), cx.wide, cx.theme.ellipsis());
            let pos = position(r);
            let sync = if r.two() && !r.sync { " solo" } else { "" };
            let hits = r.search.as_ref().map_or(String::new(), |s| match (s.current, s.order.len()) {
                (_, 0) => " 0 hits".to_owned(),
                (Some(c), n) => format!(" {}/{n}", c + 1),
                (None, n) => format!(" {n} hits"),
            });
            (format!(" {doc} "), section_path(cx, r, d), Some(r), format!("{hits} {pos}{sync} {pending}{help} "))
        }
    };
    let width = rect.width as usize;
    // Right side: versions (focused one bold), position, help.
    let vers: Vec<(String, bool)> = match versions {
        Some(r) if r.two() => {
            let d = &app.library.documents[r.doc];
            vec![
                (r.version(d, 0).id.clone(), r.focus == 0 && !r.outline_focused),
                (r.version(d, 1).id.clone(), r.focus == 1 && !r.outline_focused),
            ]
        }
        Some(r) => vec![(r.version(&app.library.documents[r.doc], r.focus).id.clone(), true)],
        None => vec![],
    };
    let vers_w: usize =
        vers.iter().map(|(v, f)| str_width(v, cx.wide) + 1 + if *f && vers.len() > 1 { 2 } else { 0 }).sum::<usize>();
    let right_w = str_width(&right, cx.wide) + vers_w + 1;
    let left = left_or_room(cx, app, left, width.saturating_sub(right_w + 2));
    let mut x = rect.x;
    let used = put(buf, x, rect.y, &left, style, width, cx.wide);
    x += used as u16;
    let room = width.saturating_sub(used + right_w + 2);
    let middle_text = app.message.clone().unwrap_or(middle);
    let mstyle = if app.message.is_some() { cx.theme.message() } else { style };
    let m = clip(&middle_text, room, cx.wide, cx.theme.ellipsis());
    put(buf, x + 1, rect.y, &m, mstyle, room, cx.wide);
    // Right-align the rest.
    let mut rx = rect.right().saturating_sub(right_w as u16);
    // The versions on screen, the focused one in brackets: "[zh] en".
    for (id, focused) in &vers {
        let s = if *focused { style.patch(cx.theme.status_focus()) } else { style };
        let text = if *focused && vers.len() > 1 { format!("[{id}]") } else { id.clone() };
        rx += put(buf, rx, rect.y, " ", style, 1, cx.wide) as u16;
        rx += put(buf, rx, rect.y, &text, s, width, cx.wide) as u16;
    }
    put(buf, rx, rect.y, &right, style, width, cx.wide);
}

/// The document label, or a single space when a message would not fit beside it: what the
/// message says (a mismatch, a count) matters more than the label the user already knows.
fn left_or_room(cx: &Ctx, app: &App, left: String, room: usize) -> String {
    match &app.message {
        Some(m) if str_width(&left, cx.wide) + str_width(m, cx.wide) > room => " ".to_owned(),
        _ => left,
    }
}

/// The key to show for an action: a named key (`<Enter>`, `<Esc>`) when one is bound, since those
/// are what people look for, else the first character key.
fn hint(app: &App, mode: Mode, action: Action) -> Option<String> {
    let keys = app.keymap.keys_for(mode, action);
    // Enter and Esc are what people look for first; then any other named key.
    let usual = keys.iter().find(|k| *k == "<Enter>" || *k == "<Esc>");
    let named = usual.or_else(|| keys.iter().find(|k| k.starts_with('<') && !k.contains("Wheel"))).cloned();
    match action {
        Action::Open | Action::Close => named.or_else(|| keys.first().cloned()),
        _ => keys.iter().find(|k| !k.starts_with('<')).cloned().or(named),
    }
}

/// The keys of the figures table, for its bottom border: " Enter go · s sort · y year · … ".
pub fn figure_keys(app: &App) -> String {
    let keys = [
        (Action::Open, "go"),
        (Action::SortFigures, "sort"),
        (Action::NextYear, "year"),
        (Action::ToggleFacts, "facts"),
        (Action::Close, "close"),
    ];
    popup_keys(app, Mode::Figures, &keys)
}

/// The keys of the bookmark list, for its bottom border.
pub fn bookmark_keys(app: &App) -> String {
    let keys = [
        (Action::Open, "go"),
        (Action::DeleteBookmark, "delete"),
        (Action::UndoDelete, "undo"),
        (Action::EditNote, "note"),
        (Action::Close, "close"),
    ];
    popup_keys(app, Mode::Bookmarks, &keys)
}

/// " KEY what · KEY what … " for the actions of `mode` that have a key in the active keymap.
fn popup_keys(app: &App, mode: Mode, actions: &[(Action, &str)]) -> String {
    let parts: Vec<String> =
        actions.iter().filter_map(|(a, what)| hint(app, mode, *a).map(|k| format!("{k} {what}"))).collect();
    format!(" {} ", parts.join(" · "))
}

/// The last `max` columns of `s`.
fn tail(s: &str, max: usize, wide: bool) -> String {
    let mut w = 0;
    let mut out: Vec<char> = Vec::new();
    for c in s.chars().rev() {
        let cw = crate::text::char_width(c, wide);
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.into_iter().rev().collect()
}

/// "Top", "Bot", "All" or a percentage.
fn position(r: &ReaderState) -> String {
    let side = r.focus;
    let (top, rows, h) = (r.top_row(side), r.rows(side), r.height());
    if rows <= h {
        "All".into()
    } else if top == 0 {
        "Top".into()
    } else if top + h >= rows {
        "Bot".into()
    } else {
        format!("{:>2}%", top * 100 / (rows - h))
    }
}

/// The section path of the focused pane: 二、实施“宽带中国”工程 › （一）加快发展宽带网络.
pub fn section_path(cx: &Ctx, r: &ReaderState, d: &Document) -> String {
    let v = r.version(d, r.focus);
    let Some(s) = r.current_section(d) else { return String::new() };
    v.heading_path(v.sections[s].block).join(cx.theme.path_sep())
}
