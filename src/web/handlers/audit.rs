//! `/admin/audit`: the organisation's audit trail — who invited, resent, revoked, accepted,
//! changed members or settings — filtered by actor, action and day range, 50 to a page.

use crate::domain::audit::{Scope, ORG_ACTIONS};
use crate::error::AppError;
use crate::web::audit_view::{self, Trail};
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

pub use crate::web::audit_view::PER_PAGE;

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    trail: Trail,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let scope = Scope::Org(admin.org.id);
    let trail =
        audit_view::load(&state, &req, &admin.ctx, scope, "/admin/audit", ORG_ACTIONS).await?;
    let valid = trail.errors.is_empty();
    let page = AuditPage {
        ctx: admin.ctx,
        trail,
    };
    if valid {
        render::page(&page)
    } else {
        render::invalid(&page)
    }
}
