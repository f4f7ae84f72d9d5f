//! `duizhao list`: one row per document.

use std::io::Write;

use serde::Serialize;

use crate::cache::catalog::DocEntry;
use crate::model::Bilingual;

/// The JSON contract of `list --json`.
#[derive(Serialize)]
struct DocJson<'a> {
    id: &'a str,
    title: &'a Bilingual,
    year: Option<u16>,
    number: Option<&'a str>,
    numbers: &'a Bilingual,
    issuer: &'a Bilingual,
    versions: Vec<VersionJson<'a>>,
}

#[derive(Serialize)]
struct VersionJson<'a> {
    id: &'a str,
    lang: &'a str,
    source: &'a str,
    blocks: usize,
    headings: usize,
    encoding: &'a str,
}

/// Prints the documents.
pub fn run(docs: &[DocEntry], json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if json {
        let rows: Vec<DocJson> = docs.iter().map(doc_json).collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    for (i, d) in docs.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let year = d.year.map_or_else(|| "----".to_owned(), |y| y.to_string());
        let number =
            [d.number.zh.as_deref(), d.number.en.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        writeln!(out, "{}  {year}  {number}", d.id)?;
        for t in [&d.title.zh, &d.title.en].into_iter().flatten() {
            writeln!(out, "  {t}")?;
        }
        let issuer =
            [d.issuer.zh.as_deref(), d.issuer.en.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        if !issuer.is_empty() {
            writeln!(out, "  issued by {issuer}")?;
        }
        for v in &d.versions {
            writeln!(out, "  {:<8} {}  {} blocks, {} headings ({})", v.id, v.name, v.blocks, v.headings, v.encoding)?;
        }
    }
    Ok(())
}

fn doc_json(d: &DocEntry) -> DocJson<'_> {
    DocJson {
        id: &d.id,
        title: &d.title,
        year: d.year,
        number: d.number.zh.as_deref().or(d.number.en.as_deref()),
        numbers: &d.number,
        issuer: &d.issuer,
        versions: d
            .versions
            .iter()
            .map(|v| VersionJson {
                id: &v.id,
                lang: v.lang.code(),
                source: &v.name,
                blocks: v.blocks,
                headings: v.headings,
                encoding: &v.encoding,
            })
            .collect(),
    }
}
