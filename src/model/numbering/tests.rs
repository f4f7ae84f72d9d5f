use super::*;

proptest::proptest! {
    /// As first written: the values collected, and the numeral written out to compare.
    #[test]
    fn roman_values_as_by_writing_them_out(s in "[IVXLCé a]{0,11}") {
        let val = |c| [('I', 1), ('V', 5), ('X', 10), ('L', 50), ('C', 100)].iter().find(|p| p.0 == c).map(|p| p.1);
        let by_writing = (|| {
            if s.is_empty() || s.len() > 9 {
                return None;
            }
            let vals: Vec<i64> = s.chars().map(val).collect::<Option<_>>()?;
            let total: i64 = (0..vals.len()).map(|i| if vals.get(i + 1).is_some_and(|&n| n > vals[i]) { -vals[i] } else { vals[i] }).sum();
            let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
            (to_roman(total) == s).then_some(total)
        })();
        proptest::prop_assert_eq!(roman_value(&s), by_writing);
    }
}

#[test]
fn number_paths_as_typed() {
    for (spec, path) in [
        ("2.1", "2.1"),
        ("3.2.6", "3.2.6"),
        ("二", "2"),
        ("二.（一）", "2.1"),
        ("二（一）", "2.1"),
        ("四、(二)", "4.2"),
        ("IV.2", "4.2"),
        ("42", "42"),
        ("(3)", "3"),
    ] {
        assert_eq!(number_path(spec).as_deref(), Some(path), "{spec}");
    }
    assert_eq!(number_path("two"), None);
    assert_eq!(number_path(""), None);
}

fn m(text: &str) -> Option<(u8, u32, Frame, String)> {
    parse_marker(text).map(|m| (m.level, m.value, m.frame, text[..m.end].to_owned()))
}

#[test]
fn han_numerals() {
    for (s, v) in [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("五十六", 56)]
    {
        assert_eq!(han_value(s), Some(v), "{s}");
        if v < 100 {
            assert_eq!(to_han(v), s);
        }
    }
    assert_eq!(han_value("二〇一二"), Some(2012));
}

#[test]
fn roman_numerals_are_canonical_only() {
    assert_eq!(roman_value("VIII"), Some(8));
    assert_eq!(roman_value("CCCXCIX"), Some(399));
    assert_eq!(roman_value("XXXX"), None);
    assert_eq!(roman_value("Ié"), None);
    assert_eq!(roman_value("IV"), Some(4));
    assert_eq!(roman_value("IIII"), None);
    assert_eq!(roman_value("VX"), None);
}

#[test]
fn level_one() {
    assert_eq!(m("一、指导思想和主要目标"), Some((1, 1, Frame::Punct, "一、".into())));
    assert_eq!(m("十二、其他"), Some((1, 12, Frame::Punct, "十二、".into())));
    assert_eq!(m("II, Implement the “Broadband China” project"), Some((1, 2, Frame::Punct, "II,".into())));
    assert_eq!(m("VIII, Perfect policy measures"), Some((1, 8, Frame::Punct, "VIII,".into())));
    assert_eq!(m("第三章 总则"), Some((1, 3, Frame::Word, "第三章".into())));
    assert_eq!(m("二〇一二年六月二十八日"), None);
    assert_eq!(m("I.e. this is not"), None);
}

#[test]
fn level_two_any_bracket_width() {
    for (t, v) in [
        ("（一）指导思想。", 1),
        ("(一)指导思想。", 1),
        ("(二) 战略目标", 2),
        ("(1) Guiding ideology", 1),
        ("(IV) Innovating", 4),
        ("（１２）text", 12),
    ] {
        let got = parse_marker(t).unwrap();
        assert_eq!((got.level, got.value, got.frame), (2, v, Frame::Brackets), "{t}");
    }
    let text = "94) Network media information";
    let typo = parse_marker(text).unwrap();
    assert_eq!((typo.level, typo.value, typo.frame, &text[..typo.end]), (2, 94, Frame::CloseOnly, "94)"));
    assert_eq!(typo.len, "94) ".len());
}

#[test]
fn level_three() {
    assert_eq!(m("1.构建先进技术体系。"), Some((3, 1, Frame::Punct, "1.".into())));
    assert_eq!(m("1. 实施“光网城市”工程。"), Some((3, 1, Frame::Punct, "1.".into())));
    assert_eq!(m("12, Establishing basic structures"), Some((3, 12, Frame::Punct, "12,".into())));
    assert_eq!(m("３、开展"), Some((3, 3, Frame::Punct, "３、".into())));
    assert_eq!(m("1．加强"), Some((3, 1, Frame::Punct, "1．".into())));
    assert_eq!(m("2.5亿户"), None);
    assert_eq!(m("2006-2020 National"), None);
    assert_eq!(m("2014年3月5日"), None);
    assert_eq!(m("3G network"), None);
    assert_eq!(m("2020,the"), None);
}

#[test]
fn bullets() {
    assert_eq!(bullet_len("– Moving forward"), Some("– ".len()));
    assert_eq!(bullet_len("——统筹推进。"), Some("——".len()));
    assert_eq!(bullet_len("-3% growth"), None);
    assert_eq!(bullet_len("Text"), None);
}
