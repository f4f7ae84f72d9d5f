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
    assert!(stats.sketches().is_some());
}

#[test]
fn a_preview_lists_every_file_with_or_without_a_cache() {
    let docs = shipped_folder();
    let cache_dir = tempfile::tempdir().unwrap();
    for cache in [Cache::off(), Cache::open(Some(cache_dir.path()))] {
        let progress = Progress::previewing();
        let loaded = load_with(&[docs.path().to_path_buf()], &progress, &cache, Depth::Outline).unwrap();
        let preview = progress.preview();
        assert_eq!(progress.previewed(), 5);
        let names: Vec<&str> = preview.iter().map(|d| d.versions[0].name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "in the order the files were found");
        assert!(preview.iter().all(|d| d.versions.iter().all(|v| v.name == d.versions[0].name)), "one file each");
        assert_eq!(loaded.library.documents.len(), 4);
    }
    let quiet = Progress::default();
    load_with(&[docs.path().to_path_buf()], &quiet, &Cache::off(), Depth::Outline).unwrap();
    assert_eq!(quiet.previewed(), 0, "no preview unless asked for");
}
