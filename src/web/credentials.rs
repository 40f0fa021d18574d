//! Checking a password, wherever an account signs in (`/login`, the invitation page): the one
//! place that reserves the attempt, waits the account's delay, verifies off the executor and
//! records the result (docs/SECURITY.md C3, C4, C5), and tells the browser it is known to the
//! account after a success (`web::device`).

use crate::db::ids::OrgId;
use crate::db::models::Account;
use crate::domain::contact::{PhoneRules, SignInId};
use crate::domain::signin;
use crate::error::AppError;
use crate::web::device::{self, DeviceConfig};
use crate::web::state::AppState;
use crate::web::throttle::client_of;
use actix_web::{web, HttpRequest};

/// Where the password is typed (the audit trail says so of a wrong one).
pub use crate::domain::audit::SignInVia as Via;

/// Whose password is being checked.
pub enum Claim {
    /// What the visitor typed (an e-mail address or a phone number).
    Typed(String),
    /// The address or phone fixed by the page (the invitation's recipient) and its account,
    /// if there is one. Counted under the same key as the same text typed on `/login`.
    Recipient {
        identifier: String,
        account: Option<Box<Account>>,
    },
}

/// `Some(account)` when the password is right; `None` (one outcome, whatever the reason) when
/// not; 429 once the client has used up its attempts; 503 when the hashing queue is full.
pub async fn check(
    state: &AppState,
    req: &HttpRequest,
    claim: Claim,
    password: String,
    via: Via,
    org_id: Option<OrgId>,
    request_id: &str,
) -> Result<Option<Account>, AppError> {
    let (typed, fixed) = match claim {
        Claim::Typed(typed) => (typed, None),
        Claim::Recipient {
            identifier,
            account,
        } => (identifier, Some(account.map(|a| *a))),
    };
    let client = client_of(state, req);
    let now = state.now();
    let max = i64::from(state.config.login_attempts);
    let read_typed = fixed.is_none();
    let devices = req.app_data::<web::Data<DeviceConfig>>().cloned();
    let sent = devices.as_ref().and_then(|d| d.sent(req));
    let unix = now.assume_utc().unix_timestamp();
    let fixed_hash = fixed
        .as_ref()
        .map(|a| a.as_ref().and_then(|a| a.password_hash.clone()));
    // A phone is read with the platform's rules (default region), loaded with the attempt.
    let (attempt, lookup, key_of_account) = state
        .db(move |c| {
            let phones = PhoneRules::load(c)?;
            let key = SignInId::throttle_key(&typed, &phones);
            let lookup = read_typed
                .then(|| SignInId::parse(&typed, &phones))
                .flatten();
            // A browser that signed in to this account, with its password as it is now, before
            // (`web::device`): read only when the browser sent a cookie.
            let device = match (devices, sent) {
                (Some(d), Some(value)) => {
                    let hash = match fixed_hash {
                        Some(hash) => hash,
                        None => match &lookup {
                            Some(id) => crate::domain::accounts::find_for_login(c, id)?
                                .and_then(|a| a.password_hash),
                            None => None,
                        },
                    };
                    d.verify(&value, &device::binding(&key, hash.as_deref()), unix)
                }
                _ => None,
            };
            let attempt = signin::begin(c, now, &key, &client, device.as_deref(), max)?;
            Ok((attempt, lookup, key))
        })
        .await?;
    let attempt = attempt.ok_or_else(|| crate::web::throttle::refused(now, signin::WINDOW))?;
    if !attempt.delay.is_zero() {
        actix_web::rt::time::sleep(attempt.delay).await;
    }
    let account = match fixed {
        Some(account) => account,
        None => match lookup {
            Some(id) => {
                state
                    .db(move |c| Ok(crate::domain::accounts::find_for_login(c, &id)?))
                    .await?
            }
            None => None,
        },
    }
    .filter(|u| u.password_hash.is_some() && u.disabled_at.is_none());
    let verified = state
        .verify_password(
            password,
            account.as_ref().and_then(|u| u.password_hash.clone()),
        )
        .await;
    let ok = match verified {
        Ok(ok) => ok,
        Err(e) => {
            // Not evaluated (queue full): it does not count against anyone.
            let a = attempt.clone();
            state.db(move |c| Ok(signin::abandoned(c, &a)?)).await?;
            return Err(e);
        }
    };
    let now = state.now();
    let rid = request_id.to_owned();
    let account_id = account.as_ref().map(|u| u.id);
    state
        .db(move |c| {
            if ok {
                signin::succeeded(c, &attempt)?;
            } else {
                signin::failed(c, now, account_id, org_id, via, &rid)?;
            }
            Ok(())
        })
        .await?;
    if let (true, Some(devices), Some(account)) = (
        ok,
        req.app_data::<web::Data<DeviceConfig>>(),
        account.as_ref(),
    ) {
        // This browser is known to the account from now on, with a fresh cookie bound to the
        // password it just proved (a later change of password ends it).
        let binding = device::binding(&key_of_account, account.password_hash.as_deref());
        device::earned(req, devices, binding, now.assume_utc().unix_timestamp());
    }
    Ok(account.filter(|_| ok))
}
