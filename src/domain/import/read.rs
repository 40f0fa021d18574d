//! Reading an import file into rows as they stand (nothing checked but the file's shape), and
//! writing rows back in the same format (the rejected-rows file). The `csv` crate parses;
//! `encoding_rs` reads Windows-1251 (docs/SECURITY.md G5: size and row limits, fixed header
//! names, nothing evaluated).

use super::cells::{protect, unprotect, COLUMNS};
use super::encoding::decode;
use super::headers::{known_count, map_header, IGNORED};
pub use super::read_error::ReadError;
use csv::{ReaderBuilder, StringRecord};

/// How much one file may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_rows: usize,
}

/// One data row as it stands in the file, cells trimmed and unprotected; absent columns are "".
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RawRow {
    /// 1-based line number in the file where the record starts (the header is line 1; count
    /// physical lines, so a quoted field with a newline makes later numbers jump).
    pub line: i32,
    pub email: String,
    pub phone: String,
    pub first_name: String,
    pub last_name: String,
    pub kind: String,
    pub department: String,
    pub position: String,
    pub roles: String,
}

impl RawRow {
    /// The cells in the order of [`COLUMNS`].
    pub fn cells(&self) -> [&str; COLUMNS.len()] {
        [
            &self.email,
            &self.phone,
            &self.first_name,
            &self.last_name,
            &self.kind,
            &self.department,
            &self.position,
            &self.roles,
        ]
    }

    /// The cell of column `COLUMNS[i]`.
    fn cell_mut(&mut self, i: usize) -> Option<&mut String> {
        Some(match i {
            0 => &mut self.email,
            1 => &mut self.phone,
            2 => &mut self.first_name,
            3 => &mut self.last_name,
            4 => &mut self.kind,
            5 => &mut self.department,
            6 => &mut self.position,
            7 => &mut self.roles,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    Utf8Bom,
    Windows1251,
}

#[derive(Debug)]
pub struct Parsed {
    pub rows: Vec<RawRow>,
    pub encoding: SourceEncoding,
    /// `b','` or `b';'`.
    pub delimiter: u8,
}

fn reader(delimiter: u8, text: &str) -> csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

fn line_number(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Line numbers as a person sees them in the file: a line ends at `\n`, at `\r\n` (once), and
/// at a lone `\r` (old Mac Excel); the `csv` crate counts `\n` alone, which put every record of
/// a CR-only file on line 1. Counts on from where it was last asked, so a file is read once.
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Line ends before `at`.
    ends: usize,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            at: 0,
            ends: 0,
        }
    }

    /// The 1-based line of byte `to`.
    fn of(&mut self, to: usize) -> i32 {
        let to = to.min(self.bytes.len());
        if to < self.at {
            (self.at, self.ends) = (0, 0);
        }
        let rest = self.bytes.get(self.at..to).unwrap_or_default();
        for (i, b) in rest.iter().enumerate() {
            let next = self.bytes.get(self.at + i + 1);
            self.ends += usize::from(*b == b'\n' || *b == b'\r' && next != Some(&b'\n'));
        }
        self.at = to;
        line_number(self.ends.saturating_add(1))
    }
}

/// Where the record just read really starts, byte and line: the reader's position is the end
/// of the record before, which may leave the `\n` of a CRLF and skipped blank lines in front.
fn start_of(record: &StringRecord, lines: &mut Lines<'_>) -> (usize, i32) {
    let mut at = record
        .position()
        .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
    while let Some(b'\r' | b'\n') = lines.bytes.get(at) {
        at += 1;
    }
    (at, lines.of(at))
}

/// Whether a record's raw bytes leave a quoted field open: the `csv` crate then takes the rest
/// of the file as that field without complaint. Mirrors its rules: a quote opens a field only
/// at the field's start, `""` inside is a quote.
fn quote_left_open(raw: &[u8], delimiter: u8) -> bool {
    #[derive(PartialEq)]
    enum S {
        FieldStart,
        Plain,
        Quoted,
        AfterQuote,
    }
    let mut s = S::FieldStart;
    for &b in raw {
        s = match (s, b) {
            (S::Quoted, b'"') => S::AfterQuote,
            (S::Quoted, _) => S::Quoted,
            (S::FieldStart, b'"') | (S::AfterQuote, b'"') => S::Quoted,
            (_, b'\r' | b'\n') => S::FieldStart,
            (_, b) if b == delimiter => S::FieldStart,
            _ => S::Plain,
        };
    }
    s == S::Quoted
}

fn malformed(e: &csv::Error, bytes: &[u8]) -> ReadError {
    let at = e
        .position()
        .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
    ReadError::Malformed {
        line: Lines::new(bytes).of(at),
    }
}

/// The first record with a non-empty cell, with its start (byte, line) and end byte.
fn header_record(
    rdr: &mut csv::Reader<&[u8]>,
    lines: &mut Lines<'_>,
) -> Result<(StringRecord, usize, i32, usize), ReadError> {
    let mut record = StringRecord::new();
    loop {
        if !rdr
            .read_record(&mut record)
            .map_err(|e| malformed(&e, lines.bytes))?
        {
            return Err(ReadError::Empty);
        }
        if !is_blank(&record) {
            let (start, line) = start_of(&record, lines);
            let end = usize::try_from(rdr.position().byte()).unwrap_or(lines.bytes.len());
            return Ok((record, start, line, end));
        }
    }
}

/// `;` when it splits the header row into more known column names than `,` does.
fn detect_delimiter(text: &str) -> u8 {
    let count = |d: u8| {
        header_record(&mut reader(d, text), &mut Lines::new(text.as_bytes()))
            .map_or(0, |(h, ..)| known_count(h.iter()))
    };
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// The rows of an import file, or why the whole file is refused.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Parsed, ReadError> {
    if bytes.len() > limits.max_bytes {
        return Err(ReadError::TooLarge {
            limit: limits.max_bytes,
        });
    }
    let (text, encoding) = decode(bytes)?;
    let delimiter = detect_delimiter(&text);
    let raw = text.as_bytes();
    let mut rdr = reader(delimiter, &text);
    let mut lines = Lines::new(raw);
    let (header, start, line, end) = header_record(&mut rdr, &mut lines)?;
    if quote_left_open(raw.get(start..end).unwrap_or_default(), delimiter) {
        return Err(ReadError::Malformed { line });
    }
    let columns = map_header(header.iter())?;

    let mut rows = Vec::new();
    let mut record = StringRecord::new();
    let mut last_start = None;
    while rdr
        .read_record(&mut record)
        .map_err(|e| malformed(&e, raw))?
    {
        let (start, line) = start_of(&record, &mut lines);
        last_start = Some((start, line));
        let mut row = RawRow {
            line,
            ..RawRow::default()
        };
        let mut blank = true;
        for (i, cell) in record.iter().enumerate() {
            let value = unprotect(cell.trim());
            if value.is_empty() || columns.get(i).copied().flatten() == Some(IGNORED) {
                continue;
            }
            blank = false;
            match columns.get(i) {
                Some(Some(c)) => match row.cell_mut(*c) {
                    Some(slot) => value.clone_into(slot),
                    None => return Err(ReadError::Malformed { line }),
                },
                // The header row left this column's cell empty.
                Some(None) => {
                    return Err(ReadError::UnnamedColumn {
                        column: i + 1,
                        line,
                    })
                }
                // More cells than the header row.
                None => return Err(ReadError::Malformed { line }),
            }
        }
        if blank {
            continue;
        }
        if rows.len() == limits.max_rows {
            return Err(ReadError::TooManyRows {
                limit: limits.max_rows,
            });
        }
        rows.push(row);
    }
    if let Some((start, line)) = last_start {
        if quote_left_open(raw.get(start..).unwrap_or_default(), delimiter) {
            return Err(ReadError::Malformed { line });
        }
    }
    if rows.is_empty() {
        return Err(ReadError::NoRows);
    }
    Ok(Parsed {
        rows,
        encoding,
        delimiter,
    })
}

/// Writes rows with a header of `COLUMNS` plus, when `error_header` is Some, an extra last
/// column of that name (the rejected-rows file), cells passed through `cells::protect`.
/// UTF-8 with BOM (so Excel opens it right), `,` delimiter, CRLF line ends.
pub fn write_rows<W: std::io::Write>(
    mut out: W,
    error_header: Option<&str>,
    rows: impl IntoIterator<Item = (RawRow, Option<String>)>,
) -> csv::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    for name in COLUMNS.iter().copied().chain(error_header) {
        w.write_field(protect(name).as_bytes())?;
    }
    w.write_record(None::<&[u8]>)?;
    for (row, error) in rows {
        for cell in row.cells() {
            w.write_field(protect(cell).as_bytes())?;
        }
        if error_header.is_some() {
            w.write_field(protect(error.as_deref().unwrap_or_default()).as_bytes())?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()?;
    Ok(())
}
