//! Key bindings as data: key sequences map to named actions, per mode. The defaults live in
//! `keymaps/default.toml` (embedded); the presets (`keymaps/vim.toml`, `less.toml`, `emacs.toml`,
//! see [`preset`]) and user files load the same way, as changes on top of it.
//!
//! Lookup is a pure function of the mode and the keys typed so far, returning
//! [`Lookup::Matched`], [`Lookup::Pending`] (a prefix of a longer binding: wait for the next key)
//! or [`Lookup::NotFound`], so multi-key bindings such as `g g` are testable without a terminal.

pub mod action;
pub mod key;
pub mod load;
pub mod preset;

use std::collections::BTreeMap;

pub use action::Action;
pub use key::{Code, Key};

/// Where the keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// The list of documents.
    Library,
    /// The side-by-side reader.
    Reader,
    /// The outline sidebar, when focused.
    Outline,
    /// A popup (help).
    Popup,
    /// The jump popup (typing goes into its query).
    Jump,
    /// A one-line prompt on the status line, such as search (typing goes into it).
    Prompt,
    /// The figures table.
    Figures,
    /// The bookmark list.
    Bookmarks,
}

impl Mode {
    /// Unbound printable keys are typed into this mode's input.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Jump | Mode::Prompt)
    }

    /// Every mode, in the order files and help list them.
    pub const ALL: [Mode; 8] = [
        Mode::Library,
        Mode::Reader,
        Mode::Outline,
        Mode::Figures,
        Mode::Bookmarks,
        Mode::Popup,
        Mode::Jump,
        Mode::Prompt,
    ];

    /// The section name in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Library => "library",
            Mode::Reader => "reader",
            Mode::Outline => "outline",
            Mode::Popup => "popup",
            Mode::Jump => "jump",
            Mode::Prompt => "prompt",
            Mode::Figures => "figures",
            Mode::Bookmarks => "bookmarks",
        }
    }

    /// The mode called `name`.
    pub fn from_name(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// The result of looking up the keys typed so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The keys are bound to this action.
    Matched(Action),
    /// The keys are the start of a longer binding.
    Pending,
    /// Nothing is bound to these keys.
    NotFound,
}

/// A complete keymap: for each mode, key sequences → actions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    modes: BTreeMap<Mode, BTreeMap<Vec<Key>, Action>>,
}

impl Keymap {
    /// The built-in default keymap (`keymaps/default.toml`).
    pub fn default_keymap() -> Keymap {
        load::parse("keymaps/default.toml", load::DEFAULT).expect("the default keymap is valid (tested)")
    }

    /// Binds `keys` to `action` in `mode`, replacing any binding of exactly those keys.
    pub fn bind(&mut self, mode: Mode, keys: Vec<Key>, action: Action) {
        self.modes.entry(mode).or_default().insert(keys, action);
    }

    /// Removes the binding of `keys` in `mode`.
    pub fn unbind(&mut self, mode: Mode, keys: &[Key]) {
        if let Some(m) = self.modes.get_mut(&mode) {
            m.remove(keys);
        }
    }

    /// Looks up the keys typed so far.
    pub fn lookup(&self, mode: Mode, keys: &[Key]) -> Lookup {
        let Some(map) = self.modes.get(&mode) else { return Lookup::NotFound };
        if let Some(a) = map.get(keys) {
            return Lookup::Matched(*a);
        }
        if self.longer(mode, keys).is_some() { Lookup::Pending } else { Lookup::NotFound }
    }

    /// The bindings of a mode, in key order.
    pub fn bindings(&self, mode: Mode) -> impl Iterator<Item = (&[Key], Action)> {
        self.modes.get(&mode).into_iter().flat_map(|m| m.iter().map(|(k, a)| (k.as_slice(), *a)))
    }

    /// The first binding in `mode` (in key order) that `keys` is the start of.
    pub fn longer(&self, mode: Mode, keys: &[Key]) -> Option<(&[Key], Action)> {
        use std::ops::Bound::{Excluded, Unbounded};
        // Sequences that start with `keys` sort right after it, before any other.
        let (k, a) = self.modes.get(&mode)?.range::<[Key], _>((Excluded(keys), Unbounded)).next()?;
        k.starts_with(keys).then_some((k.as_slice(), *a))
    }

    /// The shortest binding in `mode` that is the start of `keys` (and not all of it).
    pub fn shorter(&self, mode: Mode, keys: &[Key]) -> Option<(&[Key], Action)> {
        let m = self.modes.get(&mode)?;
        (1..keys.len()).find_map(|n| m.get_key_value(&keys[..n]).map(|(k, a)| (k.as_slice(), *a)))
    }

    /// The keys bound to `action` in `mode`, printed (e.g. `j`, `<Down>`).
    pub fn keys_for(&self, mode: Mode, action: Action) -> Vec<String> {
        self.bindings(mode).filter(|(_, a)| *a == action).map(|(k, _)| key::print_sequence(k)).collect()
    }

    /// A key to name in a message about `action` (a single character when one is bound, being
    /// the quickest to read), or the action's name when no key is bound.
    pub fn hint(&self, mode: Mode, action: Action) -> String {
        let keys = self.keys_for(mode, action);
        keys.iter()
            .find(|k| k.chars().count() == 1)
            .or(keys.first())
            .cloned()
            .unwrap_or_else(|| action.name().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_and_shorter_find_what_a_scan_of_all_bindings_finds() {
        let mut km = Keymap::default();
        let g = Key::char('g');
        for (keys, a) in [(vec![g], Action::Top), (vec![g, g, g], Action::Bottom), (vec![Key::char('h')], Action::Down)]
        {
            km.bind(Mode::Reader, keys, a);
        }
        let scan_longer = |k: &[Key]| km.bindings(Mode::Reader).find(|(b, _)| b.len() > k.len() && b.starts_with(k));
        let scan_shorter = |k: &[Key]| km.bindings(Mode::Reader).find(|(b, _)| b.len() < k.len() && k.starts_with(b));
        for probe in [
            vec![],
            vec![g],
            vec![g, g],
            vec![g, g, g],
            vec![g, g, g, g],
            vec![Key::char('a')],
            vec![Key::char('h'), g],
        ] {
            assert_eq!(km.longer(Mode::Reader, &probe), scan_longer(&probe), "{probe:?}");
            assert_eq!(km.shorter(Mode::Reader, &probe), scan_shorter(&probe), "{probe:?}");
        }
        assert_eq!(km.longer(Mode::Library, &[g]), None);
    }

    #[test]
    fn multi_key_sequences_are_pending_then_matched() {
        let mut km = Keymap::default();
        km.bind(Mode::Reader, vec![Key::char('g'), Key::char('g')], Action::Top);
        km.bind(Mode::Reader, vec![Key::char('j')], Action::Down);
        assert_eq!(km.lookup(Mode::Reader, &[Key::char('g')]), Lookup::Pending);
        assert_eq!(km.lookup(Mode::Reader, &[Key::char('g'), Key::char('g')]), Lookup::Matched(Action::Top));
        assert_eq!(km.lookup(Mode::Reader, &[Key::char('g'), Key::char('x')]), Lookup::NotFound);
        assert_eq!(km.lookup(Mode::Reader, &[Key::char('j')]), Lookup::Matched(Action::Down));
        assert_eq!(km.lookup(Mode::Library, &[Key::char('j')]), Lookup::NotFound);
    }

    #[test]
    fn every_action_is_reachable_in_the_default_keymap() {
        let km = Keymap::default_keymap();
        for a in action::ALL {
            let bound = Mode::ALL.iter().any(|m| km.bindings(*m).any(|(_, b)| b == *a));
            assert!(bound, "{} has no key in keymaps/default.toml", a.name());
        }
    }

    #[test]
    fn the_issue_defaults_are_bound() {
        let km = Keymap::default_keymap();
        let reader = |s: &str| km.lookup(Mode::Reader, &key::parse_sequence(s).unwrap());
        for (keys, action) in [
            ("j", Action::Down),
            ("<Down>", Action::Down),
            ("k", Action::Up),
            ("<Up>", Action::Up),
            ("<C-d>", Action::HalfPageDown),
            ("<C-u>", Action::HalfPageUp),
            ("<Space>", Action::PageDown),
            ("<PageDown>", Action::PageDown),
            ("b", Action::PageUp),
            ("<PageUp>", Action::PageUp),
            ("g", Action::Top),
            ("<Home>", Action::Top),
            ("G", Action::Bottom),
            ("<End>", Action::Bottom),
            ("]", Action::NextSection),
            ("[", Action::PrevSection),
            ("}", Action::NextSectionAny),
            ("{", Action::PrevSectionAny),
            ("<Tab>", Action::SwitchFocus),
            ("s", Action::ToggleSync),
            ("v", Action::CycleLayout),
            ("o", Action::ToggleOutline),
            ("?", Action::Help),
            ("q", Action::Quit),
            (":", Action::Jump),
            ("<C-p>", Action::Jump),
            ("/", Action::Search),
            ("n", Action::SearchNext),
            ("N", Action::SearchPrev),
        ] {
            assert_eq!(reader(keys), Lookup::Matched(action), "{keys}");
        }
        assert_eq!(km.lookup(Mode::Popup, &[Key::plain(Code::Esc)]), Lookup::Matched(Action::Close));
    }
}
