//! A bilingual lexicon of Chinese policy vocabulary (`lexicon.tsv`), used as evidence when
//! aligning Chinese with English: a Chinese paragraph about 国防 and 军队 is more likely to be
//! translated by the English paragraph that says "national defence" and "military" than by its
//! neighbour about "basic informatization work", whatever their lengths.
//!
//! Each block is reduced to the set of lexicon entries it mentions; the aligner compares sets,
//! weighting rare entries above common ones.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use crate::text::Lang;

/// The lexicon's source, embedded.
const SOURCE: &str = include_str!("lexicon.tsv");

/// The parsed lexicon.
pub struct Lexicon {
    /// Chinese terms by first character: (term, entry id), longest first.
    zh: HashMap<char, Vec<(String, u16)>>,
    /// English phrases keyed by the first three letters of their first stem: (stems, entry id).
    en: HashMap<String, Vec<(Vec<String>, u16)>>,
    /// Which characters start a Chinese term: most characters of a text start none, and this
    /// answers without hashing.
    zh_starts: Bitmap,
    /// Which first two bytes start an English key (see [`head`]), for the same reason.
    en_starts: Bitmap,
    /// Number of entries.
    pub len: usize,
}

/// The shared lexicon, parsed on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::parse(SOURCE));

impl Lexicon {
    /// Parses `term<TAB>stem|stem phrase|…` lines; `#` starts a comment.
    pub fn parse(source: &str) -> Lexicon {
        let mut zh: HashMap<char, Vec<(String, u16)>> = HashMap::default();
        let mut en: HashMap<String, Vec<(Vec<String>, u16)>> = HashMap::default();
        let mut id = 0u16;
        for line in source.lines().filter(|l| !l.starts_with('#') && l.contains('\t')) {
            let Some((term, stems)) = line.split_once('\t') else { continue };
            let Some(first) = term.chars().next() else { continue };
            zh.entry(first).or_default().push((term.to_owned(), id));
            for phrase in stems.split('|') {
                let phrase = phrase.to_lowercase();
                let words: Vec<String> = words(&phrase).map(str::to_owned).collect();
                if let Some(head) = words.first() {
                    en.entry(key(head).to_owned()).or_default().push((words.clone(), id));
                }
            }
            id += 1;
        }
        for list in zh.values_mut() {
            list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
        let mut zh_starts = Bitmap::default();
        zh.keys().for_each(|&c| zh_starts.insert(c as u32));
        let mut en_starts = Bitmap::default();
        en.keys().for_each(|k| en_starts.insert(head(k)));
        Lexicon { zh, en, zh_starts, en_starts, len: id as usize }
    }

    /// The sorted, deduplicated ids of the entries mentioned in `text`.
    pub fn entries(&self, text: &str, lang: Lang) -> Vec<u16> {
        let mut out = match lang {
            Lang::Zh => self.zh_entries(text),
            Lang::En => self.en_entries(text),
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    fn zh_entries(&self, text: &str) -> Vec<u16> {
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            if !self.zh_starts.contains(c as u32) {
                continue;
            }
            if let Some(list) = self.zh.get(&c) {
                out.extend(list.iter().filter(|(t, _)| text[i..].starts_with(t.as_str())).map(|(_, id)| *id));
            }
        }
        out
    }

    fn en_entries(&self, text: &str) -> Vec<u16> {
        // English policy text is ASCII but for quotes and dashes: lower-casing ASCII is enough.
        let lower = text.to_ascii_lowercase();
        let tokens: Vec<&str> = words(&lower).collect();
        let mut out = Vec::new();
        for (k, tok) in tokens.iter().enumerate() {
            let key = key(tok);
            if !self.en_starts.contains(head(key)) {
                continue;
            }
            let Some(list) = self.en.get(key) else { continue };
            for (stems, id) in list {
                let fits = stems
                    .iter()
                    .enumerate()
                    .all(|(s, stem)| tokens.get(k + s).is_some_and(|t| t.starts_with(stem.as_str())));
                if fits {
                    out.push(*id);
                }
            }
        }
        out
    }
}

/// The look-up key of a word or stem: its first three characters.
fn key(word: &str) -> &str {
    let end = word.char_indices().nth(3).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// The first two bytes of a key, as one number for [`Bitmap`] (a one-byte key pads with 0).
fn head(key: &str) -> u32 {
    let b = key.as_bytes();
    (u32::from(b.first().copied().unwrap_or(0)) << 8) | u32::from(b.get(1).copied().unwrap_or(0))
}

/// A set of numbers below 2^16, one bit each. Larger numbers always count as present, so the
/// set only ever lets through what the hash look-up after it then refuses; it never hides an entry.
struct Bitmap(Box<[u64; 1024]>);

impl Default for Bitmap {
    fn default() -> Bitmap {
        Bitmap(Box::new([0; 1024]))
    }
}

impl Bitmap {
    fn insert(&mut self, n: u32) {
        if let Some(w) = self.0.get_mut((n / 64) as usize) {
            *w |= 1 << (n % 64);
        }
    }

    fn contains(&self, n: u32) -> bool {
        self.0.get((n / 64) as usize).is_none_or(|w| w & (1 << (n % 64)) != 0)
    }
}

/// Words (of already lower-cased text), keeping the hyphens, ampersands and apostrophes inside.
fn words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '&' | '\'' | '’')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '-' | '\'' | '’')))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexicon_parses() {
        assert!(LEXICON.len > 300, "{}", LEXICON.len);
    }

    #[test]
    fn finds_entries_in_both_languages() {
        let zh = LEXICON.entries("——国防和军队信息化建设全面展开。组织实施了一批军事信息系统重点工程", Lang::Zh);
        let en = LEXICON.entries(
            "National defence and military informatization construction has been launched comprehensively",
            Lang::En,
        );
        let other = LEXICON
            .entries("Basic informatization work has further improved. The construction of a legal system", Lang::En);
        let common = |a: &[u16], b: &[u16]| a.iter().filter(|x| b.contains(x)).count();
        assert!(common(&zh, &en) >= 3, "{zh:?} {en:?}");
        assert!(common(&zh, &other) < common(&zh, &en));
    }

    #[test]
    fn stems_match_word_starts_and_phrases_consecutive_words() {
        let lx = Lexicon::parse("宣传\tpropagand\n一带一路\tone belt, one road\n信息化\tinformatiz\n");
        assert_eq!(lx.entries("Strengthen foreign propaganda on the Internet", Lang::En), vec![0]);
        assert_eq!(lx.entries("the “One Belt, One Road” initiative", Lang::En), vec![1]);
        assert!(lx.entries("information security", Lang::En).is_empty(), "informatiz does not match information");
        assert_eq!(lx.entries("推进信息化", Lang::Zh), vec![2]);
    }
}
