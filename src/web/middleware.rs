//! Cross-cutting request handling: request id, origin check on unsafe methods, security headers,
//! localized error pages, and a request log that never contains a token (docs/SECURITY.md A13,
//! `crate::logging::redact`).

use crate::db::enums::AuditAction;
use crate::error::{AppError, ErrorInfo, OwnAnswer, SignInRedirect};
use crate::web::error_page;
use crate::web::page::{lang_for, AccountLang, RequestId};
use crate::web::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse, ResponseError};
use std::time::Instant;

pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The policy of an e-mail shown as its recipient gets it ([`MailDocument`]): the message's own
/// inline styles and nothing else — no script, no request anywhere (its links are not followed
/// inside the preview), sandboxed even when opened on its own, and framed only by this site's
/// pages.
pub const MAIL_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

/// Marks a response whose body is a rendered e-mail for a preview frame: it is sent with
/// [`MAIL_CSP`] and `X-Frame-Options: SAMEORIGIN` instead of the pages' [`CSP`], which would block
/// every inline style of the message. Only a handler that renders the message itself sets it.
#[derive(Debug, Clone, Copy)]
pub struct MailDocument;

/// Pages reached through a link that carries a token; they are sent with
/// `Referrer-Policy: no-referrer`.
fn is_token_page(path: &str) -> bool {
    ["/invite/", "/setup/", "/password/reset/"]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// Forms of the layout, so also posted from token pages (with `Origin: null`).
const FORMS_ON_EVERY_PAGE: [&str; 2] = ["/lang", "/logout"];

fn origin_allowed(req: &ServiceRequest, base_url: &str) -> bool {
    let headers = req.headers();
    if headers
        .get("Sec-Fetch-Site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    // Pages sent with `Referrer-Policy: no-referrer` (the token pages, docs/SECURITY.md A11) make
    // browsers send `Origin: null` for their own forms: the page's own form, and the language
    // switch and sign-out shown on every page. Sec-Fetch-Site (checked above) and the CSRF token
    // still apply. Anywhere else `null` (sandboxed frames, data: URLs) is refused.
    if origin == "null" {
        let path = req.path();
        return is_token_page(path) || FORMS_ON_EVERY_PAGE.contains(&path);
    }
    // The page's own origin: the scheme the application is served with (its base URL's — a
    // page over plain HTTP on the same host, which anyone on the network could have written,
    // is another origin) and the host the browser asked for.
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let base = base_url.trim_end_matches('/');
    let scheme = base.split_once("://").map_or("http", |(scheme, _)| scheme);
    let same_origin = origin
        .split_once("://")
        .is_some_and(|(s, h)| s.eq_ignore_ascii_case(scheme) && h.eq_ignore_ascii_case(host));
    same_origin || origin == base
}

/// What the finishing steps need to know of the request, read before it is handed on.
struct Visit {
    started: Instant,
    request_id: String,
    method: Method,
    path: String,
    base_url: String,
}

pub async fn security(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let request_id = crate::domain::tokens::hex(&rand::random::<[u8; 8]>());
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let visit = Visit {
        started: Instant::now(),
        request_id,
        method: req.method().clone(),
        path: req.path().to_owned(),
        base_url: req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.config.base_url().to_owned())
            .unwrap_or_default(),
    };
    let Visit {
        request_id,
        method,
        path,
        base_url,
        ..
    } = &visit;

    // The error page's language when the session layer fails (the request is not handed back
    // then): from the request's cookie and headers alone.
    let lang = lang_for(req.request(), None);

    let unsafe_method = !matches!(method, &Method::GET | &Method::HEAD | &Method::OPTIONS);
    let mut res: ServiceResponse<BoxBody> = if unsafe_method && !origin_allowed(&req, base_url) {
        tracing::warn!(target: "audit", action = AuditAction::OriginRefused.as_str(), path = %crate::logging::redact(path), request_id = %request_id, "cross-site request refused");
        let mut r = HttpResponse::Forbidden().finish();
        r.extensions_mut()
            .insert(ErrorInfo::new("error-csrf-title", "error-csrf-text"));
        req.into_response(r)
    } else {
        match crate::web::session_store::watch(next.call(req)).await {
            (Ok(res), _) => res.map_into_boxed_body(),
            // Only a layer outside the handlers fails the call: the session store, through
            // actix-session, whose error is an opaque 500 with no page and no headers. It is
            // answered like a handler's error — 503 when the database could not be had now
            // (docs/SECURITY.md I5), with `Retry-After` unless a form post's handler already
            // did its work (the session's write after it failed): sending that again could do
            // it twice — and handed on as the error's response.
            (Err(e), unavailable) => {
                use crate::web::session_store::Phase;
                let error = match unavailable {
                    Some(Phase::Write) if unsafe_method => AppError::BusyAfterWork,
                    Some(_) => AppError::Busy,
                    // Logged with its cause (actix-session's Display hides it).
                    None => AppError::internal(format!("{e:?}")),
                };
                let mut response = error.error_response();
                let info = response.extensions().get::<ErrorInfo>().cloned();
                if let Some(info) = info {
                    // The session could not be had: the header without its language switch.
                    let frame = error_page::bare(path, lang, String::new(), request_id);
                    response = error_page::render(frame, &response, &info);
                }
                secure(response.headers_mut(), path, base_url, request_id);
                log_request(&visit, response.status());
                return Err(actix_web::error::InternalError::from_response(e, response).into());
            }
        }
    };

    // Sent to sign in from a page: come back to it afterwards (same-site paths only).
    let to_sign_in = res
        .response()
        .extensions()
        .get::<SignInRedirect>()
        .is_some();
    if to_sign_in && matches!(method, &Method::GET | &Method::HEAD) && path != "/" {
        let asked = match res.request().query_string() {
            "" => path.clone(),
            q => format!("{path}?{q}"),
        };
        if let (Some(_), Ok(query)) = (
            crate::web::render::local_path(&asked),
            serde_html_form::to_string([("next", asked.as_str())].as_slice()),
        ) {
            if let Ok(v) = HeaderValue::from_str(&format!("/login?{query}")) {
                res.headers_mut().insert(header::LOCATION, v);
            }
        }
    }

    // Error responses get a page in the layout, in the visitor's language, with the request id:
    // in the frame `error_frame` kept (the caller's header and navigation, as pages show them),
    // else — refused before the session layer — a bare header in the request's language.
    let info = res.response().extensions().get::<ErrorInfo>().cloned();
    if let Some(info) = info {
        let frame = error_page::kept(res.request()).unwrap_or_else(|| {
            let lang = lang_for(res.request(), AccountLang::kept(res.request()));
            error_page::bare(path, lang, String::new(), request_id)
        });
        let page = error_page::render(frame, res.response(), &info);
        res = res.into_response(page);
    }
    let mail = res.response().extensions().get::<MailDocument>().is_some();
    secure(res.headers_mut(), path, base_url, request_id);
    if mail {
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(MAIL_CSP),
        );
        h.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
    }
    log_request(&visit, res.status());
    Ok(res)
}

/// Inside the session layer: for an error response, the frame of its page
/// (`web::error_page`) — the caller as loading it kept, else loaded now (an unknown address, a
/// request refused before its handler) — for `security` to render the page in. An error that
/// came without a page of its own (an extractor's plain-text refusal) gets one by its status.
/// Nothing is read for a response that is not an error, nor twice, nor for a 503 (the database
/// could not be had: another wait for it would only delay the answer).
pub async fn error_frame(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let mut res = next.call(req).await?.map_into_boxed_body();
    if res.response().extensions().get::<OwnAnswer>().is_some() {
        return Ok(res);
    }
    if res.response().extensions().get::<ErrorInfo>().is_none() {
        let html = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if let Some(info) = ErrorInfo::for_status(res.status()).filter(|_| !html) {
            res.response_mut().extensions_mut().insert(info);
        }
    }
    if res.response().extensions().get::<ErrorInfo>().is_some() {
        let busy = res.status() == StatusCode::SERVICE_UNAVAILABLE;
        error_page::frame_inside_session(res.request(), busy).await;
    }
    Ok(res)
}

/// The security headers every response carries (docs/SECURITY.md A-section).
fn secure(h: &mut header::HeaderMap, path: &str, base_url: &str, request_id: &str) {
    let set = |h: &mut header::HeaderMap, name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    set(h, "content-security-policy", CSP);
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "x-request-id", request_id);
    set(
        h,
        "referrer-policy",
        if is_token_page(path) {
            "no-referrer"
        } else {
            "same-origin"
        },
    );
    if !path.starts_with("/static/") {
        set(h, "cache-control", "no-store");
    }
    if base_url.starts_with("https://") {
        set(
            h,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
}

/// The request's log line (never a token: `crate::logging::redact`); a refusal by a limit is
/// also an audit line.
fn log_request(visit: &Visit, status: StatusCode) {
    let Visit {
        started,
        request_id,
        method,
        path,
        ..
    } = visit;
    let path = crate::logging::redact(path);
    if status == StatusCode::TOO_MANY_REQUESTS {
        tracing::warn!(target: "audit", action = AuditAction::Throttled.as_str(), path = %path, request_id = %request_id, "throttled");
    }
    let elapsed_ms = started.elapsed().as_millis();
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(%method, path = %path, status = status.as_u16(), elapsed_ms, request_id = %request_id, "request");
    } else {
        tracing::info!(%method, path = %path, status = status.as_u16(), elapsed_ms, request_id = %request_id, "request");
    }
}
