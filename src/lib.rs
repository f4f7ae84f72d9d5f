//! duizhao (对照): a terminal reader for Chinese policy documents and their English
//! translations, side by side.
//!
//! Data flows one way: raw bytes → [`import`] (decode, clean, reflow, split languages, group)
//! → [`model`] (documents, versions, blocks, section tree) → [`align`] (pairs between versions)
//! → the command line ([`commands`]) and, later, the reader.

pub mod align;
pub mod app;
pub mod bookmarks;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod figures;
pub mod import;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod positions;
pub mod search;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
