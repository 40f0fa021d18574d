//! The users table's query: filters, search, pages and counts per status.

use crate::db::enums::{MemberKind, MemberStatus};
use crate::db::ids::{DepartmentId, MemberId, OrgId};
use crate::db::models::Member;
use crate::db::schema::members;
use crate::db::DbConnection;
use diesel::prelude::*;
use std::collections::HashMap;

type Db = <DbConnection as Connection>::Backend;

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<MemberStatus>,
    pub q: Option<String>,
    pub kind: Option<MemberKind>,
    pub department_id: Option<DepartmentId>,
}

/// Escapes `%`, `_` and `\\` for a `LIKE … ESCAPE '\\'` pattern.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How a search text is looked up (issue 10 P1). Three or more characters go through a trigram
/// index scoped to the organisation: on SQLite FTS5 `members_search`, kept by triggers and keyed
/// by organisation (migration 000019); on PostgreSQL a GIN index over the card's trigrams hashed
/// with its organisation (`member_grams`), on a table of the texts kept by triggers, also
/// `members_search` (migration 000021). The exact `LIKE … ESCAPE` condition decides wherever
/// the index's answer is not itself exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SearchIndex {
    /// FTS5, and the matches lead: few of them, each looked up by key.
    Fts5,
    /// FTS5 as a filter only: the organisation's rows are read in the page's order and the
    /// first that match are taken (many matches: no sort of all of them).
    Fts5Filter,
    /// PostgreSQL's per-organisation trigrams lead.
    Grams,
    /// No index condition: the organisation's rows are read newest first and `LIKE` keeps the
    /// first that match (many matches, newest first: the index would only add the work of
    /// collecting every match; and PostgreSQL's estimate for a text's trigrams together is far
    /// too low, so it would read and sort every match).
    InOrder,
}

/// Above this many matches a page reads the organisation's rows in order rather than every
/// match. 10,000 cards, SQLite: "ivan" (2,349 matches) 6.4 ms led by FTS5, 1.0 ms with FTS5 as
/// a filter, 0.17 ms newest first by `LIKE` alone; "petrov12" (18 matches) 0.3 ms led by FTS5
/// against 1.5 ms filtered. PostgreSQL `EXPLAIN ANALYZE`: "ivan" 2.3 ms led by the trigrams
/// against 0.19 ms newest first, "petrov12" 0.07 ms led.
const MANY_MATCHES: i64 = 500;

/// Shorter texts have no trigram to look up: `LIKE` alone reads them.
const MIN_INDEXED_CHARS: usize = 3;

/// Whether a lowered search text is long enough for a trigram index.
fn indexable(lowered: &str) -> bool {
    lowered.chars().count() >= MIN_INDEXED_CHARS
}

/// The FTS5 row key of a card: its organisation in the high bits (migration 000019).
const ORG_KEY_SHIFT: u32 = 40;

impl SearchIndex {
    pub(super) fn of(conn: &DbConnection) -> Self {
        match conn {
            DbConnection::Sqlite(_) => SearchIndex::Fts5,
            DbConnection::Pg(_) => SearchIndex::Grams,
        }
    }

    /// How a page in `sort` order is read when the filter matches `matching` cards.
    fn for_page(self, matching: i64, sort: SortBy) -> Self {
        match self {
            _ if matching <= MANY_MATCHES => self,
            _ if sort == SortBy::Newest => SearchIndex::InOrder,
            SearchIndex::Fts5 => SearchIndex::Fts5Filter,
            index => index,
        }
    }

    /// Whether the index's answer is the exact substring match, with no `LIKE` needed after it:
    /// FTS5's phrase of trigrams with `detail=full` is; hashed trigrams are a superset.
    fn exact(self) -> bool {
        matches!(self, SearchIndex::Fts5 | SearchIndex::Fts5Filter)
    }

    /// The condition naming the organisation's cards whose text holds `lowered`, as SQL with one
    /// `{}` for the bound text, and that text; None when the index cannot answer.
    fn condition(self, org_id: OrgId, lowered: &str) -> Option<(String, String)> {
        if self == SearchIndex::InOrder || !indexable(lowered) {
            return None;
        }
        // Literals are our own integer id, never the request's.
        let org = org_id.get();
        if self == SearchIndex::Grams {
            let sql = format!(
                "members.id IN (SELECT member_id FROM members_search WHERE {})",
                grams_condition(org_id)
            );
            return Some((sql, lowered.to_owned()));
        }
        // `+` keeps SQLite from driving the query from the subquery's rows.
        let lead = if self == SearchIndex::Fts5 { "" } else { "+" };
        let first = org << ORG_KEY_SHIFT;
        let last = first + (1 << ORG_KEY_SHIFT) - 1;
        let sql = format!(
            "{lead}members.id IN (SELECT rowid - {first} FROM members_search \
             WHERE members_search MATCH {{}} AND rowid BETWEEN {first} AND {last})"
        );
        // One FTS5 string: the trigrams of the text in a row, i.e. the exact substring.
        Some((sql, format!("\"{}\"", lowered.replace('"', "\"\""))))
    }

    /// The conditions on `members` that find `text`: the index's, when it can answer, and the
    /// exact `LIKE`, unless the index's answer is exact already.
    fn search(self, org_id: OrgId, text: &str) -> Search {
        let lowered = text.to_lowercase();
        let condition = self.condition(org_id, &lowered);
        let indexed = condition.is_some();
        let mut clauses: Vec<_> = condition.into_iter().collect();
        if !(indexed && self.exact()) {
            clauses.push(like("members.search_text", &lowered));
        }
        Search { clauses, indexed }
    }

    /// On PostgreSQL, for a text the index answers: the conditions on the search table alone,
    /// which keeps each card's status too (migration 000022) — what the counts per status of a
    /// search read instead of looking every match up among the cards.
    fn on_search_table(self, org_id: OrgId, text: &str) -> Option<Vec<(String, String)>> {
        let lowered = text.to_lowercase();
        if self != SearchIndex::Grams || !indexable(&lowered) {
            return None;
        }
        Some(vec![
            (grams_condition(org_id), lowered.clone()),
            like("search_text", &lowered),
        ])
    }
}

/// PostgreSQL's index condition on `members_search`: every trigram of the bound text, hashed
/// with the organisation. The left side is the index's expression, word for word.
fn grams_condition(org_id: OrgId) -> String {
    // A literal of our own integer id, never the request's.
    let org = org_id.get();
    format!("member_grams(org_id, search_text) @> member_grams({org}, {{}})")
}

/// The exact substring condition on `column`, with its bound pattern.
fn like(column: &str, lowered: &str) -> (String, String) {
    (
        format!("{column} LIKE {{}} ESCAPE '\\'"),
        format!("%{}%", escape_like(lowered)),
    )
}

/// A search's conditions, each SQL with one `{}` for its bound text, and whether an index
/// answers it.
struct Search {
    clauses: Vec<(String, String)>,
    indexed: bool,
}

pub(super) fn filtered<'a>(
    org_id: OrgId,
    f: &Filter,
    with_status: bool,
    index: SearchIndex,
) -> members::BoxedQuery<'a, Db> {
    let mut q = members::table
        .filter(members::org_id.eq(org_id.to_owned()))
        .into_boxed();
    if with_status {
        if let Some(s) = f.status {
            q = q.filter(members::invite_status.eq(s));
        }
    }
    if let Some(k) = f.kind {
        q = q.filter(members::kind.eq(k));
    }
    if let Some(d) = &f.department_id {
        q = q.filter(members::department_id.eq(*d));
    }
    if let Some(text) = &f.q {
        for (sql, value) in index.search(org_id, text).clauses {
            let (before, after) = sql.split_once("{}").unwrap_or((&sql, ""));
            q = q.filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>(before)
                    .bind::<diesel::sql_types::Text, _>(value)
                    .sql(after),
            );
        }
    }
    q
}

/// The order of the table: newest first unless a column was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Newest,
    Name,
    Status,
    LastInvited,
}

impl SortBy {
    /// The word used in the page's address (`sort=name`).
    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Newest => "",
            SortBy::Name => "name",
            SortBy::Status => "status",
            SortBy::LastInvited => "last_invited",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "name" => SortBy::Name,
            "status" => SortBy::Status,
            "last_invited" => SortBy::LastInvited,
            _ => SortBy::Newest,
        }
    }
}

/// One page in the chosen order (ties broken by key, so pages never overlap); `has_next` comes
/// from fetching one row more than shown. `matching` is how many cards the filter matches (the
/// sum of [`status_counts`]): it chooses how a search is read.
pub fn page(
    conn: &mut DbConnection,
    org_id: OrgId,
    f: &Filter,
    (sort, descending): (SortBy, bool),
    page: i64,
    per_page: i64,
    matching: i64,
) -> QueryResult<(Vec<Member>, bool)> {
    let index = SearchIndex::of(conn).for_page(matching, sort);
    let q = filtered(org_id, f, true, index);
    let q = match (sort, descending) {
        (SortBy::Newest, _) => q.order(members::id.desc()),
        (SortBy::Name, false) => q.order((
            members::last_name.asc(),
            members::first_name.asc(),
            members::id.asc(),
        )),
        (SortBy::Name, true) => q.order((
            members::last_name.desc(),
            members::first_name.desc(),
            members::id.desc(),
        )),
        (SortBy::Status, false) => q.order((members::invite_status.asc(), members::id.asc())),
        (SortBy::Status, true) => q.order((members::invite_status.desc(), members::id.desc())),
        // Never invited sorts as the oldest.
        (SortBy::LastInvited, false) => q.order((
            members::last_invited_at.is_not_null().asc(),
            members::last_invited_at.asc(),
            members::id.asc(),
        )),
        (SortBy::LastInvited, true) => q.order((
            members::last_invited_at.is_not_null().desc(),
            members::last_invited_at.desc(),
            members::id.desc(),
        )),
    };
    let mut rows = q
        .limit(per_page + 1)
        .offset(page.saturating_sub(1).max(0) * per_page)
        .select(Member::as_select())
        .load(conn)?;
    let has_next = rows.len() as i64 > per_page;
    rows.truncate(per_page as usize);
    Ok((rows, has_next))
}

#[derive(diesel::QueryableByName)]
struct StatusCount {
    #[diesel(sql_type = diesel::sql_types::Text)]
    invite_status: MemberStatus,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Counts per status for the other filters, in one grouped query (one pass over the
/// organisation's matching rows). Written as SQL with bound parameters: Diesel cannot group a
/// boxed query over the two-backend connection.
pub fn status_counts(
    conn: &mut DbConnection,
    org_id: OrgId,
    f: &Filter,
) -> QueryResult<HashMap<MemberStatus, i64>> {
    // Without other filters the trigger-maintained counters answer at once.
    if f.kind.is_none() && f.department_id.is_none() && f.q.is_none() {
        let rows: Vec<(MemberStatus, i64)> = crate::db::schema::member_counts::table
            .filter(crate::db::schema::member_counts::org_id.eq(org_id))
            .select((
                crate::db::schema::member_counts::invite_status,
                crate::db::schema::member_counts::n,
            ))
            .load(conn)?;
        return Ok(rows.into_iter().collect());
    }
    let mut table = "members";
    let mut clauses = vec!["org_id = {}".to_owned()];
    let mut params = vec![Param::Key(org_id.get())];
    if let Some(text) = &f.q {
        let index = SearchIndex::of(conn);
        let alone = f.kind.is_none() && f.department_id.is_none();
        let conditions = match alone.then(|| index.on_search_table(org_id, text)).flatten() {
            Some(conditions) => {
                // A search alone, on PostgreSQL: "ivan" in 10,000 cards (2,349 matches) was
                // counted in 6.2–8.7 ms joined to the cards, 1.2–1.9 ms on the search table.
                table = "members_search";
                conditions
            }
            None => {
                let search = index.search(org_id, text);
                if search.indexed && index == SearchIndex::Fts5 {
                    // Counted from the matches by key, not by reading the organisation's
                    // status index (`+` keeps SQLite off it): 1.4 → 0.2 ms for 18 matches in
                    // 10,000 cards.
                    clauses[0] = "+org_id = {}".to_owned();
                }
                search.clauses
            }
        };
        for (sql, value) in conditions {
            clauses.push(sql);
            params.push(Param::Text(value));
        }
    }
    if let Some(k) = f.kind {
        clauses.push("kind = {}".into());
        params.push(Param::Text(k.as_str().to_owned()));
    }
    if let Some(d) = f.department_id {
        clauses.push("department_id = {}".into());
        params.push(Param::Key(d.get()));
    }
    let sql = |placeholder: &dyn Fn(usize) -> String| {
        let mut n = 0;
        let wheres: Vec<String> = clauses
            .iter()
            .map(|c| {
                n += 1;
                c.replace("{}", &placeholder(n))
            })
            .collect();
        format!(
            "SELECT invite_status, COUNT(*) AS n FROM {table} WHERE {} GROUP BY invite_status",
            wheres.join(" AND ")
        )
    };
    let rows: Vec<StatusCount> = match conn {
        DbConnection::Pg(c) => {
            let mut q = diesel::sql_query(sql(&|i| format!("${i}"))).into_boxed();
            for p in &params {
                q = match p {
                    Param::Key(k) => q.bind::<diesel::sql_types::BigInt, _>(*k),
                    Param::Text(t) => q.bind::<diesel::sql_types::Text, _>(t.clone()),
                };
            }
            q.load(c)?
        }
        DbConnection::Sqlite(c) => {
            let mut q = diesel::sql_query(sql(&|_| "?".to_owned())).into_boxed();
            for p in &params {
                q = match p {
                    Param::Key(k) => q.bind::<diesel::sql_types::BigInt, _>(*k),
                    Param::Text(t) => q.bind::<diesel::sql_types::Text, _>(t.clone()),
                };
            }
            q.load(c)?
        }
    };
    Ok(rows.into_iter().map(|r| (r.invite_status, r.n)).collect())
}

/// A bound value of the counting query.
enum Param {
    Key(i64),
    Text(String),
}

/// Ids of every card matching the filter ("select all matching"), capped.
pub fn matching_ids(
    conn: &mut DbConnection,
    org_id: OrgId,
    f: &Filter,
    cap: i64,
) -> QueryResult<Vec<MemberId>> {
    filtered(org_id, f, true, SearchIndex::of(conn))
        .order(members::id.desc())
        .limit(cap)
        .select(members::id)
        .load(conn)
}
