//! Sign-in attempts (docs/SECURITY.md C4, C5): who may try now, and what a result changes.
//!
//! Three counters per five-minute window, all reserved before any password is checked:
//! - per account *and* client address: `max` failures, then that address is refused (429) for
//!   that account until the window ends;
//! - per client address, whatever the account: `5 × max`, against one address spraying many
//!   accounts;
//! - per account, whatever the address: past `max` failures every attempt waits a delay that
//!   doubles with each further failure, up to `MAX_DELAY`; past `2 × max` the account takes no
//!   more attempts from any address until the window ends. Delays alone did not bound guessing:
//!   parallel attempts from many addresses wait side by side and are all checked. The pause is
//!   never longer than the window, so nobody is locked out for good (docs/SECURITY.md C4).
//!
//! A browser that signed in to the account before (a device cookie, `web::device`) is not held
//! by the account's pause nor by its pair counter: its attempts count against its own cookie,
//! `max` failures per window; past them the cookie vouches for nothing until the window ends
//! and its attempts are a stranger's (OWASP: an over-limit device cookie is untrusted, not
//! refused — refusing it would let a stolen copy lock the owner's browser out). The address
//! counter applies either way.
//!
//! A success clears the account's counters (the known device's own, after a success through
//! it: the strangers' pause stays) and gives the address its attempt back.

use super::throttle::{self, Reservation};
use super::tokens;
use crate::db::ids::{AccountId, OrgId};
use crate::db::{counters, retry_on_deadlock, write_tx, DbConnection};
use diesel::QueryResult;
use time::{Duration, PrimitiveDateTime};

pub const WINDOW: Duration = Duration::minutes(5);
/// The longest wait before a password is checked, however many failures came before.
pub const MAX_DELAY: std::time::Duration = std::time::Duration::from_secs(8);
const FIRST_DELAY_MS: u64 = 250;
/// How many accounts' worth of failures one address may spend per window.
const ADDRESS_FACTOR: i64 = 5;
/// How many addresses' worth of failures one account takes per window, from all addresses.
const ACCOUNT_FACTOR: i64 = 2;

/// Reserved counters of one attempt in progress.
#[derive(Debug, Clone)]
pub struct Attempt {
    address: Reservation,
    /// The account's pair and account counters, or the known device's counter.
    counted: Vec<Reservation>,
    /// How long to wait before checking the password.
    pub delay: std::time::Duration,
}

/// The digest of an account's sign-in identifier (its throttle key): what a device cookie is
/// bound to, and what the account's counters are keyed by.
pub fn account_digest(account: &str) -> String {
    tokens::digest("signin-account", account)
}

fn keys(account: &str, client: &str) -> (String, String, String) {
    let account_digest = account_digest(account);
    (
        format!(
            "signin:pair:{}",
            tokens::digest("signin-pair", &format!("{account_digest}|{client}"))
        ),
        format!(
            "signin:address:{}",
            tokens::digest("signin-address", client)
        ),
        format!("signin:account:{account_digest}"),
    )
}

/// The wait before the `failures`-th attempt on an account that allows `free` failures.
pub fn delay_for(failures: i64, free: i64) -> std::time::Duration {
    if failures <= free {
        return std::time::Duration::ZERO;
    }
    let doublings = (failures - free - 1).clamp(0, 16) as u32;
    std::time::Duration::from_millis(FIRST_DELAY_MS.saturating_mul(1 << doublings)).min(MAX_DELAY)
}

/// Reserves an attempt for `account` (the normalised identifier typed, whether or not such an
/// account exists) from `client`; `device`: the nonce of a device cookie verified for this
/// account. `None` when this address (or this device) has used up its attempts.
pub fn begin(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: &str,
    client: &str,
    device: Option<&str>,
    max: i64,
) -> QueryResult<Option<Attempt>> {
    let (pair_key, address_key, account_key) = keys(account, client);
    let device_key =
        device.map(|n| format!("signin:device:{}", tokens::digest("signin-device", n)));
    // Every transaction here takes the counters in one order: address, then pair and account,
    // or the device.
    retry_on_deadlock(conn, |conn| {
        write_tx(conn, |c| {
            let (address, n) = throttle::count(c, now, &address_key, WINDOW)?;
            if n > max.saturating_mul(ADDRESS_FACTOR) {
                return Ok(None);
            }
            if let Some(device_key) = &device_key {
                let (device, n) = throttle::count(c, now, device_key, WINDOW)?;
                if n <= max {
                    return Ok(Some(Attempt {
                        address,
                        counted: vec![device],
                        delay: std::time::Duration::ZERO,
                    }));
                }
                // Past its own limit the cookie is worth nothing more: the attempt is a
                // stranger's, so a stolen copy spending it cannot keep the owner out.
                throttle::release(c, &device)?;
            }
            let (pair, n) = throttle::count(c, now, &pair_key, WINDOW)?;
            if n > max {
                throttle::release(c, &address)?;
                return Ok(None);
            }
            let (account, failures) = throttle::count(c, now, &account_key, WINDOW)?;
            if failures > max.saturating_mul(ACCOUNT_FACTOR) {
                throttle::release(c, &account)?;
                throttle::release(c, &pair)?;
                throttle::release(c, &address)?;
                return Ok(None);
            }
            Ok(Some(Attempt {
                address,
                counted: vec![pair, account],
                delay: delay_for(failures, max),
            }))
        })
    })
}

/// The password was right: the account's counters start afresh and the address gets its
/// attempt back.
pub fn succeeded(conn: &mut DbConnection, attempt: &Attempt) -> QueryResult<()> {
    retry_on_deadlock(conn, |conn| {
        write_tx(conn, |c| {
            throttle::release(c, &attempt.address)?;
            for counted in &attempt.counted {
                counters::reset(c, &counted.key)?;
            }
            Ok(())
        })
    })
}

/// The password was wrong (or there is no such account): the attempt stays counted; the
/// failure goes to the audit trail, with the account when there is one (never what was typed).
pub fn failed(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account_id: Option<AccountId>,
    org_id: Option<OrgId>,
    via: super::audit::SignInVia,
    request_id: &str,
) -> QueryResult<()> {
    super::audit::record(
        conn,
        now,
        super::audit::Event {
            org_id,
            actor_account_id: None,
            action: crate::db::enums::AuditAction::SigninFailed,
            subject: account_id.map_or(super::audit::Subject::None, super::audit::Subject::Account),
            details: super::audit::Details::SignIn { via },
            request_id,
        },
    )
}

/// The attempt was never evaluated (the server was too busy to check the password): nothing
/// counts.
pub fn abandoned(conn: &mut DbConnection, attempt: &Attempt) -> QueryResult<()> {
    retry_on_deadlock(conn, |conn| {
        write_tx(conn, |c| {
            throttle::release(c, &attempt.address)?;
            for counted in &attempt.counted {
                throttle::release(c, counted)?;
            }
            Ok(())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_and_is_capped() {
        assert_eq!(delay_for(10, 10), std::time::Duration::ZERO);
        assert_eq!(delay_for(11, 10).as_millis(), 250);
        assert_eq!(delay_for(12, 10).as_millis(), 500);
        assert_eq!(delay_for(13, 10).as_millis(), 1000);
        assert_eq!(delay_for(1000, 10), MAX_DELAY);
    }
}
