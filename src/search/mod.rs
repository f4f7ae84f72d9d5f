//! Finding things: sections by fuzzy jump ([`jump`], with [`pinyin`] keys for Chinese headings)
//! and text by full-text search ([`text`]).

pub mod jump;
pub mod pinyin;
pub mod text;
