//! Platform operator pages: organisations and platform settings.

use crate::db::models::Organisation;
use crate::domain::orgs::{self, NewOrg};
use crate::domain::settings::{self, VerificationMethod};
use crate::domain::sms_policy;
use crate::domain::{contact, DomainError};
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::outcomes::summarize;
use crate::web::page::{Operator, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "platform/orgs.html")]
struct OrgsPage {
    ctx: PageCtx,
    orgs: Vec<Organisation>,
    form: OrgForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone, validator::Validate)]
pub struct OrgForm {
    #[serde(default)]
    #[validate(length(min = 1, max = 100, code = "err-length"))]
    pub name: String,
    #[serde(default)]
    #[validate(length(min = 1, max = 40, code = "err-length"))]
    pub customer_number: String,
    #[serde(default)]
    pub seat_limit: String,
    #[serde(default)]
    pub daily_invite_limit: String,
    #[serde(default)]
    pub admin_email: String,
}

async fn all_orgs(state: &AppState) -> Result<Vec<Organisation>, AppError> {
    state.db(|c| Ok(orgs::list(c)?)).await
}

pub async fn orgs(state: web::Data<AppState>, op: Operator) -> Result<HttpResponse, AppError> {
    let list = all_orgs(&state).await?;
    let form = OrgForm {
        seat_limit: "100".into(),
        daily_invite_limit: "50".into(),
        ..Default::default()
    };
    render::page(&OrgsPage {
        ctx: op.ctx,
        orgs: list,
        form,
        errors: FieldErrors::default(),
    })
}

fn parse_limit(s: &str, max: i32) -> Option<i32> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
}

pub async fn create_org(
    state: web::Data<AppState>,
    op: Operator,
    Form(form): Form<OrgForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = &op.ctx;
    let mut errors = FieldErrors::default();
    let fields = [
        "name",
        "customer_number",
        "seat_limit",
        "daily_invite_limit",
        "admin_email",
    ];
    render::validate_form(ctx, &form, &fields, &mut errors);
    let name = contact::clean_name(&form.name);
    let number = contact::clean_name(&form.customer_number);
    if name.is_empty() {
        errors.add("name", ctx.t("err-required"));
    }
    if number.is_empty() {
        errors.add("customer_number", ctx.t("err-required"));
    }
    let seats = parse_limit(&form.seat_limit, 1_000_000);
    if seats.is_none() {
        errors.add("seat_limit", ctx.t("err-seat-limit"));
    }
    let daily = parse_limit(&form.daily_invite_limit, 100_000);
    if daily.is_none() {
        errors.add("daily_invite_limit", ctx.t("err-daily-limit"));
    }
    let email = contact::normalize_email(&form.admin_email);
    if email.is_err() {
        errors.add("admin_email", ctx.t("err-email-malformed"));
    }
    if let (true, Some(seat_limit), Some(daily_invite_limit), Ok(admin_email)) =
        (errors.is_empty(), seats, daily, email)
    {
        let (actor, now, locale) = (op.actor(), state.now(), ctx.lang.code());
        let invitation_hours = state.config.invitation_hours;
        let (n, num) = (name.clone(), number.clone());
        let result = state
            .db(move |c| {
                Ok(orgs::create(
                    c,
                    now,
                    &actor,
                    NewOrg {
                        name: &n,
                        customer_number: &num,
                        seat_limit,
                        daily_invite_limit,
                        admin_email: &admin_email,
                        locale,
                        invitation_hours,
                    },
                ))
            })
            .await?;
        match result {
            Ok((org, outcome)) => {
                state.wake_workers();
                session::flash(
                    &op.session,
                    "success",
                    ctx.t1("org-created", "org", &org.name),
                );
                let (kind, text) = summarize(ctx, std::slice::from_ref(&outcome));
                session::flash(&op.session, kind, text);
                return Ok(render::see_other("/platform/orgs"));
            }
            Err(DomainError::Conflict(_)) => {
                errors.add("customer_number", ctx.t("err-customer-number-taken"))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let list = all_orgs(&state).await?;
    render::invalid(&OrgsPage {
        ctx: op.ctx,
        orgs: list,
        form,
        errors,
    })
}

#[derive(Template)]
#[template(path = "platform/settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    method: &'static str,
    sms_countries: String,
    sms_daily_cap: String,
    sms_daily_cap_per_org: String,
    errors: FieldErrors,
}

fn cap_text(cap: Option<i64>) -> String {
    cap.map(|n| n.to_string()).unwrap_or_default()
}

pub async fn settings(state: web::Data<AppState>, op: Operator) -> Result<HttpResponse, AppError> {
    let (method, sms) = state
        .db(|c| Ok((settings::verification_method(c)?, sms_policy::load(c)?)))
        .await?;
    render::page(&SettingsPage {
        ctx: op.ctx,
        method: method.as_str(),
        sms_countries: sms.countries_text(),
        sms_daily_cap: cap_text(sms.platform_cap),
        sms_daily_cap_per_org: cap_text(sms.org_cap),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    verification_method: String,
    /// Absent fields keep their stored value.
    sms_countries: Option<String>,
    sms_daily_cap: Option<String>,
    sms_daily_cap_per_org: Option<String>,
}

pub async fn save_settings(
    state: web::Data<AppState>,
    op: Operator,
    Form(form): Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let method = VerificationMethod::parse(&form.verification_method)
        .ok_or(AppError::BadRequest("verification_method"))?;
    let current = state.db(|c| Ok(sms_policy::load(c)?)).await?;
    let countries = form
        .sms_countries
        .unwrap_or_else(|| current.countries_text());
    let cap = form
        .sms_daily_cap
        .unwrap_or_else(|| cap_text(current.platform_cap));
    let per_org = form
        .sms_daily_cap_per_org
        .unwrap_or_else(|| cap_text(current.org_cap));
    let mut errors = FieldErrors::default();
    let parsed_countries = sms_policy::parse_countries(&countries).map_err(|bad| {
        errors.add(
            "sms_countries",
            op.ctx.t1("err-sms-country-unknown", "name", bad.as_str()),
        )
    });
    let platform_cap = sms_policy::parse_cap(&cap).map_err(|_| {
        errors.add(
            "sms_daily_cap",
            op.ctx.t1("err-sms-cap", "max", sms_policy::MAX_CAP),
        )
    });
    let org_cap = sms_policy::parse_cap(&per_org).map_err(|_| {
        errors.add(
            "sms_daily_cap_per_org",
            op.ctx.t1("err-sms-cap", "max", sms_policy::MAX_CAP),
        )
    });
    let (Ok(countries_list), Ok(platform_cap), Ok(org_cap)) =
        (parsed_countries, platform_cap, org_cap)
    else {
        return render::invalid(&SettingsPage {
            ctx: op.ctx,
            method: method.as_str(),
            sms_countries: countries,
            sms_daily_cap: cap,
            sms_daily_cap_per_org: per_org,
            errors,
        });
    };
    let policy = sms_policy::SmsPolicy {
        countries: countries_list,
        platform_cap,
        org_cap,
    };
    let now = state.now();
    let actor = op.actor();
    state
        .db(move |c| {
            settings::set(c, settings::VERIFICATION_METHOD, method.as_str())?;
            sms_policy::save(c, now, &actor, &policy)?;
            Ok(())
        })
        .await?;
    session::flash(&op.session, "success", op.ctx.t("settings-saved"));
    Ok(render::see_other("/platform/settings"))
}
