//! The users table's query: filters, search, pages and counts per status.

use super::condition::{Condition, Counting, Piece, StatusCountQuery};
pub use super::keyset::Anchor;
use super::keyset::{self, Order};
use super::search::SearchIndex;
use super::search_text::SearchText;
use crate::db::enums::{MemberKind, MemberStatus};
use crate::db::ids::{DepartmentId, MemberId, OrgId};
use crate::db::models::MemberRow;
use crate::db::schema::members;
use crate::db::DbConnection;
use diesel::prelude::*;
use std::collections::HashMap;

type Db = <DbConnection as Connection>::Backend;

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<MemberStatus>,
    pub q: Option<SearchText>,
    pub kind: Option<MemberKind>,
    pub department_id: Option<DepartmentId>,
}

impl Filter {
    /// Whether nothing but the status narrows the cards: the counters kept by triggers then
    /// answer the counts per status at once.
    pub(super) fn status_only(&self) -> bool {
        self.q.is_none() && self.kind.is_none() && self.department_id.is_none()
    }

    /// The filter with its search's phone number read by the platform's default region (see
    /// [`SearchText::with_phone_rules`]): what every query of a request should use.
    pub fn with_phone_rules(mut self, conn: &mut DbConnection) -> QueryResult<Filter> {
        self.q = self.q.map(|q| q.with_phone_rules(conn)).transpose()?;
        Ok(self)
    }
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
        for condition in index.search(org_id, text.words()) {
            q = q.filter(condition);
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

/// Which page to read: its number, and the card of the page it was reached from, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageAt {
    pub number: i64,
    pub anchor: Option<Anchor>,
}

impl PageAt {
    /// A page by its number alone: the cards before it are read and skipped.
    pub fn number(number: i64) -> Self {
        PageAt {
            number,
            anchor: None,
        }
    }
}

/// One page of the table: its cards, its number (1 where a "previous" link found nothing
/// before the first page's cards any more), and whether another follows.
#[derive(Debug)]
pub struct Page {
    pub rows: Vec<MemberRow>,
    pub number: i64,
    pub has_next: bool,
}

/// One page in the chosen order (ties broken by key, so pages never overlap); `has_next` comes
/// from fetching one row more than shown. `matches` is how many cards the filters other than the
/// status match (the sum of [`status_counts`]): it chooses how a search is read. A page reached
/// from a card of another starts at that card ([`keyset`](super::keyset)); by number alone it
/// skips the cards before it.
pub fn page(
    conn: &mut DbConnection,
    org_id: OrgId,
    f: &Filter,
    sort: (SortBy, bool),
    at: PageAt,
    per_page: i64,
    matches: i64,
) -> QueryResult<Page> {
    let index = SearchIndex::of(conn).for_page(matches);
    let order = Order::of(sort);
    let number = at.number.max(1);
    let read = |conn: &mut DbConnection, order: Order, from: Option<Condition>, skip: i64| {
        let mut q = filtered(org_id, f, true, index);
        if let Some(from) = from {
            q = q.filter(from);
        }
        order
            .apply(q)
            .limit(per_page + 1)
            .offset(skip)
            .select(MemberRow::as_select())
            .load(conn)
    };
    let anchor = at.anchor.filter(|_| number > 1);
    match anchor {
        Some(Anchor::After(card)) => {
            if let Some(from) = keyset::beyond(conn, org_id, order, card)? {
                let rows = read(conn, order, Some(from), 0)?;
                return Ok(Page::of(rows, number, per_page));
            }
        }
        Some(Anchor::Before(card)) => {
            let back = order.reversed();
            if let Some(from) = keyset::beyond(conn, org_id, back, card)? {
                let mut rows = read(conn, back, Some(from), 0)?;
                // A whole page with one more before it; fewer, and the cards before this one
                // are (now) the first page's.
                if rows.len() as i64 > per_page {
                    rows.truncate(per_page as usize);
                    rows.reverse();
                    return Ok(Page {
                        rows,
                        number,
                        has_next: true,
                    });
                }
                return page(conn, org_id, f, sort, PageAt::number(1), per_page, matches);
            }
        }
        None => {}
    }
    let rows = read(conn, order, None, (number - 1).saturating_mul(per_page))?;
    Ok(Page::of(rows, number, per_page))
}

impl Page {
    /// The page from the rows read in its order, one more than shown if another page follows.
    fn of(mut rows: Vec<MemberRow>, number: i64, per_page: i64) -> Self {
        let has_next = rows.len() as i64 > per_page;
        rows.truncate(per_page as usize);
        Page {
            rows,
            number,
            has_next,
        }
    }
}

/// Counts per status for the other filters, in one query (one pass over the organisation's
/// matching rows).
pub fn status_counts(
    conn: &mut DbConnection,
    org_id: OrgId,
    f: &Filter,
) -> QueryResult<HashMap<MemberStatus, i64>> {
    // Without other filters the trigger-maintained counters answer at once.
    if f.status_only() {
        let rows: Vec<(MemberStatus, i64)> = crate::db::schema::member_counts::table
            .filter(crate::db::schema::member_counts::org_id.eq(org_id))
            .select((
                crate::db::schema::member_counts::invite_status,
                crate::db::schema::member_counts::n,
            ))
            .load(conn)?;
        return Ok(rows.into_iter().collect());
    }
    let mut from = vec![Piece::Sql("members".into())];
    let mut conditions = vec![Condition::key("org_id", org_id.get())];
    if let Some(text) = &f.q {
        let index = SearchIndex::of(conn);
        let alone = f.kind.is_none() && f.department_id.is_none();
        if let Some(on_search_table) = alone
            .then(|| index.on_search_table(org_id, text.words()))
            .flatten()
        {
            // A search alone, on PostgreSQL: "ivan" in 10,000 cards (2,349 matches) was
            // counted in 6.2–8.7 ms joined to the cards, 1.2–1.9 ms on the search table.
            from = vec![Piece::Sql("members_search".into())];
            conditions.extend(on_search_table);
        } else if let Some((join, matching)) = index.fts5_join(org_id, text.words()) {
            // Counted from the matches by key, not by reading the organisation's status index:
            // 1.4 → 0.2 ms for 18 matches in 10,000 cards.
            from = join;
            conditions.extend(matching);
        } else {
            conditions.extend(index.search(org_id, text.words()));
        }
    }
    if let Some(k) = f.kind {
        conditions.push(Condition::text("kind", k.as_str()));
    }
    if let Some(d) = f.department_id {
        conditions.push(Condition::key("department_id", d.get()));
    }
    // A search's matches come in no status order; a kind or department alone is read through
    // an index on it and the status.
    let counting = match f.q {
        Some(_) => Counting::Filtered,
        None => Counting::Grouped,
    };
    StatusCountQuery {
        from,
        conditions,
        counting,
    }
    .counts(conn)
}

/// The condition on `members` naming the organisation's cards whose text holds every word of
/// `text`, through
/// the users table's search index where it answers: what another list searches cards by (the
/// invitations list names an invitation by its card's text).
pub(crate) fn text_condition(conn: &DbConnection, org_id: OrgId, text: &SearchText) -> Condition {
    Condition::all(
        SearchIndex::of(conn)
            .for_every_match()
            .search(org_id, text.words()),
    )
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
