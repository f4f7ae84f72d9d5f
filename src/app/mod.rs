//! The application state and its update function: key → keymap → action → new state.
//!
//! `App::key` and `App::update` do no I/O and know nothing of the terminal; the event loop in
//! [`crate::tui`] feeds them events and draws [`crate::ui::render`] of the result.

mod actions;
pub mod bookmarks;
pub mod figure_table;
pub mod figures;
pub mod find;
pub mod geometry;
mod input;
pub mod jump;
mod loading;
mod open;
pub mod reader;

use std::collections::HashMap;
use std::sync::Arc;

use crate::align::Alignment;
use crate::keymap::{Key, Keymap};
use crate::model::Library;
use crate::positions::Positions;
pub use loading::Loading;
use reader::ReaderState;

/// Display settings chosen at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// East-Asian ambiguous characters (“ ” — … · ①) are two columns wide in this terminal.
    pub wide: bool,
    /// Use only ASCII for borders and markers (implied by `wide`).
    pub ascii: bool,
    /// Use colours (off with `NO_COLOR`).
    pub color: bool,
    /// Highlight figures in the reader (`f` toggles).
    pub figures: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { wide: false, ascii: false, color: true, figures: true }
    }
}

/// The list of documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LibraryState {
    /// The highlighted document.
    pub selected: usize,
}

/// Which screen is up.
#[derive(Debug, Clone)]
pub enum Screen {
    /// The library.
    Library(LibraryState),
    /// The reader.
    Reader(Box<ReaderState>),
}

/// A window over the screen.
#[derive(Debug)]
pub enum Popup {
    /// The keys of the active keymap, scrolled by `scroll` rows.
    Help {
        /// Rows scrolled.
        scroll: usize,
    },
    /// Jump to a section.
    Jump(Box<jump::JumpState>),
    /// The figures table.
    Figures(figure_table::FigureTable),
    /// The bookmark list.
    Bookmarks(Box<bookmarks::BookmarkList>),
}

/// A one-line prompt on the status line: a search, or a bookmark's note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    /// What has been typed.
    pub input: String,
    /// Position in the search history while browsing it with ↑/↓.
    pub history_pos: Option<usize>,
    /// What Enter does with the input.
    pub purpose: PromptFor,
}

/// What a prompt is for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PromptFor {
    /// A search of both panes.
    #[default]
    Search,
    /// The note of a new bookmark (anchored, not yet saved).
    NewBookmark(Box<crate::bookmarks::Bookmark>),
    /// A new note for the bookmark with this id.
    EditNote(String),
}

/// Everything the reader knows.
#[derive(Debug)]
pub struct App {
    /// The documents.
    pub library: Library,
    /// The active key bindings.
    pub keymap: Keymap,
    /// Display settings.
    pub settings: Settings,
    /// Terminal size.
    pub size: (u16, u16),
    /// The screen that is up.
    pub screen: Screen,
    /// A popup over it.
    pub popup: Option<Popup>,
    /// Keys typed so far of a multi-key binding.
    pub pending: Vec<Key>,
    /// A message for the status line.
    pub message: Option<String>,
    /// The user asked to quit.
    pub quit: bool,
    /// Reading positions (loaded at start, updated as documents are closed).
    pub positions: Positions,
    /// The search prompt, while typing a search.
    pub prompt: Option<Prompt>,
    /// Searches made in this session, oldest first.
    pub history: Vec<String>,
    /// The jump index, built the first time the jump popup opens.
    pub index: Option<Arc<crate::search::jump::Index>>,
    /// The jump index is being built in the background: the popup waits for it rather than
    /// build another on the UI thread (seconds, for ten thousand documents).
    pub index_coming: bool,
    /// Every bookmark, as the file last read or written held them.
    pub bookmarks: Vec<crate::bookmarks::Bookmark>,
    /// A folder still being imported in the background, and how far it has got.
    pub loading: Option<Loading>,
    /// Changes to the bookmark file the event loop is to make (the app does no I/O).
    pub effects: Vec<crate::bookmarks::Change>,
    /// Where outlined documents' blocks and earlier alignments are fetched from.
    pub shelf: Arc<crate::cache::shelf::Shelf>,
    alignments: HashMap<(usize, usize, usize), Arc<Alignment>>,
    /// Each version's figures, by (document, version), extracted when first shown.
    figure_lists: HashMap<(usize, usize), Arc<Vec<crate::figures::Figure>>>,
    /// Keys are being handled as a batch (see [`App::keys`]).
    batch: bool,
    /// How many jump searches ran, to show that a batch of keys costs one.
    #[cfg(test)]
    searches: usize,
}

/// A library imported in the background, ready for [`App::loaded`].
#[derive(Debug)]
pub struct Opened {
    /// The documents (outlines, whose blocks the shelf fetches when they are opened).
    pub library: Library,
    /// How many files could not be imported.
    pub skipped: usize,
    /// Where the documents' blocks are kept.
    pub shelf: Arc<crate::cache::shelf::Shelf>,
    /// Whether the jump index of the library follows (see [`App::indexed`]).
    pub index_follows: bool,
}

impl App {
    /// A new app on `library`: the reader if it holds one document, else the library screen.
    pub fn new(library: Library, keymap: Keymap, settings: Settings, positions: Positions) -> App {
        App::sized(library, keymap, settings, positions, (80, 24))
    }

    /// [`App::new`] for a terminal of `size`, so a single document is laid out once, at the
    /// size it will be shown at.
    pub fn sized(library: Library, keymap: Keymap, settings: Settings, positions: Positions, size: (u16, u16)) -> App {
        App::on_shelf(library, keymap, settings, positions, size, Arc::default())
    }

    /// [`App::sized`], fetching outlined documents and earlier alignments from `shelf`.
    pub fn on_shelf(
        library: Library,
        keymap: Keymap,
        settings: Settings,
        positions: Positions,
        size: (u16, u16),
        shelf: Arc<crate::cache::shelf::Shelf>,
    ) -> App {
        let single = library.documents.len() == 1;
        let mut app = App {
            library,
            keymap,
            settings,
            size,
            screen: Screen::Library(LibraryState::default()),
            popup: None,
            pending: Vec::new(),
            message: None,
            quit: false,
            positions,
            prompt: None,
            history: Vec::new(),
            index: None,
            index_coming: false,
            bookmarks: Vec::new(),
            loading: None,
            effects: Vec::new(),
            shelf,
            alignments: HashMap::new(),
            figure_lists: HashMap::new(),
            batch: false,
            #[cfg(test)]
            searches: 0,
        };
        if single {
            app.open(0);
        }
        app
    }

    /// The jump index of the library, built in the background, has arrived (the first jump may
    /// have built one already).
    pub fn indexed(&mut self, index: Arc<crate::search::jump::Index>) {
        self.index_coming = false;
        if self.index.is_none() {
            self.index = Some(index);
            // A popup opened meanwhile holds what was typed: its results are due.
            self.refresh_jump();
        }
    }

    /// The background work that was to send the jump index has ended without it.
    pub fn index_lost(&mut self) {
        if std::mem::take(&mut self.index_coming) && matches!(self.popup, Some(Popup::Jump(_))) {
            self.build_index();
            self.refresh_jump();
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) {
        if self.size == (width, height) {
            return;
        }
        self.size = (width, height);
        self.relayout();
    }

    fn relayout(&mut self) {
        if let Screen::Reader(r) = &mut self.screen {
            let d = &self.library.documents[r.doc];
            r.relayout(d, self.size);
        }
    }
}

/// The section a typed number names (`3`, `3.2`, `三`, `二.（一）`); see
/// [`crate::model::Version::find_section`].
pub fn find_section(v: &crate::model::Version, typed: &str) -> Option<usize> {
    v.find_section(typed)
}

impl Alignment {
    /// The same alignment seen from the other side.
    pub fn flipped(&self) -> Alignment {
        Alignment {
            links: self
                .links
                .iter()
                .map(|l| crate::align::Link { left: l.right.clone(), right: l.left.clone(), score: l.score })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::embedded;
    use crate::keymap::Mode;

    use crate::ui::testing::press as keys;

    fn app() -> App {
        crate::ui::testing::app((120, 40), Settings::default(), "")
    }

    #[test]
    fn library_opens_documents_chinese_left_english_right() {
        let mut a = app();
        assert_eq!(a.mode(), Mode::Library);
        keys(&mut a, "j <Enter>");
        let Screen::Reader(r) = &a.screen else { panic!("reader") };
        let d = &a.library.documents[r.doc];
        assert_eq!(d.id, "2012-opinions-informatization-security");
        assert_eq!((r.version(d, 0).id.as_str(), r.version(d, 1).id.as_str()), ("zh", "en"));
    }

    #[test]
    fn outline_number_jump() {
        let mut a = app();
        keys(&mut a, "j <Enter> o 3 <Enter>");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let d = &a.library.documents[r.doc];
        let b = r.pos[0].block;
        assert_eq!(d.versions[r.versions[0]].blocks[b].text, "三、推动信息化和工业化深度融合,提高经济发展信息化水平");
        assert!(!r.outline_focused);
        keys(&mut a, "] ] o 三 <Enter>");
        let Screen::Reader(r) = &a.screen else { panic!() };
        assert_eq!(r.pos[0].block, b, "typed in Chinese numbers");
        keys(&mut a, "o 9 <Enter>");
        assert_eq!(a.message.as_deref(), Some("no section 9 in zh"));
    }

    #[test]
    fn positions_are_remembered_and_restored() {
        let mut a = app();
        keys(&mut a, "j <Enter> ] ] ] j j");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let before = r.pos;
        keys(&mut a, "q");
        assert!(a.quit);
        let saved = a.positions.clone();
        let mut b = App::new(embedded::library().unwrap(), Keymap::default_keymap(), Settings::default(), saved);
        b.resize(120, 40);
        keys(&mut b, "j <Enter>");
        let Screen::Reader(r) = &b.screen else { panic!() };
        assert_eq!(r.pos, before);
    }

    #[test]
    fn swapping_and_changing_versions() {
        let mut a = app();
        keys(&mut a, "j <Enter> x");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let d = &a.library.documents[r.doc];
        assert_eq!((r.version(d, 0).id.as_str(), r.version(d, 1).id.as_str()), ("en", "zh"));
        keys(&mut a, "x .");
        let Screen::Reader(r) = &a.screen else { panic!() };
        let d = &a.library.documents[r.doc];
        assert_eq!(
            (r.version(d, 0).id.as_str(), r.version(d, 1).id.as_str()),
            ("zh", "zh-pdf"),
            "the two Chinese versions side by side"
        );
        assert_eq!(r.top_row(0), r.top_row(1));
    }
}
