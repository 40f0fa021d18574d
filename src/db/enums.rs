//! The vocabulary stored in text columns — states, channels, kinds, reasons, audit actions —
//! as types. Each enum has one `as_str`/`parse` pair, is stored as its `as_str` text on both
//! backends (Diesel `ToSql`/`FromSql` for `Text`), and is listed in a `CHECK` constraint
//! (migration `2026-12-02-000005_typed_states`). Those shown to people carry their
//! translation key, so a new variant cannot be shown untranslated (a test checks both
//! locales for every key). This is the only file that spells these words.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;

/// Declares a text enum: `Variant = "stored text"` (optionally `=> "translation-key"`), with
/// `ALL`, `as_str`, `parse`, `Display` and Diesel's `ToSql`/`FromSql` for `Text`.
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal $(=> $key:literal)?),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The variant stored as `s`, if any.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        text_enum!(@labels $name { $($variant $(=> $key)?),+ });

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $name
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $name
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let text = String::from_sql(bytes)?;
                Self::parse(&text)
                    .ok_or_else(|| format!("unknown {}: {text:?}", stringify!($name)).into())
            }
        }
    };
    // Every variant has a key: the enum is shown to people.
    (@labels $name:ident { $($variant:ident => $key:literal),+ }) => {
        impl $name {
            /// The translation key of the variant's label (present in every locale).
            pub fn label_key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            /// (stored text, translation key) of every variant.
            pub fn labels() -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.as_str(), v.label_key())).collect()
            }
        }
    };
    // No keys: the enum is never shown as such.
    (@labels $name:ident { $($variant:ident),+ }) => {};
}

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
        /// Revoked by an admin or replaced by a newer invitation.
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
    /// the clock. Also the invitations list's filter.
    pub enum ShownStatus {
        Queued = "queued" => "istatus-queued",
        Pending = "pending" => "istatus-pending",
        Expired = "expired" => "istatus-expired",
        Accepted = "accepted" => "istatus-accepted",
        Revoked = "revoked" => "istatus-revoked",
        Failed = "failed" => "istatus-failed",
    }
}

impl ShownStatus {
    pub fn of(status: InvitationStatus, expired: bool) -> ShownStatus {
        match status {
            InvitationStatus::Pending if expired => ShownStatus::Expired,
            InvitationStatus::Pending => ShownStatus::Pending,
            InvitationStatus::Queued => ShownStatus::Queued,
            InvitationStatus::Accepted => ShownStatus::Accepted,
            InvitationStatus::Revoked => ShownStatus::Revoked,
            InvitationStatus::Failed => ShownStatus::Failed,
        }
    }
    /// Queued or pending (and not expired): can be revoked.
    pub fn is_open(self) -> bool {
        matches!(self, ShownStatus::Queued | ShownStatus::Pending)
    }
    /// Can be sent again.
    pub fn is_resendable(self) -> bool {
        matches!(
            self,
            ShownStatus::Pending
                | ShownStatus::Expired
                | ShownStatus::Failed
                | ShownStatus::Revoked
        )
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

/// Why an invitation failed, as stored: one of our [`Reason`]s (stored as its code, shown
/// translated), or a server's own words (e.g. "550 mailbox unavailable", stored with the
/// prefix `server:` and shown exactly as they came). The prefix says which it is; nothing is
/// guessed from the text.
#[derive(Debug, Clone, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Problem {
    Reason(Reason),
    Server(String),
}

impl Problem {
    pub const SERVER_PREFIX: &'static str = "server:";
    /// Server words are cut to this many characters.
    pub const MAX_SERVER_CHARS: usize = 500;

    /// A server's reply or an error text, cut to `MAX_SERVER_CHARS`.
    pub fn server(words: &str) -> Problem {
        Problem::Server(words.chars().take(Self::MAX_SERVER_CHARS).collect())
    }

    /// Our code, or the server's words as they came (for logs and the audit trail).
    pub fn as_str(&self) -> &str {
        match self {
            Problem::Reason(r) => r.as_str(),
            Problem::Server(words) => words,
        }
    }

    /// The stored text.
    pub fn encode(&self) -> String {
        match self {
            Problem::Reason(r) => r.as_str().to_owned(),
            Problem::Server(words) => format!("{}{words}", Self::SERVER_PREFIX),
        }
    }

    pub fn decode(stored: &str) -> Option<Problem> {
        match stored.strip_prefix(Self::SERVER_PREFIX) {
            Some(words) => Some(Problem::Server(words.to_owned())),
            None => Reason::parse(stored).map(Problem::Reason),
        }
    }
}

impl From<Reason> for Problem {
    fn from(r: Reason) -> Problem {
        Problem::Reason(r)
    }
}

impl ToSql<Text, diesel::pg::Pg> for Problem {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, diesel::pg::Pg>) -> serialize::Result {
        use std::io::Write;
        out.write_all(self.encode().as_bytes())?;
        Ok(IsNull::No)
    }
}

impl ToSql<Text, diesel::sqlite::Sqlite> for Problem {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, diesel::sqlite::Sqlite>) -> serialize::Result {
        out.set_value(self.encode());
        Ok(IsNull::No)
    }
}

impl ToSql<Text, super::MultiBackend> for Problem {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, super::MultiBackend>) -> serialize::Result {
        out.set_value((Text, self));
        Ok(IsNull::No)
    }
}

impl<DB: Backend> FromSql<Text, DB> for Problem
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let text = String::from_sql(bytes)?;
        Problem::decode(&text).ok_or_else(|| format!("unknown Problem: {text:?}").into())
    }
}

text_enum! {
    /// What the audit trail records (`audit_events.action`) and the audit log lines say.
    pub enum AuditAction {
        OrgCreated = "org.created",
        MemberCreated = "member.created",
        MemberUpdated = "member.updated",
        InvitationCreated = "invitation.created",
        InvitationResent = "invitation.resent",
        InvitationAccepted = "invitation.accepted",
        InvitationRevoked = "invitation.revoked",
        InvitationFailed = "invitation.failed",
        /// A wrong invitation link (log only).
        InvitationUnknownToken = "invitation.unknown_token",
        /// A batch refused by the inviter's daily limit.
        LimitDaily = "limit.daily",
        /// A batch refused by the organisation's seats.
        LimitSeats = "limit.seats",
        SettingsChanged = "settings.changed",
        RoleCreated = "role.created",
        RoleRenamed = "role.renamed",
        RoleDeleted = "role.deleted",
        DepartmentRenamed = "department.renamed",
        DepartmentDeleted = "department.deleted",
        /// The roles of a member were changed on the card.
        MemberRolesChanged = "member.roles_changed",
        OperatorCreated = "operator.created",
        OperatorGranted = "operator.granted",
        /// A setup link used by the wrong account (log only).
        OperatorGrantRefused = "operator.grant_refused",
        /// Log only.
        SigninOk = "signin.ok",
        SigninFailed = "signin.failed",
        /// Log only.
        Signout = "signout",
        /// A form without a valid CSRF token (log only).
        CsrfRefused = "csrf.refused",
        /// A cross-site unsafe request (log only).
        OriginRefused = "origin.refused",
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
            AuditAction
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
        assert_eq!(Problem::server(&"x".repeat(900)).encode().len(), 7 + 500);
    }

    #[test]
    fn shown_status_derives_expired() {
        assert_eq!(
            ShownStatus::of(InvitationStatus::Pending, true),
            ShownStatus::Expired
        );
        assert_eq!(
            ShownStatus::of(InvitationStatus::Failed, true),
            ShownStatus::Failed
        );
        for s in InvitationStatus::ALL {
            assert!(ShownStatus::parse(s.as_str()).is_some(), "{s}");
        }
    }
}
