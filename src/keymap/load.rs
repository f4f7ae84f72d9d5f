//! Reading keymap files: TOML tables named after modes, `"keys" = "action"` in each, and an
//! optional top-level `extends = "preset"` naming the keymap the file modifies.
//!
//! ```toml
//! extends = "vim"          # optional; "default" when absent
//!
//! [reader]
//! "j" = "down"
//! "<C-d>" = "half_page_down"
//! "g" = "none"             # removes a binding of the keymap underneath
//! "g g" = "top"
//! ```
//!
//! A file with an unknown mode, action or preset, an unparsable key, two actions on one key, or
//! a binding that hides another (`g` and `g g`, within the file or against the keymap it
//! modifies) is refused with the file, the line and the problem.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::key::{self, Key};
use super::{Action, Keymap, Mode, preset};

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

/// A top-level item of a keymap file: `extends = "name"` or a `[mode]` table.
enum Item {
    Name(String),
    Table(Entries),
}

impl<'de> Deserialize<'de> for Item {
    // By hand rather than `#[serde(untagged)]`: untagged buffers the value, which loses the
    // spans `Spanned` needs for error lines.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Item, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Item;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a [mode] table of bindings, or extends = \"preset\"")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Item, E> {
                Ok(Item::Name(s.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Item, A::Error> {
                Entries::deserialize(de::value::MapAccessDeserializer::new(map)).map(Item::Table)
            }
        }
        d.deserialize_any(V)
    }
}

type Document = std::collections::BTreeMap<Spanned<String>, Spanned<Item>>;

/// One `"keys" = "action"` line of a file.
struct Line {
    mode: Mode,
    keys: Vec<Key>,
    /// `None` for `"keys" = "none"`.
    action: Option<Action>,
    /// Byte offset of the keys, for the error line.
    pos: usize,
}

/// A keymap file read and checked on its own, before it meets the keymap it modifies.
struct File<'a> {
    name: &'a str,
    text: &'a str,
    /// The preset named by `extends`, with its offset.
    extends: Option<(String, usize)>,
    lines: Vec<Line>,
}

impl File<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())].matches('\n').count() + 1
    }

    fn error(&self, offset: usize, message: String) -> KeymapError {
        KeymapError { file: self.name.to_owned(), line: self.line_of(offset), message }
    }
}

/// Parses a keymap file into a fresh keymap (its `extends` is not followed: see [`load`]).
pub fn parse(file: &str, text: &str) -> Result<Keymap, KeymapError> {
    let mut km = Keymap::default();
    apply(&mut km, file, text)?;
    Ok(km)
}

/// Loads a keymap file: the preset it `extends` (the default keymap when it names none), with
/// the file's bindings applied on top.
pub fn load(file: &str, text: &str) -> Result<Keymap, KeymapError> {
    let f = read(file, text)?;
    let (base, at) = f.extends.clone().unwrap_or_else(|| (preset::DEFAULT_NAME.to_owned(), 0));
    let mut km = preset::keymap(&base).ok_or_else(|| {
        f.error(at, format!("unknown preset {base:?} in extends (presets: {})", preset::names().join(", ")))
    })??;
    merge(&mut km, &f, &format!("the {base} keymap"))?;
    Ok(km)
}

/// Applies a keymap file on top of `km`: each binding replaces the one for the same keys;
/// `"keys" = "none"` removes a binding. The file's `extends` is not followed (the caller chose
/// the base). On error `km` is left unchanged.
pub fn apply(km: &mut Keymap, file: &str, text: &str) -> Result<(), KeymapError> {
    merge(km, &read(file, text)?, "the keymap underneath")
}

/// Reads a file: TOML syntax, modes, keys, actions, one action per key.
fn read<'a>(name: &'a str, text: &'a str) -> Result<File<'a>, KeymapError> {
    let mut f = File { name, text, extends: None, lines: Vec::new() };
    let doc: Document = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace("expected a string", "expected an action name in quotes");
        f.error(e.span().map_or(0, |s| s.start), message)
    })?;
    // In file order, so errors point at the later of two clashing lines.
    let mut items: Vec<_> = doc.iter().collect();
    items.sort_by_key(|(k, _)| k.span().start);
    for (top, item) in items {
        let pos = top.span().start;
        match (top.get_ref().as_str(), item.get_ref()) {
            ("extends", Item::Name(base)) => f.extends = Some((base.clone(), item.span().start)),
            ("extends", Item::Table(_)) => {
                return Err(f.error(pos, "extends names a preset in quotes: extends = \"vim\"".into()));
            }
            (other, Item::Name(_)) => {
                return Err(
                    f.error(pos, format!("{other:?} is not in a mode: put bindings under a heading such as [reader]"))
                );
            }
            (mode_name, Item::Table(entries)) => {
                let mode = Mode::from_name(mode_name).ok_or_else(|| {
                    let known: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
                    f.error(pos, format!("unknown mode {mode_name:?} (modes: {})", known.join(", ")))
                })?;
                let lines = read_mode(&f, mode, entries)?;
                f.lines.extend(lines);
            }
        }
    }
    Ok(f)
}

/// The bindings of one `[mode]` table, in file order.
fn read_mode(f: &File, mode: Mode, entries: &Entries) -> Result<Vec<Line>, KeymapError> {
    let mut ordered: Vec<(&Spanned<String>, &Spanned<String>)> = entries.iter().collect();
    ordered.sort_by_key(|(k, _)| k.span().start);
    let mut lines: Vec<Line> = Vec::new();
    for (keys_text, name) in ordered {
        let pos = keys_text.span().start;
        let keys = key::parse_sequence(keys_text.get_ref())
            .map_err(|e| f.error(pos, format!("key {:?}: {e}", keys_text.get_ref())))?;
        if let Some(first) = lines.iter().find(|l| l.keys == keys) {
            let message = format!(
                "{:?} is the same key as the binding on line {}: one key, one action",
                keys_text.get_ref(),
                f.line_of(first.pos)
            );
            return Err(f.error(pos, message));
        }
        let action = match name.get_ref().as_str() {
            "none" => None,
            n => Some(Action::from_name(n).ok_or_else(|| f.error(name.span().start, unknown_action(n)))?),
        };
        lines.push(Line { mode, keys, action, pos });
    }
    Ok(lines)
}

/// Applies a read file on top of `km`, refusing a binding that hides, or is hidden by, another
/// one of the result (`base` names the keymap underneath in those messages).
fn merge(km: &mut Keymap, f: &File, base: &str) -> Result<(), KeymapError> {
    let mut merged = km.clone();
    for l in f.lines.iter().filter(|l| l.action.is_none()) {
        merged.unbind(l.mode, &l.keys);
    }
    for l in &f.lines {
        if let Some(a) = l.action {
            merged.bind(l.mode, l.keys.clone(), a);
        }
    }
    let from_file = |mode: Mode, keys: &[Key]| f.lines.iter().any(|o| o.mode == mode && o.keys == keys);
    for l in f.lines.iter().filter(|l| l.action.is_some()) {
        let show = |k: &[Key]| key::print_sequence(k);
        let longer = merged.longer(l.mode, &l.keys);
        if let Some((longer, action)) = longer {
            let message = if from_file(l.mode, longer) {
                format!("{:?} hides {:?}: the longer binding could never be typed", show(&l.keys), show(longer))
            } else {
                format!(
                    "{:?} hides {:?} (bound to {} in {base}), which could never be typed: remove it with {:?} = \"none\"",
                    show(&l.keys),
                    show(longer),
                    action.name(),
                    show(longer)
                )
            };
            return Err(f.error(l.pos, message));
        }
        // A shorter binding from this file is reported on its own line, as the one that hides.
        let shorter = merged.shorter(l.mode, &l.keys);
        if let Some((shorter, action)) = shorter.filter(|(k, _)| !from_file(l.mode, k)) {
            return Err(f.error(
                l.pos,
                format!(
                    "{:?} could never be typed: {:?} is bound to {} in {base}; remove that first with {:?} = \"none\"",
                    show(&l.keys),
                    show(shorter),
                    action.name(),
                    show(shorter)
                ),
            ));
        }
    }
    *km = merged;
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
#[path = "load_tests.rs"]
mod tests;
