//! The figures table (`F`): every figure of the versions on screen with its counterpart and
//! status, sorted by position or year, filtered by year and kind; Enter goes to the figure.

use super::figures::{FigureMarks, FigureRow, anchor};
use super::{App, Popup, Screen};
use crate::figures::check::Status;
use crate::figures::{Kind, format_value};
use crate::keymap::Action;
use crate::model::Document;

/// How the table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Reading order.
    #[default]
    Position,
    /// Target year, then reading order; figures without a year last.
    Year,
}

/// The table's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FigureTable {
    /// The order.
    pub sort: SortBy,
    /// Show only this year's figures.
    pub year: Option<u16>,
    /// Hide facts.
    pub targets_only: bool,
    /// The highlighted row (an index into the reader's figure rows).
    pub selected: Option<usize>,
}

impl FigureTable {
    /// The rows shown, in order (indices into `m.rows`).
    pub fn visible(&self, m: &FigureMarks) -> Vec<usize> {
        let keep = |r: &FigureRow| {
            (!self.targets_only || r.kind == Kind::Target) && self.year.is_none_or(|y| r.year == Some(y))
        };
        let mut v: Vec<usize> = (0..m.rows.len()).filter(|&k| keep(&m.rows[k])).collect();
        if self.sort == SortBy::Year {
            v.sort_by_key(|&k| (m.rows[k].year.unwrap_or(u16::MAX), k));
        }
        v
    }

    /// Position of the highlighted row among `visible` (the first when it is filtered out).
    pub fn cursor(&self, visible: &[usize]) -> usize {
        self.selected.and_then(|s| visible.iter().position(|&k| k == s)).unwrap_or(0)
    }

    /// Moves the highlight by `by` rows (clamped), or to the first / last row.
    fn step(&mut self, visible: &[usize], by: isize) {
        if visible.is_empty() {
            return;
        }
        let at = self.cursor(visible).saturating_add_signed(by).min(visible.len() - 1);
        self.selected = Some(visible[at]);
    }

    /// Shows the next (or previous) year's figures; past the last year, every year again.
    fn cycle_year(&mut self, m: &FigureMarks, forward: bool) {
        let mut years: Vec<u16> = m.rows.iter().filter_map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        let at = self.year.and_then(|y| years.iter().position(|&x| x == y));
        self.year = match (at, forward) {
            (None, true) => years.first().copied(),
            (None, false) => years.last().copied(),
            (Some(i), true) => years.get(i + 1).copied(),
            (Some(i), false) => i.checked_sub(1).map(|j| years[j]),
        };
    }
}

/// The status of a row in words: `match`, `mismatch`, `no en` (the right version lacks it),
/// `no zh`; empty when there is nothing to compare with.
pub fn status_label(row: &FigureRow, ids: [&str; 2]) -> String {
    match (row.status, row.fig) {
        (None, _) => String::new(),
        (Some(Status::Match), _) => "match".into(),
        (Some(Status::Mismatch), _) => "mismatch".into(),
        (Some(Status::Missing), [Some(_), _]) => format!("no {}", ids[1]),
        (Some(Status::Missing), _) => format!("no {}", ids[0]),
    }
}

/// One line about row `k` for the status line, most important first (the end is what a
/// narrow terminal cuts; a target without its year says little):
/// `target 1/4 · 2015 · MISMATCH: > 18 trillion CNY, en 17 trillion CNY`.
pub fn describe(m: &FigureMarks, k: usize, d: &Document, ascii: bool) -> String {
    let Some(row) = m.rows.get(k) else { return String::new() };
    let Some((side, f)) = anchor(m, row) else { return String::new() };
    let targets: Vec<usize> = (0..m.rows.len()).filter(|&i| m.rows[i].kind == Kind::Target).collect();
    let place = match targets.iter().position(|&i| i == k) {
        Some(n) => format!("target {}/{}", n + 1, targets.len()),
        None => "fact".to_owned(),
    };
    let cmp = f.comparator.map_or(String::new(), |c| format!("{} ", c.symbol(ascii)));
    let value = format!("{cmp}{}", format_value(f.value, f.upper, f.unit));
    let ids = [d.versions[m.versions[0]].id.as_str(), d.versions[m.versions[1]].id.as_str()];
    let other = 1 - side;
    let what = match (row.status, row.fig[other]) {
        (Some(Status::Mismatch), Some(j)) => {
            let o = &m.figs[other][j];
            format!("MISMATCH: {value}, {} {}", ids[other], format_value(o.value, o.upper, o.unit))
        }
        (Some(Status::Missing), _) => format!("MISSING in {}: {value}", ids[other]),
        (Some(_), _) => format!("{}: {value}", status_label(row, ids)),
        (None, _) => value,
    };
    let year = row.year.map_or(String::new(), |y| format!(" · {y}"));
    format!("{place}{year} · {what}")
}

impl App {
    /// Opens the figures table on the selected figure, or the first one from the reading position.
    pub(super) fn open_figure_table(&mut self) {
        let Screen::Reader(r) = &self.screen else { return };
        if r.figures.rows.is_empty() {
            self.message = Some("no figures found in the versions on screen".into());
            return;
        }
        let selected = r.figures.selected.or_else(|| r.first_figure_from_top(true)).or(Some(0));
        self.popup = Some(Popup::Figures(FigureTable { selected, ..FigureTable::default() }));
    }

    /// What an action does while the figures table is open.
    pub(super) fn update_figure_table(&mut self, action: Action) {
        let (Some(Popup::Figures(t)), Screen::Reader(r)) = (&mut self.popup, &mut self.screen) else { return };
        let m = &r.figures;
        let visible = t.visible(m);
        let page = self.size.1.saturating_sub(7).max(1) as isize;
        match action {
            Action::Down => t.step(&visible, 1),
            Action::Up => t.step(&visible, -1),
            Action::PageDown | Action::HalfPageDown => t.step(&visible, page),
            Action::PageUp | Action::HalfPageUp => t.step(&visible, -page),
            Action::Top => t.step(&visible, isize::MIN / 2),
            Action::Bottom => t.step(&visible, isize::MAX / 2),
            Action::SortFigures => {
                t.sort = if t.sort == SortBy::Position { SortBy::Year } else { SortBy::Position };
            }
            Action::NextYear | Action::PrevYear => t.cycle_year(m, action == Action::NextYear),
            Action::ToggleFacts => t.targets_only = !t.targets_only,
            Action::ToggleFigures => self.settings.figures = !self.settings.figures,
            Action::Open => {
                let Some(k) = visible.get(t.cursor(&visible)).copied() else { return };
                self.popup = None;
                self.settings.figures = true;
                let d = &self.library.documents[r.doc];
                r.select_figure(d, k);
                self.message = Some(describe(&r.figures, k, d, self.settings.ascii));
            }
            Action::Close | Action::Figures => self.popup = None,
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            _ => {}
        }
    }

    /// `>` / `<`: selects the next or previous target and scrolls to it.
    pub(super) fn figure_step(&mut self, forward: bool) {
        let Screen::Reader(r) = &mut self.screen else { return };
        let d = &self.library.documents[r.doc];
        let m = &r.figures;
        let targets: Vec<usize> = (0..m.rows.len()).filter(|&k| m.rows[k].kind == Kind::Target).collect();
        if targets.is_empty() {
            self.message = Some("no target figures in the versions on screen".into());
            return;
        }
        // From the selected figure when it is on screen, else from the reading position.
        let anchored = m.selected.filter(|&k| {
            let row = m.rows[k];
            (0..2).any(|s| row.fig[s].is_some_and(|i| r.on_screen(s, m.figs[s][i].block as usize, m.figs[s][i].start)))
        });
        let next = match anchored {
            Some(k) if forward => targets.iter().copied().find(|&t| t > k),
            Some(k) => targets.iter().copied().rev().find(|&t| t < k),
            None => r.first_figure_from_top(forward),
        };
        let wrapped = next.is_none();
        let k = next.unwrap_or(if forward { targets[0] } else { targets[targets.len() - 1] });
        self.settings.figures = true;
        r.select_figure(d, k);
        let text = describe(&r.figures, k, d, self.settings.ascii);
        self.message = Some(if wrapped {
            format!("{text} (wrapped to the {})", if forward { "first" } else { "last" })
        } else {
            text
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Settings, reader::ReaderState};
    use crate::ui::testing::{app_on, mistranslated, press};

    fn reader(a: &App) -> &ReaderState {
        match &a.screen {
            Screen::Reader(r) => r,
            _ => panic!("not reading"),
        }
    }

    fn targets(m: &FigureMarks) -> Vec<&FigureRow> {
        m.rows.iter().filter(|r| r.kind == Kind::Target).collect()
    }

    #[test]
    fn rows_pair_figures_and_carry_the_check() {
        let a = app_on(mistranslated(), (120, 40), Settings::default(), "<Enter>");
        let m = &reader(&a).figures;
        assert!(m.checked());
        let t = targets(m);
        assert_eq!(t.len(), 4, "{t:?}");
        let statuses: Vec<Option<Status>> = t.iter().map(|r| r.status).collect();
        assert_eq!(statuses.iter().filter(|s| **s == Some(Status::Mismatch)).count(), 1);
        assert_eq!(statuses.iter().filter(|s| **s == Some(Status::Missing)).count(), 1);
        let mismatch = t.iter().find(|r| r.status == Some(Status::Mismatch)).unwrap();
        let (zh, en) = (&m.figs[0][mismatch.fig[0].unwrap()], &m.figs[1][mismatch.fig[1].unwrap()]);
        assert_eq!((zh.value, en.value), (18e12, 17e12));
        let missing = t.iter().find(|r| r.status == Some(Status::Missing)).unwrap();
        assert_eq!(missing.fig[1], None, "the English lost it");
        assert_eq!(status_label(missing, ["zh", "en"]), "no en");
        assert!(FigureMarks::flagged(mismatch) && FigureMarks::flagged(missing));
        // Reading order: each pane's figures appear in the rows in the order of the text.
        for side in 0..2 {
            let order: Vec<usize> = m.rows.iter().filter_map(|r| r.fig[side]).collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "side {side}: {order:?}");
            assert_eq!(order.len(), m.figs[side].len());
        }
    }

    #[test]
    fn next_target_selects_reveals_and_wraps() {
        let mut a = app_on(mistranslated(), (120, 40), Settings { figures: false, ..Settings::default() }, "<Enter>");
        let mut seen = Vec::new();
        for n in 1..=4 {
            press(&mut a, ">");
            let msg = a.message.clone().unwrap_or_default();
            assert!(msg.starts_with(&format!("target {n}/4")), "{msg}");
            assert!(a.settings.figures, "stepping to a figure turns highlighting on");
            let r = reader(&a);
            let k = r.figures.selected.expect("a figure is selected");
            let row = r.figures.rows[k];
            for side in 0..2 {
                if let Some(i) = row.fig[side] {
                    let f = &r.figures.figs[side][i];
                    assert!(r.on_screen(side, f.block as usize, f.start), "target {n} side {side} is on screen");
                }
            }
            seen.push(k);
        }
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        let msgs: Vec<String> =
            (0..4).map(|k| describe(&reader(&a).figures, seen[k], &a.library.documents[0], false)).collect();
        assert!(
            msgs.contains(&"target 1/4 · 2015 · MISMATCH: > 18 trillion CNY, en 17 trillion CNY".to_owned()),
            "{msgs:?}"
        );
        assert!(msgs.contains(&"target 3/4 · 2015 · MISSING in en: > 250 million households".to_owned()), "{msgs:?}");
        assert!(msgs.contains(&"target 2/4 · 2015 · match: > 9%".to_owned()), "{msgs:?}");
        press(&mut a, ">");
        let msg = a.message.clone().unwrap_or_default();
        assert!(msg.starts_with("target 1/4") && msg.ends_with("(wrapped to the first)"), "{msg}");
        press(&mut a, "<");
        assert!(a.message.clone().unwrap_or_default().starts_with("target 4/4"));
    }

    #[test]
    fn panel_sorts_filters_and_opens() {
        let mut a = app_on(mistranslated(), (120, 40), Settings::default(), "<Enter> F");
        let table = |a: &App| match &a.popup {
            Some(Popup::Figures(t)) => t.clone(),
            p => panic!("no figures table: {p:?}"),
        };
        let m = reader(&a).figures.clone();
        let all = table(&a).visible(&m);
        assert_eq!(all.len(), m.rows.len(), "facts and targets, every figure");
        press(&mut a, "s");
        let by_year = table(&a).visible(&m);
        let years: Vec<u16> = by_year.iter().map(|&k| m.rows[k].year.unwrap_or(u16::MAX)).collect();
        assert!(years.windows(2).all(|w| w[0] <= w[1]), "{years:?}");
        press(&mut a, "y");
        let first_year = m.rows.iter().filter_map(|r| r.year).min().unwrap();
        let t = table(&a);
        assert_eq!(t.year, Some(first_year));
        assert!(t.visible(&m).iter().all(|&k| m.rows[k].year == Some(first_year)));
        press(&mut a, "Y");
        assert_eq!(table(&a).year, None, "back past the first year: every year");
        press(&mut a, "t");
        let only = table(&a).visible(&m);
        assert_eq!(only.len(), 4);
        press(&mut a, "G");
        let last = *only.last().unwrap();
        assert_eq!(table(&a).selected, Some(last));
        press(&mut a, "<Enter>");
        assert!(a.popup.is_none());
        let r = reader(&a);
        assert_eq!(r.figures.selected, Some(last));
        let (side, f) = anchor(&r.figures, &r.figures.rows[last]).unwrap();
        assert!(r.on_screen(side, f.block as usize, f.start));
        assert!(a.message.clone().unwrap_or_default().starts_with("target 4/4"));
    }

    #[test]
    fn a_single_version_has_no_check_and_an_empty_panel_says_so() {
        // The 2014 Shanwei plan is Chinese only: figures, no status.
        let mut a = crate::ui::testing::app((120, 40), Settings::default(), "j j <Enter>");
        let r = reader(&a);
        assert!(!r.figures.checked());
        assert!(!r.figures.rows.is_empty());
        assert!(r.figures.rows.iter().all(|row| row.status.is_none()));
        press(&mut a, ">");
        assert_eq!(a.message.as_deref(), Some("target 1/18 · 2020 · 100%"), "nothing to check against");
        // The 2006 Strategy's figures are facts: `>` says there is no target.
        let mut a = crate::ui::testing::app((120, 40), Settings::default(), "<Enter> >");
        assert_eq!(a.message.as_deref(), Some("no target figures in the versions on screen"));
        press(&mut a, "F");
        assert!(matches!(a.popup, Some(Popup::Figures(_))), "the facts are still listed");
    }
}
