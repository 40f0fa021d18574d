//! Headless Chromium driven through chromedriver with fantoccini.
//!
//! Browser tests are skipped when Chromium or chromedriver is missing, unless
//! `INVITELY_REQUIRE_BROWSER=1` makes that a failure.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// A headless Chromium session; dropping it ends the session and chromedriver.
pub struct Browser {
    /// The WebDriver client.
    pub client: fantoccini::Client,
    driver: Child,
    /// WebDriver port and session id, while the session is open.
    session: Option<(u16, String)>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium session.
    ///
    /// Returns `None` (after printing a `SKIPPED` line) when Chromium or
    /// chromedriver is missing, unless `INVITELY_REQUIRE_BROWSER=1`, in which
    /// case it panics.
    pub async fn start(test_name: &str) -> Option<Browser> {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            if std::env::var("INVITELY_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!(
                    "browser test {test_name}: INVITELY_REQUIRE_BROWSER=1 but \
                     {CHROMEDRIVER} or {CHROMIUM} is missing"
                );
            }
            super::skips::skipped(
                &format!("browser test {test_name}"),
                &format!("{CHROMEDRIVER} or {CHROMIUM} not found"),
            );
            return None;
        }

        let profile = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("browser test {test_name}: cannot run chromedriver: {e}"));

        let ready = tokio::task::spawn_blocking(move || wait_ready(port, Duration::from_secs(10)))
            .await
            .unwrap();
        if !ready {
            let _ = driver.kill();
            let _ = driver.wait();
            panic!("browser test {test_name}: chromedriver did not become ready on port {port}");
        }

        let user_data_dir = format!("--user-data-dir={}", profile.path().display());
        let options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900",
                user_data_dir,
            ],
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".to_string(), options);

        let connected = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        let client = match connected {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!("browser test {test_name}: cannot start a Chromium session: {e}");
            }
        };
        let session = client
            .session_id()
            .await
            .ok()
            .flatten()
            .map(|id| (port, id));
        Some(Browser {
            client,
            driver,
            session,
            _profile: profile,
        })
    }

    /// Saves a PNG screenshot of the current page to `path`.
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client.screenshot().await.unwrap();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(path, png).unwrap();
    }

    /// Ends the session (closing Chromium) and stops chromedriver.
    pub async fn close(mut self) {
        if self.client.clone().close().await.is_ok() {
            self.session = None;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Without a closed session, killing chromedriver alone would leave
        // Chromium running: end the session first, synchronously.
        if let Some((port, id)) = self.session.take() {
            let _ = http_request(port, "DELETE", &format!("/session/{id}"));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Polls chromedriver's `GET /status` until it answers `200` or `timeout` passes.
fn wait_ready(port: u16, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Ok(response) = http_request(port, "GET", "/status") {
            if response.starts_with("HTTP/1.1 200") {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Sends a bodiless HTTP/1.1 request to `127.0.0.1:port` and returns the
/// status line of the answer.
fn http_request(port: u16, method: &str, path: &str) -> std::io::Result<String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    let mut buf = [0; 1024];
    while !response.windows(2).any(|w| w == b"\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&buf[..n]);
    }
    let response = String::from_utf8_lossy(&response);
    Ok(response.lines().next().unwrap_or("").to_string())
}
