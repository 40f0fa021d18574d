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

/// Runs the form's `validator` rules; each failure becomes a message beside its field, in the
/// order the form lists its fields. The rule's `code` is the message key; its `min`/`max` are
/// the message's arguments.
pub fn validate_form<T: validator::Validate>(
    ctx: &crate::web::page::PageCtx,
    form: &T,
    order: &[&str],
    errors: &mut FieldErrors,
) {
    let Err(found) = form.validate() else { return };
    let mut fields: Vec<_> = found.field_errors().into_iter().collect();
    fields.sort_by_key(|(name, _)| order.iter().position(|o| o == name).unwrap_or(usize::MAX));
    for (field, list) in fields {
        if let Some(e) = list.first() {
            let args: Vec<(&str, crate::i18n::Arg)> = ["min", "max"]
                .into_iter()
                .filter_map(|k| Some((k, e.params.get(k)?.as_i64()?.into())))
                .collect();
            errors.add(
                field.to_string(),
                crate::i18n::tr_args(ctx.lang, &e.code, &args),
            );
        }
    }
}

/// Per-field messages (already translated), in the order of the form.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, message: String) {
        let field = field.into();
        if self.get(&field).is_none() {
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
    pub fn iter(&self) -> std::slice::Iter<'_, (String, String)> {
        self.0.iter()
    }
}

/// `candidate` if it is a plain path on this site, to redirect to after an action (language
/// switch, sign-in `next`); otherwise None, and the caller goes home (`/`).
///
/// Accepted: `/` followed by a path (and query). Refused: anything not starting with `/`
/// (a scheme, a host, a relative path), `//` (another host), any backslash (browsers read
/// `/\host` as `//host`), and any control or whitespace character (browsers drop TAB, CR and
/// LF inside URLs, so `/<TAB>/host` becomes `//host`; CR, LF and NUL cannot go in a header).
pub fn safe_local_path(candidate: &str) -> Option<&str> {
    let rest = candidate.strip_prefix('/')?;
    let plain = !rest.starts_with('/')
        && !candidate
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    plain.then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::safe_local_path;

    #[test]
    fn plain_local_paths_are_kept() {
        for ok in [
            "/",
            "/login",
            "/admin/users?status=error&q=a%20b",
            "/admin/users/0190/edit#roles",
            "/a:b",
            "/%2F%2Fevil.example",
            "/%5Cevil.example",
            "/orgs/../admin",
            "/ünïcode",
        ] {
            assert_eq!(safe_local_path(ok), Some(ok), "{ok:?}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "//evil.example/",
            "///evil.example",
            "/\\evil.example/",
            "/\\/evil.example/",
            "\\\\evil.example",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/login\r\nSet-Cookie: x=1",
            "/login\0",
            "/login\u{7f}",
            "/login\u{85}",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "/\u{3000}evil",
            " /login",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "login",
            "./login",
            "?next=/",
            "#top",
        ] {
            assert_eq!(safe_local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_kept_path_is_always_a_valid_header_value() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let path = format!("/a{c}b");
            if let Some(p) = safe_local_path(&path) {
                assert!(
                    actix_web::http::header::HeaderValue::from_str(p).is_ok(),
                    "{p:?}"
                );
            }
        }
    }
}
