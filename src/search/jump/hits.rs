//! The results of a search, compact: a jump over half a million headings can match most of
//! them, and only the few on screen need more than their entry number.

/// Search results, best first: entry indices, and the matched characters of the first few.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    entries: Vec<u32>,
    /// For the first `marks.len()` hits: matched characters of the Chinese and English titles.
    marks: Vec<(Vec<u16>, Vec<u16>)>,
}

/// One result, as read from [`Hits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    /// Entry index.
    pub entry: u32,
    /// Matched character indices in the Chinese title (empty past the marked hits).
    pub zh_marks: &'a [u16],
    /// Matched character indices in the English title.
    pub en_marks: &'a [u16],
}

impl Hits {
    pub(super) fn new(entries: Vec<u32>, marks: Vec<(Vec<u16>, Vec<u16>)>) -> Hits {
        Hits { entries, marks }
    }

    /// How many entries matched.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Nothing matched.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `k`th best result.
    pub fn get(&self, k: usize) -> Option<Hit<'_>> {
        let entry = *self.entries.get(k)?;
        let (zh, en) = self.marks.get(k).map_or((&[][..], &[][..]), |(z, e)| (&z[..], &e[..]));
        Some(Hit { entry, zh_marks: zh, en_marks: en })
    }

    /// Results `from` on, best first.
    pub fn from(&self, from: usize) -> impl Iterator<Item = Hit<'_>> {
        (from..self.len()).filter_map(|k| self.get(k))
    }

    /// All results, best first.
    pub fn iter(&self) -> impl Iterator<Item = Hit<'_>> {
        self.from(0)
    }
}
