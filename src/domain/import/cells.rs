//! The columns of an import file (the export writes the same ones, so an export imports back
//! unchanged) and the guard against formula injection (docs/SECURITY.md G4).

use std::borrow::Cow;

/// The columns, in the order the export and the rejected-rows file write them.
pub const COLUMNS: [&str; 8] = [
    "email",
    "phone",
    "first_name",
    "last_name",
    "kind",
    "department",
    "position",
    "roles",
];

/// Separates several roles in the `roles` column.
pub const ROLE_SEPARATOR: char = '|';

/// A spreadsheet treats a cell that starts with one of these as a formula.
fn starts_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r', '\n'])
}

/// A cell as it is written into a CSV file: one that a spreadsheet would evaluate gets a `'` in
/// front (docs/SECURITY.md G4).
pub fn protect(cell: &str) -> Cow<'_, str> {
    if starts_like_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell as read back: the `'` that [`protect`] put in front is taken off again (only there,
/// so a name that really starts with `'` is kept).
pub fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_read_back() {
        for cell in [
            "=1+1",
            "+79161234567",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "\nx",
        ] {
            let written = protect(cell);
            assert_eq!(written, format!("'{cell}"));
            assert_eq!(unprotect(&written), cell);
        }
        for cell in ["Anna", "'quoted", "", "a=b", "O'Brien"] {
            assert_eq!(protect(cell), cell);
            assert_eq!(unprotect(cell), cell);
        }
    }
}
