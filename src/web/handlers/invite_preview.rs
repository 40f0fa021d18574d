//! `/admin/invite-preview/{id}`: the HTML message of the invite form's last preview, for the
//! preview's frame on `/admin/invite`. Only what the caller's own form rendered, kept in their
//! session for the organisation they previewed it in (anything else is 404): never a renderer
//! of what a request sends. It is sent with the e-mail's own policy
//! ([`MailDocument`]), so its inline styles apply as in the recipient's mail program.

use crate::error::AppError;
use crate::web::middleware::MailDocument;
use crate::web::page::OrgMember;
use crate::web::session;
use actix_web::{web, HttpResponse};

pub async fn document(me: OrgMember, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    // Who may use the invite form (as `/admin/invite` decides).
    if !me.ctx.can_invite {
        return Err(AppError::Forbidden);
    }
    let html = session::mail_preview(&me.session, me.org.id, &id).ok_or(AppError::NotFound)?;
    let mut res = HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html);
    res.extensions_mut().insert(MailDocument);
    Ok(res)
}
