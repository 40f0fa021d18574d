//! A condition of the users table's queries written as SQL with every value bound: the search's
//! index and `LIKE` conditions, and the counting query's filters. One form serves both the
//! Diesel queries of a page (as an expression) and the counts per status
//! ([`StatusCountQuery`]).
//!
//! Diesel keeps a statement prepared only when every fragment of it says it may; its own
//! `dsl::sql` never does, so a search page was parsed and planned by SQLite on every request
//! (`sqlite3_prepare` 10 % of the server's CPU on `q=petrov12`). A condition whose values are
//! all bound may be kept: on SQLite it is (its plans do not depend on the values); on PostgreSQL
//! a kept statement is planned generically after five runs, and a search's plan depends on its
//! text, so each is still planned for its values there.

use diesel::backend::Backend;
use diesel::expression::ValidGrouping;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Bool, HasSqlType, Text};
use diesel::{QueryResult, RunQueryDsl};

/// A piece of a condition: SQL of our own, or a value bound in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Sql(String),
    Key(i64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Condition {
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
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
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
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
{
    for piece in pieces {
        match piece {
            Piece::Sql(s) => out.push_sql(s),
            Piece::Key(k) => out.push_bind_param::<BigInt, _>(k)?,
            Piece::Text(t) => out.push_bind_param::<Text, _>(t)?,
        }
    }
    Ok(())
}

/// The counts per status of the cards read `from` (SQL of our own with its values bound) that
/// meet every condition: one grouped query, kept prepared when every condition may be (Diesel
/// cannot group a boxed query over the two-backend connection; its `sql_query` is never kept).
#[derive(Debug, Clone)]
pub(super) struct StatusCountQuery {
    pub(super) from: Vec<Piece>,
    pub(super) conditions: Vec<Condition>,
}

impl QueryId for StatusCountQuery {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for StatusCountQuery {
    type SqlType = (Text, BigInt);
}

impl<Conn> RunQueryDsl<Conn> for StatusCountQuery {}

impl<DB> QueryFragment<DB> for StatusCountQuery
where
    DB: Backend + HasSqlType<BigInt> + HasSqlType<Text>,
    i64: ToSql<BigInt, DB>,
    String: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("SELECT invite_status, COUNT(*) FROM ");
        walk_pieces(&self.from, &mut out)?;
        for (i, condition) in self.conditions.iter().enumerate() {
            out.push_sql(if i == 0 { " WHERE " } else { " AND " });
            condition.walk_ast(out.reborrow())?;
        }
        out.push_sql(" GROUP BY invite_status");
        Ok(())
    }
}
