//! The one source of "now": UTC, whole seconds. Tests can move it forward or pin it.

use std::sync::atomic::{AtomicI64, Ordering};
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

#[derive(Debug, Default)]
pub struct Clock {
    offset_seconds: AtomicI64,
    /// Unix seconds the clock is pinned to; 0 means it runs.
    pinned: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> PrimitiveDateTime {
        let pinned = self.pinned.load(Ordering::Relaxed);
        let now = if pinned != 0 {
            OffsetDateTime::from_unix_timestamp(pinned).unwrap_or(OffsetDateTime::UNIX_EPOCH)
        } else {
            OffsetDateTime::now_utc()
                + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
        };
        let now = now.replace_nanosecond(0).unwrap_or(now);
        PrimitiveDateTime::new(now.date(), now.time())
    }

    /// Moves the clock forward (tests only; production never calls it).
    pub fn advance(&self, by: Duration) {
        let pinned = self.pinned.load(Ordering::Relaxed);
        if pinned != 0 {
            self.pinned
                .store(pinned + by.whole_seconds(), Ordering::Relaxed);
        } else {
            self.offset_seconds
                .fetch_add(by.whole_seconds(), Ordering::Relaxed);
        }
    }

    /// Stops the clock at its current second, so tests can step exactly (tests only).
    pub fn pin(&self) {
        let now = self.now().assume_utc().unix_timestamp();
        self.pinned.store(now, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_clock_steps_exactly() {
        let c = Clock::default();
        c.pin();
        let t = c.now();
        c.advance(Duration::seconds(86_399));
        assert_eq!(c.now() - t, Duration::seconds(86_399));
    }
}
