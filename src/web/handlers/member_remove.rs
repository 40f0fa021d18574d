//! An admin removes a member from the organisation, `/admin/users/{id}/remove`: a confirmation
//! page, then the membership ends (the person keeps their account and other memberships, and
//! can be invited again from the card).

use crate::db::ids::MemberId;
use crate::domain::leaving::{self, Membership};
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
#[template(path = "admin/remove_member.html")]
struct RemovePage {
    ctx: PageCtx,
    m: Membership,
    name: String,
    /// Why the removal cannot be done, when it cannot.
    refusal: Option<String>,
}

impl RemovePage {
    fn new(ctx: PageCtx, m: Membership, own_account: bool) -> RemovePage {
        let name = ctx.member_name(&m.member);
        let refusal = if m.member.invite_status != crate::db::enums::MemberStatus::Active {
            Some(ctx.t1("remove-not-member", "name", name.as_str()))
        } else if own_account {
            Some(ctx.t("remove-self"))
        } else if m.last_admin {
            Some(ctx.t1("remove-last-admin", "name", name.as_str()))
        } else {
            None
        };
        RemovePage {
            ctx,
            m,
            name,
            refusal,
        }
    }
}

pub async fn confirm(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let m = admin.membership(&state, path.into_inner()).await?;
    let own = m.member.account_id == Some(admin.account.id);
    render::page(&RemovePage::new(admin.ctx, m, own))
}

pub async fn remove(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let result = state
        .db(move |c| Ok(leaving::remove(c, now, &actor, org_id, id)))
        .await?;
    match result {
        Ok(member) => {
            let name = admin.ctx.member_name(&member);
            session::flash(
                &admin.session,
                FlashKind::Success,
                admin.ctx.t1("remove-done", "name", name.as_str()),
            );
            Ok(render::see_other(&format!("/admin/users/{id}")))
        }
        Err(DomainError::Conflict(_)) => {
            let m = admin.membership(&state, id).await?;
            let own = m.member.account_id == Some(admin.account.id);
            render::with_status(&RemovePage::new(admin.ctx, m, own), StatusCode::CONFLICT)
        }
        Err(e) => Err(e.into()),
    }
}
