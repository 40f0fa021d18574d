//! The invite form's preview: the invitation exactly as sending writes it, for the first
//! recipient sending would invite — an e-mail (its HTML part kept in the session for the
//! preview's frame) or an SMS — in the language chosen on the form.

use crate::db::enums::{Channel, MemberKind};
use crate::domain::invitations;
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::{format_datetime_in, Lang};
use crate::mail::messages::{self, InvitationMail, LinkAsks};
use crate::web::invite_batch::InviteForm;
use crate::web::page::OrgMember;
use crate::web::session;
use crate::web::state::AppState;
use time::Duration;

/// The message exactly as rendered for the recipient, with a placeholder link; the HTML part is
/// kept in the session for the frame that loads it from `src` (`invite_preview::document`).
pub struct Preview {
    pub lang: Lang,
    pub lang_label: String,
    /// "E-mail to …" or "SMS to …": where the message previewed goes.
    pub to: String,
    /// The e-mail's subject and the frame's `src` of its HTML part; None for an SMS.
    pub email: Option<(String, String)>,
    pub text: String,
}

/// A language's name in itself (the same in every page language).
pub fn lang_name(l: Lang) -> String {
    crate::i18n::tr(l, "invite-language-name")
}

/// The language chosen on the form, else the organisation's default (never simply the
/// inviter's page language).
pub fn langs_of(form: &InviteForm, org: &crate::db::models::Organisation) -> Lang {
    Lang::parse(&form.locale)
        .or_else(|| Lang::parse(org.default_locale.as_str()))
        .unwrap_or_default()
}

/// Whether a conflict is a role or department the organisation no longer has.
pub fn is_term_gone(what: &str) -> bool {
    what == invitations::ROLE_GONE || what == invitations::DEPARTMENT_GONE
}

/// Renders the invitation with the real templates, in the chosen language, as it goes to
/// `addressee` (the first recipient sending would invite): an e-mail, or an SMS. Roles and
/// department must be the organisation's: `Err` names the one it does not have.
pub async fn preview(
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
