//! Text read as bytes, eight at a time where it can be (SWAR: each byte of a `u64` a lane): the
//! importer reads every byte of every file, and most of them are ASCII or three-byte Chinese.

/// The character encoded in three bytes at `i` of UTF-8 `bytes` (all the Han characters but the
/// rarest, CJK and full-width punctuation), decoded by hand: `None` for any other length.
#[inline]
pub(crate) fn three_byte_char(bytes: &[u8], i: usize) -> Option<u32> {
    match bytes.get(i..i + 3)? {
        &[b, b1, b2] if (0xE0..0xF0).contains(&b) => {
            Some((u32::from(b & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F))
        }
        _ => None,
    }
}

/// A byte repeated eight times.
pub(crate) const fn bytes8(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The eight bytes from `i` as a little-endian word, if there are eight and none of them is
/// below `floor` or outside ASCII.
#[inline]
fn ascii8_from(bytes: &[u8], i: usize, floor: u8) -> Option<u64> {
    let x = u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?);
    // With no high bit set, the subtraction borrows out of a byte only where it is below floor.
    let below = x.wrapping_sub(bytes8(floor)) & !x;
    ((x | below) & bytes8(0x80) == 0).then_some(x)
}

/// The eight bytes from `i`, if there are eight and all are printable ASCII.
#[inline]
pub(super) fn printable8(bytes: &[u8], i: usize) -> Option<u64> {
    let x = ascii8_from(bytes, i, 0x20)?;
    // DEL (0x7F) is the one printable-looking byte above the space that is not printable.
    let del = x ^ bytes8(0x7F);
    (del.wrapping_sub(bytes8(1)) & !del & bytes8(0x80) == 0).then_some(x)
}

/// The high bit of each of the eight bytes of `x` set where the byte is in `lo..=hi`; every
/// byte of `x` must be below 0x80.
#[inline]
pub(crate) fn in_range8(x: u64, lo: u8, hi: u8) -> u64 {
    // A byte below 0x80 plus at most 0x80 never carries into the next one; its high bit then
    // says whether it reached `lo`, and whether it passed `hi`.
    let from_lo = x.wrapping_add(bytes8(0x80 - lo));
    let past_hi = x.wrapping_add(bytes8(0x80 - hi - 1));
    from_lo & !past_hi & bytes8(0x80)
}

/// How many of eight printable ASCII bytes are letters.
#[inline]
pub(super) fn letters8(x: u64) -> u32 {
    // Setting 0x20 lowercases letters and sends no other printable byte into a..z.
    count_high_bits(in_range8(x | bytes8(0x20), b'a', b'z'))
}

/// The high bit of each of eight bytes set where the byte is an ASCII letter or digit.
#[inline]
pub(crate) fn alnum8(x: u64) -> u64 {
    let low = x & bytes8(0x7F);
    (in_range8(low | bytes8(0x20), b'a', b'z') | in_range8(low, b'0', b'9')) & !x
}

/// The high bits of the eight bytes of `x`, as the eight bits of a byte (the first byte's lowest).
#[inline]
pub(crate) fn gather_high_bits(x: u64) -> u64 {
    // With one bit at the bottom of each byte, each lands, alone, at its place in the top byte.
    (((x >> 7) & bytes8(1)).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// The bytes of `block` that continue a UTF-8 sequence (0x80..=0xBF), as bits (byte `k` as bit
/// `k`), eight bytes at a time (a trailing part under eight is left out).
pub(crate) fn continuation_bytes(block: &[u8]) -> u64 {
    let mut bits = 0u64;
    for (j, eight) in block.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        // 10xxxxxx: the high bit set and the next one clear.
        bits |= gather_high_bits(x & !(x << 1)) << (8 * j);
    }
    bits
}

/// The `n` lowest bits set (`n` at most 64).
#[inline]
pub(crate) fn low_bits(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1u64 << n) - 1 }
}

/// How many of the eight bytes of `m` have their high bit set (the other bits ignored).
#[inline]
fn count_high_bits(m: u64) -> u32 {
    // Without a popcount instruction in the baseline x86-64 target, `count_ones` takes a dozen
    // instructions; with at most one bit a byte, one multiplication adds the bytes up.
    (((m >> 7) & bytes8(1)).wrapping_mul(bytes8(1)) >> 56) as u32
}

/// Whether `s` has more than `n` words, as [`str::split_whitespace`] splits them, counted no
/// further than needed. Asked of every English paragraph: eight ASCII bytes are judged at a
/// time, and of the rest only the characters whose first byte could start a non-ASCII space
/// are decoded.
pub fn more_words_than(s: &str, n: usize) -> bool {
    let bytes = s.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while let Some(&b) = bytes.get(i) {
        if let Some(x) = ascii8_from(bytes, i, 0) {
            let space = spaces8(x);
            // A word starts at each byte that is not a space and follows one.
            let follows_space = (space << 8) | (u64::from(!in_word) << 7);
            words += count_high_bits(!space & follows_space) as usize;
            in_word = space >> 63 == 0;
            i += 8;
        } else {
            let (space, len) = match b {
                b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => (true, 1),
                // U+0085, U+00A0, U+1680, U+2000..U+205F and U+3000 start with these.
                0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                    s[i..].chars().next().map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
                }
                // Any other byte is, or is inside, a character that is not a space.
                _ => (false, 1),
            };
            words += usize::from(!space && !in_word);
            in_word = !space;
            i += len;
        }
        if words > n {
            return true;
        }
    }
    false
}

/// The high bit of each of eight ASCII bytes set where the byte is white space (a space, or a
/// control from tab to carriage return).
#[inline]
fn spaces8(x: u64) -> u64 {
    // No byte has its high bit set, so no sum below carries into the next byte.
    let not_space = ((x ^ bytes8(b' ')) & bytes8(0x7F)).wrapping_add(bytes8(0x7F));
    (!not_space & bytes8(0x80)) | in_range8(x, b'\t', b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_counts_them(
            s in "[a-z,. \t\n\r\x0b\x0c\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{200b}\u{2028}\u{205f}\u{3000}中é]{0,40}",
            n in 0usize..12,
        ) {
            proptest::prop_assert_eq!(more_words_than(&s, n), s.split_whitespace().nth(n).is_some());
        }

        #[test]
        fn long_texts_count_words_as_split_whitespace_does(
            s in "[a-z,. \t\n\r\x0b\x0c\x0e\x08\x1f!\u{a0}\u{2003}\u{3000}中“]{0,200}",
            n in 0usize..60,
        ) {
            proptest::prop_assert_eq!(more_words_than(&s, n), s.split_whitespace().nth(n).is_some());
        }

        #[test]
        fn words_of_any_string(s in proptest::prelude::any::<String>(), n in 0usize..6) {
            proptest::prop_assert_eq!(more_words_than(&s, n), s.split_whitespace().nth(n).is_some());
        }
    }

    proptest::proptest! {
        #[test]
        fn high_bits_are_counted(m in proptest::prelude::any::<u64>()) {
            proptest::prop_assert_eq!(count_high_bits(m), (m & bytes8(0x80)).count_ones());
        }

        #[test]
        fn bytes_in_a_range_are_found(bytes in proptest::prelude::any::<[u8; 8]>(), lo in 0u8..0x80, hi in 0u8..0x80) {
            let x = u64::from_le_bytes(bytes.map(|b| b & 0x7F));
            let want = x.to_le_bytes().iter().enumerate()
                .filter(|(_, b)| (lo..=hi).contains(*b))
                .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k));
            proptest::prop_assert_eq!(in_range8(x, lo, hi), want);
        }
    }

    #[test]
    fn eight_bytes_at_a_time() {
        assert_eq!(printable8(b"Hello, w", 0), Some(u64::from_le_bytes(*b"Hello, w")));
        assert_eq!(printable8(b"Hello,\tw", 0), None);
        assert_eq!(printable8(b"Hello,\x7fw", 0), None);
        assert_eq!(printable8("Hello,中".as_bytes(), 0), None);
        assert_eq!(printable8(b"Hello", 0), None);
        assert_eq!(ascii8_from(b"a\tb\x0cc de", 0, 0x20), None);
        assert!(ascii8_from(b"a\tb\x0cc de", 0, 0x09).is_some());
        for s in [*b"AZaz@[`{", *b"01234567", *b"~ ^_-.Mm"] {
            let x = u64::from_le_bytes(s);
            assert_eq!(letters8(x) as usize, s.iter().filter(|b| b.is_ascii_alphabetic()).count(), "{s:?}");
        }
    }
}
