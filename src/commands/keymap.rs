//! `duizhao keymap show` and `duizhao keymap check`.

use std::io::Write;

use anyhow::Context;

use crate::cli::{Cli, KeymapCommand};
use crate::config::Config;
use crate::keymap::{Keymap, Mode, action, load, preset};

/// The keymap in force: `--keymap`, else the config file's `keymap`, else the default.
pub fn active(cli: &Cli, config: &Config) -> anyhow::Result<Keymap> {
    match (&cli.keymap, &config.keymap) {
        (Some(spec), _) => Ok(preset::select(spec)?),
        // Said, since the user may not remember the config file names a keymap.
        (None, Some(spec)) => preset::select(spec).context("the config file's keymap"),
        (None, None) => Ok(Keymap::default_keymap()),
    }
}

/// Runs a keymap subcommand.
pub fn run(cli: &Cli, cmd: &KeymapCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        KeymapCommand::Show { markdown } => {
            let config = crate::config::load(cli.config.as_deref())?;
            let km = active(cli, &config)?;
            out.write_all(if *markdown { markdown_table(&km) } else { text_table(&km) }.as_bytes())?;
        }
        KeymapCommand::Check { file } => {
            let text = std::fs::read_to_string(file).with_context(|| format!("{}: cannot read", file.display()))?;
            load::load(&file.display().to_string(), &text)?;
            writeln!(out, "{}: ok", file.display())?;
        }
    }
    Ok(())
}

/// (keys, action name, description) for each bound action of `mode`, in registry order.
fn rows(km: &Keymap, mode: Mode) -> Vec<(Vec<String>, &'static str, &'static str)> {
    action::ALL
        .iter()
        .filter_map(|a| {
            let keys = km.keys_for(mode, *a);
            (!keys.is_empty()).then(|| (keys, a.name(), a.doc()))
        })
        .collect()
}

/// The bindings as plain text, mode by mode.
pub fn text_table(km: &Keymap) -> String {
    let mut s = String::new();
    for mode in Mode::ALL {
        s.push_str(&format!("[{}]\n", mode.name()));
        for (keys, name, doc) in rows(km, mode) {
            s.push_str(&format!("  {:<28} {name:<20} {doc}\n", keys.join(", ")));
        }
        s.push('\n');
    }
    s
}

/// The bindings as the README's Markdown table.
pub fn markdown_table(km: &Keymap) -> String {
    let mut s = String::new();
    for mode in Mode::ALL {
        s.push_str(&format!("\n**{}**\n\n| keys | action | what it does |\n| --- | --- | --- |\n", mode.name()));
        for (keys, name, doc) in rows(km, mode) {
            let keys = keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            s.push_str(&format!("| {keys} | `{name}` | {doc} |\n"));
        }
    }
    s
}
