//! The jump popup: its state, and what its actions do.
//!
//! Keys that arrive together (typed faster than they are answered, or pasted over a slow link)
//! are handled as a batch (see [`App::keys`]): the search they ask for runs once, for the query
//! as it stands after the last of them, not once per letter.

use std::sync::Arc;

use super::find::edit;
use super::{App, Popup, Screen};
use crate::keymap::Action;
use crate::search::jump::{Hits, Searcher};

/// Results to compute match marks for (more than fit on any screen).
const MARKED: usize = 120;

/// Candidates prepared for the next letter in one go while no key is pressed: about 3 ms on
/// this project's 2-core VM.
const IDLE_SLICE: usize = 16_384;

/// The jump popup.
#[derive(Debug, Default)]
pub struct JumpState {
    /// The query typed so far.
    pub input: String,
    /// Search every document (Tab), not only the open one.
    pub all_docs: bool,
    /// The document open in the reader, if any.
    pub doc: Option<u32>,
    /// Ranked results.
    pub hits: Hits,
    /// The highlighted result.
    pub selected: usize,
    searcher: Searcher,
    /// The hits are for an earlier input: a batch of keys is still being handled.
    stale: bool,
}

impl App {
    /// Opens the jump popup (over the open document, or every document from the library).
    pub(super) fn open_jump(&mut self) {
        // While the index is built in the background the popup opens at once, takes what is
        // typed, and searches when the index arrives.
        if self.index.is_none() && !self.index_coming {
            self.build_index();
        }
        let doc = match &self.screen {
            Screen::Reader(r) => Some(r.doc as u32),
            Screen::Library(_) => None,
        };
        let mut st = JumpState { all_docs: doc.is_none(), doc, ..JumpState::default() };
        if let Some(index) = &self.index {
            st.hits = st.searcher.search(index, "", if st.all_docs { None } else { doc }, MARKED);
        }
        self.popup = Some(Popup::Jump(Box::new(st)));
    }

    /// Builds the jump index here and now (the background build is not coming).
    pub(super) fn build_index(&mut self) {
        self.index = Some(Arc::new(self.shelf.index(&self.library)));
    }

    /// The input or scope of the jump popup changed: searches again, or, in a batch of keys,
    /// once the batch is over (see [`App::settle_jump`]).
    pub(super) fn refresh_jump(&mut self) {
        let batch = self.batch;
        if let Some(Popup::Jump(st)) = &mut self.popup {
            st.stale = true;
            st.selected = 0;
        }
        if !batch {
            self.settle_jump();
        }
    }

    /// Runs the search the jump popup's input is due, if any.
    pub(super) fn settle_jump(&mut self) {
        let Some(index) = self.index.clone() else { return };
        if let Some(Popup::Jump(st)) = &mut self.popup
            && std::mem::take(&mut st.stale)
        {
            let scope = if st.all_docs { None } else { st.doc };
            st.hits = st.searcher.search(&index, &st.input, scope, MARKED);
            #[cfg(test)]
            {
                self.searches += 1;
            }
        }
    }

    /// Uses a pause between keys: prepares the jump search for the next letter, a slice of its
    /// candidates at a time (a few milliseconds, so that a key pressed meanwhile waits no
    /// longer). Says whether there is more to prepare: the event loop then comes back at once
    /// unless a key is waiting.
    pub fn idle(&mut self) -> bool {
        let Some(index) = &self.index else { return false };
        match &mut self.popup {
            Some(Popup::Jump(st)) if !st.stale => st.searcher.prepare(index, IDLE_SLICE),
            _ => false,
        }
    }

    /// An action in the jump popup.
    pub(super) fn update_jump(&mut self, action: Action) {
        // Moving through the hits or opening one needs them for what was typed (closing the
        // popup does not: a query typed and dropped in one batch is never searched).
        if matches!(action, Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::Open) {
            self.settle_jump();
        }
        let page = self.size.1.saturating_sub(6).max(1) as usize;
        let Some(Popup::Jump(st)) = &mut self.popup else { return };
        let n = st.hits.len();
        match action {
            Action::Close => self.popup = None,
            Action::Down => st.selected = (st.selected + 1).min(n.saturating_sub(1)),
            Action::Up => st.selected = st.selected.saturating_sub(1),
            Action::PageDown => st.selected = (st.selected + page).min(n.saturating_sub(1)),
            Action::PageUp => st.selected = st.selected.saturating_sub(page),
            Action::ToggleScope if st.doc.is_some() => {
                st.all_docs = !st.all_docs;
                self.refresh_jump();
            }
            Action::DeleteBack | Action::DeleteWord | Action::ClearInput => {
                edit(&mut st.input, action);
                self.refresh_jump();
            }
            Action::Open if self.index.is_none() => {
                self.message = Some("the headings are still being indexed: a moment".into());
            }
            Action::Open => {
                let Some(hit) = st.hits.get(st.selected) else {
                    self.message = Some(format!("no section matches {:?}", st.input));
                    return;
                };
                let entry = hit.entry as usize;
                self.popup = None;
                self.jump_to_entry(entry);
            }
            _ => {}
        }
    }

    /// Opens the reader at a jump entry: the open document's panes both land on the section
    /// and its counterpart, or another document opens there.
    fn jump_to_entry(&mut self, entry: usize) {
        let Some(index) = self.index.clone() else { return };
        let Some(e) = index.entries.get(entry) else { return };
        let doc = e.doc as usize;
        let labels: Vec<_> = [index.zh(e), index.en(e)].into_iter().flatten().collect();
        let places: Vec<(usize, usize)> = labels.iter().map(|l| (l.version as usize, l.block as usize)).collect();
        if self.go_to(doc, &places) {
            let title = labels.first().map(|l| format!("{}{}", l.marker, l.title)).unwrap_or_default();
            self.message = Some(title);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Settings;

    use crate::keymap::key::parse_sequence;
    use crate::ui::testing::{press as keys, type_text as typed};

    fn app() -> App {
        crate::ui::testing::app((120, 40), Settings::default(), "")
    }

    fn top_block_text(a: &App, side: usize) -> String {
        let Screen::Reader(r) = &a.screen else { panic!("reader") };
        let d = &a.library.documents[r.doc];
        r.version(d, side).blocks[r.pos[side].block].text.clone()
    }

    #[test]
    fn jump_by_pinyin_lands_both_panes_on_the_pair() {
        let mut a = app();
        keys(&mut a, "j <Enter> :");
        typed(&mut a, "kdzg");
        keys(&mut a, "<Enter>");
        assert!(top_block_text(&a, 0).starts_with("二、实施“宽带中国”工程"));
        assert!(top_block_text(&a, 1).starts_with("II, Implement the “Broadband China”"));
    }

    #[test]
    fn pauses_between_letters_prepare_the_next_and_change_nothing_shown() {
        let hits = |a: &App| match &a.popup {
            Some(Popup::Jump(st)) => st.hits.clone(),
            _ => panic!("jump popup"),
        };
        let (mut paused, mut typed_on) = (app(), app());
        for a in [&mut paused, &mut typed_on] {
            keys(a, "j <Enter> :");
        }
        for c in ["k", "u", "a", "n", "d"] {
            typed(&mut paused, c);
            typed(&mut typed_on, c);
            let before = hits(&paused);
            while paused.idle() {}
            assert!(!paused.idle(), "{c}: nothing left to prepare");
            assert_eq!(hits(&paused), before, "{c}: preparing shows nothing new");
            assert_eq!(hits(&paused), hits(&typed_on), "{c}: the same hits as without pauses");
        }
        keys(&mut paused, "<Esc>");
        assert!(!paused.idle(), "no popup, nothing to do");
    }

    #[test]
    fn jump_across_documents_and_escape_stays_put() {
        let mut a = app();
        keys(&mut a, "j <Enter> ] ]");
        let before = top_block_text(&a, 0);
        keys(&mut a, ": <Tab>");
        typed(&mut a, "wangluo fupin");
        keys(&mut a, "<Esc>");
        assert_eq!(top_block_text(&a, 0), before, "Esc returns to where the reader was");
        keys(&mut a, ": <Tab>");
        typed(&mut a, "wangluo fupin");
        keys(&mut a, "<Enter>");
        let Screen::Reader(r) = &a.screen else { panic!() };
        assert_eq!(a.library.documents[r.doc].id, "2016-informatization-strategy-outline");
        assert!(top_block_text(&a, 0).starts_with("42.实施网络扶贫行动计划"));
        assert!(top_block_text(&a, 1).starts_with("5. Implement the networked poverty relief action plan"));
    }

    #[test]
    fn a_jump_opened_while_the_index_is_built_waits_for_it_and_keeps_what_was_typed() {
        let mut a = app();
        a.index = None;
        a.index_coming = true;
        keys(&mut a, ":");
        typed(&mut a, "kdzg");
        let Some(Popup::Jump(st)) = &a.popup else { panic!("the popup opens at once") };
        assert!(st.hits.is_empty() && a.index.is_none(), "no index built on the UI thread");
        let text = crate::ui::testing::rows(&crate::ui::testing::draw(&a)).join("\n");
        assert!(text.contains("> kdzg") && text.contains("Indexing the headings of 4 documents…"), "{text}");
        keys(&mut a, "<Enter>");
        assert!(a.message.as_deref().is_some_and(|m| m.contains("still being indexed")));
        a.indexed(Arc::new(crate::search::jump::Index::build(&a.library)));
        let text = crate::ui::testing::rows(&crate::ui::testing::draw(&a)).join("\n");
        assert!(!text.contains("Indexing the headings"), "{text}");
        keys(&mut a, "<Enter>");
        assert!(top_block_text(&a, 0).starts_with("二、实施“宽带中国”工程"));
    }

    #[test]
    fn a_jump_whose_index_never_comes_builds_one() {
        let mut a = app();
        a.index = None;
        a.index_coming = true;
        keys(&mut a, ":");
        typed(&mut a, "kdzg");
        a.index_lost();
        keys(&mut a, "<Enter>");
        assert!(top_block_text(&a, 0).starts_with("二、实施“宽带中国”工程"));
    }

    #[test]
    fn a_jump_that_finds_nothing_says_so() {
        let mut a = app();
        keys(&mut a, "j <Enter> :");
        typed(&mut a, "zzzzqqq");
        keys(&mut a, "<Enter>");
        assert_eq!(a.message.as_deref(), Some("no section matches \"zzzzqqq\""));
    }

    fn hit_entries(a: &App) -> (Vec<u32>, usize) {
        let Some(Popup::Jump(st)) = &a.popup else { panic!("the jump popup is up") };
        (st.hits.iter().map(|h| h.entry).collect(), a.searches)
    }

    #[test]
    fn keys_that_arrive_together_cost_one_search_and_do_what_they_do_one_by_one() {
        let mut one_by_one = app();
        keys(&mut one_by_one, "j <Enter> :");
        typed(&mut one_by_one, "kdzgx");
        keys(&mut one_by_one, "<BS>");
        let (expected, searches) = hit_entries(&one_by_one);
        assert_eq!(searches, 6, "one search per key");
        let mut together = app();
        keys(&mut together, "j <Enter>");
        together.keys(&parse_sequence(": k d z g x <BS>").unwrap());
        assert_eq!(hit_entries(&together), (expected, 1));
        // A query typed and dropped in one batch costs no search.
        together.keys(&parse_sequence("x i n <Esc>").unwrap());
        assert_eq!(together.searches, 1);
        // Moving through the hits, or opening one, in the same batch sees the whole query's.
        together.keys(&parse_sequence("<Esc> : k d z g <Down> <Up> <Enter>").unwrap());
        assert!(together.popup.is_none());
        assert!(top_block_text(&together, 0).starts_with("二、实施“宽带中国”工程"));
    }
}
