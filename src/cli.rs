//! Command-line definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A terminal reader for Chinese policy documents and their English translations, side by side.
#[derive(Debug, Parser)]
// Not `args_conflicts_with_subcommands`: it would make a global flag before the subcommand
// (`duizhao --keymap vim keymap show`) turn the subcommand's name into a path. A name after a
// path is still a path (`duizhao a.txt list` opens two files).
#[command(name = "duizhao", version, about)]
pub struct Cli {
    /// What to do; with none, open the reader.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders to open (default: the documents shipped with duizhao).
    pub paths: Vec<PathBuf>,
    /// Width of East-Asian ambiguous characters (“ ” — … · ①) in your terminal, like vim's
    /// ambiwidth: `wide` for terminals set up for CJK. Default: narrow, or the config file.
    #[arg(long, value_enum, global = true, value_name = "WIDTH")]
    pub ambiguous_width: Option<crate::config::AmbiguousWidth>,
    /// Draw borders and markers in ASCII only.
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Do not report the mouse wheel (keeps the terminal's own text selection).
    #[arg(long, global = true)]
    pub no_mouse: bool,
    /// Where reading positions and bookmarks are kept (default: $DUIZHAO_DATA_DIR, else
    /// ~/.local/share/duizhao).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The keys: a preset (default, vim, less, emacs) or a keymap file, which may extend a
    /// preset. Default: the config file's `keymap`, else default.
    #[arg(long, global = true, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// The configuration file (default: $DUIZHAO_CONFIG, else ~/.config/duizhao/config.toml).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Neither read nor fill the cache of imported documents and alignments (kept in
    /// $DUIZHAO_CACHE_DIR, else ~/.cache/duizhao).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List documents: titles, year, number, versions.
    List(Targets),
    /// Print the section tree of every version.
    Toc(Targets),
    /// Print the alignment between every two versions of each document.
    Align(Targets),
    /// Print the clean text of documents, block by block.
    Show(ShowArgs),
    /// List every figure (quantities, targets and facts) with its counterpart and status.
    Figures(Targets),
    /// Report targets the translation changed or dropped (exit status 1 on a mismatch).
    Check(Targets),
    /// Show the active key bindings, or check a keymap file.
    #[command(subcommand)]
    Keymap(KeymapCommand),
    /// Add, list, export and import bookmarks (each change is on disk when it exits 0).
    #[command(subcommand)]
    Bookmarks(BookmarksCommand),
}

/// `duizhao bookmarks …`
#[derive(Debug, Subcommand)]
pub enum BookmarksCommand {
    /// Bookmark a document, at a section or at its start.
    Add {
        /// The document: an id (or a unique part of one) among the shipped documents, or a file.
        doc: String,
        /// The section by its number path as printed in the document: `2.1`, `二.（一）`, `IV.2`.
        #[arg(long, value_name = "NUMBER-PATH")]
        section: Option<String>,
        /// The version to anchor to (default: the first, usually the Chinese original).
        #[arg(long)]
        version: Option<String>,
        /// A note.
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
    /// List bookmarks and where each lands in the given documents (default: the shipped ones).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Files or folders the bookmarks are resolved against.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print every bookmark as JSON (the file's own format), for `import` elsewhere.
    Export,
    /// Add the bookmarks of an exported file (those already present, by id, are skipped).
    Import {
        /// A file written by `duizhao bookmarks export`.
        file: PathBuf,
    },
    /// Delete a bookmark by id.
    Delete {
        /// The bookmark's id (see `duizhao bookmarks list`).
        id: String,
    },
}

/// `duizhao keymap …`
#[derive(Debug, Subcommand)]
pub enum KeymapCommand {
    /// Print the active bindings (those of --keymap, else of the config file's keymap), mode by mode.
    Show {
        /// As a Markdown table (the README's key table is this output).
        #[arg(long)]
        markdown: bool,
    },
    /// Check a keymap file (over the preset it extends): exit status 2 and file:line: reason when
    /// it is refused.
    Check {
        /// The keymap file.
        file: PathBuf,
    },
}

/// Which documents a command works on.
#[derive(Debug, Args)]
pub struct Targets {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Files, folders or document ids (default: all shipped documents).
    #[arg(value_name = "PATH|DOC")]
    pub targets: Vec<String>,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Which documents.
    #[command(flatten)]
    pub targets: Targets,
    /// Only this version (e.g. `zh`, `en`, `zh-pdf`).
    #[arg(long)]
    pub version: Option<String>,
}
