//! The users table's query string (`status`, `q`, `kind`, `department`, `page`, `sort`, `dir`,
//! `per_page`, and `after` or `before` on a page reached by its links) and the filter it means:
//! read once here for the table, its bulk invitation and its CSV export, so the three always
//! agree on which members a filter selects.

use crate::db::enums::{MemberKind, MemberStatus};
use crate::db::ids::MemberId;
use crate::domain::contact::without_invisible;
use crate::domain::members::{Anchor, Filter, PageAt, SearchText, SortBy};
use crate::error::AppError;
use serde::Deserialize;

/// The table's page size unless another is chosen.
pub const PER_PAGE: i64 = 50;
/// The page sizes offered.
pub const PAGE_SIZES: [i64; 3] = [25, 50, 100];

/// The users table's address, where the links below lead.
const TABLE: &str = "/admin/users";
/// The CSV export of the same filter.
const EXPORT: &str = "/admin/users/export.csv";

#[derive(Debug, Default, Deserialize, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub department: String,
    #[serde(default, deserialize_with = "crate::web::form::number_or_none")]
    pub page: Option<i64>,
    /// A column to order by (`name`, `status`, `last_invited`); newest first without one.
    #[serde(default)]
    pub sort: String,
    /// `desc` for descending.
    #[serde(default)]
    pub dir: String,
    #[serde(default, deserialize_with = "crate::web::form::number_or_none")]
    pub per_page: Option<i64>,
    /// The last card of the page before: "next" reads on from it rather than skipping.
    #[serde(default)]
    pub after: Option<MemberId>,
    /// The first card of the page after: "previous" reads back from it.
    #[serde(default)]
    pub before: Option<MemberId>,
}

/// A list's filter value from its address: none for "" and "all"; a value the list does not
/// have (an edited or old link) is [`AppError::UnknownFilter`] — never taken as "all", which
/// would show, or act on, more than the filter asked for. `list` is the list's own address.
pub(crate) fn chosen<T>(
    list: &'static str,
    param: &'static str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    match text.trim() {
        "" | "all" => Ok(None),
        t => parse(t)
            .map(Some)
            .ok_or(AppError::UnknownFilter { list, param }),
    }
}

impl ListQuery {
    /// The query of a request; one that cannot be read is the unfiltered table.
    pub fn from_query_string(query_string: &str) -> ListQuery {
        serde_html_form::from_str(query_string).unwrap_or_default()
    }

    /// The members the query selects (its page, order and page size aside). A status, kind or
    /// department that is none (an edited address) is a bad request, never "all": selecting
    /// "all matching" with it would reach more members than the filter shown.
    pub fn filter(&self) -> Result<Filter, AppError> {
        let q = without_invisible(&self.q);
        Ok(Filter {
            status: chosen(TABLE, "status", &self.status, MemberStatus::parse)?,
            q: SearchText::read(&q),
            kind: chosen(TABLE, "kind", &self.kind, MemberKind::parse)?,
            department_id: chosen(TABLE, "department", &self.department, |d| d.parse().ok())?,
        })
    }

    pub fn order(&self) -> (SortBy, bool) {
        (SortBy::parse(&self.sort), self.dir == "desc")
    }

    /// The page asked for: its number, and the card it was reached from.
    pub fn page_at(&self) -> PageAt {
        let anchor = match (self.after, self.before) {
            (Some(card), _) => Some(Anchor::After(card)),
            (None, Some(card)) => Some(Anchor::Before(card)),
            (None, None) => None,
        };
        PageAt {
            number: page_number(self.page),
            anchor,
        }
    }

    /// The link to page `number` reached from `card` (the first page needs none).
    pub fn page_href(&self, number: i64, card: Anchor) -> String {
        self.link_from(None, Some(number), Some(card))
    }

    pub fn per_page(&self) -> i64 {
        page_size(self.per_page)
    }

    /// The first page in another order: ascending by `column`, or descending when it is already
    /// ascending by it.
    pub fn sort_href(&self, column: &str) -> String {
        let (sort, desc) = self.order();
        let mut q = self.clone();
        q.sort = column.to_owned();
        q.dir = if sort.as_str() == column && !desc {
            "desc".into()
        } else {
            String::new()
        };
        q.link(None, None)
    }

    /// `aria-sort` of a column header.
    pub fn aria_sort(&self, column: &str) -> &'static str {
        let (sort, desc) = self.order();
        aria_sort((sort.as_str(), desc), column)
    }

    /// The first page with another page size.
    pub fn size_href(&self, size: &i64) -> String {
        let mut q = self.clone();
        q.per_page = Some(*size);
        q.link(None, None)
    }

    /// The CSV export of every member the current filters select (no order, page or size).
    pub fn export_href(&self) -> String {
        with_query(EXPORT, &self.filter_pairs(&self.status))
    }

    /// The filters as query pairs, with `status` in place of the query's own.
    fn filter_pairs(&self, status: &str) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !status.is_empty() && status != "all" {
            pairs.push(("status", status.to_owned()));
        }
        for (k, v) in [
            ("q", &self.q),
            ("kind", &self.kind),
            ("department", &self.department),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        pairs
    }

    /// The query string for the same filter and order with another status or page.
    pub fn link(&self, status: Option<&str>, page: Option<i64>) -> String {
        self.link_from(status, page, None)
    }

    /// [`link`](Self::link), naming the card a later page reads on from.
    fn link_from(&self, status: Option<&str>, page: Option<i64>, card: Option<Anchor>) -> String {
        let mut pairs = self.filter_pairs(status.unwrap_or(&self.status));
        for (k, v) in [("sort", &self.sort), ("dir", &self.dir)] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        if self.per_page() != PER_PAGE {
            pairs.push(("per_page", self.per_page().to_string()));
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("page", p.to_string()));
            match card {
                Some(Anchor::After(id)) => pairs.push(("after", id.to_string())),
                Some(Anchor::Before(id)) => pairs.push(("before", id.to_string())),
                None => {}
            }
        }
        with_query(TABLE, &pairs)
    }
}

/// The page number asked for (the first without one), as both tables read it.
pub(crate) fn page_number(asked: Option<i64>) -> i64 {
    asked.unwrap_or(1).clamp(1, 1_000_000)
}

/// Page `asked` of a list read by `read` (a page's number to its rows and the total), with the
/// page it is: a page past the end (an old link, a list that shrank with its filter) is the
/// last page rather than an empty table.
pub(crate) fn page_within<T, E>(
    asked: i64,
    per_page: i64,
    mut read: impl FnMut(i64) -> Result<(Vec<T>, i64), E>,
) -> Result<(Vec<T>, i64, i64), E> {
    let (rows, total) = read(asked)?;
    let last = ((total + per_page - 1) / per_page).max(1);
    if rows.is_empty() && asked > last {
        let (rows, total) = read(last)?;
        return Ok((rows, total, last));
    }
    Ok((rows, total, asked))
}

/// The page size asked for: one of [`PAGE_SIZES`], else the default.
pub(crate) fn page_size(asked: Option<i64>) -> i64 {
    asked.filter(|n| PAGE_SIZES.contains(n)).unwrap_or(PER_PAGE)
}

/// `aria-sort` of the header of `column` when the table is ordered by `order` (its column and
/// whether descending).
pub(crate) fn aria_sort<S: PartialEq>((sort, descending): (S, bool), column: S) -> &'static str {
    match (sort == column, descending) {
        (true, false) => "ascending",
        (true, true) => "descending",
        (false, _) => "none",
    }
}

/// `path` with `pairs` as its query string (none when there are none).
pub(crate) fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let qs = serde_html_form::to_string(pairs).unwrap_or_default();
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_keeps_the_filters_and_drops_the_rest() {
        let q = ListQuery::from_query_string(
            "status=waiting&q=ann+b&kind=customer&department=3&sort=name&dir=desc&page=4&per_page=25",
        );
        assert_eq!(
            q.export_href(),
            "/admin/users/export.csv?status=waiting&q=ann+b&kind=customer&department=3"
        );
        assert_eq!(
            q.link(None, Some(2)),
            "/admin/users?status=waiting&q=ann+b&kind=customer&department=3&sort=name&dir=desc&per_page=25&page=2"
        );
        assert_eq!(
            ListQuery::from_query_string("status=all").export_href(),
            "/admin/users/export.csv"
        );
        let f = q.filter().unwrap();
        assert_eq!(f.status, Some(MemberStatus::Waiting));
        assert_eq!(f.kind, Some(MemberKind::Customer));
        assert_eq!(f.q.as_ref().map(SearchText::typed), Some("ann b"));
        let words = f.q.as_ref().map(SearchText::words).unwrap_or_default();
        assert_eq!(words, ["ann", "b"]);
        assert_eq!(f.department_id.map(|d| d.get()), Some(3));
    }
}
