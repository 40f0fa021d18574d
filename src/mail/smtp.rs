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
            Err(e) => Err(classify(&e)),
        }
    }
}

/// Answers about the connection and the sign-in, not the recipient (RFC 3207, RFC 4954): 530
/// authentication (or STARTTLS) required, 534 mechanism too weak, 535 credentials invalid, 538
/// encryption required, and their temporary forms 432 and 454. Servers give them to STARTTLS,
/// AUTH or MAIL FROM, before any recipient is named.
const SETUP_CODES: [&str; 6] = ["432", "454", "530", "534", "535", "538"];

/// Whose failure it is. A 5xx to RCPT or after DATA (550, 554 …) refuses the recipient or the
/// message for good; a 4xx is tried again. A sign-in or TLS answer, or no answer at all (the
/// connection refused, cut or timed out, TLS failed, lettre's own client errors), is the mail
/// server's or our settings' problem: retried, never stored against the recipient as theirs,
/// and said loudly in the log, since every message fails the same way until someone fixes it.
fn classify(e: &lettre::transport::smtp::Error) -> SendError {
    let said = describe(e);
    let code = e.status().map(|c| c.to_string());
    let setup = match &code {
        Some(code) => SETUP_CODES.contains(&code.as_str()),
        None => true,
    };
    if setup {
        tracing::warn!(
            error = %said,
            "the mail server failed or refused Invitely before any recipient was named \
             (connection, TLS or sign-in): check INVITELY_SMTP_URL (host, port, user, password, \
             TLS) and the server; the message stays queued and is retried"
        );
        return SendError::Setup {
            reply: code.map(|_| said.clone()),
            detail: said,
            // Before any recipient was named: the message was not taken.
            maybe_taken: false,
        };
    }
    if e.is_permanent() {
        SendError::Permanent(said)
    } else {
        SendError::Temporary(said)
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
