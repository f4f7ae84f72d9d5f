//! The terminal: set-up and restoration, signals, and the event loop. The only module that
//! does terminal I/O.
//!
//! The terminal is always restored, and the reading position saved, on every way out: quit,
//! Ctrl-C, SIGTERM, SIGHUP (a dropped SSH connection), SIGINT, and a panic. Nothing waits on
//! the terminal: the size comes from an ioctl (with a fallback), no query is ever sent.

pub mod screen;
mod watchdog;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};
use ratatui::buffer::Buffer;

use crate::app::App;
use crate::keymap::{Code, Key};
use crate::positions;

/// Mouse reporting: button presses and the wheel only (no motion), in SGR encoding.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1000l";

/// What a background import sends: the library (or what went wrong) when it is done, then the
/// jump index of the library, built while the library is already on screen.
#[derive(Debug)]
pub enum Imported {
    /// The library, or why there is none.
    Library(Result<crate::app::Opened, String>),
    /// The jump index of that library.
    Index(std::sync::Arc<crate::search::jump::Index>),
}

/// Options of the interactive session.
#[derive(Debug)]
pub struct Options {
    /// Where reading positions and bookmarks are saved.
    pub data_dir: PathBuf,
    /// Report the mouse wheel.
    pub mouse: bool,
    /// The background import of a folder, if one is running (see [`App::loaded`]).
    pub importing: Option<std::sync::mpsc::Receiver<Imported>>,
}

/// Puts the terminal back as it was. Safe to call more than once, and from a panic hook.
fn restore(mouse: bool) {
    let mut out = std::io::stdout();
    let _ = write!(out, "{}\x1b[0m\x1b[r\x1b[?25h", if mouse { MOUSE_OFF } else { "" });
    let _ = crossterm::execute!(out, crossterm::terminal::LeaveAlternateScreen);
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = out.flush();
}

/// The terminal's size, never waiting on it: the ioctl, else `$COLUMNS`/`$LINES`, else 80×24.
pub fn size() -> (u16, u16) {
    match crossterm::terminal::size() {
        Ok((w, h)) if w > 0 && h > 0 => (w, h),
        _ => {
            let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse().ok());
            (env("COLUMNS").unwrap_or(80), env("LINES").unwrap_or(24))
        }
    }
}

fn key_of(e: KeyEvent) -> Option<Key> {
    let m = e.modifiers;
    let code = match e.code {
        KeyCode::Char(c) => Code::Char(if m.contains(KeyModifiers::CONTROL) { c.to_ascii_lowercase() } else { c }),
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Tab => Code::Tab,
        KeyCode::BackTab => Code::BackTab,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Delete => Code::Delete,
        KeyCode::Insert => Code::Insert,
        KeyCode::F(n) => Code::F(n),
        _ => return None,
    };
    let named = !matches!(code, Code::Char(_));
    Some(Key {
        code,
        ctrl: m.contains(KeyModifiers::CONTROL),
        alt: m.contains(KeyModifiers::ALT),
        shift: named && code != Code::BackTab && m.contains(KeyModifiers::SHIFT),
    })
}

/// Runs the reader until the user quits or a signal arrives; saves the reading position.
pub fn run(app: &mut App, opts: &Options) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGQUIT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    crossterm::terminal::enable_raw_mode()?;
    let mouse = opts.mouse;
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore(mouse);
        default_hook(info);
    }));
    {
        let mut out = std::io::stdout();
        crossterm::execute!(out, crossterm::terminal::EnterAlternateScreen)?;
        write!(out, "\x1b[?25l{}", if mouse { MOUSE_ON } else { "" })?;
        out.flush()?;
    }
    let watchdog = watchdog::Watchdog::start(opts.data_dir.clone());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| event_loop(app, opts, &stop, &watchdog)));
    drop(watchdog);
    // Whatever happened, remember where the reader was, and give the terminal back.
    app.remember_position();
    let saved = positions::save(&opts.data_dir, &app.positions);
    restore(mouse);
    if let Some(loading) = &app.loading {
        keep_the_import(&loading.progress);
    }
    let _ = std::panic::take_hook();
    match result {
        Ok(r) => {
            r?;
            saved
                .map_err(|e| anyhow::anyhow!("could not save the reading position in {}: {e}", opts.data_dir.display()))
        }
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Stops a folder import the reader quit during, and waits (a few seconds at most) while what it
/// has read is stored for the next start.
fn keep_the_import(progress: &crate::import::load::Progress) {
    progress.stop();
    if !progress.wait_ended(Duration::from_millis(300)) {
        let done = progress.done.load(Ordering::Relaxed);
        eprintln!("duizhao: keeping the {done} files imported so far for the next start…");
        progress.wait_ended(Duration::from_secs(10));
    }
}

/// Makes the changes to the bookmark file the app asked for, and tells it the outcome.
fn carry_out(app: &mut App, opts: &Options) {
    for change in std::mem::take(&mut app.effects) {
        let result = crate::bookmarks::apply(&opts.data_dir, change).map_err(|e| e.to_string());
        app.bookmarks_stored(result);
    }
}

/// At most this many keys are handled before a frame is drawn.
const BATCH: usize = 256;

/// What arrived since the last frame: the keys, in order, and the terminal's last new size.
#[derive(Default)]
struct Arrived {
    keys: Vec<Key>,
    resized: Option<(u16, u16)>,
}

/// Reads every event that has arrived, without waiting for more. Keys that come faster than
/// frames are drawn (typed ahead over a slow link, or pasted) then cost one frame, and one
/// search (see [`App::keys`]). They were all typed looking at the last frame drawn, so a resize
/// among them is applied after them.
fn read_arrived() -> anyhow::Result<Arrived> {
    let mut arrived = Arrived::default();
    loop {
        match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => arrived.keys.extend(key_of(k)),
            Event::Resize(w, h) => arrived.resized = Some((w, h)),
            Event::Mouse(m) => {
                let code = match m.kind {
                    MouseEventKind::ScrollDown => Some(Code::WheelDown),
                    MouseEventKind::ScrollUp => Some(Code::WheelUp),
                    _ => None,
                };
                arrived.keys.extend(code.map(|c| [Key::plain(c); 3]).into_iter().flatten());
            }
            _ => {}
        }
        if arrived.keys.len() >= BATCH || !event::poll(Duration::ZERO)? {
            return Ok(arrived);
        }
    }
}

fn event_loop(app: &mut App, opts: &Options, stop: &AtomicBool, watchdog: &watchdog::Watchdog) -> anyhow::Result<()> {
    let (w, h) = size();
    app.resize(w, h);
    let mut screen = screen::Screen::new(app.settings.wide, 1);
    let mut out = String::with_capacity(16 * 1024);
    let mut dirty = true;
    let mut shown_progress = app.progress();
    let stdout = std::io::stdout();
    loop {
        if stop.load(Ordering::Relaxed) || app.quit {
            return Ok(());
        }
        if dirty {
            let mut frame = Buffer::empty(screen::area(app.size.0, app.size.1));
            crate::ui::render(app, &mut frame);
            out.clear();
            screen.draw(&frame, &mut out);
            let mut lock = stdout.lock();
            // A write error means the terminal is gone (SIGHUP follows): stop, save, leave.
            if lock.write_all(out.as_bytes()).and_then(|()| lock.flush()).is_err() {
                return Ok(());
            }
            dirty = false;
        }
        // While a folder is imported, wake often enough to move the progress bar.
        let wait = if app.loading.is_some() { 100 } else { 250 };
        if let Some(rx) = &opts.importing {
            match rx.try_recv() {
                Ok(Imported::Library(result)) => app.loaded(result),
                Ok(Imported::Index(index)) => {
                    app.indexed(index);
                    dirty = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) if app.loading.is_some() => {
                    app.loaded(Err("the import stopped unexpectedly".into()));
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => app.index_lost(),
            }
            // Redraw only when the count moved (or the import ended).
            let now = app.progress();
            dirty |= app.preview() || now != shown_progress;
            shown_progress = now;
        }
        // Work saved for a pause (preparing the jump search for the next letter) goes a slice
        // at a time, with a look for keys in between.
        let more = app.idle();
        if !event::poll(Duration::from_millis(if more { 0 } else { wait }))? {
            continue;
        }
        let arrived = read_arrived()?;
        if !arrived.keys.is_empty() {
            app.keys(&arrived.keys);
            carry_out(app, opts);
            app.remember_position();
            watchdog.record(&app.positions);
            dirty = true;
        }
        if let Some((w, h)) = arrived.resized {
            app.resize(w, h);
            screen.invalidate();
            dirty = true;
        }
    }
}
