//! The invitations list's orders: newest first unless a column was chosen, as the users table
//! (`members::SortBy`). Each order is a closed set of columns, its ties broken by key in the same
//! direction, so that descending is ascending reversed and pages never overlap.

use super::list::shown;
use crate::db::enums::ShownStatus;
use crate::db::schema::invitations;
use crate::db::DbConnection;
use diesel::dsl::case_when;
use diesel::prelude::*;
use diesel::sql_types::Integer;
use time::PrimitiveDateTime;

type Db = <DbConnection as Connection>::Backend;

/// A column of the list to order by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Newest invitation first (by creation), whatever the direction says.
    #[default]
    Newest,
    Recipient,
    /// In the status filter's order ([`ShownStatus::ALL`]): queued, pending, expired, …
    Status,
    Sent,
    Expires,
}

impl SortBy {
    /// The word used in the page's address (`sort=recipient`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Newest => "",
            SortBy::Recipient => "recipient",
            SortBy::Status => "status",
            SortBy::Sent => "sent",
            SortBy::Expires => "expires",
        }
    }

    /// Any other word (none, a mistyped or edited address) is the default order.
    pub fn parse(s: &str) -> Self {
        match s {
            "recipient" => SortBy::Recipient,
            "status" => SortBy::Status,
            "sent" => SortBy::Sent,
            "expires" => SortBy::Expires,
            _ => SortBy::Newest,
        }
    }
}

/// `q` in the order `(sort, descending)`. The status order is by shown status at `now` (an
/// expired invitation is stored as pending); never sent and no expiry sort first ascending and
/// last descending, on both backends (which put NULL at different ends).
pub(super) fn ordered<'a>(
    q: invitations::BoxedQuery<'a, Db>,
    now: PrimitiveDateTime,
    (sort, descending): (SortBy, bool),
) -> invitations::BoxedQuery<'a, Db> {
    use invitations::{created_at, expires_at, id, recipient, sent_at};
    let asc = !descending;
    match (sort, asc) {
        (SortBy::Newest, _) => q.order((created_at.desc(), id.desc())),
        (SortBy::Recipient, true) => q.order((recipient.asc(), id.asc())),
        (SortBy::Recipient, false) => q.order((recipient.desc(), id.desc())),
        (SortBy::Status, true) => q.order((status_rank(now).asc(), id.asc())),
        (SortBy::Status, false) => q.order((status_rank(now).desc(), id.desc())),
        (SortBy::Sent, true) => q.order((sent_at.is_not_null().asc(), sent_at.asc(), id.asc())),
        (SortBy::Sent, false) => q.order((sent_at.is_not_null().desc(), sent_at.desc(), id.desc())),
        (SortBy::Expires, true) => {
            q.order((expires_at.is_not_null().asc(), expires_at.asc(), id.asc()))
        }
        (SortBy::Expires, false) => q.order((
            expires_at.is_not_null().desc(),
            expires_at.desc(),
            id.desc(),
        )),
    }
}

const _: () = assert!(ShownStatus::ALL.len() == 7);

/// An invitation's place in [`ShownStatus::ALL`] at `now`, by the conditions the status filter
/// uses (bound values only); one that none names (pending without an expiry) comes last.
fn status_rank(
    now: PrimitiveDateTime,
) -> impl AppearsOnTable<invitations::table, SqlType = Integer>
       + diesel::query_builder::QueryFragment<Db>
       + diesel::expression::ValidGrouping<(), IsAggregate = diesel::expression::is_aggregate::No>
       + Send {
    let all = ShownStatus::ALL;
    case_when::<_, _, Integer>(shown(all[0], now), 0)
        .when(shown(all[1], now), 1)
        .when(shown(all[2], now), 2)
        .when(shown(all[3], now), 3)
        .when(shown(all[4], now), 4)
        .when(shown(all[5], now), 5)
        .when(shown(all[6], now), 6)
        .otherwise(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_back_and_others_are_the_default() {
        for s in [
            SortBy::Newest,
            SortBy::Recipient,
            SortBy::Status,
            SortBy::Sent,
            SortBy::Expires,
        ] {
            assert_eq!(SortBy::parse(s.as_str()), s);
        }
        for other in [
            "nonsense",
            "Recipient",
            "id; DROP TABLE invitations",
            "name",
        ] {
            assert_eq!(SortBy::parse(other), SortBy::Newest);
        }
    }
}
