//! The one registry of actions: a name (used in keymap files), a one-line description (used by
//! the help screen and the README key table), and the enum the app's update function matches on.

macro_rules! actions {
    ($($variant:ident = $name:literal : $doc:literal,)*) => {
        /// Everything a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $(#[doc = $doc] $variant,)*
        }

        /// Every action, in registry order.
        pub const ALL: &[Action] = &[$(Action::$variant,)*];

        impl Action {
            /// The name used in keymap files.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }

            /// One line saying what the action does.
            pub fn doc(self) -> &'static str {
                match self { $(Action::$variant => $doc,)* }
            }

            /// The action called `name`.
            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Down = "down": "Scroll down one line (in lists: next item)",
    Up = "up": "Scroll up one line (in lists: previous item)",
    HalfPageDown = "half_page_down": "Scroll down half a page",
    HalfPageUp = "half_page_up": "Scroll up half a page",
    PageDown = "page_down": "Scroll down a page",
    PageUp = "page_up": "Scroll up a page",
    Top = "top": "Go to the top",
    Bottom = "bottom": "Go to the bottom",
    NextSection = "next_section": "Next section at the current level",
    PrevSection = "prev_section": "Previous section at the current level",
    NextSectionAny = "next_section_any": "Next heading at any level",
    PrevSectionAny = "prev_section_any": "Previous heading at any level",
    SwitchFocus = "switch_focus": "Focus the other pane (and the outline, when shown)",
    ToggleSync = "toggle_sync": "Scroll the two panes together, or the focused one alone",
    CycleLayout = "cycle_layout": "Cycle layout: side by side, stacked, one pane",
    ToggleOutline = "toggle_outline": "Show the outline of sections and focus it; hide it if focused",
    SwapPanes = "swap_panes": "Swap the left and right versions",
    NextLeftVersion = "next_left_version": "Show the next version in the left pane",
    NextRightVersion = "next_right_version": "Show the next version in the right pane",
    Jump = "jump": "Jump to a section by a few letters (English, Chinese, pinyin, number)",
    Search = "search": "Search the text of both panes",
    SearchNext = "search_next": "Go to the next search hit",
    SearchPrev = "search_prev": "Go to the previous search hit",
    SearchOrNext = "search_or_next": "Search; with a search on, go to its next hit (emacs's C-s)",
    SearchOrPrev = "search_or_prev": "Search; with a search on, go to its previous hit (emacs's C-r)",
    ToggleFigures = "toggle_figures": "Highlight the figures (targets bold, mismatches marked) or not",
    NextFigure = "next_figure": "Go to the next target figure; it and its translation light up",
    PrevFigure = "prev_figure": "Go to the previous target figure",
    Figures = "figures": "The table of the document's figures and the translation check",
    SortFigures = "sort_figures": "Figures table: sort by year or by position",
    NextYear = "next_year": "Figures table: show one year's figures (the next year; then all)",
    PrevYear = "prev_year": "Figures table: show one year's figures (the previous year)",
    ToggleFacts = "toggle_facts": "Figures table: targets only, or facts too",
    AddBookmark = "add_bookmark": "Bookmark the reading position, with an optional note",
    Bookmarks = "bookmarks": "The list of bookmarks (all documents)",
    DeleteBookmark = "delete_bookmark": "Bookmark list: delete the selected bookmark",
    EditNote = "edit_note": "Bookmark list: edit the selected bookmark's note",
    UndoDelete = "undo_delete": "Bookmark list: bring back the last bookmark deleted",
    ToggleScope = "toggle_scope": "Jump popup: this document or all documents",
    HistoryPrev = "history_prev": "Prompt: the previous search in the history",
    HistoryNext = "history_next": "Prompt: the next search in the history",
    DeleteBack = "delete_back": "Delete the character before the cursor",
    DeleteWord = "delete_word": "Delete the word before the cursor",
    ClearInput = "clear_input": "Delete everything typed",
    Open = "open": "Open the selected document or section (in a prompt: search)",
    Close = "close": "Close the popup, cancel a pending key or number",
    Library = "library": "Go back to the library of documents",
    Help = "help": "Show the keys of the current keymap",
    Quit = "quit": "Quit (the reading position is saved)",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for a in ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(!a.doc().is_empty());
        }
        let mut names: Vec<&str> = ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }
}
