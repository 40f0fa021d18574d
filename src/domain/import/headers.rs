//! The header row: which column of the file is which of [`COLUMNS`] (English or Russian names,
//! any case and order), and whether the file is separated by `,` or `;`.

use super::cells::COLUMNS;
use super::read::ReadError;

/// Names a header cell may have, after [`normalize`], and the index in [`COLUMNS`] each means.
const NAMES: &[(&str, usize)] = &[
    ("email", 0),
    ("e mail", 0),
    ("почта", 0),
    ("электронная почта", 0),
    ("эл почта", 0),
    ("phone", 1),
    ("телефон", 1),
    ("first name", 2),
    ("имя", 2),
    ("last name", 3),
    ("фамилия", 3),
    ("kind", 4),
    ("тип", 4),
    ("department", 5),
    ("отдел", 5),
    ("position", 6),
    ("должность", 6),
    ("roles", 7),
    ("роли", 7),
];

/// The column the rejected-rows file adds (the reason, in English or Russian): read back when the
/// fixed file is uploaded again, and ignored.
const REJECTED_COLUMN_NAMES: &[&str] = &["error", "ошибка"];

/// What [`map_header`] gives for that column: its cells are skipped.
pub(super) const IGNORED: usize = COLUMNS.len();

/// Lower case, `_`, `-` and `.` as spaces, runs of spaces as one: `First_Name`, `first name`
/// and `E-Mail` become `first name` and `e mail`.
fn normalize(cell: &str) -> String {
    let lower = cell.to_lowercase().replace(['_', '-', '.'], " ");
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The index in [`COLUMNS`] of a header cell, if it is a known name.
pub(super) fn column_of(cell: &str) -> Option<usize> {
    let name = normalize(cell);
    NAMES.iter().find(|(n, _)| *n == name).map(|&(_, i)| i)
}

/// A header cell as shown in a message: trimmed, at most 60 characters.
fn shown(cell: &str) -> String {
    let cell = cell.trim();
    match cell.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &cell[..at]),
        None => cell.to_owned(),
    }
}

/// For each column of the file, the index in [`COLUMNS`] it fills; `None` for a column with an
/// empty header cell (a trailing delimiter), whose cells must stay empty.
pub(super) fn map_header<'a>(
    cells: impl Iterator<Item = &'a str> + Clone,
) -> Result<Vec<Option<usize>>, ReadError> {
    if cells.clone().all(|c| column_of(c).is_none()) {
        return Err(ReadError::NoKnownColumns);
    }
    let mut seen = [false; COLUMNS.len()];
    let mut map = Vec::new();
    for cell in cells {
        if cell.trim().is_empty() {
            map.push(None);
            continue;
        }
        if REJECTED_COLUMN_NAMES.contains(&normalize(cell).as_str()) {
            map.push(Some(IGNORED));
            continue;
        }
        let Some(i) = column_of(cell) else {
            return Err(ReadError::UnknownColumn(shown(cell)));
        };
        if std::mem::replace(&mut seen[i], true) {
            return Err(ReadError::DuplicateColumn(shown(cell)));
        }
        map.push(Some(i));
    }
    if !seen[0] && !seen[1] {
        return Err(ReadError::NoContactColumn);
    }
    Ok(map)
}

/// How many cells of this header row are known column names.
pub(super) fn known_count<'a>(cells: impl Iterator<Item = &'a str>) -> usize {
    cells.filter(|c| column_of(c).is_some()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for (cell, i) in [
            ("email", 0),
            (" E-Mail ", 0),
            ("Почта", 0),
            ("Электронная  почта", 0),
            ("PHONE", 1),
            ("Телефон", 1),
            ("first name", 2),
            ("First_Name", 2),
            ("ИМЯ", 2),
            ("Last Name", 3),
            ("фамилия", 3),
            ("Тип", 4),
            ("Отдел", 5),
            ("Должность", 6),
            ("Роли", 7),
            ("\u{a0}roles\u{a0}", 7),
        ] {
            assert_eq!(column_of(cell), Some(i), "{cell}");
        }
        for cell in ["", "name", "mail", "e", "error"] {
            assert_eq!(column_of(cell), None, "{cell}");
        }
    }

    #[test]
    fn header_rows() {
        let map = |h: &str| map_header(h.split(','));
        assert_eq!(map("phone,Email,,"), Ok(vec![Some(1), Some(0), None, None]));
        assert_eq!(map("a,b"), Err(ReadError::NoKnownColumns));
        assert_eq!(map(""), Err(ReadError::NoKnownColumns));
        assert_eq!(
            map("email,notes"),
            Err(ReadError::UnknownColumn("notes".into()))
        );
        assert_eq!(
            map("email,Почта"),
            Err(ReadError::DuplicateColumn("Почта".into()))
        );
        assert_eq!(map("first_name,last_name"), Err(ReadError::NoContactColumn));
        let long = format!("email,{}", "x".repeat(100));
        assert_eq!(
            map(&long),
            Err(ReadError::UnknownColumn(format!("{}…", "x".repeat(60))))
        );
    }
}
