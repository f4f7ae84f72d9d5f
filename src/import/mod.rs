//! Import: raw bytes → decoded, cleaned, reflowed, language-split blocks → grouped documents.
//!
//! The stages run in this order, each in its own module:
//! [`decode`] (encodings) → [`clean`] (boilerplate, footers) → [`segment`] (language of each
//! line) → [`reflow`] (paragraphs) → [`blocks`] (headings, titles, signatures) → [`group`]
//! (versions from different files that are the same document) → [`meta`] (titles, numbers).
//! [`load`] reads files and folders from disk and [`embedded`] the documents shipped in the binary.

pub mod blocks;
pub mod clean;
pub mod decode;
pub mod embedded;
pub mod group;
pub mod load;
pub mod manifest;
pub mod meta;
pub mod reflow;
pub mod segment;

use crate::model::Block;
use crate::text::Lang;

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{file}: {source}")]
    Io {
        /// The path as given.
        file: String,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The bytes are not text in a supported encoding.
    #[error("{file}: {source}")]
    Decode {
        /// The path as given.
        file: String,
        /// Why.
        source: decode::DecodeError,
    },
    /// The text holds neither Chinese nor English paragraphs.
    #[error("{file}: no Chinese or English text found")]
    NoText {
        /// The path as given.
        file: String,
    },
    /// A manifest could not be used.
    #[error("{file}:{line}: {message}")]
    Manifest {
        /// The manifest's path.
        file: String,
        /// 1-based line of the problem (0 when it concerns the whole file).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A path given on the command line does not exist.
    #[error("{file}: no such file or directory")]
    NotFound {
        /// The path as given.
        file: String,
    },
}

/// The versions found in one file, before grouping into documents.
#[derive(Debug, Clone)]
pub struct ImportedFile {
    /// File name without directories.
    pub name: String,
    /// Full path, when read from disk.
    pub path: Option<std::path::PathBuf>,
    /// Detected encoding.
    pub encoding: decode::Encoding,
    /// Lines dropped as boilerplate.
    pub dropped_lines: usize,
    /// One entry per language found, in order of first appearance.
    pub versions: Vec<(Lang, Vec<Block>)>,
}

/// Imports one file's bytes. `name` is used in errors and as the version's source.
pub fn import_bytes(name: &str, path: Option<std::path::PathBuf>, bytes: &[u8]) -> Result<ImportedFile, ImportError> {
    let shown = path.as_ref().map_or_else(|| name.to_owned(), |p| p.display().to_string());
    let (text, encoding) = decode::decode(bytes).map_err(|source| ImportError::Decode { file: shown.clone(), source })?;
    let lines = clean::clean(&text);
    let dropped_lines = lines.iter().filter(|l| matches!(l.kind, clean::LineKind::Dropped(_))).count();
    let segs = segment::segments(&lines);
    let paras = reflow::paragraphs(&segs);
    let mut versions: Vec<(Lang, Vec<reflow::Paragraph>)> = Vec::new();
    for p in paras {
        let lang = p.lang.or_else(|| versions.last().map(|v| v.0)).unwrap_or(Lang::Zh);
        match versions.iter_mut().find(|v| v.0 == lang) {
            Some(v) => v.1.push(p),
            None => versions.push((lang, vec![p])),
        }
    }
    // A few stray lines of the other language (a quoted title, a signature) are not a version.
    let total: usize = versions.iter().map(|v| v.1.iter().map(|p| p.text.len()).sum::<usize>()).sum();
    versions.retain(|v| v.1.iter().map(|p| p.text.len()).sum::<usize>() * 50 >= total || v.1.len() >= 5);
    if versions.is_empty() {
        return Err(ImportError::NoText { file: shown });
    }
    let versions = versions.into_iter().map(|(lang, paras)| (lang, blocks::blocks(&paras, lang))).collect();
    Ok(ImportedFile { name: name.to_owned(), path, encoding, dropped_lines, versions })
}
