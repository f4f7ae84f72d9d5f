//! The command-line subcommands: each turns a library into text or JSON on a writer.
//!
//! Commands take files, folders or document ids; with none they work on the shipped documents.

pub mod align;
pub mod bookmarks;
pub mod figures;
pub mod keymap;
pub mod list;
pub mod show;
pub mod toc;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::cache::Cache;
use crate::cache::catalog::{Catalog, DocEntry};
use crate::cache::shelf::Shelf;
use crate::cli::{Cli, Command, Targets};
use crate::import::{embedded, load};
use crate::model::{Document, Library};

/// Runs the command line, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let select = |t: &Targets| select(t, &cache(&cli));
    match &cli.command {
        None => return read(&cli),
        Some(Command::List(t)) => list::run(&list_entries(t, &cache(&cli))?, t.json, out)?,
        Some(Command::Toc(t)) => toc::run(&select(t)?, t.json, out)?,
        Some(Command::Align(t)) => align::run(&select(t)?, t.json, out)?,
        Some(Command::Show(s)) => show::run(&select(&s.targets)?, s.targets.json, s.version.as_deref(), out)?,
        Some(Command::Keymap(k)) => keymap::run(&cli, k, out)?,
        Some(Command::Bookmarks(b)) => bookmarks::run(&cli, b, out)?,
        Some(Command::Figures(t)) => figures::run(&select(t)?, t.json, out)?,
        Some(Command::Check(t)) => {
            if figures::check(&select(t)?, out)? {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the interactive reader. Everything that can fail (documents, config, keymap) is
/// checked before the terminal is touched, so errors land on a normal terminal, exit status 2.
fn read(cli: &Cli) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let config = crate::config::load(cli.config.as_deref())?;
    let keymap = keymap::active(cli, &config)?;
    // A folder is imported in the background, with progress on screen; files named one by one
    // are imported first, so that a bad one is refused before the terminal is touched.
    let folder = cli.paths.iter().any(|p| p.is_dir());
    let cache = cache(cli);
    let (library, shelf, importing) = if folder {
        let (library, importing) = background(&cli.paths, cache)?;
        (library, Default::default(), importing)
    } else {
        let loaded = open(&cli.paths, &cache, load::Depth::Full)?;
        // The shipped documents are held whole: there are no files to fetch them from again.
        let fetchable = !cli.paths.is_empty();
        (loaded.library, std::sync::Arc::new(Shelf::new(cache, fetchable.then_some(loaded.catalog))), None)
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the reader needs a terminal; for scripts use `duizhao list`, `toc`, `align` or `show`");
    }
    let wide =
        cli.ambiguous_width.or(config.ambiguous_width).unwrap_or_default() == crate::config::AmbiguousWidth::Wide;
    let settings = crate::app::Settings {
        wide,
        ascii: cli.ascii || config.ascii.unwrap_or(false) || wide,
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        figures: config.figures.unwrap_or(true),
    };
    let data_dir = data_dir(cli, &config);
    let loaded = crate::positions::load(&data_dir);
    let size = crate::tui::size();
    let mut app = crate::app::App::on_shelf(library, keymap, settings, loaded.positions, size, shelf);
    app.message = loaded.warning;
    // Unreadable bookmarks are reported on the status line; the reader still opens.
    match crate::bookmarks::load(&data_dir) {
        Ok(r) => {
            app.bookmarks = r.value.bookmarks;
            app.message = r.warning.map(|w| format!("bookmarks: {w}")).or(app.message);
        }
        Err(e) => app.message = Some(format!("bookmarks: {e}")),
    }
    app.loading = importing.as_ref().map(|(p, _)| crate::app::Loading::new(p.clone()));
    let opts = crate::tui::Options {
        data_dir,
        mouse: !cli.no_mouse && config.mouse.unwrap_or(true),
        importing: importing.map(|(_, rx)| rx),
    };
    crate::tui::run(&mut app, &opts)?;
    Ok(ExitCode::SUCCESS)
}

/// The progress of a background import of `paths`, and where its result will arrive.
type Background = (std::sync::Arc<load::Progress>, std::sync::mpsc::Receiver<crate::tui::Imported>);

/// Starts importing `paths` on another thread; an empty library stands in until it is done.
fn background(paths: &[PathBuf], cache: Cache) -> anyhow::Result<(Library, Option<Background>)> {
    for p in paths {
        std::fs::metadata(p).with_context(|| format!("{}: cannot open", p.display()))?;
    }
    let progress = std::sync::Arc::new(load::Progress::previewing());
    let (tx, rx) = std::sync::mpsc::channel();
    let (paths, p) = (paths.to_vec(), progress.clone());
    std::thread::spawn(move || {
        use crate::tui::Imported;
        let dir = cache.dir().map(std::path::Path::to_path_buf);
        let loaded = load::load_with(&paths, &p, &cache, load::Depth::Outline);
        // A reader that quit waits for this (see `Progress::stop`): nothing after it matters then.
        p.end();
        // The import's workers freed what they held, into their own heaps: given back before
        // the reader's library and jump index take their room, or the peak is the sum of both.
        load::keep_large_blocks_apart();
        load::release_freed_memory();
        if p.stopped() {
            return;
        }
        let result = match loaded {
            Ok(l) if l.library.documents.is_empty() => Err(format!(
                "no documents found in {}",
                paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            )),
            Ok(l) => Ok(crate::app::Opened {
                library: l.library,
                skipped: l.skipped.len(),
                index_follows: l.outlines.is_some(),
                shelf: std::sync::Arc::new(Shelf::new(cache, Some(l.catalog)).with_outlines(l.outlines)),
            }),
            Err(e) => Err(e.to_string()),
        };
        // The library goes on screen at once; the jump index follows (seconds, for a folder
        // of ten thousand documents, that the first jump would otherwise wait).
        let shelf = result.as_ref().ok().map(|o| o.shelf.clone());
        // The reader may have quit meanwhile; nobody is left to tell.
        if tx.send(Imported::Library(result)).is_ok()
            && let Some(index) = shelf.and_then(|s| s.cached_index())
        {
            let _ = tx.send(Imported::Index(std::sync::Arc::new(index)));
        }
        load::release_freed_memory();
        // A folder whose files were imported (not read from its catalog) may have taken the
        // cache over its limit; a folder opened from the cache wrote nothing worth a sweep.
        if let Some(dir) = dir.filter(|_| p.previewed() > 0) {
            crate::cache::sweep::sweep(&dir, crate::cache::sweep::limit());
        }
    });
    Ok((Library::default(), Some((progress, rx))))
}

/// The data directory: `--data-dir`, else the config file's, else `$DUIZHAO_DATA_DIR`, else XDG.
pub fn data_dir(cli: &Cli, config: &crate::config::Config) -> PathBuf {
    crate::positions::data_dir(cli.data_dir.as_deref().or(config.data_dir.as_deref()))
}

/// The cache, unless `--no-cache`.
pub fn cache(cli: &Cli) -> Cache {
    if cli.no_cache { Cache::off() } else { Cache::open(None) }
}

/// The documents a command works on: those in the given files and folders, or the shipped ones,
/// narrowed to the given document ids.
pub fn select(t: &Targets, cache: &Cache) -> anyhow::Result<Vec<Document>> {
    let (paths, ids) = targets(t);
    let mut library = open(&paths, cache, load::Depth::Full)?.library;
    let known: Vec<&str> = library.documents.iter().map(|d| d.id.as_str()).collect();
    let chosen = pick(&known, &ids)?;
    let mut docs: Vec<Option<Document>> = library.documents.drain(..).map(Some).collect();
    Ok(chosen.into_iter().filter_map(|k| docs[k].take()).collect())
}

/// [`select`] for `list`, which needs no paragraphs: a folder seen before is listed from its
/// catalog without reading a file.
fn list_entries(t: &Targets, cache: &Cache) -> anyhow::Result<Vec<DocEntry>> {
    let (paths, ids) = targets(t);
    let loaded = open(&paths, cache, load::Depth::Catalog)?;
    let known: Vec<&str> = loaded.catalog.documents.iter().map(|d| d.id.as_str()).collect();
    Ok(pick(&known, &ids)?.into_iter().map(|k| loaded.catalog.documents[k].clone()).collect())
}

fn targets(t: &Targets) -> (Vec<PathBuf>, Vec<&String>) {
    let (paths, ids): (Vec<&String>, Vec<&String>) = t.targets.iter().partition(|s| std::path::Path::new(s).exists());
    (paths.iter().map(PathBuf::from).collect(), ids)
}

/// The indices in `known` (document ids) of the documents `ids` name, in the order named (all
/// of them when none are).
fn pick(known: &[&str], ids: &[&String]) -> anyhow::Result<Vec<usize>> {
    if ids.is_empty() {
        return Ok((0..known.len()).collect());
    }
    let mut chosen = Vec::new();
    for id in ids {
        if id.contains(['/', '\\']) || id.ends_with(".txt") {
            bail!("{id}: no such file or directory");
        }
        let k = find(known, id)
            .with_context(|| format!("{id}: no such file, folder or document (documents: {})", known.join(", ")))?;
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    Ok(chosen)
}

/// Opens paths (or the shipped documents when there are none) to `depth`, reporting skipped
/// files.
pub fn open(paths: &[PathBuf], cache: &Cache, depth: load::Depth) -> anyhow::Result<load::Loaded> {
    if paths.is_empty() {
        let library = embedded::library()?;
        let catalog = Catalog::new(Vec::new(), Vec::new(), library.documents.iter().map(DocEntry::of).collect());
        return Ok(load::Loaded { library, skipped: Vec::new(), catalog, outlines: None });
    }
    let loaded = load::load_with(paths, &load::Progress::default(), cache, depth)?;
    for skipped in &loaded.skipped {
        eprintln!("duizhao: skipped {skipped}");
    }
    if loaded.library.documents.is_empty() {
        bail!("no documents found in {}", paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
    }
    Ok(loaded)
}

/// A document (its index in `known`) by exact id, or by a prefix or substring that picks
/// exactly one.
pub fn find(known: &[&str], id: &str) -> Option<usize> {
    let one = |hits: Vec<usize>| (hits.len() == 1).then(|| hits[0]);
    known
        .iter()
        .position(|d| *d == id)
        .or_else(|| one((0..known.len()).filter(|&k| known[k].starts_with(id)).collect()))
        .or_else(|| one((0..known.len()).filter(|&k| known[k].contains(id)).collect()))
}
