//! An organisation's own settings (docs/PRODUCT.md §2): who may invite, how long invitation
//! links live (capped by the platform), the mobile-app link per member kind shown in invitation
//! and welcome e-mails, the default personal message and the default language of messages.
//! Tightening who may invite revokes the open invitations it no longer allows.

use super::audit::{self, Event, OrgSettingChange};
use super::invitations::{self, LostRight};
use super::{Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, InvitePolicy, Language, MemberKind};
use crate::db::ids::{AccountId, OrgId};
use crate::db::models::Organisation;
use crate::db::schema::organisations;
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// The longest default personal message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// The longest app link, in characters.
pub const MAX_URL_CHARS: usize = 500;

/// The settings as the form edits them; every value already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSettings {
    pub invite_policy: InvitePolicy,
    pub lifetime_hours: i32,
    pub employee_app_url: Option<String>,
    pub customer_app_url: Option<String>,
    pub default_message: String,
    pub default_locale: Language,
}

impl OrgSettings {
    pub fn of(org: &Organisation) -> OrgSettings {
        OrgSettings {
            invite_policy: org.invite_policy,
            lifetime_hours: org.invitation_lifetime_hours,
            employee_app_url: org.employee_app_url.clone(),
            customer_app_url: org.customer_app_url.clone(),
            default_message: org.default_message.clone(),
            default_locale: org.default_locale,
        }
    }

    /// What changed, for the audit trail ("invite_policy=admins_only lifetime_hours=48").
    fn changes_from(&self, old: &OrgSettings) -> Vec<OrgSettingChange> {
        let mut out = Vec::new();
        if self.invite_policy != old.invite_policy {
            out.push(OrgSettingChange::InvitePolicy(self.invite_policy));
        }
        if self.lifetime_hours != old.lifetime_hours {
            out.push(OrgSettingChange::LifetimeHours(self.lifetime_hours));
        }
        if self.employee_app_url != old.employee_app_url {
            out.push(OrgSettingChange::EmployeeAppUrl);
        }
        if self.customer_app_url != old.customer_app_url {
            out.push(OrgSettingChange::CustomerAppUrl);
        }
        if self.default_message != old.default_message {
            out.push(OrgSettingChange::DefaultMessage);
        }
        if self.default_locale != old.default_locale {
            out.push(OrgSettingChange::DefaultLocale(self.default_locale));
        }
        out
    }
}

/// The app link shown to members of `kind`.
pub fn app_url(org: &Organisation, kind: MemberKind) -> Option<&str> {
    match kind {
        MemberKind::Employee => org.employee_app_url.as_deref(),
        MemberKind::Customer => org.customer_app_url.as_deref(),
    }
}

/// An app link that is not an `https://` URL with a host.
/// Why an app link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadAppUrl {
    /// Not an `https://` link with a host, or with spaces or control characters.
    Malformed,
    /// Longer than [`MAX_URL_CHARS`].
    TooLong,
}

/// An app link as typed: empty is none; otherwise an `https://` URL with a host and no spaces
/// or control characters, at most [`MAX_URL_CHARS`] long.
pub fn parse_app_url(input: &str) -> Result<Option<String>, BadAppUrl> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let rest = s
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &s[8..])
        .ok_or(BadAppUrl::Malformed)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let clean = !s
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\');
    if !(host_ok && clean) {
        Err(BadAppUrl::Malformed)
    } else if s.chars().count() > MAX_URL_CHARS {
        Err(BadAppUrl::TooLong)
    } else {
        Ok(Some(format!("https://{rest}")))
    }
}

/// Whether `hours` is an allowed lifetime under the platform's maximum.
pub fn lifetime_allowed(hours: i32, max_hours: i32) -> bool {
    (1..=max_hours).contains(&hours)
}

/// How many open invitations saving `policy` would revoke (those sent by members who are not
/// admins, when the policy tightens to admins only); expired ones are revoked too, not counted.
pub fn revocations_for(
    conn: &mut DbConnection,
    org: &Organisation,
    policy: InvitePolicy,
    now: PrimitiveDateTime,
) -> QueryResult<usize> {
    if !tightens(org.invite_policy, policy) {
        return Ok(0);
    }
    Ok(invitations::open_from_non_admins(conn, org.id, now)?
        .iter()
        .filter(|(_, _, open)| *open)
        .count())
}

fn tightens(old: InvitePolicy, new: InvitePolicy) -> bool {
    old == InvitePolicy::Everyone && new == InvitePolicy::AdminsOnly
}

/// What saving the settings did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// Some setting differs from what was stored.
    pub changed: bool,
    /// Open invitations revoked because the policy tightened.
    pub revoked: usize,
}

/// Saves the settings in one transaction; tightening the policy revokes (and audits) the open
/// invitations of every inviter who lost the right.
pub fn save(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    new: &OrgSettings,
    max_hours: i32,
) -> DomainResult<Saved> {
    if !lifetime_allowed(new.lifetime_hours, max_hours) {
        return Err(DomainError::Conflict("lifetime_hours"));
    }
    write_tx(conn, |conn| {
        let org = super::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
        let old = OrgSettings::of(&org);
        diesel::update(organisations::table.find(org_id))
            .set((
                organisations::invite_policy.eq(new.invite_policy),
                organisations::invitation_lifetime_hours.eq(new.lifetime_hours),
                organisations::employee_app_url.eq(&new.employee_app_url),
                organisations::customer_app_url.eq(&new.customer_app_url),
                organisations::default_message.eq(&new.default_message),
                organisations::default_locale.eq(new.default_locale),
            ))
            .execute(conn)?;
        let mut revoked = 0;
        if tightens(old.invite_policy, new.invite_policy) {
            let mut inviters: Vec<AccountId> =
                invitations::open_from_non_admins(conn, org_id, now)?
                    .into_iter()
                    .map(|(_, inviter, _)| inviter)
                    .collect();
            inviters.sort();
            inviters.dedup();
            for inviter in inviters {
                revoked += invitations::revoke_from_inviter(
                    conn,
                    now,
                    actor,
                    Some(org_id),
                    inviter,
                    LostRight::AdminsOnly,
                )?;
            }
        }
        let changes = new.changes_from(&old);
        let changed = !changes.is_empty();
        if changed {
            audit::record(
                conn,
                now,
                Event {
                    org_id: Some(org_id),
                    actor_account_id: Some(actor.account_id),
                    action: AuditAction::OrgSettingsChanged,
                    subject: audit::Subject::None,
                    details: audit::Details::OrgSettings { changes },
                    request_id: &actor.request_id,
                },
            )?;
        }
        Ok(Saved { changed, revoked })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_urls_are_https_with_a_host() {
        assert_eq!(parse_app_url("  "), Ok(None));
        assert_eq!(
            parse_app_url(" https://apps.example.com/field?x=1 "),
            Ok(Some("https://apps.example.com/field?x=1".into()))
        );
        assert_eq!(
            parse_app_url("HTTPS://play.example/app"),
            Ok(Some("https://play.example/app".into()))
        );
        for bad in [
            "http://apps.example.com",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://user@evil.example",
            "https://a b.example",
            "https://a.example/x\ny",
            "apps.example.com",
            "//apps.example.com",
        ] {
            assert_eq!(parse_app_url(bad), Err(BadAppUrl::Malformed), "{bad:?}");
        }
        assert_eq!(
            parse_app_url(&format!("https://a.example/{}", "x".repeat(500))),
            Err(BadAppUrl::TooLong)
        );
    }

    #[test]
    fn lifetime_is_capped() {
        assert!(lifetime_allowed(1, 168));
        assert!(lifetime_allowed(168, 168));
        assert!(!lifetime_allowed(169, 168));
        assert!(!lifetime_allowed(0, 168));
    }
}
