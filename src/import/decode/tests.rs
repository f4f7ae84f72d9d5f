//! Decoding tests: UTF-8 (with a BOM or not), UTF-16 in both orders, GB18030, and what is refused.

use super::*;

fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    super::decode(Cow::Borrowed(bytes))
}

/// Text with now and then a byte that may break it, short and longer than the 64 bytes from
/// which the validation is vectorised.
fn damaged_text() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::prelude::*;
    ("[a-z 中文，。é😀\n]{0,120}", proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..2))
        .prop_map(|(s, damage)| {
            let mut bytes = s.into_bytes();
            for (at, b) in damage {
                if !bytes.is_empty() {
                    let i = at.index(bytes.len());
                    bytes[i] = b;
                }
            }
            bytes
        })
}

proptest::proptest! {
    #[test]
    fn utf8_is_validated_as_the_standard_library_does(bytes in damaged_text()) {
        let by_std = std::str::from_utf8(&bytes).map(str::to_owned).map_err(|e| e.valid_up_to());
        let valid_up_to = |r: Result<String, NotUtf8>| r.map_err(|e| e.valid_up_to);
        proptest::prop_assert_eq!(valid_up_to(utf8(Cow::Borrowed(&bytes))), by_std.clone());
        proptest::prop_assert_eq!(valid_up_to(utf8(Cow::Owned(bytes.clone()))), by_std);
    }

    #[test]
    fn utf16_decodes_as_the_standard_library_does(units in proptest::collection::vec(proptest::prelude::any::<u16>(), 0..40), odd in proptest::prelude::any::<bool>()) {
        for enc in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let mut bytes: Vec<u8> = units.iter().flat_map(|u| if enc == Encoding::Utf16Be { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
            if odd {
                bytes.push(0xD8);
            }
            let by_std: String = char::decode_utf16(units.iter().copied()).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect();
            proptest::prop_assert_eq!(utf16(&bytes, enc), by_std);
        }
    }
}

const ZH: &str = "一、指导思想\n大力推进信息化发展和切实保障信息安全，对调整经济结构具有重大意义。\n";

#[test]
fn control_characters_are_found_wherever_they_are() {
    for at in [0, 1, 63, 64, 65, 127, 128, 300] {
        let mut text = "一二三 text ".repeat(30).into_bytes();
        for k in 0..4 {
            text[at + 2 * k] = 0x01;
        }
        let text = String::from_utf8_lossy(&text).into_owned();
        let first = text.bytes().position(|b| b == 0x01).unwrap();
        assert_eq!(check_controls(&text), Err(DecodeError::Binary { offset: first, byte: 1 }), "{at}");
        // Three are a damaged text file, not binary data.
        assert_eq!(check_controls(&text.replacen('\x01', "", 1)), Ok(()), "{at}");
    }
    assert_eq!(check_controls("a\0b"), Err(DecodeError::Binary { offset: 1, byte: 0 }));
}

#[test]
fn utf8_with_and_without_bom() {
    assert_eq!(decode(ZH.as_bytes()).unwrap(), (ZH.to_owned(), Encoding::Utf8));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(ZH.as_bytes());
    assert_eq!(decode(&bom).unwrap(), (ZH.to_owned(), Encoding::Utf8));
}

#[test]
fn gb18030() {
    let (bytes, _, _) = encoding_rs::GB18030.encode(ZH);
    assert_eq!(decode(&bytes).unwrap(), (ZH.to_owned(), Encoding::Gb18030));
    // Rare characters (outside GB2312) are still Chinese when they come in runs.
    let rare = "䶮䶯䶰龥龦龧鿀鿁鿂，丂丄丅丆丏丒丗丟丠両丣並丩丮丯丱丳丵丷丼乀乁乂乄乆乊乑乕乗乚乛乢乣乤乥乧乨乪乫乬乭乮乯乲乴乵乶乷乸乹乺乻乼乽乿亀亁亂亃亄亅亇亊亐亖亗亙亜亝亞亣亪亯亰亱亴亶亷亸亹亼亽亾仈仌仏仐仒仚仛仜仠仢仦仧仩仭仮仯仱仴仸仹仺仼仾伀伂伃伄伅伆伇伈伋伌伒伓伔伕伖伜伝伡伣伨伩伬伭伮伱伳伵伷伹伻伾伿佀佁佂佄佅佇佈佉佊佋佌佒佔佖佡佢佦佨佪佫佭佮佱佲併佷佸佹佺佽侀侁侂侅來侇侊侌侎侐侒侓侕侖侘侙侚侜侞侟価侢\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(rare);
    assert_eq!(decode(&bytes).unwrap().1, Encoding::Gb18030);
}

#[test]
fn utf16_both_orders_with_and_without_bom() {
    for (enc, bom) in [(Encoding::Utf16Le, [0xFF, 0xFE]), (Encoding::Utf16Be, [0xFE, 0xFF])] {
        for text in [ZH, "I, Guiding ideology\nForcefully moving informatization forward.\n"] {
            let units: Vec<u8> = text
                .encode_utf16()
                .flat_map(|u| if enc == Encoding::Utf16Le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            assert_eq!(decode(&units).unwrap(), (text.to_owned(), enc), "{enc:?} no BOM: {text}");
            let with_bom: Vec<u8> = bom.iter().copied().chain(units).collect();
            assert_eq!(decode(&with_bom).unwrap(), (text.to_owned(), enc), "{enc:?} BOM");
        }
    }
}

#[test]
fn crlf_is_normalised() {
    assert_eq!(decode(b"a\r\nb\rc").unwrap().0, "a\nb\nc");
}

#[test]
fn refuses_binary_latin1_and_empty() {
    assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(DecodeError::Binary { .. })));
    assert_eq!(decode(b""), Err(DecodeError::Empty));
    assert_eq!(decode(b" \n\n"), Err(DecodeError::Empty));
    // Windows-1252 curly quotes around English words.
    assert!(matches!(decode(b"The \x93Broadband China\x94 project is launched.\n"), Err(DecodeError::Unknown { .. })));
    // A long Latin-1 French text: every accented letter would read as a GBK character.
    let french: Vec<u8> = b"La soci\xe9t\xe9 de l'information est d\xe9velopp\xe9e \xe0 grande \xe9chelle. ".repeat(20);
    assert!(matches!(decode(&french), Err(DecodeError::Unknown { .. })));
    assert_eq!(decode(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]), Err(DecodeError::Utf32));
}
