//! The platform's general settings as the operator's form sets them: the verification method,
//! the default phone region, the default invitation lifetime of new organisations and who must
//! use two-factor sign-in. Stored under the keys of [`super::settings`]; every value that
//! changes is audited (old → new). The SMS policy is saved by [`super::sms_policy`].

use super::settings::{self, Key, VerificationMethod};
use super::sms_policy::{self, SmsPolicy};
use super::Actor;
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::PrimitiveDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct General {
    pub method: VerificationMethod,
    /// A region code such as `RU`; `None`: numbers need their country code.
    pub phone_region: Option<phonenumber::country::Id>,
    pub lifetime_hours: i32,
    pub two_factor: settings::TwoFactorPolicy,
}

fn flag(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// A region code that names no region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownRegion;

/// Reads a region code (`ru`, ` RU `); empty is `Ok(None)`, anything unknown is `Err`.
pub fn parse_region(text: &str) -> Result<Option<phonenumber::country::Id>, UnknownRegion> {
    let text = text.trim().to_uppercase();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| UnknownRegion)
}

/// The stored values, with the defaults of unset keys (`fallback_hours`: the lifetime while the
/// operator has set none).
pub fn load(conn: &mut DbConnection, fallback_hours: i32) -> QueryResult<General> {
    Ok(General {
        method: settings::verification_method(conn)?,
        phone_region: settings::default_phone_region(conn)?,
        lifetime_hours: settings::default_lifetime_hours(conn, fallback_hours)?,
        two_factor: settings::two_factor_policy(conn)?,
    })
}

/// The text a region is stored and shown as (`RU`; empty for none).
pub fn region_code(region: Option<phonenumber::country::Id>) -> String {
    region.map(|r| r.as_ref().to_owned()).unwrap_or_default()
}

/// What the operator's settings form posts: the verification method, which the form always
/// sends, and every other value as `Some` when it was posted (checked) and `None` to keep what
/// is stored — read inside the saving transaction, never before it, so a field one operator
/// left out cannot undo another operator's change made in between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub method: VerificationMethod,
    pub phone_region: Option<Option<phonenumber::country::Id>>,
    pub lifetime_hours: Option<i32>,
    pub two_factor_operators: Option<bool>,
    pub two_factor_admins: Option<bool>,
    pub sms_countries: Option<Vec<String>>,
    pub sms_platform_cap: Option<Option<i64>>,
    pub sms_org_cap: Option<Option<i64>>,
}

impl Edit {
    /// The general settings and the SMS policy with this edit applied to `old`.
    fn applied(&self, old: &General, sms: &SmsPolicy) -> (General, SmsPolicy) {
        let general = General {
            method: self.method,
            phone_region: self.phone_region.unwrap_or(old.phone_region),
            lifetime_hours: self.lifetime_hours.unwrap_or(old.lifetime_hours),
            two_factor: settings::TwoFactorPolicy {
                operators: self
                    .two_factor_operators
                    .unwrap_or(old.two_factor.operators),
                admins: self.two_factor_admins.unwrap_or(old.two_factor.admins),
            },
        };
        let policy = SmsPolicy {
            countries: self
                .sms_countries
                .clone()
                .unwrap_or_else(|| sms.countries.clone()),
            platform_cap: self.sms_platform_cap.unwrap_or(sms.platform_cap),
            org_cap: self.sms_org_cap.unwrap_or(sms.org_cap),
        };
        (general, policy)
    }
}

/// Applies the edit to the settings and the SMS policy as stored, in one transaction; each
/// value that changes is stored and audited. Returns how many changed.
pub fn save(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    fallback_hours: i32,
    edit: &Edit,
) -> QueryResult<usize> {
    write_tx(conn, |conn| {
        let old = load(conn, fallback_hours)?;
        let old_sms = sms_policy::load(conn)?;
        let (new, new_sms) = edit.applied(&old, &old_sms);
        let changes = [
            (
                Key::VerificationMethod,
                old.method.as_str().to_owned(),
                new.method.as_str().to_owned(),
            ),
            (
                Key::DefaultPhoneRegion,
                region_code(old.phone_region),
                region_code(new.phone_region),
            ),
            (
                Key::DefaultLifetimeHours,
                old.lifetime_hours.to_string(),
                new.lifetime_hours.to_string(),
            ),
            (
                Key::TwoFactorOperators,
                flag(old.two_factor.operators).to_owned(),
                flag(new.two_factor.operators).to_owned(),
            ),
            (
                Key::TwoFactorAdmins,
                flag(old.two_factor.admins).to_owned(),
                flag(new.two_factor.admins).to_owned(),
            ),
        ];
        let general = settings::store_changes(conn, now, actor, changes)?;
        Ok(general + sms_policy::store(conn, now, actor, &old_sms, &new_sms)?)
    })
}
