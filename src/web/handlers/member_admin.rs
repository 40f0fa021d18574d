//! `/admin/users/{id}/admin`: an admin makes an active member an administrator of the
//! organisation (the card's button posts `admin=1`), or takes the rights away after a
//! confirmation page (`admin=0`). The organisation's last administrator keeps the rights: the
//! page says so and nothing changes.

use crate::db::enums::MemberStatus;
use crate::db::ids::MemberId;
use crate::domain::admin_rights::{self, AdminChange};
use crate::domain::leaving::Membership;
use crate::domain::DomainError;
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/member_admin.html")]
struct AdminPage {
    ctx: PageCtx,
    m: Membership,
    name: String,
    /// The admin takes their own rights away.
    own: bool,
    /// Why the change cannot be done, when it cannot.
    refusal: Option<String>,
}

impl AdminPage {
    fn new(ctx: PageCtx, m: Membership, own: bool) -> AdminPage {
        let name = ctx.member_name(&m.member);
        let refusal = if m.member.invite_status != MemberStatus::Active {
            Some(ctx.t1("admin-not-member", "name", name.as_str()))
        } else if !m.member.is_admin {
            Some(ctx.t1("admin-none-to-take", "name", name.as_str()))
        } else if m.last_admin {
            Some(ctx.t1("admin-last-admin", "name", name.as_str()))
        } else {
            None
        };
        AdminPage {
            ctx,
            m,
            name,
            own,
            refusal,
        }
    }
}

/// `admin`: `1` makes the member an administrator, `0` takes the rights away (a check box's
/// spellings). Required: a post without it is refused (after the card is found).
#[derive(Deserialize)]
pub struct AdminForm {
    #[serde(default, deserialize_with = "crate::web::form::check_box")]
    admin: Option<bool>,
}

pub async fn confirm(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let m = admin.membership(&state, path.into_inner()).await?;
    let own = m.member.account_id == Some(admin.account.id);
    render::page(&AdminPage::new(admin.ctx, m, own))
}

pub async fn set(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
    Form(form): Form<AdminForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let Some(wanted) = form.admin else {
        admin.membership(&state, id).await?;
        return Err(AppError::BadRequest("admin"));
    };
    let result = state
        .db(move |c| Ok(admin_rights::set(c, now, &actor, org_id, id, wanted)))
        .await?;
    let ctx = &admin.ctx;
    match result {
        Ok((member, change)) => {
            let name = ctx.member_name(&member);
            let own = member.account_id == Some(admin.account.id);
            let name = name.as_str();
            let (kind, text) = match change {
                AdminChange::Granted => (
                    FlashKind::Success,
                    ctx.t1("admin-granted-done", "name", name),
                ),
                AdminChange::Taken { .. } => {
                    (FlashKind::Success, ctx.t1("admin-taken-done", "name", name))
                }
                AdminChange::Unchanged if wanted => {
                    (FlashKind::Info, ctx.t1("admin-already-admin", "name", name))
                }
                AdminChange::Unchanged => {
                    (FlashKind::Info, ctx.t1("admin-not-admin", "name", name))
                }
            };
            session::flash(&admin.session, kind, text);
            if let AdminChange::Taken { revoked } = change {
                if revoked > 0 {
                    let count = i64::try_from(revoked).unwrap_or(i64::MAX);
                    let text = ctx.t1("admin-taken-revoked", "count", count);
                    session::flash(&admin.session, FlashKind::Info, text);
                }
            }
            // Without the rights, the admin's pages are closed to whoever just gave up theirs.
            let to = match change {
                AdminChange::Taken { .. } if own => "/".to_owned(),
                _ => format!("/admin/users/{id}"),
            };
            Ok(render::see_other(&to))
        }
        Err(DomainError::Conflict(_)) => {
            let m = admin.membership(&state, id).await?;
            let own = m.member.account_id == Some(admin.account.id);
            render::with_status(&AdminPage::new(admin.ctx, m, own), StatusCode::CONFLICT)
        }
        Err(e) => Err(e.into()),
    }
}
