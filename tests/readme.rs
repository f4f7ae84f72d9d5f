//! The README starts with the two set-up commands, and its key table is the generated one.

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme.split("```").nth(1).expect("a code block first");
    let commands: Vec<&str> = block.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert!(commands[0].starts_with("cargo run --release "));
    assert!(commands[1].starts_with("cargo test --release "));
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(ci.contains("\ncargo test --release\n"), "CI runs the README's test command");
}

#[test]
fn the_key_table_is_generated_from_the_default_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme.split("<!-- keys:start -->\n").nth(1).and_then(|r| r.split("<!-- keys:end -->").next()).unwrap();
    let generated = duizhao::commands::keymap::markdown_table(&duizhao::keymap::Keymap::default_keymap());
    assert_eq!(table, generated, "run `duizhao keymap show --markdown` and paste it into the README");
}
