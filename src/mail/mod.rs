//! Outgoing e-mail: the `Mailer` trait with an SMTP transport (lettre, pooled) and an .eml-file
//! transport, plus message rendering.

pub mod access_granted;
pub mod account;
pub mod file;
pub mod member_left;
pub mod messages;
pub mod notices;
mod sms_text;
pub mod smtp;
pub mod welcome;

use lettre::message::Mailbox;
use lettre::Message;
use std::sync::Arc;

/// How a send failed: temporary failures are retried, permanent ones are final for the
/// recipient; a failure of the server or of our settings for it is never the recipient's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// The recipient (or this message) is refused for good: the server's code and words.
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// The mail server, or Invitely's settings for it, failed before any recipient was named
    /// (connecting, TLS, signing in): retried like a refused connection, and if it never
    /// works, the failure is the mail server's configuration, not the recipient's. `reply`:
    /// the server's code and words, when it answered; `detail`: what happened, for the log.
    /// `maybe_taken`: the service may have taken the message all the same (an SMS gateway that
    /// answered 5xx or never answered after the request went out); false when it surely did
    /// not (refused before any recipient was named, or no connection at all).
    #[error("mail server or its settings: {detail}")]
    Setup {
        reply: Option<String>,
        detail: String,
        maybe_taken: bool,
    },
}

/// Sends one message synchronously (called from worker threads, never from a request).
pub trait Mailer: Send + Sync {
    fn send(&self, message: &Message) -> Result<(), SendError>;
}

pub fn parse_mailbox(s: &str) -> Option<Mailbox> {
    s.parse::<Mailbox>().ok()
}

/// SMTP when a URL is configured, otherwise .eml files in a folder.
pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Arc<dyn Mailer>> {
    Ok(match &config.smtp_url {
        Some(url) => Arc::new(smtp::SmtpMailer::new(url)?),
        None => Arc::new(file::FileMailer::new(&config.mail_dir).map_err(|e| {
            anyhow::anyhow!(
                "INVITELY_MAIL_DIR: cannot create the folder {} for mail: {e}",
                config.mail_dir
            )
        })?),
    })
}
