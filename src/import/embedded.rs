//! The documents shipped in `docs/`, compiled into the binary by `build.rs`.

use super::{ImportError, ImportedFile, import_bytes, manifest};
use crate::model::Library;

include!(concat!(env!("OUT_DIR"), "/embedded_docs.rs"));

/// The embedded files: (name, bytes), sorted by name.
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    DOCS
}

/// Imports the shipped documents. They are part of the program, so an error here is a bug
/// (caught by the tests), but it is reported rather than panicking.
pub fn library() -> Result<Library, ImportError> {
    use rayon::prelude::*;
    let manifest = DOCS
        .iter()
        .find(|(n, _)| *n == manifest::FILE_NAME)
        .map(|(n, b)| manifest::parse(n, &String::from_utf8_lossy(b)))
        .transpose()?;
    let files: Vec<ImportedFile> = DOCS
        .par_iter()
        .filter(|(n, _)| n.ends_with(".txt"))
        .map(|(n, b)| import_bytes(n, None, b))
        .collect::<Result<_, _>>()?;
    Ok(super::group::library(files, manifest.as_ref()))
}
