//! The first pass of a search: which entries can match at all, a rough score to order them by,
//! and where the query matched in each key — kept, so that the next keystroke resumes each
//! entry's match where this one left it instead of matching the whole query again.

use memchr::memmem::Finder;

use super::query::Query;
use super::{EN, INITIALS, Index, PINYIN, byte_mask, key_span};

/// Bits of what the first pass found in an entry: bit `k` that key `k` matched, bit `k + 3`
/// that it matched contiguously. A longer query can only match where its prefix did.
pub(super) const ANY_MATCH: u8 = 0b111_111;

/// Where the query matched in one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Seen {
    /// Entry index.
    pub entry: u32,
    /// Which keys matched (see [`ANY_MATCH`]).
    pub found: u8,
    /// Per key, where the query first occurs (valid where it matched contiguously).
    pub(super) at: [u16; 3],
    /// Per key, just past the leftmost match of the query as a subsequence (valid where it
    /// matched). Leftmost is best: the query plus a letter matches iff that letter follows it.
    pub(super) end: [u16; 3],
    /// How many bytes at the end of the query `end` is behind: a letter decided from what was
    /// prepared between keystrokes (see `ahead`) is known to follow, but not yet where.
    pub(super) lag: u8,
}

impl Seen {
    /// An entry not yet looked at: any key may match, from its start.
    pub fn fresh(entry: u32) -> Seen {
        Seen { entry, found: ANY_MATCH, at: [0; 3], end: [0; 3], lag: 0 }
    }
}

/// A query, ready for the first pass, and how much of it the entries passed in already matched.
pub(super) struct Pass<'q> {
    q: &'q Query,
    text: Finder<'q>,
    squeezed: Finder<'q>,
    /// The bytes of the query (see [`byte_mask`]).
    bytes: u32,
    /// Bytes of `q.text` and `q.squeezed` the entries' `Seen` already account for.
    done: (usize, usize),
}

impl<'q> Pass<'q> {
    /// `previous` is the query the entries passed in were matched against (a prefix of `q`),
    /// or none for entries from [`Seen::fresh`].
    pub fn new(q: &'q Query, previous: Option<&Query>) -> Pass<'q> {
        Pass {
            q,
            text: Finder::new(q.text.as_bytes()),
            squeezed: Finder::new(q.squeezed.as_bytes()),
            bytes: byte_mask(q.squeezed.as_bytes()),
            done: previous.map_or((0, 0), |p| (p.text.len(), p.squeezed.len())),
        }
    }

    /// Starts loading what [`Pass::run`] will read of an entry, to overlap the waits on memory
    /// of a few entries: its hot part (`Fetch::Hot`, which says where its keys are), or the
    /// bytes of its keys from where the last query matched (`Fetch::Keys`, once the hot part
    /// is in).
    pub fn fetch(&self, index: &Index, seen: Seen, what: Fetch) {
        let Some(h) = index.hot.get(seen.entry as usize) else { return };
        match what {
            Fetch::Hot => prefetch(std::ptr::from_ref(h).cast()),
            Fetch::Keys => {
                for key in [EN, PINYIN, INITIALS] {
                    let at = key_span(h, key).start + seen.end[key] as usize;
                    prefetch(index.keys.as_ptr().wrapping_add(at));
                }
            }
        }
    }

    /// Whether the entry can match at all, with a rough score and where it matched.
    pub fn run(&self, index: &Index, seen: Seen) -> Option<(Seen, i32)> {
        let i = seen.entry as usize;
        let h = &index.hot[i];
        let q = self.q;
        if let Some(exact) = q.number.as_ref().and_then(|n| index.number_match(&index.entries[i], n)) {
            return Some((Seen { found: 0, ..seen }, if exact { i32::MAX } else { i32::MAX / 2 }));
        }
        if q.mask & !h.mask != 0 {
            return None;
        }
        if q.has_han {
            let at = index.str(index.entries[i].keys.zh).find(&q.text)?;
            return Some((Seen { found: ANY_MATCH, ..seen }, 1000 - (at as i32).min(500)));
        }
        let mut next = Seen { found: 0, lag: 0, ..seen };
        let mut best = None::<i32>;
        for (key, weight) in [(EN, 1), (PINYIN, 1), (INITIALS, 2)] {
            if seen.found & (1 << key) == 0 || self.bytes & !h.key_masks[key] != 0 {
                continue;
            }
            let (query, done) = self.query(key);
            let hay = index.key_bytes(h, key);
            let Some(end) = subsequence(hay, seen.end[key] as usize, &query[done - usize::from(seen.lag)..]) else {
                continue;
            };
            next.found |= 1 << key;
            next.end[key] = end as u16;
            let mut score = 1;
            if seen.found & (1 << (key + 3)) != 0
                && let Some((at, s)) = self.contiguous(hay, key, seen.at[key])
            {
                next.found |= 1 << (key + 3);
                next.at[key] = at;
                score = s;
            }
            best = Some(best.map_or(score * weight, |b| b.max(score * weight)));
        }
        best.map(|b| (next, b))
    }

    /// The query as key `key` is matched against (with spaces for English, without for the
    /// pinyin keys), and how many of its bytes the entries passed in account for.
    pub(super) fn query(&self, key: usize) -> (&'q [u8], usize) {
        match key {
            EN => (self.q.text.as_bytes(), self.done.0),
            _ => (self.q.squeezed.as_bytes(), self.done.1),
        }
    }

    /// The finder of the query as key `key` is matched against (see [`Pass::query`]).
    pub(super) fn finder(&self, key: usize) -> &Finder<'q> {
        if key == EN { &self.text } else { &self.squeezed }
    }

    /// The first occurrence of the query in `hay` (key `key`) at or after `from`, where its
    /// prefix first occurs, and the score it gives.
    pub(super) fn contiguous(&self, hay: &[u8], key: usize, from: u16) -> Option<(u16, i32)> {
        let (query, done) = self.query(key);
        let at = occurrence(hay, query, done, self.finder(key), from as usize)?;
        Some((at as u16, contiguous_score(at as u16, starts_word(hay, at))))
    }
}

/// Whether byte `at` of a key starts a word.
pub(super) fn starts_word(hay: &[u8], at: usize) -> bool {
    at == 0 || hay.get(at - 1).is_some_and(|b| !b.is_ascii_alphanumeric())
}

/// The rough score of a contiguous match at `at`: early is better, and better still at the
/// start of a word.
pub(super) fn contiguous_score(at: u16, word_start: bool) -> i32 {
    1000 - i32::from(at).min(500) + if word_start { 1000 } else { 0 }
}

/// What [`Pass::fetch`] loads.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fetch {
    Hot,
    Keys,
}

/// Asks the processor to load the cache line holding `p`, without waiting for it.
#[inline]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it reads nothing into the program and never faults,
    // whatever the address.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(p.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Where `b` first occurs in `hay`. Keys are short, and the byte sought mostly near: a plain
/// loop over the first bytes beats memchr's set-up.
fn find_byte(hay: &[u8], b: u8) -> Option<usize> {
    let (near, far) = hay.split_at(hay.len().min(16));
    if let Some(at) = near.iter().position(|&x| x == b) {
        return Some(at);
    }
    if far.is_empty() { None } else { memchr::memchr(b, far).map(|at| at + 16) }
}

/// Matches `rest` as a subsequence of `hay` from `from` on, leftmost; returns where it ends.
pub(super) fn subsequence(hay: &[u8], mut from: usize, rest: &[u8]) -> Option<usize> {
    for &b in rest {
        from += find_byte(hay.get(from..)?, b)? + 1;
    }
    Some(from)
}

/// The first occurrence of `query` in `hay` at or after `from`, where its first `done` bytes
/// first occur (every occurrence of the query is one of that prefix).
fn occurrence(hay: &[u8], query: &[u8], done: usize, finder: &Finder<'_>, from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    // Mostly one letter more than last time: compared by hand, a call to memcmp costs more.
    let (known, more) = query.split_at(done);
    if rest.len() >= query.len() && rest[known.len()..].iter().zip(more).all(|(a, b)| a == b) {
        return Some(from);
    }
    let rest = rest.get(1..)?;
    if rest.len() < query.len() {
        return None;
    }
    finder.find(rest).map(|at| from + 1 + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_resumes_where_the_prefix_ended() {
        let hay = b"kuan dai wang luo";
        let end = subsequence(hay, 0, b"kd").unwrap();
        assert_eq!(end, 6);
        assert_eq!(subsequence(hay, end, b"w"), Some(10));
        assert_eq!(subsequence(hay, 0, b"kdwl"), Some(15));
        assert_eq!(subsequence(hay, end, b"k"), None);
        assert_eq!(subsequence(hay, hay.len(), b""), Some(hay.len()));
    }

    #[test]
    fn occurrence_finds_later_copies_of_the_prefix() {
        let hay = b"xin xi an xinxi anquan";
        let q = b"xinxi";
        let f = Finder::new(q);
        // "xin" first occurs at 0, but "xinxi" only at 10.
        assert_eq!(occurrence(hay, q, 3, &f, 0), Some(10));
        assert_eq!(occurrence(hay, q, 0, &f, 0), Some(10));
        assert_eq!(occurrence(hay, b"xin", 0, &Finder::new(b"xin"), 0), Some(0));
        assert_eq!(occurrence(hay, b"quan", 3, &Finder::new(b"quan"), 18), Some(18));
        assert_eq!(occurrence(hay, b"quanx", 4, &Finder::new(b"quanx"), 18), None);
    }
}
