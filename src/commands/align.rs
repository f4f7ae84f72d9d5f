//! `duizhao align`: the alignment between every two versions of each document.

use std::io::Write;

use crate::model::Document;

/// Prints the alignments.
pub fn run(_docs: &[Document], _json: bool, _out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::bail!("align: not written yet")
}
