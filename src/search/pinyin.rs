//! Pinyin of Chinese text, for finding Chinese headings without a Chinese input method.
//!
//! Every reading of a character counts (行 is both xing and hang, 重 both zhong and chong):
//! the search key of a character with several readings is its readings one after another, so a
//! subsequence matcher finds the character by any of them. Each byte of a key remembers which
//! character of the original text it came from, for highlighting.

use pinyin::ToPinyinMulti;

/// The toneless readings of `c`, most common first (empty for non-Han characters).
pub fn readings(c: char) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let plain = p.plain();
            if !out.contains(&plain) {
                out.push(plain);
            }
        }
    }
    out
}

/// A search key made from text, with the text's character index behind each byte.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Key {
    /// The key: lower-case ASCII.
    pub text: String,
    /// For each byte of `text`, the index of the character of the source text it stands for.
    pub source: Vec<u16>,
}

impl Key {
    fn push(&mut self, s: &str, from: usize) {
        self.text.push_str(s);
        self.source.extend(std::iter::repeat_n(from.min(u16::MAX as usize) as u16, s.len()));
    }
}

/// Full pinyin (all readings of each character, no spaces) and initials (the first letter of
/// every reading) of `text`. Latin letters and digits in the text are kept as they are.
pub fn keys(text: &str) -> (Key, Key) {
    let mut full = Key::default();
    let mut initials = Key::default();
    for (i, c) in text.chars().enumerate() {
        let r = readings(c);
        if r.is_empty() {
            let c = crate::text::fold_width(c).to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                let s = c.to_string();
                full.push(&s, i);
                initials.push(&s, i);
            }
            continue;
        }
        for reading in &r {
            full.push(reading, i);
        }
        let mut firsts: Vec<char> = r.iter().filter_map(|s| s.chars().next()).collect();
        firsts.dedup();
        for f in firsts {
            initials.push(&f.to_string(), i);
        }
    }
    (full, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heteronyms_have_all_their_readings() {
        assert!(readings('行').contains(&"xing") && readings('行').contains(&"hang"));
        assert!(readings('重').contains(&"zhong") && readings('重').contains(&"chong"));
        assert_eq!(readings('宽'), vec!["kuan"]);
        assert!(readings('a').is_empty());
    }

    #[test]
    fn keys_of_a_heading() {
        let (full, initials) = keys("宽带中国");
        assert!(full.text.starts_with("kuandai"), "{}", full.text);
        assert!(full.text.contains("zhong") && full.text.contains("guo"));
        assert!(initials.text.starts_with("kdz"), "{}", initials.text);
        assert_eq!(full.source[0], 0);
        assert_eq!(*full.source.last().unwrap(), 3);
        let (full, _) = keys("3G网络");
        assert!(full.text.starts_with("3gwang"), "{}", full.text);
    }
}
