//! Turning a file's bytes into text without being told the encoding.
//!
//! Users bring files saved by browsers, Word and Chinese government sites: UTF-8 with or
//! without a BOM, GB18030/GBK, UTF-16 in either byte order. We detect those and refuse
//! everything else (binary data, Latin-1, UTF-32) with a reason, rather than showing garbage.

use std::borrow::Cow;

use crate::text::is_han;

/// The encodings the importer recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
}

impl Encoding {
    /// Human name, as shown in `list` and error messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }

    /// The encoding [`Encoding::name`] calls `name`.
    pub fn named(name: &str) -> Option<Encoding> {
        [Encoding::Utf8, Encoding::Gb18030, Encoding::Utf16Le, Encoding::Utf16Be].into_iter().find(|e| e.name() == name)
    }
}

/// Why a file's bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file has no bytes, or only whitespace.
    #[error("the file is empty")]
    Empty,
    /// NUL bytes or control characters that no text file has.
    #[error("this looks like binary data, not text (byte {byte:#04x} at offset {offset})")]
    Binary {
        /// Offset of the first offending byte.
        offset: usize,
        /// The byte itself.
        byte: u8,
    },
    /// A UTF-32 byte-order mark.
    #[error("the file is UTF-32, which is not supported; save it as UTF-8")]
    Utf32,
    /// Not valid in any supported encoding.
    #[error(
        "the text is not valid UTF-8 (first bad byte at {offset:#x}) and does not look like GB18030/GBK or UTF-16 either; \
         save it as UTF-8"
    )]
    Unknown {
        /// Offset of the first byte that is not valid UTF-8.
        offset: usize,
    },
}

/// Decodes `bytes`, returning the text (without BOM, line endings normalised to `\n`) and the
/// encoding that was detected. Bytes passed owned become the text without a copy when they are
/// UTF-8 already.
pub fn decode(bytes: Cow<'_, [u8]>) -> Result<(String, Encoding), DecodeError> {
    let (text, enc) = decode_raw(bytes)?;
    let text = normalise_newlines(text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    check_controls(&text)?;
    Ok((text, enc))
}

fn decode_raw(bytes: Cow<'_, [u8]>) -> Result<(String, Encoding), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(DecodeError::Utf32);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_owned(), Encoding::Utf8))
            .map_err(|e| DecodeError::Unknown { offset: 3 + e.valid_up_to() });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((utf16(rest, Encoding::Utf16Le), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((utf16(rest, Encoding::Utf16Be), Encoding::Utf16Be));
    }
    let bytes = match utf8(bytes) {
        Ok(text) => {
            // Valid UTF-8 can still be UTF-16 of pure ASCII (NUL every other byte).
            if let Some(enc) = sniff_utf16(text.as_bytes()) {
                return Ok((utf16(text.as_bytes(), enc), enc));
            }
            return Ok((text, Encoding::Utf8));
        }
        Err(not) => not,
    };
    if let Some(enc) = sniff_utf16(&bytes.bytes) {
        return Ok((utf16(&bytes.bytes, enc), enc));
    }
    if let Some(text) = gb18030(&bytes.bytes) {
        return Ok((text, Encoding::Gb18030));
    }
    if let Some(offset) = bytes.bytes.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset, byte: 0 });
    }
    Err(DecodeError::Unknown { offset: bytes.valid_up_to })
}

/// Bytes that are not UTF-8, and how far they are.
struct NotUtf8<'a> {
    bytes: Cow<'a, [u8]>,
    valid_up_to: usize,
}

/// `bytes` as a string, if they are UTF-8: without a copy when they are owned.
fn utf8(bytes: Cow<'_, [u8]>) -> Result<String, NotUtf8<'_>> {
    // encoding_rs validates with SIMD where the processor has it, several times faster than the
    // standard library on Chinese text; every byte of every file passes through here.
    let valid_up_to = encoding_rs::Encoding::utf8_valid_up_to(&bytes);
    if valid_up_to < bytes.len() {
        return Err(NotUtf8 { bytes, valid_up_to });
    }
    match bytes {
        // SAFETY: `utf8_valid_up_to` found every byte of `v` to be part of valid UTF-8.
        Cow::Owned(v) => Ok(unsafe { String::from_utf8_unchecked(v) }),
        Cow::Borrowed(b) => {
            // SAFETY: as above, for `b`.
            Ok(unsafe { std::str::from_utf8_unchecked(b) }.to_owned())
        }
    }
}

/// UTF-16 text (a last odd byte ignored), unpaired surrogates replaced.
fn utf16(bytes: &[u8], enc: Encoding) -> String {
    let whole = &bytes[..bytes.len() & !1];
    let codec = if enc == Encoding::Utf16Be { encoding_rs::UTF_16BE } else { encoding_rs::UTF_16LE };
    codec.decode_without_bom_handling(whole).0.into_owned()
}

/// UTF-16 without a BOM: either ASCII-heavy text (a NUL in every other byte) or Chinese text
/// whose code units are overwhelmingly Han characters, ASCII and CJK punctuation.
fn sniff_utf16(bytes: &[u8]) -> Option<Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let pairs = sample.len() / 2;
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if zeros_odd * 10 >= pairs * 3 && zeros_even * 20 < pairs {
        return Some(Encoding::Utf16Le);
    }
    if zeros_even * 10 >= pairs * 3 && zeros_odd * 20 < pairs {
        return Some(Encoding::Utf16Be);
    }
    // Chinese UTF-16 has few NULs; judge by how plausible each reading's characters are. A
    // plausible reading has newlines, which UTF-8 and GB18030 text read as UTF-16 never has.
    [Encoding::Utf16Le, Encoding::Utf16Be].into_iter().find(|&enc| {
        // Looking for the newline first spares decoding the sample of nearly every file.
        let newline = if enc == Encoding::Utf16Le { [b'\n', 0] } else { [0, b'\n'] };
        if !sample.chunks_exact(2).any(|unit| unit == newline) {
            return false;
        }
        let text = utf16(sample, enc);
        let total = text.chars().count().max(1);
        let good = text.chars().filter(|&c| plausible_char(c)).count();
        text.contains('\n') && good * 100 >= total * 97
    })
}

fn plausible_char(c: char) -> bool {
    is_han(c)
        || c.is_ascii_graphic()
        || matches!(c, ' ' | '\n' | '\r' | '\t')
        || crate::text::is_cjk_punct(c)
        || matches!(c as u32, 0x2010..=0x206F)
}

/// The text of `bytes` read as GB18030, if it reads as Chinese.
///
/// GB18030 decodes most byte soups without error, so also ask that the result read like
/// Chinese: its multibyte characters are Han or CJK punctuation, and they come in runs (a
/// Latin-1 or Windows-1252 file read as GBK gives isolated Han characters inside ASCII words).
/// Short files must instead use common characters (GB2312 rows 0xB0–0xF7, punctuation 0xA1–0xA9).
fn gb18030(bytes: &[u8]) -> Option<String> {
    let (pairs, common) = gb_pairs(bytes);
    let common_enough = common * 10 >= pairs * 8;
    if pairs == 0 || (!common_enough && pairs < 64) {
        return None;
    }
    let (text, _, errors) = encoding_rs::GB18030.decode(bytes);
    if errors || !(common_enough || reads_as_chinese(&text)) {
        return None;
    }
    Some(text.into_owned())
}

/// How many two- or four-byte GB18030 sequences `bytes` seem to have, and how many of the
/// two-byte ones are common characters.
fn gb_pairs(bytes: &[u8]) -> (usize, usize) {
    let (mut pairs, mut common) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let t = bytes[i + 1];
        pairs += 1;
        if (0x30..=0x39).contains(&t) {
            i += 4;
            continue;
        }
        if (0xB0..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&t) || (0xA1..=0xA9).contains(&b) && t >= 0xA1 {
            common += 1;
        }
        i += 2;
    }
    (pairs, common)
}

/// Are nearly all the non-ASCII characters of `text` Chinese, and most of them in runs?
fn reads_as_chinese(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let wide = |c: char| is_han(c) || crate::text::is_cjk_punct(c) || matches!(c as u32, 0x2010..=0x206F);
    let multibyte: Vec<usize> = (0..chars.len()).filter(|&k| !chars[k].is_ascii()).collect();
    let chinese = multibyte.iter().filter(|&&k| wide(chars[k])).count();
    let in_runs = multibyte
        .iter()
        .filter(|&&k| (k > 0 && !chars[k - 1].is_ascii()) || chars.get(k + 1).is_some_and(|c| !c.is_ascii()))
        .count();
    chinese * 100 >= multibyte.len() * 97 && in_runs * 10 >= multibyte.len() * 6
}

fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Text files have tabs, newlines and form feeds; other C0 controls or NUL mean binary data.
fn check_controls(text: &str) -> Result<(), DecodeError> {
    // Control characters are ASCII, and ASCII bytes in UTF-8 are always whole characters: scan bytes.
    let is_bad = |b: u8| (b < b' ' && !matches!(b, b'\n' | b'\t' | b'\x0c')) || b == 0x7f;
    // Nearly every text has none: look at whole chunks without stopping (which vectorises), and
    // byte by byte only from the first chunk with one.
    const CHUNK: usize = 64;
    let Some(first) = text.as_bytes().chunks(CHUNK).position(|c| c.iter().fold(false, |any, &b| any | is_bad(b)))
    else {
        return Ok(());
    };
    let from = first * CHUNK;
    let bad = text.as_bytes()[from..]
        .iter()
        .enumerate()
        .filter(|&(_, &b)| is_bad(b))
        .map(|(i, &b)| (from + i, b))
        .take(8)
        .collect::<Vec<_>>();
    match bad.first() {
        Some(&(offset, byte)) if bad.len() >= 4 || byte == 0 => Err(DecodeError::Binary { offset, byte }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
