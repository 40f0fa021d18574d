//! Small helpers to read a received e-mail: headers (with RFC 2047 encoded-words), MIME parts
//! and their transfer encodings, links, and its dates for a snapshot.

/// The first value of header `name` (case-insensitive), unfolded, with
/// RFC 2047 encoded-words decoded; `None` if the header is absent.
pub fn header(raw: &str, name: &str) -> Option<String> {
    let (headers, _) = split_entity(raw);
    raw_header(headers, name).map(|value| decode_words(&value))
}

/// The decoded body of the first MIME part whose `Content-Type` starts with
/// `content_type_prefix` (e.g. `"text/plain"`), walking nested multiparts.
pub fn part(raw: &str, content_type_prefix: &str) -> Option<String> {
    let (headers, body) = split_entity(raw);
    let content_type =
        raw_header(headers, "Content-Type").unwrap_or_else(|| "text/plain".to_string());
    let mime_type = content_type.split(';').next().unwrap_or("").trim();
    if mime_type.to_ascii_lowercase().starts_with("multipart/") {
        let boundary = param(&content_type, "boundary")?;
        return multipart_parts(body, &boundary)
            .into_iter()
            .find_map(|p| part(p, content_type_prefix));
    }
    if !mime_type
        .to_ascii_lowercase()
        .starts_with(&content_type_prefix.to_ascii_lowercase())
    {
        return None;
    }
    let encoding = raw_header(headers, "Content-Transfer-Encoding").unwrap_or_default();
    let bytes = match encoding.trim().to_ascii_lowercase().as_str() {
        "quoted-printable" => decode_quoted_printable(body),
        "base64" => decode_base64(body),
        _ => body.as_bytes().to_vec(),
    };
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Decodes quoted-printable: `=XX` escapes and `=` soft line breaks.
pub fn decode_quoted_printable(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'=' {
            out.push(bytes[i]);
            i += 1;
        } else if bytes[i + 1..].starts_with(b"\r\n") {
            i += 3;
        } else if bytes[i + 1..].starts_with(b"\n") {
            i += 2;
        } else if let Some(byte) = bytes.get(i + 1..i + 3).and_then(hex_byte) {
            out.push(byte);
            i += 3;
        } else {
            // A stray `=`: keep it as it is.
            out.push(b'=');
            i += 1;
        }
    }
    out
}

/// Decodes standard base64, ignoring whitespace (and any other stray byte).
pub fn decode_base64(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// The first substring of `text` starting with `prefix`, up to whitespace,
/// `"`, `<`, `>` or `)`.
pub fn find_link(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | ')'))
        .unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

/// Splits an entity into its header block and its body.
fn split_entity(raw: &str) -> (&str, &str) {
    let mut offset = 0;
    for line in raw.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']).is_empty() {
            return (&raw[..offset], &raw[offset + line.len()..]);
        }
        offset += line.len();
    }
    (raw, "")
}

/// The first value of header `name` in a header block, unfolded, not decoded.
fn raw_header(headers: &str, name: &str) -> Option<String> {
    let mut lines = headers.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((field, value)) = line.split_once(':') else {
            continue;
        };
        if line.starts_with([' ', '\t']) || !field.trim().eq_ignore_ascii_case(name) {
            continue;
        }
        let mut value = value.to_string();
        while let Some(next) = lines.next_if(|l| l.starts_with([' ', '\t'])) {
            value.push_str(next);
        }
        return Some(value.trim().to_string());
    }
    None
}

/// A parameter of a structured header value, e.g. `boundary` of a `Content-Type`.
fn param(value: &str, name: &str) -> Option<String> {
    let mut rest = value.split_once(';')?.1;
    loop {
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (val, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                let next = quoted[end + 1..].split_once(';').map_or("", |(_, n)| n);
                (&quoted[..end], next)
            }
            None => after.split_once(';').unwrap_or((after, "")),
        };
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(val.trim().to_string());
        }
        rest = next;
    }
}

/// The body parts of a multipart body, without preamble and epilogue.
fn multipart_parts<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end();
        if let Some(tail) = content.strip_prefix(&delimiter) {
            if tail.is_empty() || tail == "--" {
                if let Some(s) = start {
                    // The line break before a delimiter belongs to the delimiter.
                    let part = &body[s..offset];
                    let part = part.strip_suffix('\n').unwrap_or(part);
                    parts.push(part.strip_suffix('\r').unwrap_or(part));
                }
                if tail == "--" {
                    return parts;
                }
                start = Some(offset + line.len());
            }
        }
        offset += line.len();
    }
    parts
}

/// Decodes the RFC 2047 encoded-words in an unfolded header value.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    // Bytes of adjacent encoded-words, decoded together so that a character
    // split across two words survives.
    let mut pending: Vec<u8> = Vec::new();
    let mut pending_latin1 = false;
    let mut gap = String::new();
    let mut rest = value;
    while !rest.is_empty() {
        if let Some((bytes, latin1, len)) = encoded_word(rest) {
            // Whitespace between two encoded-words is dropped.
            if pending.is_empty() || latin1 != pending_latin1 {
                flush(&mut out, &mut pending, pending_latin1);
                out.push_str(&gap);
            }
            gap.clear();
            pending.extend(bytes);
            pending_latin1 = latin1;
            rest = &rest[len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c.is_whitespace() && !pending.is_empty() {
            gap.push(c);
        } else {
            flush(&mut out, &mut pending, pending_latin1);
            out.push_str(&gap);
            gap.clear();
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut out, &mut pending, pending_latin1);
    out.push_str(&gap);
    out
}

fn flush(out: &mut String, pending: &mut Vec<u8>, latin1: bool) {
    if latin1 {
        out.extend(pending.iter().map(|&b| char::from(b)));
    } else {
        out.push_str(&String::from_utf8_lossy(pending));
    }
    pending.clear();
}

/// Parses `=?charset?b|q?text?=` at the start of `s`: its bytes, whether the
/// charset is Latin-1 (otherwise UTF-8 is assumed), and its length in `s`.
fn encoded_word(s: &str) -> Option<(Vec<u8>, bool, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (charset, inner) = inner.split_once('?')?;
    let (encoding, inner) = inner.split_once('?')?;
    let end = inner.find("?=")?;
    let text = &inner[..end];
    let has_space = |s: &str| s.contains(char::is_whitespace);
    if charset.is_empty() || has_space(charset) || has_space(text) {
        return None;
    }
    let bytes = match encoding {
        "b" | "B" => decode_base64(text),
        "q" | "Q" => decode_quoted_printable(&text.replace('_', " ")),
        _ => return None,
    };
    let len = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    // A charset may carry an RFC 2231 language suffix: `utf-8*en`.
    let charset = charset.split('*').next().unwrap_or("").to_ascii_lowercase();
    let latin1 = matches!(charset.as_str(), "iso-8859-1" | "latin1" | "windows-1252");
    Some((bytes, latin1, len))
}

/// The byte written as two hex digits.
fn hex_byte(pair: &[u8]) -> Option<u8> {
    let digit = |b: u8| char::from(b).to_digit(16);
    u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()
}

/// A message's dates ("9 December 2026, 05:05 UTC", "9 декабря 2026 г., 05:05 UTC") as
/// `[date en]` and `[date ru]`: what changes from run to run goes, the language it was written
/// in stays for the snapshot to check. A date written any other way is left as it is.
pub fn redact_dates(text: &str) -> String {
    let long = regex::Regex::new(r"\b\d{1,2} (\p{L}+) \d{4}( г\.)?, \d{2}:\d{2} UTC").unwrap();
    long.replace_all(text, |c: &regex::Captures| {
        let month = &c[1];
        if month.chars().all(|ch| ch.is_ascii_alphabetic()) {
            "[date en]".to_owned()
        } else {
            "[date ru]".to_owned()
        }
    })
    .into_owned()
}
