//! `/admin/invite`: the invite form (up to five rows), the mass-invite box, the preview of the
//! message as the recipient gets it, and "Open in my mail app". Admins, and members when the
//! organisation lets everyone invite; what each may grant is the policy's (docs/PRODUCT.md §3).

use crate::db::enums::{Channel, Language, MemberKind};
use crate::db::ids::{DepartmentId, RoleId};
use crate::domain::invitations::{self, ByContact, Delivery, InviteOptions};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::{format_datetime_in, Lang};
use crate::mail::messages::{self, InvitationMail, LinkAsks};
use crate::web::form::Form;
use crate::web::invite_batch::{self, InviteAction, InviteForm, Line, Row, MAX_MESSAGE, MAX_NAME};
use crate::web::mail_app::{mail_link, MailLink};
use crate::web::outcomes::limit_message;
use crate::web::page::{OrgMember, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session;
use crate::web::state::AppState;
use actix_web::{web, HttpResponse};
use askama::Template;
use time::Duration;

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
    is_admin: bool,
    /// By the page's field id (`recipient-1`, `mass`, `message`, `first_name-2`).
    errors: FieldErrors,
    lines: Vec<Line>,
    preview: Option<Preview>,
    /// The languages a message can go out in: code and name.
    langs: Vec<(&'static str, String)>,
}

impl InvitePage {
    /// The error beside a row's field (`recipient`, `first_name`, `last_name`).
    fn row_error(&self, field: &str, n: usize) -> Option<&str> {
        self.errors.get(&format!("{field}-{n}"))
    }
}

/// The message exactly as rendered for the recipient, with a placeholder link; the HTML part is
/// kept in the session for the frame that loads it from `src` (`invite_preview::document`).
struct Preview {
    lang: Lang,
    lang_label: String,
    /// "E-mail to …" or "SMS to …": where the message previewed goes.
    to: String,
    /// The e-mail's subject and the frame's `src` of its HTML part; None for an SMS.
    email: Option<(String, String)>,
    text: String,
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
    &'static str,
);

/// The roles this person may give and the organisation's departments.
async fn choices(state: &AppState, me: &OrgMember) -> Result<Choices, AppError> {
    let (org, actor) = (me.org.clone(), me.actor());
    state
        .db(move |c| {
            Ok((
                invitations::grantable_roles(c, &org, &actor)?,
                crate::domain::departments::names(c, org.id)?,
                crate::domain::settings::verification_method(c)?.contact_hint_key(),
            ))
        })
        .await
}

/// A language's name in itself (the same in every page language).
fn lang_name(l: Lang) -> String {
    crate::i18n::tr(l, "invite-language-name")
}

/// The language chosen on the form, else the organisation's default (never simply the
/// inviter's page language).
fn langs_of(form: &InviteForm, org: &crate::db::models::Organisation) -> Lang {
    Lang::parse(&form.locale)
        .or_else(|| Lang::parse(org.default_locale.as_str()))
        .unwrap_or_default()
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
        contact_hint: c.2,
        errors: FieldErrors::default(),
        lines: Vec::new(),
        preview: None,
        langs: Lang::ALL
            .iter()
            .map(|l| (l.code(), lang_name(*l)))
            .collect(),
    }
}

pub async fn show(state: web::Data<AppState>, me: OrgMember) -> Result<HttpResponse, AppError> {
    allowed(&me)?;
    let c = choices(&state, &me).await?;
    // The recipient's language defaults to the organisation's, and the message to its
    // default personal message (both set on /admin/settings).
    let form = InviteForm {
        locale: me.org.default_locale.as_str().to_owned(),
        message: me.org.default_message.clone(),
        submission: crate::domain::tokens::random_token(),
        ..Default::default()
    };
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
            let (foreseen, addressee) = state
                .db(move |c| {
                    let foreseen = invitations::foresee(c, &actor, org_id, &wanted, resend)?;
                    // The message previewed is the first one sending would write.
                    let first = wanted
                        .iter()
                        .zip(&foreseen)
                        .find(|(_, settled)| settled.is_none())
                        .map(|(w, _)| w)
                        .or(wanted.first());
                    let addressee = first
                        .map(|w| invitations::addressee(c, org_id, w))
                        .transpose()?;
                    Ok((foreseen, addressee))
                })
                .await?;
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

/// Whether a conflict is a role or department the organisation no longer has.
fn is_term_gone(what: &str) -> bool {
    what == invitations::ROLE_GONE || what == invitations::DEPARTMENT_GONE
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

/// Renders the invitation with the real templates, in the chosen language, as it goes to
/// `addressee` (the first recipient sending would invite): an e-mail, or an SMS. Roles and
/// department must be the organisation's: `Err` names the one it does not have.
async fn preview(
    state: &AppState,
    me: &OrgMember,
    form: &InviteForm,
    addressee: Option<invitations::Addressee>,
) -> Result<Result<Preview, &'static str>, AppError> {
    let (org_id, role_ids, dep) = (me.org.id, form.role_id.clone(), form.department_id);
    let role_names = match state
        .db(move |c| Ok(invitations::role_names_in_org(c, org_id, &role_ids, dep)))
        .await?
    {
        Ok(names) => names,
        Err(DomainError::Conflict(gone)) if is_term_gone(gone) => return Ok(Err(gone)),
        Err(e) => return Err(e.into()),
    };
    let lang = langs_of(form, &me.org);
    let max = state.jobs.max_lifetime_hours;
    let hours = me.org.invitation_lifetime_hours.min(max).max(1);
    let mail = InvitationMail {
        lang,
        org_name: me.org.name.clone(),
        customer_number: me.org.customer_number.clone(),
        inviter_name: me.account.display_name(),
        recipient_name: addressee
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default(),
        link: format!("{}/invite/…", state.jobs.base_url),
        expires: format_datetime_in(lang, state.now() + Duration::hours(i64::from(hours))),
        role_names,
        grant_admin: form.grants_admin() && me.member.is_admin,
        message: form.message.trim().to_owned(),
        asks: LinkAsks::Password,
        // Cards made by the form are employees'; a card found keeps its kind.
        app_link: crate::domain::org_settings::app_url(
            &me.org,
            addressee.as_ref().map_or(MemberKind::Employee, |a| a.kind),
        )
        .map(str::to_owned),
    };
    let (ctx, to) = (&me.ctx, addressee.map(|a| (a.channel, a.to)));
    let preview = match to {
        Some((Channel::Sms, number)) => Preview {
            to: ctx.t1("invite-preview-sms-to", "to", number),
            email: None,
            text: sms_preview(mail)?,
            lang,
            lang_label: lang_name(lang),
        },
        to => {
            let r = messages::render_invitation(&mail)?;
            let id = session::keep_mail_preview(&me.session, me.org.id, r.html);
            Preview {
                to: ctx.t1(
                    "invite-preview-email-to",
                    "to",
                    to.map(|t| t.1).unwrap_or_default(),
                ),
                email: Some((r.subject, format!("/admin/invite-preview/{id}"))),
                text: r.text,
                lang,
                lang_label: lang_name(lang),
            }
        }
    };
    Ok(Ok(preview))
}

/// The SMS as sent: its length decides whether the expiry fits, so it is written for a link
/// as long as a real one (a token's 43 characters, of the alphabet a token uses), then the
/// placeholder shown in its place.
fn sms_preview(mut mail: InvitationMail) -> Result<String, askama::Error> {
    let shown = std::mem::take(&mut mail.link);
    let base = shown.trim_end_matches('…');
    mail.link = format!("{base}{}", "x".repeat(crate::domain::tokens::TOKEN_CHARS));
    let text = messages::render_invitation_sms(&mail)?;
    Ok(text.replace(&mail.link, &shown))
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
            Ok(invitations::invite_by_contact(
                conn,
                now,
                &actor,
                org_id,
                &wanted,
                &opts,
                resend,
                delivery,
                submission.as_deref(),
            ))
        })
        .await?;
    match result {
        Ok(ByContact { results, by_hand }) => {
            state.wake_workers();
            session::drop_mail_preview(&me.session);
            let handed: Vec<usize> = by_hand.iter().map(|(i, _)| *i).collect();
            invite_batch::settle(&mut lines, Some(&results), &handed);
            let mail_links = by_hand
                .into_iter()
                .map(|(_, send)| mail_link(state, send))
                .collect::<Result<Vec<_>, AppError>>()?;
            let page = DonePage {
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
