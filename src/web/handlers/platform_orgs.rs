//! `/platform/orgs`: the operator's list of organisations — searched by name or customer
//! number, with member and pending-invitation counts, enabled or disabled, each linking to its
//! edit page — and the form creating one with its first admin's invitation.

use crate::domain::contact::EmailAddress;
use crate::domain::orgs::{self, NewOrg};
use crate::domain::platform_orgs::{self, OrgRow};
use crate::domain::{settings, DomainError};
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::org_fields;
use crate::web::outcomes::summarize;
use crate::web::page::{Operator, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "platform/orgs.html")]
struct OrgsPage {
    ctx: PageCtx,
    q: String,
    rows: Vec<OrgRow>,
    more: bool,
    form: OrgForm,
    errors: FieldErrors,
    /// The platform's cap on an invitation's lifetime, in hours (the field's range).
    max_hours: i64,
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct OrgForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub customer_number: String,
    #[serde(default)]
    pub seat_limit: String,
    /// Absent (a form without the field): the default limit.
    #[serde(default = "default_daily_limit")]
    pub daily_invite_limit: String,
    /// Absent: the platform's default lifetime; posted empty: to be filled in (the form's
    /// field is required and starts with the default).
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    pub lifetime_hours: Option<String>,
    #[serde(default)]
    pub admin_email: String,
}

fn default_daily_limit() -> String {
    crate::domain::orgs::DEFAULT_DAILY_INVITE_LIMIT.to_string()
}

/// The lifetime the create form starts with: the platform's default for new organisations, or
/// the configured one while the operator has set none; capped by the platform's maximum.
async fn default_hours(state: &AppState) -> Result<i32, AppError> {
    let (configured, max) = (
        state.config.invitation_hours,
        state.config.invitation_max_hours,
    );
    let hours = state
        .db(move |c| Ok(settings::default_lifetime_hours(c, configured)?))
        .await?;
    Ok(hours.clamp(1, max))
}

async fn search(state: &AppState, q: String) -> Result<(Vec<OrgRow>, bool), AppError> {
    let now = state.now();
    state
        .db(move |c| Ok(platform_orgs::search(c, now, &q)?))
        .await
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    op: Operator,
) -> Result<HttpResponse, AppError> {
    let query: SearchQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let q = query.q.trim().to_owned();
    let (rows, more) = search(&state, q.clone()).await?;
    let form = OrgForm {
        seat_limit: "100".into(),
        daily_invite_limit: default_daily_limit(),
        lifetime_hours: Some(default_hours(&state).await?.to_string()),
        ..Default::default()
    };
    render::page(&OrgsPage {
        ctx: op.ctx,
        q,
        rows,
        more,
        form,
        errors: FieldErrors::default(),
        max_hours: i64::from(state.config.invitation_max_hours),
    })
}

pub async fn create(
    state: web::Data<AppState>,
    op: Operator,
    Form(form): Form<OrgForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = &op.ctx;
    let mut errors = FieldErrors::default();
    let fields = org_fields::check(
        ctx,
        &mut errors,
        &form.name,
        &form.customer_number,
        &form.seat_limit,
        &form.daily_invite_limit,
    );
    let max_hours = state.config.invitation_max_hours;
    // Absent (a form without the field): the default lifetime.
    let hours = match &form.lifetime_hours {
        None => Some(default_hours(&state).await?),
        Some(h) => org_fields::parse_limit(h, max_hours),
    };
    if hours.is_none() {
        errors.add(
            "lifetime_hours",
            ctx.t1("err-lifetime-hours", "max", i64::from(max_hours)),
        );
    }
    let email = EmailAddress::parse(&form.admin_email);
    if email.is_err() {
        errors.add("admin_email", ctx.t("err-email-malformed"));
    }
    if let (Some(f), Some(hours), Ok(admin_email)) = (fields, hours, email) {
        let (actor, now, locale) = (op.actor(), state.now(), ctx.lang.code());
        let result = state
            .db(move |c| {
                Ok(orgs::create(
                    c,
                    now,
                    &actor,
                    NewOrg {
                        name: &f.name,
                        customer_number: &f.customer_number,
                        seat_limit: f.seat_limit,
                        daily_invite_limit: f.daily_invite_limit,
                        admin_email: &admin_email,
                        locale,
                        invitation_hours: hours,
                    },
                ))
            })
            .await?;
        match result {
            Ok((org, outcome)) => {
                state.wake_workers();
                // One message for the action (docs/UX.md): the organisation, then what became
                // of its first admin's invitation, in that one's tone when it went wrong.
                let (kind, text) = summarize(ctx, std::slice::from_ref(&outcome));
                let kind = match kind {
                    FlashKind::Error => FlashKind::Error,
                    FlashKind::Success | FlashKind::Info => FlashKind::Success,
                };
                let created = ctx.t1("org-created", "org", &org.name);
                session::flash(&op.session, kind, format!("{created} {text}"));
                return Ok(render::see_other("/platform/orgs"));
            }
            Err(DomainError::Conflict(_)) => {
                errors.add("customer_number", ctx.t("err-customer-number-taken"))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let (rows, more) = search(&state, String::new()).await?;
    render::invalid(&OrgsPage {
        ctx: op.ctx,
        q: String::new(),
        rows,
        more,
        form,
        errors,
        max_hours: i64::from(state.config.invitation_max_hours),
    })
}
