//! The invitations list (seed 004): statuses, resend, revoke with confirmation.

use crate::db::enums::{Channel, Problem, ShownStatus};
use crate::db::ids::{InvitationId, MemberId};
use crate::domain::invitations::{self, InviteOptions};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::form::{EmptyForm, Form};
use crate::web::outcomes::report;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

pub struct Line {
    pub id: InvitationId,
    pub member_id: MemberId,
    pub name: String,
    pub channel: Channel,
    pub recipient: String,
    pub status: ShownStatus,
    pub created: String,
    pub sent: String,
    pub expires: String,
    pub error: Option<Problem>,
}

impl Line {
    pub fn open(&self) -> bool {
        self.status.is_open()
    }
    pub fn resendable(&self) -> bool {
        self.status.is_resendable()
    }
}

#[derive(Template)]
#[template(path = "admin/invitations.html")]
struct InvitationsPage {
    ctx: PageCtx,
    status: Option<ShownStatus>,
    statuses: &'static [ShownStatus],
    lines: Vec<Line>,
    outbox_depth: i64,
}

impl InvitationsPage {
    fn is_current(&self, s: &ShownStatus) -> bool {
        self.status == Some(*s)
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    status: String,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let q: ListQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let status = ShownStatus::parse(&q.status);
    let (org_id, now, st) = (admin.org.id, state.now(), status);
    let (rows, queue) = state
        .db(move |c| {
            Ok((
                invitations::list_for_org(c, now, org_id, st, 200)?,
                crate::domain::jobs::stats(c)?,
            ))
        })
        .await?;
    let lines = rows
        .into_iter()
        .map(|(i, name)| Line {
            status: invitations::shown_status(&i, now),
            member_id: i.member_id,
            name,
            channel: i.channel,
            recipient: i.recipient.clone(),
            created: format_datetime(i.created_at),
            sent: i.sent_at.map(format_datetime).unwrap_or_default(),
            expires: i.expires_at.map(format_datetime).unwrap_or_default(),
            error: i.error.clone(),
            id: i.id,
        })
        .collect();
    render::page(&InvitationsPage {
        ctx: admin.ctx,
        status,
        statuses: ShownStatus::ALL,
        lines,
        outbox_depth: queue.depth,
    })
}

async fn resend(
    state: &AppState,
    admin: &OrgAdmin,
    invitation_ids: Vec<InvitationId>,
) -> Result<(), AppError> {
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let opts = InviteOptions {
        locale: admin.ctx.lang.code().into(),
        ..Default::default()
    };
    let result = state
        .db(move |c| {
            let members = invitations::members_of(c, org_id, &invitation_ids)?;
            if members.is_empty() {
                return Err(AppError::NotFound);
            }
            Ok(invitations::invite(c, now, &actor, org_id, &members, &opts))
        })
        .await?;
    report(state, admin, result)?;
    Ok(())
}

pub async fn resend_one(
    state: web::Data<AppState>,
    path: web::Path<InvitationId>,
    admin: OrgAdmin,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    resend(&state, &admin, vec![path.into_inner()]).await?;
    Ok(render::see_other("/admin/invitations"))
}

#[derive(Deserialize)]
pub struct ResendForm {
    #[serde(default)]
    invitation_id: Vec<InvitationId>,
}

pub async fn resend_many(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<ResendForm>,
) -> Result<HttpResponse, AppError> {
    if form.invitation_id.is_empty() {
        session::flash(&admin.session, "error", admin.ctx.t("bulk-none-selected"));
    } else {
        resend(&state, &admin, form.invitation_id).await?;
    }
    Ok(render::see_other("/admin/invitations"))
}

#[derive(Template)]
#[template(path = "admin/revoke.html")]
struct RevokePage {
    ctx: PageCtx,
    id: InvitationId,
    name: String,
    recipient: String,
}

pub async fn revoke_confirm(
    state: web::Data<AppState>,
    path: web::Path<InvitationId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let (org_id, id) = (admin.org.id, path.into_inner());
    let (inv, name) = state
        .db(move |c| {
            let inv = invitations::get_in_org(c, org_id, id)?.ok_or(AppError::NotFound)?;
            let m = crate::domain::members::get_in_org(c, org_id, inv.member_id)?
                .ok_or(AppError::NotFound)?;
            Ok((inv, m.display_name()))
        })
        .await?;
    render::page(&RevokePage {
        ctx: admin.ctx,
        id: inv.id,
        name,
        recipient: inv.recipient,
    })
}

pub async fn revoke(
    state: web::Data<AppState>,
    path: web::Path<InvitationId>,
    admin: OrgAdmin,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (actor, org_id, now, id) = (admin.actor(), admin.org.id, state.now(), path.into_inner());
    let result = state
        .db(move |c| Ok(invitations::revoke(c, now, &actor, org_id, id)))
        .await?;
    match result {
        Ok(()) => session::flash(&admin.session, "success", admin.ctx.t("invitation-revoked")),
        Err(crate::domain::DomainError::Conflict(_)) => {
            session::flash(&admin.session, "error", admin.ctx.t("invitation-not-open"))
        }
        Err(e) => return Err(e.into()),
    }
    Ok(render::see_other("/admin/invitations"))
}
