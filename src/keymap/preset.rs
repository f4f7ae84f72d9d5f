//! The shipped keymaps (`keymaps/*.toml`, embedded) and choosing one by name or path.
//!
//! A preset other than `default` is written as changes to `default.toml`, like a user's file;
//! a user's file says with `extends = "name"` which preset it changes.

use std::path::Path;

use super::Keymap;
use super::load::{self, KeymapError};

/// The name of the keymap used when none is chosen.
pub const DEFAULT_NAME: &str = "default";

/// A keymap shipped with duizhao.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// What `--keymap` and `extends` call it.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

impl Preset {
    /// The file's name as errors and `keymap show` give it.
    pub fn file(&self) -> String {
        format!("keymaps/{}.toml", self.name)
    }
}

/// Every preset, the default first.
pub const PRESETS: &[Preset] = &[
    Preset { name: DEFAULT_NAME, text: load::DEFAULT },
    Preset { name: "vim", text: include_str!("../../keymaps/vim.toml") },
    Preset { name: "less", text: include_str!("../../keymaps/less.toml") },
    Preset { name: "emacs", text: include_str!("../../keymaps/emacs.toml") },
];

/// The preset called `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The presets' names, in order.
pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// The keymap of the preset called `name`, if there is one (`Err` only if a shipped file is
/// broken, which the tests rule out).
pub fn keymap(name: &str) -> Option<Result<Keymap, KeymapError>> {
    let p = find(name)?;
    // The default is the root every other keymap is built on.
    Some(if p.name == DEFAULT_NAME { load::parse(&p.file(), p.text) } else { load::load(&p.file(), p.text) })
}

/// Why a keymap could not be chosen.
#[derive(Debug, thiserror::Error)]
pub enum SelectError {
    /// Neither a preset nor something that looks like a file.
    #[error("unknown keymap {name:?}: the presets are {} (a file needs a path, such as ./{name})", names().join(", "))]
    Unknown {
        /// What was asked for.
        name: String,
    },
    /// The file could not be read.
    #[error("{file}: cannot read the keymap: {error}")]
    Io {
        /// The file.
        file: String,
        /// What the OS said.
        error: std::io::Error,
    },
    /// The file was refused.
    #[error(transparent)]
    Invalid(#[from] KeymapError),
}

/// The keymap `spec` names: a preset (`vim`), else a keymap file (`~/keys.toml`, `./vim`),
/// loaded over the preset it extends. A name is a preset first, so a file called `vim` in the
/// current directory needs `./vim`.
pub fn select(spec: &str) -> Result<Keymap, SelectError> {
    if let Some(km) = keymap(spec) {
        return Ok(km?);
    }
    let path = crate::config::expand_home(Path::new(spec));
    let looks_like_a_file = spec.contains(['/', std::path::MAIN_SEPARATOR]) || spec.ends_with(".toml");
    if !looks_like_a_file && !path.exists() {
        return Err(SelectError::Unknown { name: spec.to_owned() });
    }
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|error| SelectError::Io { file: shown.clone(), error })?;
    Ok(load::load(&shown, &text)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::{Action, Lookup, Mode, action, key};

    fn preset(name: &str) -> Keymap {
        keymap(name).expect("a preset").unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Asserts that each `keys` does `action` in `mode` of the `name` preset.
    fn binds(name: &str, mode: Mode, pairs: &[(&str, Action)]) {
        let km = preset(name);
        for (keys, action) in pairs {
            let got = km.lookup(mode, &key::parse_sequence(keys).unwrap());
            assert_eq!(got, Lookup::Matched(*action), "{name} [{}] {keys}", mode.name());
        }
    }

    #[test]
    fn every_preset_loads_and_keeps_every_action_reachable() {
        for p in PRESETS {
            let km = preset(p.name);
            for a in action::ALL {
                let bound = Mode::ALL.iter().any(|m| km.bindings(*m).any(|(_, b)| b == *a));
                assert!(bound, "{} has no key in {}", a.name(), p.file());
            }
        }
    }

    #[test]
    fn no_preset_binds_a_key_that_hides_another() {
        for p in PRESETS {
            let km = preset(p.name);
            for mode in Mode::ALL {
                for (keys, _) in km.bindings(mode) {
                    let hidden = km.bindings(mode).find(|(k, _)| k.len() > keys.len() && k.starts_with(keys));
                    assert!(hidden.is_none(), "{} [{}] {keys:?} hides {hidden:?}", p.name, mode.name());
                }
            }
        }
    }

    #[test]
    fn vim_feels_like_vim() {
        use Action::*;
        for mode in [Mode::Library, Mode::Reader, Mode::Outline, Mode::Figures, Mode::Bookmarks, Mode::Popup] {
            binds("vim", mode, &[("g g", Top), ("G", Bottom), ("<C-e>", Down), ("<C-y>", Up)]);
            assert_eq!(preset("vim").lookup(mode, &[key::Key::char('g')]), Lookup::Pending);
        }
        binds(
            "vim",
            Mode::Reader,
            &[
                ("<C-f>", PageDown),
                ("<C-b>", PageUp),
                ("<C-d>", HalfPageDown),
                ("<C-u>", HalfPageUp),
                ("Z Z", Quit),
                ("/", Search),
                ("n", SearchNext),
                ("N", SearchPrev),
                ("] ]", NextSection),
                ("[ [", PrevSection),
                ("<C-w> w", SwitchFocus),
            ],
        );
    }

    #[test]
    fn less_feels_like_less() {
        use Action::*;
        binds(
            "less",
            Mode::Reader,
            &[
                ("<Space>", PageDown),
                ("f", PageDown),
                ("<C-v>", PageDown),
                ("b", PageUp),
                ("<A-v>", PageUp),
                ("e", Down),
                ("<C-e>", Down),
                ("j", Down),
                ("<Enter>", Down),
                ("y", Up),
                ("<C-y>", Up),
                ("k", Up),
                ("d", HalfPageDown),
                ("u", HalfPageUp),
                ("g", Top),
                ("<", Top),
                ("<Home>", Top),
                ("G", Bottom),
                (">", Bottom),
                ("<End>", Bottom),
                ("q", Quit),
                ("Q", Quit),
                ("Z Z", Quit),
                ("/", Search),
                ("n", SearchNext),
                ("N", SearchPrev),
                ("m", AddBookmark),
                ("'", Bookmarks),
                // The actions less's keys displaced.
                ("t", ToggleFigures),
                (")", NextFigure),
                ("(", PrevFigure),
            ],
        );
        binds("less", Mode::Bookmarks, &[("d", PageDown), ("u", PageUp), ("D", DeleteBookmark), ("U", UndoDelete)]);
        binds("less", Mode::Figures, &[("f", PageDown), ("y", Up), (")", NextYear), ("<A-u>", ToggleFigures)]);
    }

    #[test]
    fn emacs_feels_like_emacs() {
        use Action::*;
        binds(
            "emacs",
            Mode::Reader,
            &[
                ("<C-n>", Down),
                ("<C-p>", Up),
                ("<C-v>", PageDown),
                ("<A-v>", PageUp),
                ("<A-<>", Top),
                ("<A->>", Bottom),
                ("<C-s>", SearchOrNext),
                ("<C-r>", SearchOrPrev),
                ("<C-g>", Close),
                ("<C-x> <C-c>", Quit),
                ("<C-x> r m", AddBookmark),
                ("<C-x> r b", Bookmarks),
                ("<A-g> g", Jump),
            ],
        );
        binds("emacs", Mode::Prompt, &[("<C-s>", Open), ("<C-g>", Close)]);
        binds("emacs", Mode::Library, &[("<C-x> <C-c>", Quit), ("<A-lt>", Top)]);
    }

    #[test]
    fn select_takes_a_preset_or_a_file_and_names_the_presets_otherwise() {
        assert_eq!(select("less").unwrap(), preset("less"));
        let err = select("nosuchpreset").unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown keymap \"nosuchpreset\": the presets are default, vim, less, emacs (a file needs a path, \
             such as ./nosuchpreset)"
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keys.toml");
        std::fs::write(&file, "extends = \"emacs\"\n[reader]\n\"J\" = \"page_down\"\n").unwrap();
        let km = select(file.to_str().unwrap()).unwrap();
        assert_eq!(
            km.lookup(Mode::Reader, &key::parse_sequence("<C-x> <C-c>").unwrap()),
            Lookup::Matched(Action::Quit)
        );
        let missing = dir.path().join("missing.toml");
        assert!(select(missing.to_str().unwrap()).unwrap_err().to_string().contains("missing.toml: cannot read"));
    }
}
