//! The application state and its update function: key → keymap → action → new state.
//!
//! `App::key` and `App::update` do no I/O and know nothing of the terminal; the event loop in
//! [`crate::tui`] feeds them events and draws [`crate::ui::render`] of the result.

mod actions;
pub mod find;
pub mod geometry;
pub mod reader;

use std::collections::HashMap;
use std::sync::Arc;

use crate::align::{Alignment, align};
use crate::keymap::{Action, Key, Keymap, Lookup, Mode};
use crate::model::Library;
use crate::positions::{Positions, Saved, fingerprint, resolve_block};
use reader::ReaderState;

/// Display settings chosen at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// East-Asian ambiguous characters (“ ” — … · ①) are two columns wide in this terminal.
    pub wide: bool,
    /// Use only ASCII for borders and markers (implied by `wide`).
    pub ascii: bool,
    /// Use colours (off with `NO_COLOR`).
    pub color: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { wide: false, ascii: false, color: true }
    }
}

/// The list of documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibraryState {
    /// The highlighted document.
    pub selected: usize,
}

/// Which screen is up.
#[derive(Debug, Clone)]
pub enum Screen {
    /// The library.
    Library(LibraryState),
    /// The reader.
    Reader(Box<ReaderState>),
}

/// A window over the screen.
#[derive(Debug)]
pub enum Popup {
    /// The keys of the active keymap, scrolled by `scroll` rows.
    Help {
        /// Rows scrolled.
        scroll: usize,
    },
    /// Jump to a section.
    Jump(Box<find::JumpState>),
}

/// A one-line prompt on the status line (search).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    /// What has been typed.
    pub input: String,
    /// Position in the search history while browsing it with ↑/↓.
    pub history_pos: Option<usize>,
}

/// Everything the reader knows.
#[derive(Debug)]
pub struct App {
    /// The documents.
    pub library: Library,
    /// The active key bindings.
    pub keymap: Keymap,
    /// Display settings.
    pub settings: Settings,
    /// Terminal size.
    pub size: (u16, u16),
    /// The screen that is up.
    pub screen: Screen,
    /// A popup over it.
    pub popup: Option<Popup>,
    /// Keys typed so far of a multi-key binding.
    pub pending: Vec<Key>,
    /// A message for the status line.
    pub message: Option<String>,
    /// The user asked to quit.
    pub quit: bool,
    /// Reading positions (loaded at start, updated as documents are closed).
    pub positions: Positions,
    /// The search prompt, while typing a search.
    pub prompt: Option<Prompt>,
    /// Searches made in this session, oldest first.
    pub history: Vec<String>,
    /// The jump index, built the first time the jump popup opens.
    pub index: Option<Arc<crate::search::jump::Index>>,
    alignments: HashMap<(usize, usize, usize), Arc<Alignment>>,
}

impl App {
    /// A new app on `library`: the reader if it holds one document, else the library screen.
    pub fn new(library: Library, keymap: Keymap, settings: Settings, positions: Positions) -> App {
        let single = library.documents.len() == 1;
        let mut app = App {
            library,
            keymap,
            settings,
            size: (80, 24),
            screen: Screen::Library(LibraryState::default()),
            popup: None,
            pending: Vec::new(),
            message: None,
            quit: false,
            positions,
            prompt: None,
            history: Vec::new(),
            index: None,
            alignments: HashMap::new(),
        };
        if single {
            app.open(0);
        }
        app
    }

    /// The mode keys are looked up in.
    pub fn mode(&self) -> Mode {
        match &self.popup {
            Some(Popup::Jump(_)) => return Mode::Jump,
            Some(Popup::Help { .. }) => return Mode::Popup,
            None => {}
        }
        if self.prompt.is_some() {
            return Mode::Prompt;
        }
        match &self.screen {
            Screen::Library(_) => Mode::Library,
            Screen::Reader(r) if r.outline_focused && r.outline => Mode::Outline,
            Screen::Reader(_) => Mode::Reader,
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.relayout();
    }

    fn relayout(&mut self) {
        if let Screen::Reader(r) = &mut self.screen {
            let d = &self.library.documents[r.doc];
            r.relayout(d, self.size);
        }
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
                    self.message = Some(format!("{typed} is not bound here — ? for help"));
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
        if matches!(self.popup, Some(Popup::Jump(_))) {
            self.update_jump(action);
            return;
        }
        if self.prompt.is_some() {
            self.update_prompt(action);
            return;
        }
        if let Some(Popup::Help { scroll }) = &mut self.popup {
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
            return;
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
            _ => {}
        }
        match &mut self.screen {
            Screen::Library(l) => {
                let n = self.library.documents.len();
                let page = self.size.1.saturating_sub(4) as usize / 3;
                match action {
                    Action::Down => l.selected = (l.selected + 1).min(n.saturating_sub(1)),
                    Action::Up => l.selected = l.selected.saturating_sub(1),
                    Action::PageDown | Action::HalfPageDown => {
                        l.selected = (l.selected + page.max(1)).min(n.saturating_sub(1))
                    }
                    Action::PageUp | Action::HalfPageUp => l.selected = l.selected.saturating_sub(page.max(1)),
                    Action::Top => l.selected = 0,
                    Action::Bottom => l.selected = n.saturating_sub(1),
                    Action::Open if n > 0 => {
                        let i = l.selected;
                        self.open(i);
                    }
                    _ => {}
                }
            }
            Screen::Reader(_) => self.update_reader(action),
        }
    }

    /// The alignment of versions `a` (left) and `b` (right) of document `doc`, cached.
    pub(crate) fn alignment(&mut self, doc: usize, a: usize, b: usize) -> Arc<Alignment> {
        if let Some(al) = self.alignments.get(&(doc, a, b)) {
            return al.clone();
        }
        let al = match self.alignments.get(&(doc, b, a)) {
            Some(flipped) => Arc::new(flipped.flipped()),
            None => {
                let d = &self.library.documents[doc];
                Arc::new(align(&d.versions[a], &d.versions[b]))
            }
        };
        self.alignments.insert((doc, a, b), al.clone());
        al
    }

    /// Opens document `i` in the reader, where it was last left.
    pub fn open(&mut self, i: usize) {
        let Some(d) = self.library.documents.get(i) else { return };
        let saved = self.positions.documents.get(&d.id).cloned();
        let find = |id: &str| d.versions.iter().position(|v| v.id == id);
        let n = d.versions.len();
        let (mut left, mut right) = (0, n.saturating_sub(1));
        // Chinese left, English right by default: the last version is English when there is one.
        if n > 1
            && let Some(en) = d.versions.iter().position(|v| v.lang == crate::text::Lang::En)
        {
            right = en;
            left = (0..n).find(|&k| k != en).unwrap_or(0);
        }
        if let Some(s) = &saved
            && let (Some(l), Some(r)) = (find(&s.left), find(&s.right))
            && (l != r || n == 1)
        {
            (left, right) = (l, r);
        }
        let al = (left != right).then(|| self.alignment(i, left, right));
        let d = &self.library.documents[i];
        let mut r = ReaderState::new(i, d, left, right, al, self.settings.wide);
        if let Some(s) = saved {
            r.sync = s.sync;
            r.arrangement = s.arrangement;
            r.focus = if s.focus == 1 && left != right { 1 } else { 0 };
        }
        r.relayout(d, self.size);
        if let Some(s) = self.positions.documents.get(&d.id) {
            let f = r.focus;
            let block = resolve_block(r.version(d, f), s.block, &s.fingerprint);
            r.jump_to_block(f, block);
            let offset = s.offset;
            r.scroll(offset as isize);
        }
        self.screen = Screen::Reader(Box::new(r));
    }

    /// Records where the open document is being read (saved to disk by the event loop).
    pub fn remember_position(&mut self) {
        let Screen::Reader(r) = &self.screen else { return };
        let d = &self.library.documents[r.doc];
        let f = r.focus;
        let v = r.version(d, f);
        let p = r.pos[f];
        let Some(block) = v.blocks.get(p.block) else { return };
        self.positions.documents.insert(
            d.id.clone(),
            Saved {
                left: r.version(d, 0).id.clone(),
                right: r.version(d, 1).id.clone(),
                focus: f,
                block: p.block,
                fingerprint: fingerprint(&block.text),
                offset: p.offset,
                sync: r.sync,
                arrangement: r.arrangement,
                saved_at: crate::positions::now(),
            },
        );
    }
}

fn char_of(key: Key) -> Option<char> {
    match key.code {
        crate::keymap::Code::Char(c) if !key.ctrl && !key.alt => Some(c),
        _ => None,
    }
}

fn is_han_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// The section a typed number names: a dotted path (`3`, `3.2`, `3.2.6`) or a Chinese numeral
/// for a top-level section (`三`).
pub fn find_section(v: &crate::model::Version, typed: &str) -> Option<usize> {
    let typed = typed.trim_matches('.');
    let path: String = if typed.chars().all(is_han_numeral) {
        crate::model::numbering::han_value(typed)?.to_string()
    } else {
        typed.to_owned()
    };
    v.sections.iter().position(|s| s.path == path).or_else(|| {
        // A number alone also finds a section numbered so at any level (the 2016 Outline's 1..56).
        let n: u32 = path.parse().ok()?;
        v.sections.iter().position(|s| s.value == Some(n) && s.level == 3)
    })
}

impl Alignment {
    /// The same alignment seen from the other side.
    pub fn flipped(&self) -> Alignment {
        Alignment {
            links: self
                .links
                .iter()
                .map(|l| crate::align::Link { left: l.right.clone(), right: l.left.clone(), score: l.score })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;

    fn app() -> App {
        let mut a =
            App::new(embedded::library().unwrap(), Keymap::default_keymap(), Settings::default(), Positions::default());
        a.resize(120, 40);
        a
    }

    fn keys(a: &mut App, s: &str) {
        for k in crate::keymap::key::parse_sequence(s).unwrap() {
            a.key(k);
        }
    }

    #[test]
    fn library_opens_documents_chinese_left_english_right() {
        let mut a = app();
        assert_eq!(a.mode(), Mode::Library);
        keys(&mut a, "j <Enter>");
        let Screen::Reader(r) = &a.screen else { panic!("reader") };
        let d = &a.library.documents[r.doc];
        assert_eq!(d.id, "2012-opinions-informatization-security");
        assert_eq!((r.version(d, 0).id.as_str(), r.version(d, 1).id.as_str()), ("zh", "en"));
    }

    #[test]
    fn outline_number_jump() {
        let mut a = app();
        keys(&mut a, "j <Enter> o 3 <Enter>");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let d = &a.library.documents[r.doc];
        let b = r.pos[0].block;
        assert_eq!(d.versions[r.versions[0]].blocks[b].text, "三、推动信息化和工业化深度融合,提高经济发展信息化水平");
        assert!(!r.outline_focused);
        keys(&mut a, "o 9 <Enter>");
        assert_eq!(a.message.as_deref(), Some("no section 9 in zh"));
    }

    #[test]
    fn positions_are_remembered_and_restored() {
        let mut a = app();
        keys(&mut a, "j <Enter> ] ] ] j j");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let before = r.pos;
        keys(&mut a, "q");
        assert!(a.quit);
        let saved = a.positions.clone();
        let mut b = App::new(embedded::library().unwrap(), Keymap::default_keymap(), Settings::default(), saved);
        b.resize(120, 40);
        keys(&mut b, "j <Enter>");
        let Screen::Reader(r) = &b.screen else { panic!() };
        assert_eq!(r.pos, before);
    }

    #[test]
    fn swapping_and_changing_versions() {
        let mut a = app();
        keys(&mut a, "j <Enter> x");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let d = &a.library.documents[r.doc];
        assert_eq!((r.version(d, 0).id.as_str(), r.version(d, 1).id.as_str()), ("en", "zh"));
        keys(&mut a, "x .");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let d = &a.library.documents[r.doc];
        assert_eq!(
            (r.version(d, 0).id.as_str(), r.version(d, 1).id.as_str()),
            ("zh", "zh-pdf"),
            "the two Chinese versions side by side"
        );
        assert_eq!(r.top_row(0), r.top_row(1));
    }
}
