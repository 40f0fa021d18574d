//! The bytes of an uploaded file as text: UTF-8 (a BOM is taken off), or Windows-1251 (what a
//! Russian Excel writes for "CSV (comma delimited)") when the bytes look like Cyrillic text.
//! Anything else, UTF-16 included, is refused as not text (docs/SECURITY.md G5).

use super::read::{ReadError, SourceEncoding};
use std::borrow::Cow;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

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
    if encoding == SourceEncoding::Utf8 && looks_like_windows_1251(body) {
        let text = encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(body)
            .0;
        return Ok((text, SourceEncoding::Windows1251));
    }
    Err(ReadError::NotText)
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
        // UTF-8 with one broken byte is not taken for Windows-1251.
        let mut broken = "Иванова,Анна".as_bytes().to_vec();
        broken.push(0xD0);
        assert_eq!(decode(&broken), Err(ReadError::NotText));
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
}
