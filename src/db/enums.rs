//! The vocabulary stored in text columns — states, channels, kinds, reasons, audit actions —
//! as types. Each enum has one `as_str`/`parse` pair, is stored as its `as_str` text on both
//! backends (Diesel `ToSql`/`FromSql` for `Text`), and is listed in a `CHECK` constraint
//! (migration `2026-12-02-000005_typed_states`). Those shown to people carry their
//! translation key, so a new variant cannot be shown untranslated (a test checks both
//! locales for every key). This is the only file that spells these words.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

// `text_enum!` is declared in `db/text_enum.rs`; it expands to code that uses the imports
// above.

text_enum! {
    /// Where a member (a card of an organisation) stands with invitations.
    pub enum MemberStatus {
        NotInvited = "not_invited" => "status-not-invited",
        /// An invitation is queued.
        Waiting = "waiting" => "status-waiting",
        /// The invitation left; its link works.
        Invited = "invited" => "status-invited",
        /// The invitation could not be sent; see the member's `invite_error`.
        Error = "error" => "status-error",
        /// The invitation was accepted; the member belongs to an account.
        Active = "active" => "status-active",
    }
}

text_enum! {
    /// An invitation's stored state. `expired` is not stored: it is a pending invitation past
    /// its expiry (see [`ShownStatus`]).
    pub enum InvitationStatus {
        /// Waiting for a delivery worker.
        Queued = "queued",
        /// Sent; the link works until it expires.
        Pending = "pending",
        Accepted = "accepted",
        /// Revoked by an admin, or replaced by a newer invitation (then `replaced_by` is set).
        Revoked = "revoked",
        /// Delivery failed; see the invitation's `error`.
        Failed = "failed",
    }
}

impl InvitationStatus {
    /// Queued or pending: the invitation still holds a seat and can be revoked.
    pub const OPEN: [InvitationStatus; 2] = [InvitationStatus::Queued, InvitationStatus::Pending];

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

text_enum! {
    /// An invitation's status as shown to admins: the stored one, with `expired` derived from
    /// the clock and `replaced` from `replaced_by`. Also the invitations list's filter. Its
    /// labels speak of the invitation (docs/PRODUCT.md §2.7: queued, pending, expired,
    /// accepted…), not of the person as the users table's do ("User invited", "Active").
    pub enum ShownStatus {
        Queued = "queued" => "istatus-queued",
        Pending = "pending" => "istatus-pending",
        Expired = "expired" => "istatus-expired",
        Accepted = "accepted" => "istatus-accepted",
        Revoked = "revoked" => "istatus-revoked",
        /// Revoked or failed, and replaced by a newer invitation (a resend or a renewal).
        Replaced = "replaced" => "istatus-replaced",
        Failed = "failed" => "istatus-failed",
    }
}

impl ShownStatus {
    /// `replaced`: a newer invitation replaced this one (`replaced_by` is set).
    pub fn of(status: InvitationStatus, expired: bool, replaced: bool) -> ShownStatus {
        match status {
            InvitationStatus::Pending if expired => ShownStatus::Expired,
            InvitationStatus::Pending => ShownStatus::Pending,
            InvitationStatus::Queued => ShownStatus::Queued,
            InvitationStatus::Accepted => ShownStatus::Accepted,
            InvitationStatus::Revoked | InvitationStatus::Failed if replaced => {
                ShownStatus::Replaced
            }
            InvitationStatus::Revoked => ShownStatus::Revoked,
            InvitationStatus::Failed => ShownStatus::Failed,
        }
    }
    /// Queued or pending (and not expired): can be revoked.
    pub fn is_open(self) -> bool {
        matches!(self, ShownStatus::Queued | ShownStatus::Pending)
    }
    /// Can be sent again (a replaced one has a newer invitation to resend instead).
    pub fn is_resendable(self) -> bool {
        matches!(
            self,
            ShownStatus::Pending
                | ShownStatus::Expired
                | ShownStatus::Failed
                | ShownStatus::Revoked
        )
    }
    /// Expired: offered a one-click renewal (a new link, same terms).
    pub fn is_renewable(self) -> bool {
        self == ShownStatus::Expired
    }
}

text_enum! {
    /// How an invitation reaches its recipient.
    pub enum Channel {
        Email = "email" => "channel-email",
        Sms = "sms" => "channel-sms",
    }
}

text_enum! {
    /// What a member is to the organisation.
    pub enum MemberKind {
        Employee = "employee" => "kind-employee",
        Customer = "customer" => "kind-customer",
    }
}

text_enum! {
    /// Our own reasons for not inviting or not delivering: shown translated, stored as the
    /// code in a member's `invite_error` and an invitation's `error` (see [`Problem`]).
    pub enum Reason {
        /// Neither an e-mail address nor a phone number.
        NoContact = "no_contact" => "reason-no-contact",
        /// Only a phone, and the platform verifies by e-mail only.
        NoEmailEmailOnly = "no_email_email_only" => "reason-no-email-email-only",
        /// Skipped: the member already accepted (never stored).
        AlreadyActive = "already_active" => "reason-already-active",
        MalformedEmail = "malformed_email" => "reason-malformed-email",
        PhoneNoCountryCode = "phone_no_country_code" => "reason-phone-no-country-code",
        MalformedPhone = "malformed_phone" => "reason-malformed-phone",
        /// The SMS's destination country is not on the platform's list.
        SmsCountryNotAllowed = "sms_country_not_allowed" => "reason-sms-country-not-allowed",
        /// Today's SMS cap (the organisation's or the platform's) is used up.
        SmsDailyCap = "sms_daily_cap" => "reason-sms-daily-cap",
        /// The message could not be prepared (details in the log).
        Internal = "internal_error" => "reason-internal-error",
    }
}

pub use super::problem::Problem;

text_enum! {
    /// What the audit trail records (`audit_events.action`) and the audit log lines say; the
    /// audit page shows each by its label.
    pub enum AuditAction {
        OrgCreated = "org.created" => "audit-org-created",
        MemberCreated = "member.created" => "audit-member-created",
        MemberUpdated = "member.updated" => "audit-member-updated",
        InvitationCreated = "invitation.created" => "audit-invitation-created",
        InvitationResent = "invitation.resent" => "audit-invitation-resent",
        InvitationAccepted = "invitation.accepted" => "audit-invitation-accepted",
        InvitationRevoked = "invitation.revoked" => "audit-invitation-revoked",
        /// An expired invitation renewed with one click: a new link, the same terms.
        InvitationRenewed = "invitation.renewed" => "audit-invitation-renewed",
        InvitationFailed = "invitation.failed" => "audit-invitation-failed",
        /// A wrong invitation link (log only).
        InvitationUnknownToken = "invitation.unknown_token" => "audit-invitation-unknown-token",
        /// An acceptance refused: the link expired, was used or revoked, its organisation is
        /// disabled, or another account is signed in (log only).
        AcceptRefused = "invitation.accept_refused" => "audit-accept-refused",
        /// A wrong operator setup link (log only).
        SetupUnknownToken = "setup.unknown_token" => "audit-setup-unknown-token",
        /// A wrong forgotten-password link (log only).
        ResetUnknownToken = "account.password_reset_unknown_token" => "audit-reset-unknown-token",
        /// A request refused by a throttle with 429: sign-in, second factor, links, reset
        /// requests (log only).
        Throttled = "limit.throttled" => "audit-throttled",
        /// A batch refused by the inviter's daily limit.
        LimitDaily = "limit.daily" => "audit-limit-daily",
        /// A batch refused by the organisation's seats.
        LimitSeats = "limit.seats" => "audit-limit-seats",
        /// The platform's settings.
        SettingsChanged = "settings.changed" => "audit-settings-changed",
        /// An organisation's settings (`/admin/settings`).
        OrgSettingsChanged = "org.settings_changed" => "audit-org-settings-changed",
        /// An operator edited an organisation (`/platform/orgs/{id}`).
        OrgUpdated = "org.updated" => "audit-org-updated",
        /// An operator disabled an organisation; its open invitations were revoked.
        OrgDisabled = "org.disabled" => "audit-org-disabled",
        OrgEnabled = "org.enabled" => "audit-org-enabled",
        /// An operator disabled an account (`/platform/accounts/{id}`): its sessions ended and
        /// the invitations it sent that were still open were revoked.
        AccountDisabled = "account.disabled" => "audit-account-disabled",
        AccountEnabled = "account.enabled" => "audit-account-enabled",
        RoleCreated = "role.created" => "audit-role-created",
        RoleRenamed = "role.renamed" => "audit-role-renamed",
        RoleDeleted = "role.deleted" => "audit-role-deleted",
        DepartmentCreated = "department.created" => "audit-department-created",
        DepartmentRenamed = "department.renamed" => "audit-department-renamed",
        DepartmentDeleted = "department.deleted" => "audit-department-deleted",
        /// The roles of a member were changed on the card.
        MemberRolesChanged = "member.roles_changed" => "audit-member-roles-changed",
        /// A member left the organisation (two confirmations on `/account/leave/{org_id}`).
        MemberLeft = "member.left" => "audit-member-left",
        /// An admin removed a member from the organisation.
        MemberRemoved = "member.removed" => "audit-member-removed",
        /// An admin deleted a card that was not a member (its invitations with it).
        MemberDeleted = "member.deleted" => "audit-member-deleted",
        /// An active member was made an administrator of the organisation.
        MemberAdminGranted = "member.admin_granted" => "audit-member-admin-granted",
        /// An administrator's rights were taken away (they stay a member).
        MemberAdminRevoked = "member.admin_revoked" => "audit-member-admin-revoked",
        /// An admin committed a CSV import (its rows are written in chunks).
        ImportCommitted = "import.committed" => "audit-import-committed",
        /// The last chunk of an import was written.
        ImportFinished = "import.finished" => "audit-import-finished",
        OperatorCreated = "operator.created" => "audit-operator-created",
        OperatorGranted = "operator.granted" => "audit-operator-granted",
        /// A setup link used by the wrong account (log only).
        OperatorGrantRefused = "operator.grant_refused" => "audit-operator-grant-refused",
        /// Log only.
        SigninOk = "signin.ok" => "audit-signin-ok",
        SigninFailed = "signin.failed" => "audit-signin-failed",
        /// Log only.
        Signout = "signout" => "audit-signout",
        /// A form without a valid CSRF token (log only).
        CsrfRefused = "csrf.refused" => "audit-csrf-refused",
        /// A cross-site unsafe request (log only).
        OriginRefused = "origin.refused" => "audit-origin-refused",
        /// The account's own password changed from `/account`.
        PasswordChanged = "account.password_changed" => "audit-password-changed",
        /// A forgotten-password link asked for (subject: the account, or none when no account
        /// matched what was typed).
        PasswordResetRequested = "account.password_reset_requested" => "audit-password-reset-requested",
        /// A password set through a forgotten-password link.
        PasswordReset = "account.password_reset" => "audit-password-reset",
        /// Two-factor sign-in turned on (the first code confirmed).
        TwoFactorEnabled = "two_factor.enabled" => "audit-two-factor-enabled",
        TwoFactorDisabled = "two_factor.disabled" => "audit-two-factor-disabled",
        /// New recovery codes; the old ones no longer work.
        TwoFactorRecoveryRegenerated = "two_factor.recovery_regenerated" => "audit-two-factor-recovery-regenerated",
        /// A one-time recovery code used at sign-in.
        TwoFactorRecoveryUsed = "two_factor.recovery_used" => "audit-two-factor-recovery-used",
        /// An admin downloaded the users table as CSV (`/admin/users/export.csv`); the filter
        /// is in the details.
        UsersExported = "users.exported" => "audit-users-exported",
    }
}

text_enum! {
    /// Who may invite in an organisation (`organisations.invite_policy`).
    pub enum InvitePolicy {
        /// Admins, and members without the admin-only options (the default).
        Everyone = "everyone" => "invite-policy-everyone",
        AdminsOnly = "admins_only" => "invite-policy-admins-only",
    }
}

text_enum! {
    /// A language messages can be written in (`organisations.default_locale`).
    pub enum Language {
        En = "en" => "language-en",
        Ru = "ru" => "language-ru",
    }
}

impl Language {
    pub fn lang(self) -> crate::i18n::Lang {
        match self {
            Language::En => crate::i18n::Lang::En,
            Language::Ru => crate::i18n::Lang::Ru,
        }
    }

    /// The language's name in itself ("Русский" on an English page too), for a choice of
    /// language: found by its reader whatever the page's language.
    pub fn own_name(self) -> String {
        crate::i18n::tr(self.lang(), "invite-language-name")
    }
}

/// Every enum shown to people, as (name, [(variant's text, its translation key)]): the locale
/// test checks each key in every language. Add a new shown enum here.
pub fn labelled() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    vec![
        ("MemberStatus", MemberStatus::labels()),
        ("ShownStatus", ShownStatus::labels()),
        ("Channel", Channel::labels()),
        ("MemberKind", MemberKind::labels()),
        ("Reason", Reason::labels()),
        ("AuditAction", AuditAction::labels()),
        ("InvitePolicy", InvitePolicy::labels()),
        ("Language", Language::labels()),
        (
            "ImportOutcome",
            super::import_enums::ImportOutcome::labels(),
        ),
        (
            "ImportProblem",
            super::import_enums::ImportProblem::labels(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_parses_back() {
        macro_rules! round_trip {
            ($($e:ident),+) => {$(
                for v in $e::ALL {
                    assert_eq!($e::parse(v.as_str()), Some(*v));
                }
            )+};
        }
        round_trip!(
            MemberStatus,
            InvitationStatus,
            ShownStatus,
            Channel,
            MemberKind,
            Reason,
            AuditAction,
            InvitePolicy,
            Language
        );
        assert_eq!(MemberStatus::parse("Active"), None);
        assert_eq!(MemberStatus::parse(""), None);
    }

    #[test]
    fn problems_say_whose_words_they_are() {
        let ours = Problem::Reason(Reason::SmsDailyCap);
        assert_eq!(ours.encode(), "sms_daily_cap");
        assert_eq!(Problem::decode("sms_daily_cap"), Some(ours));
        // A server that happens to answer with one of our codes is still the server.
        let theirs = Problem::server("no_contact");
        assert_eq!(theirs.encode(), "server:no_contact");
        assert_eq!(Problem::decode("server:no_contact"), Some(theirs));
        assert_eq!(
            Problem::decode("server:550 mailbox unavailable"),
            Some(Problem::Server("550 mailbox unavailable".into()))
        );
        assert_eq!(Problem::decode("550 mailbox unavailable"), None);
        // The mail server's configuration: under `server:`, which the CHECK admits.
        let setup = Problem::mail_setup("535 5.7.8 bad credentials");
        assert_eq!(setup.encode(), "server:setup:535 5.7.8 bad credentials");
        assert_eq!(Problem::decode(&setup.encode()), Some(setup));
        assert_eq!(
            Problem::decode("server:setup:"),
            Some(Problem::MailSetup(String::new()))
        );
        let gateway = Problem::sms_setup("503");
        assert_eq!(gateway.encode(), "server:sms-setup:503");
        assert_eq!(Problem::decode(&gateway.encode()), Some(gateway));
        assert_eq!(
            Problem::decode("server:sms-setup:"),
            Some(Problem::SmsSetup(String::new()))
        );
        assert_eq!(Problem::server(&"x".repeat(900)).encode().len(), 7 + 500);
    }

    #[test]
    fn shown_status_derives_expired() {
        assert_eq!(
            ShownStatus::of(InvitationStatus::Pending, true, false),
            ShownStatus::Expired
        );
        assert_eq!(
            ShownStatus::of(InvitationStatus::Failed, true, false),
            ShownStatus::Failed
        );
        assert_eq!(
            ShownStatus::of(InvitationStatus::Revoked, false, true),
            ShownStatus::Replaced
        );
        assert_eq!(
            ShownStatus::of(InvitationStatus::Revoked, false, false),
            ShownStatus::Revoked
        );
        for s in InvitationStatus::ALL {
            assert!(ShownStatus::parse(s.as_str()).is_some(), "{s}");
        }
    }
}
