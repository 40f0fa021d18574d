//! `/platform/audit`: the platform operator's actions — organisations created, edited,
//! disabled and enabled, platform settings changed, operators added — newest first, 50 to a
//! page, with the same filters as an organisation's trail.

use crate::domain::audit::{Scope, PLATFORM_ACTIONS};
use crate::error::AppError;
use crate::web::audit_view::{self, Trail};
use crate::web::page::{Operator, PageCtx};
use crate::web::render;
use crate::web::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "platform/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    trail: Trail,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    op: Operator,
) -> Result<HttpResponse, AppError> {
    let trail = audit_view::load(
        &state,
        &req,
        &op.ctx,
        Scope::Platform,
        "/platform/audit",
        PLATFORM_ACTIONS,
    )
    .await?;
    let valid = trail.errors.is_empty();
    let page = AuditPage { ctx: op.ctx, trail };
    if valid {
        render::page(&page)
    } else {
        render::invalid(&page)
    }
}
