//! Revoking invitations: one from its row, after a page that asks; the ticked rows, after the
//! browser's question or, without JavaScript, a page that lists them and asks (docs/UX.md:
//! destructive actions are confirmed).

use crate::db::ids::InvitationId;
use crate::domain::invitations::{self, ToRevoke};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::outcomes::{flash_one, revoke_summary};
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::session;
use crate::web::session::FlashKind;
use crate::web::state::AppState;
use crate::web::ticked::{back_to, none_ticked, Back, TickedForm};
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/revoke.html")]
struct RevokePage {
    ctx: PageCtx,
    id: InvitationId,
    name: String,
    recipient: String,
    /// Not open any more (accepted, expired, revoked, replaced, failed): its status, and
    /// nothing to ask.
    closed: Option<String>,
    /// The list as it was (filters, page), where both answers lead.
    back: String,
}

pub async fn revoke_confirm(
    state: web::Data<AppState>,
    path: web::Path<InvitationId>,
    query: web::Query<Back>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let (org_id, id, now) = (admin.org.id, path.into_inner(), state.now());
    let (inv, name) = state
        .db(move |c| {
            let inv = invitations::get_in_org(c, org_id, id)?.ok_or(AppError::NotFound)?;
            let m = crate::domain::members::get_in_org(c, org_id, inv.member_id)?
                .ok_or(AppError::NotFound)?;
            Ok((inv, m.display_name()))
        })
        .await?;
    // The same test as the post's, and the list's: a link kept from earlier does not ask
    // about what is over (an expired link already stopped working).
    let shown = invitations::shown_status(&inv, now);
    let closed = (!shown.is_open()).then(|| admin.ctx.t(shown.label_key()));
    render::page(&RevokePage {
        ctx: admin.ctx,
        id: inv.id,
        name,
        recipient: inv.recipient,
        closed,
        back: back_to(&query.back),
    })
}

pub async fn revoke(
    state: web::Data<AppState>,
    path: web::Path<InvitationId>,
    admin: OrgAdmin,
    Form(form): Form<Back>,
) -> Result<HttpResponse, AppError> {
    let (actor, org_id, now, id) = (admin.actor(), admin.org.id, state.now(), path.into_inner());
    let result = state
        .db(move |c| Ok(invitations::revoke(c, now, &actor, org_id, id)))
        .await?;
    match result {
        Ok(()) => session::flash(
            &admin.session,
            FlashKind::Success,
            admin.ctx.t("invitation-revoked"),
        ),
        Err(DomainError::Conflict(_)) => session::flash(
            &admin.session,
            FlashKind::Error,
            admin.ctx.t("invitation-not-open"),
        ),
        Err(e) => return Err(e.into()),
    }
    Ok(render::see_other(&back_to(&form.back)))
}

#[derive(Template)]
#[template(path = "admin/revoke_many.html")]
struct RevokeManyPage {
    ctx: PageCtx,
    /// What the confirmation posts again: the organisation's ticked invitations, each once.
    rows: Vec<ToRevoke>,
    back: String,
}

impl RevokeManyPage {
    /// What the question counts: the open ones, that revoking would stop.
    fn count(&self) -> i64 {
        let open = self.rows.iter().filter(|r| r.open).count();
        i64::try_from(open).unwrap_or(i64::MAX)
    }
}

/// Bulk revoke of the ticked rows once confirmed: each gets its result, in one message.
/// Not confirmed yet (no JavaScript asked): a page lists them and asks.
pub async fn revoke_many(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<TickedForm>,
) -> Result<HttpResponse, AppError> {
    if form.invitation_id.is_empty() {
        return Ok(none_ticked(&admin, &form.back));
    }
    let (org_id, now) = (admin.org.id, state.now());
    if !form.confirm {
        let ids = form.invitation_id;
        let rows = state
            .db(move |c| Ok(invitations::to_revoke(c, now, org_id, &ids)?))
            .await?;
        if rows.is_empty() {
            return Err(AppError::NotFound);
        }
        if !rows.iter().any(|r| r.open) {
            let told = admin.ctx.t("revoke-many-none-open");
            session::flash(&admin.session, FlashKind::Info, told);
            return Ok(render::see_other(&back_to(&form.back)));
        }
        return render::page(&RevokeManyPage {
            ctx: admin.ctx,
            rows,
            back: back_to(&form.back),
        });
    }
    let (actor, ids) = (admin.actor(), form.invitation_id);
    let outcomes = state
        .db(move |c| Ok(invitations::revoke_many(c, now, &actor, org_id, &ids)?))
        .await?;
    flash_one(&admin, revoke_summary(&admin.ctx, &outcomes));
    Ok(render::see_other(&back_to(&form.back)))
}
