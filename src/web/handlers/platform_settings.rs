//! `/platform/settings`: the verification method, the default phone region, the default
//! invitation lifetime of new organisations, who must use two-factor sign-in, and the SMS
//! destination countries and caps. Every change is audited.

use crate::domain::platform_settings::{self, Edit};
use crate::domain::settings::VerificationMethod;
use crate::domain::sms_policy;
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::org_fields;
use crate::web::page::{Operator, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "platform/settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    method: &'static str,
    phone_region: String,
    lifetime_hours: String,
    max_hours: i64,
    two_factor_operators: bool,
    two_factor_admins: bool,
    sms_countries: String,
    sms_daily_cap: String,
    sms_daily_cap_per_org: String,
    errors: FieldErrors,
}

fn cap_text(cap: Option<i64>) -> String {
    cap.map(|n| n.to_string()).unwrap_or_default()
}

pub async fn show(state: web::Data<AppState>, op: Operator) -> Result<HttpResponse, AppError> {
    let fallback = state.config.invitation_hours;
    let (general, sms) = state
        .db(move |c| Ok((platform_settings::load(c, fallback)?, sms_policy::load(c)?)))
        .await?;
    render::page(&SettingsPage {
        ctx: op.ctx,
        method: general.method.as_str(),
        phone_region: platform_settings::region_code(general.phone_region),
        lifetime_hours: general.lifetime_hours.to_string(),
        max_hours: i64::from(state.config.invitation_max_hours),
        two_factor_operators: general.two_factor.operators,
        two_factor_admins: general.two_factor.admins,
        sms_countries: sms.countries_text(),
        sms_daily_cap: cap_text(sms.platform_cap),
        sms_daily_cap_per_org: cap_text(sms.org_cap),
        errors: FieldErrors::default(),
    })
}

/// Only `verification_method` is required (docs/PRODUCT.md §4); every absent field keeps its
/// stored value. The check boxes follow a hidden `0` on the page, so an unticked box is posted
/// as `0` ([`crate::web::form::check_box`]).
#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    verification_method: String,
    /// Empty: no default region.
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    default_phone_region: Option<String>,
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    default_lifetime_hours: Option<String>,
    #[serde(default, deserialize_with = "crate::web::form::check_box")]
    two_factor_operators: Option<bool>,
    #[serde(default, deserialize_with = "crate::web::form::check_box")]
    two_factor_admins: Option<bool>,
    /// Empty: every country.
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    sms_countries: Option<String>,
    /// Empty: no cap.
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    sms_daily_cap: Option<String>,
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    sms_daily_cap_per_org: Option<String>,
}

/// A posted field read by `parse`; `Ok(None)` when it was not posted.
fn checked<T, E>(
    posted: &Option<String>,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Option<T>, E> {
    posted.as_deref().map(parse).transpose()
}

pub async fn save(
    state: web::Data<AppState>,
    op: Operator,
    Form(form): Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let method = VerificationMethod::parse(&form.verification_method)
        .ok_or(AppError::BadRequest("verification_method"))?;
    let (fallback, max_hours) = (
        state.config.invitation_hours,
        state.config.invitation_max_hours,
    );
    let ctx = &op.ctx;
    let mut errors = FieldErrors::default();
    // Each posted field is checked; one not posted stays None and keeps what is stored.
    let phone_region = checked(&form.default_phone_region, platform_settings::parse_region)
        .map_err(|_| errors.add("default_phone_region", ctx.t("err-phone-region")));
    let lifetime = checked(&form.default_lifetime_hours, |text| {
        org_fields::parse_limit(text, max_hours).ok_or(())
    })
    .map_err(|_| {
        errors.add(
            "default_lifetime_hours",
            ctx.t1("err-lifetime-hours", "max", i64::from(max_hours)),
        )
    });
    let countries = checked(&form.sms_countries, sms_policy::parse_countries).map_err(|bad| {
        errors.add(
            "sms_countries",
            ctx.t1("err-sms-country-unknown", "name", bad.as_str()),
        )
    });
    let cap_error = |errors: &mut FieldErrors, field| {
        errors.add(field, ctx.t1("err-sms-cap", "max", sms_policy::MAX_CAP))
    };
    let platform_cap = checked(&form.sms_daily_cap, sms_policy::parse_cap)
        .map_err(|_| cap_error(&mut errors, "sms_daily_cap"));
    let org_cap = checked(&form.sms_daily_cap_per_org, sms_policy::parse_cap)
        .map_err(|_| cap_error(&mut errors, "sms_daily_cap_per_org"));
    let (
        Ok(phone_region),
        Ok(lifetime_hours),
        Ok(sms_countries),
        Ok(sms_platform_cap),
        Ok(sms_org_cap),
    ) = (phone_region, lifetime, countries, platform_cap, org_cap)
    else {
        return invalid(&state, op, method, form, errors).await;
    };
    let edit = Edit {
        method,
        phone_region,
        lifetime_hours,
        two_factor_operators: form.two_factor_operators,
        two_factor_admins: form.two_factor_admins,
        sms_countries,
        sms_platform_cap,
        sms_org_cap,
    };
    let (now, actor) = (state.now(), op.actor());
    let changed = state
        .db(move |c| Ok(platform_settings::save(c, now, &actor, fallback, &edit)?))
        .await?;
    // Never a green "saved" for a form sent back as it was (docs/UX.md).
    if changed > 0 {
        session::flash(&op.session, FlashKind::Success, op.ctx.t("settings-saved"));
    } else {
        session::flash(&op.session, FlashKind::Info, op.ctx.t("nothing-changed"));
    }
    Ok(render::see_other("/platform/settings"))
}

/// The form again with what was posted, the stored value in each field that was not, and the
/// problems beside their fields.
async fn invalid(
    state: &AppState,
    op: Operator,
    method: VerificationMethod,
    form: SettingsForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let fallback = state.config.invitation_hours;
    let (current, sms) = state
        .db(move |c| Ok((platform_settings::load(c, fallback)?, sms_policy::load(c)?)))
        .await?;
    render::invalid(&SettingsPage {
        ctx: op.ctx,
        method: method.as_str(),
        phone_region: form
            .default_phone_region
            .unwrap_or_else(|| platform_settings::region_code(current.phone_region)),
        lifetime_hours: form
            .default_lifetime_hours
            .unwrap_or_else(|| current.lifetime_hours.to_string()),
        max_hours: i64::from(state.config.invitation_max_hours),
        two_factor_operators: form
            .two_factor_operators
            .unwrap_or(current.two_factor.operators),
        two_factor_admins: form.two_factor_admins.unwrap_or(current.two_factor.admins),
        sms_countries: form.sms_countries.unwrap_or_else(|| sms.countries_text()),
        sms_daily_cap: form
            .sms_daily_cap
            .unwrap_or_else(|| cap_text(sms.platform_cap)),
        sms_daily_cap_per_org: form
            .sms_daily_cap_per_org
            .unwrap_or_else(|| cap_text(sms.org_cap)),
        errors,
    })
}
