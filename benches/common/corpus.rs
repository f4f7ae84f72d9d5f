//! Synthetic corpora made from the shipped documents, for benchmarks and scale tests.
//!
//! Copy `k` of each shipped file has its Han characters and lower-case Latin letters rotated by
//! a key derived from `k`, so copies are distinct documents (they do not all group into one)
//! while keeping the structure that costs time: lengths, line breaks, section markers, numbers,
//! dates, footers and blog furniture (lines the cleaner recognises are left as they are). The
//! files of one copy share the key, so the PDF and the web page of copy `k` still group.

use duizhao::import::clean::{single_line_reason, starts_comments};
use duizhao::import::embedded;

/// Characters that carry structure in Chinese text and must not be rotated.
const KEEP: &str = "〇零一二三四五六七八九十百千两第章节条部分年月日号万亿元";

fn rotate(text: &str, key: u32) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if single_line_reason(trimmed).is_some() || starts_comments(trimmed) {
            out.push_str(line);
            continue;
        }
        let mut pos = 0u32;
        for c in line.chars() {
            let r = match c {
                '\u{4E00}'..='\u{9FFF}' if !KEEP.contains(c) => {
                    let mut n = 0x4E00 + (c as u32 - 0x4E00 + key * 37) % 0x5200;
                    while char::from_u32(n).is_none_or(|x| KEEP.contains(x)) {
                        n = 0x4E00 + (n - 0x4E00 + 1) % 0x5200;
                    }
                    char::from_u32(n).unwrap_or(c)
                }
                'a'..='z' => {
                    // A per-copy Vigenère key: letter i of each word shifts by digit i of `key`
                    // in base 26, so no two copies share their English.
                    let shift = (key / 26u32.pow(pos % 4)) % 26 + 1;
                    pos += 1;
                    char::from_u32('a' as u32 + (c as u32 - 'a' as u32 + shift) % 26).unwrap_or(c)
                }
                _ => {
                    pos = 0;
                    c
                }
            };
            out.push(r);
        }
    }
    out
}

/// Copies of the shipped files until `target_bytes` is reached: (file name, bytes). Every
/// `encode_every`-th copy is stored in GB18030 (Chinese-only files) or UTF-16LE, as users' files are.
pub fn corpus(target_bytes: usize, encode_every: usize) -> Vec<(String, Vec<u8>)> {
    let files: Vec<(&str, String)> = embedded::files()
        .iter()
        .filter(|(n, _)| n.ends_with(".txt"))
        .map(|(n, b)| (*n, String::from_utf8_lossy(b).into_owned()))
        .collect();
    let mut out = Vec::new();
    let mut total = 0;
    let mut k = 0u32;
    while total < target_bytes {
        k += 1;
        for (name, text) in &files {
            let text = if k == 1 { text.clone() } else { rotate(text, k) };
            let bytes = match (encode_every > 0 && (k as usize).is_multiple_of(encode_every), name.contains(".zh")) {
                (true, true) => encoding_rs::GB18030.encode(&text).0.into_owned(),
                (true, false) => {
                    [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
                }
                _ => text.into_bytes(),
            };
            total += bytes.len();
            out.push((format!("{k:05}-{name}"), bytes));
        }
    }
    out
}
