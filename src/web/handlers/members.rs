//! The users table (seed 001): filters, search, pages, live statuses, bulk invitation.

use crate::db::enums::{Language, MemberStatus};
use crate::db::ids::{DepartmentId, MemberId};
use crate::db::models::MemberRow;
use crate::domain::invitations::InviteOptions;
use crate::domain::members::{self, Anchor};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::filters;
use crate::web::form::Form;
use crate::web::outcomes::report;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self};
use crate::web::session::FlashKind;
use crate::web::users_query::ListQuery;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use std::collections::HashMap;

/// At most this many cards are invited by one request: more matching "all matching the filter"
/// (or ticked) are refused whole, with a message saying so — never a silent first 10,000.
pub const ALL_MATCHING_CAP: i64 = 10_000;

pub struct Row {
    pub m: MemberRow,
    /// Never empty (`PageCtx::name_or_unnamed`): the row's link and its checkbox's label.
    pub name: String,
    pub department: String,
    pub last_invited: String,
    /// Invited, and the link expired unanswered.
    pub expired: bool,
}

impl Row {
    /// The row's own invite button (docs/UX.md: per-row actions): Some(false) "Invite" for a
    /// card never invited, Some(true) "Invite again" for one invited or failed; none while an
    /// invitation waits to leave, nor for an active member.
    pub fn invites_again(&self) -> Option<bool> {
        match self.m.invite_status {
            MemberStatus::NotInvited => Some(false),
            MemberStatus::Invited | MemberStatus::Error => Some(true),
            MemberStatus::Waiting | MemberStatus::Active => None,
        }
    }
}

pub struct StatusTab {
    /// None: every status.
    pub status: Option<MemberStatus>,
    pub count: i64,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "admin/members.html")]
struct MembersPage {
    ctx: PageCtx,
    query: ListQuery,
    tabs: Vec<StatusTab>,
    rows: Vec<Row>,
    departments: Vec<(DepartmentId, String)>,
    matching: i64,
    /// Members a refused batch could still reach today ("send the first N now").
    offer: Vec<MemberId>,
    /// The keys of this showing's two invite forms (the table's, the offer's): each is posted
    /// once (`BulkForm::submission`).
    submission: String,
    offer_submission: String,
    /// "1–50 of 301".
    range: String,
    page: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
    total: i64,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let query = ListQuery::from_query_string(req.query_string());
    let filter = query.filter()?;
    let at = query.page_at();
    let (org_id, order, per_page) = (admin.org.id, query.order(), query.per_page());
    let f = filter.clone();
    let kept = std::sync::Arc::clone(&state.kept_counts);
    let now = state.now();
    let (counts, matching, shown, departments, expired) = state
        .db(move |c| {
            let f = f.with_phone_rules(c)?;
            let counts = kept.status_counts(c, org_id, &f)?;
            let in_every_status = counts.values().sum();
            let matching = match f.status {
                Some(s) => counts.get(&s).copied().unwrap_or(0),
                None => in_every_status,
            };
            let shown = members::page(c, org_id, &f, order, at, per_page, in_every_status)?;
            // "Invited" whose link has expired unanswered: said beside the status.
            let invited: Vec<MemberId> = shown
                .rows
                .iter()
                .filter(|m| m.invite_status == MemberStatus::Invited)
                .map(|m| m.id)
                .collect();
            let expired = crate::domain::invitations::expired_among(c, now, org_id, &invited)?;
            Ok((
                counts,
                matching,
                shown,
                crate::domain::departments::names(c, org_id)?,
                expired,
            ))
        })
        .await?;
    let total: i64 = counts.values().sum();
    let mut tabs = vec![StatusTab {
        status: None,
        count: total,
        href: query.link(Some("all"), None),
        current: filter.status.is_none(),
    }];
    for status in MemberStatus::ALL.iter().copied() {
        tabs.push(StatusTab {
            status: Some(status),
            count: counts.get(&status).copied().unwrap_or(0),
            href: query.link(Some(status.as_str()), None),
            current: filter.status == Some(status),
        });
    }
    let dep_names: HashMap<DepartmentId, &str> = departments
        .iter()
        .map(|(id, n)| (*id, n.as_str()))
        .collect();
    let page = shown.number;
    // "Next" reads on after this page's last card, "previous" back from its first.
    let after_last = shown.rows.last().map(|m| Anchor::After(m.id));
    let before_first = shown.rows.first().map(|m| Anchor::Before(m.id));
    let members_page = shown.rows;
    let first = (page - 1) * per_page + 1;
    let range = if members_page.is_empty() {
        String::new()
    } else {
        crate::i18n::tr_args(
            admin.ctx.lang,
            "pager-range",
            &[
                ("first", first.into()),
                ("last", (first + members_page.len() as i64 - 1).into()),
                ("total", matching.into()),
            ],
        )
    };
    let rows = members_page
        .into_iter()
        .map(|m| Row {
            name: admin.ctx.name_or_unnamed(m.display_name()),
            department: m
                .department_id
                .and_then(|d| dep_names.get(&d).map(|n| (*n).to_owned()))
                .unwrap_or_default(),
            last_invited: m.last_invited_at.map(format_datetime).unwrap_or_default(),
            expired: expired.contains(&m.id),
            m,
        })
        .collect();
    render::page(&MembersPage {
        prev_href: (page > 1).then(|| match before_first {
            Some(card) => query.page_href(page - 1, card),
            None => query.link(None, Some(page - 1)),
        }),
        next_href: after_last
            .filter(|_| shown.has_next)
            .map(|card| query.page_href(page + 1, card)),
        ctx: admin.ctx,
        tabs,
        rows,
        departments,
        matching,
        offer: session::take_offer(&admin.session),
        submission: crate::domain::tokens::random_token(),
        offer_submission: crate::domain::tokens::random_token(),
        range,
        page,
        total,
        query,
    })
}

#[derive(Deserialize, Debug)]
pub struct BulkForm {
    /// The contract's field name; it carries member ids.
    #[serde(default, rename = "user_id")]
    member_id: Vec<MemberId>,
    /// "Select all matching this filter" (a check box, `web::form::ticked_box`).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    all_matching: bool,
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    department: String,
    /// The table's order and page size, kept for the way back to it.
    #[serde(default)]
    sort: String,
    #[serde(default)]
    dir: String,
    #[serde(default, deserialize_with = "crate::web::form::number_or_none")]
    per_page: Option<i64>,
    /// The invitations' language; none chosen: each recipient's last invitation's, else the
    /// organisation's default.
    #[serde(default, deserialize_with = "crate::web::form::empty_as_none")]
    language: Option<Language>,
    /// The random key of this showing of the table's form: a second post of it does nothing
    /// again and reports the first one's result.
    #[serde(default)]
    submission: String,
    /// Posted by a user's card: the admin goes back to that card, not to the table.
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    from_card: bool,
    /// A row's own button: that card alone, whatever boxes are ticked.
    #[serde(default)]
    row: Option<MemberId>,
}

/// Sends (or re-sends) invitations to the ticked users or to all matching the filter as one
/// batch, then reports per-user results (and shows the batch's progress when it is many).
pub async fn bulk_invite(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(mut form): Form<BulkForm>,
) -> Result<HttpResponse, AppError> {
    let query = ListQuery {
        status: form.status.clone(),
        q: form.q.clone(),
        kind: form.kind.clone(),
        department: form.department.clone(),
        sort: form.sort.clone(),
        dir: form.dir.clone(),
        per_page: form.per_page,
        ..Default::default()
    };
    if let Some(id) = form.row {
        form.member_id = vec![id];
        form.all_matching = false;
    }
    let all = form.all_matching;
    let back = match form.member_id.as_slice() {
        [one] if form.from_card && !all => format!("/admin/users/{one}"),
        _ => query.link(None, None),
    };
    if !all && form.member_id.is_empty() {
        session::flash(
            &admin.session,
            FlashKind::Error,
            admin.ctx.t("bulk-none-selected"),
        );
        return Ok(render::see_other(&back));
    }
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let filter = query.filter()?;
    let opts = InviteOptions {
        language: form.language,
        ..Default::default()
    };
    let submission = crate::web::form::post_key(&form.submission, &(admin.org.id, &form));
    let ids = form.member_id;
    let cap = usize::try_from(ALL_MATCHING_CAP).unwrap_or(usize::MAX);
    let (ids, result) = state
        .db(move |c| {
            let ids = if all {
                let filter = filter.with_phone_rules(c)?;
                // One more than the cap: enough to know there are too many.
                members::matching_ids(c, org_id, &filter, ALL_MATCHING_CAP + 1)?
            } else {
                ids
            };
            if ids.len() > cap {
                return Ok((ids, None));
            }
            let result = crate::domain::invitations::invite_batch(
                c,
                now,
                &actor,
                org_id,
                &ids,
                &opts,
                submission.as_deref(),
            );
            Ok((ids, Some(result)))
        })
        .await?;
    let Some(result) = result else {
        let message = admin.ctx.t1("bulk-too-many", "max", ALL_MATCHING_CAP);
        session::flash(&admin.session, FlashKind::Error, message);
        return Ok(render::see_other(&back));
    };
    // A send of many is followed on its progress page; one goes back to the table.
    let batch = match &result {
        Ok((outcomes, Some(batch))) if queued(outcomes) >= PROGRESS_FROM => Some(*batch),
        _ => None,
    };
    let result = result.map(|(outcomes, _)| outcomes);
    // Refused at the daily limit: the first that still fit are offered beside the refusal.
    if let Err(DomainError::DailyLimit { remaining, .. }) = &result {
        let fit = usize::try_from(*remaining).unwrap_or(0).min(ids.len());
        session::offer(&admin.session, &ids[..fit]);
    }
    report(&state, &admin, result)?;
    Ok(render::see_other(&match batch {
        Some(id) => format!("/admin/invitations/batches/{id}"),
        None => back,
    }))
}

/// From this many queued invitations on, a bulk send shows its progress page.
pub const PROGRESS_FROM: usize = 2;

fn queued(outcomes: &[crate::domain::invitations::InviteOutcome]) -> usize {
    outcomes
        .iter()
        .filter(|o| {
            matches!(
                o.result,
                crate::domain::invitations::InviteResult::Queued { .. }
            )
        })
        .count()
}

#[derive(Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    id: Vec<MemberId>,
}

/// Current statuses of some rows, for the table's small poll.
pub async fn statuses(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let q: StatusQuery =
        serde_html_form::from_str(req.query_string()).map_err(|_| AppError::BadRequest("query"))?;
    let ids: Vec<MemberId> = q.id.into_iter().take(200).collect();
    let org_id = admin.org.id;
    let rows = state
        .db(move |c| {
            let mut out = Vec::new();
            for id in &ids {
                if let Some(m) = members::get_in_org(c, org_id, *id)? {
                    out.push(m);
                }
            }
            Ok(out)
        })
        .await?;
    let ctx = &admin.ctx;
    let body: serde_json::Map<String, serde_json::Value> = rows
        .into_iter()
        .map(|m| {
            let error = m
                .invite_error
                .as_ref()
                .map(|p| ctx.problem(p))
                .unwrap_or_default();
            (
                m.id.to_string(),
                serde_json::json!({
                    "status": m.invite_status.as_str(),
                    "label": ctx.t(m.invite_status.label_key()),
                    "error": error,
                    "last_invited": m.last_invited_at.map(format_datetime).unwrap_or_default(),
                }),
            )
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}
