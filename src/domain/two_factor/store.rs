//! Two-factor rows: the sealed secret with the last step used, and the recovery codes' digests.

use crate::db::enums::{AuditAction, MemberStatus};
use crate::db::ids::AccountId;
use crate::db::models::Account;
use crate::db::schema::{members, two_factor, two_factor_recovery_codes as codes};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event, Subject};
use crate::domain::jobs::{self, Job};
use crate::domain::settings;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// An account's two-factor state.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub sealed_secret: String,
    pub last_step: i64,
    pub enabled_at: PrimitiveDateTime,
    /// Recovery codes not used yet.
    pub recovery_left: i64,
}

pub fn get(conn: &mut DbConnection, account: AccountId) -> QueryResult<Option<Enrolment>> {
    let row: Option<(String, i64, PrimitiveDateTime)> = two_factor::table
        .find(account)
        .select((
            two_factor::secret,
            two_factor::last_step,
            two_factor::enabled_at,
        ))
        .first(conn)
        .optional()?;
    let Some((sealed_secret, last_step, enabled_at)) = row else {
        return Ok(None);
    };
    let recovery_left = codes::table
        .filter(codes::account_id.eq(account))
        .filter(codes::used_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(Some(Enrolment {
        sealed_secret,
        last_step,
        enabled_at,
        recovery_left,
    }))
}

pub fn is_enabled(conn: &mut DbConnection, account: AccountId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(two_factor::table.find(account))).get_result(conn)
}

fn record(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: AccountId,
    action: AuditAction,
    request_id: &str,
) -> QueryResult<()> {
    audit::record(
        conn,
        now,
        Event {
            org_id: None,
            actor_account_id: Some(account),
            action,
            subject: Subject::Account(account),
            details: audit::Details::None,
            request_id,
        },
    )
}

fn insert_codes(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: AccountId,
    digests: &[String],
) -> QueryResult<()> {
    // One row at a time: batch inserts are not in the backends' common subset.
    for d in digests {
        diesel::insert_into(codes::table)
            .values((
                codes::account_id.eq(account),
                codes::digest.eq(d.as_str()),
                codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What [`enable`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enabled {
    /// Turned on.
    On,
    /// It was on already (a second tab confirmed first): nothing changed.
    AlreadyOn,
    /// The account's e-mail address is not proved (made through a link handed to its inviter):
    /// whoever held the link could be enrolling, to keep the account from its owner. A link sent
    /// to the address proves it first (a password reset by e-mail).
    Unproven,
    /// The password changed since the request read the account (a reset ended its sessions while
    /// it was under way): nothing changed.
    Stale,
}

/// Turns two-factor sign-in on with a confirmed secret; `step` (the confirming code's) counts as
/// used. Under the account's lock (`accounts::lock`, taken first like every change of its
/// credentials): refused for an unproved address, and when the password is no longer the one
/// `account` was read with.
pub fn enable(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: &Account,
    sealed_secret: &str,
    step: i64,
    recovery_digests: &[String],
    request_id: &str,
) -> QueryResult<Enabled> {
    write_tx(conn, |c| {
        let locked = crate::domain::accounts::lock(c, account.id)?;
        if locked.email_unproven {
            return Ok(Enabled::Unproven);
        }
        if locked.password_hash != account.password_hash {
            return Ok(Enabled::Stale);
        }
        let account = account.id;
        if is_enabled(c, account)? {
            return Ok(Enabled::AlreadyOn);
        }
        diesel::insert_into(two_factor::table)
            .values((
                two_factor::account_id.eq(account),
                two_factor::secret.eq(sealed_secret),
                two_factor::last_step.eq(step),
                two_factor::enabled_at.eq(now),
            ))
            .execute(c)?;
        diesel::delete(codes::table.filter(codes::account_id.eq(account))).execute(c)?;
        insert_codes(c, now, account, recovery_digests)?;
        record(c, now, account, AuditAction::TwoFactorEnabled, request_id)?;
        // Sessions signed in with the password alone end (the caller's is written again).
        crate::db::sessions::delete_for_account(c, account)?;
        Ok(Enabled::On)
    })
}

/// Spends time step `step` of the account's codes: true for the first use of a step later than
/// every step used before, false otherwise. One conditional UPDATE, so of two parallel requests
/// with the same code exactly one gets true.
pub fn use_step(conn: &mut DbConnection, account: AccountId, step: i64) -> QueryResult<bool> {
    let n = diesel::update(
        two_factor::table
            .filter(two_factor::account_id.eq(account))
            .filter(two_factor::last_step.lt(step)),
    )
    .set(two_factor::last_step.eq(step))
    .execute(conn)?;
    Ok(n == 1)
}

/// Spends one recovery code (by digest): true once, false for an unknown or used code.
pub fn use_recovery(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: AccountId,
    digest: &str,
    request_id: &str,
) -> QueryResult<bool> {
    write_tx(conn, |c| {
        let n = diesel::update(
            codes::table
                .filter(codes::account_id.eq(account))
                .filter(codes::digest.eq(digest))
                .filter(codes::used_at.is_null()),
        )
        .set(codes::used_at.eq(now))
        .execute(c)?;
        if n == 1 {
            record(
                c,
                now,
                account,
                AuditAction::TwoFactorRecoveryUsed,
                request_id,
            )?;
        }
        Ok(n == 1)
    })
}

/// New recovery codes in place of all the old ones.
pub fn regenerate(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: AccountId,
    recovery_digests: &[String],
    request_id: &str,
) -> QueryResult<()> {
    write_tx(conn, |c| {
        crate::domain::accounts::lock(c, account)?;
        diesel::delete(codes::table.filter(codes::account_id.eq(account))).execute(c)?;
        insert_codes(c, now, account, recovery_digests)?;
        record(
            c,
            now,
            account,
            AuditAction::TwoFactorRecoveryRegenerated,
            request_id,
        )
    })
}

/// Turns two-factor sign-in off: the secret and the recovery codes are deleted, every session
/// of the account ends, and the account is told (by e-mail, or SMS to an account with only a
/// phone) in the same transaction. When it was already off (a second tab turned it off first)
/// nothing is recorded and nobody is told.
pub fn disable(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: AccountId,
    request_id: &str,
) -> QueryResult<()> {
    write_tx(conn, |c| turn_off(c, now, account, request_id).map(|_| ()))
}

/// [`disable`]'s work inside the caller's transaction, under the account's lock; whether it
/// was on.
pub fn turn_off(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: AccountId,
    request_id: &str,
) -> QueryResult<bool> {
    crate::domain::accounts::lock(conn, account)?;
    diesel::delete(codes::table.filter(codes::account_id.eq(account))).execute(conn)?;
    let n = diesel::delete(two_factor::table.find(account)).execute(conn)?;
    if n == 1 {
        record(
            conn,
            now,
            account,
            AuditAction::TwoFactorDisabled,
            request_id,
        )?;
        jobs::enqueue(
            conn,
            now,
            &Job::TwoFactorDisabled {
                account_id: account,
                disabled_at: now.assume_utc().unix_timestamp(),
            },
        )?;
        // As when it is turned on or the password changes: every session ends (the caller's
        // is written again under a new id).
        crate::db::sessions::delete_for_account(conn, account)?;
    }
    Ok(n == 1)
}

/// Whether the platform's policy requires two-factor sign-in of this account: operators when the
/// operator said so, and admins of any organisation they are an active member of.
/// Takes the account as already loaded (its operator flag is on it): this runs on every
/// signed-in request.
pub fn required(conn: &mut DbConnection, account: &Account) -> QueryResult<bool> {
    let policy = settings::two_factor_policy(conn)?;
    if policy.operators && account.is_operator {
        return Ok(true);
    }
    if policy.admins {
        let admin: bool = diesel::select(diesel::dsl::exists(
            members::table
                .filter(members::account_id.eq(account.id))
                .filter(members::is_admin.eq(true))
                .filter(members::invite_status.eq(MemberStatus::Active)),
        ))
        .get_result(conn)?;
        return Ok(admin);
    }
    Ok(false)
}

/// The account must enrol before doing anything else: required and not enrolled.
pub fn must_enrol(conn: &mut DbConnection, account: &Account) -> QueryResult<bool> {
    Ok(required(conn, account)? && !is_enabled(conn, account.id)?)
}
