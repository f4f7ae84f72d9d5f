//! What the searcher prepares for the next keystroke: as a first letter is searched (its keys
//! were just read), and between keystrokes for later ones.
//!
//! A second or third letter typed over half a million headings leaves most of them to look at,
//! and reading each one's keys is most of what such a keystroke costs. Between keystrokes there
//! is time (a typist leaves a hundred milliseconds and more): the searcher reads the keys of each
//! candidate once and keeps, per key, a few bits that decide any next letter without reading the
//! keys again — the letters after the query's match, and the letters after each contiguous
//! occurrence of it. A letter decided that way is known to follow the match, but not where: the
//! candidate's `Seen::lag` says so, and the next reading of its keys (another preparation, or a
//! keystroke without one) finds where.

use super::pass::{Pass, Seen, contiguous_score, starts_word, subsequence};
use super::query::Query;
use super::{EN, INITIALS, Index, PINYIN};

/// What decides, for one candidate, whether a letter typed next keeps it, and its rough score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Prep {
    /// Per key, the letters after the query's leftmost match as a subsequence (see [`letters`]).
    after_match: [u32; 3],
    /// Per key, the letters that follow an occurrence of the query, from its first on.
    followers: [u32; 3],
    /// Per key, the byte that follows the first occurrence (0 at the key's end).
    next: [u8; 3],
    /// Bit `k`: the first occurrence in key `k` starts a word.
    word_start: u8,
}

impl Pass<'_> {
    /// Reads the keys of one candidate of this pass's query (found by the last search: the pass
    /// is made for it, with nothing done) and prepares it for the next letter; finds where its
    /// match ends, if that was left to do.
    pub(super) fn prepare(&self, index: &Index, seen: &mut Seen) -> Prep {
        let mut p = Prep::default();
        let h = &index.hot[seen.entry as usize];
        for key in [EN, PINYIN, INITIALS] {
            if seen.found & (1 << key) == 0 {
                continue;
            }
            let (query, _) = self.query(key);
            let hay = index.key_bytes(h, key);
            let lag = usize::from(seen.lag);
            if lag > 0
                && let Some(end) = subsequence(hay, seen.end[key] as usize, &query[query.len() - lag..])
            {
                seen.end[key] = end as u16;
            }
            let (end, at) = (seen.end[key] as usize, seen.at[key] as usize);
            let contiguous = seen.found & (1 << (key + 3)) != 0;
            // A first letter (the most candidates, prepared as the letter is searched): its match
            // ends just after its first occurrence, and one pass from there finds both the
            // letters after the match and those after each occurrence.
            let first_letter = match query {
                &[b] if contiguous && end == at + 1 => Some(after_first(hay.get(at..).unwrap_or_default(), b)),
                _ => None,
            };
            p.after_match[key] = match first_letter {
                Some((after_match, _)) => after_match,
                None => letters(hay.get(end..).unwrap_or_default()),
            };
            if !contiguous {
                continue;
            }
            p.next[key] = hay.get(at + query.len()).copied().unwrap_or(0);
            if starts_word(hay, at) {
                p.word_start |= 1 << key;
            }
            p.followers[key] = match first_letter {
                Some((_, followers)) => followers,
                None => {
                    let from = hay.get(at..).unwrap_or_default();
                    let after = |o: usize| from.get(o + query.len()).map_or(0, |&b| LETTER_BITS[usize::from(b)]);
                    self.finder(key).find_iter(from).fold(0, |m, o| m | after(o))
                }
            };
        }
        seen.lag = 0;
        p
    }

    /// What [`Pass::run`] makes of a candidate prepared for the previous query, the query
    /// having grown by the letter `c`: decided from `p`, without reading the keys but where the
    /// first occurrence of the query is followed by another byte and a later one by `c`.
    pub(super) fn run_prepared(&self, index: &Index, seen: Seen, p: &Prep, c: u8) -> Option<(Seen, i32)> {
        let bit = letters(&[c]);
        let mut next = Seen { found: 0, lag: 1, ..seen };
        // Whether each key matches and how is mostly a toss-up from one candidate to the next:
        // worked out without branches, but for the rare occurrence looked for in the key.
        let mut best = 0;
        for (key, weight) in [(EN, 1), (PINYIN, 1), (INITIALS, 2)] {
            let matched = seen.found & (1 << key) != 0 && p.after_match[key] & bit != 0;
            let was_contiguous = matched & (seen.found & (1 << (key + 3)) != 0);
            let goes_on = was_contiguous & (p.next[key] == c);
            let mut score = if goes_on { contiguous_score(seen.at[key], p.word_start & (1 << key) != 0) } else { 1 };
            next.found |= (u8::from(matched) << key) | (u8::from(goes_on) << (key + 3));
            if was_contiguous && !goes_on && p.followers[key] & bit != 0 {
                let hay = index.key_bytes(&index.hot[seen.entry as usize], key);
                if let Some((at, s)) = self.contiguous(hay, key, seen.at[key]) {
                    next.found |= 1 << (key + 3);
                    next.at[key] = at;
                    score = s;
                }
            }
            best = best.max(i32::from(matched) * score * weight);
        }
        (best > 0).then_some((next, best))
    }
}

/// The letters a–z among `bytes`, as bits (a the lowest); only a letter is ever added by a
/// prepared keystroke.
fn letters(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |m, &b| m | LETTER_BITS[usize::from(b)])
}

/// The letters a–z among `hay[1..]`, and those that follow byte `b` anywhere in `hay`, as bits
/// (see [`letters`]). Keys are short: one pass over their bytes, without a branch, beats
/// finding each `b` in turn.
fn after_first(hay: &[u8], b: u8) -> (u32, u32) {
    hay.windows(2).fold((0, 0), |(all, after_b), w| {
        let l = LETTER_BITS[usize::from(w[1])];
        (all | l, after_b | l & 0u32.wrapping_sub(u32::from(w[0] == b)))
    })
}

/// The bit of each letter a–z (a the lowest); none for any other byte.
static LETTER_BITS: [u32; 256] = {
    let mut t = [0; 256];
    let mut c = b'a';
    while c <= b'z' {
        t[c as usize] = 1 << (c - b'a');
        c += 1;
    }
    t
};

/// The letter `q` adds to `previous`, if it adds just that (to its text and its squeezed text
/// alike): what a prepared candidate can be decided for.
pub(super) fn added_letter(previous: &Query, q: &Query) -> Option<u8> {
    let &c = q.text.as_bytes().last()?;
    (c.is_ascii_lowercase()
        && !q.has_han
        && q.number.is_none()
        && q.text.len() == previous.text.len() + 1
        && q.squeezed.len() == previous.squeezed.len() + 1
        && q.text.starts_with(&previous.text))
    .then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn after_first_is_the_letters_after_the_first_byte_and_after_each_occurrence(
            hay in "[a-ez .1]{0,40}",
            b in b'a'..=b'e',
        ) {
            let hay = hay.as_bytes();
            let after_each = memchr::memchr_iter(b, hay).fold(0, |m, o| m | letters(hay.get(o + 1..o + 2).unwrap_or_default()));
            let all = letters(hay.get(1..).unwrap_or_default());
            proptest::prop_assert_eq!(after_first(hay, b), (all, after_each));
        }
    }
}
