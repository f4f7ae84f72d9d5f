//! Import: raw bytes → decoded, cleaned, reflowed, language-split blocks → grouped documents.
//!
//! The stages run in this order, each in its own module:
//! [`decode`] (encodings) → [`clean`] (boilerplate, footers) → [`segment`] (language of each
//! line) → [`reflow`] (paragraphs) → [`blocks`] (headings, titles, signatures; document numbers,
//! dates and issuers by [`furniture`]) → [`group`]
//! (versions from different files that are the same document) → [`meta`] (titles, numbers).
//! [`load`] reads files and folders from disk and [`embedded`] the documents shipped in the binary.

pub mod blocks;
pub mod clean;
pub mod decode;
mod discover;
pub mod embedded;
pub mod furniture;
pub mod group;
pub mod load;
pub mod manifest;
pub mod meta;
pub mod outline;
pub mod progress;
pub mod reflow;
pub mod segment;
mod shingles;

use std::borrow::Cow;

use crate::model::Block;
use crate::text::Lang;

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{file}: {error}")]
    Io {
        /// The path as given.
        file: String,
        /// What the OS said.
        error: std::io::Error,
    },
    /// The bytes are not text in a supported encoding.
    #[error("{file}: {reason}")]
    Decode {
        /// The path as given.
        file: String,
        /// Why.
        reason: decode::DecodeError,
    },
    /// The text holds neither Chinese nor English paragraphs.
    #[error("{file}: no Chinese or English text found")]
    NoText {
        /// The path as given.
        file: String,
    },
    /// A manifest could not be used.
    #[error("{file}:{line}: {message}")]
    Manifest {
        /// The manifest's path.
        file: String,
        /// 1-based line of the problem (0 when it concerns the whole file).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file read earlier is not what it was when its document was catalogued.
    #[error("{file}: changed since the folder was read; open the folder again")]
    Changed {
        /// The path.
        file: String,
    },
    /// The load was asked to stop before every file was read (see [`progress::Progress::stop`]).
    #[error("stopped before every file was read")]
    Stopped,
    /// A file skipped on an earlier run, for the reason given then (its bytes are unchanged).
    #[error("{message}")]
    Earlier {
        /// The message of the original error, naming the file.
        message: String,
    },
    /// A path given on the command line does not exist.
    #[error("{file}: no such file or directory")]
    NotFound {
        /// The path as given.
        file: String,
    },
}

/// The versions found in one file, before grouping into documents.
#[derive(Debug, Clone)]
pub struct ImportedFile {
    /// File name without directories.
    pub name: String,
    /// Full path, when read from disk.
    pub path: Option<std::path::PathBuf>,
    /// Detected encoding.
    pub encoding: decode::Encoding,
    /// Lines dropped as boilerplate.
    pub dropped_lines: usize,
    /// One entry per language found, in order of first appearance.
    pub versions: Vec<(Lang, Vec<Block>)>,
}

/// Imports one file's bytes. `name` is used in errors and as the version's source.
pub fn import_bytes(name: &str, path: Option<std::path::PathBuf>, bytes: &[u8]) -> Result<ImportedFile, ImportError> {
    import(name, path, Cow::Borrowed(bytes))
}

/// [`import_bytes`] of bytes read for it: those of a UTF-8 file become its text without a copy.
pub fn import_owned(name: &str, path: Option<std::path::PathBuf>, bytes: Vec<u8>) -> Result<ImportedFile, ImportError> {
    import(name, path, Cow::Owned(bytes))
}

fn import(name: &str, path: Option<std::path::PathBuf>, bytes: Cow<'_, [u8]>) -> Result<ImportedFile, ImportError> {
    let shown = path.as_ref().map_or_else(|| name.to_owned(), |p| p.display().to_string());
    let (text, encoding) =
        decode::decode(bytes).map_err(|reason| ImportError::Decode { file: shown.clone(), reason })?;
    let lines = clean::clean(&text);
    let dropped_lines = lines.iter().filter(|l| matches!(l.kind, clean::LineKind::Dropped(_))).count();
    let segs = segment::segments(lines);
    let paras = reflow::paragraphs(segs);
    let mut versions: Vec<(Lang, Vec<reflow::Paragraph>)> = Vec::new();
    for p in paras {
        let lang = p.lang.or_else(|| versions.last().map(|v| v.0)).unwrap_or(Lang::Zh);
        match versions.iter_mut().find(|v| v.0 == lang) {
            Some(v) => v.1.push(p),
            None => versions.push((lang, vec![p])),
        }
    }
    fold_stray_language(&mut versions);
    if versions.is_empty() {
        return Err(ImportError::NoText { file: shown });
    }
    let versions = versions.into_iter().map(|(lang, paras)| (lang, blocks::blocks(paras, lang))).collect();
    Ok(ImportedFile { name: name.to_owned(), path, encoding, dropped_lines, versions })
}

/// A few stray paragraphs in the other language (a quoted English title in a Chinese file) are
/// not a version of their own: they stay, in place, in the main version.
fn fold_stray_language(versions: &mut Vec<(Lang, Vec<reflow::Paragraph>)>) {
    let size = |v: &(Lang, Vec<reflow::Paragraph>)| v.1.iter().map(|p| p.text.len()).sum::<usize>();
    let total: usize = versions.iter().map(size).sum();
    let Some(main) = (0..versions.len()).max_by_key(|&i| size(&versions[i])) else { return };
    let stray = |v: &(Lang, Vec<reflow::Paragraph>)| {
        let (n, share) = (v.1.len(), size(v) as f64 / total.max(1) as f64);
        (n <= 2 && share < 0.25) || (n < 5 && share < 0.02)
    };
    let stray: Vec<usize> = (0..versions.len()).filter(|&i| i != main && stray(&versions[i])).collect();
    for &i in stray.iter().rev() {
        let (_, paras) = versions.remove(i);
        let main = if i < main { main - 1 } else { main };
        versions[main].1.extend(paras);
        versions[main].1.sort_by_key(reflow::Paragraph::first_line);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Pieces real files are made of, plus hostile ones.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("一、".to_owned()),
            Just("（二）".to_owned()),
            Just("(3) ".to_owned()),
            Just("4.".to_owned()),
            Just("IV, ".to_owned()),
            Just("94) ".to_owned()),
            Just("——".to_owned()),
            Just("– ".to_owned()),
            Just("第一章 ".to_owned()),
            Just("国发〔2012〕23号".to_owned()),
            Just("二〇一二年六月二十八日".to_owned()),
            Just("Date de collecte : 21/02/2015".to_owned()),
            Just("Posted on".to_owned()),
            Just("One thought on “x”".to_owned()),
            Just("。".to_owned()),
            Just(". ".to_owned()),
            Just("\n".to_owned()),
            Just("\n\n".to_owned()),
            Just(" ".to_owned()),
            "[一-龥]{1,30}",
            "[a-zA-Z]{1,12}( [a-z]{1,10}){0,8}",
            "[0-9]{1,6}(\\.[0-9])?%?",
            any::<char>().prop_map(String::from),
            "\\PC{1,5}",
        ]
    }

    fn document() -> impl Strategy<Value = String> {
        proptest::collection::vec(fragment(), 0..120).prop_map(|v| v.concat())
    }

    fn visible(s: &str) -> Vec<char> {
        let mut v: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        v.sort_unstable();
        v
    }

    fn versions(text: &str) -> Vec<(Lang, Vec<(crate::model::BlockKind, String)>)> {
        import_bytes("t.txt", None, text.as_bytes())
            .unwrap()
            .versions
            .into_iter()
            .map(|(l, b)| (l, b.into_iter().map(|b| (b.kind, b.text)).collect()))
            .collect()
    }

    #[test]
    fn bilingual_layouts_all_split_into_two_versions() {
        use crate::model::BlockKind::*;
        let zh_first = "一、指导思想\n\n以邓小平理论为指导，全面提高经济社会信息化发展水平。\n\n\
                        I, Guiding ideology\n\nWith Deng Xiaoping Theory as guidance, raise informatization levels.\n";
        let alternating = "一、指导思想\n\nI, Guiding ideology\n\n以邓小平理论为指导，全面提高经济社会信息化发展水平。\n\n\
                           With Deng Xiaoping Theory as guidance, raise informatization levels.\n";
        let same_line = "一、指导思想 I, Guiding ideology\n\n\
                         以邓小平理论为指导，全面提高经济社会信息化发展水平。 With Deng Xiaoping Theory as guidance, raise informatization levels.\n";
        for text in [zh_first, alternating, same_line] {
            let v = versions(text);
            assert_eq!(v.len(), 2, "{text}");
            assert_eq!(v[0].0, Lang::Zh);
            assert_eq!(
                v[0].1,
                vec![
                    (Heading, "一、指导思想".to_owned()),
                    (Paragraph, "以邓小平理论为指导，全面提高经济社会信息化发展水平。".to_owned())
                ]
            );
            assert_eq!(
                v[1].1,
                vec![
                    (Heading, "I, Guiding ideology".to_owned()),
                    (Paragraph, "With Deng Xiaoping Theory as guidance, raise informatization levels.".to_owned())
                ]
            );
        }
    }

    #[test]
    fn a_stray_english_line_stays_in_the_chinese_version() {
        let text = "一、指导思想\n\n以邓小平理论为指导，全面提高经济社会信息化发展水平。\n\n(Translation forthcoming)\n\n\
                    二、主要目标\n\n到2020年，互联网普及率达到70%以上。\n";
        let v = versions(text);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].1[2].1, "(Translation forthcoming)");
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
            ..ProptestConfig::default()
        })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
            let _ = import_bytes("fuzz.txt", None, &bytes);
        }

        #[test]
        fn documents_never_panic_and_keep_every_character(text in document()) {
            let Ok((decoded, _)) = decode::decode(Cow::Borrowed(text.as_bytes())) else { return Ok(()) };
            let kept: String = clean::clean(&decoded)
                .into_iter()
                .filter(|l| l.kind == clean::LineKind::Text)
                .map(|l| l.text + "\n")
                .collect();
            match import_bytes("fuzz.txt", None, text.as_bytes()) {
                Ok(file) => {
                    let out: String = file.versions.iter().flat_map(|v| v.1.iter().map(|b| b.text.clone() + "\n")).collect();
                    prop_assert_eq!(visible(&out), visible(&kept));
                    for (_, blocks) in &file.versions {
                        let mut blocks = blocks.clone();
                        let _ = crate::model::section::build(&mut blocks);
                    }
                }
                Err(ImportError::NoText { .. }) => prop_assert!(visible(&kept).is_empty() || kept.chars().all(|c| !c.is_alphabetic())),
                Err(e) => prop_assert!(false, "unexpected error {e}"),
            }
        }
    }
}
