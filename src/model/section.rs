//! The section tree of a version, built from its headings.
//!
//! Real documents number carelessly: `94)` for `(4)`, `VII` where VI is due, `12,` for `3.`, a
//! `(3)` after `(1)`. The tree must not break on these: a number that does not fit its sequence,
//! where the expected one does, is repaired (the text as written is kept for display), and every
//! section also has its ordinal among its siblings, which alignment uses instead of numbers.
//! Continuous numbering across parents (the 2016 Outline's Chinese counts 1..56) is respected.

use super::block::{Block, BlockKind, Heading};
use super::numbering::Frame;

/// One node of the section tree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    /// Index of the heading block in the version.
    pub block: usize,
    /// 1, 2 or 3.
    pub level: u8,
    /// Index (in the version's section list) of the parent section.
    pub parent: Option<usize>,
    /// 1-based position among the parent's children of the same level.
    pub ordinal: u32,
    /// The (repaired) number, if the heading is numbered.
    pub value: Option<u32>,
    /// Dotted path of numbers from the top (`2.1`), ordinals standing in for missing numbers.
    pub path: String,
    /// The heading block's number and title (kept here too, so that a document whose blocks
    /// are not loaded still has its outline).
    #[serde(skip)]
    pub heading: Heading,
}

/// Builds the section tree of `blocks`, repairing numbering typos in their headings in place.
pub fn build(blocks: &mut [Block]) -> Vec<Section> {
    settle_close_only_levels(blocks);
    let heads: Vec<usize> = (0..blocks.len()).filter(|&i| blocks[i].kind == BlockKind::Heading).collect();
    repair_numbers(blocks, &heads);
    let mut sections: Vec<Section> = Vec::with_capacity(heads.len());
    let mut stack: Vec<usize> = Vec::new();
    // Children so far of each level (1 to 3), of each section and of the top.
    let mut children: Vec<[u32; 4]> = Vec::with_capacity(heads.len());
    let mut top = [0u32; 4];
    for &b in &heads {
        let Some(h) = blocks[b].heading.as_ref() else { continue };
        while stack.last().is_some_and(|&s| sections[s].level >= h.level) {
            stack.pop();
        }
        let parent = stack.last().copied();
        let count = &mut parent.map_or(&mut top, |p| &mut children[p])[usize::from(h.level.min(3))];
        *count += 1;
        let ordinal = *count;
        let own = h.value.unwrap_or(ordinal);
        let path = match parent {
            Some(p) => format!("{}.{own}", sections[p].path),
            None => own.to_string(),
        };
        stack.push(sections.len());
        children.push([0; 4]);
        sections.push(Section { block: b, level: h.level, parent, ordinal, value: h.value, path, heading: h.clone() });
    }
    sections
}

/// `4)` is a level-2 heading when it is a stray typo for `(4)` among bracketed numbers, and a
/// level-3 list marker when a document numbers that way on purpose.
fn settle_close_only_levels(blocks: &mut [Block]) {
    let frames = || blocks.iter().filter_map(|b| b.heading.as_ref()).map(|h| (h.level, h.frame));
    let close_only = frames().filter(|(_, f)| *f == Some(Frame::CloseOnly)).count();
    let bracketed = frames().filter(|(l, f)| *l == 2 && *f == Some(Frame::Brackets)).count();
    let level = if close_only <= 2 && bracketed >= 2 * close_only { 2 } else { 3 };
    for h in blocks.iter_mut().filter_map(|b| b.heading.as_mut()) {
        if h.frame == Some(Frame::CloseOnly) {
            h.level = level;
        }
    }
}

/// Repairs a number that breaks its sibling sequence when the expected number fits: the next
/// sibling continues from the expected one, or there is no next sibling. A number that
/// continues the previous parent's count (continuous numbering) is kept.
fn repair_numbers(blocks: &mut [Block], heads: &[usize]) {
    let info: Vec<(u8, Option<u32>)> =
        heads.iter().map(|&b| blocks[b].heading.as_ref().map_or((0, None), |h| (h.level, h.value))).collect();
    let mut fixed: Vec<Option<u32>> = info.iter().map(|i| i.1).collect();
    let mut last_at_level: [Option<u32>; 4] = [None; 4];
    for k in 0..info.len() {
        let (level, Some(value)) = info[k] else { continue };
        let lv = level.min(3) as usize;
        let prev_sibling = (0..k).rev().take_while(|&j| info[j].0 >= level).find(|&j| info[j].0 == level);
        let expected = prev_sibling.and_then(|j| fixed[j]).map_or(1, |v| v + 1);
        let continues_count = prev_sibling.is_none() && last_at_level[lv].is_some_and(|v| value == v + 1);
        if value != expected && !continues_count {
            let next_sibling = (k + 1..info.len()).take_while(|&j| info[j].0 >= level).find(|&j| info[j].0 == level);
            let next_fits = match next_sibling {
                None => true,
                Some(j) => info[j].1 == Some(expected + 1),
            };
            if next_fits {
                fixed[k] = Some(expected);
            }
        }
        last_at_level[lv] = fixed[k];
    }
    for (k, &b) in heads.iter().enumerate() {
        if let Some(h) = blocks[b].heading.as_mut()
            && h.value != fixed[k]
        {
            h.written_value = h.value;
            h.value = fixed[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::block::Heading;

    fn head(level: u8, value: u32, frame: Frame) -> Block {
        let mut b = Block::new(BlockKind::Heading, String::new(), (1, 1));
        b.heading = Some(Heading {
            level,
            marker: None,
            value: Some(value),
            written_value: None,
            style: None,
            frame: Some(frame),
            title: String::new(),
        });
        b
    }

    fn values(blocks: &[Block]) -> Vec<(u8, u32, Option<u32>)> {
        blocks
            .iter()
            .filter_map(|b| b.heading.as_ref())
            .map(|h| (h.level, h.value.unwrap_or(0), h.written_value))
            .collect()
    }

    #[test]
    fn typos_are_repaired_and_gaps_kept() {
        use Frame::*;
        let mut blocks = vec![
            head(1, 1, Punct),
            head(2, 1, Brackets),
            head(2, 2, Brackets),
            head(2, 3, Brackets),
            head(2, 94, CloseOnly),
            head(2, 5, Brackets),
            head(1, 2, Punct),
            head(2, 1, Brackets),
            head(2, 3, Brackets),
            head(1, 4, Punct),
        ];
        let sections = build(&mut blocks);
        let v = values(&blocks);
        assert_eq!(v[4], (2, 4, Some(94)));
        assert_eq!(v[8], (2, 2, Some(3)), "a lone (3) after (1) is the second section");
        assert_eq!(v[9], (1, 3, Some(4)));
        assert_eq!(sections[4].path, "1.4");
        assert_eq!(sections[8].ordinal, 2);
    }

    #[test]
    fn continuous_numbering_across_parents_is_kept() {
        use Frame::*;
        let mut blocks = vec![
            head(2, 1, Brackets),
            head(3, 1, Punct),
            head(3, 2, Punct),
            head(2, 2, Brackets),
            head(3, 3, Punct),
            head(3, 4, Punct),
            head(2, 3, Brackets),
            head(3, 5, Punct),
        ];
        let sections = build(&mut blocks);
        assert!(values(&blocks).iter().all(|v| v.2.is_none()), "{:?}", values(&blocks));
        assert_eq!(sections[4].ordinal, 1);
        assert_eq!(sections[4].path, "2.3");
    }

    #[test]
    fn restarting_list_with_one_stray_number() {
        use Frame::*;
        let mut blocks =
            vec![head(2, 3, Brackets), head(3, 1, Punct), head(3, 2, Punct), head(3, 12, Punct), head(2, 4, Brackets)];
        build(&mut blocks);
        assert_eq!(values(&blocks)[3], (3, 3, Some(12)));
    }
}
