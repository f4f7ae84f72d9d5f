//! What the reader's actions do: scrolling, sections, focus, layouts, versions, the outline.

use std::sync::Arc;

use super::{App, LibraryState, Screen, find_section};
use crate::keymap::Action;

impl App {
    pub(super) fn update_reader(&mut self, action: Action) {
        match action {
            Action::Search => {
                self.prompt = Some(super::Prompt::default());
                return;
            }
            Action::SearchNext | Action::SearchPrev => {
                self.search_step(action == Action::SearchNext);
                return;
            }
            // One key both starts a search and repeats it, as emacs's isearch does.
            Action::SearchOrNext | Action::SearchOrPrev => {
                if matches!(&self.screen, Screen::Reader(r) if r.search.is_some()) {
                    self.search_step(action == Action::SearchOrNext);
                } else {
                    self.prompt = Some(super::Prompt::default());
                }
                return;
            }
            Action::AddBookmark => {
                self.start_bookmark();
                return;
            }
            Action::NextFigure | Action::PrevFigure => {
                self.figure_step(action == Action::NextFigure);
                return;
            }
            Action::Figures => {
                self.open_figure_table();
                return;
            }
            Action::ToggleFigures => {
                self.settings.figures = !self.settings.figures;
                // The key is the active keymap's (less moves this action off f).
                let key = self.keymap.hint(crate::keymap::Mode::Reader, Action::ToggleFigures);
                let (now, then) = if self.settings.figures { ("on", "off") } else { ("off", "on") };
                self.message = Some(format!("figure highlighting {now} ({key}: {then})"));
                return;
            }
            _ => {}
        }
        let Screen::Reader(r) = &mut self.screen else { return };
        let d = &self.library.documents[r.doc];
        let page = r.height().max(2);
        if r.outline_focused && r.outline {
            match action {
                Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::Top | Action::Bottom => {
                    let n = r.version(d, r.focus).sections.len();
                    let step = |s: usize, by: isize| s.saturating_add_signed(by).min(n.saturating_sub(1));
                    r.outline_selected = match action {
                        Action::Down => step(r.outline_selected, 1),
                        Action::Up => step(r.outline_selected, -1),
                        Action::PageDown => step(r.outline_selected, page as isize),
                        Action::PageUp => step(r.outline_selected, -(page as isize)),
                        Action::Top => 0,
                        _ => n.saturating_sub(1),
                    };
                    r.number.clear();
                    return;
                }
                Action::Open => {
                    let v = r.version(d, r.focus);
                    let target = if r.number.is_empty() {
                        v.sections.get(r.outline_selected).map(|s| s.block)
                    } else {
                        let found = find_section(v, &r.number);
                        if found.is_none() {
                            self.message = Some(format!("no section {} in {}", r.number, v.id));
                        }
                        r.number.clear();
                        found.map(|s| v.sections[s].block)
                    };
                    if let Some(b) = target {
                        let f = r.focus;
                        r.jump_to_block(f, b);
                        r.outline_focused = false;
                    }
                    return;
                }
                Action::Close => {
                    if r.number.is_empty() {
                        r.outline_focused = false;
                    } else {
                        r.number.clear();
                    }
                    return;
                }
                _ => {}
            }
        }
        match action {
            Action::Down => r.scroll(1),
            Action::Up => r.scroll(-1),
            Action::HalfPageDown => r.scroll(page as isize / 2),
            Action::HalfPageUp => r.scroll(-(page as isize / 2)),
            Action::PageDown => r.scroll(page as isize - 1),
            Action::PageUp => r.scroll(-(page as isize - 1)),
            Action::Top => r.scroll_to_end(false),
            Action::Bottom => r.scroll_to_end(true),
            Action::NextSection | Action::PrevSection | Action::NextSectionAny | Action::PrevSectionAny => {
                let forward = matches!(action, Action::NextSection | Action::NextSectionAny);
                let any = matches!(action, Action::NextSectionAny | Action::PrevSectionAny);
                match r.section_target(d, forward, any) {
                    Some(b) => {
                        let f = r.focus;
                        r.jump_to_block(f, b);
                    }
                    None => {
                        self.message =
                            Some(if forward { "no next section".into() } else { "no previous section".into() })
                    }
                }
            }
            Action::SwitchFocus => {
                let can_outline = r.outline;
                if r.outline_focused {
                    r.outline_focused = false;
                    r.focus = 0;
                } else if r.two() && r.focus == 0 && r.view.geometry.second.is_some() {
                    r.focus = 1;
                } else if can_outline {
                    r.outline_focused = true;
                    r.outline_selected = r.current_section(d).unwrap_or(0);
                } else if r.two() {
                    r.focus = 1 - r.focus;
                }
                if r.view.geometry.second.is_none() {
                    r.relayout(d, self.size);
                }
            }
            Action::ToggleSync => {
                r.sync = !r.sync;
                if r.sync {
                    let f = r.focus;
                    r.sync_other(f);
                }
                r.relayout(d, self.size);
                if r.sync {
                    let f = r.focus;
                    let b = r.pos[f].block;
                    r.jump_to_block(f, b);
                }
                self.message =
                    Some(if r.sync { "scrolling together".into() } else { "scrolling the focused pane alone".into() });
            }
            Action::CycleLayout => {
                r.arrangement = r.arrangement.next();
                r.relayout(d, self.size);
                let got = r.view.geometry.arrangement;
                self.message = Some(if got == r.arrangement {
                    format!("layout: {}", got.label())
                } else {
                    format!("layout: {} (the terminal is too small for {})", got.label(), r.arrangement.label())
                });
            }
            Action::ToggleOutline => {
                // Hidden → shown and focused; shown → focused; focused → hidden.
                if r.outline && r.outline_focused {
                    r.outline = false;
                    r.outline_focused = false;
                } else {
                    r.outline = true;
                    r.outline_focused = true;
                    r.outline_selected = r.current_section(d).unwrap_or(0);
                }
                r.relayout(d, self.size);
            }
            Action::SwapPanes if r.two() => {
                r.versions.swap(0, 1);
                r.pos.swap(0, 1);
                r.focus = 1 - r.focus;
                r.alignment = r.alignment.as_deref().map(|a| Arc::new(a.flipped()));
                r.relayout(d, self.size);
            }
            Action::NextLeftVersion | Action::NextRightVersion => {
                let side = usize::from(action == Action::NextRightVersion);
                let n = d.versions.len();
                if n < 3 && r.two() {
                    self.message = Some("this document has no other version".into());
                    return;
                }
                if n < 2 {
                    self.message = Some("this document has one version".into());
                    return;
                }
                let other = r.versions[1 - side];
                let mut next = r.versions[side];
                loop {
                    next = (next + 1) % n;
                    if next != other {
                        break;
                    }
                }
                let doc = r.doc;
                let [a, b] = if side == 0 { [next, other] } else { [other, next] };
                let al = self.alignment(doc, a, b);
                let Screen::Reader(r) = &mut self.screen else { return };
                let d = &self.library.documents[r.doc];
                r.versions[side] = next;
                r.alignment = Some(al);
                r.relayout(d, self.size);
                r.sync_other(1 - side);
                let keep = r.pos[1 - side];
                r.jump_to_block(1 - side, keep.block);
                self.message =
                    Some(format!("{} pane: {}", if side == 0 { "left" } else { "right" }, d.versions[next].id));
            }
            Action::Library => {
                self.remember_position();
                let selected = match &self.screen {
                    Screen::Reader(r) => r.doc,
                    Screen::Library(l) => l.selected,
                };
                self.screen = Screen::Library(LibraryState { selected });
            }
            Action::Close if r.outline_focused => r.outline_focused = false,
            Action::Close if r.search.is_some() => {
                r.search = None;
                self.message = Some("search cleared".into());
            }
            _ => {}
        }
    }
}

impl App {
    /// What an action does while the key list is shown.
    pub(super) fn update_help(&mut self, action: Action) {
        let Some(super::Popup::Help { scroll }) = &mut self.popup else { return };
        let page = self.size.1.saturating_sub(4) as usize;
        match action {
            Action::Close | Action::Help => self.popup = None,
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => *scroll += page,
            Action::PageUp | Action::HalfPageUp => *scroll = scroll.saturating_sub(page),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = usize::MAX / 2,
            _ => {}
        }
    }

    /// What an action does in the library of documents.
    pub(super) fn update_library(&mut self, action: Action) {
        let Screen::Library(l) = &mut self.screen else { return };
        let n = self.library.documents.len();
        let last = n.saturating_sub(1);
        // Each document takes three rows.
        let page = (self.size.1.saturating_sub(4) as usize / 3).max(1);
        match action {
            Action::Down => l.selected = (l.selected + 1).min(last),
            Action::Up => l.selected = l.selected.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => l.selected = (l.selected + page).min(last),
            Action::PageUp | Action::HalfPageUp => l.selected = l.selected.saturating_sub(page),
            Action::Top => l.selected = 0,
            Action::Bottom => l.selected = last,
            Action::Open if n > 0 => {
                let i = l.selected;
                self.open(i);
            }
            _ => {}
        }
    }
}
