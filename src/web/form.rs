//! `Form<T>`: a form that has passed the CSRF check. Every POST handler takes one, so no
//! state-changing route can forget the check. Repeated keys fill `Vec` fields; a repeated
//! scalar field is refused (docs/SECURITY.md B6). The body is url-encoded or
//! `multipart/form-data` (docs/PRODUCT.md §4: scripts may send either); a multipart body's text
//! fields are read exactly as the same fields url-encoded.

use crate::error::AppError;
use crate::web::csrf::csrf_matches;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;

pub const MAX_FORM_BYTES: usize = 256 * 1024;

pub struct Form<T>(pub T);

/// A form with nothing but its CSRF token (sign-out, switch, resend, revoke).
#[derive(serde::Deserialize)]
pub struct EmptyForm {}

#[derive(serde::Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|_| AppError::PayloadTooLarge)?;
            if bytes.len() > MAX_FORM_BYTES {
                return Err(AppError::PayloadTooLarge);
            }
            if !is_form(&req) {
                return Err(AppError::NotAForm);
            }
            let bytes = urlencoded(&req, bytes).await?;
            let csrf: CsrfOnly =
                serde_html_form::from_bytes(&bytes).map_err(|_| AppError::BadRequest("form"))?;
            if !csrf_matches(&req, &csrf.csrf_token) {
                return Err(crate::web::csrf::refuse(&req));
            }
            serde_html_form::from_bytes::<T>(&bytes)
                .map(Form)
                .map_err(|e| refused(&e))
        })
    }
}

/// The form's fields url-encoded: the body itself, or a `multipart/form-data` body's text fields
/// in their order, encoded the same way. A file has no place in these forms (the import's upload
/// has its own extractor): refused as malformed, like a body that is not multipart after all.
async fn urlencoded(req: &HttpRequest, bytes: web::Bytes) -> Result<web::Bytes, AppError> {
    if !is_multipart(req) {
        return Ok(bytes);
    }
    let malformed = || AppError::BadRequest("form");
    let body = futures_util::stream::once(async move { Ok(bytes) });
    let mut parts = actix_multipart::Multipart::new(req.headers(), body);
    let mut fields: Vec<(String, String)> = Vec::new();
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(|_| malformed())?;
        let is_file = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .is_some();
        if is_file {
            return Err(malformed());
        }
        let name = field.name().unwrap_or_default().to_owned();
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            value.extend_from_slice(&chunk.map_err(|_| malformed())?);
        }
        fields.push((name, String::from_utf8(value).map_err(|_| malformed())?));
    }
    serde_html_form::to_string(&fields)
        .map(web::Bytes::from)
        .map_err(|_| malformed())
}

/// A form that could not be read: a check box with a value it does not take gets the page that
/// says which it takes; anything else is malformed.
fn refused(e: &impl std::fmt::Display) -> AppError {
    if e.to_string().contains(UNKNOWN_CHECK_VALUE) {
        AppError::CheckBoxValue
    } else {
        AppError::BadRequest("form")
    }
}

/// Whether the request's body is a form: url-encoded or multipart, as its `Content-Type` says —
/// or says nothing (a script's empty post), read as url-encoded.
fn is_form(req: &HttpRequest) -> bool {
    let Some(kind) = req.headers().get(header::CONTENT_TYPE) else {
        return true;
    };
    let kind = kind.to_str().unwrap_or_default();
    let essence = kind.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
        || essence.eq_ignore_ascii_case("multipart/form-data")
}

/// Whether the request's body is `multipart/form-data`.
pub fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// What a check box's value says, in any case: on for `1`, `true`, `on`, `yes`; off for `0`,
/// `false`, `off`, `no` (what scripts send; a browser sends the box's own value when it is
/// ticked and nothing when it is not). `None` for anything else: refused, never guessed.
pub fn check_value(value: &str) -> Option<bool> {
    const ON: [&str; 4] = ["1", "true", "on", "yes"];
    const OFF: [&str; 4] = ["0", "false", "off", "no"];
    let is = |words: [&str; 4]| words.iter().any(|w| value.eq_ignore_ascii_case(w));
    if is(ON) {
        Some(true)
    } else if is(OFF) {
        Some(false)
    } else {
        None
    }
}

/// What a refused check-box value says through serde: [`Form`] answers it with
/// [`AppError::CheckBoxValue`], a 400 whose page lists the values a box takes.
const UNKNOWN_CHECK_VALUE: &str = "a check box takes 1, true, on, yes, 0, false, off or no";

fn known<E: serde::de::Error>(value: &str) -> Result<bool, E> {
    check_value(value).ok_or_else(|| E::custom(UNKNOWN_CHECK_VALUE))
}

/// A check box read outside [`Form`] (the import's upload): absent is off, else
/// [`check_value`]; another value is refused with [`AppError::CheckBoxValue`].
pub fn ticked(value: Option<&str>) -> Result<bool, AppError> {
    value.map_or(Ok(false), |v| check_value(v).ok_or(AppError::CheckBoxValue))
}

/// A check box without a hidden `0` before it (a browser sends nothing when it is unticked):
/// absent is off, else [`check_value`]; another value, or the box sent twice, is refused. Use
/// with `#[serde(default, deserialize_with = "crate::web::form::ticked_box")]` on a `bool`.
pub fn ticked_box<'de, D>(d: D) -> Result<bool, D::Error>
where
    D: serde::Deserializer<'de>,
{
    known(&<String as serde::Deserialize>::deserialize(d)?)
}

/// A text field told apart from its absence, for a form a script may post with only some of
/// its fields: `Some("")` when posted empty (the person cleared it), `None` when the post did
/// not carry it (keep what is stored). A plain `Option<String>` reads an empty value as `None`.
/// Use with `#[serde(default, deserialize_with = "crate::web::form::posted")]`.
pub fn posted<'de, D>(d: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    <String as serde::Deserialize>::deserialize(d).map(Some)
}

/// A check box whose absence keeps the stored value, for a form a script may post with only
/// some of its fields: the page puts a hidden `0` before the box, so a browser sends `name=0`
/// alone when it is unticked and `name=0&name=1` when it is ticked. `None`: not posted (keep);
/// else [`check_value`] of the box's value (another value is refused). Any other repetition is
/// refused as malformed, as other repeated scalar fields are (docs/SECURITY.md B6). Use with
/// `#[serde(default, deserialize_with = "crate::web::form::check_box")]` on an `Option<bool>`.
pub fn check_box<'de, D>(d: D) -> Result<Option<bool>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let values = <Vec<String> as serde::Deserialize>::deserialize(d)?;
    match values.as_slice() {
        [] => Ok(None),
        [value] => known(value).map(Some),
        [hidden, value] if check_value(hidden) == Some(false) => known(value).map(Some),
        _ => Err(serde::de::Error::custom(
            "a check box is posted once, after at most its hidden 0",
        )),
    }
}

/// Deserialises an optional form value that is empty when nothing was chosen (a select's first
/// option): `""` → `None`, anything else parsed as `T` (a key: a number). A value that does not
/// parse was not offered by the page, and the form is refused as malformed.
pub fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let raw = <String as serde::Deserialize>::deserialize(d)?;
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(serde::de::Error::custom)
}

/// A page number or page size from a query string: what is not a whole number is none (the
/// default), never a refusal of the whole query — `page=abc` beside filters keeps the filters
/// (it dropped every one of them, or answered 400).
pub fn number_or_none<'de, D>(d: D) -> Result<Option<i64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw = <String as serde::Deserialize>::deserialize(d)?;
    Ok(raw.trim().parse().ok())
}

/// A select whose absence keeps the stored value and whose empty choice clears it, for a form
/// a script may post with only some of its fields: `None` not posted, `Some(None)` posted
/// empty, `Some(Some(key))` a choice ([`empty_as_none`] for the value). Use with
/// `#[serde(default, deserialize_with = "crate::web::form::posted_or_cleared")]`.
pub fn posted_or_cleared<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    empty_as_none(d).map(Some)
}

/// The key under which a form post is done once (docs/STYLE.md, idempotent form posts): the
/// random key the form carried from its showing, with what the post asks — so that the same
/// showing posted with other content (a page the browser restored with its back button, ticked
/// anew) is a new post. None when the form carried no key of ours.
pub fn post_key(submission: &str, asked: &impl std::fmt::Debug) -> Option<String> {
    crate::domain::tokens::looks_like_token(submission)
        .then(|| crate::domain::tokens::digest("form-post", &format!("{submission}\n{asked:?}")))
}

#[cfg(test)]
mod check_box_cases {
    use super::{check_value, ticked};

    #[derive(serde::Deserialize)]
    struct Boxes {
        #[serde(default, deserialize_with = "super::check_box")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "super::posted")]
        t: Option<String>,
        #[serde(default, deserialize_with = "super::ticked_box")]
        plain: bool,
    }

    fn read(body: &str) -> Option<Option<bool>> {
        serde_html_form::from_str::<Boxes>(body).ok().map(|f| f.b)
    }

    #[test]
    fn the_usual_spellings_and_nothing_else() {
        for on in ["1", "true", "on", "yes", "TRUE", "On", "YES"] {
            assert_eq!(check_value(on), Some(true), "{on}");
            assert_eq!(read(&format!("b={on}")), Some(Some(true)), "{on}");
        }
        for off in ["0", "false", "off", "no", "False", "OFF", "No"] {
            assert_eq!(check_value(off), Some(false), "{off}");
            assert_eq!(read(&format!("b={off}")), Some(Some(false)), "{off}");
        }
        for other in ["", "2", "maybe", "y", "n", " on", "enabled", "tru"] {
            assert_eq!(check_value(other), None, "{other:?}");
            assert_eq!(read(&format!("b={other}")), None, "{other:?} is refused");
            assert!(ticked(Some(other)).is_err(), "{other:?}");
        }
        assert!(!ticked(None).unwrap() && ticked(Some("yes")).unwrap());
    }

    #[test]
    fn zero_is_off_and_absence_is_none() {
        assert_eq!(read(""), Some(None));
        assert_eq!(read("b=0"), Some(Some(false)));
        assert_eq!(read("b=on"), Some(Some(true)));
        assert_eq!(read("b=0&b=on"), Some(Some(true)));
        assert_eq!(read("b=0&b=0"), Some(Some(false)));
        assert_eq!(read("b=false&b=true"), Some(Some(true)));
        assert_eq!(read("b=0&b=perhaps"), None);
    }

    #[test]
    fn a_box_without_its_hidden_zero_is_off_when_absent() {
        let plain = |body: &str| {
            serde_html_form::from_str::<Boxes>(body)
                .ok()
                .map(|f| f.plain)
        };
        assert_eq!(plain(""), Some(false));
        assert_eq!(plain("plain=no"), Some(false));
        assert_eq!(plain("plain=1"), Some(true));
        assert_eq!(plain("plain=Yes"), Some(true));
        assert_eq!(plain("plain=sure"), None);
        assert_eq!(plain("plain=1&plain=1"), None, "sent twice");
    }

    #[test]
    fn a_text_posted_empty_is_not_absent() {
        let text = |body: &str| serde_html_form::from_str::<Boxes>(body).ok().map(|f| f.t);
        assert_eq!(text("b=0"), Some(None));
        assert_eq!(text("t="), Some(Some(String::new())));
        assert_eq!(text("t=RU"), Some(Some("RU".into())));
        assert_eq!(text("t=RU&t=DE"), None, "a repeated text is malformed");
    }

    #[test]
    fn other_repetitions_are_malformed() {
        for body in ["b=on&b=0", "b=1&b=1", "b=0&b=1&b=1"] {
            assert_eq!(read(body), None, "{body}");
        }
    }
}
