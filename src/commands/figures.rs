//! `duizhao figures` (every figure, with its counterpart and status) and `duizhao check` (the
//! report of mismatched and missing targets; exit status 1 when a target was mistranslated).

use std::io::Write;

use serde::Serialize;

use crate::figures::check::{self, Status, VersionFigures};
use crate::figures::{Comparator, Kind, Unit, format_value};
use crate::model::Document;

/// The JSON contract of `figures --json`.
#[derive(Serialize)]
struct FigureJson<'a> {
    doc: &'a str,
    version: &'a str,
    lang: &'a str,
    source: &'a str,
    line: u32,
    text: &'a str,
    value: f64,
    /// The top of a range (`2014-2020`, `5到10个`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    upper: Option<f64>,
    unit: Unit,
    comparator: Option<Comparator>,
    year: Option<u16>,
    kind: Kind,
    counterpart: Option<CounterpartJson<'a>>,
    status: Status,
}

#[derive(Serialize)]
struct CounterpartJson<'a> {
    version: &'a str,
    line: u32,
    text: &'a str,
}

fn checked(docs: &[Document]) -> Vec<(&Document, Vec<VersionFigures>)> {
    use rayon::prelude::*;
    docs.par_iter().map(|d| (d, check::document(d))).collect()
}

/// Prints every figure.
pub fn run(docs: &[Document], json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let all = checked(docs);
    if json {
        let mut rows = Vec::new();
        for (d, versions) in &all {
            for vf in versions {
                let v = &d.versions[vf.version];
                for (f, (status, cp)) in vf.figures.iter().zip(&vf.status) {
                    let counterpart = vf.against.zip(*cp).map(|(a, k)| {
                        let other = versions.iter().find(|x| x.version == a).map(|x| &x.figures[k]);
                        let w = &d.versions[a];
                        CounterpartJson {
                            version: &w.id,
                            line: other.map_or(0, |o| o.line),
                            text: other.map_or("", |o| &o.text),
                        }
                    });
                    rows.push(FigureJson {
                        doc: &d.id,
                        version: &v.id,
                        lang: v.lang.code(),
                        source: &v.source.name,
                        line: f.line,
                        text: &f.text,
                        value: f.value,
                        upper: f.upper,
                        unit: f.unit,
                        comparator: f.comparator,
                        year: f.year,
                        kind: f.kind,
                        counterpart,
                        status: *status,
                    });
                }
            }
        }
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for (d, versions) in &all {
        for vf in versions {
            let v = &d.versions[vf.version];
            writeln!(out, "== {} · {} ({} figures)", d.id, v.id, vf.figures.len())?;
            for (f, (status, _)) in vf.figures.iter().zip(&vf.status) {
                let year = f.year.map_or("    ".to_owned(), |y| y.to_string());
                let cmp = f.comparator.map_or(" ", |c| c.symbol(false));
                let status = if vf.against.is_some() { format!("{status:?}").to_lowercase() } else { "-".to_owned() };
                writeln!(
                    out,
                    "{:>5}  {:<6}  {year}  {cmp} {:<24}  {:<8}  {}",
                    f.line,
                    if f.kind == Kind::Target { "target" } else { "fact" },
                    format_value(f.value, f.upper, f.unit),
                    status,
                    f.text
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Prints the check report; returns whether a target was mistranslated.
pub fn check(docs: &[Document], out: &mut dyn Write) -> anyhow::Result<bool> {
    let all = checked(docs);
    let mut any_mismatch = false;
    for (d, versions) in &all {
        let title = d.title.en.as_deref().or(d.title.zh.as_deref()).unwrap_or(&d.id);
        writeln!(out, "{} — {title}", d.id)?;
        // Each pair of versions is reported once, from the Chinese side (or the first version).
        let Some(vf) = versions.iter().find(|vf| vf.against.is_some_and(|a| a > vf.version)) else {
            let n: usize = versions.iter().map(|v| v.figures.iter().filter(|f| f.kind == Kind::Target).count()).sum();
            writeln!(out, "  {n} targets; no translation to check against\n")?;
            continue;
        };
        let against = vf.against.unwrap_or(0);
        let other = versions.iter().find(|x| x.version == against);
        let (v, w) = (&d.versions[vf.version], &d.versions[against]);
        let targets: Vec<usize> = (0..vf.figures.len()).filter(|&i| vf.figures[i].kind == Kind::Target).collect();
        let count = |s: Status| targets.iter().filter(|&&i| vf.status[i].0 == s).count();
        writeln!(
            out,
            "  {} ↔ {}: {} targets — {} match, {} mismatch, {} missing in {}",
            v.id,
            w.id,
            targets.len(),
            count(Status::Match),
            count(Status::Mismatch),
            count(Status::Missing),
            w.id
        )?;
        for &i in &targets {
            let f = &vf.figures[i];
            let (status, cp) = vf.status[i];
            let cpf = cp.and_then(|k| other.map(|o| &o.figures[k]));
            match (status, cpf) {
                (Status::Mismatch, Some(c)) => {
                    any_mismatch = true;
                    writeln!(
                        out,
                        "  MISMATCH  {} line {}: {} ({})  ≠  {} line {}: {} ({})",
                        v.id,
                        f.line,
                        f.text,
                        format_value(f.value, f.upper, f.unit),
                        w.id,
                        c.line,
                        c.text,
                        format_value(c.value, c.upper, c.unit)
                    )?;
                }
                (Status::Missing, _) => {
                    writeln!(
                        out,
                        "  missing   {} line {}: {} ({}) has no counterpart in {}",
                        v.id,
                        f.line,
                        f.text,
                        format_value(f.value, f.upper, f.unit),
                        w.id
                    )?;
                }
                _ => {}
            }
        }
        // Targets of the other side that nothing here answers.
        if let Some(o) = other {
            for (f, (status, _)) in o.figures.iter().zip(&o.status) {
                if f.kind == Kind::Target && *status == Status::Missing {
                    writeln!(
                        out,
                        "  missing   {} line {}: {} ({}) has no counterpart in {}",
                        w.id,
                        f.line,
                        f.text,
                        format_value(f.value, f.upper, f.unit),
                        v.id
                    )?;
                }
            }
        }
        writeln!(out)?;
    }
    Ok(any_mismatch)
}
