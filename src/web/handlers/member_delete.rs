//! An admin deletes a card that never became a member, `/admin/users/{id}/delete`: a
//! confirmation page saying what goes with it, then the card and its invitations are deleted
//! (`domain::members::delete`). A member's card offers "Remove from the organisation" instead.

use crate::db::ids::MemberId;
use crate::domain::members::{self, Deletion};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::web::form::{EmptyForm, Form};
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/delete_member.html")]
struct DeletePage {
    ctx: PageCtx,
    d: Deletion,
    name: String,
}

async fn page(state: &AppState, admin: OrgAdmin, id: MemberId) -> Result<DeletePage, AppError> {
    let org_id = admin.org.id;
    let d = state
        .db(move |c| Ok(members::deletion_preview(c, org_id, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(DeletePage {
        name: admin.ctx.member_name(&d.card),
        ctx: admin.ctx,
        d,
    })
}

pub async fn confirm(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    render::page(&page(&state, admin, path.into_inner()).await?)
}

pub async fn delete(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let result = state
        .db(move |c| Ok(members::delete(c, now, &actor, org_id, id)))
        .await?;
    match result {
        Ok(name) => {
            state.wake_workers();
            session::flash(
                &admin.session,
                FlashKind::Success,
                admin.ctx.t1("delete-card-done", "name", name.as_str()),
            );
            Ok(render::see_other("/admin/users"))
        }
        // A member, or became one meanwhile (the invitation was accepted): the page says so.
        Err(DomainError::Conflict(_)) => {
            render::with_status(&page(&state, admin, id).await?, StatusCode::CONFLICT)
        }
        Err(e) => Err(e.into()),
    }
}
