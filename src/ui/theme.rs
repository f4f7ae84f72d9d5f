//! Styles and glyphs. Only the 16 ANSI colours (they work on every terminal, `linux` and
//! plain `xterm` included; never truecolor), and every distinction also carried by a modifier
//! (bold, underline, reverse) so that `NO_COLOR` loses nothing. With `ascii` (implied by
//! ambiguous-width `wide`), the reader's own glyphs are ASCII, one column everywhere.

use ratatui::style::{Color, Modifier, Style};

use crate::app::Settings;
use crate::figures::Kind;
use crate::figures::check::Status;
use crate::model::BlockKind;

/// Styles and glyphs for one set of settings.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
    /// Draw borders and markers in ASCII.
    pub ascii: bool,
}

impl Theme {
    /// The theme for these settings.
    pub fn new(s: &Settings) -> Theme {
        Theme { color: s.color, ascii: s.ascii || s.wide }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    /// Text of a block of `kind` (`level` for headings).
    pub fn block(&self, kind: BlockKind, level: Option<u8>) -> Style {
        match (kind, level) {
            (BlockKind::Title, _) => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            (BlockKind::Heading, Some(1)) => self.fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            (BlockKind::Heading, Some(2)) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            (BlockKind::Heading, _) => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            (BlockKind::Number | BlockKind::Date | BlockKind::Signature | BlockKind::Addressee, _) => {
                self.fg(Color::Blue)
            }
            (BlockKind::Paragraph, _) => Style::new(),
        }
    }

    /// Quiet things: the divider, the "no counterpart" marker.
    pub fn quiet(&self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new() }
    }

    /// The status line.
    pub fn status(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The focused version's name in the status line.
    pub fn status_focus(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A message in the status line.
    pub fn message(&self) -> Style {
        self.status().add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The row of a list that matches the reading position.
    pub fn current(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Secondary text (second title line, details).
    pub fn dim(&self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    /// A search hit.
    pub fn hit(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The current search hit.
    pub fn hit_current(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::LightRed).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// A figure in the text: a target stands out (bold, underlined), a fact is only underlined;
    /// a target the translation changed is white on red (bold italic without colour), one it
    /// lacks is yellow italic. The selected figure and its counterpart are reversed.
    pub fn figure(&self, kind: Kind, status: Option<Status>, selected: bool) -> Style {
        let mut s = match (kind, status) {
            (Kind::Fact, _) => Style::new().add_modifier(Modifier::UNDERLINED),
            (Kind::Target, Some(Status::Mismatch)) if self.color => {
                Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD)
            }
            (Kind::Target, Some(Status::Mismatch)) => {
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED | Modifier::ITALIC)
            }
            // Not bold: a level-1 heading is yellow, bold and underlined.
            (Kind::Target, Some(Status::Missing)) => {
                self.fg(Color::Yellow).add_modifier(Modifier::UNDERLINED | Modifier::ITALIC)
            }
            (Kind::Target, _) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        };
        if selected {
            s = s.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        }
        s
    }

    /// The mark beside a line whose target the translation changed (`!`) or lacks (`?`):
    /// ASCII, so it is one column in every terminal.
    pub fn figure_flag(&self, status: Status) -> (&'static str, Style) {
        match status {
            Status::Mismatch => ("!", self.fg(Color::LightRed).add_modifier(Modifier::BOLD)),
            _ => ("?", self.fg(Color::Yellow).add_modifier(Modifier::BOLD)),
        }
    }

    /// Characters of a jump result that match the query.
    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Popup border and title.
    pub fn border(&self) -> Style {
        self.fg(Color::Cyan)
    }

    /// The vertical divider.
    pub fn vbar(&self) -> &'static str {
        if self.ascii { "|" } else { "│" }
    }

    /// The horizontal divider.
    pub fn hbar(&self) -> &'static str {
        if self.ascii { "-" } else { "─" }
    }

    /// Marks a band whose counterpart is missing.
    pub fn missing(&self) -> &'static str {
        if self.ascii { "." } else { "·" }
    }

    /// Separates the parts of a section path.
    pub fn path_sep(&self) -> &'static str {
        if self.ascii { " > " } else { " › " }
    }

    /// Marks the selected item.
    pub fn pointer(&self) -> &'static str {
        if self.ascii { ">" } else { "▸" }
    }

    /// Shows that text was cut.
    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }
}
