//! The invitations list (seed 004, issue 7): filters by status, channel, inviter and role,
//! counts per status, search, sortable columns, pages of a chosen size; per-row resend, renew, revoke and card; bulk resend and
//! revoke of ticked rows with per-item results.

use crate::db::enums::{Problem, ShownStatus};
use crate::db::ids::{AccountId, InvitationId, MemberId, RoleId};
use crate::domain::invitations::{self, InviteOptions, SortBy};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::filters;
use crate::web::form::Form;
use crate::web::invitations_query::ListQuery;
use crate::web::outcomes::{flash_one, report, resend_summary};
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::session::FlashKind;
use crate::web::ticked::{back_to, none_ticked, Back, TickedForm};
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

pub struct Line {
    pub id: InvitationId,
    pub member_id: MemberId,
    pub name: String,
    pub inviter: String,
    pub recipient: String,
    pub status: ShownStatus,
    pub sent: String,
    pub expires: String,
    pub error: Option<Problem>,
}

impl Line {
    pub fn open(&self) -> bool {
        self.status.is_open()
    }
    pub fn resendable(&self) -> bool {
        self.status.is_resendable() && !self.status.is_renewable()
    }
    pub fn renewable(&self) -> bool {
        self.status.is_renewable()
    }
    pub fn tickable(&self) -> bool {
        self.open() || self.status.is_resendable()
    }
}

pub struct StatusTab {
    pub status: Option<ShownStatus>,
    pub count: i64,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "admin/invitations.html")]
struct InvitationsPage {
    ctx: PageCtx,
    query: ListQuery,
    tabs: Vec<StatusTab>,
    inviters: Vec<(AccountId, String)>,
    roles: Vec<(RoleId, String)>,
    lines: Vec<Line>,
    /// "1–50 of 301": first and last row shown, and how many match.
    first: i64,
    last: i64,
    total: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
    back: String,
    /// The organisation's invitations waiting to be sent; since how long the oldest (said);
    /// how many were not delivered, and the list of those.
    waiting: i64,
    oldest: Option<String>,
    failed: i64,
    failed_href: String,
    /// When the bulk send the list is narrowed to began (the `batch` filter), said.
    batch_started: Option<String>,
}

impl InvitationsPage {
    /// "1–50 of 301".
    fn range_text(&self) -> String {
        self.ctx.t2(
            "invitations-range",
            "range",
            format!("{}–{}", self.first, self.last),
            "total",
            self.total,
        )
    }
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let query = ListQuery::from_query_string(req.query_string());
    let filter = query.filter()?;
    let (page, per_page, order) = (query.page(), query.per_page(), query.order());
    let (org_id, now, f) = (admin.org.id, state.now(), filter.clone());
    let (counts, rows, inviters, roles, queue, batch, page) = state
        .db(move |c| {
            // Another organisation's batch, or none: nothing to narrow to.
            let batch = match f.batch_id {
                Some(id) => {
                    Some(invitations::batch_in_org(c, org_id, id)?.ok_or(AppError::NotFound)?)
                }
                None => None,
            };
            let f = f.with_phone_rules(c)?;
            let inviters = invitations::inviters(c, org_id)?;
            let counts = invitations::counts(c, now, org_id, &f)?;
            // A page past the last (a kept link, rows revoked since) is the last page, not an
            // empty list that says nothing matches.
            let shown = invitations::total(&counts, f.status);
            let page = page.min(((shown + per_page - 1) / per_page).max(1));
            Ok((
                counts,
                invitations::page(c, now, org_id, &f, order, (page, per_page), &inviters)?,
                inviters,
                crate::domain::roles::names(c, org_id)?,
                invitations::outbox(c, now, org_id)?,
                batch,
                page,
            ))
        })
        .await?;
    let total = invitations::total(&counts, filter.status);
    let mut tabs = vec![StatusTab {
        status: None,
        count: invitations::total(&counts, None),
        href: query.link(Some("all"), None),
        current: filter.status.is_none(),
    }];
    for (status, count) in counts {
        tabs.push(StatusTab {
            status: Some(status),
            count,
            href: query.link(Some(status.as_str()), None),
            current: filter.status == Some(status),
        });
    }
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|r| {
            let i = r.invitation;
            let (sent, expires) = i.sent_and_expiry();
            Line {
                status: invitations::shown_status(&i, now),
                member_id: i.member_id,
                name: r.name,
                inviter: r.inviter,
                sent: sent.map(format_datetime).unwrap_or_default(),
                expires: expires.map(format_datetime).unwrap_or_default(),
                error: i.error,
                recipient: i.recipient,
                id: i.id,
            }
        })
        .collect();
    let oldest = queue.oldest.map(|t| waited(&admin.ctx, now - t));
    // Every failed one of the organisation, as counted: the list without the other filters.
    let failed_href = ListQuery::default().link(Some(ShownStatus::Failed.as_str()), None);
    let first = (page - 1) * per_page + 1;
    let last = first + lines.len() as i64 - 1;
    render::page(&InvitationsPage {
        prev_href: (page > 1).then(|| query.link(None, Some(page - 1))),
        next_href: (last < total).then(|| query.link(None, Some(page + 1))),
        back: query.link(None, Some(page)),
        ctx: admin.ctx,
        query,
        tabs,
        inviters,
        roles,
        lines,
        first,
        last,
        total,
        waiting: queue.waiting,
        oldest,
        failed: queue.failed,
        failed_href,
        batch_started: batch.map(|b| format_datetime(b.created_at)),
    })
}

/// "the oldest for 12 min": minutes within the hour, hours within two days, then days.
fn waited(ctx: &crate::web::page::PageCtx, age: time::Duration) -> String {
    let minutes = age.whole_minutes().max(0);
    let (unit, n) = match minutes {
        0..60 => ("minutes", minutes),
        60..2880 => ("hours", minutes / 60),
        _ => ("days", minutes / 1440),
    };
    ctx.t2("outbox-oldest", "unit", unit, "n", n)
}

/// Resends through the one policy; one row is reported as the users table reports a send,
/// several in one message with each skip's reason.
async fn resend(
    state: &AppState,
    admin: &OrgAdmin,
    invitation_ids: Vec<InvitationId>,
) -> Result<(), AppError> {
    let one = invitation_ids.len() == 1;
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    // In each recipient's language as last sent, not the admin's page language.
    let opts = InviteOptions::default();
    let result = state
        .db(move |c| {
            Ok(invitations::resend(
                c,
                now,
                &actor,
                org_id,
                &invitation_ids,
                &opts,
            ))
        })
        .await?;
    match result {
        Err(DomainError::NotFound) => Err(AppError::NotFound),
        Ok(resent) if !one || resent.superseded > 0 => {
            state.wake_workers();
            flash_one(
                admin,
                resend_summary(&admin.ctx, &resent.outcomes, resent.superseded),
            );
            Ok(())
        }
        result => report(state, admin, result.map(|r| r.outcomes)),
    }
}

pub async fn resend_one(
    state: web::Data<AppState>,
    path: web::Path<InvitationId>,
    admin: OrgAdmin,
    Form(form): Form<Back>,
) -> Result<HttpResponse, AppError> {
    resend(&state, &admin, vec![path.into_inner()]).await?;
    Ok(render::see_other(&back_to(&form.back)))
}

pub async fn resend_many(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<TickedForm>,
) -> Result<HttpResponse, AppError> {
    if form.invitation_id.is_empty() {
        return Ok(none_ticked(&admin, &form.back));
    }
    resend(&state, &admin, form.invitation_id).await?;
    Ok(render::see_other(&back_to(&form.back)))
}

/// One click on an expired invitation: a new link with the same terms, through the policy.
pub async fn renew(
    state: web::Data<AppState>,
    path: web::Path<InvitationId>,
    admin: OrgAdmin,
    Form(form): Form<Back>,
) -> Result<HttpResponse, AppError> {
    let (actor, org_id, now, id) = (admin.actor(), admin.org.id, state.now(), path.into_inner());
    let result = state
        .db(move |c| Ok(invitations::renew(c, now, &actor, org_id, id)))
        .await?;
    match result {
        Ok(outcomes) => {
            state.wake_workers();
            let (kind, text) = resend_summary(&admin.ctx, &outcomes, 0);
            let text = if kind == FlashKind::Success {
                admin.ctx.t("invitation-renewed")
            } else {
                text
            };
            session::flash(&admin.session, kind, text);
        }
        Err(DomainError::Conflict(_)) => session::flash(
            &admin.session,
            FlashKind::Error,
            admin.ctx.t("invitation-not-expired"),
        ),
        Err(e) => session::flash(
            &admin.session,
            FlashKind::Error,
            crate::web::outcomes::limit_message(&admin.ctx, e)?,
        ),
    }
    Ok(render::see_other(&back_to(&form.back)))
}
