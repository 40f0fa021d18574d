//! Development transport: every message becomes an .eml file in a folder.

use super::{Mailer, SendError};
use lettre::Message;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Creates `dir` (and any missing parent) with mode 0700 from the start: the files put in it
/// hold live links. A folder that already exists keeps its mode; the log says when others can
/// read it.
pub fn private_dir(dir: &str) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        tracing::warn!(dir, mode = %format!("{mode:o}"), "this folder holds messages with live links and others can open it; make it 0700");
    }
    Ok(())
}

/// Writes `bytes` to `path`, a file created with mode 0600 (never readable by others).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

pub struct FileMailer {
    dir: PathBuf,
}

impl FileMailer {
    pub fn new(dir: &str) -> std::io::Result<Self> {
        private_dir(dir)?;
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
        write_private(&path, &message.formatted())
            .map_err(|e| SendError::Temporary(format!("cannot write {}: {e}", path.display())))
    }
}
