//! From keys to actions: the mode a key is read in, the keymap (data) that names its action,
//! and the state update that action makes.

use super::{App, Popup, Screen};
use crate::keymap::{Action, Key, Lookup, Mode};
use crate::model::numbering::is_han_numeral;

impl App {
    /// The mode keys are looked up in.
    pub fn mode(&self) -> Mode {
        // A note is typed over the bookmark list.
        if self.prompt.is_some() {
            return Mode::Prompt;
        }
        match &self.popup {
            Some(Popup::Jump(_)) => return Mode::Jump,
            Some(Popup::Help { .. }) => return Mode::Popup,
            Some(Popup::Figures(_)) => return Mode::Figures,
            Some(Popup::Bookmarks(_)) => return Mode::Bookmarks,
            None => {}
        }
        match &self.screen {
            Screen::Library(_) => Mode::Library,
            Screen::Reader(r) if r.outline_focused && r.outline => Mode::Outline,
            Screen::Reader(_) => Mode::Reader,
        }
    }

    /// Keys that arrived together, handled in order as by [`App::key`], except that the work
    /// they make due (the jump popup's search) is done once, after the last of them: typing
    /// faster than a search over half a million headings, or pasting, costs one search.
    pub fn keys(&mut self, keys: &[Key]) {
        self.batch = true;
        for &k in keys {
            if self.quit {
                break;
            }
            self.key(k);
        }
        self.batch = false;
        self.settle_jump();
    }

    /// A key was pressed.
    pub fn key(&mut self, key: Key) {
        let mode = self.mode();
        // Digits typed in the outline pick a section by number.
        if mode == Mode::Outline
            && let Some(c) = char_of(key).filter(|c| c.is_ascii_digit() || *c == '.' || is_han_numeral(*c))
            && self.pending.is_empty()
        {
            if let Screen::Reader(r) = &mut self.screen {
                r.number.push(c);
            }
            return;
        }
        if mode.takes_text() && self.pending.is_empty() {
            match self.keymap.lookup(mode, &[key]) {
                Lookup::Matched(action) => self.update(action),
                _ => {
                    if let Some(c) = char_of(key) {
                        self.type_char(c);
                    }
                }
            }
            return;
        }
        self.pending.push(key);
        match self.keymap.lookup(mode, &self.pending) {
            Lookup::Matched(action) => {
                self.pending.clear();
                self.message = None;
                self.update(action);
            }
            Lookup::Pending => {}
            Lookup::NotFound => {
                let typed = crate::keymap::key::print_sequence(&self.pending);
                self.pending.clear();
                if key != Key::plain(crate::keymap::Code::Esc) {
                    let help = self.keymap.hint(mode, Action::Help);
                    self.message = Some(format!("{typed} is not bound here — {help} for help"));
                }
            }
        }
    }

    /// Carries out an action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.remember_position();
            self.quit = true;
            return;
        }
        if self.prompt.is_some() {
            self.update_prompt(action);
            return;
        }
        match self.popup {
            Some(Popup::Jump(_)) => return self.update_jump(action),
            Some(Popup::Figures(_)) => return self.update_figure_table(action),
            Some(Popup::Bookmarks(_)) => return self.update_bookmarks(action),
            _ => {}
        }
        if matches!(self.popup, Some(Popup::Help { .. })) {
            self.update_help(action);
            return;
        }
        if self.loading.is_some() && action != Action::Help {
            return self.update_while_loading(action);
        }
        match action {
            Action::Help => {
                self.popup = Some(Popup::Help { scroll: 0 });
                return;
            }
            Action::Jump => {
                self.open_jump();
                return;
            }
            Action::Bookmarks => {
                self.open_bookmarks();
                return;
            }
            _ => {}
        }
        match &mut self.screen {
            Screen::Library(_) => self.update_library(action),
            Screen::Reader(_) => {
                self.update_reader(action);
                self.refresh_figures();
            }
        }
    }
}

fn char_of(key: Key) -> Option<char> {
    match key.code {
        crate::keymap::Code::Char(c) if !key.ctrl && !key.alt => Some(c),
        _ => None,
    }
}
