//! A real, minimal SMTP server for tests (std only, one thread per connection).
//!
//! It accepts every envelope, answers the end of `DATA` from a script
//! ([`SmtpSink::script`]) and keeps the messages it accepted. It can be taken
//! down and brought back up on the same port ([`SmtpSink::set_down`]), and can
//! hold messages before their answer until told to let them go
//! ([`SmtpSink::hold_after`]).

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How often the accept loop checks whether it should stop.
const ACCEPT_POLL: Duration = Duration::from_millis(5);

/// A message the sink accepted with `250`.
#[derive(Clone, Debug)]
pub struct ReceivedMail {
    /// The `MAIL FROM` address, without `<>`.
    pub from: String,
    /// The `RCPT TO` addresses, without `<>`.
    pub to: Vec<String>,
    /// The raw message after dot-unstuffing, lines ending in CRLF.
    pub data: String,
}

/// The answer to the end of `DATA` for one message.
#[derive(Clone, Debug)]
pub enum Reply {
    /// `250`: the message is accepted and stored.
    Ok,
    /// A full 4xx line, e.g. `"451 4.3.0 Try again later"`; nothing is stored.
    Temporary(String),
    /// A full 5xx line, e.g. `"550 5.1.1 Mailbox unavailable"`; nothing is stored.
    Permanent(String),
}

/// State shared between the sink handle and its threads.
#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<ReceivedMail>>,
    script: Mutex<VecDeque<Reply>>,
    connections: AtomicUsize,
    /// Per `DATA`: from the first line of content to the end-of-data marker (see
    /// [`SmtpSink::data_spans`]).
    data_spans: Mutex<Vec<Duration>>,
    /// Open client connections, so that going down can cut them.
    open: Mutex<HashMap<u64, TcpStream>>,
    next_id: AtomicU64,
    /// How long each message waits before its `250` (a slow server).
    delay: Mutex<Duration>,
    /// Messages held before their answer (see [`SmtpSink::hold_after`]).
    gate: Mutex<Gate>,
    /// Signalled when the gate opens or a message starts waiting at it.
    gate_moved: Condvar,
    /// The answer to `AUTH` once the credentials are read (see [`SmtpSink::refuse_auth`]);
    /// `None`: `235`.
    auth_reply: Mutex<Option<String>>,
    /// `AUTH` commands answered so far.
    auths: AtomicUsize,
}

/// Which messages wait before their answer, and how many wait now.
#[derive(Default)]
struct Gate {
    /// Messages that would be accepted with at least this many already accepted wait.
    from: Option<usize>,
    held: usize,
}

impl Shared {
    /// Waits here while the gate holds this message (the sink's other connections go on).
    fn pass_gate(&self) {
        let holds = |g: &Gate| {
            g.from
                .is_some_and(|from| self.messages.lock().unwrap().len() >= from)
        };
        let mut gate = self.gate.lock().unwrap();
        if !holds(&gate) {
            return;
        }
        gate.held += 1;
        self.gate_moved.notify_all();
        let mut gate = self.gate_moved.wait_while(gate, |g| holds(g)).unwrap();
        gate.held -= 1;
    }

    fn open_gate(&self) {
        self.gate.lock().unwrap().from = None;
        self.gate_moved.notify_all();
    }
}

/// The running accept loop; dropping the listener inside it closes the port.
struct Acceptor {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

/// A test SMTP server on `127.0.0.1`.
pub struct SmtpSink {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Mutex<Option<Acceptor>>,
}

impl SmtpSink {
    /// Starts a sink on `127.0.0.1` with a free port.
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared::default());
        let acceptor = spawn_acceptor(listener, Arc::clone(&shared));
        SmtpSink {
            port,
            shared,
            acceptor: Mutex::new(Some(acceptor)),
        }
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Sets the end-of-`DATA` answers for the next messages, in order;
    /// once they are used up every message gets `250`.
    pub fn script(&self, replies: Vec<Reply>) {
        *self.shared.script.lock().unwrap() = replies.into();
    }

    /// Takes the server down (the port is closed, so connecting is refused,
    /// and open connections are cut) or brings it back up on the same port.
    pub fn set_down(&self, down: bool) {
        let mut acceptor = self.acceptor.lock().unwrap();
        if down {
            if let Some(running) = acceptor.take() {
                stop_acceptor(running);
                self.cut_connections();
            }
        } else if acceptor.is_none() {
            let listener = bind_retrying(self.port);
            *acceptor = Some(spawn_acceptor(listener, Arc::clone(&self.shared)));
        }
    }

    /// `smtp://USER:PASSWORD@127.0.0.1:PORT`: the client signs in (a relay on this machine,
    /// which the configuration allows over plain SMTP).
    pub fn url_with_login(&self, user: &str, password: &str) -> String {
        format!("smtp://{user}:{password}@127.0.0.1:{}", self.port)
    }

    /// Answers every `AUTH` with `reply` (a full line, e.g. `"535 5.7.8 bad credentials"`),
    /// as a server does to a wrong password; `None` accepts again.
    pub fn refuse_auth(&self, reply: Option<&str>) {
        *self.shared.auth_reply.lock().unwrap() = reply.map(str::to_owned);
    }

    /// How many `AUTH` commands were answered so far.
    pub fn auths(&self) -> usize {
        self.shared.auths.load(Ordering::SeqCst)
    }

    /// Makes the server slow: each message waits `delay` before its answer.
    pub fn set_delay(&self, delay: Duration) {
        *self.shared.delay.lock().unwrap() = delay;
    }

    /// Lets the next `n` messages through, then holds every later one, its content read,
    /// before its answer, until [`SmtpSink::release`]: a sender is stopped at a known point.
    pub fn hold_after(&self, n: usize) {
        let from = self.shared.messages.lock().unwrap().len() + n;
        self.shared.gate.lock().unwrap().from = Some(from);
    }

    /// Waits until a message is held by [`SmtpSink::hold_after`]; false if none is by `timeout`.
    pub fn wait_held(&self, timeout: Duration) -> bool {
        let gate = self.shared.gate.lock().unwrap();
        let (gate, _) = self
            .shared
            .gate_moved
            .wait_timeout_while(gate, timeout, |g| g.held == 0)
            .unwrap();
        gate.held > 0
    }

    /// Answers the held messages and holds no more.
    pub fn release(&self) {
        self.shared.open_gate();
    }

    /// The messages answered `250` so far.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.shared.messages.lock().unwrap().clone()
    }

    /// For every message, how long the sink waited between the first line of its content and
    /// the end-of-data marker `.`. A client that writes the body and the marker back to back
    /// shows microseconds; one whose marker is held back by Nagle's algorithm until the delayed
    /// ACK of the body shows 40 ms or more (Linux's minimum delayed-ACK time).
    pub fn data_spans(&self) -> Vec<Duration> {
        self.shared.data_spans.lock().unwrap().clone()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    fn cut_connections(&self) {
        for (_, stream) in self.shared.open.lock().unwrap().drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let acceptor = match self.acceptor.get_mut() {
            Ok(acceptor) => acceptor.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(acceptor) = acceptor {
            stop_acceptor(acceptor);
        }
        // A test that failed while messages were held leaves no connection waiting.
        if let Ok(mut gate) = self.shared.gate.lock() {
            gate.from = None;
            self.shared.gate_moved.notify_all();
        }
        if let Ok(mut open) = self.shared.open.lock() {
            for (_, stream) in open.drain() {
                let _ = stream.shutdown(Shutdown::Both);
            }
        }
    }
}

/// Binds `127.0.0.1:port` again, retrying for a while if it is still busy.
fn bind_retrying(port: u16) -> TcpListener {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match TcpListener::bind(addr) {
            Ok(listener) => return listener,
            Err(_) if Instant::now() < deadline => thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("SmtpSink: cannot re-bind port {port}: {e}"),
        }
    }
}

fn spawn_acceptor(listener: TcpListener, shared: Arc<Shared>) -> Acceptor {
    listener.set_nonblocking(true).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let thread = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || accept_loop(&listener, &shared, &stop))
    };
    Acceptor { stop, thread }
}

/// Stops the accept loop and waits for it, so the port is closed on return.
fn stop_acceptor(acceptor: Acceptor) {
    acceptor.stop.store(true, Ordering::SeqCst);
    let _ = acceptor.thread.join();
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let shared = Arc::clone(shared);
                thread::spawn(move || serve_connection(stream, &shared));
            }
            // `WouldBlock` (nothing to accept) or a transient error.
            Err(_) => thread::sleep(ACCEPT_POLL),
        }
    }
}

/// Serves one connection, keeping it registered so it can be cut.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
    if stream.set_nonblocking(false).is_err() {
        return;
    }
    if let Ok(clone) = stream.try_clone() {
        shared.open.lock().unwrap().insert(id, clone);
    }
    let _ = Session::new(stream, shared).run();
    shared.open.lock().unwrap().remove(&id);
}

/// One SMTP conversation.
struct Session<'a> {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    shared: &'a Shared,
    from: Option<String>,
    to: Vec<String>,
}

impl<'a> Session<'a> {
    fn new(stream: TcpStream, shared: &'a Shared) -> Self {
        let writer = stream.try_clone().unwrap();
        Session {
            reader: BufReader::new(stream),
            writer,
            shared,
            from: None,
            to: Vec::new(),
        }
    }

    fn run(mut self) -> std::io::Result<()> {
        self.send("220 localhost ESMTP invitely test sink")?;
        while let Some(line) = self.read_line()? {
            let upper = line.to_ascii_uppercase();
            let verb = upper.split_whitespace().next().unwrap_or("");
            match verb {
                "EHLO" => self.send(
                    "250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 AUTH PLAIN LOGIN",
                )?,
                "HELO" => self.send("250 localhost")?,
                "MAIL" if upper.starts_with("MAIL FROM:") => {
                    self.reset();
                    self.from = Some(address(&line["MAIL FROM:".len()..]));
                    self.send("250 2.1.0 OK")?;
                }
                "RCPT" if upper.starts_with("RCPT TO:") => {
                    if self.from.is_none() {
                        self.send("503 5.5.1 Need MAIL first")?;
                    } else {
                        self.to.push(address(&line["RCPT TO:".len()..]));
                        self.send("250 2.1.5 OK")?;
                    }
                }
                "DATA" => self.data()?,
                "RSET" => {
                    self.reset();
                    self.send("250 2.0.0 OK")?;
                }
                "NOOP" => self.send("250 2.0.0 OK")?,
                "AUTH" => self.auth(&upper)?,
                "QUIT" => {
                    self.send("221 2.0.0 Bye")?;
                    return Ok(());
                }
                _ => self.send("502 5.5.2 Command not recognized")?,
            }
        }
        Ok(())
    }

    /// Handles `DATA`: reads the message and answers from the script.
    fn data(&mut self) -> std::io::Result<()> {
        let Some(from) = self.from.take() else {
            return self.send("503 5.5.1 Need MAIL first");
        };
        if self.to.is_empty() {
            self.from = Some(from);
            return self.send("503 5.5.1 Need RCPT first");
        }
        self.send("354 End data with <CR><LF>.<CR><LF>")?;
        let mut data = String::new();
        let mut first_line_at = None;
        loop {
            let Some(line) = self.read_line()? else {
                return Ok(());
            };
            let at = *first_line_at.get_or_insert_with(Instant::now);
            if line == "." {
                self.shared.data_spans.lock().unwrap().push(at.elapsed());
                break;
            }
            data.push_str(line.strip_prefix('.').unwrap_or(&line));
            data.push_str("\r\n");
        }
        let to = std::mem::take(&mut self.to);
        let delay = *self.shared.delay.lock().unwrap();
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        self.shared.pass_gate();
        let reply = self.shared.script.lock().unwrap().pop_front();
        match reply.unwrap_or(Reply::Ok) {
            Reply::Ok => {
                let mail = ReceivedMail { from, to, data };
                self.shared.messages.lock().unwrap().push(mail);
                self.send("250 2.0.0 OK queued")
            }
            Reply::Temporary(line) | Reply::Permanent(line) => self.send(&line),
        }
    }

    /// Accepts any credentials for `AUTH PLAIN` and `AUTH LOGIN`, unless told to refuse them.
    fn auth(&mut self, upper: &str) -> std::io::Result<()> {
        let args: Vec<&str> = upper.split_whitespace().skip(1).collect();
        let challenges = match args.as_slice() {
            ["PLAIN", _] => 0,
            ["PLAIN"] => 1,
            ["LOGIN", _] => 1,
            ["LOGIN"] => 2,
            _ => return self.send("504 5.5.4 Unrecognized authentication type"),
        };
        // Base64 of "Username:" and "Password:" for LOGIN; empty for PLAIN.
        let prompts: &[&str] = if args[0] == "LOGIN" {
            &["334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6"]
        } else {
            &["334 "]
        };
        for prompt in &prompts[prompts.len() - challenges..] {
            self.send(prompt)?;
            if self.read_line()?.is_none() {
                return Ok(());
            }
        }
        self.shared.auths.fetch_add(1, Ordering::SeqCst);
        let refused = self.shared.auth_reply.lock().unwrap().clone();
        match refused {
            Some(line) => self.send(&line),
            None => self.send("235 2.7.0 Authentication successful"),
        }
    }

    fn reset(&mut self) {
        self.from = None;
        self.to.clear();
    }

    /// Reads one line without its line ending; `None` at end of stream.
    fn read_line(&mut self) -> std::io::Result<Option<String>> {
        let mut buf = Vec::new();
        if self.reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        if buf.ends_with(b"\n") {
            buf.pop();
        }
        if buf.ends_with(b"\r") {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    /// Sends a (possibly multi-line) reply, adding the final CRLF.
    fn send(&mut self, reply: &str) -> std::io::Result<()> {
        self.writer.write_all(reply.as_bytes())?;
        self.writer.write_all(b"\r\n")?;
        self.writer.flush()
    }
}

/// Extracts the address from `<a@b> SIZE=123 BODY=8BITMIME` (or `a@b`).
fn address(arg: &str) -> String {
    let arg = arg.trim_start();
    match arg.strip_prefix('<') {
        Some(rest) => rest.split('>').next().unwrap_or("").to_string(),
        None => arg.split_whitespace().next().unwrap_or("").to_string(),
    }
}
