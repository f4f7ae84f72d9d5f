//! A terminal that goes away without a signal reaching us (a tmux server killed, a dropped
//! connection whose SIGHUP went to another process) leaves our input at end-of-file for good,
//! and crossterm's reader then loops on it forever inside `poll`, never returning to the event
//! loop. This thread notices the hang-up from outside, saves the last reading position the
//! loop recorded, and ends the process.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::positions::{self, Positions};

/// How often the terminal is checked.
const EVERY: Duration = Duration::from_millis(200);

/// The watching thread and what it would save.
pub struct Watchdog {
    latest: Arc<Mutex<Option<Positions>>>,
    done: Arc<AtomicBool>,
}

impl Watchdog {
    /// Starts watching standard input; on a hang-up, saves into `data_dir` and exits.
    pub fn start(data_dir: PathBuf) -> Watchdog {
        let latest: Arc<Mutex<Option<Positions>>> = Arc::default();
        let done = Arc::new(AtomicBool::new(false));
        let (l, d) = (Arc::clone(&latest), Arc::clone(&done));
        std::thread::spawn(move || {
            while !d.load(Ordering::Relaxed) {
                std::thread::sleep(EVERY);
                if d.load(Ordering::Relaxed) || !hung_up(0) {
                    continue;
                }
                let saved = l.lock().ok().and_then(|p| p.clone());
                if let Some(p) = saved {
                    let _ = positions::save(&data_dir, &p);
                }
                // Nobody is left to read a message; a terminal to restore is gone too.
                std::process::exit(0);
            }
        });
        Watchdog { latest, done }
    }

    /// Records the positions to save should the terminal vanish.
    pub fn record(&self, p: &Positions) {
        if let Ok(mut l) = self.latest.lock() {
            *l = Some(p.clone());
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
    }
}

/// Whether the terminal on `fd` has hung up (its other end closed).
pub fn hung_up(fd: i32) -> bool {
    let mut p = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd for the duration of the call, and no waiting.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n > 0 && (p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
}

#[cfg(test)]
mod tests {
    use super::hung_up;

    #[test]
    fn a_terminal_whose_other_end_closed_has_hung_up() {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty writes two descriptors; the null pointers ask for no name or settings.
        let r =
            unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), std::ptr::null()) };
        assert_eq!(r, 0);
        assert!(!hung_up(slave), "an open terminal");
        // SAFETY: closing descriptors this test owns.
        unsafe { libc::close(master) };
        assert!(hung_up(slave), "the other end is gone");
        // SAFETY: as above.
        unsafe { libc::close(slave) };
    }
}
