//! Loading folders: streamed through the cache or held whole, previewed, stopped.

use super::*;

fn shipped_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in super::super::embedded::files() {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// Strips blocks and section trees, as an outline holds the library when the trees are in
/// the cache.
fn outlines(mut lib: Library) -> Library {
    for v in lib.documents.iter_mut().flat_map(|d| d.versions.iter_mut()) {
        v.blocks = Vec::new();
        v.sections = Vec::new();
    }
    lib
}

fn labels(index: &crate::search::jump::Index) -> Vec<String> {
    let side =
        |l: Option<crate::search::jump::Label>| l.map(|l| format!("{} {} {}{}", l.version, l.block, l.marker, l.title));
    index
        .entries
        .iter()
        .map(|e| format!("{} {} {:?} {:?}", e.doc, index.path(e), side(index.zh(e)), side(index.en(e))))
        .collect()
}

#[test]
fn streaming_through_the_cache_builds_the_library_held_whole() {
    let docs = shipped_folder();
    let whole = load(&[docs.path().to_path_buf()]).unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(Some(cache_dir.path()));
    for round in ["cold", "warm"] {
        let streamed = load_with(&[docs.path().to_path_buf()], &Progress::default(), &cache, Depth::Outline).unwrap();
        assert_eq!(streamed.library, outlines(whole.library.clone()), "{round}");
        let shelf =
            crate::cache::shelf::Shelf::new(cache.clone(), Some(streamed.catalog)).with_outlines(streamed.outlines);
        let index = shelf.index(&streamed.library);
        let want = labels(&crate::search::jump::Index::build(&whole.library));
        assert_eq!(labels(&index), want, "{round}");
        assert!(!index.entries.is_empty());
        // Without the cached section trees, the documents are read whole to find them.
        let trees = cache.dir().unwrap().join("outlines");
        let _ = std::fs::rename(&trees, cache_dir.path().join("away"));
        assert_eq!(labels(&shelf.index(&streamed.library)), want, "{round}, trees missing");
        let _ = std::fs::rename(cache_dir.path().join("away"), &trees);
        let full = load_with(&[docs.path().to_path_buf()], &Progress::default(), &cache, Depth::Full).unwrap();
        assert_eq!(full.library, whole.library, "{round}");
    }
}

#[test]
fn a_stopped_import_keeps_what_it_read_for_the_next_start() {
    let docs = shipped_folder();
    // A named pipe holds one file open until the test writes it, after asking to stop.
    let fifo = docs.path().join("zzz-last.txt");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(Some(cache_dir.path()));
    let progress = std::sync::Arc::new(Progress::default());
    let paths = vec![docs.path().to_path_buf()];
    let (p, c2, paths2) = (progress.clone(), cache.clone(), paths.clone());
    let load = std::thread::spawn(move || load_with(&paths2, &p, &c2, Depth::Outline).map(|_| ()));
    while progress.done.load(Ordering::Relaxed) < 5 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    progress.stop();
    std::fs::write(&fifo, "测试文件\n\n第一段。\n").unwrap();
    assert!(matches!(load.join().unwrap(), Err(ImportError::Stopped)));
    let packs = std::fs::read_dir(cache.dir().unwrap().join("sketches")).unwrap().count();
    assert!(packs > 0, "the sketches of the files read are stored");
    // The next start reads every file's stamp, and the sketches: the same library as if
    // nothing had stopped.
    std::fs::remove_file(&fifo).unwrap();
    std::fs::write(&fifo, "测试文件\n\n第一段。\n").unwrap();
    let again = load_with(&paths, &Progress::default(), &cache, Depth::Outline).unwrap();
    let plain = load_with(&paths, &Progress::default(), &Cache::off(), Depth::Outline).unwrap();
    assert_eq!(again.library, outlines(plain.library));
    let stats = Stats::load(&cache, scope_key(&paths));
    assert!(!stats.sketches().is_empty());
}

/// Makes a named pipe at `path`: opening it blocks until the other end is opened too.
fn fifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

/// Copies the files under `from` to `to`, as they are at this moment.
fn snapshot(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            snapshot(&e.path(), &target);
        } else {
            // An entry may be replaced meanwhile (renamed over); either version will do.
            let _ = std::fs::copy(e.path(), target);
        }
    }
}

#[test]
fn an_import_killed_halfway_leaves_the_next_one_what_it_had_written() {
    let docs = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let text = format!("第{i}号测试文件\n\n这是第{i}个文件的段落，内容各不相同：编号{i}。\n");
        std::fs::write(docs.path().join(format!("{i:03}.txt")), text).unwrap();
    }
    // The last file holds its reader up until the test writes it.
    let held = docs.path().join("zzz-held.txt");
    fifo(&held);
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(Some(&cache_dir.path().join("live")));
    let paths = vec![docs.path().to_path_buf()];
    let progress = std::sync::Arc::new(Progress::default());
    let (p, c, paths2) = (progress.clone(), cache.clone(), paths.clone());
    // On threads of its own: the one held up must not hold up the other tests' imports.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let first = std::thread::spawn(move || pool.install(|| load_with(&paths2, &p, &c, Depth::Outline).map(|_| ())));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while progress.done.load(Ordering::Relaxed) < 300 || Stats::load(&cache, scope_key(&paths)).sketches().is_empty() {
        assert!(std::time::Instant::now() < deadline, "no checkpoint was recorded");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // The cache as a kill at this moment would leave it.
    let killed = cache_dir.path().join("killed");
    snapshot(&cache_dir.path().join("live"), &killed);
    let text = "第三百号\n\n最后一个文件。\n";
    std::fs::write(&held, text).unwrap();
    first.join().unwrap().unwrap();
    std::fs::remove_file(&held).unwrap();
    std::fs::write(&held, text).unwrap();
    let cache = Cache::open(Some(&killed));
    let again = load_with(&paths, &Progress::default(), &cache, Depth::Outline).unwrap();
    let plain = load_with(&paths, &Progress::default(), &Cache::off(), Depth::Outline).unwrap();
    assert_eq!(again.library, outlines(plain.library));
    // The sketches the killed import had packed, then those of the files it had not.
    let sets = Stats::load(&cache, scope_key(&paths)).sketches().to_vec();
    assert_eq!(sets.len(), 2, "{sets:?}");
    let count = |set| crate::cache::sketch::load(&cache, set).len();
    let (packed, rest) = (count(sets[0]), count(sets[1]));
    assert!(packed > 0 && packed + rest == 301, "{packed} + {rest}");
}

/// The number of sets of sketch packs recorded after each load of a folder of `copies` copies
/// of the shipped files, one of them changed before each load but the first.
fn sets_after_each_change(copies: usize, loads: usize) -> Vec<usize> {
    let docs = tempfile::tempdir().unwrap();
    for copy in 0..copies {
        for (name, bytes) in super::super::embedded::files() {
            std::fs::write(docs.path().join(format!("{copy}-{name}")), bytes).unwrap();
        }
    }
    let cache_dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(Some(cache_dir.path()));
    let paths = vec![docs.path().to_path_buf()];
    let changed = docs.path().join("0-2014-shanwei-informatization-plan.zh.txt");
    let mut counts = Vec::new();
    for round in 0..loads {
        if round > 0 {
            let mut text = std::fs::read_to_string(&changed).unwrap();
            text.push_str(&format!("\n第{round}次补充说明。\n"));
            std::fs::write(&changed, text).unwrap();
        }
        let loaded = load_with(&paths, &Progress::default(), &cache, Depth::Outline).unwrap();
        let plain = load_with(&paths, &Progress::default(), &Cache::off(), Depth::Outline).unwrap();
        assert_eq!(loaded.library, outlines(plain.library), "round {round}");
        counts.push(Stats::load(&cache, scope_key(&paths)).sketches().len());
    }
    counts
}

#[test]
fn each_change_adds_a_set_of_sketches_until_they_are_stored_again_in_one() {
    // A set per load that read a file anew, four at most.
    assert_eq!(sets_after_each_change(4, 7), [1, 2, 3, 4, 1, 2, 3]);
    // Or fewer, once the sketches of the changed file's earlier texts outnumber half the files
    // (in round 3: three of them, for five files).
    assert_eq!(sets_after_each_change(1, 6), [1, 2, 3, 1, 2, 3]);
}

#[test]
fn a_preview_shows_what_the_manifest_says_of_a_file() {
    let docs = shipped_folder();
    let manifest = "[[document]]\nid = \"shanwei\"\nfiles = [\"2014-shanwei-informatization-plan.zh.txt\"]\n\
                    title_en = \"Shanwei Informatization Plan\"\nyear = 2015\n";
    std::fs::write(docs.path().join("manifest.toml"), manifest).unwrap();
    let cache_dir = tempfile::tempdir().unwrap();
    for cache in [Cache::off(), Cache::open(Some(cache_dir.path()))] {
        let progress = Progress::previewing();
        let loaded = load_with(&[docs.path().to_path_buf()], &progress, &cache, Depth::Outline).unwrap();
        let preview = progress.preview().unwrap();
        let shanwei = preview.iter().find(|d| d.versions[0].name.starts_with("2014-shanwei")).unwrap();
        assert_eq!(shanwei.title.en.as_deref(), Some("Shanwei Informatization Plan"));
        assert_eq!(shanwei.year, Some(2015));
        let in_library = loaded.library.documents.iter().find(|d| d.id == "shanwei").unwrap();
        assert_eq!((&in_library.title, in_library.year), (&shanwei.title, shanwei.year), "as the library will show it");
    }
}

#[test]
fn a_preview_lists_every_file_with_or_without_a_cache() {
    let docs = shipped_folder();
    let cache_dir = tempfile::tempdir().unwrap();
    for cache in [Cache::off(), Cache::open(Some(cache_dir.path()))] {
        let progress = Progress::previewing();
        let loaded = load_with(&[docs.path().to_path_buf()], &progress, &cache, Depth::Outline).unwrap();
        let preview = progress.preview().unwrap();
        assert_eq!(progress.previewed(), 5);
        let names: Vec<&str> = preview.iter().map(|d| d.versions[0].name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "in the order the files were found");
        assert!(preview.iter().all(|d| d.versions.iter().all(|v| v.name == d.versions[0].name)), "one file each");
        assert_eq!(loaded.library.documents.len(), 4);
        progress.end();
        assert_eq!(progress.preview(), None, "the library replaces the preview");
        assert_eq!(progress.previewed(), 5, "the count stays");
    }
    let quiet = Progress::default();
    load_with(&[docs.path().to_path_buf()], &quiet, &Cache::off(), Depth::Outline).unwrap();
    assert_eq!(quiet.previewed(), 0, "no preview unless asked for");
}

#[test]
fn reading_ahead_never_waits_on_a_named_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.txt");
    fifo(&pipe);
    let (tx, rx) = std::sync::mpsc::channel();
    let p = pipe.clone();
    std::thread::spawn(move || {
        super::read_ahead(&p);
        super::read_ahead(Path::new("/nonexistent/file.txt"));
        let _ = tx.send(());
    });
    // Opened for reading, the pipe would hold the thread until a writer came.
    assert!(rx.recv_timeout(std::time::Duration::from_secs(10)).is_ok(), "read_ahead waited");
}
