//! SMTP delivery through lettre's pooled `SmtpTransport`.

use super::{Mailer, SendError};
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

pub struct SmtpMailer {
    transport: SmtpTransport,
}

impl SmtpMailer {
    pub fn new(url: &str) -> anyhow::Result<Self> {
        let transport = SmtpTransport::from_url(url)?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Self { transport })
    }
}

impl Mailer for SmtpMailer {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        match self.transport.send(message) {
            Ok(_) => Ok(()),
            // 5xx: the server refuses for good; keep its words for the admin.
            Err(e) if e.is_permanent() => Err(SendError::Permanent(describe(&e))),
            // 4xx, timeouts, refused or dropped connections: try again later.
            Err(e) => Err(SendError::Temporary(describe(&e))),
        }
    }
}

/// What a failure is stored and logged as. An answer of the server: its code and its own words
/// ("550 5.1.1 Mailbox unavailable"), without lettre's English framing ("permanent error
/// (550): …"), which no page could translate; the page's language frames them. Anything else
/// (a refused connection, a time-out): lettre's description.
fn describe(e: &lettre::transport::smtp::Error) -> String {
    use std::error::Error as _;
    match (e.status(), e.source()) {
        (Some(code), Some(words)) => format!("{code} {words}").trim_end().to_owned(),
        (Some(code), None) => code.to_string(),
        (None, _) => e.to_string(),
    }
}
