//! `duizhao toc`: the section tree of every version.

use std::io::Write;

use serde::Serialize;

use crate::model::{Document, Version};

#[derive(Serialize)]
struct TocJson<'a> {
    doc: &'a str,
    version: &'a str,
    lang: &'a str,
    source: &'a str,
    headings: Vec<HeadingJson<'a>>,
}

#[derive(Serialize)]
struct HeadingJson<'a> {
    level: u8,
    number: Option<String>,
    written: Option<&'a str>,
    path: &'a str,
    text: &'a str,
    line: u32,
}

/// Prints the section trees.
pub fn run(docs: &[Document], json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if json {
        let rows: Vec<TocJson> = docs.iter().flat_map(|d| d.versions.iter().map(move |v| toc_json(d, v))).collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    for d in docs {
        for v in &d.versions {
            writeln!(out, "{} · {} ({})", d.id, v.id, v.source.name)?;
            for s in &v.sections {
                let b = &v.blocks[s.block];
                let Some(h) = &b.heading else { continue };
                let indent = "  ".repeat(s.level as usize);
                let marker = h.marker.as_deref().unwrap_or("");
                let sep = if v.lang == crate::text::Lang::En && !marker.is_empty() { " " } else { "" };
                let title = super::align::clip(&h.title, 72usize.saturating_sub(2 * s.level as usize));
                writeln!(out, "{indent}{marker}{sep}{title}  [{}, line {}]", s.path, b.lines.0)?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn toc_json<'a>(d: &'a Document, v: &'a Version) -> TocJson<'a> {
    TocJson {
        doc: &d.id,
        version: &v.id,
        lang: v.lang.code(),
        source: &v.source.name,
        headings: v
            .sections
            .iter()
            .filter_map(|s| {
                let b = &v.blocks[s.block];
                let h = b.heading.as_ref()?;
                Some(HeadingJson {
                    level: h.level,
                    number: h.value.map(|n| n.to_string()),
                    written: h.marker.as_deref(),
                    path: &s.path,
                    text: &h.title,
                    line: b.lines.0,
                })
            })
            .collect(),
    }
}
