//! The reader on one fixture per format quirk and per refusal (tests/fixtures/import/).

use super::read::*;
use crate::db::enums::MemberKind;

/// The kinds as the fixtures spell them (a stored word is spelled only in its enum).
pub(super) const EMPLOYEE: MemberKind = MemberKind::Employee;
const CUSTOMER: MemberKind = MemberKind::Customer;

pub(super) const LIMITS: Limits = Limits {
    max_bytes: 20 << 20,
    max_rows: 200_000,
};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/import/", $name)).as_slice()
    };
}

pub(super) fn ok(bytes: &[u8]) -> Parsed {
    read(bytes, &LIMITS).unwrap()
}

pub(super) fn err(bytes: &[u8]) -> ReadError {
    read(bytes, &LIMITS).unwrap_err()
}

/// A row from its line and cells in the order of `COLUMNS`.
pub(super) fn row(line: i32, c: [&str; 8]) -> RawRow {
    RawRow {
        line,
        email: c[0].into(),
        phone: c[1].into(),
        first_name: c[2].into(),
        last_name: c[3].into(),
        kind: c[4].into(),
        department: c[5].into(),
        position: c[6].into(),
        roles: c[7].into(),
    }
}

#[test]
fn bom() {
    let p = ok(fixture!("bom.csv"));
    assert_eq!((p.encoding, p.delimiter), (SourceEncoding::Utf8Bom, b','));
    let anna = [
        "anna@example.test",
        "",
        "Anna",
        "Ivanova",
        EMPLOYEE.as_str(),
        "Sales",
        "Manager",
        "Viewer",
    ];
    assert_eq!(p.rows, vec![row(2, anna)]);
}

#[test]
fn semicolon() {
    let p = ok(fixture!("semicolon.csv"));
    assert_eq!((p.encoding, p.delimiter), (SourceEncoding::Utf8, b';'));
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].department, "Sales, North");
    assert_eq!(p.rows[0].position, "Lead, sales");
    assert_eq!(p.rows[0].roles, "Manager|Viewer");
    assert_eq!(
        p.rows[1],
        row(
            3,
            [
                "boris@example.test",
                "",
                "Boris",
                "Petrov",
                CUSTOMER.as_str(),
                "",
                "",
                ""
            ]
        )
    );
}

#[test]
fn crlf() {
    let p = ok(fixture!("crlf.csv"));
    let lines: Vec<_> = p
        .rows
        .iter()
        .map(|r| (r.line, r.first_name.as_str()))
        .collect();
    assert_eq!(lines, [(2, "Anna"), (3, "Boris")]);
    assert!(p.rows.iter().all(|r| !r.roles.contains('\r')));
}

#[test]
fn cr_only_line_ends() {
    // Old Mac Excel ends lines with a lone CR: each one is a line, and CRLF is still one.
    let p = ok(b"email,first_name\rcr1@a.test,A\rcr2@a.test,B\r");
    let lines: Vec<_> = p.rows.iter().map(|r| (r.line, r.email.as_str())).collect();
    assert_eq!(lines, [(2, "cr1@a.test"), (3, "cr2@a.test")]);
    let p = ok(b"email,first_name\r\n\ra@a.test,A\r\n\nb@a.test,\"B\r\n\rC\"\re@a.test,E");
    let lines: Vec<_> = p.rows.iter().map(|r| (r.line, r.email.as_str())).collect();
    assert_eq!(lines, [(3, "a@a.test"), (5, "b@a.test"), (8, "e@a.test")]);
}

#[test]
fn unnamed_column() {
    assert_eq!(
        err(b"email,,first_name\nx@a.test,some note,Ann\n"),
        ReadError::UnnamedColumn { column: 2, line: 2 }
    );
    // An unnamed column left empty is no problem; cells past the header still are.
    assert_eq!(ok(b"email,,first_name\nx@a.test,,Ann\n").rows.len(), 1);
    assert_eq!(
        err(b"email,first_name\nx@a.test,Ann,extra\n"),
        ReadError::Malformed { line: 2 }
    );
}

#[test]
fn quoted() {
    let p = ok(fixture!("quoted.csv"));
    assert_eq!(p.delimiter, b',');
    let anna = &p.rows[0];
    assert_eq!(anna.email, "anna@example.test");
    assert_eq!(anna.first_name, "Anna, Maria");
    assert_eq!(anna.last_name, "Ivanova; Petrova");
    assert_eq!(anna.department, "Sales, North");
    assert_eq!(anna.position, "Head of \"Sales\"\nand Marketing");
    assert_eq!(anna.roles, "Manager|Viewer");
    // The newline inside Anna's position makes Boris start on line 4.
    assert_eq!((anna.line, p.rows[1].line), (2, 4));
    assert_eq!(p.rows[1].position, "a;b,c");
}

#[test]
fn russian_headers() {
    let p = ok(fixture!("russian_headers.csv"));
    let anna = [
        "anna@example.test",
        "+79161234567",
        "Анна",
        "Иванова",
        EMPLOYEE.as_str(),
        "Продажи",
        "Менеджер",
        "Менеджер|Наблюдатель",
    ];
    assert_eq!(p.rows, vec![row(2, anna)]);
}

#[test]
fn blank_lines() {
    let p = ok(fixture!("blank_lines.csv"));
    let lines: Vec<_> = p
        .rows
        .iter()
        .map(|r| (r.line, r.first_name.as_str()))
        .collect();
    // Line 1 is empty, the header is line 2; rows of empty cells are skipped too.
    assert_eq!(lines, [(4, "Anna"), (9, "Boris")]);
}

#[test]
fn trailing_spaces() {
    let p = ok(fixture!("trailing_spaces.csv"));
    let anna = [
        "anna@example.test",
        "+79161234567",
        "Anna",
        "Ivanova",
        EMPLOYEE.as_str(),
        "Sales",
        "Manager",
        "Viewer",
    ];
    assert_eq!(p.rows, vec![row(2, anna)]);
}

#[test]
fn windows_1251() {
    let p = ok(fixture!("windows1251.csv"));
    assert_eq!(
        (p.encoding, p.delimiter),
        (SourceEncoding::Windows1251, b';')
    );
    let anna = [
        "anna@example.test",
        "+79161234567",
        "Анна",
        "Иванова",
        "",
        "Продажи",
        "Менеджер",
        "",
    ];
    let boris = [
        "boris@example.test",
        "",
        "Борис",
        "Ёлкин",
        "",
        "Бухгалтерия",
        "Главный бухгалтер",
        "",
    ];
    assert_eq!(p.rows, vec![row(2, anna), row(3, boris)]);
}

#[test]
fn formula_prefixed() {
    let p = ok(fixture!("formula_prefixed.csv"));
    let r = &p.rows[0];
    assert_eq!(r.email, "=cmd@example.test");
    assert_eq!(r.phone, "+79161234567");
    assert_eq!(r.first_name, "=cmd|' /C calc'!A0");
    assert_eq!(r.last_name, "-Ivanova");
    assert_eq!(r.department, "@Sales");
    // A `'` before anything else is the cell's own.
    assert_eq!(
        (r.position.as_str(), r.roles.as_str()),
        ("O'Brien", "'Manager")
    );
}

#[test]
fn reordered_headers() {
    let p = ok(fixture!("reordered_headers.csv"));
    let anna = [
        "anna@example.test",
        "+79161234567",
        "Anna",
        "Ivanova",
        EMPLOYEE.as_str(),
        "Sales",
        "Lead",
        "Manager",
    ];
    assert_eq!(p.rows, vec![row(2, anna)]);
}

#[test]
fn refusals() {
    assert_eq!(err(fixture!("binary.bin")), ReadError::NotText);
    assert_eq!(err(fixture!("no_header.csv")), ReadError::NoKnownColumns);
    assert_eq!(
        err(fixture!("unknown_column.csv")),
        ReadError::UnknownColumn("notes".into())
    );
    assert_eq!(
        err(fixture!("duplicate_column.csv")),
        ReadError::DuplicateColumn("почта".into())
    );
    // Boris's quote on line 3 is never closed.
    assert_eq!(
        err(fixture!("unbalanced_quote.csv")),
        ReadError::Malformed { line: 3 }
    );
}

#[test]
fn every_reason_is_read_as_it_stands() {
    let p = ok(fixture!("every_reason.csv"));
    let cases: Vec<_> = p
        .rows
        .iter()
        .map(|r| (r.line, r.position.as_str()))
        .collect();
    assert_eq!(
        cases,
        [
            (2, "malformed email"),
            (3, "phone without country code"),
            (4, "unknown department"),
            (5, "unknown role"),
            (6, "first"),
            (7, "duplicate"),
            (8, "no name"),
            (9, "no contact"),
            (10, "unknown kind"),
            (11, "good employee"),
            (12, "good customer"),
            (13, "good without kind"),
        ]
    );
    let boris = [
        "",
        "+79161234567",
        "Boris",
        "Petrov",
        CUSTOMER.as_str(),
        "Sales",
        "good customer",
        "Manager|Viewer",
    ];
    assert_eq!(p.rows[10], row(12, boris));
}
