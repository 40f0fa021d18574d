//! `/admin/invite`: the invite form (up to five rows), the mass-invite box, the preview of the
//! message as the recipient gets it, and "Open in my mail app". Admins, and members when the
//! organisation lets everyone invite; what each may grant is the policy's (docs/PRODUCT.md §3).

use crate::db::enums::Language;
use crate::db::ids::{DepartmentId, RoleId};
use crate::domain::invitations::{self, ByContact, Delivery, InviteOptions};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::form::Form;
use crate::web::invite_batch::{self, InviteAction, InviteForm, Line, Row, MAX_MESSAGE, MAX_NAME};
use crate::web::invite_preview_message::{is_term_gone, lang_name, langs_of, preview, Preview};
use crate::web::mail_app::{mail_link, MailLink};
use crate::web::outcomes::limit_message;
use crate::web::page::{OrgMember, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session;
use crate::web::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/invite.html")]
struct InvitePage {
    ctx: PageCtx,
    form: InviteForm,
    rows: Vec<Row>,
    mass: String,
    roles: Vec<(RoleId, String)>,
    departments: Vec<(DepartmentId, String)>,
    /// Where the invitation goes (`hint-email-or-phone`, or `hint-email-only`).
    contact_hint: &'static str,
    /// "E-mail only": the page asks for e-mail addresses alone.
    email_only: bool,
    is_admin: bool,
    /// By the page's field id (`recipient-1`, `mass`, `message`, `first_name-2`).
    errors: FieldErrors,
    lines: Vec<Line>,
    preview: Option<Preview>,
    /// The languages a message can go out in: code and name.
    langs: Vec<(&'static str, String)>,
}

impl InvitePage {
    /// Whether the "Many addresses" tab opens first: the box holds something (or its error)
    /// and no row does.
    fn many_first(&self) -> bool {
        let rows_used = self.rows.iter().any(|r| {
            !(r.recipient.trim().is_empty()
                && r.first_name.trim().is_empty()
                && r.last_name.trim().is_empty())
        });
        !rows_used && (!self.mass.trim().is_empty() || self.errors.get("mass").is_some())
    }

    /// The error beside a row's field (`recipient`, `first_name`, `last_name`).
    fn row_error(&self, field: &str, n: usize) -> Option<&str> {
        self.errors.get(&format!("{field}-{n}"))
    }
}

#[derive(Template)]
#[template(path = "admin/invite_done.html")]
struct DonePage {
    ctx: PageCtx,
    /// What the lines came to, in one message.
    summary: (crate::web::session::FlashKind, String),
    lines: Vec<Line>,
    mail_links: Vec<MailLink>,
    mail_app: bool,
    is_admin: bool,
    /// The form again with the entries that could not be read in its box, when any were.
    again_href: Option<String>,
}

/// Members who are not admins reach the form only when the organisation lets everyone invite.
/// Admins, and members who hold a role when the organisation lets every member invite (the
/// rule of `invitations::member_may_invite`, computed for the page).
fn allowed(me: &OrgMember) -> Result<(), AppError> {
    if me.ctx.can_invite {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Roles, departments, and the contact fields' hint (the platform's verification method).
type Choices = (
    Vec<(RoleId, String)>,
    Vec<(DepartmentId, String)>,
    crate::domain::settings::VerificationMethod,
);

/// The roles this person may give and the organisation's departments.
async fn choices(state: &AppState, me: &OrgMember) -> Result<Choices, AppError> {
    let (org, actor) = (me.org.clone(), me.actor());
    state
        .db(move |c| {
            Ok((
                invitations::grantable_roles(c, &org, &actor)?,
                crate::domain::departments::names(c, org.id)?,
                crate::domain::settings::verification_method(c)?,
            ))
        })
        .await
}

fn form_page(me: OrgMember, form: InviteForm, c: Choices) -> InvitePage {
    InvitePage {
        rows: form.rows(),
        mass: form.mass(),
        is_admin: me.member.is_admin,
        ctx: me.ctx,
        form,
        roles: c.0,
        departments: c.1,
        contact_hint: c.2.contact_hint_key(),
        email_only: c.2 == crate::domain::settings::VerificationMethod::EmailOnly,
        errors: FieldErrors::default(),
        lines: Vec::new(),
        preview: None,
        langs: Lang::ALL
            .iter()
            .map(|l| (l.code(), lang_name(*l)))
            .collect(),
    }
}

/// `again`: entries the last send could not read, back in the box to be corrected.
#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    again: String,
}

pub async fn show(
    state: web::Data<AppState>,
    me: OrgMember,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    allowed(&me)?;
    let c = choices(&state, &me).await?;
    // The recipient's language defaults to the organisation's, and the message to its
    // default personal message (both set on /admin/settings).
    let mut form = InviteForm {
        locale: me.org.default_locale.as_str().to_owned(),
        message: me.org.default_message.clone(),
        submission: crate::domain::tokens::random_token(),
        ..Default::default()
    };
    let again: String = query
        .again
        .chars()
        .take(invite_batch::AGAIN_CHARS)
        .collect();
    if !again.trim().is_empty() {
        form.recipients = vec![String::new(); invite_batch::ROWS];
        form.recipients.push(again);
    }
    render::page(&form_page(me, form, c))
}

pub async fn submit(
    state: web::Data<AppState>,
    me: OrgMember,
    Form(form): Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    allowed(&me)?;
    let c = choices(&state, &me).await?;
    let phones = state
        .db(|c| Ok(crate::domain::phone::PhoneRules::load(c)?))
        .await?;
    let (mut lines, wanted) = invite_batch::read(&form, &phones);
    let ctx = &me.ctx;
    let problem = if lines.is_empty() {
        Some((form.recipients_field(), ctx.t("invite-err-empty")))
    } else if let Some(row) = form.row_without_contact() {
        Some((row, ctx.t("invite-err-row-no-contact")))
    } else if wanted.is_empty() {
        Some((form.recipients_field(), ctx.t("invite-err-none-valid")))
    } else if form.message.chars().count() > MAX_MESSAGE {
        Some(("message".to_owned(), ctx.t("invite-err-message-long")))
    } else if form.names_too_long() {
        let max = MAX_NAME as i64;
        Some((form.long_name_field(), ctx.t1("err-too-long", "max", max)))
    } else {
        None
    };
    if let Some((field, message)) = problem {
        return refused(me, form, c, lines, field, message);
    }
    match form.action {
        InviteAction::Preview => {
            let (actor, org_id, resend) = (me.actor(), me.org.id, form.resends());
            let org = me.org.clone();
            let (foreseen, addressee, names) = state
                .db(move |c| {
                    let names = invitations::card_names(c, &org, &actor, &wanted)?;
                    let foreseen = invitations::foresee(c, &actor, org_id, &wanted, resend)?;
                    // The message previewed is the first one sending would write.
                    let first = wanted
                        .iter()
                        .zip(&foreseen)
                        .find(|(_, settled)| settled.is_none())
                        .map(|(w, _)| w)
                        .or(wanted.first());
                    let addressee = first
                        .map(|w| invitations::addressee(c, &org, &actor, w))
                        .transpose()?;
                    Ok((foreseen, addressee, names))
                })
                .await?;
            invite_batch::name_cards(&mut lines, &names);
            invite_batch::foresee(&mut lines, &foreseen);
            preview_page(&state, me, form, c, lines, addressee).await
        }
        InviteAction::Send => send(&state, me, form, c, lines, wanted, false).await,
        InviteAction::Mailapp => send(&state, me, form, c, lines, wanted, true).await,
    }
}

/// The form again with each line's foreseen result and the message previewed.
async fn preview_page(
    state: &AppState,
    me: OrgMember,
    form: InviteForm,
    c: Choices,
    lines: Vec<Line>,
    addressee: Option<invitations::Addressee>,
) -> Result<HttpResponse, AppError> {
    match preview(state, &me, &form, addressee).await? {
        Ok(preview) => {
            let mut page = form_page(me, form, c);
            page.lines = lines;
            page.preview = Some(preview);
            render::page(&page)
        }
        Err(gone) => term_gone(me, form, c, lines, gone),
    }
}

/// The form again (422) with what was typed, each line's result so far and `message` beside
/// `field`.
fn refused(
    me: OrgMember,
    form: InviteForm,
    c: Choices,
    lines: Vec<Line>,
    field: String,
    message: String,
) -> Result<HttpResponse, AppError> {
    let mut page = form_page(me, form, c);
    page.errors.add(field, message);
    page.lines = lines;
    render::invalid(&page)
}

/// A role or department chosen on the form that the organisation no longer has
/// ([`invitations::ROLE_GONE`], [`invitations::DEPARTMENT_GONE`]): the form again, saying so.
fn term_gone(
    me: OrgMember,
    form: InviteForm,
    c: Choices,
    lines: Vec<Line>,
    gone: &'static str,
) -> Result<HttpResponse, AppError> {
    let (field, key) = if gone == invitations::DEPARTMENT_GONE {
        ("department_id", "invite-err-department-gone")
    } else {
        ("roles", "invite-err-role-gone")
    };
    let message = me.ctx.t(key);
    refused(me, form, c, lines, field.to_owned(), message)
}

#[allow(clippy::too_many_arguments)]
async fn send(
    state: &AppState,
    me: OrgMember,
    form: InviteForm,
    c: Choices,
    mut lines: Vec<Line>,
    wanted: Vec<invitations::Wanted>,
    mail_app: bool,
) -> Result<HttpResponse, AppError> {
    let opts = InviteOptions {
        role_ids: form.role_id.clone(),
        department_id: form.department_id,
        message: form.message.trim().to_owned(),
        grant_admin: form.grants_admin(),
        language: Language::parse(langs_of(&form, &me.org).code()),
        ..Default::default()
    };
    let (actor, org_id, now, resend) = (me.actor(), me.org.id, state.now(), form.resends());
    let org = me.org.clone();
    let (key, max) = (state.jobs.token_key.clone(), state.jobs.max_lifetime_hours);
    let submission = crate::web::form::post_key(&form.submission, &(org_id, &form));
    let result = state
        .db(move |conn| {
            let delivery = if mail_app {
                Delivery::MailApp {
                    token_key: &key,
                    max_lifetime_hours: max,
                }
            } else {
                Delivery::Queue
            };
            let result = invitations::invite_by_contact(
                conn,
                now,
                &actor,
                org_id,
                &wanted,
                &opts,
                resend,
                delivery,
                submission.as_deref(),
            );
            // The cards as they now are: the names their messages greet, for the lines.
            let names = match &result {
                Ok(_) => invitations::card_names(conn, &org, &actor, &wanted)?,
                Err(_) => Vec::new(),
            };
            Ok((result, names))
        })
        .await?;
    let (result, names) = result;
    match result {
        Ok(ByContact { results, by_hand }) => {
            state.wake_workers();
            session::drop_mail_preview(&me.session);
            invite_batch::name_cards(&mut lines, &names);
            let handed: Vec<usize> = by_hand.iter().map(|(i, _)| *i).collect();
            invite_batch::settle(&mut lines, Some(&results), &handed);
            let mail_links = by_hand
                .into_iter()
                .map(|(_, send)| mail_link(state, send))
                .collect::<Result<Vec<_>, AppError>>()?;
            let page = DonePage {
                again_href: invite_batch::again_href(&lines),
                is_admin: me.member.is_admin,
                summary: invite_batch::summary(&me.ctx, &lines),
                ctx: me.ctx,
                lines,
                mail_links,
                mail_app,
            };
            let mut res = render::page(&page)?;
            res.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                actix_web::http::header::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        Err(e @ (DomainError::DailyLimit { .. } | DomainError::SeatLimit { .. })) => {
            invite_batch::settle(&mut lines, None, &[]);
            let message = limit_message(&me.ctx, e)?;
            let field = form.recipients_field();
            refused(me, form, c, lines, field, message)
        }
        Err(DomainError::Conflict(gone)) if is_term_gone(gone) => {
            term_gone(me, form, c, lines, gone)
        }
        Err(e) => Err(e.into()),
    }
}
