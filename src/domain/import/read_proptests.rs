//! Property tests of the reader: nothing makes it panic, and what `write_rows` writes reads back.

use super::cells::{protect, unprotect};
use super::read::*;
use proptest::prelude::*;
use proptest::sample::select;

const LIMITS: Limits = Limits {
    max_bytes: 1 << 20,
    max_rows: 1000,
};

/// Pieces that make the reader's decisions: names, delimiters, quotes, line ends, spaces,
/// formula marks, a BOM, Cyrillic in UTF-8 and in Windows-1251, control bytes.
fn mixed_file() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&'static [u8]> = vec![
        b"email",
        b"phone",
        "почта".as_bytes(),
        b"First Name",
        b"roles",
        b",",
        b";",
        b"\"",
        b"\"\"",
        b"\r\n",
        b"\n",
        b"\r",
        b" ",
        b"\t",
        b"x",
        b"'",
        b"'=",
        b"+7",
        "\u{a0}".as_bytes(),
        b"\xEF\xBB\xBF",
        "Анна".as_bytes(),
        b"\xc0\xed\xed\xe0",
        b"\xd0",
        b"\0",
        b"\x1a",
        b"\xFF\xFE",
    ];
    proptest::collection::vec(select(pieces), 0..80).prop_map(|p| p.concat())
}

fn any_limits() -> impl Strategy<Value = Limits> {
    (0usize..2000, 0usize..20).prop_map(|(max_bytes, max_rows)| Limits {
        max_bytes,
        max_rows,
    })
}

/// A cell value that survives the trip: no surrounding whitespace, no control characters
/// but a line break or tab inside, and not one `unprotect` would change (a value such as
/// `'=x` comes back as `=x`: see the report).
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,12}",
        1 => "\\PC{1,5}[\n\r\t]\\PC{1,5}",
        1 => "[=+@'-]\\PC{0,6}",
    ]
    .prop_filter("trimmed and stable", |s| {
        s.trim() == s && unprotect(&protect(s)) == s && unprotect(s) == s
    })
}

fn raw_row() -> impl Strategy<Value = RawRow> {
    proptest::collection::vec(cell(), 8)
        .prop_filter("not blank", |c| c.iter().any(|s| !s.is_empty()))
        .prop_map(|c| RawRow {
            line: 0,
            email: c[0].clone(),
            phone: c[1].clone(),
            first_name: c[2].clone(),
            last_name: c[3].clone(),
            kind: c[4].clone(),
            department: c[5].clone(),
            position: c[6].clone(),
            roles: c[7].clone(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let _ = read(&bytes, &LIMITS);
    }

    #[test]
    fn random_text_never_panics(text in any::<String>(), limits in any_limits()) {
        let _ = read(text.as_bytes(), &LIMITS);
        let _ = read(text.as_bytes(), &limits);
    }

    #[test]
    fn random_mixes_never_panic(bytes in mixed_file(), limits in any_limits()) {
        let _ = read(&bytes, &LIMITS);
        let _ = read(&bytes, &limits);
        let mut with_header = b"email;phone;first_name\n".to_vec();
        with_header.extend(&bytes);
        let _ = read(&with_header, &LIMITS);
    }

    #[test]
    fn written_rows_read_back(rows in proptest::collection::vec(raw_row(), 0..20)) {
        let mut out = Vec::new();
        write_rows(&mut out, None, rows.iter().map(|r| (r.clone(), None))).unwrap();
        if rows.is_empty() {
            // The header alone: nothing to import, said as such.
            prop_assert_eq!(read(&out, &LIMITS).unwrap_err(), ReadError::NoRows);
            return Ok(());
        }
        let parsed = read(&out, &LIMITS).unwrap();
        prop_assert_eq!(parsed.encoding, SourceEncoding::Utf8Bom);
        prop_assert_eq!(parsed.delimiter, b',');
        // Lines start after the header and grow by one plus the line breaks inside a row (CRLF,
        // LF, or a lone CR).
        let mut next = 2;
        for (r, written) in parsed.rows.iter().zip(&rows) {
            prop_assert_eq!(r.line, next);
            let breaks = written.cells().iter().map(|c| c.replace("\r\n", "\n").matches(['\n', '\r']).count()).sum::<usize>();
            next += 1 + i32::try_from(breaks).unwrap();
        }
        let back: Vec<RawRow> = parsed.rows.into_iter().map(|r| RawRow { line: 0, ..r }).collect();
        prop_assert_eq!(back, rows);
    }
}
