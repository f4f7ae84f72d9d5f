//! Figures in Chinese text: `超过18万亿元`, `2.5亿户`, `70%以上`, `每秒6500吉比特`, `20太比特/秒`,
//! `200兆比特以上`, `建成四大国际信息通道`, and the deadlines that govern them (`到2020年`,
//! `到“十二五”末`, `本世纪中叶`).
//!
//! Not figures: years and dates, ordinals (`第三代`, `第6版`), numbers fused with Latin (`3G`,
//! `IPv6`), and anything inside quotes or book-title marks (`“三个代表”`, `《中国制造2025》`).

use super::{Comparator, Found, Raw, Unit, When};
use crate::model::numbering::han_value;
use crate::text::{digit_value, is_han};

fn han_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千' | '两')
}

/// Marks the characters inside “…”, ‘…’, "…", 《…》 and 〈…〉.
fn quoted(chars: &[(usize, char)]) -> Vec<bool> {
    let mut out = vec![false; chars.len()];
    let mut depth = 0i32;
    let mut ascii_open = false;
    for (k, &(_, c)) in chars.iter().enumerate() {
        match c {
            '“' | '‘' | '《' | '〈' => depth += 1,
            '”' | '’' | '》' | '〉' => depth = (depth - 1).max(0),
            '"' => ascii_open = !ascii_open,
            _ => {}
        }
        out[k] = depth > 0 || ascii_open;
    }
    out
}

/// Magnitude words after a number, longest first.
const MAGNITUDES: &[(&str, f64)] =
    &[("万亿", 1e12), ("千亿", 1e11), ("百亿", 1e10), ("亿", 1e8), ("千万", 1e7), ("百万", 1e6), ("万", 1e4)];

/// Units after a number (and its magnitude), longest first: (text, unit, multiplier).
const UNITS: &[(&str, Unit, f64)] = &[
    ("太比特", Unit::BitsPerSecond, 1e12),
    ("吉比特", Unit::BitsPerSecond, 1e9),
    ("兆比特", Unit::BitsPerSecond, 1e6),
    ("千比特", Unit::BitsPerSecond, 1e3),
    ("比特", Unit::BitsPerSecond, 1.0),
    ("Tbps", Unit::BitsPerSecond, 1e12),
    ("Gbps", Unit::BitsPerSecond, 1e9),
    ("Mbps", Unit::BitsPerSecond, 1e6),
    ("Kbps", Unit::BitsPerSecond, 1e3),
    ("Gbit", Unit::BitsPerSecond, 1e9),
    ("Mbit", Unit::BitsPerSecond, 1e6),
    ("美元", Unit::Usd, 1.0),
    ("元", Unit::Cny, 1.0),
    ("户", Unit::Households, 1.0),
    ("家", Unit::Enterprises, 1.0),
    ("人", Unit::People, 1.0),
    ("名", Unit::People, 1.0),
    ("个", Unit::Count, 1.0),
    ("项", Unit::Count, 1.0),
    ("所", Unit::Count, 1.0),
    ("座", Unit::Count, 1.0),
    ("台", Unit::Count, 1.0),
    ("套", Unit::Count, 1.0),
    ("条", Unit::Count, 1.0),
    ("张", Unit::Count, 1.0),
    ("件", Unit::Count, 1.0),
];

/// Comparator words before a number, longest first.
const BEFORE: &[(&str, Comparator)] = &[
    ("不低于", Comparator::AtLeast),
    ("不少于", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("超过", Comparator::MoreThan),
    ("突破", Comparator::MoreThan),
    ("多于", Comparator::MoreThan),
    ("高于", Comparator::MoreThan),
    ("至少", Comparator::AtLeast),
    ("达到", Comparator::Reach),
    ("提高到", Comparator::Reach),
    ("提升到", Comparator::Reach),
    ("增加到", Comparator::Reach),
    ("达", Comparator::Reach),
    ("大约", Comparator::About),
    ("约", Comparator::About),
    ("近", Comparator::About),
    ("低于", Comparator::LessThan),
    ("少于", Comparator::LessThan),
];

/// Comparator words after a figure.
const AFTER: &[(&str, Comparator)] = &[
    ("以上", Comparator::AtLeast),
    ("及以上", Comparator::AtLeast),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
    ("左右", Comparator::About),
];

/// The second character of `X大…` that makes it a phrase, not a count (大力, 大型, 大数据…).
const NOT_COUNTED_AFTER_DA: &str = "力型幅量局众中多批数学会气事概约致都于小步";

/// Finds figures, time references and cues in a Chinese text.
pub fn find(text: &str) -> Found {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let quoted = quoted(&chars);
    let at = |k: usize| chars.get(k).map_or(text.len(), |x| x.0);
    let rest = |k: usize| &text[at(k)..];
    let mut found = Found::default();
    for &(i, c) in &chars {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            found.sentence_ends.push(i + c.len_utf8());
        }
    }
    find_times(text, &chars, &quoted, &mut found);
    for cue in ["已经", "已", "目前", "现已", "年来", "以来"] {
        found.past_cues.extend(text.match_indices(cue).map(|(i, _)| i));
    }
    for cue in ["要", "将", "力争", "争取", "确保", "目标"] {
        found.goal_cues.extend(text.match_indices(cue).map(|(i, _)| i));
    }
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let fresh = prev.is_none_or(|p| {
            !(p.is_ascii_alphanumeric() || digit_value(p).is_some() || matches!(p, '.' | '．' | '-' | '第'))
        });
        if quoted[k] || !fresh {
            k += 1;
            continue;
        }
        let parsed = if digit_value(c).is_some() {
            arabic(text, &chars, k)
        } else if han_numeral(c) && !prev.is_some_and(han_numeral) {
            han_bandwidth(text, &chars, k).or_else(|| han_count(text, &chars, k))
        } else {
            None
        };
        let Some((mut raw, end_k)) = parsed else {
            k += 1;
            continue;
        };
        // Comparators: after the figure (以上) wins over before it (超过, 达到).
        let mut end_k = end_k;
        if let Some((w, cmp)) = AFTER.iter().find(|(w, _)| rest(end_k).starts_with(w)) {
            raw.comparator = Some(*cmp);
            end_k += w.chars().count();
        }
        let before = &text[..raw.start];
        let before = before.strip_suffix("每秒").unwrap_or(before);
        if let Some((w, cmp)) = BEFORE.iter().find(|(w, _)| before.ends_with(w)) {
            raw.comparator = raw.comparator.or(Some(*cmp));
            raw.start = before.len() - w.len();
        }
        raw.end = at(end_k);
        found.figures.push(raw);
        k = end_k;
    }
    found
}

/// An Arabic number at `k` with its magnitude and unit: (figure, index after it), or `None`
/// for a year, a date, a version or a bare number.
fn arabic(text: &str, chars: &[(usize, char)], k: usize) -> Option<(Raw, usize)> {
    let (v, mut j) = number(chars, k)?;
    let mut upper = None;
    // A range: 10-15%, 10～15%, 10至15%.
    if let Some(&(_, sep)) = chars.get(j)
        && matches!(sep, '-' | '—' | '～' | '~' | '至' | '到')
        && let Some((u, after)) = number(chars, j + 1)
        && (sep != '-' || !(v >= 1900.0 && u >= 1900.0))
    {
        upper = Some(u);
        j = after;
    }
    let tail = |j: usize| &text[chars.get(j).map_or(text.len(), |x| x.0)..];
    let next = chars.get(j).map(|x| x.1);
    if matches!(next, Some('年' | '月' | '日' | '版' | '代' | '届' | '次' | '号' | '期' | '点')) {
        return None;
    }
    let start = chars[k].0;
    if matches!(next, Some('%' | '％')) {
        return Some((Raw { start, end: 0, value: v, upper, unit: Unit::Percent, comparator: None }, j + 1));
    }
    let mut scale = 1.0;
    if let Some((w, m)) = MAGNITUDES.iter().find(|(w, _)| tail(j).starts_with(w)) {
        scale = *m;
        j += w.chars().count();
    }
    if let Some((w, unit, m)) = UNITS.iter().find(|(w, _, _)| tail(j).starts_with(w)) {
        let ascii = w.is_ascii();
        // "3G", "4Gbit" aside: a Latin unit must not run on into a longer word.
        if ascii && tail(j + w.chars().count()).starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        j += w.chars().count();
        if tail(j).starts_with("/秒") {
            j += 2;
        }
        let value = v * scale * m;
        return Some((
            Raw { start, end: 0, value, upper: upper.map(|u| u * scale * m), unit: *unit, comparator: None },
            j,
        ));
    }
    // A magnitude alone counts things (超过2.5亿 of something named before).
    if scale > 1.0 && !tail(j).starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some((
            Raw {
                start,
                end: 0,
                value: v * scale,
                upper: upper.map(|u| u * scale),
                unit: Unit::Count,
                comparator: None,
            },
            j,
        ));
    }
    None
}

/// A decimal number at `k` (ASCII or full-width digits, `.`/`．` decimals): (value, index after).
fn number(chars: &[(usize, char)], k: usize) -> Option<(f64, usize)> {
    let mut j = k;
    let mut s = String::new();
    while let Some(&(_, c)) = chars.get(j) {
        if let Some(d) = digit_value(c) {
            s.push(char::from_digit(d, 10).unwrap_or('0'));
        } else if matches!(c, '.' | '．')
            && chars.get(j + 1).is_some_and(|n| digit_value(n.1).is_some())
            && !s.contains('.')
        {
            s.push('.');
        } else if c == ',' && chars.get(j + 1..j + 4).is_some_and(|w| w.iter().all(|x| x.1.is_ascii_digit())) {
            // 6,500
        } else {
            break;
        }
        j += 1;
    }
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    // Fused with Latin after it (3G, 4K): not a quantity.
    if chars.get(j).is_some_and(|x| x.1.is_ascii_alphabetic()) && !starts_unit(chars, j) {
        return None;
    }
    Some((s.parse().ok()?, j))
}

fn starts_unit(chars: &[(usize, char)], j: usize) -> bool {
    let s: String = chars[j..].iter().take(4).map(|x| x.1).collect();
    ["Tbps", "Gbps", "Mbps", "Kbps", "Gbit", "Mbit"].iter().any(|u| s.starts_with(u))
}

/// A Chinese number with 万 and 亿 inside it: 一百万 → 1 000 000, 三千五百万 → 35 000 000.
fn han_big(s: &str) -> Option<f64> {
    let (yi, rest) = s.split_once('亿').map_or(("", s), |(a, b)| (a, b));
    let (wan, ones) = rest.split_once('万').map_or(("", rest), |(a, b)| (a, b));
    let part = |p: &str| if p.is_empty() { Some(0.0) } else { han_value(&p.replace('两', "二")).map(f64::from) };
    let v = part(yi)? * 1e8 + part(wan)? * 1e4 + part(ones)?;
    (v > 0.0).then_some(v)
}

/// Chinese numerals that count something: `四大国际信息通道`, `一百万户`, `五十家企业`. Small
/// numbers with 个 (两个市场) are rhetoric, not quantities, and are left out.
fn han_count(text: &str, chars: &[(usize, char)], k: usize) -> Option<(Raw, usize)> {
    // Idioms made of numerals: 千家万户 is "every household", not 1 000 enterprises.
    const IDIOMS: &[&str] = &[
        "千家万户",
        "千方百计",
        "千千万万",
        "万家灯火",
        "百家争鸣",
        "亿万",
        "千万家",
        "一家一户",
        "三番五次",
        "四面八方",
        "千差万别",
        "成千上万",
    ];
    if IDIOMS.iter().any(|i| text[chars[k].0..].starts_with(i)) {
        return None;
    }
    let mut j = k;
    while chars.get(j).is_some_and(|x| han_numeral(x.1) || matches!(x.1, '万' | '亿')) {
        j += 1;
    }
    let num: String = chars[k..j].iter().map(|x| x.1).collect();
    let tail = &text[chars.get(j).map_or(text.len(), |x| x.0)..];
    if let Some(value) = han_big(&num)
        && let Some((w, unit, m)) = UNITS.iter().filter(|(w, _, _)| !w.is_ascii()).find(|(w, _, _)| tail.starts_with(w))
    {
        let big = num.contains(['万', '亿']);
        if big || (value >= 10.0 && *w != "个") || (value >= 2.0 && matches!(*w, "户" | "家" | "所" | "项" | "名"))
        {
            let n = w.chars().count();
            return Some((
                Raw { start: chars[k].0, end: 0, value: value * m, upper: None, unit: *unit, comparator: None },
                j + n,
            ));
        }
        return None;
    }
    let mut j = k;
    while chars.get(j).is_some_and(|x| han_numeral(x.1)) {
        j += 1;
    }
    let num: String = chars[k..j].iter().map(|x| x.1).collect();
    let after_da = chars.get(j + 1).map(|x| x.1)?;
    if chars.get(j).map(|x| x.1) != Some('大') || !is_han(after_da) || NOT_COUNTED_AFTER_DA.contains(after_da) {
        return None;
    }
    let value = f64::from(han_value(&num.replace('两', "二"))?);
    // 十一大…二十大 are Party congresses, not counts.
    (2.0..=10.0)
        .contains(&value)
        .then(|| (Raw { start: chars[k].0, end: 0, value, upper: None, unit: Unit::Count, comparator: None }, j + 1))
}

/// `百兆到户、千兆到企业`: bandwidth as a Chinese magnitude of 兆 (Mbit/s) or 吉 (Gbit/s).
fn han_bandwidth(text: &str, chars: &[(usize, char)], k: usize) -> Option<(Raw, usize)> {
    const FORMS: &[(&str, f64)] = &[("万兆", 1e10), ("千兆", 1e9), ("百兆", 1e8), ("十兆", 1e7)];
    let rest = &text[chars[k].0..];
    let (w, v) = FORMS.iter().find(|(w, _)| rest.starts_with(w))?;
    let mut j = k + w.chars().count();
    for suffix in ["比特/秒", "比特", "bps", "Mbps", "M"] {
        if text[chars.get(j).map_or(text.len(), |x| x.0)..].starts_with(suffix) {
            j += suffix.chars().count();
            break;
        }
    }
    Some((Raw { start: chars[k].0, end: 0, value: *v, upper: None, unit: Unit::BitsPerSecond, comparator: None }, j))
}

/// Years and deadlines: `到2020年`, `2005年`, `到“十二五”末`, `“十一五”时期`, `本世纪中叶`.
fn find_times(text: &str, chars: &[(usize, char)], quoted: &[bool], found: &mut Found) {
    for (k, &(i, c)) in chars.iter().enumerate() {
        if digit_value(c).is_none() || k.checked_sub(1).is_some_and(|p| digit_value(chars[p].1).is_some()) || quoted[k]
        {
            continue;
        }
        let Some((y, j)) = number(chars, k) else { continue };
        let next = chars.get(j).map(|x| x.1);
        let year = y as u32;
        if !(1900..=2100).contains(&year) || y.fract() != 0.0 {
            continue;
        }
        // "2014-2020年": a period; its end is the year that counts.
        let in_range = matches!(next, Some('-' | '—' | '～'));
        if next != Some('年') && !in_range {
            continue;
        }
        let before = &text[..i];
        let deadline = ["到", "至", "力争", "争取", "于", "在"].iter().any(|w| before.ends_with(w))
            || text[chars.get(j + 1).map_or(text.len(), |x| x.0)..].starts_with(['前', '底', '末']);
        if !in_range {
            found.times.push(When { at: i, year: year as u16, deadline });
        }
    }
    for (plan, year) in [("十一五", 2010u16), ("十二五", 2015), ("十三五", 2020), ("十四五", 2025), ("十五五", 2030)]
    {
        for (i, _) in text.match_indices(plan) {
            // Not 十五 inside 十二五: the match must not be preceded by a numeral.
            if text[..i].ends_with(|c: char| han_numeral(c)) {
                continue;
            }
            found.times.push(When { at: i, year, deadline: true });
        }
    }
    for (phrase, year) in [("本世纪中叶", 2050u16), ("21世纪中叶", 2050)] {
        for (i, _) in text.match_indices(phrase) {
            found.times.push(When { at: i, year, deadline: true });
        }
    }
    found.times.sort_by_key(|t| t.at);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(text: &str) -> Vec<(String, f64, &'static str, Option<Comparator>)> {
        let f = find(text);
        f.figures.iter().map(|r| (text[r.start..r.end].to_owned(), r.value, r.unit.name(), r.comparator)).collect()
    }

    #[test]
    fn magnitudes_and_money() {
        assert_eq!(
            figs("全国电子商务交易额超过18万亿元，"),
            vec![("超过18万亿元".into(), 18e12, "CNY", Some(Comparator::MoreThan))]
        );
        assert_eq!(
            figs("接入用户超过2.5亿户，"),
            vec![("超过2.5亿户".into(), 2.5e8, "households", Some(Comparator::MoreThan))]
        );
        assert_eq!(figs("信息消费总额达到6万亿元"), vec![("达到6万亿元".into(), 6e12, "CNY", Some(Comparator::Reach))]);
    }

    #[test]
    fn percentages_with_qualifiers() {
        assert_eq!(
            figs("互联网普及率达到70%以上，光纤入户率达到60%"),
            vec![
                ("达到70%以上".into(), 70.0, "percent", Some(Comparator::AtLeast)),
                ("达到60%".into(), 60.0, "percent", Some(Comparator::Reach)),
            ]
        );
        assert_eq!(
            figs("政务信息98%以上网上发布"),
            vec![("98%以上".into(), 98.0, "percent", Some(Comparator::AtLeast))]
        );
        assert_eq!(figs("比重超过９％"), vec![("超过９％".into(), 9.0, "percent", Some(Comparator::MoreThan))]);
        assert_eq!(figs("年均增长10-15%"), vec![("10-15%".into(), 10.0, "percent", None)]);
    }

    #[test]
    fn bandwidth_in_every_spelling() {
        assert_eq!(
            figs("出口带宽达到每秒6500吉比特(Gbit)"),
            vec![("达到每秒6500吉比特".into(), 6.5e12, "bit/s", Some(Comparator::Reach))]
        );
        assert_eq!(
            figs("带宽达到20太比特/秒(Tbps)"),
            vec![("达到20太比特/秒".into(), 20e12, "bit/s", Some(Comparator::Reach))]
        );
        assert_eq!(
            figs("平均带宽达到200兆比特以上"),
            vec![("达到200兆比特以上".into(), 200e6, "bit/s", Some(Comparator::AtLeast))]
        );
        assert_eq!(figs("接入速率100Mbps"), vec![("100Mbps".into(), 100e6, "bit/s", None)]);
    }

    #[test]
    fn counts_in_chinese_numerals() {
        assert_eq!(figs("建成四大国际信息通道"), vec![("四大".into(), 4.0, "count", None)]);
        assert_eq!(
            figs("实现百兆到户、千兆到企业"),
            vec![("百兆".into(), 1e8, "bit/s", None), ("千兆".into(), 1e9, "bit/s", None)]
        );
        assert!(figs("大力推进，培育一大批企业，发展大数据").is_empty());
        assert_eq!(figs("新增宽带用户一百万户"), vec![("一百万户".into(), 1e6, "households", None)]);
        assert_eq!(figs("培育五十家龙头企业"), vec![("五十家".into(), 50.0, "enterprises", None)]);
        assert_eq!(figs("培训三千五百万人"), vec![("三千五百万人".into(), 3.5e7, "people", None)]);
        assert!(figs("用好两个市场、两种资源，一家一户，将文化产品送到千家万户").is_empty());
    }

    #[test]
    fn what_is_not_a_figure() {
        for t in [
            "到2020年，",
            "2014年3月5日",
            "第三代移动通信(3G)、第四代移动通信(4G)",
            "国际互联网协议第6版(IPv6)",
            "以“三个代表”重要思想为指导，“两个一百年”奋斗目标",
            "加快实施《中国制造2025》",
            "党的十八大和十八届三中全会",
            "推进三网融合、两化融合，建立两级协调机制",
            "汕尾市信息化发展规划纲要(2014-2020年)",
            "国发〔2012〕23号",
        ] {
            assert!(figs(t).is_empty(), "{t}: {:?}", figs(t));
        }
    }

    #[test]
    fn deadlines() {
        let f = find("到“十二五”末，国家电子政务网络基本建成；全国电子商务交易额超过18万亿元");
        assert_eq!(f.times.iter().map(|t| (t.year, t.deadline)).collect::<Vec<_>>(), vec![(2015, true)]);
        let f = find("到2020年，全市城镇公共区域实现WLAN全覆盖。2005年，信息产业增加值达到7.2%");
        assert_eq!(f.times.iter().map(|t| (t.year, t.deadline)).collect::<Vec<_>>(), vec![(2020, true), (2005, false)]);
        let f = find("到本世纪中叶，信息化全面支撑");
        assert_eq!(f.times[0].year, 2050);
    }
}

#[cfg(test)]
mod props {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_ranges_are_sound(text in "(\\PC|[0-9０-９.．%％万亿元户家兆比特超过达到以上到年一二三四五六七八九十百千大“”《》]){0,120}") {
            let f = super::find(&text);
            for r in &f.figures {
                prop_assert!(r.start < r.end && r.end <= text.len());
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                prop_assert!(r.value.is_finite());
            }
        }
    }
}
