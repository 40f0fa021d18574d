//! `/account`: the signed-in account's own page: its language, its password, and the
//! organisations it belongs to (each with a link to leave it).

use crate::db::enums::Language;
use crate::domain::memberships::{self, Membership};
use crate::domain::{account_password, DomainError};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::credentials::{self, Claim, Via};
use crate::web::form::Form;
use crate::web::page::{self, PageCtx, SignedIn};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account/account.html")]
struct AccountPage {
    ctx: PageCtx,
    /// The account's stored language.
    locale: String,
    /// The sign-in name, for password managers.
    username: String,
    memberships: Vec<Membership>,
    /// The browsers the account is signed in on, this one included.
    sessions: i64,
    /// Since when two-factor sign-in is on, as the page says a date; `None`: off.
    two_factor_since: Option<String>,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    me: SignedIn,
    locale: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let uid = me.account.id;
    let now = state.now();
    let (memberships, sessions, two_factor) = state
        .db(move |conn| {
            Ok((
                memberships::for_account(conn, uid)?,
                crate::domain::sessions::open_count(conn, uid, now)?,
                crate::domain::two_factor::store::get(conn, uid)?,
            ))
        })
        .await?;
    let invalid = !errors.is_empty();
    let two_factor_since = two_factor.map(|on| me.ctx.date(on.enabled_at.date()));
    let page = AccountPage {
        ctx: me.ctx,
        locale,
        username: sign_in_name(&me.account),
        memberships,
        // This one at least (a password changed meanwhile may have ended every row).
        sessions: sessions.max(1),
        two_factor_since,
        errors,
    };
    if invalid {
        render::invalid(&page)
    } else {
        render::page(&page)
    }
}

fn sign_in_name(account: &crate::db::models::Account) -> String {
    account
        .email
        .clone()
        .or_else(|| account.phone.clone())
        .unwrap_or_default()
}

pub async fn show(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, AppError> {
    let locale = me.account.locale.clone();
    page(&state, me, locale, FieldErrors::default()).await
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
}

/// Stores the account's language (used for its pages and everything sent to it) and sets the
/// language cookie, as the switch in the header does.
pub async fn language(
    state: web::Data<AppState>,
    me: SignedIn,
    Form(form): Form<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let Some(lang) = Language::parse(&form.lang).and_then(|l| Lang::parse(l.as_str())) else {
        let mut errors = FieldErrors::default();
        errors.add("lang", me.ctx.t("err-language"));
        let locale = me.account.locale.clone();
        return page(&state, me, locale, errors).await;
    };
    let (uid, now) = (me.account.id, state.now());
    state
        .db(move |conn| {
            Ok(crate::domain::accounts::set_locale(
                conn,
                uid,
                lang.code(),
                now,
            )?)
        })
        .await?;
    session::flash(
        &me.session,
        FlashKind::Success,
        crate::i18n::tr(lang, "account-language-saved"),
    );
    let mut res = render::see_other("/account");
    res.add_cookie(&page::lang_cookie(lang))
        .map_err(AppError::internal)?;
    Ok(res)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// Changes the password: the current one is checked like a sign-in (throttled, delayed, audited
/// when wrong), the new one by the password rules. Every other session of the account ends;
/// this one stays signed in under a new session id.
pub async fn password(
    state: web::Data<AppState>,
    req: HttpRequest,
    me: SignedIn,
    Form(form): Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    if form.current_password.is_empty() {
        errors.add("current_password", me.ctx.t("err-required"));
    }
    render::check_password(&me.ctx, &mut errors, &form.password, &form.password_confirm);
    // A change that changes nothing would still end every other session: said instead.
    if errors.get("password").is_none() && form.password == form.current_password {
        errors.add("password", me.ctx.t("account-password-same"));
    }
    let locale = me.account.locale.clone();
    if !errors.is_empty() {
        return page(&state, me, locale, errors).await;
    }
    let checked = credentials::check(
        &state,
        &req,
        Claim::Recipient {
            identifier: sign_in_name(&me.account),
            account: Some(Box::new(me.account.clone())),
        },
        form.current_password,
        Via::Account,
        None,
        &me.request_id,
    )
    .await?;
    let Some(account) = checked else {
        errors.add("current_password", me.ctx.t("account-password-wrong"));
        return page(&state, me, locale, errors).await;
    };
    let wanted = form.password.clone();
    let hash = state.hash_password(form.password).await?;
    let (now, rid, uid) = (state.now(), me.request_id.clone(), account.id);
    let changed = state
        .db(move |conn| Ok(account_password::change(conn, now, &account, &hash, &rid)))
        .await?;
    match changed {
        Ok(_) => {}
        // Changed meanwhile by another request. The same new password (a double click): that
        // request did what this one asked, and ended every session, this one's too — the
        // result is the same as its ("changed", signed in here under a new id). Another
        // password: the current one typed is no longer right.
        Err(DomainError::Conflict(_)) => {
            let stored =
                state
                    .db(move |c| {
                        Ok(crate::domain::accounts::get(c, uid)?.and_then(|a| a.password_hash))
                    })
                    .await?;
            if !state.verify_password(wanted, stored).await? {
                errors.add("current_password", me.ctx.t("account-password-wrong"));
                return page(&state, me, locale, errors).await;
            }
        }
        Err(e) => return Err(e.into()),
    }
    state.wake_workers();
    // Every session row of the account is gone; this one is written again under a new id.
    me.session.renew();
    session::flash(
        &me.session,
        FlashKind::Success,
        me.ctx.t("account-password-changed"),
    );
    Ok(render::see_other("/account"))
}
