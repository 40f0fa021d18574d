//! `/help` (docs/PRODUCT.md §2.11: a member without a role still has home, help, settings and
//! the organisation switch): how invitations, organisations and the account work, in the
//! visitor's language. Open to everyone — an invited person reads it before having an account.

use crate::error::AppError;
use crate::web::page::{PageCtx, Visitor};
use crate::web::render;
use actix_web::HttpResponse;
use askama::Template;

#[derive(Template)]
#[template(path = "help.html")]
struct HelpPage {
    ctx: PageCtx,
}

pub async fn show(Visitor(caller): Visitor) -> Result<HttpResponse, AppError> {
    render::page(&HelpPage { ctx: caller.ctx })
}
