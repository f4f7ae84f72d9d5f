//! Full-text search in the reader, and the prompt it is typed in.

use super::{App, Popup, PromptFor, Screen};
use crate::keymap::Action;
use crate::search::text::{self, TextHit};

/// How many searches the history keeps.
const HISTORY: usize = 100;

/// A search in the reader: the query and its hits in the two versions shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchState {
    /// What was searched for.
    pub query: String,
    /// Every hit, sorted by side, block and offset (for drawing).
    pub hits: Vec<TextHit>,
    /// Indices into `hits` in reading order (for n / N).
    pub order: Vec<usize>,
    /// Position in `order` of the current hit.
    pub current: Option<usize>,
    /// The versions the hits were computed for.
    pub versions: [usize; 2],
}

impl SearchState {
    /// The current hit.
    pub fn current_hit(&self) -> Option<TextHit> {
        self.current.and_then(|c| self.order.get(c)).and_then(|&i| self.hits.get(i)).copied()
    }

    /// The hits in block `block` of pane `side` (a slice of `hits`).
    pub fn in_block(&self, side: u8, block: u32) -> &[TextHit] {
        let lo = self.hits.partition_point(|h| (h.side, h.block) < (side, block));
        let hi = self.hits.partition_point(|h| (h.side, h.block) <= (side, block));
        &self.hits[lo..hi]
    }
}

impl App {
    /// A printable character typed in the jump popup or a prompt.
    pub(super) fn type_char(&mut self, c: char) {
        if let Some(Popup::Jump(st)) = &mut self.popup {
            st.input.push(c);
            self.refresh_jump();
        } else if let Some(p) = &mut self.prompt {
            p.input.push(c);
            p.history_pos = None;
        }
    }

    /// An action while typing a search.
    pub(super) fn update_prompt(&mut self, action: Action) {
        let Some(p) = &mut self.prompt else { return };
        match action {
            Action::Close => self.prompt = None,
            Action::DeleteBack | Action::DeleteWord | Action::ClearInput => edit(&mut p.input, action),
            Action::HistoryPrev | Action::HistoryNext if p.purpose == PromptFor::Search => {
                let n = self.history.len();
                if n == 0 {
                    return;
                }
                let pos = match (p.history_pos, action) {
                    (None, Action::HistoryPrev) => Some(n - 1),
                    (Some(i), Action::HistoryPrev) => Some(i.saturating_sub(1)),
                    (Some(i), _) if i + 1 < n => Some(i + 1),
                    _ => None,
                };
                p.history_pos = pos;
                p.input = pos.map(|i| self.history[i].clone()).unwrap_or_default();
            }
            Action::Open => {
                let Some(p) = self.prompt.take() else { return };
                match p.purpose {
                    PromptFor::Search => self.start_search(&p.input),
                    purpose => self.finish_note(purpose, p.input),
                }
            }
            _ => {}
        }
    }

    /// Searches both panes for `query` and goes to the first hit after the reading position.
    fn start_search(&mut self, query: &str) {
        if text::fold_query(query).is_empty() {
            return;
        }
        self.history.retain(|h| h != query);
        self.history.push(query.to_owned());
        if self.history.len() > HISTORY {
            self.history.remove(0);
        }
        let Screen::Reader(r) = &mut self.screen else { return };
        let d = &self.library.documents[r.doc];
        r.search = Some(SearchState { query: query.to_owned(), ..SearchState::default() });
        r.refresh_search(d);
        if r.search.as_ref().is_some_and(|s| s.hits.is_empty()) {
            self.message = Some(format!("no match for “{query}”"));
            return;
        }
        self.search_step(true);
    }

    /// Goes to the next (or previous) search hit, wrapping around at the ends.
    pub(super) fn search_step(&mut self, forward: bool) {
        let Screen::Reader(r) = &mut self.screen else { return };
        let d = &self.library.documents[r.doc];
        let Some(s) = &r.search else {
            let key = self.keymap.hint(crate::keymap::Mode::Reader, Action::Search);
            self.message = Some(format!("no search yet — {key} to search"));
            return;
        };
        let n = s.order.len();
        if n == 0 {
            self.message = Some(format!("no match for “{}”", s.query));
            return;
        }
        let next = match s.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => r.first_hit_from_top(forward),
        };
        let wrapped = s.current.is_some_and(|c| (forward && next <= c) || (!forward && next >= c));
        if let Some(s) = &mut r.search {
            s.current = Some(next);
        }
        r.reveal_current_hit(d);
        self.message = wrapped.then(|| {
            if forward { "search wrapped to the top".to_owned() } else { "search wrapped to the bottom".to_owned() }
        });
    }
}

/// Deletes a character, a word, or everything from the end of `input`.
pub(super) fn edit(input: &mut String, action: Action) {
    match action {
        Action::DeleteBack => {
            input.pop();
        }
        Action::DeleteWord => {
            let trimmed = input.trim_end().len();
            input.truncate(trimmed);
            let cut = input.rfind(|c: char| c.is_whitespace() || crate::text::is_han(c)).map_or(0, |i| {
                // A Han character is a word of its own.
                let c = input[i..].chars().next().unwrap_or(' ');
                if c.is_whitespace() { i + c.len_utf8() } else { i }
            });
            input.truncate(cut);
        }
        Action::ClearInput => input.clear(),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Settings;

    use crate::ui::testing::{press as keys, type_text as typed};

    fn app() -> App {
        crate::ui::testing::app((120, 40), Settings::default(), "")
    }

    #[test]
    fn emacs_c_s_starts_a_search_then_steps_through_its_hits() {
        let mut a = app();
        a.keymap = crate::keymap::preset::select("emacs").unwrap();
        keys(&mut a, "j <Enter> <C-s>");
        assert!(a.prompt.is_some(), "C-s with no search on starts one");
        typed(&mut a, "宽带");
        keys(&mut a, "<C-s>");
        let current = |a: &App| match &a.screen {
            Screen::Reader(r) => r.search.as_ref().and_then(|s| s.current),
            Screen::Library(_) => None,
        };
        assert!(a.prompt.is_none());
        assert_eq!(current(&a), Some(0));
        keys(&mut a, "<C-s> <C-s>");
        assert_eq!(current(&a), Some(2), "C-s again goes to the next hit");
        keys(&mut a, "<C-r>");
        assert_eq!(current(&a), Some(1), "C-r to the previous one");
        keys(&mut a, "<C-g> <C-r>");
        assert!(a.prompt.is_some(), "once the search is cleared, C-r starts a new one");
    }

    #[test]
    fn search_finds_hits_in_both_panes_and_steps_through_them() {
        let mut a = app();
        keys(&mut a, "j <Enter> /");
        typed(&mut a, "宽带");
        keys(&mut a, "<Enter>");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let s = r.search.as_ref().unwrap();
        assert!(s.hits.len() > 10);
        assert!(s.hits.iter().all(|h| h.side == 0), "宽带 is only in the Chinese pane");
        let first = s.current_hit().unwrap();
        assert_eq!(r.pos[0].block, first.block as usize);
        keys(&mut a, "n n N");
        let Screen::Reader(r) = &a.screen else { panic!() };
        assert_eq!(r.search.as_ref().unwrap().current, Some(1));
        // English, any case; the history brings the last search back.
        keys(&mut a, "/");
        typed(&mut a, "BROADBAND");
        keys(&mut a, "<Enter>");
        let Screen::Reader(r) = &a.screen else { panic!() };
        assert!(r.search.as_ref().unwrap().hits.iter().all(|h| h.side == 1));
        keys(&mut a, "/ <Up> <Up>");
        assert_eq!(a.prompt.as_ref().unwrap().input, "宽带");
        keys(&mut a, "<Esc> /");
        typed(&mut a, "nothing like this");
        keys(&mut a, "<Enter>");
        assert_eq!(a.message.as_deref(), Some("no match for “nothing like this”"));
    }

    #[test]
    fn editing_inputs() {
        let mut s = "kuan dai 宽带".to_owned();
        edit(&mut s, Action::DeleteWord);
        assert_eq!(s, "kuan dai 宽");
        edit(&mut s, Action::DeleteWord);
        assert_eq!(s, "kuan dai ");
        edit(&mut s, Action::DeleteWord);
        assert_eq!(s, "kuan ");
        edit(&mut s, Action::DeleteBack);
        assert_eq!(s, "kuan");
        edit(&mut s, Action::ClearInput);
        assert_eq!(s, "");
    }
}
