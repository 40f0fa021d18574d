//! `Upload`: a `multipart/form-data` form with one file that has passed the CSRF check — the
//! file-carrying sibling of `Form<T>`. The file is read up to the configured limit; one byte
//! more and the file is dropped (`too_large`, for the handler to say so on its form, nothing
//! written), the rest of it read and thrown away — up to the limit again — so that the fields
//! after it (a browser sends them in the form's order) still say what the person chose; other
//! fields are small text.
//! A request that is not multipart is still checked for its token first, so a forged post is a
//! CSRF refusal whatever its body.

use crate::error::AppError;
use crate::web::csrf::csrf_matches;
use crate::web::form::MAX_FORM_BYTES;
use crate::web::state::AppState;
use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

/// The name of the file field.
const FILE_FIELD: &str = "file";
/// A text field's largest value, and how many fields a form may have.
const MAX_FIELD_BYTES: usize = 4096;
const MAX_FIELDS: usize = 16;

pub struct Upload {
    /// The file's name as the browser gave it (shown, never used as a path).
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The other fields (the last value of each).
    pub fields: HashMap<String, String>,
    /// The file was over the limit: `bytes` is empty.
    pub too_large: bool,
    /// The file was so far over the limit that the request was not read to its end: fields
    /// after the file are missing.
    pub cut_short: bool,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    /// A check box: absent is off, else one of the usual spellings
    /// ([`crate::web::form::check_value`]); another value is refused.
    pub fn checked(&self, name: &str) -> Result<bool, AppError> {
        crate::web::form::ticked(self.fields.get(name).map(String::as_str))
    }
}

impl FromRequest for Upload {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        if !crate::web::form::is_multipart(&req) {
            let body = web::Bytes::from_request(&req, payload);
            return Box::pin(async move {
                let bytes = body.await.map_err(|_| AppError::PayloadTooLarge)?;
                if bytes.len() > MAX_FORM_BYTES {
                    return Err(AppError::PayloadTooLarge);
                }
                let fields: HashMap<String, String> =
                    serde_html_form::from_bytes(&bytes).unwrap_or_default();
                let token = fields.get("csrf_token").map_or("", String::as_str);
                if !csrf_matches(&req, token) {
                    return Err(crate::web::csrf::refuse(&req));
                }
                Err(AppError::BadRequest("upload"))
            });
        }
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map_or(0, |s| s.config.import_max_bytes);
        let mut parts = Multipart::new(req.headers(), payload.take());
        Box::pin(async move {
            let mut upload = Upload {
                file_name: String::new(),
                bytes: Vec::new(),
                fields: HashMap::new(),
                too_large: false,
                cut_short: false,
            };
            let mut seen = 0;
            // Each field once: a repeated one (two files, two kinds) is refused, not decided by
            // its order (docs/SECURITY.md B6).
            let mut names = std::collections::HashSet::new();
            while let Some(field) = parts.next().await {
                let mut field = field.map_err(|_| AppError::BadRequest("upload"))?;
                seen += 1;
                if seen > MAX_FIELDS {
                    return Err(AppError::BadRequest("upload"));
                }
                let name = field.name().unwrap_or_default().to_owned();
                if !names.insert(name.clone()) {
                    return Err(AppError::BadRequest("upload"));
                }
                let is_file = name == FILE_FIELD;
                if is_file {
                    upload.file_name = field
                        .content_disposition()
                        .and_then(|cd| cd.get_filename())
                        .map(|n| n.chars().filter(|c| !c.is_control()).take(200).collect())
                        .unwrap_or_default();
                }
                let cap = if is_file { limit } else { MAX_FIELD_BYTES };
                let mut value = Vec::new();
                // Bytes of an oversized file read past the limit and thrown away.
                let mut dropped = 0usize;
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(|_| AppError::BadRequest("upload"))?;
                    if !is_file && value.len() + chunk.len() > cap {
                        return Err(AppError::BadRequest("upload"));
                    }
                    if is_file && (upload.too_large || value.len() + chunk.len() > cap) {
                        upload.too_large = true;
                        dropped += value.len() + chunk.len();
                        value = Vec::new();
                        if dropped > limit.saturating_mul(2) {
                            upload.cut_short = true;
                            break;
                        }
                        continue;
                    }
                    value.extend_from_slice(&chunk);
                }
                if upload.cut_short {
                    break;
                }
                if is_file {
                    upload.bytes = value;
                } else {
                    let text =
                        String::from_utf8(value).map_err(|_| AppError::BadRequest("upload"))?;
                    upload.fields.insert(name, text);
                }
            }
            if !csrf_matches(&req, upload.field("csrf_token")) {
                return Err(crate::web::csrf::refuse(&req));
            }
            Ok(upload)
        })
    }
}
