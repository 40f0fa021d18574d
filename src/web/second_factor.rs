//! Checking a second factor (a one-time code, or a recovery code where allowed) for an account,
//! wherever one is asked for: the second step of sign-in, the invitation page, and the
//! account's two-factor page. Wrong codes are throttled per account, reserved before the
//! check so parallel guesses cannot exceed the limit (docs/SECURITY.md C4).

use crate::db::ids::AccountId;
use crate::domain::audit::SignInVia;
use crate::domain::throttle::{self, Limit};
use crate::domain::two_factor::{self, store};
use crate::error::AppError;
use crate::web::state::AppState;

/// The result of one submitted code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A fresh one-time code.
    Code,
    /// An unused recovery code (now spent).
    Recovery,
    /// A right code whose time step was already used (or an older one).
    Reused,
    Wrong,
}

impl Verdict {
    pub fn ok(self) -> bool {
        matches!(self, Verdict::Code | Verdict::Recovery)
    }

    /// The message for the person, when refused.
    pub fn message_key(self) -> &'static str {
        match self {
            Verdict::Reused => "two-factor-code-reused",
            _ => "two-factor-code-wrong",
        }
    }
}

/// Wrong codes allowed per account in the window (the sign-in attempts' figure).
pub const WINDOW: time::Duration = time::Duration::minutes(5);

fn limit(state: &AppState) -> Limit {
    Limit {
        max: i64::from(state.config.login_attempts),
        window: WINDOW,
    }
}

fn key(account: AccountId) -> String {
    format!("two_factor:account:{account}")
}

/// The account's password instead of a code (to turn two-factor sign-in off), counted under the
/// same limit as wrong codes.
pub async fn verify_password(
    state: &AppState,
    account: &crate::db::models::Account,
    password: String,
    request_id: &str,
) -> Result<bool, AppError> {
    let (now, key, limit, id) = (state.now(), key(account.id), limit(state), account.id);
    let reservation = state
        .db(move |c| Ok(throttle::reserve(c, now, &key, limit)?))
        .await?
        .ok_or_else(|| crate::web::throttle::refused(now, WINDOW))?;
    let hash = account.password_hash.clone();
    let ok = hash.is_some() && state.verify_password(password, hash).await?;
    let rid = request_id.to_owned();
    state
        .db(move |c| {
            if ok {
                throttle::release(c, &reservation)?;
            } else {
                crate::domain::signin::failed(
                    c,
                    now,
                    Some(id),
                    None,
                    SignInVia::TwoFactorPassword,
                    &rid,
                )?;
            }
            Ok(())
        })
        .await?;
    Ok(ok)
}

/// Checks `input` against the account's enrolment; 429 once the account has used up its
/// attempts. A success gives the attempt back.
pub async fn verify(
    state: &AppState,
    account: AccountId,
    input: &str,
    allow_recovery: bool,
    request_id: &str,
) -> Result<Verdict, AppError> {
    let (key, limit, now) = (key(account), limit(state), state.now());
    let reservation = state
        .db(move |c| Ok(throttle::reserve(c, now, &key, limit)?))
        .await?
        .ok_or_else(|| crate::web::throttle::refused(now, WINDOW))?;
    let keys = std::sync::Arc::clone(&state.two_factor);
    let input = input.to_owned();
    let rid = request_id.to_owned();
    let now_unix = now.assume_utc().unix_timestamp();
    state
        .db(move |c| {
            let Some(enrolment) = store::get(c, account)? else {
                return Ok(Verdict::Wrong);
            };
            let verdict = if let Some(code) = two_factor::as_totp_code(&input) {
                let secret = keys
                    .open(account, &enrolment.sealed_secret)
                    .ok_or_else(|| AppError::internal("two-factor secret does not open"))?;
                match two_factor::matching_step(&secret, &code, now_unix) {
                    Some(step) if store::use_step(c, account, step)? => Verdict::Code,
                    Some(_) => Verdict::Reused,
                    None => Verdict::Wrong,
                }
            } else if allow_recovery && !two_factor::normalize_recovery(&input).is_empty() {
                let digest = keys.recovery_digest(&input);
                if store::use_recovery(c, now, account, &digest, &rid)? {
                    Verdict::Recovery
                } else {
                    Verdict::Wrong
                }
            } else {
                Verdict::Wrong
            };
            if verdict.ok() {
                throttle::release(c, &reservation)?;
            } else {
                crate::domain::signin::failed(
                    c,
                    now,
                    Some(account),
                    None,
                    SignInVia::TwoFactor,
                    &rid,
                )?;
            }
            Ok(verdict)
        })
        .await
}

/// The second step is done: a language switched to during it becomes the account's own (the
/// pages speak the account's setting from here on, `web::page::lang_for_or`).
pub async fn keep_chosen_language(
    state: &AppState,
    pending: &crate::web::session::Pending,
) -> Result<(), AppError> {
    let Some(lang) = pending.lang.as_deref().and_then(crate::i18n::Lang::parse) else {
        return Ok(());
    };
    let (account, now) = (pending.account, state.now());
    state
        .db(move |c| {
            Ok(crate::domain::accounts::set_locale(
                c,
                account,
                lang.code(),
                now,
            )?)
        })
        .await?;
    Ok(())
}
