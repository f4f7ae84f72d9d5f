//! The real binary in a pseudo-terminal: keys in, screen out (through a vt100 parser), waiting
//! for exact screen states with a timeout rather than sleeping.

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Session {
    parser: vt100::Parser,
    rx: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }
}

impl Session {
    fn start(args: &[&str], data: &std::path::Path, cols: u16, rows: u16) -> Session {
        Session::start_through(&[], args, data, cols, rows)
    }

    /// [`Session::start`], the binary run by the command `through` (and its arguments).
    fn start_through(through: &[&str], args: &[&str], data: &std::path::Path, cols: u16, rows: u16) -> Session {
        let pty = native_pty_system().openpty(size(cols, rows)).expect("a pty");
        std::fs::write(data.join("config.toml"), "").unwrap();
        let exe = env!("CARGO_BIN_EXE_duizhao");
        let mut cmd = CommandBuilder::new(through.first().unwrap_or(&exe));
        cmd.args(through.iter().skip(1).chain(through.first().map(|_| &exe)));
        cmd.args(args);
        cmd.env("DUIZHAO_DATA_DIR", data);
        cmd.env("DUIZHAO_CACHE_DIR", data.join("cache"));
        cmd.env("DUIZHAO_CONFIG", data.join("config.toml"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let writer = pty.master.take_writer().expect("writer");
        let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        Session { parser: vt100::Parser::new(nz(rows), nz(cols), 0), rx, writer, master: pty.master, child }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen satisfies `cond` (5 s at most).
    fn wait(&mut self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if cond(self.parser.screen()) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "timed out waiting for {what}; screen:\n{}", self.screen());
            if let Ok(bytes) = self.rx.recv_timeout(left.min(Duration::from_millis(50))) {
                self.parser.process(&bytes);
            }
        }
    }

    /// Waits until the program has written nothing for `quiet` (10 s at most).
    fn wait_quiet(&mut self, quiet: Duration) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while let Ok(bytes) = self.rx.recv_timeout(quiet) {
            self.parser.process(&bytes);
            assert!(Instant::now() < deadline, "the screen never settled:\n{}", self.screen());
        }
    }

    fn wait_text(&mut self, text: &str) {
        let t = text.to_owned();
        self.wait(text, move |s| s.contents().contains(&t));
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn row(&self, r: u16) -> String {
        let cols = self.parser.screen().size().1.get();
        self.parser.screen().rows(0, cols).nth(r as usize).unwrap_or_default()
    }

    /// Waits for the program to exit (reading its last output), returns its exit code.
    fn exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            while let Ok(bytes) = self.rx.try_recv() {
                self.parser.process(&bytes);
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                // Drain what it wrote on the way out.
                while let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(100)) {
                    self.parser.process(&bytes);
                }
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "the program did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn open_a_document_jump_sections_resize_and_quit() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], data.path(), 100, 30);
    s.wait_text("4 documents");
    assert!(s.parser.screen().alternate_screen(), "the reader uses the alternate screen");
    s.send("j\r");
    s.wait("the reader on the 2012 Opinions", |sc| sc.contents().starts_with("国务院关于大力推进信息化发展"));
    assert!(s.row(0).contains("Some Opinions concerning"), "the translation beside it: {}", s.row(0));
    s.send("]]");
    s.wait("the second level-1 section at the top", |sc| sc.contents().starts_with("二、实施“宽带中国”工程"));
    assert!(s.row(0).contains("II, Implement the “Broadband China”"), "its translation beside it: {}", s.row(0));
    s.send("}");
    s.wait("(一) at the top", |sc| sc.contents().starts_with("(一)加快发展宽带网络"));
    // The mouse wheel (SGR report, button 65 = down, 64 = up) scrolls three rows a notch.
    s.send("\x1b[<65;20;10M");
    s.wait("scrolled by the wheel", |sc| !sc.contents().starts_with("(一)"));
    s.send("\x1b[<64;20;10M");
    s.wait("scrolled back", |sc| sc.contents().starts_with("(一)加快发展宽带网络"));
    // Typed ahead, or pasted, in one go: the jump takes it all, then opens the best hit.
    s.send(":tjnyncxxh\r");
    s.wait("the jump to 五、", |sc| sc.contents().starts_with("五、推进农业农村信息化"));
    s.send(":jkfzkdwl\r");
    s.wait("back to (一)", |sc| sc.contents().starts_with("(一)加快发展宽带网络"));
    // Narrow the terminal: the panes stack, the reading position stays.
    s.master.resize(size(50, 30)).unwrap();
    s.wait("stacked panes", |sc| sc.contents().contains("── en ──"));
    assert!(s.row(0).starts_with("(一)加快发展宽带网络"), "{}", s.row(0));
    s.master.resize(size(100, 30)).unwrap();
    s.wait("side by side again", |sc| sc.contents().lines().next().is_some_and(|l| l.contains("(1) Accelerate")));
    s.send("q");
    assert_eq!(s.exit(), 0);
    assert!(!s.parser.screen().alternate_screen(), "the terminal is restored");
    assert!(!s.parser.screen().hide_cursor(), "the cursor is visible again");
}

#[test]
fn sigterm_restores_the_terminal_and_the_position_is_resumed() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], data.path(), 100, 30);
    s.wait_text("4 documents");
    s.send("G\r");
    s.wait("the reader on the 2016 Outline", |sc| sc.contents().starts_with("国家信息化发展战略纲要"));
    s.send("]]");
    s.wait("二、 at the top", |sc| sc.contents().starts_with("二、指导思想、战略目标和基本方针"));
    let pid = s.child.process_id().expect("a pid") as i32;
    unsafe { libc::kill(pid, libc::SIGTERM) };
    assert_eq!(s.exit(), 0);
    assert!(!s.parser.screen().alternate_screen(), "restored after SIGTERM");
    let saved = std::fs::read_to_string(data.path().join("positions.json")).expect("the position was saved");
    assert!(saved.contains("2016-informatization-strategy-outline"), "{saved}");
    // The next start of the same document resumes there.
    let mut s = Session::start(&[], data.path(), 100, 30);
    s.wait_text("4 documents");
    s.send("G\r");
    s.wait("resumed at 二、", |sc| sc.contents().starts_with("二、指导思想、战略目标和基本方针"));
    s.send("q");
    s.exit();
}

#[test]
fn sighup_from_a_dropped_connection_saves_too() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], data.path(), 100, 30);
    s.wait_text("4 documents");
    s.send("j\r]]");
    s.wait("二、 at the top", |sc| sc.contents().starts_with("二、实施"));
    let pid = s.child.process_id().expect("a pid") as i32;
    unsafe { libc::kill(pid, libc::SIGHUP) };
    s.exit();
    let saved = std::fs::read_to_string(data.path().join("positions.json")).expect("saved on SIGHUP");
    assert!(saved.contains("2012-opinions-informatization-security"));
}

#[test]
fn a_terminal_that_vanishes_without_a_sighup_still_saves_and_the_reader_ends() {
    let data = tempfile::tempdir().unwrap();
    let pid_file = data.path().join("pid");
    // A session of its own: the pty is not its controlling terminal, so closing it sends no
    // SIGHUP, as when the hang-up goes to another process (a tmux server killed). `setsid`
    // waits (-w) so that its own exit cannot hang up the child before it has left the session.
    let record_pid = format!("echo $$ > {}; exec \"$0\" \"$@\"", pid_file.display());
    let mut s = Session::start_through(&["setsid", "-w", "sh", "-c", &record_pid], &[], data.path(), 100, 30);
    s.wait_text("4 documents");
    s.send("j\r]]");
    s.wait("二、 at the top", |sc| sc.contents().starts_with("二、实施"));
    let pid: i32 = std::fs::read_to_string(&pid_file).unwrap().trim().parse().unwrap();
    // The pty goes when its last descriptor does: the reading thread's copy is closed once a
    // read returns with nobody left to take it, so a key that redraws the screen closes it.
    let Session { master, mut writer, rx, .. } = s;
    drop(rx);
    writer.write_all(b"j").unwrap();
    drop((writer, master));
    let gone = |pid: i32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map_or(true, |st| st.rsplit(')').next().is_some_and(|rest| rest.trim_start().starts_with('Z')))
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while !gone(pid) {
        assert!(Instant::now() < deadline, "the reader runs on with its terminal gone");
        std::thread::sleep(Duration::from_millis(50));
    }
    let saved = std::fs::read_to_string(data.path().join("positions.json")).expect("saved");
    assert!(saved.contains("2012-opinions-informatization-security"), "{saved}");
}

#[test]
fn a_single_file_opens_straight_in_the_reader_and_ctrl_c_quits() {
    let data = tempfile::tempdir().unwrap();
    let file = format!("{}/docs/2014-shanwei-informatization-plan.zh.txt", env!("CARGO_MANIFEST_DIR"));
    let start = Instant::now();
    let mut s = Session::start(&[&file], data.path(), 80, 24);
    s.wait_text("各县(市、区)人民政府");
    // No query is sent to the terminal (this pty never answers one), so the first frame is quick.
    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
    s.send("\x03");
    assert_eq!(s.exit(), 0);
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn the_less_keymap_pages_with_f_and_quits_with_q() {
    let data = tempfile::tempdir().unwrap();
    let file = format!("{}/docs/2014-shanwei-informatization-plan.zh.txt", env!("CARGO_MANIFEST_DIR"));
    let mut s = Session::start(&["--keymap", "less", &file], data.path(), 80, 24);
    s.wait_text("各县(市、区)人民政府");
    let first = s.row(0);
    // In the default keymap f toggles the figures; with less it is a page down.
    s.send("f");
    s.wait("a page further", |sc| !sc.contents().contains("各县(市、区)人民政府"));
    assert_ne!(s.row(0), first);
    s.send("g");
    s.wait("back at the top", |sc| sc.contents().contains("各县(市、区)人民政府"));
    s.send("q");
    assert_eq!(s.exit(), 0);
    assert!(!s.parser.screen().alternate_screen());
}

#[test]
fn a_pinyin_query_in_the_jump_popup_lands_on_the_section() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], data.path(), 110, 30);
    s.wait_text("4 documents");
    // From the library the jump popup searches every document.
    s.send(":");
    s.wait_text("Jump — all documents");
    s.send("wangluo fupin");
    s.wait("the poverty-relief item ranked", |sc| sc.contents().contains("实施网络扶贫行动计划"));
    s.send("\r");
    s.wait("the reader at 42.", |sc| sc.contents().starts_with("42.实施网络扶贫行动计划"));
    assert!(s.row(0).contains("5. Implement the networked poverty relief action plan"), "{}", s.row(0));
    // Chinese query, then a full-text search with n.
    s.send(":");
    s.wait_text("Jump — this document");
    s.send("宽带网络\r");
    s.wait("8. on broadband", |sc| sc.contents().starts_with("8.优化升级宽带网络"));
    s.send("/国际\r");
    s.wait("a hit count", |sc| sc.contents().lines().last().is_some_and(|l| l.contains("/")));
    s.send("q");
    assert_eq!(s.exit(), 0);
}

#[test]
fn targets_are_stepped_through_flagged_and_listed_in_the_figures_panel() {
    let data = tempfile::tempdir().unwrap();
    // A user's file whose translation changed one target (18 → 17 trillion) and dropped another.
    let seed = format!("{}/docs/2012-opinions-informatization-security.en-zh.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(seed).unwrap();
    let text = text
        .replace("exceed 18 trillion Yuan", "exceed 17 trillion Yuan")
        .replace("to exceed 250 million accounts", "to grow considerably");
    let file = data.path().join("opinions.txt");
    std::fs::write(&file, text).unwrap();
    let mut s = Session::start(&[file.to_str().unwrap()], data.path(), 120, 40);
    s.wait_text("国务院关于大力推进信息化发展");
    s.send(">");
    s.wait_text("target 1/4 · 2015 · MISMATCH: > 18 trillion CNY, en 17 trillion CNY");
    // The selected figure and its counterpart are reversed; the changed one is flagged with `!`.
    let (y, x) = find(&s, "exceed 17 trillion").expect("the English figure on screen");
    let cell = s.parser.screen().cell(y, x).unwrap().clone();
    assert!(cell.inverse(), "the counterpart lights up");
    assert!(s.row(y).contains("│!is to exceed") || s.row(y).contains("│!"), "flag: {}", s.row(y));
    let (zy, zx) = find(&s, "超过18万亿元").expect("the Chinese figure on screen");
    assert!(s.parser.screen().cell(zy, zx).unwrap().inverse());
    // Moving on, the changed figure stays white on red.
    s.send(">");
    s.wait_text("target 2/4");
    let (y, x) = find(&s, "exceed 17 trillion").expect("still on screen");
    let cell = s.parser.screen().cell(y, x).unwrap().clone();
    assert!(!cell.inverse());
    assert_eq!(cell.bgcolor(), vt100::Color::Idx(1), "red background on a changed target");
    // The panel lists all four with their status; Enter goes to the one under the cursor.
    s.send("F");
    s.wait_text("Figures — 4 targets · 1 mismatch · 1 missing");
    assert!(s.screen().contains("no en") && s.screen().contains("mismatch"));
    s.send("G\r");
    s.wait_text("target 4/4 · 2015 · match: = 6.5 Tbit/s");
    assert!(!s.screen().contains("Figures —"), "the panel closed");
    s.send("f");
    s.wait_text("figure highlighting off");
    s.send("q");
    assert_eq!(s.exit(), 0);
}

/// Row and column (in cells) where `needle` starts on the screen.
fn find(s: &Session, needle: &str) -> Option<(u16, u16)> {
    let screen = s.parser.screen();
    let (rows, cols) = (screen.size().0.get(), screen.size().1.get());
    (0..rows).find_map(|y| {
        let line: Vec<(u16, String)> = (0..cols)
            .filter_map(|x| {
                screen.cell(y, x).filter(|c| !c.is_wide_continuation()).map(|c| (x, c.contents().to_owned()))
            })
            .collect();
        let text: String = line.iter().map(|(_, c)| if c.is_empty() { " " } else { c.as_str() }).collect();
        let at = text.find(needle)?;
        let chars_before = text[..at].chars().count();
        // Each cell holds one character (or is empty, drawn as one space).
        let mut seen = 0;
        line.iter()
            .find(|(_, c)| {
                let n = c.chars().count().max(1);
                let hit = seen == chars_before;
                seen += n;
                hit
            })
            .map(|(x, _)| (y, *x))
    })
}

#[test]
fn a_bookmark_made_in_one_session_is_listed_in_the_next_and_a_corrupt_file_is_reported() {
    let data = tempfile::tempdir().unwrap();
    let mut s = Session::start(&[], data.path(), 110, 30);
    s.wait_text("4 documents");
    s.send("j\r]]}");
    s.wait("(一) at the top", |sc| sc.contents().starts_with("(一)加快发展宽带网络"));
    s.send("m");
    s.wait_text("note (optional):");
    s.send("check 2.5亿\r");
    s.wait_text("bookmarked: 二、实施“宽带中国”工程");
    s.send("gq");
    assert_eq!(s.exit(), 0);
    // A second session (another reader, later) lists it; Enter goes there.
    let mut s = Session::start(&[], data.path(), 110, 30);
    s.wait_text("4 documents");
    s.send("'");
    s.wait_text("Bookmarks — 1");
    assert!(s.screen().contains("note: check 2.5亿"), "{}", s.screen());
    assert!(s.screen().contains("build next-generation information infrastructure › (1)"), "{}", s.screen());
    s.send("\r");
    s.wait("the reader at (一)", |sc| sc.contents().starts_with("(一)加快发展宽带网络"));
    s.send("q");
    assert_eq!(s.exit(), 0);
    // A corrupt bookmark file: said once on the status line, kept beside, the reader works.
    std::fs::write(data.path().join("bookmarks.json"), b"{\"bookmarks\": [").unwrap();
    let mut s = Session::start(&[], data.path(), 110, 30);
    s.wait_text("bookmarks.json was unreadable");
    s.send("j");
    s.wait("the message is gone", |sc| !sc.contents().contains("unreadable"));
    s.send("q");
    assert_eq!(s.exit(), 0);
    let kept =
        std::fs::read_dir(data.path()).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().contains(".corrupt-"));
    assert!(kept);
}

#[test]
fn two_readers_open_at_once_keep_each_others_bookmarks() {
    let data = tempfile::tempdir().unwrap();
    let mut a = Session::start(&[], data.path(), 100, 30);
    let mut b = Session::start(&[], data.path(), 100, 30);
    a.wait_text("4 documents");
    b.wait_text("4 documents");
    a.send("j\rm");
    a.wait_text("note (optional):");
    b.send("jj\rm");
    b.wait_text("note (optional):");
    a.send("from a\r");
    a.wait_text("bookmarked:");
    b.send("from b\r");
    b.wait_text("bookmarked:");
    // Each list shows both; deleting in one leaves the other's.
    a.send("'");
    a.wait_text("Bookmarks — 2");
    a.send("d");
    a.wait_text("Bookmarks — 1");
    b.send("'");
    b.wait_text("Bookmarks — 1");
    a.send("u");
    a.wait_text("Bookmarks — 2");
    for s in [&mut a, &mut b] {
        s.send("\x1b");
        s.wait("the list closed", |sc| !sc.contents().contains("Bookmarks —"));
        s.send("q");
        assert_eq!(s.exit(), 0);
    }
    let file: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.path().join("bookmarks.json")).unwrap()).unwrap();
    let notes: Vec<&str> = file["bookmarks"].as_array().unwrap().iter().map(|b| b["note"].as_str().unwrap()).collect();
    assert!(notes.contains(&"from a") && notes.contains(&"from b"), "{notes:?}");
}

#[test]
fn a_folder_is_imported_in_the_background_with_progress_then_listed() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut n = 0;
    for copy in 0..40 {
        for e in std::fs::read_dir(&docs).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                let name = format!("{copy:03}-{}", p.file_name().unwrap().to_string_lossy());
                std::fs::copy(&p, folder.path().join(name)).unwrap();
                n += 1;
            }
        }
    }
    let mut s = Session::start(&[folder.path().to_str().unwrap()], data.path(), 100, 30);
    // The terminal is taken at once; the library follows when the import is done.
    s.wait("the importing screen or the library", |sc| {
        let t = sc.contents();
        t.contains("importing") || t.contains("documents")
    });
    s.wait_text(" documents");
    assert!(!s.screen().contains("Importing"), "{}", s.screen());
    assert!(n >= 200);
    s.send("q");
    assert_eq!(s.exit(), 0);
}

#[test]
fn a_folder_is_listed_file_by_file_while_it_is_read_and_a_document_asked_for_opens_when_it_is_in() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for copy in 0..4 {
        for e in std::fs::read_dir(&docs).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                let name = format!("{copy:03}-{}", p.file_name().unwrap().to_string_lossy());
                std::fs::copy(&p, folder.path().join(name)).unwrap();
            }
        }
    }
    // A named pipe holds the import up until the test writes to it: the folder is "still being
    // read" for as long as the test needs, however fast the machine.
    let fifo = folder.path().join("zzz-last.txt");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let mut s = Session::start(&[folder.path().to_str().unwrap()], data.path(), 100, 30);
    s.wait_text("Reading the folder: 20 of 21 files");
    // The list shows the files read as of its last refresh (every 400 ms): once the screen is
    // quiet for longer than that, all twenty are in it, in the order they were found.
    s.wait_quiet(Duration::from_millis(1000));
    s.wait_text("▸ 2006");
    assert!(s.screen().contains("importing 20/21 files"), "{}", s.screen());
    s.send("j");
    s.wait(":", |sc| sc.contents().contains("▸ 2012"));
    s.send("\r");
    s.wait_text("opens as soon as the folder is read");
    // On a thread: were the reader gone, opening the pipe would wait forever, not fail.
    std::thread::spawn(move || std::fs::write(&fifo, "测试文件\n\n第一段。\n"));
    // The library is in: the document holding the file asked for opens in the reader.
    s.wait_text("国务院关于大力推进信息化发展和切实保障信息安全的若干意见");
    s.wait(":", |sc| sc.contents().contains('│'));
    assert!(!s.screen().contains("Reading the folder"), "{}", s.screen());
    s.send("q");
    assert_eq!(s.exit(), 0);
}
