//! `duizhao show`: the clean text of documents, block by block.

use std::io::Write;

use serde::Serialize;

use crate::model::{Document, Version};

#[derive(Serialize)]
struct ShowJson<'a> {
    doc: &'a str,
    title: &'a crate::model::Bilingual,
    versions: Vec<VersionJson<'a>>,
}

#[derive(Serialize)]
struct VersionJson<'a> {
    id: &'a str,
    lang: &'a str,
    source: &'a str,
    blocks: Vec<BlockJson<'a>>,
}

#[derive(Serialize)]
struct BlockJson<'a> {
    kind: &'a str,
    level: Option<u8>,
    number: Option<String>,
    text: &'a str,
    lines: [u32; 2],
}

/// Prints the blocks of every version (or only `version`).
pub fn run(docs: &[Document], json: bool, version: Option<&str>, out: &mut dyn Write) -> anyhow::Result<()> {
    let pick = |d: &'_ Document| -> Vec<usize> {
        (0..d.versions.len()).filter(|&i| version.is_none_or(|v| d.versions[i].id == v)).collect()
    };
    if let Some(v) = version
        && docs.iter().all(|d| pick(d).is_empty())
    {
        anyhow::bail!(
            "no version {v:?} (versions: {})",
            docs.iter().flat_map(|d| d.versions.iter().map(|v| v.id.as_str())).collect::<Vec<_>>().join(", ")
        );
    }
    if json {
        let rows: Vec<ShowJson> = docs
            .iter()
            .map(|d| ShowJson {
                doc: &d.id,
                title: &d.title,
                versions: pick(d).into_iter().map(|i| version_json(&d.versions[i])).collect(),
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for d in docs {
        for i in pick(d) {
            let v = &d.versions[i];
            writeln!(out, "== {} · {} ({}, {} lines dropped)", d.id, v.id, v.source.name, v.source.dropped_lines)?;
            for b in &v.blocks {
                let kind = match b.level() {
                    Some(l) => format!("h{l}"),
                    None => b.kind.name().chars().take(4).collect(),
                };
                let lines =
                    if b.lines.0 == b.lines.1 { b.lines.0.to_string() } else { format!("{}-{}", b.lines.0, b.lines.1) };
                writeln!(out, "{lines:>8}  {kind:<4}  {}", b.text)?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn version_json(v: &Version) -> VersionJson<'_> {
    VersionJson {
        id: &v.id,
        lang: v.lang.code(),
        source: &v.source.name,
        blocks: v
            .blocks
            .iter()
            .map(|b| BlockJson {
                kind: b.kind.name(),
                level: b.level(),
                number: b.heading.as_ref().and_then(|h| h.value).map(|n| n.to_string()),
                text: &b.text,
                lines: [b.lines.0, b.lines.1],
            })
            .collect(),
    }
}
