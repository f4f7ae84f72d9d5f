//! The space-like and invisible characters of a line, found a chunk at a time.

use std::borrow::Cow;

/// `raw` with NBSPs, tabs and other space-like characters as spaces and zero-width characters,
/// soft hyphens and form feeds removed; borrowed when there are none (most lines).
pub(super) fn spaces_and_invisibles(raw: &str) -> Cow<'_, str> {
    let mut next = next_replaced(raw.as_bytes(), 0);
    if next.is_none() {
        return Cow::Borrowed(raw);
    }
    let mut text = String::with_capacity(raw.len());
    let mut copied = 0;
    while let Some(at) = next {
        let Some(c) = raw[at..].chars().next() else { break };
        let replacement = match c {
            '\u{a0}' | '\t' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => " ",
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' | '\x0c' => "",
            _ => &raw[at..at + c.len_utf8()],
        };
        text.push_str(&raw[copied..at]);
        text.push_str(replacement);
        copied = at + c.len_utf8();
        next = next_replaced(raw.as_bytes(), copied);
    }
    text.push_str(&raw[copied..]);
    Cow::Owned(text)
}

/// Where, from `from`, the next character that [`spaces_and_invisibles`] replaces starts.
///
/// Every line of every file is searched, Chinese as much as English: whole chunks are looked at
/// without stopping (which vectorises), and byte by byte only the chunk with one.
pub(super) fn next_replaced(bytes: &[u8], mut from: usize) -> Option<usize> {
    const CHUNK: usize = 32;
    while from < bytes.len() {
        // The last chunk of a line (all of a short one) is looked at padded with NULs.
        let mut padded = [0u8; CHUNK + 2];
        let window = match bytes.get(from..from + CHUNK + 2) {
            Some(window) => window,
            None => {
                padded[..bytes.len() - from].copy_from_slice(&bytes[from..]);
                &padded
            }
        };
        if (0..CHUNK).fold(false, |any, k| any | replaced_at(window[k], window[k + 1], window[k + 2])) {
            return (0..CHUNK).find(|&k| replaced_at(window[k], window[k + 1], window[k + 2])).map(|k| from + k);
        }
        from += CHUNK;
    }
    None
}

/// Do UTF-8 bytes `b0 b1 b2` start a character that [`spaces_and_invisibles`] replaces? Their
/// encodings: tab and form feed; C2 A0 and C2 AD; E2 80 82..=8D, E2 80 AF, E2 81 9F and
/// E2 81 A0; EF BB BF. Continuation bytes are never read as one of the first bytes.
#[inline]
fn replaced_at(b0: u8, b1: u8, b2: u8) -> bool {
    let c2 = (b0 == 0xC2) & ((b1 == 0xA0) | (b1 == 0xAD));
    let e280 = (b1 == 0x80) & (((0x82..=0x8D).contains(&b2)) | (b2 == 0xAF));
    let e281 = (b1 == 0x81) & ((b2 == 0x9F) | (b2 == 0xA0));
    let e2 = (b0 == 0xE2) & (e280 | e281);
    let ef = (b0 == 0xEF) & (b1 == 0xBB) & (b2 == 0xBF);
    (b0 == b'\t') | (b0 == 0x0C) | c2 | e2 | ef
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn spaces_and_invisibles_as_character_by_character(
            s in "[a-zA-Z ,.\t\x0c\u{a0}\u{ad}\u{2002}\u{200a}\u{200b}\u{200e}\u{202f}\u{205f}\u{2060}\u{feff}\u{2014}\u{ff0c}中文“”]{0,40}"
        ) {
            proptest::prop_assert_eq!(spaces_and_invisibles(&s), by_char(&s));
        }
    }

    /// The replacements as a map from characters, for the chunked search to agree with.
    fn by_char(s: &str) -> String {
        s.chars()
            .filter_map(|c| match c {
                '\u{a0}' | '\t' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => Some(' '),
                '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' | '\x0c' => None,
                c => Some(c),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn long_lines_as_character_by_character(
            s in "[a-z ,\t\x0c\u{a0}\u{ad}\u{a1}\u{2001}\u{2002}\u{200d}\u{200e}\u{202e}\u{202f}\u{2030}\u{205e}\u{205f}\u{2060}\u{2061}\u{feff}\u{fefe}\u{ff0c}中“”…]{0,150}"
        ) {
            proptest::prop_assert_eq!(spaces_and_invisibles(&s), by_char(&s));
        }

        #[test]
        fn any_line_as_character_by_character(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(spaces_and_invisibles(&s), by_char(&s));
        }
    }
}
