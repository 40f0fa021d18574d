//! Sign-in, sign-out and the language switch.

use crate::db::enums::AuditAction;
use crate::domain::contact::{PhoneRules, SignInId};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::web::credentials::{self, Claim, Via};
use crate::web::form::Form;
use crate::web::page::{self, PageCtx, Visitor};
use crate::web::render::{self, FieldErrors};
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageCtx,
    email: String,
    next: String,
    errors: FieldErrors,
    /// Just came from setting a password through a forgotten-password link, or from signing
    /// out everywhere: what to say of it.
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
    /// `reset=done`: the password was just set with a link (anonymous visitors carry no
    /// flashes, so the page says it from the address); `reset=confirmed`: and it proved the
    /// account's address (`domain::password_reset`); `reset=proved`: and that turned
    /// two-factor sign-in off.
    #[serde(default)]
    reset: String,
    /// `out=here`: signed out in this browser just now; `out=everywhere`: on every device.
    #[serde(default)]
    out: String,
}

pub async fn login_form(
    Visitor(caller): Visitor,
    query: web::Query<LoginQuery>,
) -> Result<HttpResponse, AppError> {
    let next = render::local_path(&query.next)
        .unwrap_or_default()
        .to_owned();
    if caller.account.is_some() {
        return Ok(render::see_other(if next.is_empty() { "/" } else { &next }));
    }
    render::page(&LoginPage {
        ctx: caller.ctx,
        email: String::new(),
        next,
        errors: FieldErrors::default(),
        notice: match (query.reset.as_str(), query.out.as_str()) {
            ("done", _) => Some("login-reset-done"),
            ("proved", _) => Some("login-reset-proved"),
            ("confirmed", _) => Some("login-reset-confirmed"),
            (_, "here") => Some("login-out-here"),
            (_, "everywhere") => Some("login-out-everywhere"),
            _ => None,
        },
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    /// An e-mail address or a phone number (the contract keeps the name `email`).
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// One generic failure message; unknown accounts cost the same time (docs/SECURITY.md C5); attempts
/// are reserved before the password is checked and limited per account and address
/// (docs/SECURITY.md C4).
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    Visitor(caller): Visitor,
    Form(form): Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = caller.ctx;
    let next = render::local_path(&form.next)
        .unwrap_or_default()
        .to_owned();
    // A field left empty is said to be missing, before anything is checked or counted.
    let mut missing = FieldErrors::default();
    if form.email.trim().is_empty() {
        missing.add("email", ctx.t("login-err-identifier-missing"));
    }
    if form.password.is_empty() {
        missing.add("password", ctx.t("login-err-password-missing"));
    }
    if !missing.is_empty() {
        return render::invalid(&LoginPage {
            ctx,
            email: form.email,
            next,
            errors: missing,
            notice: None,
        });
    }
    let account = credentials::check(
        &state,
        &req,
        Claim::Typed(form.email.clone()),
        form.password,
        Via::Login,
        None,
        &caller.request_id,
    )
    .await?;
    let Some(account) = account else {
        // Something that is neither an address nor a number with its country code (a bare
        // national number like 9051111111) can match no account: say how to write it rather
        // than "wrong password" (this names no account; the attempt was counted all the same).
        let typed = form.email.clone();
        let readable = state
            .db(move |c| Ok(SignInId::parse(&typed, &PhoneRules::load(c)?).is_some()))
            .await?;
        let mut errors = FieldErrors::default();
        errors.add(
            "email",
            ctx.t(if readable {
                "login-failed"
            } else {
                "forgot-err-identifier"
            }),
        );
        return render::invalid(&LoginPage {
            ctx,
            email: form.email,
            next,
            errors,
            notice: None,
        });
    };
    let uid = account.id;
    let second_factor = state
        .db(move |conn| Ok(crate::domain::two_factor::store::is_enabled(conn, uid)?))
        .await?;
    if second_factor {
        // Not signed in yet: the code first (`/login/two-factor`).
        let now = state.now().assume_utc().unix_timestamp();
        let mut pending = session::Pending::new(uid, now, &next);
        pending.device = crate::web::device::withhold(&req);
        session::begin_second_step(&caller.session, &pending);
        return Ok(render::see_other(crate::web::SECOND_STEP_PAGE));
    }
    let orgs = state
        .db(move |conn| Ok(crate::domain::accounts::active_orgs(conn, uid)?))
        .await?;
    let now = state.now();
    let only_org = (orgs.len() == 1).then(|| orgs[0].0);
    session::sign_in(
        &caller.session,
        account.id,
        only_org,
        now.assume_utc().unix_timestamp(),
    );
    tracing::info!(target: "audit", action = AuditAction::SigninOk.as_str(), account = %account.id, request_id = %caller.request_id, "signed in");
    let home = if orgs.len() > 1 {
        "/orgs"
    } else if orgs.is_empty() && account.is_operator {
        "/platform/orgs"
    } else {
        "/"
    };
    Ok(render::see_other(if next.is_empty() {
        home
    } else {
        &next
    }))
}

#[derive(Deserialize)]
pub struct LogoutForm {
    /// `1` (the account page's button): every session of the account ends, on every device.
    #[serde(default)]
    everywhere: String,
    /// A page of this site to go on to, signed out: the invitation whose page asked its
    /// visitor, signed in as someone else, to sign out first.
    #[serde(default)]
    back: String,
}

/// Ends this browser's session on the server, so its cookie is worthless if replayed
/// (docs/SECURITY.md D2); with `everywhere`, every session of the account, on every device.
pub async fn logout(
    state: web::Data<AppState>,
    Visitor(caller): Visitor,
    Form(form): Form<LogoutForm>,
) -> Result<HttpResponse, AppError> {
    let everywhere = form.everywhere == "1" && caller.account.is_some();
    if let Some(account) = caller.account {
        let uid = account.id;
        let ended = if everywhere {
            state
                .db(move |conn| Ok(crate::domain::sessions::end_all_for_account(conn, uid)?))
                .await?
        } else {
            1
        };
        tracing::info!(target: "audit", action = AuditAction::Signout.as_str(), account = %account.id, sessions = ended, request_id = %caller.request_id, "signed out");
    }
    // This browser's row goes with the purge.
    caller.session.purge();
    Ok(render::see_other(if everywhere {
        "/login?out=everywhere"
    } else {
        render::local_path(&form.back).unwrap_or("/login?out=here")
    }))
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    back: String,
}

pub async fn switch_language(
    state: web::Data<AppState>,
    Visitor(caller): Visitor,
    Form(form): Form<LangForm>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::parse(&form.lang).ok_or(AppError::BadRequest("lang"))?;
    if let Some(account) = caller.account {
        let now = state.now();
        state
            .db(move |conn| {
                Ok(crate::domain::accounts::set_locale(
                    conn,
                    account.id,
                    lang.code(),
                    now,
                )?)
            })
            .await?;
    } else {
        // Switched during the second step of a sign-in: the account's choice once it is done.
        let now_unix = state.now().assume_utc().unix_timestamp();
        session::choose_pending_language(&caller.session, now_unix, lang.code());
    }
    // Only local paths: never an open redirect.
    let back = render::local_path(&form.back).unwrap_or("/").to_owned();
    let cookie = page::lang_cookie(lang);
    let mut res = render::see_other(&back);
    res.add_cookie(&cookie).map_err(AppError::internal)?;
    Ok(res)
}
