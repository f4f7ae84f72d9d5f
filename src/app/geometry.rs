//! Where everything goes on a screen of a given size: panes, divider, outline, status line.
//! Below the width where two panes are readable the versions stack; below the height where
//! stacking works one pane is shown; below a minimum a message asks for a bigger terminal.

use ratatui::layout::Rect;

/// How the user wants the versions arranged (cycled with `v`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrangement {
    /// Two panes, left and right.
    SideBySide,
    /// Two panes, one above the other.
    Stacked,
    /// The focused version alone.
    Single,
}

impl Arrangement {
    /// The next arrangement in the cycle.
    pub fn next(self) -> Arrangement {
        match self {
            Arrangement::SideBySide => Arrangement::Stacked,
            Arrangement::Stacked => Arrangement::Single,
            Arrangement::Single => Arrangement::SideBySide,
        }
    }

    /// A short name for the status line.
    pub fn label(self) -> &'static str {
        match self {
            Arrangement::SideBySide => "side by side",
            Arrangement::Stacked => "stacked",
            Arrangement::Single => "one pane",
        }
    }
}

/// The smallest terminal the reader draws in.
pub const MIN_SIZE: (u16, u16) = (20, 5);
/// The narrowest pane worth reading side by side.
pub const MIN_PANE_WIDTH: u16 = 24;
/// The lowest pane worth reading stacked.
pub const MIN_PANE_HEIGHT: u16 = 4;

/// The rectangles of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// The arrangement actually used (the wanted one, or a narrower fallback).
    pub arrangement: Arrangement,
    /// The outline sidebar, if shown.
    pub outline: Option<Rect>,
    /// The first (left or top) pane.
    pub first: Rect,
    /// The second (right or bottom) pane, if two are shown.
    pub second: Option<Rect>,
    /// The divider between the panes (a column or a row).
    pub divider: Option<Rect>,
    /// The status line.
    pub status: Rect,
    /// The terminal is below [`MIN_SIZE`].
    pub too_small: bool,
}

/// Computes the geometry of a `width` × `height` screen.
pub fn geometry(width: u16, height: u16, wanted: Arrangement, two_versions: bool, outline: bool) -> Geometry {
    let too_small = width < MIN_SIZE.0 || height < MIN_SIZE.1;
    let status = Rect::new(0, height.saturating_sub(1), width, height.min(1));
    let body_h = height.saturating_sub(1);
    let outline_w = if outline { (width / 3).clamp(16, 36).min(width.saturating_sub(MIN_PANE_WIDTH)) } else { 0 };
    let outline_rect = (outline_w >= 12).then(|| Rect::new(0, 0, outline_w - 1, body_h));
    // The outline, its rule, and a column of space before the panes.
    let x0 = if outline_rect.is_some() { outline_w + 1 } else { 0 };
    let body = Rect::new(x0, 0, width.saturating_sub(x0), body_h);
    let arrangement = if !two_versions {
        Arrangement::Single
    } else {
        match wanted {
            Arrangement::SideBySide if body.width >= 2 * MIN_PANE_WIDTH + 3 => Arrangement::SideBySide,
            Arrangement::SideBySide | Arrangement::Stacked if body.height > 2 * MIN_PANE_HEIGHT => Arrangement::Stacked,
            _ => Arrangement::Single,
        }
    };
    let (first, second, divider) = match arrangement {
        Arrangement::SideBySide => {
            // " │ ": a column of space on each side of the rule keeps text off it.
            let lw = (body.width - 3) / 2;
            (
                Rect::new(body.x, 0, lw, body_h),
                Some(Rect::new(body.x + lw + 3, 0, body.width - lw - 3, body_h)),
                Some(Rect::new(body.x + lw, 0, 3, body_h)),
            )
        }
        Arrangement::Stacked => {
            let th = (body_h - 1) / 2;
            (
                Rect::new(body.x, 0, body.width, th),
                Some(Rect::new(body.x, th + 1, body.width, body_h - th - 1)),
                Some(Rect::new(body.x, th, body.width, 1)),
            )
        }
        Arrangement::Single => (body, None, None),
    };
    Geometry { arrangement, outline: outline_rect, first, second, divider, status, too_small }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_go_side_by_side_and_narrow_ones_stack() {
        let g = geometry(120, 40, Arrangement::SideBySide, true, false);
        assert_eq!(g.arrangement, Arrangement::SideBySide);
        let (a, b) = (g.first, g.second.unwrap());
        assert_eq!(a.width + 3 + b.width, 120);
        assert_eq!(g.divider.unwrap().x, a.width);
        assert_eq!(g.divider.unwrap().width, 3);
        assert_eq!(geometry(40, 30, Arrangement::SideBySide, true, false).arrangement, Arrangement::Stacked);
        assert_eq!(geometry(40, 8, Arrangement::SideBySide, true, false).arrangement, Arrangement::Single);
        assert_eq!(geometry(120, 40, Arrangement::SideBySide, false, false).arrangement, Arrangement::Single);
        assert!(geometry(10, 3, Arrangement::SideBySide, true, false).too_small);
    }

    #[test]
    fn the_outline_takes_the_left_edge() {
        let g = geometry(120, 40, Arrangement::SideBySide, true, true);
        let o = g.outline.unwrap();
        assert_eq!(o.x, 0);
        assert!(g.first.x > o.width);
        assert_eq!(g.second.unwrap().right(), 120);
    }
}
