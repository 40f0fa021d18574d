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
    fn send(&self, to: &str, text: &str, message_id: &str) -> Result<(), SendError> {
        let body = serde_json::json!({ "to": to, "text": text, "id": message_id });
        match self.agent.post(&self.url).send_json(body) {
            Ok(_) => Ok(()),
            // 4xx: the gateway refuses this message (invalid number, banned country): final.
            Err(ureq::Error::Status(code, resp)) if (400..500).contains(&code) && code != 429 => {
                let reason = resp.into_string().unwrap_or_default();
                Err(SendError::Permanent(format!("{code} {}", reason.trim())))
            }
            Err(ureq::Error::Status(code, _)) => {
                Err(SendError::Temporary(format!("gateway answered {code}")))
            }
            Err(e) => Err(SendError::Temporary(e.to_string())),
        }
    }
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
