//! The one source of "now": UTC, whole seconds, with an offset tests can move.

use std::sync::atomic::{AtomicI64, Ordering};
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

#[derive(Debug, Default)]
pub struct Clock {
    offset_seconds: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> PrimitiveDateTime {
        let now = OffsetDateTime::now_utc()
            + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed));
        let now = now.replace_nanosecond(0).unwrap_or(now);
        PrimitiveDateTime::new(now.date(), now.time())
    }

    /// Moves the clock forward (tests only need this; production never calls it).
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.whole_seconds(), Ordering::Relaxed);
    }
}
