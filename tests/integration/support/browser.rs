//! Headless Chromium driven through chromedriver with fantoccini, and the steps a person
//! takes: `fill(id, text)`, `click(css)`, `expect_text(css, text)`, and `shots(name)` for
//! screenshots at desktop and phone widths, each checked by axe-core.
//!
//! Browser tests are skipped when Chromium or chromedriver is missing, unless
//! `INVITELY_REQUIRE_BROWSER=1` makes that a failure. Screenshots land in
//! `target/screenshots/`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
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
    /// axe-core's source, when installed (see `axe_source`).
    axe: Option<String>,
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
            axe: axe_source(),
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

    /// Opens a URL.
    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Types `text` into the field with this id, replacing what it held.
    pub async fn fill(&self, id: &str, text: &str) {
        let field = self
            .client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("no field #{id}: {e}"));
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("nothing matches {css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// Clicks the first element matching `css` — a submit button or a link — and waits (up
    /// to 15 s) until the page it leads to has loaded. A plain `click` returns before the
    /// navigation ends, so the next step could act on the old page (or a `goto` cut the
    /// request short before its cookie arrived).
    pub async fn submit(&self, css: &str) {
        self.client
            .execute("window.__invitelyOldPage = true;", vec![])
            .await
            .unwrap();
        self.click(css).await;
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            // Fails while the navigation is under way; `true` once the new page is complete.
            let loaded = self
                .client
                .execute(
                    "return document.readyState === 'complete' && !window.__invitelyOldPage;",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if loaded {
                return;
            }
            if Instant::now() > deadline {
                self.screenshot(&shot("failure")).await;
                let source = self.client.source().await.unwrap_or_default();
                panic!("clicking {css} never led to a new page; page:\n{source}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The current value of the field with this id.
    pub async fn value(&self, id: &str) -> Option<String> {
        let field = self.client.find(Locator::Id(id)).await.unwrap();
        field.prop("value").await.unwrap()
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        let el = self.client.find(Locator::Css(css)).await.unwrap();
        el.text().await.unwrap()
    }

    /// Whether the first element matching `css` is shown (not hidden by a style).
    pub async fn displayed(&self, css: &str) -> bool {
        let el = self.client.find(Locator::Css(css)).await.unwrap();
        el.is_displayed().await.unwrap()
    }

    /// The window's size in CSS pixels (the screenshots set their own and come back to 1280).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap().len()
    }

    /// Waits (up to 15 s) until the first element matching `css` contains `text`; on failure
    /// saves `failure.png` and shows the page's source.
    pub async fn expect_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if el.text().await.unwrap_or_default().contains(text) {
                    return;
                }
            }
            if Instant::now() > deadline {
                self.screenshot(&shot("failure")).await;
                let source = self.client.source().await.unwrap_or_default();
                panic!("'{text}' never appeared in {css}; page:\n{source}");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The language switch in the header; waits for the page to come back in `lang`.
    pub async fn switch_language(&self, lang: &str) {
        self.click(&format!(".lang-switch button[value='{lang}']"))
            .await;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let current = match self.client.find(Locator::Css("html")).await {
                Ok(html) => html.attr("lang").await.ok().flatten(),
                Err(_) => None,
            };
            if current.as_deref() == Some(lang) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the page never switched to {lang}: {current:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the element with this id into view (to screenshot the lower part of a page).
    pub async fn scroll_to(&self, id: &str) {
        self.client
            .execute(
                "document.getElementById(arguments[0]).scrollIntoView()",
                vec![serde_json::json!(id)],
            )
            .await
            .unwrap();
    }

    /// [`Browser::shots`] of the part of the page around the element with this id (scrolled
    /// into view at each width).
    pub async fn shots_of(&self, name: &str, id: &str) {
        for (width, height) in [(1280, 900), (375, 812)] {
            self.client.set_window_size(width, height).await.unwrap();
            self.scroll_to(id).await;
            self.screenshot(&shot(&format!("{name}-{width}"))).await;
            self.assert_accessible(&format!("{name} at {width} px"))
                .await;
            self.assert_no_sideways_scroll(&format!("{name} at {width} px"))
                .await;
        }
        self.client.set_window_size(1280, 900).await.unwrap();
    }

    /// Screenshots of the current page at 1280 and 375 px (`{name}-1280.png`,
    /// `{name}-375.png`), each checked by axe-core.
    pub async fn shots(&self, name: &str) {
        for (width, height) in [(1280, 900), (375, 812)] {
            self.client.set_window_size(width, height).await.unwrap();
            self.screenshot(&shot(&format!("{name}-{width}"))).await;
            self.assert_accessible(&format!("{name} at {width} px"))
                .await;
            self.assert_no_sideways_scroll(&format!("{name} at {width} px"))
                .await;
        }
        self.client.set_window_size(1280, 900).await.unwrap();
    }

    /// The page is no wider than the window: what does not fit wraps, or scrolls inside its own
    /// box (docs/UX.md: usable at 375 px).
    pub async fn assert_no_sideways_scroll(&self, page: &str) {
        let widths = self
            .client
            .execute(
                "const d = document.documentElement, w = d.clientWidth;\
                 const clipped = e => { for (let a = e.parentElement; a && a !== d; a = a.parentElement) \
                   { if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };\
                 const wide = [...document.body.querySelectorAll('*')]\
                   .filter(e => e.getBoundingClientRect().right > w + 0.5 && !clipped(e))\
                   .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + \
                     (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));\
                 return [d.scrollWidth, w, wide.slice(-6)];",
                vec![],
            )
            .await
            .unwrap();
        let (scroll, client, wide): (u64, u64, Vec<String>) =
            serde_json::from_value(widths).unwrap();
        assert!(
            scroll <= client,
            "{page} is {scroll} px wide in a {client} px window; too wide: {wide:?}"
        );
    }

    /// Runs axe-core on the current page; fails on any violation, listing them. (Nothing,
    /// after a `SKIPPED` line, when axe-core is not installed.)
    pub async fn assert_accessible(&self, page: &str) {
        let Some(axe) = &self.axe else { return };
        self.client.execute(axe, vec![]).await.unwrap();
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, { resultTypes: ['violations'] })\
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))))\
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        let violations: Vec<String> = serde_json::from_value(result).unwrap();
        assert!(
            violations.is_empty(),
            "accessibility violations on {page}: {violations:#?}"
        );
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

/// Where the screenshot `name` goes: `target/screenshots/{name}.png`.
pub fn shot(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(format!("{name}.png"))
}

/// axe-core, installed by `.ci/run` (`npm install --prefix target/axe axe-core@4`); `None`
/// (with a `SKIPPED` line) when missing, unless `INVITELY_REQUIRE_BROWSER=1`.
pub fn axe_source() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var("INVITELY_REQUIRE_BROWSER").as_deref() == Ok("1") => {
            panic!("axe-core is required but missing at {}", path.display())
        }
        Err(_) => {
            let test = std::thread::current()
                .name()
                .unwrap_or("browser")
                .to_owned();
            super::skips::skipped(
                &format!("accessibility checks of {test}"),
                &format!("axe-core not installed at {}", path.display()),
            );
            None
        }
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
