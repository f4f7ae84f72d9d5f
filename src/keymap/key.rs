//! One key notation for keymap files, the help screen and the README: it parses and prints
//! back the same. A key is a character (`j`, `G`, `?`, `:`) or a name in angle brackets
//! (`<Down>`, `<PageDown>`, `<Space>`, `<Esc>`), with modifiers `C-` (Ctrl), `A-` (Alt) and `S-`
//! (Shift, for named keys): `<C-d>`, `<A-x>`, `<S-Tab>`. A sequence is keys separated by spaces:
//! `g g`.

use std::fmt;

/// A key without modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// A printable character (case matters: `G` is not `g`).
    Char(char),
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// Home.
    Home,
    /// End.
    End,
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab (terminals report it as its own key).
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Insert.
    Insert,
    /// A function key, F1..F12.
    F(u8),
    /// The mouse wheel rolled up (a pseudo-key, so wheel behaviour is bindable).
    WheelUp,
    /// The mouse wheel rolled down.
    WheelDown,
}

/// A key with modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// The key.
    pub code: Code,
    /// Ctrl held.
    pub ctrl: bool,
    /// Alt held.
    pub alt: bool,
    /// Shift held (only meaningful for named keys; characters carry their case).
    pub shift: bool,
}

impl Key {
    /// A plain key.
    pub const fn plain(code: Code) -> Key {
        Key { code, ctrl: false, alt: false, shift: false }
    }

    /// A character key.
    pub const fn char(c: char) -> Key {
        Key::plain(Code::Char(c))
    }

    /// The key with Ctrl.
    pub const fn ctrl(c: char) -> Key {
        Key { code: Code::Char(c), ctrl: true, alt: false, shift: false }
    }
}

const NAMES: &[(&str, Code)] = &[
    ("Up", Code::Up),
    ("Down", Code::Down),
    ("Left", Code::Left),
    ("Right", Code::Right),
    ("PageUp", Code::PageUp),
    ("PageDown", Code::PageDown),
    ("Home", Code::Home),
    ("End", Code::End),
    ("Enter", Code::Enter),
    ("Esc", Code::Esc),
    ("Tab", Code::Tab),
    ("BackTab", Code::BackTab),
    ("Backspace", Code::Backspace),
    ("Del", Code::Delete),
    ("Insert", Code::Insert),
    ("Space", Code::Char(' ')),
    ("lt", Code::Char('<')),
    ("WheelUp", Code::WheelUp),
    ("WheelDown", Code::WheelDown),
];

/// Aliases accepted when parsing, never printed.
const ALIASES: &[(&str, Code)] = &[
    ("PgUp", Code::PageUp),
    ("PgDn", Code::PageDown),
    ("CR", Code::Enter),
    ("Return", Code::Enter),
    ("Escape", Code::Esc),
    ("BS", Code::Backspace),
    ("Delete", Code::Delete),
];

/// Why a key could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Nothing to parse.
    #[error("empty key")]
    Empty,
    /// `<…>` with a name that is not a key.
    #[error(
        "unknown key name {0:?} (known: Up, Down, Left, Right, PageUp, PageDown, Home, End, Enter, Esc, Tab, BackTab, Backspace, Del, Insert, Space, F1..F12)"
    )]
    UnknownName(String),
    /// A modifier that is not C, A or S.
    #[error("unknown modifier {0:?} (use C- for Ctrl, A- for Alt, S- for Shift)")]
    UnknownModifier(String),
    /// More than one character outside angle brackets.
    #[error(
        "{0:?} is not one key: write named keys in angle brackets (<Down>) and separate keys of a sequence with spaces (g g)"
    )]
    NotOneKey(String),
}

impl std::str::FromStr for Key {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Key, KeyError> {
        if s.is_empty() {
            return Err(KeyError::Empty);
        }
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Key::char(c));
        }
        let inner =
            s.strip_prefix('<').and_then(|r| r.strip_suffix('>')).ok_or_else(|| KeyError::NotOneKey(s.to_owned()))?;
        let mut key = Key::plain(Code::Char(' '));
        let mut rest = inner;
        // Modifiers: "C-", "A-", "S-" (the last segment is the key itself, which may be "-").
        while rest.len() > 2 && rest.as_bytes()[1] == b'-' {
            match &rest[..1] {
                "C" | "c" => key.ctrl = true,
                "A" | "a" | "M" | "m" => key.alt = true,
                "S" | "s" => key.shift = true,
                m => return Err(KeyError::UnknownModifier(m.to_owned())),
            }
            rest = &rest[2..];
        }
        let mut one = rest.chars();
        key.code = if let (Some(c), None) = (one.next(), one.next()) {
            Code::Char(if key.ctrl { c.to_ascii_lowercase() } else { c })
        } else if let Some(n) =
            rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n))
        {
            Code::F(n)
        } else {
            NAMES
                .iter()
                .chain(ALIASES)
                .find(|(name, _)| name.eq_ignore_ascii_case(rest))
                .map(|(_, c)| *c)
                .ok_or_else(|| KeyError::UnknownName(rest.to_owned()))?
        };
        if key.code == Code::Tab && key.shift {
            key = Key::plain(Code::BackTab);
        }
        Ok(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.code {
            Code::Char(' ') => Some("Space".to_owned()),
            Code::Char('<') => Some("lt".to_owned()),
            Code::Char(_) => None,
            Code::F(n) => Some(format!("F{n}")),
            code => NAMES.iter().find(|(_, c)| *c == code).map(|(n, _)| (*n).to_owned()),
        };
        let mods = format!(
            "{}{}{}",
            if self.ctrl { "C-" } else { "" },
            if self.alt { "A-" } else { "" },
            if self.shift { "S-" } else { "" }
        );
        match (name, self.code) {
            (None, Code::Char(c)) if mods.is_empty() => write!(f, "{c}"),
            (None, Code::Char(c)) => write!(f, "<{mods}{c}>"),
            (Some(n), _) => write!(f, "<{mods}{n}>"),
            (None, _) => write!(f, "<?>"),
        }
    }
}

/// Parses a sequence of keys separated by spaces: `g g`, `<C-w> l`.
pub fn parse_sequence(s: &str) -> Result<Vec<Key>, KeyError> {
    let keys: Vec<Key> = s.split(' ').filter(|p| !p.is_empty()).map(str::parse).collect::<Result<_, _>>()?;
    if keys.is_empty() { Err(KeyError::Empty) } else { Ok(keys) }
}

/// Prints a sequence as [`parse_sequence`] reads it.
pub fn print_sequence(keys: &[Key]) -> String {
    keys.iter().map(Key::to_string).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_notations() {
        assert_eq!("j".parse::<Key>(), Ok(Key::char('j')));
        assert_eq!("G".parse::<Key>(), Ok(Key::char('G')));
        assert_eq!("<C-d>".parse::<Key>(), Ok(Key::ctrl('d')));
        assert_eq!("<C-D>".parse::<Key>(), Ok(Key::ctrl('d')));
        assert_eq!("<PageDown>".parse::<Key>(), Ok(Key::plain(Code::PageDown)));
        assert_eq!("<pgdn>".parse::<Key>(), Ok(Key::plain(Code::PageDown)));
        assert_eq!("<S-Tab>".parse::<Key>(), Ok(Key::plain(Code::BackTab)));
        assert_eq!("<Space>".parse::<Key>(), Ok(Key::char(' ')));
        assert_eq!("<F5>".parse::<Key>(), Ok(Key::plain(Code::F(5))));
        assert_eq!(parse_sequence("g g"), Ok(vec![Key::char('g'), Key::char('g')]));
        assert!(matches!("gg".parse::<Key>(), Err(KeyError::NotOneKey(_))));
        assert!(matches!("<Dwn>".parse::<Key>(), Err(KeyError::UnknownName(_))));
        assert!(matches!("<X-d>".parse::<Key>(), Err(KeyError::UnknownModifier(_))));
    }

    #[test]
    fn alt_and_ctrl_reach_angle_brackets_and_sequences() {
        // emacs's M-< and M->: the bracket itself may follow the modifier inside <…>.
        let alt = |c| Key { alt: true, ..Key::char(c) };
        assert_eq!("<A-<>".parse::<Key>(), Ok(alt('<')));
        assert_eq!("<A-lt>".parse::<Key>(), Ok(alt('<')));
        assert_eq!("<M->>".parse::<Key>(), Ok(alt('>')));
        assert_eq!(alt('<').to_string(), "<A-lt>");
        assert_eq!(alt('>').to_string(), "<A->>");
        assert_eq!(parse_sequence("<C-x> <C-c>"), Ok(vec![Key::ctrl('x'), Key::ctrl('c')]));
        assert_eq!(parse_sequence("<C-x> r m"), Ok(vec![Key::ctrl('x'), Key::char('r'), Key::char('m')]));
    }

    #[test]
    fn prints_what_it_parses() {
        for s in ["j", "G", "<C-d>", "<A-x>", "<PageDown>", "<Space>", "<lt>", "<BackTab>", "<F12>", "<C-Up>", "?", ":"]
        {
            let k: Key = s.parse().unwrap();
            assert_eq!(k.to_string(), s);
        }
    }

    fn any_key() -> impl Strategy<Value = Key> {
        let code = prop_oneof![
            proptest::char::range('!', '~').prop_map(Code::Char),
            Just(Code::Up),
            Just(Code::PageDown),
            Just(Code::Enter),
            Just(Code::Esc),
            Just(Code::Backspace),
            Just(Code::BackTab),
            (1u8..=12).prop_map(Code::F),
        ];
        (code, any::<bool>(), any::<bool>()).prop_map(|(code, ctrl, alt)| {
            let code = match code {
                Code::Char(c) if ctrl => Code::Char(c.to_ascii_lowercase()),
                c => c,
            };
            Key { code, ctrl, alt, shift: false }
        })
    }

    proptest! {
        #[test]
        fn round_trips(keys in proptest::collection::vec(any_key(), 1..4)) {
            let printed = print_sequence(&keys);
            prop_assert_eq!(parse_sequence(&printed), Ok(keys));
        }
    }
}
