//! One frame of the reader at 200×60: laying the visible rows out and drawing them into a
//! buffer (what happens on every key), and the same with the figures marked and a search on;
//! and a scroll all the way to the bytes written to the terminal.
//! Target: under 1 ms.

use criterion::{Criterion, criterion_group, criterion_main};
use duizhao::app::{App, Settings};
use duizhao::import::embedded;
use duizhao::keymap::{Keymap, key::parse_sequence};
use duizhao::positions::Positions;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

fn app(keys: &str) -> App {
    let mut a = App::new(
        embedded::library().expect("shipped"),
        Keymap::default_keymap(),
        Settings::default(),
        Positions::default(),
    );
    a.resize(200, 60);
    for k in parse_sequence(keys).expect("keys") {
        a.key(k);
    }
    a
}

fn frame(c: &mut Criterion) {
    let mut g = c.benchmark_group("reader frame 200x60");
    // The 2016 Outline, a page in, figures highlighted.
    let mut a = app("j j j <Enter> <Space> <Space>");
    let mut buf = Buffer::empty(Rect::new(0, 0, 200, 60));
    g.bench_function("draw", |b| b.iter(|| duizhao::ui::render(&a, &mut buf)));
    // A scroll by one line and its frame: the layout work a key costs.
    g.bench_function("scroll one line + draw", |b| {
        let (down, up) = (parse_sequence("j").unwrap()[0], parse_sequence("k").unwrap()[0]);
        let mut flip = false;
        b.iter(|| {
            a.key(if flip { up } else { down });
            flip = !flip;
            duizhao::ui::render(&a, &mut buf);
        })
    });
    // A page, with a search on (every hit on screen marked).
    let mut s = app("j j j <Enter> / i n f o r m a t i z a t i o n <Enter>");
    g.bench_function("page down with search hits + draw", |b| {
        let (down, up) = (parse_sequence("<Space>").unwrap()[0], parse_sequence("b").unwrap()[0]);
        let mut flip = false;
        b.iter(|| {
            s.key(if flip { up } else { down });
            flip = !flip;
            duizhao::ui::render(&s, &mut buf);
        })
    });
    // What reaches the terminal: the frame, then its difference from the screen as bytes (the
    // scroll found and done by the terminal, the row that came in written).
    g.bench_function("scroll one line + draw + bytes for the terminal", |b| {
        let (down, up) = (parse_sequence("j").unwrap()[0], parse_sequence("k").unwrap()[0]);
        let mut screen = duizhao::tui::screen::Screen::new(false, 1);
        let mut out = String::new();
        let mut flip = false;
        b.iter(|| {
            a.key(if flip { up } else { down });
            flip = !flip;
            let mut frame = Buffer::empty(Rect::new(0, 0, 200, 60));
            duizhao::ui::render(&a, &mut frame);
            out.clear();
            screen.draw(&frame, &mut out);
            out.len()
        })
    });
    // Resizing lays the whole document out again.
    g.bench_function("resize (full relayout) + draw", |b| {
        let mut wide = false;
        b.iter(|| {
            a.resize(if wide { 200 } else { 199 }, 60);
            wide = !wide;
            duizhao::ui::render(&a, &mut buf);
        })
    });
    g.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
