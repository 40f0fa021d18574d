//! The reader's limits, shapes and messages without fixtures, and the writer.

use super::read::*;
use super::read_tests::{err, ok, row, EMPLOYEE};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/import/", $name)).as_slice()
    };
}

#[test]
fn limits() {
    let file = fixture!("every_reason.csv");
    let small = |max_bytes, max_rows| {
        read(
            file,
            &Limits {
                max_bytes,
                max_rows,
            },
        )
    };
    assert_eq!(
        small(file.len() - 1, 100).unwrap_err(),
        ReadError::TooLarge {
            limit: file.len() - 1
        }
    );
    assert!(small(file.len(), 12).is_ok());
    assert_eq!(
        small(file.len(), 11).unwrap_err(),
        ReadError::TooManyRows { limit: 11 }
    );
    // The size is checked before anything else: even binary is "too large" first.
    let bin = fixture!("binary.bin");
    assert_eq!(
        read(
            bin,
            &Limits {
                max_bytes: 10,
                max_rows: 1
            }
        )
        .unwrap_err(),
        ReadError::TooLarge { limit: 10 }
    );
}

#[test]
fn shapes() {
    assert_eq!(err(b""), ReadError::Empty);
    assert_eq!(err(b"\xEF\xBB\xBF\r\n\n  \n,,\n"), ReadError::Empty);
    assert_eq!(
        err(b"first_name,last_name\nAnna,Ivanova\n"),
        ReadError::NoContactColumn
    );
    // A header alone, or with blank rows under it, offers nothing to import.
    assert_eq!(err(b"email\n"), ReadError::NoRows);
    assert_eq!(err(b"email;phone\r\n;\r\n\r\n"), ReadError::NoRows);
    // Short rows get "", extra empty cells are ignored, extra filled ones are refused.
    let p = ok(b"email,first_name\r\na@x.test\r\nb@x.test,Bo,,\r\n");
    assert_eq!(p.rows[0].first_name, "");
    assert_eq!(p.rows[1].first_name, "Bo");
    assert_eq!(
        err(b"email,first_name\na@x.test\nb@x.test,Bo,x\n"),
        ReadError::Malformed { line: 3 }
    );
    // A filled cell under a header cell left empty: that column has no name.
    assert_eq!(
        err(b"email,,phone\na@x.test,x,\n"),
        ReadError::UnnamedColumn { column: 2, line: 2 }
    );
    // `;` only wins when it names more columns; quotes count.
    assert_eq!(
        err(b"email,\"a;b\"\n"),
        ReadError::UnknownColumn("a;b".into())
    );
    assert_eq!(ok(b"\"email\";\"phone\"\nx;y\n").rows[0].phone, "y");
    // A quote inside an unquoted cell is the cell's own; an unclosed one in the header is refused.
    assert_eq!(
        ok(b"email,position\na@x.test,5\" drive\n").rows[0].position,
        "5\" drive"
    );
    assert_eq!(
        err(b"email,\"phone\na,b\n"),
        ReadError::Malformed { line: 1 }
    );
    // UTF-16 is refused with the message that says how to save as UTF-8.
    assert_eq!(err(b"\xFF\xFEe\0m\0a\0i\0l\0"), ReadError::NotText);
}

#[test]
fn message_keys_exist_in_both_languages() {
    use crate::i18n::{tr_args, Lang};
    let all = [
        ReadError::TooLarge { limit: 20 << 20 },
        ReadError::TooManyRows { limit: 200_000 },
        ReadError::Empty,
        ReadError::NotText,
        ReadError::NoKnownColumns,
        ReadError::NoContactColumn,
        ReadError::DuplicateColumn("почта".into()),
        ReadError::UnknownColumn("notes".into()),
        ReadError::Malformed { line: 7 },
        ReadError::NotUtf8 {
            lines: vec![3, 9],
            count: 4,
        },
    ];
    for e in all {
        for lang in [Lang::En, Lang::Ru] {
            let text = tr_args(lang, e.message_key(), &e.message_args(lang));
            assert_ne!(text, e.message_key(), "{lang:?}");
            assert!(!text.contains("{"), "{text}");
            let expected = match &e {
                ReadError::TooLarge { .. } => {
                    Some(if lang == Lang::En { "20 MB" } else { "20 МБ" })
                }
                ReadError::DuplicateColumn(_) => Some("почта"),
                ReadError::UnknownColumn(_) => Some("notes"),
                ReadError::Malformed { .. } => Some("7"),
                ReadError::NotUtf8 { .. } => Some("3, 9 ("),
                _ => None,
            };
            if let Some(s) = expected {
                assert!(text.contains(s), "{text}");
            }
        }
    }
}

#[test]
fn written_rows_read_back() {
    let anna = row(
        0,
        [
            "anna@example.test",
            "+79161234567",
            "Anna, \"Ann\"",
            "=1+1",
            "",
            "Sales;North",
            "a\nb",
            "M|V",
        ],
    );
    let mut out = Vec::new();
    write_rows(
        &mut out,
        Some("error"),
        [
            (anna.clone(), Some("=bad".to_owned())),
            (anna.clone(), None),
        ],
    )
    .unwrap();
    let text = std::str::from_utf8(&out).unwrap();
    assert!(text.starts_with(
        "\u{feff}email,phone,first_name,last_name,kind,department,position,roles,error\r\n"
    ));
    assert!(text.contains(",'=1+1,"), "{text}");
    assert!(text.contains(",'=bad\r\n"), "{text}");
    assert!(text.ends_with(",\r\n"), "{text}");
    // Without the error column the file reads back as it was written.
    let mut out = Vec::new();
    write_rows(&mut out, None, [(anna.clone(), None)]).unwrap();
    let p = ok(&out);
    assert_eq!(p.encoding, SourceEncoding::Utf8Bom);
    assert_eq!(p.rows, vec![RawRow { line: 2, ..anna }]);
}

/// The largest file the defaults allow: 200,000 full rows fit in 20 MiB and are read in one
/// pass, every line numbered. (How fast: P3 in `bench/run`.)
#[test]
fn largest_file() {
    let mut rows = Vec::with_capacity(200_000);
    for i in 0..200_000 {
        let mut r = row(
            0,
            [
                "",
                "",
                "Anna",
                "Ivanova",
                EMPLOYEE.as_str(),
                "Sales",
                "Manager",
                "Manager|Viewer",
            ],
        );
        r.email = format!("user{i}@example.test");
        r.phone = format!("+7916{i:07}");
        rows.push((r, None));
    }
    let mut file = Vec::new();
    write_rows(&mut file, None, rows).unwrap();
    let limits = Limits {
        max_bytes: 20 << 20,
        max_rows: 200_000,
    };
    assert!(file.len() <= limits.max_bytes, "{} bytes", file.len());
    let parsed = read(&file, &limits).unwrap();
    assert_eq!(parsed.rows.len(), 200_000);
    assert_eq!(parsed.rows[199_999].line, 200_001);
}
