//! `/platform/orgs/{id}`: the operator edits an organisation — name, customer number (unique),
//! seat limit, daily invitation limit per admin, invitation lifetime — and enables or disables
//! it. Disabling revokes its open invitations and keeps its members out until it is enabled:
//! a post that disables it first answers the form again saying how many invitations it revokes
//! and how many members lose access, with a button that confirms (`confirm=1`); nothing is
//! saved before that. The page lists the organisation's administrators (active, or invited as
//! one: until when, failed, expired) and `POST /platform/orgs/{id}/admins` (`admin_email`)
//! invites another one as creating the organisation did (an active member is made one at once).

use crate::db::ids::OrgId;
use crate::db::models::Organisation;
use crate::domain::contact::EmailAddress;
use crate::domain::invitations::InviteResult;
use crate::domain::org_admins::{self, AdminInvited, AdminLine};
use crate::domain::platform_orgs::{self, DisableCosts, OrgChanges};
use crate::domain::{orgs, DomainError};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::form::Form;
use crate::web::org_fields;
use crate::web::outcomes::{limit_message, summarize};
use crate::web::page::{Operator, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "platform/org_edit.html")]
struct EditPage {
    ctx: PageCtx,
    org: Organisation,
    form: EditForm,
    max_hours: i64,
    errors: FieldErrors,
    /// The post disables the organisation: what that does, to confirm first.
    confirm_disable: Option<DisableCosts>,
    admins: Vec<AdminRow>,
    /// The "Invite an administrator" field as typed.
    admin_email: String,
}

/// One line of the administrators' list, in the page's words.
pub struct AdminRow {
    pub name: String,
    pub contact: String,
    /// The status's class (`status-active`, `istatus-pending`, …) and text.
    pub class: String,
    pub status: String,
}

fn admin_row(ctx: &PageCtx, line: AdminLine) -> AdminRow {
    let m = &line.member;
    let contact = m.contact().to_owned();
    let (class, status) = match line.invitation {
        None => (
            "status status-active".to_owned(),
            ctx.t("org-admins-active"),
        ),
        Some((shown, expires)) => {
            let text = match (shown, expires) {
                (crate::db::enums::ShownStatus::Pending, Some(at)) => {
                    ctx.t1("org-admins-invited-until", "expires", format_datetime(at))
                }
                _ => ctx.t(shown.label_key()),
            };
            (format!("istatus istatus-{shown}"), text)
        }
    };
    // Its contact has a column of its own: a card without a name is said so, not repeated.
    let named = !(m.first_name.trim().is_empty() && m.last_name.trim().is_empty());
    AdminRow {
        name: if named {
            ctx.member_name(m)
        } else {
            ctx.t("user-unnamed")
        },
        contact,
        class,
        status,
    }
}

async fn admins(state: &AppState, ctx: &PageCtx, id: OrgId) -> Result<Vec<AdminRow>, AppError> {
    let now = state.now();
    let lines = state.db(move |c| Ok(org_admins::list(c, now, id)?)).await?;
    Ok(lines.into_iter().map(|l| admin_row(ctx, l)).collect())
}

#[derive(Deserialize, Default, Clone)]
pub struct EditForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub customer_number: String,
    #[serde(default)]
    pub seat_limit: String,
    #[serde(default)]
    pub daily_invite_limit: String,
    /// Absent (the contract does not name it): the stored lifetime.
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    pub lifetime_hours: Option<String>,
    /// A check box after its hidden `0` ([`crate::web::form::check_box`]): `0` disables,
    /// absent keeps the organisation as it is.
    #[serde(default, deserialize_with = "crate::web::form::check_box")]
    pub enabled: Option<bool>,
    /// The operator confirmed disabling (a check box's spellings).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    pub confirm: bool,
}

impl EditForm {
    fn of(org: &Organisation) -> Self {
        EditForm {
            name: org.name.clone(),
            customer_number: org.customer_number.clone(),
            seat_limit: org.seat_limit.to_string(),
            daily_invite_limit: org.daily_invite_limit.to_string(),
            lifetime_hours: Some(org.invitation_lifetime_hours.to_string()),
            enabled: Some(org.disabled_at.is_none()),
            confirm: false,
        }
    }
    fn is_enabled(&self) -> bool {
        self.enabled.unwrap_or(false)
    }
    /// The fields a post left out, as the organisation has them.
    fn completed(mut self, org: &Organisation) -> Self {
        self.lifetime_hours
            .get_or_insert_with(|| org.invitation_lifetime_hours.to_string());
        self.enabled.get_or_insert(org.disabled_at.is_none());
        self
    }
    pub fn lifetime_text(&self) -> &str {
        self.lifetime_hours.as_deref().unwrap_or_default()
    }
}

async fn load(state: &AppState, id: OrgId) -> Result<Organisation, AppError> {
    state
        .db(move |c| orgs::get(c, id)?.ok_or(AppError::NotFound))
        .await
}

pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<OrgId>,
    op: Operator,
) -> Result<HttpResponse, AppError> {
    let org = load(&state, path.into_inner()).await?;
    let admins = admins(&state, &op.ctx, org.id).await?;
    render::page(&EditPage {
        form: EditForm::of(&org),
        org,
        ctx: op.ctx,
        max_hours: i64::from(state.config.invitation_max_hours),
        errors: FieldErrors::default(),
        confirm_disable: None,
        admins,
        admin_email: String::new(),
    })
}

pub async fn save(
    state: web::Data<AppState>,
    path: web::Path<OrgId>,
    op: Operator,
    Form(form): Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let org = load(&state, id).await?;
    let ctx = &op.ctx;
    let max_hours = state.config.invitation_max_hours;
    let mut errors = FieldErrors::default();
    let fields = org_fields::check(
        ctx,
        &mut errors,
        &form.name,
        &form.customer_number,
        &form.seat_limit,
        &form.daily_invite_limit,
    );
    // Fields not posted stay None: the domain keeps what is stored when it saves.
    let hours = match form.lifetime_hours.as_deref() {
        None => Ok(None),
        Some(text) => org_fields::parse_limit(text, max_hours).map(Some).ok_or(()),
    };
    if hours.is_err() {
        errors.add(
            "lifetime_hours",
            ctx.t1("err-lifetime-hours", "max", i64::from(max_hours)),
        );
    }
    if let (Some(f), Ok(hours)) = (fields, hours) {
        // Disabling revokes every open invitation, for good: say so and ask first.
        if org.disabled_at.is_none() && form.enabled == Some(false) && !form.confirm {
            let now = state.now();
            let costs = state
                .db(move |c| Ok(platform_orgs::disable_costs(c, id, now)?))
                .await?;
            let admins = admins(&state, ctx, id).await?;
            return render::page(&EditPage {
                ctx: op.ctx,
                form,
                org,
                max_hours: i64::from(max_hours),
                errors,
                confirm_disable: Some(costs),
                admins,
                admin_email: String::new(),
            });
        }
        // The flash names the organisation as it is called after this save.
        let new_name = f.name.clone();
        let changes = OrgChanges {
            name: f.name,
            customer_number: f.customer_number,
            seat_limit: f.seat_limit,
            daily_invite_limit: f.daily_invite_limit,
            invitation_lifetime_hours: hours,
            enabled: form.enabled,
        };
        let (actor, now) = (op.actor(), state.now());
        let changes_limit = i64::from(changes.seat_limit);
        let result = state
            .db(move |c| Ok(platform_orgs::update(c, now, &actor, id, &changes)))
            .await?;
        match result {
            Ok(saved) => {
                let name = new_name.as_str();
                if saved.disabled {
                    let text = ctx.t2("org-disabled-done", "org", name, "count", saved.revoked);
                    session::flash(&op.session, FlashKind::Success, text);
                } else if saved.enabled {
                    session::flash(
                        &op.session,
                        FlashKind::Success,
                        ctx.t1("org-enabled-done", "org", name),
                    );
                }
                if saved.fields_changed {
                    session::flash(&op.session, FlashKind::Success, ctx.t("org-saved"));
                } else if !(saved.disabled || saved.enabled) {
                    // Saved as it was: no green "saved" for nothing (docs/UX.md).
                    session::flash(&op.session, FlashKind::Info, ctx.t("nothing-changed"));
                }
                if let Some(in_use) = saved.seats_over_limit {
                    let text = ctx.t2("org-seats-over", "used", in_use, "limit", changes_limit);
                    session::flash(&op.session, FlashKind::Info, text);
                }
                return Ok(render::see_other(&format!("/platform/orgs/{id}")));
            }
            Err(DomainError::Conflict(_)) => {
                errors.add("customer_number", ctx.t("err-customer-number-taken"))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let admins = admins(&state, ctx, id).await?;
    render::invalid(&EditPage {
        ctx: op.ctx,
        form: form.completed(&org),
        org,
        max_hours: i64::from(max_hours),
        errors,
        confirm_disable: None,
        admins,
        admin_email: String::new(),
    })
}

#[derive(Deserialize, Default)]
pub struct AdminForm {
    #[serde(default)]
    pub admin_email: String,
}

pub async fn invite_admin(
    state: web::Data<AppState>,
    path: web::Path<OrgId>,
    op: Operator,
    Form(form): Form<AdminForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let org = load(&state, id).await?;
    let ctx = &op.ctx;
    let mut errors = FieldErrors::default();
    match EmailAddress::parse(&form.admin_email) {
        Err(_) => errors.add("admin_email", ctx.t("err-email-malformed")),
        Ok(email) => {
            let (actor, now) = (op.actor(), state.now());
            let to = email.as_str().to_owned();
            let result = state
                .db(move |c| Ok(org_admins::invite(c, now, &actor, id, &email)))
                .await?;
            let name = org.name.as_str();
            match result {
                Ok(done) => {
                    let (kind, text) = match done {
                        AdminInvited::Invited(outcome) => {
                            state.wake_workers();
                            match outcome.result {
                                InviteResult::Queued { .. } => (
                                    FlashKind::Success,
                                    ctx.t2("org-admin-invited", "recipient", to, "org", name),
                                ),
                                InviteResult::Skipped { .. } => {
                                    summarize(ctx, std::slice::from_ref(&outcome))
                                }
                            }
                        }
                        AdminInvited::MadeAdmin { name: who } => (
                            FlashKind::Success,
                            ctx.t2("org-admin-made", "name", who, "org", name),
                        ),
                        AdminInvited::AlreadyAdmin { name: who } => (
                            FlashKind::Info,
                            ctx.t2("org-admin-already", "name", who, "org", name),
                        ),
                    };
                    session::flash(&op.session, kind, text);
                    return Ok(render::see_other(&format!("/platform/orgs/{id}")));
                }
                Err(e @ (DomainError::DailyLimit { .. } | DomainError::SeatLimit { .. })) => {
                    errors.add("admin_email", limit_message(ctx, e)?)
                }
                Err(DomainError::Conflict(_)) => {
                    errors.add("admin_email", ctx.t("org-admin-disabled"))
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    let admins = admins(&state, ctx, id).await?;
    render::invalid(&EditPage {
        ctx: op.ctx,
        form: EditForm::of(&org),
        org,
        max_hours: i64::from(state.config.invitation_max_hours),
        errors,
        confirm_disable: None,
        admins,
        admin_email: form.admin_email,
    })
}
