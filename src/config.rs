//! The user's configuration file (`~/.config/duizhao/config.toml`, or `$DUIZHAO_CONFIG`, or
//! `--config FILE`). Command-line flags override it.
//!
//! ```toml
//! ambiguous_width = "wide"   # "narrow" (default) or "wide", like vim's ambiwidth
//! ascii = false              # ASCII borders and markers
//! mouse = true               # report the mouse wheel
//! figures = true             # highlight figures when a document opens (f toggles)
//! keymap = "vim"            # a preset (default, vim, less, emacs) or a keymap file
//! ```

use std::path::{Path, PathBuf};

/// How wide East-Asian ambiguous characters (“ ” ‘ ’ — … · ①) are in this terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousWidth {
    /// One column (most Western terminals).
    #[default]
    Narrow,
    /// Two columns (terminals set up for CJK).
    Wide,
}

/// The settings a config file may hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Width of ambiguous characters.
    pub ambiguous_width: Option<AmbiguousWidth>,
    /// ASCII borders and markers.
    pub ascii: Option<bool>,
    /// Report the mouse wheel.
    pub mouse: Option<bool>,
    /// Highlight figures in the reader.
    pub figures: Option<bool>,
    /// The keymap: a preset's name (`vim`) or a keymap file (`~/keys.toml`).
    pub keymap: Option<String>,
    /// Where bookmarks and reading positions are kept.
    pub data_dir: Option<PathBuf>,
}

/// Why the config file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It could not be read.
    #[error("{file}: {error}")]
    Io {
        /// The file.
        file: String,
        /// What the OS said.
        error: std::io::Error,
    },
    /// It is not valid.
    #[error("{file}:{line}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// The config file to read: `explicit`, else `$DUIZHAO_CONFIG`, else the XDG config directory's
/// `duizhao/config.toml`. Only an explicitly named file must exist.
pub fn path(explicit: Option<&Path>) -> (Option<PathBuf>, bool) {
    if let Some(p) = explicit {
        return (Some(p.to_path_buf()), true);
    }
    if let Some(p) = std::env::var_os("DUIZHAO_CONFIG").filter(|p| !p.is_empty()) {
        return (Some(PathBuf::from(p)), true);
    }
    (directories::ProjectDirs::from("", "", "duizhao").map(|d| d.config_dir().join("config.toml")), false)
}

/// Reads the config file (an absent default file is an empty config).
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let (Some(file), must_exist) = path(explicit) else { return Ok(Config::default()) };
    let shown = file.display().to_string();
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => return Ok(Config::default()),
        Err(error) => return Err(ConfigError::Io { file: shown, error }),
    };
    parse(&shown, &text)
}

/// Parses config text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Invalid {
        file: file.to_owned(),
        line: e.span().map_or(1, |s| text[..s.start.min(text.len())].matches('\n').count() + 1),
        message: e.message().trim().to_owned(),
    })
}

/// Expands a leading `~/` to the home directory.
pub fn expand_home(p: &Path) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses_with_lines() {
        let c = parse("c.toml", "ambiguous_width = \"wide\"\nmouse = false\n").unwrap();
        assert_eq!((c.ambiguous_width, c.mouse), (Some(AmbiguousWidth::Wide), Some(false)));
        let e = parse("c.toml", "mouse = true\nambiguous_width = \"huge\"\n").unwrap_err().to_string();
        assert!(e.starts_with("c.toml:2:"), "{e}");
        let e = parse("c.toml", "colour = 1\n").unwrap_err().to_string();
        assert!(e.starts_with("c.toml:1:") && e.contains("colour"), "{e}");
    }
}
