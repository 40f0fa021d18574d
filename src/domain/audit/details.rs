//! What an audit event says beyond its action and subject, stored as data (JSON in
//! `audit_events.details`) and put into words only when a page shows it, in that page's
//! language (`web::audit_details`). Nothing here is prose: names are the names as they were,
//! numbers are numbers, reasons are enums.

use crate::db::enums::{Channel, InvitePolicy, Language, MemberKind, MemberStatus, Problem};
use crate::db::ids::{AccountId, ImportId};
use crate::domain::invitations::LostRight;
use crate::domain::settings::Key;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Details {
    /// The action and its subject say it all (stored as an empty text).
    None,
    /// How an invitation or a password reset went out.
    Channel { channel: Channel },
    /// A password reset was asked for a sign-in no account has.
    NoAccount,
    /// Where a wrong password or code was typed.
    SignIn { via: SignInVia },
    /// A password change ended the account's other sessions.
    SessionsEnded { count: i64 },
    /// The account a card belonged to when the membership ended.
    Account { account: AccountId },
    /// The card's e-mail or phone changed while invited: its open invitation was withdrawn.
    ContactChanged,
    /// The card was created by inviting a new address on the invite form.
    InviteForm,
    /// A role or department renamed.
    Renamed { from: String, to: String },
    /// A role or department deleted, with what it still reached.
    Deleted {
        name: String,
        members: i64,
        open_invitations: i64,
    },
    /// A card deleted, by its name and contact at the time, with how many invitations went
    /// with it.
    CardDeleted { name: String, invitations: i64 },
    /// A member's roles before and after, by their names at the change.
    Roles {
        before: Vec<String>,
        after: Vec<String>,
    },
    /// An invitation revoked because its inviter may no longer invite.
    InviterLostRight { why: LostRight },
    /// Why an invitation was not delivered.
    Failed { problem: Problem },
    /// A limit refused sending: how many were asked, how many were left.
    Limit { asked: i64, remaining: i64 },
    /// What an export held: its filter (nothing: every user).
    Export {
        status: Option<MemberStatus>,
        kind: Option<MemberKind>,
        department: Option<String>,
        q: Option<String>,
    },
    /// An import started writing.
    ImportCommitted {
        import: ImportId,
        rows: i64,
        file: String,
    },
    /// An import finished.
    ImportFinished {
        import: ImportId,
        new: i64,
        updated: i64,
        unchanged: i64,
        refused: i64,
    },
    /// An organisation's fields the operator changed, each before and after.
    OrgChanged { changes: Vec<OrgFieldChange> },
    /// Open invitations revoked when an organisation was disabled, or when a member lost
    /// administrator rights.
    Revoked { count: i64 },
    /// An organisation, role or department created, under this name.
    Named { name: String },
    /// Organisation settings an admin changed, with the new value where it is short.
    OrgSettings { changes: Vec<OrgSettingChange> },
    /// A platform setting changed.
    Setting {
        key: Key,
        before: String,
        after: String,
    },
    /// Text stored before details were data: shown as it was.
    #[serde(skip)]
    Legacy(String),
}

/// Where a sign-in secret was typed wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignInVia {
    Login,
    Invitation,
    /// The current password, asked for by `/account` before a change.
    Account,
    /// The password, asked for before two-factor sign-in is turned off.
    TwoFactorPassword,
    /// A second-factor code or recovery code.
    TwoFactor,
}

/// An organisation's field as the operator edits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgField {
    Name,
    CustomerNumber,
    SeatLimit,
    DailyInviteLimit,
    LifetimeHours,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgFieldChange {
    pub field: OrgField,
    pub before: String,
    pub after: String,
}

/// An organisation setting changed by its admin, with its new value where that is short (links
/// and the message are only named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "setting", content = "to", rename_all = "snake_case")]
pub enum OrgSettingChange {
    InvitePolicy(InvitePolicy),
    LifetimeHours(i32),
    EmployeeAppUrl,
    CustomerAppUrl,
    DefaultMessage,
    DefaultLocale(Language),
}

impl Details {
    /// The stored text: empty for [`Details::None`], JSON otherwise.
    pub fn stored(&self) -> String {
        match self {
            Details::None => String::new(),
            Details::Legacy(text) => text.clone(),
            // Plain structs, enums and strings cannot fail to serialize (no map keys, no custom
            // errors); the tests below read every shape back.
            d => serde_json::to_string(d).unwrap_or_default(),
        }
    }

    /// Details as stored: JSON written by [`Details::stored`], or older text kept as it was.
    pub fn parse(stored: &str) -> Details {
        if stored.is_empty() {
            return Details::None;
        }
        serde_json::from_str(stored).unwrap_or_else(|_| Details::Legacy(stored.to_owned()))
    }

    /// The account the details name, for the page to show by name.
    pub fn account(&self) -> Option<AccountId> {
        match self {
            Details::Account { account } => Some(*account),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::enums::Reason;

    #[test]
    fn every_shape_reads_back_as_written() {
        let all = [
            Details::Channel {
                channel: Channel::Sms,
            },
            Details::NoAccount,
            Details::SignIn {
                via: SignInVia::TwoFactorPassword,
            },
            Details::SessionsEnded { count: 3 },
            Details::Account {
                account: AccountId::from_raw(7),
            },
            Details::Renamed {
                from: "Ops".into(),
                to: "Операции \"A\"".into(),
            },
            Details::Roles {
                before: vec![],
                after: vec!["Manager".into(), "Viewer".into()],
            },
            Details::InviterLostRight {
                why: LostRight::RoleTaken,
            },
            Details::Failed {
                problem: Problem::Reason(Reason::NoContact),
            },
            Details::Failed {
                problem: Problem::server("550 5.1.1 no such user"),
            },
            Details::Export {
                status: Some(MemberStatus::Invited),
                kind: None,
                department: Some("Sales".into()),
                q: Some("ivan".into()),
            },
            Details::OrgSettings {
                changes: vec![
                    OrgSettingChange::LifetimeHours(168),
                    OrgSettingChange::DefaultLocale(Language::Ru),
                    OrgSettingChange::DefaultMessage,
                ],
            },
            Details::Setting {
                key: Key::SmsCountries,
                before: String::new(),
                after: "RU, KZ".into(),
            },
        ];
        for d in all {
            let stored = d.stored();
            assert!(stored.starts_with('{'), "{stored}");
            assert_eq!(Details::parse(&stored), d, "{stored}");
        }
    }

    #[test]
    fn nothing_is_empty_and_old_text_is_kept() {
        assert_eq!(Details::None.stored(), "");
        assert_eq!(Details::parse(""), Details::None);
        assert_eq!(
            Details::parse("import 3: 10 rows from \"a.csv\""),
            Details::Legacy("import 3: 10 rows from \"a.csv\"".into())
        );
        // A JSON shape this build does not know is old text too, never a failure.
        assert_eq!(
            Details::parse("{\"what\":\"unheard_of\"}"),
            Details::Legacy("{\"what\":\"unheard_of\"}".into())
        );
    }
}
