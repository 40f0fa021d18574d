//! Keys, typed: each table's key is its own type, so the compiler refuses a member's id where an
//! account's is wanted. Stored as 64-bit integers assigned by the database (migration
//! `2026-12-02-000007_compact_ids`); shown, parsed and serialised as their decimal number.
//!
//! The words: an *account* signs in; a *member* is a person's place in one organisation (an
//! admin's card, bound to an account once an invitation is accepted); an *organisation* holds
//! members, roles and departments; an *invitation* asks one member to join by one channel.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::BigInt;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, diesel::AsExpression, diesel::FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = BigInt)]
        pub struct $name(i64);

        impl $name {
            /// The key as stored. For SQL that Diesel cannot type, and for tests.
            pub fn get(self) -> i64 {
                self.0
            }

            /// A key read from somewhere that stores it untyped (a test's raw SQL).
            pub fn from_raw(raw: i64) -> Self {
                Self(raw)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        impl<DB: Backend> ToSql<BigInt, DB> for $name
        where
            i64: ToSql<BigInt, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<BigInt, DB> for $name
        where
            i64: FromSql<BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                i64::from_sql(bytes).map(Self)
            }
        }
    )+};
}

id_type! {
    /// An account: signs in with an e-mail or phone and a password; may be an operator.
    AccountId;
    /// A member: a person's place in one organisation (the `/admin/users/{id}` of the contract).
    MemberId;
    OrgId;
    InvitationId;
    RoleId;
    DepartmentId;
    /// A queued job.
    JobId;
    /// A setup link (the operator's first sign-in).
    SetupTokenId;
    /// A bulk send of invitations, followed on its progress page.
    BatchId;
    /// A forgotten-password link asked for (its digest, never the link).
    PasswordResetId;
    /// An uploaded CSV file: its rows, their review, the commit's progress.
    ImportId;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_and_print_as_their_number() {
        let id: MemberId = "42".parse().unwrap();
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<MemberId>("7").unwrap(), MemberId(7));
        assert!("4x".parse::<MemberId>().is_err());
        assert!(serde_json::from_str::<MemberId>("\"0190-uuid\"").is_err());
    }
}
