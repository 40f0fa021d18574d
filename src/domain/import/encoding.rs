//! The bytes of an uploaded file as text: UTF-8 (a BOM is taken off), or Windows-1251 (what a
//! Russian Excel writes for "CSV (comma delimited)") when the bytes look like Cyrillic text.
//! A file that is UTF-8 but for some lines (one saved in Windows-1251 pasted into it, say) is
//! refused naming those lines, never read as Windows-1251 throughout: that would turn its
//! UTF-8 names into mojibake ("Р®Р»СЏ" for "Юля"). Anything else, UTF-16 included, is refused
//! as not text (docs/SECURITY.md G5).

use super::read::{ReadError, SourceEncoding};
use encoding_rs::{Encoding, UTF_8};
use std::borrow::Cow;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many of the lines that are not UTF-8 the message names.
const LINES_NAMED: usize = 5;

/// The text of `bytes` and the encoding it was read as.
pub(super) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, SourceEncoding), ReadError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // UTF-16 ("Unicode text" in Excel): refused, the message says how to save as UTF-8.
        return Err(ReadError::NotText);
    }
    let (body, encoding) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, SourceEncoding::Utf8Bom),
        None => (bytes, SourceEncoding::Utf8),
    };
    if body.contains(&0) {
        return Err(ReadError::NotText);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok((Cow::Borrowed(text), encoding));
    }
    let utf8 = Utf8Lines::of(body);
    if !utf8.some_line_whole && encoding == SourceEncoding::Utf8 && looks_like_windows_1251(body) {
        let text = encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(body)
            .0;
        return Ok((text, SourceEncoding::Windows1251));
    }
    if utf8.some_line_whole || utf8.sequences_in_broken || encoding == SourceEncoding::Utf8Bom {
        return Err(ReadError::NotUtf8 {
            count: utf8.broken.len(),
            lines: utf8.broken.into_iter().take(LINES_NAMED).collect(),
        });
    }
    Err(ReadError::NotText)
}

/// What the lines of a file that is not wholly UTF-8 say about it.
struct Utf8Lines {
    /// The lines (1-based) that are not valid UTF-8.
    broken: Vec<i32>,
    /// Some line beyond ASCII is wholly valid UTF-8: the file is UTF-8 but for `broken`
    /// (Windows-1251 Cyrillic next to other letters is never valid UTF-8).
    some_line_whole: bool,
    /// A broken line holds valid UTF-8 beyond ASCII too (a UTF-8 line with a stray byte).
    sequences_in_broken: bool,
}

impl Utf8Lines {
    /// Lines end as `read` counts them: at `\n`, at `\r\n` (once), at a lone `\r`.
    fn of(bytes: &[u8]) -> Self {
        let mut out = Self {
            broken: Vec::new(),
            some_line_whole: false,
            sequences_in_broken: false,
        };
        let lines = bytes
            .split(|b| *b == b'\n')
            .flat_map(|l| l.strip_suffix(b"\r").unwrap_or(l).split(|b| *b == b'\r'));
        for (n, line) in (1..).zip(lines) {
            if Encoding::utf8_valid_up_to(line) == line.len() {
                out.some_line_whole |= !line.is_ascii();
                continue;
            }
            out.broken.push(n);
            let (text, _) = UTF_8.decode_without_bom_handling(line);
            out.sequences_in_broken |= text
                .chars()
                .any(|c| !c.is_ascii() && c != char::REPLACEMENT_CHARACTER);
        }
        out
    }
}

/// Bytes 0xC0–0xFF are А–я in Windows-1251; these others are Ё ё Є є І і Ї ї Ґ ґ.
fn is_cyrillic_letter(b: u8) -> bool {
    b >= 0xC0
        || matches!(
            b,
            0xA8 | 0xB8 | 0xAA | 0xBA | 0xB2 | 0xB3 | 0xAF | 0xBF | 0xA5 | 0xB4
        )
}

/// Typographic punctuation as Excel writes it in Windows-1251: … ‘ ’ “ ” • – — № « » „ and the
/// no-break space (a position such as "Head of Sales — EMEA" has no other byte above ASCII).
fn is_typographic(b: u8) -> bool {
    matches!(b, 0x85 | 0x91..=0x97 | 0xB9 | 0xAB | 0xBB | 0x84 | 0xA0)
}

/// Text in Windows-1251: no control bytes but TAB, CR and LF, and at least three quarters of
/// the bytes above ASCII are Cyrillic letters or typographic punctuation (random binary has
/// about half; UTF-8 Cyrillic that failed to decode has half as lead bytes 0xD0/0xD1 and half as
/// 0x80–0xBF, few of them these).
fn looks_like_windows_1251(bytes: &[u8]) -> bool {
    let (mut high, mut plausible) = (0usize, 0usize);
    for &b in bytes {
        if b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n') || b == 0x7F {
            return false;
        }
        if b >= 0x80 {
            high += 1;
            plausible += usize::from(is_cyrillic_letter(b) || is_typographic(b));
        }
    }
    plausible * 4 >= high * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let (t, e) = decode(b"email\nanna@x.test\n").unwrap();
        assert_eq!(
            (t.as_ref(), e),
            ("email\nanna@x.test\n", SourceEncoding::Utf8)
        );
        let (t, e) = decode("\u{feff}имя".as_bytes()).unwrap();
        assert_eq!((t.as_ref(), e), ("имя", SourceEncoding::Utf8Bom));
        let (t, e) = decode(b"\xc8\xec\xff;\xd4\xe0\xec\xe8\xeb\xe8\xff\r\n").unwrap();
        assert_eq!(
            (t.as_ref(), e),
            ("Имя;Фамилия\r\n", SourceEncoding::Windows1251)
        );
        assert_eq!(decode(b"a\0b"), Err(ReadError::NotText));
        assert_eq!(decode(b"\xff\xfee\0m\0"), Err(ReadError::NotText));
        // UTF-8 with one broken byte is not taken for Windows-1251: its line is named.
        let mut broken = "Иванова,Анна".as_bytes().to_vec();
        broken.push(0xD0);
        assert_eq!(
            decode(&broken),
            Err(ReadError::NotUtf8 {
                lines: vec![1],
                count: 1
            })
        );
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n"), Err(ReadError::NotText));
    }

    #[test]
    fn windows_1251_with_punctuation_alone() {
        let (t, e) =
            decode(b"position\r\nHead of Sales \x97 EMEA \xab\xb9 1\xbb \x93a\x94 \x85").unwrap();
        assert_eq!(
            (t.as_ref(), e),
            (
                "position\r\nHead of Sales — EMEA «№ 1» “a” …",
                SourceEncoding::Windows1251
            )
        );
    }

    /// One line saved in Windows-1251 inside a UTF-8 file: refused naming that line, not read
    /// as Windows-1251 throughout ("Р®Р»СЏ" for "Юля").
    #[test]
    fn a_windows_1251_line_in_a_utf8_file_is_named() {
        let mut file = "email,first_name\r\nyulia@x.test,Юля\r\n"
            .as_bytes()
            .to_vec();
        file.extend_from_slice(b"ivan@x.test,\xc8\xe2\xe0\xed \xcf\xe5\xf2\xf0\xee\xe2\r\n");
        file.extend_from_slice("anna@x.test,Анна\r\n".as_bytes());
        assert_eq!(
            decode(&file),
            Err(ReadError::NotUtf8 {
                lines: vec![3],
                count: 1
            })
        );
        // Lone CRs end lines too; past five, the rest are counted.
        let mut many = "email,first_name\rюля@x.test,Юля".as_bytes().to_vec();
        for _ in 0..7 {
            many.extend_from_slice(b"\r\xc8\xe2\xe0\xed");
        }
        assert_eq!(
            decode(&many),
            Err(ReadError::NotUtf8 {
                lines: vec![3, 4, 5, 6, 7],
                count: 7
            })
        );
        // With a BOM the file says it is UTF-8: a stray byte is named, not "not text".
        assert_eq!(
            decode(b"\xEF\xBB\xBFemail\na@x.test,\xff\n"),
            Err(ReadError::NotUtf8 {
                lines: vec![2],
                count: 1
            })
        );
        // Windows-1251 throughout, with "Пётр" (0xCF 0xB8, a valid UTF-8 pair) in it, still reads.
        let (t, e) = decode(b"\xcf\xb8\xf2\xf0;\xc8\xe2\xe0\xed\xee\xe2\r\n").unwrap();
        assert_eq!(
            (t.as_ref(), e),
            ("Пётр;Иванов\r\n", SourceEncoding::Windows1251)
        );
    }
}
