//! Error pages inside the layout every page has: the header with the product's name, the
//! language switch and — when the caller is known — their account and navigation, then the
//! error's heading, what happened, one link and the request id. Rendered in the visitor's
//! language, decided as for every page (`page::lang_for`).
//!
//! The frame comes from the caller as `page::load` built it for this request (a handler or its
//! extractor that loaded the caller and then refused); else, inside the session layer, the
//! caller is loaded for the error page (an unknown address, a request refused before the
//! caller was loaded); else — the database is busy, or the request never reached the session
//! layer — a bare frame: the header, and the language switch when its token is known.

use crate::error::ErrorInfo;
use crate::i18n::{tr, tr_args, Arg, Lang};
use crate::web::page::{OrgCount, PageCtx};
use actix_session::SessionExt;
use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: PageCtx,
    title: String,
    message: String,
    /// The one link: where it leads, and its words.
    link: String,
    link_text: String,
}

/// The page data of this request's caller, kept for an error page rendered after the handler.
#[derive(Clone)]
struct Frame(PageCtx);

/// Keeps `ctx` with the request for its error page, if it gets one (`page::load`).
pub fn keep(req: &HttpRequest, ctx: &PageCtx) {
    req.extensions_mut().insert(Frame(ctx.clone()));
}

/// The frame kept with `req`, if any.
pub fn kept(req: &HttpRequest) -> Option<PageCtx> {
    req.extensions().get::<Frame>().map(|f| f.0.clone())
}

/// A frame with no caller: the header, and the language switch when `csrf` is not empty.
pub fn bare(path: &str, lang: Lang, csrf: String, request_id: &str) -> PageCtx {
    PageCtx {
        lang,
        csrf,
        account_name: None,
        is_operator: false,
        org: None,
        is_admin: false,
        can_invite: false,
        orgs: OrgCount::None,
        flashes: Vec::new(),
        path: path.to_owned(),
        back: path.to_owned(),
        request_id: request_id.to_owned(),
        enrol_first: false,
    }
}

/// Inside the session layer, for a response that is to become an error page: the frame kept
/// from loading the caller, else the caller loaded now when the session names an account —
/// except when the database is `busy` (another wait for it would only delay the answer) — else
/// the bare frame, whose language switch carries the session's token. Any failure to load is a
/// bare frame: an error page must not fail.
pub async fn frame_inside_session(req: &HttpRequest, busy: bool) {
    if kept(req).is_some() {
        return;
    }
    let signed_in = crate::web::session::account_id(&req.get_session()).is_some();
    if signed_in && !busy {
        if let Ok(caller) = crate::web::page::load(req).await {
            keep(req, &caller.ctx);
            return;
        }
    }
    let lang = crate::web::page::lang_for(req, crate::web::page::AccountLang::kept(req));
    let csrf = crate::web::csrf::page_token(req);
    let request_id = crate::web::page::request_id(req);
    keep(req, &bare(req.path(), lang, csrf, &request_id));
}

/// The error page for `res` in the frame `ctx`.
pub fn render(ctx: PageCtx, res: &HttpResponse, info: &ErrorInfo) -> HttpResponse {
    let lang = ctx.lang;
    // A form refused for its token: its page again, where the address has one (the invitation's
    // link, /login, a card), with a fresh token.
    let (link, link_key) = if info.form_again && crate::web::has_page(&ctx.path) {
        (ctx.path.clone(), "error-csrf-link")
    } else {
        (info.link.0.to_owned(), info.link.1)
    };
    let page = ErrorPage {
        title: tr(lang, info.title_key),
        message: if info.args.is_empty() {
            tr(lang, info.message_key)
        } else {
            let args: Vec<(&str, Arg)> = info.args.iter().map(|(k, v)| (*k, (*v).into())).collect();
            tr_args(lang, info.message_key, &args)
        },
        link,
        link_text: tr(lang, link_key),
        ctx,
    };
    let status = res.status();
    let html = page.render().unwrap_or_else(|_| status.to_string());
    let mut new = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html);
    // What the page's own headers said beyond its body: a `Retry-After`, a 405's `Allow`, the
    // session's cookie (renewed in this request: losing it would leave the visitor the old id).
    for (name, value) in res.headers() {
        if name == header::RETRY_AFTER || name == header::ALLOW || name == header::SET_COOKIE {
            new.headers_mut().append(name.clone(), value.clone());
        }
    }
    new
}
