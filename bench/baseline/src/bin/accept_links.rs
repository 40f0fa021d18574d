//! `accept_links HOST:PORT LINKS_FILE CLIENTS`: accepts every invitation in LINKS_FILE (one path
//! `/invite/…` per line) at the server on HOST:PORT, CLIENTS at a time, as a browser does: GET
//! the landing page (its CSRF cookie and the form's token), then POST the new-account form with
//! both. Prints `ACCEPTED OTHER SECONDS GET_MS POST_MS` (accepted = answered 303; the mean
//! time from sending a GET, and a POST, to having read its whole answer).
//!
//! P4's load generator. It runs on the same cores as the server it measures, so it is written to
//! cost little: std only, one keep-alive connection per client, no HTML parser.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

const PASSWORD: &str = "correct horse battery 42";

struct Response {
    status: u16,
    cookies: Vec<String>,
    location: String,
    body: String,
    close: bool,
}

fn connect(addr: &str) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(addr).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    BufReader::new(stream)
}

/// Sends one request and reads its response (Content-Length or chunked body).
fn exchange(conn: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<Response> {
    conn.get_mut().write_all(request)?;
    let mut line = String::new();
    conn.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let (mut length, mut chunked, mut close) = (0usize, false, false);
    let (mut cookies, mut location) = (Vec::new(), String::new());
    loop {
        line.clear();
        conn.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().map_err(std::io::Error::other)?,
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "connection" => close = value.to_ascii_lowercase().contains("close"),
            "location" => location = value.to_owned(),
            "set-cookie" => cookies.push(value.split(';').next().unwrap_or("").to_owned()),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            conn.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16).map_err(std::io::Error::other)?;
            let start = body.len();
            body.resize(start + size + 2, 0);
            conn.read_exact(&mut body[start..])?;
            body.truncate(start + size);
            if size == 0 {
                break;
            }
        }
    } else {
        body.resize(length, 0);
        conn.read_exact(&mut body)?;
    }
    Ok(Response {
        status,
        cookies,
        location,
        body: String::from_utf8_lossy(&body).into_owned(),
        close,
    })
}

/// `application/x-www-form-urlencoded` for a value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn csrf_token(page: &str) -> Option<&str> {
    let at = page.find("name=\"csrf_token\"")?;
    let rest = &page[at..];
    let value = &rest[rest.find("value=\"")? + 7..];
    Some(&value[..value.find('"')?])
}

/// One acceptance on `conn` (to `host`): whether the POST was accepted — answered with the
/// redirect to the new member's home, `303` to `/` — and whether the server closed the
/// connection.
fn accept(
    conn: &mut BufReader<TcpStream>,
    host: &str,
    path: &str,
    waited: &mut Waited,
) -> std::io::Result<(bool, bool)> {
    let asked = Instant::now();
    let page = exchange(
        conn,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
    )?;
    let token = csrf_token(&page.body)
        .ok_or_else(|| std::io::Error::other(format!("{path}: {} without a form", page.status)))?;
    let body = format!(
        "csrf_token={}&first_name=Bench&last_name=Person&password={p}&password_confirm={p}",
        encode(token),
        p = encode(PASSWORD)
    );
    waited.get += asked.elapsed().as_secs_f64();
    if page.close {
        *conn = connect(host);
    }
    let asked = Instant::now();
    let done = exchange(
        conn,
        format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            page.cookies.join("; "),
            body.len()
        )
        .as_bytes(),
    )?;
    waited.post += asked.elapsed().as_secs_f64();
    Ok((done.status == 303 && done.location == "/", done.close))
}

/// Seconds spent waiting for answers to GETs and to POSTs.
#[derive(Default)]
struct Waited {
    get: f64,
    post: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (addr, links, clients) = (args[0].clone(), &args[1], args[2].parse::<usize>().unwrap());
    let links: Arc<Vec<String>> = Arc::new(
        std::fs::read_to_string(links)
            .expect("links file")
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let (addr, links, next) = (addr.clone(), Arc::clone(&links), Arc::clone(&next));
            std::thread::spawn(move || {
                let (mut accepted, mut other) = (0u32, 0u32);
                let mut waited = Waited::default();
                let mut conn = connect(&addr);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = links.get(i) else { break };
                    match accept(&mut conn, &addr, path, &mut waited) {
                        Ok((ok, close)) => {
                            if ok {
                                accepted += 1;
                            } else {
                                other += 1;
                            }
                            if close {
                                conn = connect(&addr);
                            }
                        }
                        Err(e) => {
                            eprintln!("{path}: {e}");
                            other += 1;
                            conn = connect(&addr);
                        }
                    }
                }
                (accepted, other, waited)
            })
        })
        .collect();
    let (mut accepted, mut other, mut waited) = (0, 0, Waited::default());
    for h in handles {
        let (a, o, w) = h.join().unwrap();
        accepted += a;
        other += o;
        waited.get += w.get;
        waited.post += w.post;
    }
    let seconds = started.elapsed().as_secs_f64();
    let asked = f64::from((accepted + other).max(1));
    println!(
        "{accepted} {other} {seconds:.6} {:.3} {:.3}",
        waited.get * 1000.0 / asked,
        waited.post * 1000.0 / asked
    );
}
