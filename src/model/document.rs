//! Documents and their versions.
//!
//! A document is one text (the 2012 Opinions); a version is one rendering of it in one language
//! from one source file (the English translation, the Chinese appended to it, the Chinese PDF).

use super::block::{Block, BlockKind};
use super::section::{self, Section};
use crate::text::Lang;

/// A text in both languages, either of which may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Bilingual {
    /// The Chinese.
    pub zh: Option<String>,
    /// The English.
    pub en: Option<String>,
}

impl Bilingual {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Zh => self.zh.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }

    /// Sets the text in `lang` if it is not set yet.
    pub fn fill(&mut self, lang: Lang, text: Option<String>) {
        let slot = match lang {
            Lang::Zh => &mut self.zh,
            Lang::En => &mut self.en,
        };
        if slot.is_none() {
            *slot = text;
        }
    }

    /// The text in `lang`, or else in the other language.
    pub fn prefer(&self, lang: Lang) -> Option<&str> {
        let other = if lang == Lang::Zh { Lang::En } else { Lang::Zh };
        self.get(lang).or_else(|| self.get(other))
    }
}

/// Where a version came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    /// The file name (no directories): what `list` and the JSON call `source`.
    pub name: String,
    /// The full path, when read from disk (`None` for documents embedded in the binary).
    pub path: Option<std::path::PathBuf>,
    /// The encoding the bytes were in.
    pub encoding: &'static str,
    /// Number of source lines dropped as boilerplate, footers or comments.
    pub dropped_lines: usize,
}

/// One language rendering of a document from one source.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Version {
    /// Unique within the document: `zh`, `en`, or `zh-pdf` when two share a language.
    pub id: String,
    /// The language.
    pub lang: Lang,
    /// Where it came from.
    pub source: Source,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
    /// The section tree (one section per heading block), in order.
    pub sections: Vec<Section>,
}

impl Version {
    /// Builds a version, deriving its section tree from the headings.
    pub fn new(id: String, lang: Lang, source: Source, mut blocks: Vec<Block>) -> Version {
        let sections = section::build(&mut blocks);
        Version { id, lang, source, blocks, sections }
    }

    /// The innermost section containing block `b`, if any.
    pub fn section_of(&self, b: usize) -> Option<usize> {
        let k = self.sections.partition_point(|s| s.block <= b);
        k.checked_sub(1)
    }

    /// The chain of sections from the top down to `s`.
    pub fn section_chain(&self, s: usize) -> Vec<usize> {
        let mut chain = vec![s];
        while let Some(p) = chain.last().and_then(|&c| self.sections[c].parent) {
            chain.push(p);
        }
        chain.reverse();
        chain
    }

    /// The headings from the top down to the section holding block `b`, each with its marker as
    /// written (`二、实施“宽带中国”工程`, `II, Implement the “Broadband China” project`).
    pub fn heading_path(&self, b: usize) -> Vec<String> {
        let Some(s) = self.section_of(b) else { return Vec::new() };
        self.section_chain(s)
            .iter()
            .filter_map(|&c| self.blocks[self.sections[c].block].heading.as_ref())
            .map(|h| self.heading_label(h))
            .collect()
    }

    /// A heading as a reader sees it: its marker as written and its title (`二、实施…`,
    /// `II, Implement…`: English puts a space after the marker, Chinese does not).
    pub fn heading_label(&self, h: &super::block::Heading) -> String {
        let marker = h.marker.as_deref().unwrap_or("");
        let sep = if self.lang == Lang::En && !marker.is_empty() { " " } else { "" };
        format!("{marker}{sep}{}", h.title)
    }

    /// The section a number path names, as typed (`3`, `3.2`, `三`, `二.（一）`, `IV.2`): by
    /// its dotted path, or, for a number alone, a third-level section numbered so (the 2016
    /// Outline numbers its items 1..56 through the document).
    pub fn find_section(&self, typed: &str) -> Option<usize> {
        let path = super::numbering::number_path(typed)?;
        self.sections.iter().position(|s| s.path == path).or_else(|| {
            let n: u32 = path.parse().ok()?;
            self.sections.iter().position(|s| s.value == Some(n) && s.level == 3)
        })
    }

    /// Number of blocks of `kind`.
    pub fn count(&self, kind: BlockKind) -> usize {
        self.blocks.iter().filter(|b| b.kind == kind).count()
    }
}

/// One document with all its versions.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    /// A stable slug: from the shared stem of its files' names.
    pub id: String,
    /// Title in both languages.
    pub title: Bilingual,
    /// Year of issue.
    pub year: Option<u16>,
    /// Document number as written in each language (国发〔2012〕23号, GF No. (2012)23).
    pub number: Bilingual,
    /// Issuing body in each language.
    pub issuer: Bilingual,
    /// Versions, Chinese first.
    pub versions: Vec<Version>,
}

impl Document {
    /// The version with id `id`.
    pub fn version(&self, id: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.id == id)
    }

    /// A document read from a catalog, whose versions have their section trees but not yet
    /// their blocks.
    pub fn is_outline(&self) -> bool {
        self.versions.iter().any(|v| v.blocks.is_empty())
    }

    /// The first version in `lang`.
    pub fn first_in(&self, lang: Lang) -> Option<&Version> {
        self.versions.iter().find(|v| v.lang == lang)
    }
}

/// Every document the reader has open.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Library {
    /// Documents, in a stable order (by id).
    pub documents: Vec<Document>,
}

impl Library {
    /// The document with id `id`.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
}
