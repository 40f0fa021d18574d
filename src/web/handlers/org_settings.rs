//! `/admin/settings`: the organisation's own settings. Tightening who may invite first shows
//! how many open invitations it will revoke and asks to confirm.

use crate::db::enums::{InvitePolicy, Language};
use crate::db::models::Organisation;
use crate::domain::org_settings::{self, BadAppUrl, OrgSettings, MAX_MESSAGE_CHARS};
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    ctx: PageCtx,
    form: SettingsForm,
    max_hours: i32,
    errors: FieldErrors,
    /// Saving would revoke this many open invitations: confirm first.
    confirm_revocations: Option<usize>,
}

#[derive(Deserialize, Default, Clone)]
pub struct SettingsForm {
    #[serde(default)]
    pub invite_policy: String,
    #[serde(default)]
    pub lifetime_hours: String,
    #[serde(default)]
    pub employee_app_url: String,
    #[serde(default)]
    pub customer_app_url: String,
    #[serde(default)]
    pub default_message: String,
    #[serde(default)]
    pub default_locale: String,
    /// Once the admin confirmed the revocations (a check box's spellings).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    pub confirm: bool,
}

impl SettingsForm {
    fn of(org: &Organisation) -> SettingsForm {
        SettingsForm {
            invite_policy: org.invite_policy.as_str().into(),
            lifetime_hours: org.invitation_lifetime_hours.to_string(),
            employee_app_url: org.employee_app_url.clone().unwrap_or_default(),
            customer_app_url: org.customer_app_url.clone().unwrap_or_default(),
            default_message: org.default_message.clone(),
            default_locale: org.default_locale.as_str().into(),
            confirm: false,
        }
    }

    /// The checked settings, or the problems beside their fields.
    fn parse(&self, ctx: &PageCtx, max_hours: i32) -> Result<OrgSettings, FieldErrors> {
        let mut errors = FieldErrors::default();
        let policy = InvitePolicy::parse(&self.invite_policy);
        if policy.is_none() {
            errors.add("invite_policy", ctx.t("err-required"));
        }
        let hours = self
            .lifetime_hours
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|h| org_settings::lifetime_allowed(*h, max_hours));
        if hours.is_none() {
            errors.add(
                "lifetime_hours",
                ctx.t1("err-lifetime-hours", "max", i64::from(max_hours)),
            );
        }
        let employee = org_settings::parse_app_url(&self.employee_app_url);
        if let Err(bad) = employee {
            errors.add("employee_app_url", app_url_problem(ctx, bad));
        }
        let customer = org_settings::parse_app_url(&self.customer_app_url);
        if let Err(bad) = customer {
            errors.add("customer_app_url", app_url_problem(ctx, bad));
        }
        let message = self.default_message.trim().to_owned();
        if message.chars().count() > MAX_MESSAGE_CHARS {
            errors.add(
                "default_message",
                ctx.t1("err-too-long", "max", MAX_MESSAGE_CHARS as i64),
            );
        }
        let locale = Language::parse(&self.default_locale);
        if locale.is_none() {
            errors.add("default_locale", ctx.t("err-required"));
        }
        match (policy, hours, employee, customer, locale) {
            (Some(invite_policy), Some(lifetime_hours), Ok(e), Ok(c), Some(default_locale))
                if errors.is_empty() =>
            {
                Ok(OrgSettings {
                    invite_policy,
                    lifetime_hours,
                    employee_app_url: e,
                    customer_app_url: c,
                    default_message: message,
                    default_locale,
                })
            }
            _ => Err(errors),
        }
    }
}

pub async fn show(state: web::Data<AppState>, admin: OrgAdmin) -> Result<HttpResponse, AppError> {
    let org_id = admin.org.id;
    // Read afresh: the extractor's copy is from the start of the request, which is the same.
    let org = state
        .db(move |c| crate::domain::orgs::get(c, org_id)?.ok_or(AppError::NotFound))
        .await?;
    render::page(&SettingsPage {
        form: SettingsForm::of(&org),
        ctx: admin.ctx,
        max_hours: state.config.invitation_max_hours,
        errors: FieldErrors::default(),
        confirm_revocations: None,
    })
}

pub async fn save(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let max_hours = state.config.invitation_max_hours;
    let settings = match form.parse(&admin.ctx, max_hours) {
        Ok(s) => s,
        Err(errors) => {
            return render::invalid(&SettingsPage {
                ctx: admin.ctx,
                form,
                max_hours,
                errors,
                confirm_revocations: None,
            })
        }
    };
    let org = admin.org.clone();
    let (policy, now) = (settings.invite_policy, state.now());
    let count = state
        .db(move |c| Ok(org_settings::revocations_for(c, &org, policy, now)?))
        .await?;
    if count > 0 && !form.confirm {
        return render::page(&SettingsPage {
            ctx: admin.ctx,
            form,
            max_hours,
            errors: FieldErrors::default(),
            confirm_revocations: Some(count),
        });
    }
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let saved = state
        .db(move |c| {
            Ok(org_settings::save(
                c, now, &actor, org_id, &settings, max_hours,
            )?)
        })
        .await?;
    // Never a green "saved" for a form sent back as it was (docs/UX.md).
    if saved.changed {
        session::flash(
            &admin.session,
            FlashKind::Success,
            admin.ctx.t("org-settings-saved"),
        );
    } else {
        session::flash(
            &admin.session,
            FlashKind::Info,
            admin.ctx.t("nothing-changed"),
        );
    }
    let revoked = saved.revoked;
    if revoked > 0 {
        session::flash(
            &admin.session,
            FlashKind::Success,
            admin
                .ctx
                .t1("org-settings-revoked", "count", revoked as i64),
        );
    }
    Ok(render::see_other("/admin/settings"))
}

/// What to fix in an app link.
fn app_url_problem(ctx: &PageCtx, bad: BadAppUrl) -> String {
    match bad {
        BadAppUrl::Malformed => ctx.t("err-app-url"),
        BadAppUrl::TooLong => ctx.t1("err-too-long", "max", org_settings::MAX_URL_CHARS as i64),
    }
}
