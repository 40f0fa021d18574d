//! `/account/two-factor`: enrolling in two-factor sign-in (a fresh secret kept in the signed-in
//! session — sealed, on the server — shown as a QR code and as base32 text; the first code turns
//! it on and the recovery codes are shown once), regenerating the recovery codes, turning it off.

use crate::db::models::Account;
use crate::domain::two_factor;
use crate::domain::two_factor::store::{self, Enabled};
use crate::error::AppError;
use crate::i18n::format_datetime_in;
use crate::web::form::Form;
use crate::web::page::{PageCtx, SignedIn};
use crate::web::render::{self, FieldErrors};
use crate::web::second_factor::{self, Verdict};
use crate::web::session::FlashKind;
use crate::web::{qr, session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

/// Not enrolled: the secret to scan or type, and the form for its first code.
#[derive(Template)]
#[template(path = "account/two_factor_enrol.html")]
struct EnrolPage {
    ctx: PageCtx,
    qr: String,
    secret: String,
    label: String,
    errors: FieldErrors,
}

/// Not enrolled, and the account's address not proved: what to do first.
#[derive(Template)]
#[template(path = "account/two_factor_unproven.html")]
struct UnprovenPage {
    ctx: PageCtx,
    /// Where the link goes: the account's e-mail address.
    email: String,
}

/// Enrolled: when, how many recovery codes are left, new codes, turning it off.
#[derive(Template)]
#[template(path = "account/two_factor_status.html")]
struct StatusPage {
    ctx: PageCtx,
    since: String,
    recovery_left: i64,
    required: bool,
    errors: FieldErrors,
}

/// The recovery codes, shown once (the page is never stored: `Cache-Control: no-store`).
#[derive(Template)]
#[template(path = "account/two_factor_codes.html")]
struct CodesPage {
    ctx: PageCtx,
    codes: Vec<String>,
    /// New codes in place of earlier ones (not the first, made on enrolment).
    remade: bool,
}

/// What the account is known by in the authenticator app.
fn label_of(account: &crate::db::models::Account) -> String {
    account
        .email
        .clone()
        .or_else(|| account.phone.clone())
        .unwrap_or_else(|| account.id.to_string())
}

/// The secret being enrolled: the one this session holds, or a new one kept in it (sealed).
fn pending_secret(state: &AppState, s: &SignedIn) -> Result<Vec<u8>, AppError> {
    let keys = &state.two_factor;
    if let Some(secret) =
        session::enrol_secret(&s.session).and_then(|sealed| keys.open(s.account.id, &sealed))
    {
        return Ok(secret);
    }
    let secret = two_factor::new_secret();
    let sealed = keys
        .seal(s.account.id, &secret)
        .ok_or_else(|| AppError::internal("sealing a two-factor secret"))?;
    session::set_enrol_secret(&s.session, &sealed);
    Ok(secret)
}

fn enrol_page(state: &AppState, s: SignedIn, errors: FieldErrors) -> Result<EnrolPage, AppError> {
    let secret = pending_secret(state, &s)?;
    let label = label_of(&s.account);
    let uri = two_factor::otpauth_uri(&secret, &label)
        .ok_or_else(|| AppError::internal("otpauth uri"))?;
    Ok(EnrolPage {
        qr: qr::data_uri(&uri).ok_or_else(|| AppError::internal("qr code"))?,
        secret: two_factor::base32(&secret),
        label,
        ctx: s.ctx,
        errors,
    })
}

async fn status_page(
    state: &AppState,
    ctx: PageCtx,
    account: &Account,
    errors: FieldErrors,
) -> Result<Option<StatusPage>, AppError> {
    let account = account.clone();
    let found = state
        .db(move |c| Ok((store::get(c, account.id)?, store::required(c, &account)?)))
        .await?;
    Ok(match found {
        (Some(e), required) => Some(StatusPage {
            since: format_datetime_in(ctx.lang, e.enabled_at),
            recovery_left: e.recovery_left,
            required,
            ctx,
            errors,
        }),
        (None, _) => None,
    })
}

pub async fn show(state: web::Data<AppState>, s: SignedIn) -> Result<HttpResponse, AppError> {
    if let Some(page) =
        status_page(&state, s.ctx.clone(), &s.account, FieldErrors::default()).await?
    {
        return render::page(&page);
    }
    if s.account.email_unproven {
        return render::page(&UnprovenPage {
            email: s.account.email.clone().unwrap_or_default(),
            ctx: s.ctx,
        });
    }
    render::page(&enrol_page(&state, s, FieldErrors::default())?)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

/// New recovery codes: stored as digests, shown once.
async fn new_codes(state: &AppState) -> (Vec<String>, Vec<String>) {
    let codes = two_factor::new_recovery_codes();
    let digests = codes
        .iter()
        .map(|c| state.two_factor.recovery_digest(c))
        .collect();
    (codes, digests)
}

/// The first code: right → enabled, and the recovery codes shown once; wrong → the same secret
/// again with the message.
pub async fn confirm(
    state: web::Data<AppState>,
    s: SignedIn,
    Form(form): Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let account = s.account.id;
    if state
        .db(move |c| Ok(store::is_enabled(c, account)?))
        .await?
    {
        return Ok(render::see_other(crate::web::TWO_FACTOR_PAGE));
    }
    if s.account.email_unproven {
        return Ok(render::see_other(crate::web::TWO_FACTOR_PAGE));
    }
    let secret = pending_secret(&state, &s)?;
    let now = state.now();
    let step = two_factor::as_totp_code(&form.code).and_then(|code| {
        two_factor::matching_step(&secret, &code, now.assume_utc().unix_timestamp())
    });
    let Some(step) = step else {
        let mut errors = FieldErrors::default();
        let key = if form.code.trim().is_empty() {
            "two-factor-code-missing"
        } else {
            "two-factor-code-wrong"
        };
        errors.add("code", s.ctx.t(key));
        return render::invalid(&enrol_page(&state, s, errors)?);
    };
    let sealed = state
        .two_factor
        .seal(account, &secret)
        .ok_or_else(|| AppError::internal("sealing a two-factor secret"))?;
    let (codes, digests) = new_codes(&state).await;
    let rid = s.request_id.clone();
    let read = s.account.clone();
    let enabled = state
        .db(move |c| Ok(store::enable(c, now, &read, &sealed, step, &digests, &rid)?))
        .await?;
    session::clear_enrol_secret(&s.session);
    match enabled {
        Enabled::On => {}
        // On already, or the address to prove first: the page says which.
        Enabled::AlreadyOn | Enabled::Unproven => {
            return Ok(render::see_other(crate::web::TWO_FACTOR_PAGE))
        }
        // The password changed meanwhile, and with it every session ended: this one too.
        Enabled::Stale => {
            s.session.purge();
            return Ok(render::see_other("/login"));
        }
    }
    // Every session row of the account is gone; this one is written again under a new id.
    s.session.renew();
    render::page(&CodesPage {
        ctx: s.ctx,
        codes,
        remade: false,
    })
}

/// New recovery codes, with a current one-time code.
pub async fn regenerate(
    state: web::Data<AppState>,
    s: SignedIn,
    Form(form): Form<CodeForm>,
) -> Result<HttpResponse, AppError> {
    let account = s.account.id;
    // No code typed is asked for, as on enrolment and the sign-in step (not "not right").
    if form.code.trim().is_empty() {
        return refuse(&state, s, "regenerate_code", "two-factor-code-missing").await;
    }
    let verdict = second_factor::verify(&state, account, &form.code, false, &s.request_id).await?;
    if !verdict.ok() {
        return refuse(&state, s, "regenerate_code", verdict.message_key()).await;
    }
    let (codes, digests) = new_codes(&state).await;
    let (now, rid) = (state.now(), s.request_id.clone());
    state
        .db(move |c| Ok(store::regenerate(c, now, account, &digests, &rid)?))
        .await?;
    render::page(&CodesPage {
        ctx: s.ctx,
        codes,
        remade: true,
    })
}

async fn refuse(
    state: &AppState,
    s: SignedIn,
    field: &str,
    message_key: &str,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    errors.add(field, s.ctx.t(message_key));
    match status_page(state, s.ctx, &s.account, errors).await? {
        Some(page) => render::invalid(&page),
        None => Ok(render::see_other(crate::web::TWO_FACTOR_PAGE)),
    }
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    password: String,
}

/// Turns two-factor sign-in off, with a current code or the password; not while the platform
/// requires it of this account.
pub async fn disable(
    state: web::Data<AppState>,
    s: SignedIn,
    Form(form): Form<DisableForm>,
) -> Result<HttpResponse, AppError> {
    let account = s.account.id;
    let me = s.account.clone();
    let required = state.db(move |c| Ok(store::required(c, &me)?)).await?;
    if required {
        let mut errors = FieldErrors::default();
        errors.add(
            "disable_code",
            s.ctx.t("two-factor-required-cannot-disable"),
        );
        return match status_page(&state, s.ctx, &s.account, errors).await? {
            Some(page) => render::invalid(&page),
            None => Ok(render::see_other(crate::web::TWO_FACTOR_PAGE)),
        };
    }
    // What was typed decides what a refusal says: the code's verdict, a wrong password, or
    // that neither was given.
    let (allowed, refusal) = if !form.code.trim().is_empty() {
        let verdict =
            second_factor::verify(&state, account, &form.code, false, &s.request_id).await?;
        (verdict, verdict.message_key())
    } else if !form.password.is_empty() {
        let right =
            second_factor::verify_password(&state, &s.account, form.password, &s.request_id)
                .await?;
        let verdict = if right { Verdict::Code } else { Verdict::Wrong };
        (verdict, "two-factor-disable-password-wrong")
    } else {
        (Verdict::Wrong, "two-factor-disable-failed")
    };
    if !allowed.ok() {
        let mut errors = FieldErrors::default();
        let message = s.ctx.t(refusal);
        errors.add("disable_code", message);
        return match status_page(&state, s.ctx, &s.account, errors).await? {
            Some(page) => render::invalid(&page),
            None => Ok(render::see_other(crate::web::TWO_FACTOR_PAGE)),
        };
    }
    let (now, rid) = (state.now(), s.request_id.clone());
    state
        .db(move |c| Ok(store::disable(c, now, account, &rid)?))
        .await?;
    s.session.renew();
    session::flash(
        &s.session,
        FlashKind::Success,
        s.ctx.t("two-factor-disabled"),
    );
    Ok(render::see_other(crate::web::TWO_FACTOR_PAGE))
}
