//! Fixed-window counters in memory: wrong tokens and failed sign-ins (A9, C4). A window ends,
//! so nobody is locked out for good.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The key a client is throttled under: its peer address (never a forwarded header, which the
/// client chooses).
pub fn client_key(req: &actix_web::HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default()
}

pub struct Throttle {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Throttle {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// True while `key` is under its limit for the current window.
    pub fn allowed(&self, key: &str) -> bool {
        let Ok(hits) = self.hits.lock() else {
            return true;
        };
        match hits.get(key) {
            Some((start, n)) if start.elapsed() < self.window => *n < self.limit,
            _ => true,
        }
    }

    pub fn hit(&self, key: &str) {
        let Ok(mut hits) = self.hits.lock() else {
            return;
        };
        if hits.len() > 100_000 {
            let window = self.window;
            hits.retain(|_, (start, _)| start.elapsed() < window);
        }
        let entry = hits.entry(key.to_owned()).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= self.window {
            *entry = (Instant::now(), 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }

    pub fn reset(&self, key: &str) {
        if let Ok(mut hits) = self.hits.lock() {
            hits.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_key_and_window() {
        let t = Throttle::new(2, Duration::from_millis(50));
        assert!(t.allowed("a"));
        t.hit("a");
        t.hit("a");
        assert!(!t.allowed("a"));
        assert!(t.allowed("b"));
        std::thread::sleep(Duration::from_millis(60));
        assert!(t.allowed("a"));
    }
}
