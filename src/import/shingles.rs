//! Sampled shingles of a version's text, for grouping files by what they say.
//!
//! Chinese shingles are runs of four Han characters or digits (full-width digits folded), so
//! that line breaks, spaces, punctuation and bracket widths do not matter; English shingles are
//! runs of three words, case folded. One shingle in [`SAMPLE`] is kept, chosen by its hash, so
//! that two texts keep the same samples of what they share.
//!
//! Every paragraph of every file of a folder passes through here, so the text is read as bytes:
//! ASCII (the digits of Chinese, most of English) byte by byte, and only the rest decoded.

use std::hash::Hasher;
use std::ops::Range;

use crate::model::{Block, BlockKind};
use crate::text::{Lang, bytes8, is_han, three_byte_char};

/// Keep one shingle in `SAMPLE` (by hash), at most `MAX_SAMPLES` per version.
pub const SAMPLE: u64 = 32;
/// At most this many samples per version (the lowest hashes).
pub const MAX_SAMPLES: usize = 1024;

/// The sampled shingle hashes of the paragraphs and headings of a version in `lang`, sorted,
/// without repeats.
pub fn sampled(blocks: &[Block], lang: Lang) -> Vec<u64> {
    let mut out = Vec::new();
    let mut push = |h: u64| out.push(mix(h));
    for b in blocks.iter().filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading)) {
        match lang {
            Lang::Zh => zh(&b.text, kept, &mut push),
            Lang::En => en(&b.text, kept, &mut push),
        }
    }
    out.sort_unstable();
    out.dedup();
    out.truncate(MAX_SAMPLES);
    out
}

/// Fx hashes of similar inputs differ mostly in high bits: mixed before sampling.
fn mix(h: u64) -> u64 {
    h ^ (h >> 29)
}

/// Is the shingle hashing to `h` one of the sample?
fn kept(h: u64) -> bool {
    mix(h).is_multiple_of(SAMPLE)
}

/// Hashes every run of four Han characters or digits of `s`, and pushes those `keep` keeps.
fn zh(s: &str, keep: impl Fn(u64) -> bool, push: &mut impl FnMut(u64)) {
    let mut w = [0u32; 4];
    let mut n = 0usize;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let c = match b {
            b'0'..=b'9' => {
                i += 1;
                u32::from(b)
            }
            0..0x80 => {
                i += 1;
                continue;
            }
            // U+5000..U+9FFF, all unified ideographs (most of Chinese): no range to check.
            0xE5..=0xE9 => {
                let Some(c) = three_byte_char(bytes, i) else { break };
                i += 3;
                c
            }
            // Three bytes: all the Han characters but the rarest, and the full-width digits.
            0xE0..0xF0 => {
                let Some(c) = three_byte_char(bytes, i) else { break };
                i += 3;
                match c {
                    c @ (0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3007) => c,
                    c @ 0xFF10..=0xFF19 => c - 0xFEE0,
                    _ => continue,
                }
            }
            _ => {
                let Some(c) = s[i..].chars().next() else { break };
                i += c.len_utf8();
                if !is_han(c) {
                    continue;
                }
                c as u32
            }
        };
        w = [w[1], w[2], w[3], c];
        n += 1;
        if n >= 4 {
            let h = fx_words(&w);
            if keep(h) {
                push(h);
            }
        }
    }
}

/// Hashes every run of three words (runs of alphanumeric characters) of `s`, and pushes those
/// `keep` keeps.
///
/// A word boundary comes every six bytes or so, too often for a branch on each byte to be
/// predicted: words of ASCII are measured eight bytes at a time, and hashed so.
fn en(s: &str, keep: impl Fn(u64) -> bool, push: &mut impl FnMut(u64)) {
    let mut w = [0u32; 3];
    let mut n = 0usize;
    let bytes = s.as_bytes();
    let mut word = |word: Range<usize>| {
        w = [w[1], w[2], word_hash(bytes, word)];
        n += 1;
        let hash = fx_words(&w);
        if n >= 3 && keep(hash) {
            push(hash);
        }
    };
    // Where the word being read starts, if one is.
    let mut start = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let run = alnum_run(bytes, i);
        if run > 0 {
            start.get_or_insert(i);
            i += run;
            continue;
        }
        let (alnum, len) = match b {
            0..0x80 => (false, 1),
            _ => s[i..].chars().next().map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        };
        if alnum {
            start.get_or_insert(i);
        } else if let Some(from) = start.take() {
            word(from..i);
        }
        i += len;
    }
    if let Some(from) = start {
        word(from..bytes.len());
    }
}

/// How many ASCII letters and digits there are in a row from `i`.
fn alnum_run(bytes: &[u8], i: usize) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes.get(i + n..i + n + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // The first byte that is not a letter or digit, in memory order (little-endian).
        let run = (!alnum8(x) & bytes8(0x80)).trailing_zeros() as usize / 8;
        n += run;
        if run < 8 {
            return n;
        }
    }
    n + bytes[i + n..].iter().take_while(|b| b.is_ascii_alphanumeric()).count()
}

/// The high bit of each of eight bytes set where the byte is an ASCII letter or digit.
fn alnum8(x: u64) -> u64 {
    // On the low seven bits of each byte, adding never carries into the next byte; a byte's
    // high bit then says whether it reached the bottom of a range, and whether it passed the top.
    let low = x & bytes8(0x7F);
    let lower = low | bytes8(0x20);
    let letter = lower.wrapping_add(bytes8(0x80 - b'a')) & !lower.wrapping_add(bytes8(0x80 - b'z' - 1));
    let digit = low.wrapping_add(bytes8(0x80 - b'0')) & !low.wrapping_add(bytes8(0x80 - b'9' - 1));
    (letter | digit) & !x & bytes8(0x80)
}

/// The hash of the word `text[word]`: its bytes with ASCII letters lower-cased, read eight at a
/// time (straight from the text, which is read past the word's end and masked where it can be).
fn word_hash(text: &[u8], word: Range<usize>) -> u32 {
    let mut h = word.len() as u64;
    for at in word.clone().step_by(8) {
        let len = (word.end - at).min(8);
        let x = match text.get(at..at + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
            None => {
                let mut p = [0u8; 8];
                p[..len].copy_from_slice(&text[at..at + len]);
                u64::from_le_bytes(p)
            }
        };
        let x = if len == 8 { x } else { x & ((1 << (8 * len)) - 1) };
        // Upper-case ASCII letters, found as in `alnum8`, gain the 0x20 bit.
        let low = x & bytes8(0x7F);
        let upper = low.wrapping_add(bytes8(0x80 - b'A')) & !low.wrapping_add(bytes8(0x80 - b'Z' - 1)) & !x;
        let x = x | ((upper & bytes8(0x80)) >> 2);
        h = (h.rotate_left(29) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    (h >> 32) as u32
}

fn fx_words(w: &[u32]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    for &x in w {
        h.write_u32(x);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold_width;
    use proptest::prelude::*;

    /// The shingles as first written, a character at a time: the byte-wise reading must hash
    /// exactly the same runs.
    fn by_chars(s: &str, lang: Lang) -> Vec<u64> {
        let mut out = Vec::new();
        match lang {
            Lang::Zh => {
                let kept: Vec<u32> =
                    s.chars().map(fold_width).filter(|&c| is_han(c) || c.is_ascii_digit()).map(|c| c as u32).collect();
                out.extend(kept.windows(4).map(fx_words));
            }
            Lang::En => {
                let words: Vec<u32> = s
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| word_hash(w.to_ascii_lowercase().as_bytes(), 0..w.len()))
                    .collect();
                out.extend(words.windows(3).map(fx_words));
            }
        }
        out
    }

    fn by_bytes(s: &str, lang: Lang) -> Vec<u64> {
        let mut out = Vec::new();
        match lang {
            Lang::Zh => zh(s, |_| true, &mut |h| out.push(h)),
            Lang::En => en(s, |_| true, &mut |h| out.push(h)),
        }
        out
    }

    #[test]
    fn shingles_of_the_shipped_files_are_those_read_by_characters() {
        for (name, bytes) in crate::import::embedded::files().iter().filter(|(n, _)| n.ends_with(".txt")) {
            let text = String::from_utf8_lossy(bytes);
            for lang in [Lang::Zh, Lang::En] {
                assert_eq!(by_bytes(&text, lang), by_chars(&text, lang), "{name} {lang:?}");
            }
        }
    }

    fn hash_of(word: &[u8]) -> u32 {
        word_hash(word, 0..word.len())
    }

    #[test]
    fn words_are_measured_and_hashed_eight_bytes_at_a_time() {
        // Read from a longer text or alone, a word hashes the same.
        let text = b"the informatization of everything";
        assert_eq!(word_hash(text, 4..19), hash_of(b"informatization"));
        assert_eq!(word_hash(text, 0..3), hash_of(b"the"));
        assert_eq!(word_hash(text, 23..33), hash_of(b"everything"));
        assert_eq!(alnum_run(b"informatization, and", 0), 15);
        assert_eq!(alnum_run(b"abc", 0), 3);
        assert_eq!(alnum_run(b"IPv6-capable", 0), 4);
        assert_eq!(alnum_run("ab中".as_bytes(), 0), 2);
        assert_eq!(alnum_run(b"@[`{/:09AZaz", 0), 0);
        assert_eq!(alnum_run(b"@[`{/:09AZaz", 6), 6);
        assert_eq!(hash_of(b"Informatization"), hash_of(b"informatization"));
        assert_ne!(hash_of(b"informatization"), hash_of(b"informatizatioN\0"));
        assert_ne!(hash_of(b"ab"), hash_of(b"ab\0"));
        // Only ASCII letters are folded, as `to_ascii_lowercase` does.
        assert_eq!(hash_of("éTé".as_bytes()), hash_of("été".as_bytes()));
        assert_ne!(hash_of("Été".as_bytes()), hash_of("été".as_bytes()));
    }

    #[test]
    fn widths_and_case_do_not_matter() {
        assert_eq!(by_bytes("２０２０年目标，信息化", Lang::Zh), by_bytes("2020年目标 信息化", Lang::Zh));
        assert_eq!(by_bytes("The Broadband China plan", Lang::En), by_bytes("the broadband-china PLAN", Lang::En));
        assert!(by_bytes("一二三", Lang::Zh).is_empty());
    }

    proptest! {
        #[test]
        fn any_text_hashes_as_read_by_characters(s in "[a-zA-Z0-9 ,.\\-é中文一二三四０１９（）　\u{3007}\u{20000}ÅΩ𝟘]{0,40}") {
            prop_assert_eq!(by_bytes(&s, Lang::Zh), by_chars(&s, Lang::Zh));
            prop_assert_eq!(by_bytes(&s, Lang::En), by_chars(&s, Lang::En));
        }

        #[test]
        fn any_string_at_all(s in any::<String>()) {
            prop_assert_eq!(by_bytes(&s, Lang::Zh), by_chars(&s, Lang::Zh));
            prop_assert_eq!(by_bytes(&s, Lang::En), by_chars(&s, Lang::En));
        }
    }
}
