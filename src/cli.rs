//! Command-line definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// A terminal reader for Chinese policy documents and their English translations, side by side.
#[derive(Debug, Parser)]
#[command(name = "duizhao", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; with none, open the reader.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders to open (default: the documents shipped with duizhao).
    pub paths: Vec<PathBuf>,
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
