//! A condition of the users table's queries written as SQL with every value bound: the search's
//! index and `LIKE` conditions, where a page reached by its links starts (`keyset`), and the
//! counting query's filters. One form serves both the Diesel queries of a page (as an
//! expression) and the counts per status ([`StatusCountQuery`]).
//!
//! Diesel keeps a statement prepared only when every fragment of it says it may; its own
//! `dsl::sql` never does, so a search page was parsed and planned by SQLite on every request
//! (`sqlite3_prepare` 10 % of the server's CPU on `q=petrov12`). A condition whose values are
//! all bound may be kept: on SQLite it is (its plans do not depend on the values); on PostgreSQL
//! a kept statement is planned generically after five runs, and a search's plan depends on its
//! text, so each is still planned for its values there.

use crate::db::enums::MemberStatus;
use diesel::backend::Backend;
use diesel::expression::ValidGrouping;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType, Text, Timestamp};
use diesel::{QueryResult, RunQueryDsl};
use std::collections::HashMap;
use std::marker::PhantomData;
use time::PrimitiveDateTime;

/// A piece of a condition: SQL of our own, or a value bound in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Sql(String),
    Key(i64),
    Text(String),
    Time(PrimitiveDateTime),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Condition {
    pieces: Vec<Piece>,
    /// Whether the statement holding it may be kept prepared.
    keep_prepared: bool,
}

impl Condition {
    pub(super) fn new(pieces: Vec<Piece>, keep_prepared: bool) -> Self {
        Condition {
            pieces,
            keep_prepared,
        }
    }

    /// Every one of `conditions`, as one (none: always true).
    pub(super) fn all(conditions: Vec<Condition>) -> Self {
        let keep_prepared = conditions.iter().all(|c| c.keep_prepared);
        let mut pieces = vec![Piece::Sql("1 = 1".into())];
        for condition in conditions {
            pieces.push(Piece::Sql(" AND (".into()));
            pieces.extend(condition.pieces);
            pieces.push(Piece::Sql(")".into()));
        }
        Condition::new(pieces, keep_prepared)
    }

    /// `column = value` for a key.
    pub(super) fn key(column: &str, value: i64) -> Self {
        Condition::new(
            vec![Piece::Sql(format!("{column} = ")), Piece::Key(value)],
            true,
        )
    }

    /// `column = value` for a text.
    pub(super) fn text(column: &str, value: &str) -> Self {
        Condition::new(
            vec![
                Piece::Sql(format!("{column} = ")),
                Piece::Text(value.to_owned()),
            ],
            true,
        )
    }
}

impl Expression for Condition {
    type SqlType = Bool;
}

impl<QS> AppearsOnTable<QS> for Condition {}

impl<QS> SelectableExpression<QS> for Condition {}

impl ValidGrouping<()> for Condition {
    type IsAggregate = is_aggregate::Never;
}

impl QueryId for Condition {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB> QueryFragment<DB> for Condition
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text> + HasSqlType<Timestamp>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
    PrimitiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if !self.keep_prepared {
            out.unsafe_to_cache_prepared();
        }
        out.push_sql("(");
        walk_pieces(&self.pieces, &mut out)?;
        out.push_sql(")");
        Ok(())
    }
}

fn walk_pieces<'b, DB>(pieces: &'b [Piece], out: &mut AstPass<'_, 'b, DB>) -> QueryResult<()>
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text> + HasSqlType<Timestamp>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
    PrimitiveDateTime: ToSql<Timestamp, DB>,
{
    for piece in pieces {
        match piece {
            Piece::Sql(s) => out.push_sql(s),
            Piece::Key(k) => out.push_bind_param::<BigInt, _>(k)?,
            Piece::Text(t) => out.push_bind_param::<Text, _>(t)?,
            Piece::Time(t) => out.push_bind_param::<Timestamp, _>(t)?,
        }
    }
    Ok(())
}

/// How a [`StatusCountQuery`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Counting {
    /// `GROUP BY invite_status`: for cards read in status order, through an index on the
    /// filter and the status (a kind or department alone).
    Grouped,
    /// A filtered count per status, in one row: for cards read in any other order (a search's
    /// matches), which a group would sort first. "ivan" in 10,000 cards (2,349 matches):
    /// PostgreSQL 1.9–2.6 → 1.5–1.8 ms (`pgbench`), SQLite 1.05 → 0.90 ms; a kind alone read
    /// in status order is counted faster grouped (SQLite 0.38 against 0.71 ms).
    Filtered,
}

/// The counts per status of the cards read `from` (SQL of our own with its values bound) that
/// meet every condition, in one query kept prepared when every condition may be (Diesel cannot
/// aggregate a boxed query over the two-backend connection; its `sql_query` is never kept).
#[derive(Debug, Clone)]
pub(super) struct StatusCountQuery {
    pub(super) from: Vec<Piece>,
    pub(super) conditions: Vec<Condition>,
    pub(super) counting: Counting,
}

/// A filtered count per status in [`MemberStatus::ALL`]'s order: five, checked at compile time.
type Filtered = (BigInt, BigInt, BigInt, BigInt, BigInt);

const _: () = assert!(MemberStatus::ALL.len() == 5);

impl StatusCountQuery {
    /// The counts keyed by status; a status no card has is left out, as a group leaves it.
    pub(super) fn counts(
        &self,
        conn: &mut crate::db::DbConnection,
    ) -> QueryResult<HashMap<MemberStatus, i64>> {
        match self.counting {
            Counting::Grouped => {
                let rows: Vec<(MemberStatus, i64)> =
                    Shaped::<(Text, BigInt)>::of(self).load(conn)?;
                Ok(rows.into_iter().collect())
            }
            Counting::Filtered => {
                let (a, b, c, d, e) =
                    Shaped::<Filtered>::of(self).get_result::<(i64, i64, i64, i64, i64)>(conn)?;
                Ok(MemberStatus::ALL
                    .iter()
                    .copied()
                    .zip([a, b, c, d, e])
                    .filter(|&(_, n)| n > 0)
                    .collect())
            }
        }
    }
}

/// The query with the row type of its `counting` (built only by [`StatusCountQuery::counts`],
/// which pairs the two).
struct Shaped<'a, ST> {
    query: &'a StatusCountQuery,
    row: PhantomData<ST>,
}

impl<'a, ST> Shaped<'a, ST> {
    fn of(query: &'a StatusCountQuery) -> Self {
        Shaped {
            query,
            row: PhantomData,
        }
    }
}

impl<ST> QueryId for Shaped<'_, ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST> Query for Shaped<'_, ST> {
    type SqlType = ST;
}

impl<Conn, ST> RunQueryDsl<Conn> for Shaped<'_, ST> {}

impl<DB, ST> QueryFragment<DB> for Shaped<'_, ST>
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text> + HasSqlType<Timestamp>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
    PrimitiveDateTime: ToSql<Timestamp, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let query = self.query;
        match query.counting {
            Counting::Grouped => out.push_sql("SELECT invite_status, COUNT(*)"),
            Counting::Filtered => {
                for (i, status) in MemberStatus::ALL.iter().enumerate() {
                    out.push_sql(if i == 0 { "SELECT " } else { ", " });
                    // Our own constant, written in: the statement is the same for every request.
                    out.push_sql(&format!(
                        "COUNT(*) FILTER (WHERE invite_status = '{}')",
                        status.as_str()
                    ));
                }
            }
        }
        out.push_sql(" FROM ");
        walk_pieces(&query.from, &mut out)?;
        for (i, condition) in query.conditions.iter().enumerate() {
            out.push_sql(if i == 0 { " WHERE " } else { " AND " });
            condition.walk_ast(out.reborrow())?;
        }
        if query.counting == Counting::Grouped {
            out.push_sql(" GROUP BY invite_status");
        }
        Ok(())
    }
}
