//! Why an import file is refused as a whole, and the message that says so (its Fluent key and
//! variables).

use crate::i18n::{format_size, Arg, Lang};

/// Why a file is refused as a whole (a row's own problems are found later, row by row).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file has more than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the file has more than {limit} rows")]
    TooManyRows { limit: usize },
    #[error("the file is empty")]
    Empty,
    #[error("the file has its header row but no rows under it")]
    NoRows,
    #[error("the file is not text")]
    NotText,
    /// UTF-8 but for these lines (1-based, the first few of `count`), which are not: a line
    /// saved in another encoding, say, pasted into a UTF-8 file.
    #[error("lines {lines:?} ({count} in all) are not valid UTF-8")]
    NotUtf8 { lines: Vec<i32>, count: usize },
    #[error("the first row names none of the known columns")]
    NoKnownColumns,
    #[error("neither an email nor a phone column")]
    NoContactColumn,
    #[error("column {0:?} is there twice")]
    DuplicateColumn(String),
    #[error("unknown column {0:?}")]
    UnknownColumn(String),
    #[error("line {line} cannot be read")]
    Malformed { line: i32 },
    /// A cell under a header cell left empty: column `column` (1-based) has no name.
    #[error("column {column} has no name, but line {line} has a value in it")]
    UnnamedColumn { column: usize, line: i32 },
}

impl ReadError {
    /// The Fluent key of the message; its variables come from [`ReadError::message_args`].
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "import-err-too-large",
            Self::TooManyRows { .. } => "import-err-too-many-rows",
            Self::Empty => "import-err-empty",
            Self::NoRows => "import-err-no-rows",
            Self::NotText => "import-err-not-text",
            Self::NotUtf8 { .. } => "import-err-not-utf8",
            Self::NoKnownColumns => "import-err-no-known-columns",
            Self::NoContactColumn => "import-err-no-contact-column",
            Self::DuplicateColumn(_) => "import-err-duplicate-column",
            Self::UnknownColumn(_) => "import-err-unknown-column",
            Self::Malformed { .. } => "import-err-malformed",
            Self::UnnamedColumn { .. } => "import-err-unnamed-column",
        }
    }

    /// The message's variables in `lang`: `$size` (for `TooLarge`, the limit as
    /// [`format_size`] writes it: "300 bytes", "1 MB"), `$limit` (for `TooManyRows`, in rows),
    /// `$column` (a name, or for `UnnamedColumn` its 1-based number),
    /// `$line`; for `NotUtf8`, `$lines` (the lines named, "3, 7"), `$count` (how many in all)
    /// and `$more` (how many are not named).
    pub fn message_args(&self, lang: Lang) -> Vec<(&'static str, Arg)> {
        match self {
            Self::TooLarge { limit } => vec![("size", format_size(lang, *limit).into())],
            Self::TooManyRows { limit } => vec![("limit", (*limit).into())],
            Self::DuplicateColumn(c) | Self::UnknownColumn(c) => vec![("column", c.into())],
            Self::Malformed { line } => vec![("line", i64::from(*line).into())],
            Self::NotUtf8 { lines, count } => {
                let named: Vec<String> = lines.iter().map(ToString::to_string).collect();
                vec![
                    ("lines", named.join(", ").into()),
                    ("count", (*count).into()),
                    ("more", count.saturating_sub(lines.len()).into()),
                ]
            }
            Self::UnnamedColumn { column, line } => vec![
                ("column", i64::try_from(*column).unwrap_or(i64::MAX).into()),
                ("line", i64::from(*line).into()),
            ],
            Self::Empty
            | Self::NoRows
            | Self::NotText
            | Self::NoKnownColumns
            | Self::NoContactColumn => vec![],
        }
    }
}
