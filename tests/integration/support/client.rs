//! A browser-like HTTP session: cookies kept, redirects not followed, the CSRF token of the
//! last page remembered for the next form.

use reqwest::redirect::Policy;
use std::sync::Mutex;

/// A client builder for the application under test: redirects not followed, and no pooled
/// connection reused once idle for 2 s. The server ends an idle connection after 5 s; a test
/// that blocks its thread longer (a large insert straight into the database) leaves hyper no
/// chance to see that close, and the next request would go down the dead connection
/// (`IncompleteMessage`).
pub fn builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .pool_idle_timeout(std::time::Duration::from_secs(2))
}

pub struct Session {
    pub client: reqwest::Client,
    pub base: String,
    csrf: Mutex<String>,
}

#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(self.status, 200, "body: {}", self.body);
        self
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

pub fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

impl Session {
    pub fn new(base: &str) -> Session {
        Self::with_client(base, builder())
    }

    /// A session whose every request sends `Accept-Language: {languages}` (a browser set to
    /// those languages).
    pub fn with_accept_language(base: &str, languages: &str) -> Session {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            reqwest::header::HeaderValue::from_str(languages).unwrap(),
        );
        Self::with_client(base, builder().default_headers(headers))
    }

    fn with_client(base: &str, builder: reqwest::ClientBuilder) -> Session {
        let client = builder.cookie_store(true).build().unwrap();
        Session {
            client,
            base: base.to_owned(),
            csrf: Mutex::new(String::new()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{}", self.base, path)
        }
    }

    async fn page(&self, resp: reqwest::Response) -> Page {
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let location = headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = resp.text().await.unwrap();
        if let Some(t) = csrf_in(&body) {
            *self.csrf.lock().unwrap() = t;
        }
        Page {
            status,
            location,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let resp = self.client.get(self.url(path)).send().await.unwrap();
        self.page(resp).await
    }

    /// GET, following redirects (up to 5).
    pub async fn get_follow(&self, path: &str) -> Page {
        let mut page = self.get(path).await;
        for _ in 0..5 {
            match (&page.status, &page.location) {
                (301..=303 | 307 | 308, Some(loc)) => {
                    let loc = loc.clone();
                    page = self.get(&loc).await;
                }
                _ => break,
            }
        }
        page
    }

    pub fn csrf(&self) -> String {
        self.csrf.lock().unwrap().clone()
    }

    /// Submits a form with the remembered CSRF token (fetching `/login` first when none).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.csrf().is_empty() {
            self.get("/login").await;
        }
        let token = self.csrf();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Submits exactly these fields (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_html_form::to_string(fields).unwrap();
        let resp = self
            .client
            .post(self.url(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.page(resp).await
    }

    /// Submits a `multipart/form-data` form with the remembered CSRF token, these fields and
    /// one file in the field `file`.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Page {
        if self.csrf().is_empty() {
            self.get("/login").await;
        }
        let mut form = reqwest::multipart::Form::new().text("csrf_token", self.csrf());
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.to_owned())
            .mime_str("text/csv")
            .unwrap();
        let resp = self
            .client
            .post(self.url(path))
            .multipart(form.part("file", part))
            .send()
            .await
            .unwrap();
        self.page(resp).await
    }
}
