//! A minimal HTTP/1.1 server standing in for the SMS provider (std only).
//!
//! It takes `POST` requests with a body, answers each with the next status of
//! its script ([`SmsSink::script`], then `200`) and keeps the bodies of the
//! requests it answered with a 2xx status. It can hold the next request's reply
//! until told to answer ([`SmsSink::hold_next`]), to look at what happens while
//! a message is on its way.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A request answered with a 2xx status.
#[derive(Clone, Debug)]
pub struct SmsRequest {
    /// The request target, e.g. `/send`.
    pub path: String,
    /// The request body (JSON), as text.
    pub body: String,
}

#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<SmsRequest>>,
    script: Mutex<VecDeque<u16>>,
    attempts: AtomicUsize,
    hold: Mutex<Hold>,
    answer: Condvar,
}

/// Whether the next request's reply is held, and whether one is being held.
#[derive(Default)]
struct Hold {
    next: bool,
    holding: bool,
}

/// A test SMS gateway on `127.0.0.1`.
pub struct SmsSink {
    port: u16,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SmsSink {
    /// Starts a sink on `127.0.0.1` with a free port.
    pub fn start() -> SmsSink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let shared = Arc::new(Shared::default());
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (shared, stop) = (Arc::clone(&shared), Arc::clone(&stop));
            thread::spawn(move || accept_loop(&listener, &shared, &stop))
        };
        SmsSink {
            port,
            shared,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/send`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/send", self.port)
    }

    /// Sets the statuses for the next requests, in order; then `200`.
    pub fn script(&self, statuses: Vec<u16>) {
        *self.shared.script.lock().unwrap() = statuses.into();
    }

    /// Bodies of the requests answered with a 2xx status.
    pub fn messages(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.body).collect()
    }

    /// Path and body of the requests answered with a 2xx status.
    pub fn requests(&self) -> Vec<SmsRequest> {
        self.shared.requests.lock().unwrap().clone()
    }

    /// How many requests arrived, whatever they were answered.
    pub fn attempts(&self) -> usize {
        self.shared.attempts.load(Ordering::SeqCst)
    }

    /// The next request that arrives waits for its reply until [`SmsSink::answer_held`]
    /// (it counts in [`SmsSink::attempts`] as soon as it has arrived).
    pub fn hold_next(&self) {
        self.shared.hold.lock().unwrap().next = true;
    }

    /// Answers the request being held, if any.
    pub fn answer_held(&self) {
        let mut hold = self.shared.hold.lock().unwrap();
        hold.next = false;
        hold.holding = false;
        self.shared.answer.notify_all();
    }
}

impl Drop for SmsSink {
    fn drop(&mut self) {
        self.answer_held();
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let shared = Arc::clone(shared);
                thread::spawn(move || {
                    let _ = serve(stream, &shared);
                });
            }
            // `WouldBlock` (nothing to accept) or a transient error.
            Err(_) => thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// Reads one request, answers it and closes the connection.
fn serve(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);

    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();

    let mut content_length = 0;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("content-length") {
                content_length = value.parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.eq_ignore_ascii_case("chunked");
            }
        }
    }
    let body = if chunked {
        read_chunked(&mut reader)?
    } else {
        let mut body = vec![0; content_length];
        reader.read_exact(&mut body)?;
        body
    };
    let body = String::from_utf8_lossy(&body).into_owned();

    {
        let mut hold = shared.hold.lock().unwrap();
        shared.attempts.fetch_add(1, Ordering::SeqCst);
        if std::mem::take(&mut hold.next) {
            hold.holding = true;
            while hold.holding {
                hold = shared.answer.wait(hold).unwrap();
            }
        }
    }
    let status = if method == "POST" {
        shared.script.lock().unwrap().pop_front().unwrap_or(200)
    } else {
        405
    };
    let reply = if (200..300).contains(&status) {
        shared
            .requests
            .lock()
            .unwrap()
            .push(SmsRequest { path, body });
        r#"{"ok":true}"#.to_string()
    } else {
        format!(r#"{{"error":"status {status}"}}"#)
    };
    write!(
        writer,
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reason(status),
        reply.len(),
    )?;
    writer.flush()
}

/// Reads a `Transfer-Encoding: chunked` body.
fn read_chunked(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line)?;
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16).unwrap_or(0);
        if size == 0 {
            // Skip any trailers up to the final empty line.
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = String::new();
        reader.read_line(&mut crlf)?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
