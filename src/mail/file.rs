//! Development transport: every message becomes an .eml file in a folder.

use super::{Mailer, SendError};
use lettre::Message;
use std::path::PathBuf;

pub struct FileMailer {
    dir: PathBuf,
}

impl FileMailer {
    pub fn new(dir: &str) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Self {
            dir: PathBuf::from(dir),
        })
    }
}

impl Mailer for FileMailer {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        let id = message
            .headers()
            .get_raw("Message-ID")
            .map(|v| {
                v.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
            })
            .filter(|v| !v.is_empty())
            .unwrap_or_else(crate::domain::new_id);
        let path = self.dir.join(format!("{id}.eml"));
        std::fs::write(&path, message.formatted())
            .map_err(|e| SendError::Temporary(format!("cannot write {}: {e}", path.display())))
    }
}
