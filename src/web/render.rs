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

/// `Some(path)` only for a plain path on this site (`/admin/users?status=error`): never
/// `//host`, a scheme, a backslash (browsers read `/\\host` as `//host`) or any control or
/// white-space character. Redirects built from account input go through here.
pub fn local_path(input: &str) -> Option<&str> {
    let plain = input.starts_with('/')
        && !input.starts_with("//")
        && !input.contains('\\')
        && !input.chars().any(|c| c.is_control() || c.is_whitespace());
    plain.then_some(input)
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

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_plain_local_paths() {
        for ok in ["/", "/admin/users?status=error&q=a%20b", "/invite/abc"] {
            assert_eq!(local_path(ok), Some(ok));
        }
        for bad in [
            "",
            "admin",
            "//evil.example/",
            "/\\evil.example/",
            "/\t/evil.example/",
            "/\r\nSet-Cookie: x",
            "/a\0b",
            "https://evil.example/",
            "/ /evil.example",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
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

/// More cases for `local_path` (the language switch's `back`, the sign-in `next`).
#[cfg(test)]
mod local_path_cases {
    use super::local_path;

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
            assert_eq!(local_path(ok), Some(ok), "{ok:?}");
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
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_kept_path_is_always_a_valid_header_value() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let path = format!("/a{c}b");
            if let Some(p) = local_path(&path) {
                assert!(
                    actix_web::http::header::HeaderValue::from_str(p).is_ok(),
                    "{p:?}"
                );
            }
        }
    }
}
