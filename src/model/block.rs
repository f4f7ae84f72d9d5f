//! Blocks: the units a version is made of and that alignment pairs up.

use super::numbering::{Frame, Style};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// The document's title (or the title of the notice that issues it).
    Title,
    /// The document number: 国发〔2012〕23号, GF No. (2012)23.
    Number,
    /// Whom the document is addressed to ("各省、自治区、直辖市人民政府…：").
    Addressee,
    /// A section heading.
    Heading,
    /// Body text.
    Paragraph,
    /// The issuing body's name at the end (or start) of the document.
    Signature,
    /// A date line: 2014年3月5日, 二〇一二年六月二十八日, 28 June 2012.
    Date,
}

impl BlockKind {
    /// The name used in JSON and on screen.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Number => "number",
            BlockKind::Addressee => "addressee",
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Signature => "signature",
            BlockKind::Date => "date",
        }
    }

    /// Titles and headings align as headings; everything else as paragraphs.
    pub fn is_heading_like(self) -> bool {
        matches!(self, BlockKind::Title | BlockKind::Heading)
    }
}

/// A section heading's number and title.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1, 2 or 3.
    pub level: u8,
    /// The marker as the source writes it (`二、`, `（一）`, `II,`, `(1)`), if numbered.
    pub marker: Option<String>,
    /// The number after repairing obvious typos (`94)` → 4, `VII` where VI is due → 6).
    pub value: Option<u32>,
    /// The number as written, when it differs from `value`.
    pub written_value: Option<u32>,
    /// How the number is written.
    pub style: Option<Style>,
    /// How the number is framed.
    pub frame: Option<Frame>,
    /// The heading's words: the lead phrase without number and final punctuation.
    pub title: String,
}

/// One block of a version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The text as written (for a heading: marker and lead phrase).
    pub text: String,
    /// First and last source line (1-based, in the original file).
    pub lines: (u32, u32),
    /// For headings: number and title.
    pub heading: Option<Heading>,
    /// Starts with a bullet (`–`, `——`, `•`).
    pub bullet: bool,
    /// Where each source line's text starts: (byte offset in `text`, line), in order. A block
    /// from one line has one entry; a paragraph rejoined from a PDF has one per line.
    #[serde(skip)]
    pub pieces: Vec<(u32, u32)>,
}

impl Block {
    /// A block of `kind` with no heading, all from line `lines.0` onwards.
    pub fn new(kind: BlockKind, text: String, lines: (u32, u32)) -> Block {
        Block::with_pieces(kind, text, lines, vec![(0, lines.0)])
    }

    /// A block of `kind` with no heading, whose source lines start where `pieces` says.
    pub fn with_pieces(kind: BlockKind, text: String, lines: (u32, u32), pieces: Vec<(u32, u32)>) -> Block {
        Block { kind, text, lines, heading: None, bullet: false, pieces }
    }

    /// The source line holding byte `offset` of the text.
    pub fn line_at(&self, offset: usize) -> u32 {
        self.pieces.iter().take_while(|p| p.0 as usize <= offset).last().map_or(self.lines.0, |p| p.1)
    }

    /// The heading level, if this is a heading.
    pub fn level(&self) -> Option<u8> {
        self.heading.as_ref().map(|h| h.level)
    }
}
