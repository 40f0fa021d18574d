//! `/admin/users/new` and `/admin/users/{id}`: a member's card, created and edited by an admin.

use crate::db::enums::{Channel, Problem, ShownStatus};
use crate::db::ids::{DepartmentId, InvitationId, MemberId, OrgId, RoleId};
use crate::db::models::Member;
use crate::domain::invitations::InviteOptions;
use crate::domain::members::{self, CardError, CardProblems, ParsedCard};
use crate::domain::phone::PhoneRules;
use crate::domain::roles::RolesSaved;
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::card_form::{CardForm, CardPost};
use crate::web::form::Form;
use crate::web::outcomes::{limit_message, report};
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;

const CARD_FIELDS: [&str; 6] = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "kind",
    "position",
];

/// The card form, for a new account and for an existing one.
#[derive(Template)]
#[template(path = "admin/member_card.html")]
struct CardPage {
    ctx: PageCtx,
    existing: Option<Member>,
    form: CardForm,
    errors: FieldErrors,
    departments: Vec<(DepartmentId, String)>,
    roles: Vec<(RoleId, String)>,
    /// Where the invitation goes (`hint-email-or-phone`, or `hint-email-only`).
    contact_hint: &'static str,
    invitations: Vec<InvitationLine>,
}

pub struct InvitationLine {
    pub id: InvitationId,
    pub status: ShownStatus,
    pub channel: Channel,
    pub recipient: String,
    pub created: String,
    pub expires: String,
    pub error: Option<Problem>,
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
        ("roles", p.roles),
    ] {
        if let Some(key) = key {
            e.add(field, ctx.t(key));
        }
    }
    e
}

/// Departments, roles, and the contact fields' hint (the platform's verification method).
type Choices = (
    Vec<(DepartmentId, String)>,
    Vec<(RoleId, String)>,
    &'static str,
);

async fn choices(state: &AppState, org_id: OrgId) -> Result<Choices, AppError> {
    state
        .db(move |c| {
            Ok((
                crate::domain::departments::names(c, org_id)?,
                crate::domain::roles::names(c, org_id)?,
                crate::domain::settings::verification_method(c)?.contact_hint_key(),
            ))
        })
        .await
}

pub async fn new_form(
    state: web::Data<AppState>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let (departments, roles, contact_hint) = choices(&state, admin.org.id).await?;
    render::page(&CardPage {
        ctx: admin.ctx,
        existing: None,
        // "Send invitation" is ticked by default (seed 000).
        form: CardForm {
            send_invitation: true,
            ..CardForm::new_card()
        },
        errors: FieldErrors::default(),
        departments,
        roles,
        contact_hint,
        invitations: Vec::new(),
    })
}

pub async fn create(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(post): Form<CardPost>,
) -> Result<HttpResponse, AppError> {
    let form = post.over(CardForm::new_card());
    let mut errors = FieldErrors::default();
    render::validate_form(&admin.ctx, &form, &CARD_FIELDS, &mut errors);
    if errors.is_empty() {
        if let Some(created) = create_card(&state, &admin, &form, &mut errors).await? {
            return Ok(created);
        }
    }
    let (departments, roles, contact_hint) = choices(&state, admin.org.id).await?;
    render::invalid(&CardPage {
        ctx: admin.ctx,
        existing: None,
        form,
        errors,
        departments,
        roles,
        contact_hint,
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
    let role_ids = form.role_id.clone();
    let opts = form.sends().then(|| InviteOptions {
        role_ids: form.role_id.clone(),
        language: form.language,
        ..Default::default()
    });
    let typed = form.typed();
    let result = state
        .db(move |c| {
            let card = ParsedCard::parse(&typed, &PhoneRules::load(c)?);
            Ok(members::create(
                c,
                now,
                &actor,
                &org,
                card,
                &role_ids,
                opts.as_ref(),
            ))
        })
        .await?;
    match result {
        Ok((id, outcome)) => {
            session::flash(
                &admin.session,
                FlashKind::Success,
                admin.ctx.t("user-created"),
            );
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
    id: MemberId,
) -> Result<(Member, Vec<RoleId>, Vec<InvitationLine>), AppError> {
    let (org_id, now) = (admin.org.id, state.now());
    let (m, held, invs) = state
        .db(move |c| {
            let mut m = members::get_in_org(c, org_id, id)?.ok_or(AppError::NotFound)?;
            // Someone not yet in the organisation: what accepting will give them.
            let (held, department_id) = crate::domain::invitations::card_terms(c, &m)?;
            m.department_id = department_id;
            let invs = crate::domain::invitations::for_member(c, org_id, m.id)?;
            Ok((m, held, invs))
        })
        .await?;
    let lines = invs
        .into_iter()
        .map(|i| InvitationLine {
            status: crate::domain::invitations::shown_status(&i, now),
            channel: i.channel,
            recipient: i.recipient.clone(),
            created: format_datetime(i.created_at),
            expires: i
                .sent_and_expiry()
                .1
                .map(format_datetime)
                .unwrap_or_default(),
            error: i.error.clone(),
            id: i.id,
        })
        .collect();
    Ok((m, held, lines))
}

pub async fn card(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let (m, held, invitations) = load_card(&state, &admin, path.into_inner()).await?;
    let (departments, roles, contact_hint) = choices(&state, admin.org.id).await?;
    render::page(&CardPage {
        form: CardForm::of(&m, held),
        existing: Some(m),
        ctx: admin.ctx,
        errors: FieldErrors::default(),
        departments,
        roles,
        contact_hint,
        invitations,
    })
}

pub async fn update(
    state: web::Data<AppState>,
    path: web::Path<MemberId>,
    admin: OrgAdmin,
    Form(post): Form<CardPost>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    // What was not posted keeps what is stored (`web::card_form`), as stored when the card is
    // saved: merged in the saving transaction. The merged form comes back for the page.
    let (result, merged) = state
        .db(move |c| {
            let phones = PhoneRules::load(c)?;
            let mut merged = None;
            let result = members::save(c, now, &actor, org_id, id, |current, held| {
                let form = post.over(CardForm::of(current, held));
                let valid = validator::Validate::validate(&form).is_ok();
                let edit = (
                    ParsedCard::parse(&form.typed(), &phones),
                    form.role_id.clone(),
                );
                merged = Some(form);
                if valid {
                    Ok(edit)
                } else {
                    Err(CardError::Invalid(CardProblems::default()))
                }
            });
            Ok((result, merged))
        })
        .await?;
    // No form: the card was not found (or the transaction failed) before the edit.
    let Some(form) = merged else {
        return Err(match result {
            Err(CardError::Domain(e)) => e.into(),
            _ => AppError::NotFound,
        });
    };
    let errors = match result {
        Ok(saved) => {
            // A card posted as it was: said so, never a green "saved" for nothing (docs/UX.md).
            let (kind, key) = if saved.changed {
                (FlashKind::Success, "user-saved")
            } else {
                (FlashKind::Info, "nothing-changed")
            };
            session::flash(&admin.session, kind, admin.ctx.t(key));
            if saved.roles == RolesSaved::AccessGranted {
                session::flash(
                    &admin.session,
                    FlashKind::Info,
                    admin.ctx.t("user-access-granted"),
                );
            }
            if saved.withdrawn {
                session::flash(
                    &admin.session,
                    FlashKind::Info,
                    admin.ctx.t("user-invitation-withdrawn"),
                );
            }
            return Ok(render::see_other(&format!("/admin/users/{id}")));
        }
        // Too long a field (what the edit's own check refused), else the card's problems.
        Err(CardError::Invalid(p)) => {
            let mut invalid = FieldErrors::default();
            render::validate_form(&admin.ctx, &form, &CARD_FIELDS, &mut invalid);
            if invalid.is_empty() {
                card_errors(&admin.ctx, &p)
            } else {
                invalid
            }
        }
        Err(CardError::Domain(DomainError::Conflict(_))) => {
            let mut e = FieldErrors::default();
            e.add("email", admin.ctx.t("err-email-taken"));
            e
        }
        Err(CardError::Domain(e)) => return Err(e.into()),
    };
    let (m, _, invitations) = load_card(&state, &admin, id).await?;
    let (departments, roles, contact_hint) = choices(&state, admin.org.id).await?;
    render::invalid(&CardPage {
        ctx: admin.ctx,
        existing: Some(m),
        form,
        errors,
        departments,
        roles,
        contact_hint,
        invitations,
    })
}
