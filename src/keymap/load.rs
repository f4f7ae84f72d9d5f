//! Reading keymap files: TOML tables named after modes, `"keys" = "action"` in each.
//!
//! ```toml
//! [reader]
//! "j" = "down"
//! "<C-d>" = "half_page_down"
//! "g g" = "top"
//! ```
//!
//! A file with an unknown mode or action, an unparsable key, two actions on one key, or a
//! binding that hides another (`g` and `g g`) is refused with the file, the line and the problem.

use toml::Spanned;

use super::key::{self, Key};
use super::{Action, Keymap, Mode};

/// The default keymap's text (`keymaps/default.toml`).
pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");

/// Why a keymap file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KeymapError {
    /// The file, as named to the user.
    pub file: String,
    /// 1-based line of the problem.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

type Entries = std::collections::BTreeMap<Spanned<String>, Spanned<String>>;
type Document = std::collections::BTreeMap<Spanned<String>, Entries>;

/// Parses a keymap file into a fresh keymap.
pub fn parse(file: &str, text: &str) -> Result<Keymap, KeymapError> {
    let mut km = Keymap::default();
    apply(&mut km, file, text)?;
    Ok(km)
}

/// Applies a keymap file on top of `km`: each binding replaces the one for the same keys;
/// `"keys" = "none"` removes a binding. On error `km` is left unchanged.
pub fn apply(km: &mut Keymap, file: &str, text: &str) -> Result<(), KeymapError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let err = |offset: usize, message: String| KeymapError { file: file.to_owned(), line: line_of(offset), message };
    let doc: Document = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace("expected a string", "expected an action name in quotes");
        err(e.span().map_or(0, |s| s.start), message)
    })?;
    let mut fresh = Keymap::default();
    let mut removed: Vec<(Mode, Vec<Key>)> = Vec::new();
    for (mode_name, entries) in &doc {
        let mode = Mode::from_name(mode_name.get_ref()).ok_or_else(|| {
            let known: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
            err(mode_name.span().start, format!("unknown mode {:?} (modes: {})", mode_name.get_ref(), known.join(", ")))
        })?;
        // In file order, so errors point at the later of two clashing lines.
        let mut ordered: Vec<(&Spanned<String>, &Spanned<String>)> = entries.iter().collect();
        ordered.sort_by_key(|(k, _)| k.span().start);
        let mut seen: Vec<(Vec<Key>, usize)> = Vec::new();
        for (keys_text, name) in ordered {
            let pos = keys_text.span().start;
            let keys = key::parse_sequence(keys_text.get_ref())
                .map_err(|e| err(pos, format!("key {:?}: {e}", keys_text.get_ref())))?;
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == keys) {
                return Err(err(
                    pos,
                    format!(
                        "{:?} is the same key as the binding on line {}: one key, one action",
                        keys_text.get_ref(),
                        line_of(*first)
                    ),
                ));
            }
            seen.push((keys.clone(), pos));
            if name.get_ref() == "none" {
                removed.push((mode, keys));
                continue;
            }
            let action = Action::from_name(name.get_ref())
                .ok_or_else(|| err(name.span().start, unknown_action(name.get_ref())))?;
            fresh.bind(mode, keys, action);
        }
        for (a, pa) in &seen {
            if let Some((b, _)) = seen.iter().find(|(b, _)| b.len() > a.len() && b.starts_with(a)) {
                return Err(err(
                    *pa,
                    format!(
                        "{:?} hides {:?}: the longer binding could never be typed",
                        key::print_sequence(a),
                        key::print_sequence(b)
                    ),
                ));
            }
        }
    }
    for (mode, keys) in removed {
        km.unbind(mode, &keys);
    }
    for mode in Mode::ALL {
        for (keys, action) in fresh.bindings(mode) {
            km.bind(mode, keys.to_vec(), action);
        }
    }
    Ok(())
}

fn unknown_action(name: &str) -> String {
    let mut close: Vec<(usize, &str)> = super::action::ALL
        .iter()
        .map(|a| a.name())
        .map(|n| (edit_distance(n, name), n))
        .filter(|(d, n)| *d <= 2 || n.contains(name) || name.contains(n))
        .collect();
    close.sort();
    let close: Vec<&str> = close.into_iter().take(3).map(|(_, n)| n).collect();
    if close.is_empty() {
        format!("unknown action {name:?} (see `duizhao keymap show` for the list)")
    } else {
        format!("unknown action {name:?} (did you mean {}?)", close.join(", "))
    }
}

/// Levenshtein distance, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keymap_parses() {
        assert!(parse("default.toml", DEFAULT).is_ok(), "{:?}", parse("default.toml", DEFAULT).err());
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        let e = |t: &str| parse("my.toml", t).unwrap_err().to_string();
        assert_eq!(
            e("[reader]\n\"j\" = \"down\"\n\"k\" = \"scroll_upp\"\n"),
            "my.toml:3: unknown action \"scroll_upp\" (did you mean up?)"
        );
        assert_eq!(
            e("[reader]\n\"k\" = \"zzz\"\n"),
            "my.toml:2: unknown action \"zzz\" (see `duizhao keymap show` for the list)"
        );
        assert!(
            e("[reader]\n\"k\" = 3\n").starts_with("my.toml:2: invalid type: integer `3`, expected an action name")
        );
        assert!(
            e("[reader]\n\"j\" = \"down\"\n\"<Dwn>\" = \"down\"\n")
                .starts_with("my.toml:3: key \"<Dwn>\": unknown key name")
        );
        assert_eq!(
            e("[reader]\n\"<PageDown>\" = \"page_down\"\n\"<PgDn>\" = \"page_up\"\n"),
            "my.toml:3: \"<PgDn>\" is the same key as the binding on line 2: one key, one action"
        );
        assert!(e("[reader]\n\"g\" = \"top\"\n\"g g\" = \"bottom\"\n").starts_with("my.toml:2: \"g\" hides \"g g\""));
        assert!(e("[raeder]\n\"j\" = \"down\"\n").starts_with("my.toml:1: unknown mode \"raeder\""));
        assert!(e("[reader]\n\"j\" = \n").starts_with("my.toml:2:"));
        assert!(
            e("[reader]\n\"j\" = \"down\"\n\"j\" = \"up\"\n").starts_with("my.toml:3:"),
            "{}",
            e("[reader]\n\"j\" = \"down\"\n\"j\" = \"up\"\n")
        );
    }

    #[test]
    fn a_file_on_top_of_a_preset_replaces_single_bindings() {
        let mut km = parse("default.toml", DEFAULT).unwrap();
        apply(&mut km, "user.toml", "[reader]\n\"j\" = \"page_down\"\n\"q\" = \"none\"\n").unwrap();
        use super::super::Lookup;
        assert_eq!(km.lookup(Mode::Reader, &[Key::char('j')]), Lookup::Matched(Action::PageDown));
        assert_eq!(km.lookup(Mode::Reader, &[Key::char('q')]), Lookup::NotFound);
        assert_eq!(km.lookup(Mode::Reader, &[Key::char('k')]), Lookup::Matched(Action::Up));
    }
}
