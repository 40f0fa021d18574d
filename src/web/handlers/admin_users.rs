//! The users table (seed 001): filters, search, pages, bulk invitation; the user card.

use crate::db::enums::{Channel, MemberKind, MemberStatus, Problem, Reason, ShownStatus};
use crate::db::models::Membership;
use crate::domain::invitations::{InviteOptions, InviteOutcome, InviteResult};
use crate::domain::members::{self, CardError, CardProblems, Filter, MemberInput};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::form::Form;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use std::collections::HashMap;

pub const PER_PAGE: i64 = 50;
const CARD_FIELDS: [&str; 6] = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "kind",
    "position",
];
/// "All matching the filter" never reaches further than this in one request.
pub const ALL_MATCHING_CAP: i64 = 10_000;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Filter {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Filter {
            status: MemberStatus::parse(self.status.trim()),
            q: opt(&self.q),
            kind: MemberKind::parse(self.kind.trim()),
            department_id: opt(&self.department),
        }
    }

    /// The query string for the same filter with another status or page.
    fn link(&self, status: Option<&str>, page: Option<i64>) -> String {
        let status = status.unwrap_or(&self.status);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !status.is_empty() && status != "all" {
            pairs.push(("status", status.to_owned()));
        }
        for (k, v) in [
            ("q", &self.q),
            ("kind", &self.kind),
            ("department", &self.department),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("page", p.to_string()));
        }
        let qs = serde_html_form::to_string(&pairs).unwrap_or_default();
        if qs.is_empty() {
            "/admin/users".into()
        } else {
            format!("/admin/users?{qs}")
        }
    }
}

pub struct Row {
    pub m: Membership,
    pub department: String,
    pub last_invited: String,
}

pub struct StatusTab {
    /// None: every status.
    pub status: Option<MemberStatus>,
    pub count: i64,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageCtx,
    query: ListQuery,
    tabs: Vec<StatusTab>,
    rows: Vec<Row>,
    departments: Vec<(String, String)>,
    matching: i64,
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
    let query: ListQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let filter = query.filter();
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let org_id = admin.org.id.clone();
    let f = filter.clone();
    let (counts, (members_page, has_next), departments) = state
        .db(move |c| {
            Ok((
                members::status_counts(c, &org_id, &f)?,
                members::page(c, &org_id, &f, page, PER_PAGE)?,
                members::department_names(c, &org_id)?,
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
    let matching = match &filter.status {
        Some(s) => counts.get(s).copied().unwrap_or(0),
        None => total,
    };
    let dep_names: HashMap<&str, &str> = departments
        .iter()
        .map(|(id, n)| (id.as_str(), n.as_str()))
        .collect();
    let rows = members_page
        .into_iter()
        .map(|m| Row {
            department: m
                .department_id
                .as_deref()
                .and_then(|d| dep_names.get(d).map(|n| (*n).to_owned()))
                .unwrap_or_default(),
            last_invited: m.last_invited_at.map(format_datetime).unwrap_or_default(),
            m,
        })
        .collect();
    render::page(&UsersPage {
        prev_href: (page > 1).then(|| query.link(None, Some(page - 1))),
        next_href: has_next.then(|| query.link(None, Some(page + 1))),
        ctx: admin.ctx,
        tabs,
        rows,
        departments,
        matching,
        page,
        total,
        query,
    })
}

#[derive(Deserialize)]
pub struct BulkForm {
    #[serde(default)]
    user_id: Vec<String>,
    #[serde(default)]
    all_matching: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    department: String,
}

/// Sends (or re-sends) invitations to the ticked users or to all matching the filter, then
/// reports per-user results.
pub async fn bulk_invite(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<BulkForm>,
) -> Result<HttpResponse, AppError> {
    let query = ListQuery {
        status: form.status.clone(),
        q: form.q.clone(),
        kind: form.kind.clone(),
        department: form.department.clone(),
        page: None,
    };
    let back = query.link(None, None);
    let all = form.all_matching.as_deref() == Some("1");
    if !all && form.user_id.is_empty() {
        session::flash(&admin.session, "error", admin.ctx.t("bulk-none-selected"));
        return Ok(render::see_other(&back));
    }
    let (actor, org_id, now) = (admin.actor(), admin.org.id.clone(), state.now());
    let filter = query.filter();
    let opts = InviteOptions {
        locale: admin.ctx.lang.code().into(),
        ..Default::default()
    };
    let ids = form.user_id;
    let result = state
        .db(move |c| {
            let ids = if all {
                members::matching_ids(c, &org_id, &filter, ALL_MATCHING_CAP)?
            } else {
                ids
            };
            Ok(crate::domain::invitations::invite(
                c, now, &actor, &org_id, &ids, &opts,
            ))
        })
        .await?;
    report(&state, &admin, result)?;
    Ok(render::see_other(&back))
}

/// Flashes the per-user results of an invitation batch (or why it was refused whole) and wakes
/// the delivery workers.
pub fn report(
    state: &AppState,
    admin: &OrgAdmin,
    result: Result<Vec<InviteOutcome>, DomainError>,
) -> Result<(), AppError> {
    match result {
        Ok(outcomes) => {
            state.wake_workers();
            for (kind, text) in summarize(&admin.ctx, &outcomes) {
                session::flash(&admin.session, kind, text);
            }
        }
        Err(e) => session::flash(&admin.session, "error", limit_message(&admin.ctx, e)?),
    }
    Ok(())
}

/// "3 queued; 1 skipped: no e-mail or phone (Petrov)".
pub fn summarize(ctx: &PageCtx, outcomes: &[InviteOutcome]) -> Vec<(&'static str, String)> {
    let queued = outcomes
        .iter()
        .filter(|o| matches!(o.result, InviteResult::Queued { .. }))
        .count();
    let mut out = vec![("success", ctx.t1("bulk-queued", "count", queued))];
    let mut by_reason: Vec<(Reason, Vec<&str>)> = Vec::new();
    for o in outcomes {
        if let InviteResult::Skipped { reason } = o.result {
            match by_reason.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, names)) => names.push(&o.name),
                None => by_reason.push((reason, vec![&o.name])),
            }
        }
    }
    for (reason, names) in by_reason {
        let shown: Vec<&str> = names.iter().take(10).copied().collect();
        let mut list = shown.join(", ");
        if names.len() > shown.len() {
            list.push_str(&format!(", … (+{})", names.len() - shown.len()));
        }
        out.push((
            "error",
            ctx.t2(
                "bulk-skipped",
                "count",
                names.len(),
                "reason",
                format!("{} ({list})", ctx.reason(reason)),
            ),
        ));
    }
    out
}

/// Limits refuse a whole batch and say how many remain; other errors propagate.
pub fn limit_message(ctx: &PageCtx, e: DomainError) -> Result<String, AppError> {
    match e {
        DomainError::DailyLimit { remaining, .. } => {
            Ok(ctx.t1("limit-daily", "remaining", remaining))
        }
        DomainError::SeatLimit { remaining } => Ok(ctx.t1("limit-seats", "remaining", remaining)),
        e => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    id: Vec<String>,
}

/// Current statuses of some rows, for the table's small poll.
pub async fn statuses(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let q: StatusQuery =
        serde_html_form::from_str(req.query_string()).map_err(|_| AppError::BadRequest("query"))?;
    let ids: Vec<String> = q.id.into_iter().take(200).collect();
    let org_id = admin.org.id.clone();
    let rows = state
        .db(move |c| {
            let mut out = Vec::new();
            for id in &ids {
                if let Some(m) = members::get_in_org(c, &org_id, id)? {
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
                m.id.clone(),
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

/// The card form, for a new user and for an existing one.
#[derive(Template)]
#[template(path = "admin/user_form.html")]
struct CardPage {
    ctx: PageCtx,
    existing: Option<Membership>,
    form: CardForm,
    errors: FieldErrors,
    departments: Vec<(String, String)>,
    roles: Vec<(String, String)>,
    invitations: Vec<InvitationLine>,
}

pub struct InvitationLine {
    pub id: String,
    pub status: ShownStatus,
    pub channel: Channel,
    pub recipient: String,
    pub created: String,
    pub expires: String,
    pub error: Option<Problem>,
}

#[derive(Deserialize, Default, Clone, validator::Validate)]
pub struct CardForm {
    #[serde(default)]
    #[validate(length(max = 100, code = "err-too-long"))]
    pub first_name: String,
    #[serde(default)]
    #[validate(length(max = 100, code = "err-too-long"))]
    pub last_name: String,
    #[serde(default)]
    #[validate(length(max = 254, code = "err-too-long"))]
    pub email: String,
    #[serde(default)]
    #[validate(length(max = 40, code = "err-too-long"))]
    pub phone: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub department_id: String,
    #[serde(default)]
    #[validate(length(max = 100, code = "err-too-long"))]
    pub position: String,
    #[serde(default)]
    pub role_id: Vec<String>,
    #[serde(default)]
    pub send_invitation: Option<String>,
}

impl CardForm {
    fn input(&self) -> MemberInput {
        let opt = |s: &str| crate::domain::contact::optional(s).map(str::to_owned);
        MemberInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: opt(&self.email),
            phone: opt(&self.phone),
            kind: MemberKind::parse(&self.kind),
            department_id: opt(&self.department_id),
            position: self.position.clone(),
        }
    }
    fn of(m: &Membership) -> Self {
        CardForm {
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            email: m.email.clone().unwrap_or_default(),
            phone: m.phone.clone().unwrap_or_default(),
            kind: m.kind.as_str().to_owned(),
            department_id: m.department_id.clone().unwrap_or_default(),
            position: m.position.clone(),
            role_id: Vec::new(),
            send_invitation: None,
        }
    }
    pub fn has_role(&self, id: &str) -> bool {
        self.role_id.iter().any(|r| r == id)
    }
    pub fn sends(&self) -> bool {
        self.send_invitation.is_some()
    }
}

fn card_errors(ctx: &PageCtx, p: &CardProblems) -> FieldErrors {
    let mut e = FieldErrors::default();
    for (field, key) in [
        ("first_name", p.name),
        ("email", p.contact),
        ("email", p.email),
        ("phone", p.phone),
        ("kind", p.kind),
        ("department_id", p.department_id),
    ] {
        if let Some(key) = key {
            e.add(field, ctx.t(key));
        }
    }
    e
}

async fn choices(
    state: &AppState,
    org_id: &str,
) -> Result<(Vec<(String, String)>, Vec<(String, String)>), AppError> {
    let org_id = org_id.to_owned();
    state
        .db(move |c| {
            Ok((
                members::department_names(c, &org_id)?,
                members::role_names(c, &org_id)?,
            ))
        })
        .await
}

pub async fn new_form(
    state: web::Data<AppState>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let (departments, roles) = choices(&state, &admin.org.id).await?;
    render::page(&CardPage {
        ctx: admin.ctx,
        existing: None,
        // "Send invitation" is ticked by default (seed 000).
        form: CardForm {
            kind: MemberKind::Employee.as_str().to_owned(),
            send_invitation: Some("1".into()),
            ..Default::default()
        },
        errors: FieldErrors::default(),
        departments,
        roles,
        invitations: Vec::new(),
    })
}

pub async fn create(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<CardForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    render::validate_form(&admin.ctx, &form, &CARD_FIELDS, &mut errors);
    if errors.is_empty() {
        if let Some(created) = create_card(&state, &admin, &form, &mut errors).await? {
            return Ok(created);
        }
    }
    let (departments, roles) = choices(&state, &admin.org.id).await?;
    render::invalid(&CardPage {
        ctx: admin.ctx,
        existing: None,
        form,
        errors,
        departments,
        roles,
        invitations: Vec::new(),
    })
}

/// Saves a valid card (and queues its invitation when asked): the redirect on success, or
/// None with the problems added to `errors`.
async fn create_card(
    state: &AppState,
    admin: &OrgAdmin,
    form: &CardForm,
    errors: &mut FieldErrors,
) -> Result<Option<HttpResponse>, AppError> {
    let (actor, org, now) = (admin.actor(), admin.org.clone(), state.now());
    let opts = form.sends().then(|| InviteOptions {
        role_ids: form.role_id.clone(),
        locale: admin.ctx.lang.code().into(),
        ..Default::default()
    });
    let input = form.input();
    let result = state
        .db(move |c| Ok(members::create(c, now, &actor, &org, input, opts.as_ref())))
        .await?;
    match result {
        Ok((id, outcome)) => {
            session::flash(&admin.session, "success", admin.ctx.t("user-created"));
            if let Some(o) = outcome {
                report(state, admin, Ok(vec![o]))?;
            }
            return Ok(Some(render::see_other(&format!("/admin/users/{id}"))));
        }
        Err(CardError::Invalid(p)) => *errors = card_errors(&admin.ctx, &p),
        Err(CardError::Domain(
            e @ (DomainError::DailyLimit { .. } | DomainError::SeatLimit { .. }),
        )) => {
            errors.add("send_invitation", limit_message(&admin.ctx, e)?);
        }
        Err(CardError::Domain(DomainError::Conflict(_))) => {
            errors.add("email", admin.ctx.t("err-email-taken"))
        }
        Err(CardError::Domain(e)) => return Err(e.into()),
    }
    Ok(None)
}

async fn load_card(
    state: &AppState,
    admin: &OrgAdmin,
    id: String,
) -> Result<(Membership, Vec<InvitationLine>), AppError> {
    let (org_id, now) = (admin.org.id.clone(), state.now());
    let (m, invs) = state
        .db(move |c| {
            let m = members::get_in_org(c, &org_id, &id)?.ok_or(AppError::NotFound)?;
            let invs = crate::domain::invitations::for_member(c, &org_id, &m.id)?;
            Ok((m, invs))
        })
        .await?;
    let lines = invs
        .into_iter()
        .map(|i| InvitationLine {
            status: crate::domain::invitations::shown_status(&i, now),
            channel: i.channel,
            recipient: i.recipient.clone(),
            created: format_datetime(i.created_at),
            expires: i.expires_at.map(format_datetime).unwrap_or_default(),
            error: i.error.clone(),
            id: i.id,
        })
        .collect();
    Ok((m, lines))
}

pub async fn card(
    state: web::Data<AppState>,
    path: web::Path<String>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let (m, invitations) = load_card(&state, &admin, path.into_inner()).await?;
    let (departments, roles) = choices(&state, &admin.org.id).await?;
    render::page(&CardPage {
        form: CardForm::of(&m),
        existing: Some(m),
        ctx: admin.ctx,
        errors: FieldErrors::default(),
        departments,
        roles,
        invitations,
    })
}

pub async fn update(
    state: web::Data<AppState>,
    path: web::Path<String>,
    admin: OrgAdmin,
    Form(form): Form<CardForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (actor, org_id, now, input) = (
        admin.actor(),
        admin.org.id.clone(),
        state.now(),
        form.input(),
    );
    let target = id.clone();
    let mut invalid = FieldErrors::default();
    render::validate_form(&admin.ctx, &form, &CARD_FIELDS, &mut invalid);
    let result = if invalid.is_empty() {
        state
            .db(move |c| Ok(members::save(c, now, &actor, &org_id, &target, input)))
            .await?
    } else {
        Err(CardError::Invalid(CardProblems::default()))
    };
    let errors = match result {
        Ok(withdrawn) => {
            session::flash(&admin.session, "success", admin.ctx.t("user-saved"));
            if withdrawn {
                session::flash(
                    &admin.session,
                    "info",
                    admin.ctx.t("user-invitation-withdrawn"),
                );
            }
            return Ok(render::see_other(&format!("/admin/users/{id}")));
        }
        Err(CardError::Invalid(_)) if !invalid.is_empty() => invalid,
        Err(CardError::Invalid(p)) => card_errors(&admin.ctx, &p),
        Err(CardError::Domain(DomainError::Conflict(_))) => {
            let mut e = FieldErrors::default();
            e.add("email", admin.ctx.t("err-email-taken"));
            e
        }
        Err(CardError::Domain(e)) => return Err(e.into()),
    };
    let (m, invitations) = load_card(&state, &admin, id).await?;
    let (departments, roles) = choices(&state, &admin.org.id).await?;
    render::invalid(&CardPage {
        ctx: admin.ctx,
        existing: Some(m),
        form,
        errors,
        departments,
        roles,
        invitations,
    })
}
