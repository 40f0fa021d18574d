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

fn describe(e: &lettre::transport::smtp::Error) -> String {
    let text = e.to_string();
    match e.status() {
        Some(code) if !text.contains(&code.to_string()) => format!("{code} {text}"),
        _ => text,
    }
}
