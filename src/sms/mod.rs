//! Outgoing SMS: an HTTP gateway (JSON POST) or files in a folder.

pub mod segments;

use crate::mail::SendError;
use std::sync::Arc;

pub trait SmsGateway: Send + Sync {
    /// Sends `text` to an E.164 number, synchronously.
    fn send(&self, to: &str, text: &str, message_id: &str) -> Result<(), SendError>;
}

pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Arc<dyn SmsGateway>> {
    Ok(match &config.sms_url {
        Some(url) => Arc::new(HttpGateway::new(url)),
        None => Arc::new(FileGateway::new(&config.sms_dir).map_err(|e| {
            anyhow::anyhow!(
                "INVITELY_SMS_DIR: cannot create the folder {} for SMS: {e}",
                config.sms_dir
            )
        })?),
    })
}

pub struct HttpGateway {
    url: String,
    agent: ureq::Agent,
}

impl HttpGateway {
    pub fn new(url: &str) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout(std::time::Duration::from_secs(15))
            .build();
        Self {
            url: url.to_owned(),
            agent,
        }
    }
}

impl SmsGateway for HttpGateway {
    /// The gateway's address is never part of an error (it may carry credentials: a user and
    /// password, an API key in its query), and its words are put on one plain line (they go to
    /// the log and to the admin's pages).
    fn send(&self, to: &str, text: &str, message_id: &str) -> Result<(), SendError> {
        let body = serde_json::json!({ "to": to, "text": text, "id": message_id });
        match self.agent.post(&self.url).send_json(body) {
            Ok(_) => Ok(()),
            // 4xx: the gateway refuses this message (invalid number, banned country): final.
            Err(ureq::Error::Status(code, resp)) if (400..500).contains(&code) && code != 429 => {
                let words = resp.into_string().unwrap_or_default();
                Err(SendError::Permanent(format!("{code} {}", one_line(&words))))
            }
            // 5xx, 429: the gateway's trouble, not this number's; retried, then said so. A 429
            // took nothing; a 5xx (a proxy's 504, say) may have been sent on all the same.
            Err(ureq::Error::Status(code, _)) => Err(SendError::Setup {
                reply: Some(code.to_string()),
                detail: format!("the SMS gateway answered {code}"),
                maybe_taken: code != 429,
            }),
            // No connection (no address, refused) took nothing; a failure once the request
            // was on its way (a time-out waiting for the answer) may have.
            Err(ureq::Error::Transport(t)) => {
                use ureq::ErrorKind::{ConnectionFailed, Dns, InvalidUrl, UnknownScheme};
                Err(SendError::Setup {
                    reply: None,
                    detail: format!("the SMS gateway could not be reached ({})", t.kind()),
                    maybe_taken: !matches!(
                        t.kind(),
                        ConnectionFailed | Dns | InvalidUrl | UnknownScheme
                    ),
                })
            }
        }
    }
}

/// Longest gateway reply kept, in characters.
const REPLY_CHARS: usize = 200;

/// `words` on one line: control characters (line breaks among them) as spaces, runs of spaces as
/// one, cut to [`REPLY_CHARS`] — a reply cannot start a log line of its own.
pub fn one_line(words: &str) -> String {
    crate::mail::messages::one_line(words)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(REPLY_CHARS)
        .collect()
}

pub struct FileGateway {
    dir: std::path::PathBuf,
}

impl FileGateway {
    pub fn new(dir: &str) -> std::io::Result<Self> {
        crate::mail::file::private_dir(dir)?;
        Ok(Self { dir: dir.into() })
    }
}

impl SmsGateway for FileGateway {
    fn send(&self, to: &str, text: &str, message_id: &str) -> Result<(), SendError> {
        let name: String = message_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let path = self.dir.join(format!("{name}.txt"));
        crate::mail::file::write_private(&path, format!("To: {to}\n\n{text}\n").as_bytes())
            .map_err(|e| SendError::Temporary(format!("cannot write {}: {e}", path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_cannot_start_a_line_of_its_own() {
        let forged = "bad number\n2026-12-07T11:00:00Z  INFO audit: signed in\r\n\tx";
        assert_eq!(
            one_line(forged),
            "bad number 2026-12-07T11:00:00Z INFO audit: signed in x"
        );
        assert_eq!(one_line(&"й".repeat(500)).chars().count(), REPLY_CHARS);
    }

    /// The gateway's address may carry credentials: an unreachable one is not named.
    #[test]
    fn an_unreachable_gateway_is_not_named() {
        let gateway = HttpGateway::new("http://user:secret@127.0.0.1:9/sms?key=KEY123");
        match gateway.send("+79051111111", "hi", "m-1") {
            Err(SendError::Setup {
                reply,
                detail,
                maybe_taken,
            }) => {
                assert_eq!(reply, None);
                assert!(!maybe_taken, "no connection took nothing");
                assert!(
                    detail.starts_with("the SMS gateway could not be reached"),
                    "{detail}"
                );
                assert!(
                    !detail.contains("secret") && !detail.contains("KEY123"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
