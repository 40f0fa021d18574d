//! Why an invitation failed, as stored (`invitations.error`, `members.invite_error`): one of
//! our reasons or a server's own words, in one text column on both backends.

use super::enums::Reason;
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Text;

/// Why an invitation failed, as stored: one of our [`Reason`]s (stored as its code, shown
/// translated), or a server's own words: its code and reply, e.g. "550 5.1.1 Mailbox
/// unavailable", stored with the prefix `server:` and shown as they came, framed in the page's
/// language ("the server answered: …"). The prefix says which it is; nothing is
/// guessed from the text.
#[derive(Debug, Clone, PartialEq, Eq, diesel::AsExpression, diesel::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Problem {
    Reason(Reason),
    Server(String),
    /// The mail server, or Invitely's settings for it, failed on every attempt before any
    /// recipient was named (connection, TLS, sign-in): not the recipient's fault. Holds the
    /// server's code and words ("535 5.7.8 bad credentials"), or nothing when it never
    /// answered (refused connection, time-out). Stored as `server:setup:` and the words —
    /// under `server:`, which the columns' CHECK admits — and shown framed as a configuration
    /// problem. Server words always start with their code, never with `setup:`.
    MailSetup(String),
    /// The SMS gateway failed on every attempt — unreachable, or answering 5xx or 429 — not
    /// the number's fault. Holds its status code, or nothing when it never answered. Stored as
    /// `server:sms-setup:` and the code.
    SmsSetup(String),
}

impl Problem {
    pub const SERVER_PREFIX: &'static str = "server:";
    /// After [`Problem::SERVER_PREFIX`]: the mail server's configuration (see `MailSetup`).
    pub const MAIL_SETUP_PREFIX: &'static str = "setup:";
    /// After [`Problem::SERVER_PREFIX`]: the SMS gateway (see `SmsSetup`).
    pub const SMS_SETUP_PREFIX: &'static str = "sms-setup:";
    /// Server words are cut to this many characters.
    pub const MAX_SERVER_CHARS: usize = 500;

    /// A server's reply or an error text, cut to `MAX_SERVER_CHARS`.
    pub fn server(words: &str) -> Problem {
        Problem::Server(words.chars().take(Self::MAX_SERVER_CHARS).collect())
    }

    /// The mail server's configuration, with its reply (may be empty), cut to
    /// `MAX_SERVER_CHARS`.
    pub fn mail_setup(reply: &str) -> Problem {
        Problem::MailSetup(reply.chars().take(Self::MAX_SERVER_CHARS).collect())
    }

    /// The SMS gateway, with its status code (may be empty).
    pub fn sms_setup(reply: &str) -> Problem {
        Problem::SmsSetup(reply.chars().take(Self::MAX_SERVER_CHARS).collect())
    }

    /// Our code, or the server's words as they came (for logs and the audit trail).
    pub fn as_str(&self) -> &str {
        match self {
            Problem::Reason(r) => r.as_str(),
            Problem::Server(words) => words,
            Problem::MailSetup(words) if words.is_empty() => "mail server unreachable",
            Problem::MailSetup(words) => words,
            Problem::SmsSetup(words) if words.is_empty() => "SMS gateway unreachable",
            Problem::SmsSetup(words) => words,
        }
    }

    /// The stored text.
    pub fn encode(&self) -> String {
        match self {
            Problem::Reason(r) => r.as_str().to_owned(),
            Problem::Server(words) => format!("{}{words}", Self::SERVER_PREFIX),
            Problem::MailSetup(words) => {
                format!("{}{}{words}", Self::SERVER_PREFIX, Self::MAIL_SETUP_PREFIX)
            }
            Problem::SmsSetup(words) => {
                format!("{}{}{words}", Self::SERVER_PREFIX, Self::SMS_SETUP_PREFIX)
            }
        }
    }

    pub fn decode(stored: &str) -> Option<Problem> {
        match stored.strip_prefix(Self::SERVER_PREFIX) {
            Some(words) => Some(
                if let Some(reply) = words.strip_prefix(Self::MAIL_SETUP_PREFIX) {
                    Problem::MailSetup(reply.to_owned())
                } else if let Some(reply) = words.strip_prefix(Self::SMS_SETUP_PREFIX) {
                    Problem::SmsSetup(reply.to_owned())
                } else {
                    Problem::Server(words.to_owned())
                },
            ),
            None => Reason::parse(stored).map(Problem::Reason),
        }
    }
}

// As the stored text in serialized records (the audit trail's details).
impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Problem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Problem::decode(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown problem: {text:?}")))
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
