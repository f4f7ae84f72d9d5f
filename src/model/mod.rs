//! The document model: libraries of documents, their versions, blocks and section trees.
//!
//! Nothing here knows about files, encodings or terminals: the importer builds these values and
//! everything downstream (alignment, figures, the reader) only reads them.

pub mod block;
pub mod document;
pub mod numbering;
pub mod section;

pub use block::{Block, BlockKind, Heading};
pub use document::{Bilingual, Document, Library, Source, Version};
pub use section::Section;
