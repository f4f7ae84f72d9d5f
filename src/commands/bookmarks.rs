//! `duizhao bookmarks add | list | export | import | delete`: the bookmark file for scripts.
//! Every change goes through the same locked, atomic store as the reader's, and the command
//! exits 0 only once the file on disk holds it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::bookmarks::anchor::{self, Resolved};
use crate::bookmarks::{self as store, Bookmark, BookmarkFile};
use crate::cli::{BookmarksCommand, Cli, Targets};
use crate::model::Library;

/// One bookmark in `list --json`: the stored anchor and where it lands now.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    bookmark: &'a Bookmark,
    /// `exact`, `text changed`, `section only` or `orphaned`.
    status: &'static str,
    /// The version and source line (1-based, in the original file) it lands on.
    version_now: Option<&'a str>,
    line: Option<u32>,
}

/// Runs a bookmarks subcommand.
pub fn run(cli: &Cli, cmd: &BookmarksCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let config = crate::config::load(cli.config.as_deref())?;
    let dir = super::data_dir(cli, &config);
    let cache = super::cache(cli);
    match cmd {
        BookmarksCommand::Add { doc, section, version, note } => {
            let b = make(doc, section.as_deref(), version.as_deref(), note, &cache)?;
            let words = b.place_words();
            let id = b.id.clone();
            let changed = store::add(&dir, b).with_context(|| "the bookmark was not saved".to_owned())?;
            warn(changed.warning);
            writeln!(out, "{id}  {words}")?;
        }
        BookmarksCommand::List { json, paths } => {
            let library = super::open(paths, &cache, crate::import::load::Depth::Full)?.library;
            let file = store::load(&dir)?;
            warn(file.warning);
            list(&library, &file.value.bookmarks, *json, out)?;
        }
        BookmarksCommand::Export => {
            let file = store::load(&dir)?;
            warn(file.warning);
            serde_json::to_writer_pretty(&mut *out, &file.value)?;
            writeln!(out)?;
        }
        BookmarksCommand::Import { file } => {
            let items = read_export(file)?;
            let n = items.len();
            let changed = store::import(&dir, items).with_context(|| "nothing was imported".to_owned())?;
            warn(changed.warning);
            writeln!(out, "imported {} of {n} bookmarks ({} already there)", changed.result, n - changed.result)?;
        }
        BookmarksCommand::Delete { id } => {
            let changed = store::delete(&dir, id)?;
            warn(changed.warning);
            match changed.result {
                Some(b) => writeln!(out, "deleted {id}  {}", b.place_words())?,
                None => bail!("{id}: no such bookmark in {}", dir.join(store::FILE).display()),
            }
        }
    }
    Ok(())
}

/// A corrupt file was set aside: say so on stderr (stdout stays parseable).
fn warn(w: Option<String>) {
    if let Some(w) = w {
        eprintln!("duizhao: bookmarks: {w}");
    }
}

/// A new bookmark on `doc` (id or file) at `section` (or the start) of `version`.
fn make(
    doc: &str,
    section: Option<&str>,
    version: Option<&str>,
    note: &str,
    cache: &crate::cache::Cache,
) -> anyhow::Result<Bookmark> {
    let docs = super::select(&Targets { json: false, targets: vec![doc.to_owned()] }, cache)?;
    let [d] = docs.as_slice() else {
        bail!("{doc}: holds {} documents; name one by its id", docs.len());
    };
    let v = match version {
        Some(id) => d.versions.iter().position(|x| x.id == id).with_context(|| {
            let ids: Vec<&str> = d.versions.iter().map(|x| x.id.as_str()).collect();
            format!("{}: no version {id:?} (versions: {})", d.id, ids.join(", "))
        })?,
        None => 0,
    };
    let ver = &d.versions[v];
    let block = match section {
        Some(s) => {
            let k = ver.find_section(s).with_context(|| {
                format!("{}: no section {s:?} in the {} version (see `duizhao toc {}`)", d.id, ver.id, d.id)
            })?;
            ver.sections[k].block
        }
        None => 0,
    };
    let other = d.versions.iter().position(|w| w.lang != ver.lang);
    let cp = other.and_then(|w| {
        let al = crate::align::align(ver, &d.versions[w]);
        anchor::counterpart(&al, block).map(|b| (&d.versions[w], b))
    });
    Ok(anchor::make(d, v, block, cp).stamped(note))
}

/// Prints the bookmarks and where each lands in `library`.
fn list(library: &Library, all: &[Bookmark], json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let rows: Vec<Listed> = all
        .iter()
        .map(|b| {
            let r = anchor::resolve(library, b);
            let at = r.place().map(|p| &library.documents[p.doc].versions[p.version]);
            let line = r.place().and_then(|p| at.and_then(|v| v.blocks.get(p.block)).map(|blk| blk.lines.0));
            let status = match r {
                Resolved::Exact(_) => "exact",
                other => other.label(),
            };
            Listed { bookmark: b, status, version_now: at.map(|v| v.id.as_str()), line }
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    for r in &rows {
        let b = r.bookmark;
        let place = b.place_words();
        let line = r.line.map_or(String::new(), |l| format!(" line {l}"));
        writeln!(
            out,
            "{}  {}  {} {}{line}  [{}]",
            b.id,
            crate::bookmarks::date(b.created),
            b.doc,
            b.version,
            r.status
        )?;
        writeln!(out, "    {place}")?;
    }
    if rows.is_empty() {
        writeln!(out, "no bookmarks")?;
    }
    Ok(())
}

/// Reads a file written by `export` (or a bare list of bookmarks), naming the file and the
/// problem when it is not one.
fn read_export(path: &Path) -> anyhow::Result<Vec<Bookmark>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let parsed: Result<BookmarkFile, _> = serde_json::from_str(&text);
    let items = match parsed {
        Ok(f) => f.bookmarks,
        Err(e) => serde_json::from_str::<Vec<Bookmark>>(&text).map_err(|_| {
            anyhow::anyhow!(
                "{}:{}:{}: not a bookmark export ({e}); nothing was imported",
                path.display(),
                e.line(),
                e.column()
            )
        })?,
    };
    if let Some(b) = items.iter().find(|b| b.id.is_empty() || b.doc.is_empty()) {
        bail!("{}: a bookmark without an id or document ({b:?}); nothing was imported", path.display());
    }
    Ok(items)
}
