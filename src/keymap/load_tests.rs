use super::*;
use crate::keymap::Lookup;

fn e(t: &str) -> String {
    parse("my.toml", t).unwrap_err().to_string()
}

/// The error of loading `t` (over the preset it extends) as `my.toml`.
fn le(t: &str) -> String {
    load("my.toml", t).unwrap_err().to_string()
}

fn seq(s: &str) -> Vec<Key> {
    key::parse_sequence(s).unwrap()
}

#[test]
fn the_default_keymap_parses() {
    assert!(parse("default.toml", DEFAULT).is_ok(), "{:?}", parse("default.toml", DEFAULT).err());
}

#[test]
fn errors_name_file_line_and_problem() {
    assert_eq!(
        e("[reader]\n\"j\" = \"down\"\n\"k\" = \"scroll_upp\"\n"),
        "my.toml:3: unknown action \"scroll_upp\" (did you mean up?)"
    );
    assert_eq!(
        e("[reader]\n\"k\" = \"zzz\"\n"),
        "my.toml:2: unknown action \"zzz\" (see `duizhao keymap show` for the list)"
    );
    assert!(e("[reader]\n\"k\" = 3\n").starts_with("my.toml:2: invalid type: integer `3`, expected an action name"));
    assert_eq!(
        e("[reader]\n\"j\" = \"down\"\n\"<Dwn>\" = \"down\"\n"),
        "my.toml:3: key \"<Dwn>\": unknown key name \"Dwn\" (known: Up, Down, Left, Right, PageUp, PageDown, \
         Home, End, Enter, Esc, Tab, BackTab, Backspace, Del, Insert, Space, F1..F12)"
    );
    assert_eq!(
        e("[reader]\n\"<PageDown>\" = \"page_down\"\n\"<PgDn>\" = \"page_up\"\n"),
        "my.toml:3: \"<PgDn>\" is the same key as the binding on line 2: one key, one action"
    );
    assert_eq!(
        e("[reader]\n\"g\" = \"top\"\n\"g g\" = \"bottom\"\n"),
        "my.toml:2: \"g\" hides \"g g\": the longer binding could never be typed"
    );
    assert!(e("[raeder]\n\"j\" = \"down\"\n").starts_with("my.toml:1: unknown mode \"raeder\""));
    assert!(e("[reader]\n\"j\" = \n").starts_with("my.toml:2:"));
    let twice = e("[reader]\n\"j\" = \"down\"\n\"j\" = \"up\"\n");
    assert!(twice.starts_with("my.toml:3:"), "{twice}");
}

#[test]
fn a_file_on_top_of_a_preset_replaces_single_bindings() {
    let mut km = parse("default.toml", DEFAULT).unwrap();
    apply(&mut km, "user.toml", "[reader]\n\"j\" = \"page_down\"\n\"q\" = \"none\"\n").unwrap();
    assert_eq!(km.lookup(Mode::Reader, &[Key::char('j')]), Lookup::Matched(Action::PageDown));
    assert_eq!(km.lookup(Mode::Reader, &[Key::char('q')]), Lookup::NotFound);
    assert_eq!(km.lookup(Mode::Reader, &[Key::char('k')]), Lookup::Matched(Action::Up));
}

#[test]
fn extends_picks_the_preset_a_file_changes() {
    let km = load("my.toml", "extends = \"vim\"\n\n[reader]\n\"J\" = \"page_down\"\n").unwrap();
    assert_eq!(km.lookup(Mode::Reader, &seq("g g")), Lookup::Matched(Action::Top), "vim's g g");
    assert_eq!(km.lookup(Mode::Reader, &seq("J")), Lookup::Matched(Action::PageDown), "the file's J");
    let km = load("my.toml", "[reader]\n\"J\" = \"page_down\"\n").unwrap();
    assert_eq!(km.lookup(Mode::Reader, &seq("g")), Lookup::Matched(Action::Top), "default when none is named");
    assert_eq!(
        le("# mine\nextends = \"vimm\"\n[reader]\n\"J\" = \"page_down\"\n"),
        "my.toml:2: unknown preset \"vimm\" in extends (presets: default, vim, less, emacs)"
    );
    assert_eq!(le("[extends]\n\"j\" = \"down\"\n"), "my.toml:1: extends names a preset in quotes: extends = \"vim\"");
    assert_eq!(
        le("\"j\" = \"down\"\n"),
        "my.toml:1: \"j\" is not in a mode: put bindings under a heading such as [reader]"
    );
}

#[test]
fn a_binding_may_not_hide_one_of_the_keymap_underneath() {
    // default has g = top: g g over it could never be typed.
    assert_eq!(
        le("[reader]\n\"j\" = \"down\"\n\"g g\" = \"bottom\"\n"),
        "my.toml:3: \"g g\" could never be typed: \"g\" is bound to top in the default keymap; \
         remove that first with \"g\" = \"none\""
    );
    // vim has g g = top: g over it would hide it.
    assert_eq!(
        le("extends = \"vim\"\n[library]\n\"g\" = \"bottom\"\n"),
        "my.toml:3: \"g\" hides \"g g\" (bound to top in the vim keymap), which could never be typed: \
         remove it with \"g g\" = \"none\""
    );
    // Removing the shorter one first is the way.
    let km = load("my.toml", "[reader]\n\"g\" = \"none\"\n\"g g\" = \"top\"\n\"g e\" = \"bottom\"\n").unwrap();
    assert_eq!(km.lookup(Mode::Reader, &seq("g")), Lookup::Pending);
    assert_eq!(km.lookup(Mode::Reader, &seq("g e")), Lookup::Matched(Action::Bottom));
    // Replacing vim's g g by g alone, removing g g in the same file.
    let km = load("my.toml", "extends = \"vim\"\n[reader]\n\"g g\" = \"none\"\n\"g\" = \"top\"\n").unwrap();
    assert_eq!(km.lookup(Mode::Reader, &seq("g")), Lookup::Matched(Action::Top));
    // The keymap is unchanged by a refused file.
    let mut km = Keymap::default_keymap();
    assert!(apply(&mut km, "my.toml", "[reader]\n\"x\" = \"up\"\n\"g g\" = \"top\"\n").is_err());
    assert_eq!(km, Keymap::default_keymap());
}
