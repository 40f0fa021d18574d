//! Logging for the binary and the tests: one subscriber whose writer redacts link tokens on
//! every line, whatever wrote it (our handlers, actix, libraries through `log`), and a panic
//! hook that reports through it (docs/SECURITY.md A13).

use std::borrow::Cow;
use std::io::{self, Write};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};
use tracing_subscriber::EnvFilter;

/// Paths whose next segment is a live token.
pub const TOKEN_PREFIXES: [&str; 3] = ["/invite/", "/setup/", "/password/reset/"];

pub const REDACTED: &str = "[token]";

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'%' | b'+' | b'=')
}

/// The one redaction: `/invite/<token>` → `/invite/[token]` (and `/setup/`, `/password/reset/`),
/// wherever in `text` such a path appears, in any letter case, with repeated slashes.
pub fn redact(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    let lower = lower.as_bytes();
    if !TOKEN_PREFIXES
        .iter()
        .any(|p| lower.windows(p.len()).any(|w| w == p.as_bytes()))
    {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        let Some(prefix) = TOKEN_PREFIXES
            .iter()
            .find(|p| lower[i..].starts_with(p.as_bytes()))
        else {
            i += 1;
            continue;
        };
        let mut start = i + prefix.len();
        while start < bytes.len() && bytes[start] == b'/' {
            start += 1;
        }
        let mut end = start;
        while end < bytes.len() && is_token_byte(bytes[end]) {
            end += 1;
        }
        if end > start {
            // Both ends sit next to ASCII bytes, so they are character boundaries.
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = end;
        }
        i = end.max(i + 1);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// A writer that passes on whole lines, redacted; a last partial line goes when it is dropped.
pub struct RedactingWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> RedactingWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, upto: usize) -> io::Result<()> {
        let chunk: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&chunk);
        self.inner.write_all(redact(&text).as_bytes())
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = self.pending.iter().rposition(|b| *b == b'\n') {
            self.emit(last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.emit(self.pending.len());
        }
        let _ = self.inner.flush();
    }
}

/// Wraps a `MakeWriter` so that everything written through it is redacted.
pub struct Redacting<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter::new(self.0.make_writer())
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Self::Writer {
        RedactingWriter::new(self.0.make_writer_for(meta))
    }
}

/// `RUST_LOG`, or info (actix-server's chatter at warn).
pub fn default_filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,actix_server=warn".into())
}

/// `RUST_LOG`, or warnings only: a one-shot command's (import, seed, migrate) own output is
/// what it prints, not one audit line per card.
pub fn command_filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into())
}

/// The application's subscriber: plain text (no colour codes), every line redacted.
pub fn subscriber<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Redacting(writer))
        .finish()
}

/// Installs `subscriber` globally, with `log` records routed through it.
pub fn install<W>(filter: EnvFilter, writer: W) -> Result<(), TryInitError>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    subscriber(filter, writer).try_init()
}

/// A panic hook that reports through `tracing` (so the message is redacted like any line)
/// instead of printing to stderr.
pub fn report_panic(info: &std::panic::PanicHookInfo<'_>) {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    let location = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let thread = std::thread::current();
    let backtrace = std::backtrace::Backtrace::capture();
    let backtrace = match backtrace.status() {
        std::backtrace::BacktraceStatus::Captured => format!("\n{backtrace}"),
        _ => String::new(),
    };
    tracing::error!(
        target: "panic",
        thread = thread.name().unwrap_or("unnamed"),
        location = %location,
        "panicked: {message}{backtrace}"
    );
}

pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(report_panic));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_reach_the_log() {
        assert_eq!(redact("/invite/abcDEF123"), "/invite/[token]");
        assert_eq!(redact("/setup/xyz/extra"), "/setup/[token]/extra");
        assert_eq!(redact("/admin/users"), "/admin/users");
        assert_eq!(
            redact("GET http://h/password/reset/a-b_c?x=1 and path=/INVITE//tok end"),
            "GET http://h/password/reset/[token]?x=1 and path=/INVITE//[token] end"
        );
        assert_eq!(
            redact("\"/invite/tok\" é /setup/"),
            "\"/invite/[token]\" é /setup/"
        );
        assert_eq!(
            redact("/invite/tok%20x/invite/t2"),
            "/invite/[token]/invite/[token]"
        );
    }

    #[test]
    fn the_writer_redacts_lines_split_over_writes() {
        let mut out = Vec::new();
        {
            let mut w = RedactingWriter::new(&mut out);
            w.write_all(b"path=/invi").unwrap();
            w.write_all(b"te/secret1 ok\npath=/setup/sec").unwrap();
            w.write_all(b"ret2").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "path=/invite/[token] ok\npath=/setup/[token]");
    }
}
