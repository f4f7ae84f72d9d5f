//! An optional `manifest.toml` beside the documents that overrides automatic grouping and
//! metadata, for the rare folder where the heuristics guess wrong.
//!
//! ```toml
//! [[document]]
//! id = "2012-opinions"
//! files = ["opinions-en.txt", "opinions-zh.pdf.txt"]
//! title_zh = "国务院关于大力推进信息化发展和切实保障信息安全的若干意见"
//! title_en = "Opinions on Vigorously Promoting Informatization"
//! year = 2012
//! ```

use super::ImportError;
use crate::model::Document;

/// The file name looked for in every folder.
pub const FILE_NAME: &str = "manifest.toml";

/// A parsed manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// One entry per document.
    #[serde(default, rename = "document")]
    pub documents: Vec<Entry>,
}

/// One document in a manifest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The document id to use.
    pub id: String,
    /// File names (without folders) whose versions make up the document.
    pub files: Vec<String>,
    /// Chinese title override.
    pub title_zh: Option<String>,
    /// English title override.
    pub title_en: Option<String>,
    /// Year override.
    pub year: Option<u16>,
    /// Issuer override (Chinese).
    pub issuer_zh: Option<String>,
    /// Issuer override (English).
    pub issuer_en: Option<String>,
}

impl Manifest {
    /// The entry of the document file `name` belongs to: the first that lists it, as in
    /// grouping.
    pub fn entry_for(&self, name: &str) -> Option<&Entry> {
        self.documents.iter().find(|e| e.lists(name))
    }
}

impl Entry {
    /// Whether the entry lists the file `name` among its document's.
    pub fn lists(&self, name: &str) -> bool {
        self.files.iter().any(|f| f == name)
    }

    /// Applies the overrides to a grouped document.
    pub fn apply(&self, doc: &mut Document) {
        let set = |slot: &mut Option<String>, v: &Option<String>| {
            if v.is_some() {
                slot.clone_from(v);
            }
        };
        set(&mut doc.title.zh, &self.title_zh);
        set(&mut doc.title.en, &self.title_en);
        set(&mut doc.issuer.zh, &self.issuer_zh);
        set(&mut doc.issuer.en, &self.issuer_en);
        if self.year.is_some() {
            doc.year = self.year;
        }
    }
}

/// Parses a manifest; `file` names it in errors, which carry the line of the problem.
pub fn parse(file: &str, text: &str) -> Result<Manifest, ImportError> {
    let m: Manifest = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        ImportError::Manifest { file: file.to_owned(), line, message: e.message().to_owned() }
    })?;
    for (k, entry) in m.documents.iter().enumerate() {
        let problem = if entry.id.trim().is_empty() {
            Some("a document's id is empty")
        } else if entry.files.is_empty() {
            Some("a document lists no files")
        } else if m.documents[..k].iter().any(|e| e.id == entry.id) {
            Some("two documents have the same id")
        } else {
            None
        };
        if let Some(message) = problem {
            let line =
                text.match_indices("[[document]]").nth(k).map_or(0, |(i, _)| text[..i].matches('\n').count() + 1);
            return Err(ImportError::Manifest {
                file: file.to_owned(),
                line,
                message: format!("{message} ({})", entry.id),
            });
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_lines() {
        let ok = "[[document]]\nid = \"a\"\nfiles = [\"x.txt\", \"y.txt\"]\nyear = 2012\n";
        assert_eq!(parse("m.toml", ok).unwrap().documents[0].files.len(), 2);
        let bad = "[[document]]\nid = \"a\"\nfiles = [\"x.txt\"]\ncolour = 3\n";
        let err = parse("m.toml", bad).unwrap_err().to_string();
        assert!(err.starts_with("m.toml:4:"), "{err}");
        let dup = "[[document]]\nid = \"a\"\nfiles = [\"x\"]\n[[document]]\nid = \"a\"\nfiles = [\"y\"]\n";
        assert_eq!(parse("m.toml", dup).unwrap_err().to_string(), "m.toml:4: two documents have the same id (a)");
    }
}
