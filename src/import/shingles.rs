//! Sampled shingles of a version's text, for grouping files by what they say.
//!
//! Chinese shingles are runs of four Han characters or digits (full-width digits folded), so
//! that line breaks, spaces, punctuation and bracket widths do not matter; English shingles are
//! runs of three words, case folded. One shingle in [`SAMPLE`] is kept, chosen by its hash, so
//! that two texts keep the same samples of what they share.
//!
//! Every paragraph of every file of a folder passes through here, so the text is read as bytes:
//! ASCII (the digits of Chinese, most of English) byte by byte, and only the rest decoded.

use std::ops::Range;

use crate::model::{Block, BlockKind};
use crate::text::swar::{alnum8, bytes8, continuation_bytes, gather_high_bits, in_range8, low_bits, three_byte_char};
use crate::text::{Lang, is_han};

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
///
/// The last four characters are kept packed in one 84-bit window (21 bits each), hashed by a
/// single multiplication: hashing them one by one took most of the time.
fn zh(s: &str, keep: impl Fn(u64) -> bool, push: &mut impl FnMut(u64)) {
    let mut window = 0u128;
    let mut n = 0usize;
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let c = if b < 0x80 {
            i += 1;
            if !b.is_ascii_digit() {
                continue;
            }
            u32::from(b)
        } else if let Some(c) = three_byte_char(bytes, i) {
            // Three bytes: all the Han characters but the rarest, and the full-width digits.
            i += 3;
            // U+4E00..U+9FFF, the unified ideographs, are most of Chinese: tested first.
            if c.wrapping_sub(0x4E00) < 0x5200 {
                c
            } else {
                match c {
                    0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x3007 => c,
                    0xFF10..=0xFF19 => c - 0xFEE0,
                    _ => continue,
                }
            }
        } else {
            let Some(c) = s[i..].chars().next() else { break };
            i += c.len_utf8();
            if !is_han(c) {
                continue;
            }
            c as u32
        };
        window = ((window << 21) | u128::from(c)) & ZH_WINDOW;
        n += 1;
        if n >= 4 {
            let h = fold(window);
            if keep(h) {
                push(h);
            }
        }
    }
}

/// Four characters of 21 bits.
const ZH_WINDOW: u128 = (1 << 84) - 1;
/// Three words' hashes of 32 bits.
const EN_WINDOW: u128 = (1 << 96) - 1;

/// A 64-bit hash of a window of characters or words: one 128-bit multiplication of its halves,
/// folded (as wyhash does).
fn fold(window: u128) -> u64 {
    let (lo, hi) = (window as u64 ^ 0xA076_1D64_78BD_642F, (window >> 64) as u64 ^ 0xE703_7ED1_A0B4_28DB);
    let m = u128::from(lo) * u128::from(hi);
    m as u64 ^ (m >> 64) as u64
}

/// Hashes every run of three words (runs of alphanumeric characters) of `s`, and pushes those
/// `keep` keeps.
///
/// A word boundary comes every six bytes or so, too often for a branch on each byte (or each
/// word's length) to be predicted: the text is read 64 bytes at a time into a mask of the bytes
/// that are in words, and the words are found from the mask's edges, which alternate between
/// starts and ends. Words of ASCII are hashed eight bytes at a time.
fn en(s: &str, keep: impl Fn(u64) -> bool, push: &mut impl FnMut(u64)) {
    let mut window = 0u128;
    let mut n = 0usize;
    let bytes = s.as_bytes();
    let mut word = |word: Range<usize>| {
        window = ((window << 32) | u128::from(word_hash(bytes, word))) & EN_WINDOW;
        n += 1;
        if n >= 3 {
            let hash = fold(window);
            if keep(hash) {
                push(hash);
            }
        }
    };
    // Where the word being read starts, if one is.
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (mask, len) = word_mask(s, i);
        // Bit k is set where byte i + k is in a word and byte i + k - 1 is not, or the other way.
        let mut edges = (mask ^ ((mask << 1) | u64::from(start.is_some()))) & low_bits(len);
        while edges != 0 {
            let k = edges.trailing_zeros() as usize;
            edges &= edges - 1;
            match start.take() {
                Some(from) => word(from..i + k),
                None => start = Some(i + k),
            }
        }
        i += len;
    }
    if let Some(from) = start {
        word(from..bytes.len());
    }
}

/// The bytes of `s` from `i` that belong to alphanumeric characters, as bits (byte `i + k` as
/// bit `k`), and how many bytes the mask covers: 64, or fewer at the end of `s` or where a
/// character would straddle the 64th byte. `i` must start a character.
fn word_mask(s: &str, i: usize) -> (u64, usize) {
    let bytes = s.as_bytes();
    let mut len = (bytes.len() - i).min(64);
    let mut padded = [0u8; 64];
    let block = match bytes.get(i..i + 64) {
        Some(block) => block,
        None => {
            padded[..len].copy_from_slice(&bytes[i..]);
            &padded
        }
    };
    let (mut mask, mut wide) = (0u64, 0u64);
    for (j, eight) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        mask |= gather_high_bits(alnum8(x)) << (8 * j);
        wide |= gather_high_bits(x) << (8 * j);
    }
    if wide == 0 {
        return (mask & low_bits(len), len);
    }
    // Each byte of a character beyond ASCII is in a word when the character is alphanumeric.
    let mut leads = wide & !continuation_bytes(block);
    while leads != 0 {
        let k = leads.trailing_zeros() as usize;
        leads &= leads - 1;
        let Some(c) = s.get(i + k..).and_then(|rest| rest.chars().next()) else { break };
        if k + c.len_utf8() > len {
            len = k;
            break;
        }
        if c.is_alphanumeric() {
            mask |= low_bits(c.len_utf8()) << k;
        }
    }
    (mask & low_bits(len), len)
}

/// The hash of the word `text[word]`: its bytes with ASCII letters lower-cased, read eight at a
/// time (straight from the text, which is read past the word's end and masked where it can be).
fn word_hash(text: &[u8], word: Range<usize>) -> u32 {
    let mut h = word.len() as u64;
    let mut at = word.start;
    while at < word.end {
        let len = (word.end - at).min(8);
        let x = match text.get(at..at + 8) {
            Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
            None => {
                let mut p = [0u8; 8];
                p[..len].copy_from_slice(&text[at..at + len]);
                u64::from_le_bytes(p)
            }
        };
        // The bytes past the word's end are masked off (a shift by 64 would overflow).
        let x = x & (u64::MAX >> (64 - 8 * len));
        // Upper-case ASCII letters gain the 0x20 bit.
        let upper = in_range8(x & bytes8(0x7F), b'A', b'Z') & !x;
        let x = x | (upper >> 2);
        h = (h.rotate_left(29) ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        at += 8;
    }
    (h >> 32) as u32
}

/// The hash of a run of characters or words, each given as up to `bits` bits, first first.
#[cfg(test)]
fn run_hash(run: &[u32], bits: u32) -> u64 {
    fold(run.iter().fold(0u128, |w, &x| (w << bits) | u128::from(x)))
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
                out.extend(kept.windows(4).map(|w| run_hash(w, 21)));
            }
            Lang::En => {
                let words: Vec<u32> = s
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| word_hash(w.to_ascii_lowercase().as_bytes(), 0..w.len()))
                    .collect();
                out.extend(words.windows(3).map(|w| run_hash(w, 32)));
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
        let mask = |s: &str, i: usize| word_mask(s, i).0;
        assert_eq!(mask("informatization, and", 0), low_bits(15) | low_bits(3) << 17);
        assert_eq!(mask("IPv6-capable", 0), low_bits(4) | low_bits(7) << 5);
        assert_eq!(mask("ab中 é,", 0), low_bits(5) | low_bits(2) << 6);
        assert_eq!(mask("@[`{/:09AZaz", 6), 0b11_1111);
        // A character across the 64th byte is left to the next mask.
        let text = format!("{}中文", "a".repeat(62));
        assert_eq!(word_mask(&text, 0), (low_bits(62), 62));
        assert_eq!(word_mask(&text, 62), (low_bits(6), 6));
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
        fn long_texts_hash_as_read_by_characters(s in "[a-zA-Z0-9 ,.\\-é中’“”\u{20000}ÅΩ𝟘]{60,300}") {
            prop_assert_eq!(by_bytes(&s, Lang::En), by_chars(&s, Lang::En));
        }

        #[test]
        fn high_bits_gather_in_order(x in any::<u64>()) {
            let by_byte = x.to_le_bytes().iter().enumerate().fold(0, |m, (j, b)| m | u64::from(b >> 7) << j);
            prop_assert_eq!(gather_high_bits(x), by_byte);
        }

        #[test]
        fn any_string_at_all(s in any::<String>()) {
            prop_assert_eq!(by_bytes(&s, Lang::Zh), by_chars(&s, Lang::Zh));
            prop_assert_eq!(by_bytes(&s, Lang::En), by_chars(&s, Lang::En));
        }
    }
}
