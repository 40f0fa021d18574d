//! Small response helpers and the form-error type shared by handlers.

use crate::error::AppError;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

pub fn page<T: Template>(t: &T) -> Result<HttpResponse, AppError> {
    with_status(t, StatusCode::OK)
}

/// A form that failed validation comes back with 422 and the person's input.
pub fn invalid<T: Template>(t: &T) -> Result<HttpResponse, AppError> {
    with_status(t, StatusCode::UNPROCESSABLE_ENTITY)
}

pub fn with_status<T: Template>(t: &T, status: StatusCode) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(t.render()?))
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}

/// Adds the password rules' verdict to the form's errors (beside the field it concerns).
pub fn check_password(
    ctx: &crate::web::page::PageCtx,
    errors: &mut FieldErrors,
    password: &str,
    confirm: &str,
) {
    use crate::domain::passwords::{check, PasswordProblem};
    if let Err(p) = check(password, confirm) {
        let field = if p == PasswordProblem::Mismatch {
            "password_confirm"
        } else {
            "password"
        };
        errors.add(field, ctx.t(p.message_key()));
    }
}

/// Per-field messages (already translated), in the order of the form.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(pub Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> std::slice::Iter<'_, (&'static str, String)> {
        self.0.iter()
    }
}
