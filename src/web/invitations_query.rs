//! The invitations list's query string (`status`, `channel`, `inviter`, `role`, `q`, `page`,
//! `sort`, `dir`, `per_page`) and the links of its page, as the users table's
//! ([`users_query`](super::users_query)): the same page sizes, the same sort fields, every link
//! keeping the filters.

use crate::db::enums::{Channel, ShownStatus};
use crate::db::ids::{AccountId, BatchId, RoleId};
use crate::domain::invitations::{ListFilter, SortBy};
use crate::error::AppError;
use crate::web::users_query::{aria_sort, chosen, page_number, page_size, with_query, PER_PAGE};
use serde::Deserialize;

/// The list's address, where the links below lead.
const TABLE: &str = "/admin/invitations";

#[derive(Debug, Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub inviter: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub q: String,
    /// One bulk send's invitations (its progress page links here).
    #[serde(default)]
    pub batch: String,
    #[serde(default, deserialize_with = "crate::web::form::number_or_none")]
    page: Option<i64>,
    /// A column to order by ([`SortBy::as_str`]); newest first without one, or with another word.
    #[serde(default)]
    sort: String,
    /// `desc` for descending.
    #[serde(default)]
    dir: String,
    #[serde(default, deserialize_with = "crate::web::form::number_or_none")]
    per_page: Option<i64>,
}

impl ListQuery {
    /// The query of a request; one that cannot be read is the unfiltered list.
    pub fn from_query_string(query_string: &str) -> ListQuery {
        serde_html_form::from_str(query_string).unwrap_or_default()
    }

    /// The invitations the query selects (its page, order and page size aside). A status,
    /// channel, inviter, role or bulk send that is none (an edited or old address) is a bad
    /// request that says so, as on the users table — not the whole list under a filter's name.
    pub fn filter(&self) -> Result<ListFilter, AppError> {
        let q = crate::domain::contact::without_invisible(&self.q);
        Ok(ListFilter {
            status: chosen(TABLE, "status", &self.status, ShownStatus::parse)?,
            channel: chosen(TABLE, "channel", &self.channel, Channel::parse)?,
            inviter: chosen(TABLE, "inviter", &self.inviter, |t| {
                t.parse::<AccountId>().ok()
            })?,
            role_id: chosen(TABLE, "role", &self.role, |t| t.parse::<RoleId>().ok())?,
            batch_id: self.batch_id()?,
            q: crate::domain::members::SearchText::read(&q),
        })
    }

    /// The bulk send asked for, if any.
    pub fn batch_id(&self) -> Result<Option<BatchId>, AppError> {
        chosen(TABLE, "batch", &self.batch, |t| t.parse::<BatchId>().ok())
    }

    /// The same list for every bulk send (the batch filter's "Show all").
    pub fn without_batch(&self) -> String {
        let mut q = self.clone();
        q.batch = String::new();
        q.link(None, None)
    }

    /// The column and whether descending; newest first (never descending) without a column.
    pub fn order(&self) -> (SortBy, bool) {
        let sort = SortBy::parse(self.sort.trim());
        (sort, sort != SortBy::Newest && self.dir.trim() == "desc")
    }

    /// The page number asked for.
    pub fn page(&self) -> i64 {
        page_number(self.page)
    }

    /// The page size: one of the users table's sizes (`users_query::PAGE_SIZES`), else the default.
    pub fn per_page(&self) -> i64 {
        page_size(self.per_page)
    }

    /// The page size when it is not the default (what the filter forms carry).
    pub fn chosen_size(&self) -> Option<i64> {
        Some(self.per_page()).filter(|n| *n != PER_PAGE)
    }

    /// The order's fields as the links and forms carry them: none for the default order, and
    /// none for a word that is not a column.
    pub fn sort_fields(&self) -> Vec<(&'static str, &'static str)> {
        match self.order() {
            (SortBy::Newest, _) => vec![],
            (sort, false) => vec![("sort", sort.as_str())],
            (sort, true) => vec![("sort", sort.as_str()), ("dir", "desc")],
        }
    }

    /// The first page in another order: ascending by `column`, or descending when it is
    /// already ascending by it.
    pub fn sort_href(&self, column: SortBy) -> String {
        let mut q = self.clone();
        q.sort = column.as_str().to_owned();
        q.dir = if self.order() == (column, false) {
            "desc".into()
        } else {
            String::new()
        };
        q.link(None, None)
    }

    /// `aria-sort` of a column header.
    pub fn aria_sort(&self, column: SortBy) -> &'static str {
        aria_sort(self.order(), column)
    }

    /// The first page with another page size.
    pub fn size_href(&self, size: &i64) -> String {
        let mut q = self.clone();
        q.per_page = Some(*size);
        q.link(None, None)
    }

    /// The address of the same filter, order and page size with another status or page.
    pub fn link(&self, status: Option<&str>, page: Option<i64>) -> String {
        let status = status.unwrap_or(&self.status);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !status.is_empty() && status != "all" {
            pairs.push(("status", status.to_owned()));
        }
        for (k, v) in [
            ("channel", &self.channel),
            ("inviter", &self.inviter),
            ("role", &self.role),
            ("q", &self.q),
            ("batch", &self.batch),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        pairs.extend(
            self.sort_fields()
                .into_iter()
                .map(|(k, v)| (k, v.to_owned())),
        );
        if let Some(size) = self.chosen_size() {
            pairs.push(("per_page", size.to_string()));
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("page", p.to_string()));
        }
        with_query(TABLE, &pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_order_and_size() {
        let q = ListQuery::from_query_string(
            "status=pending&channel=email&inviter=4&role=7&q=ann+b&sort=recipient&dir=desc&per_page=25&page=3",
        );
        let of_batch = ListQuery::from_query_string("status=failed&batch=12&page=2");
        assert_eq!(of_batch.batch_id().unwrap(), Some(BatchId::from_raw(12)));
        assert_eq!(
            of_batch.link(None, Some(3)),
            "/admin/invitations?status=failed&batch=12&page=3"
        );
        assert_eq!(of_batch.without_batch(), "/admin/invitations?status=failed");
        assert_eq!(q.order(), (SortBy::Recipient, true));
        assert_eq!(q.per_page(), 25);
        assert_eq!(q.page(), 3);
        assert_eq!(
            q.link(None, Some(2)),
            "/admin/invitations?status=pending&channel=email&inviter=4&role=7&q=ann+b&sort=recipient&dir=desc&per_page=25&page=2"
        );
        // Another column: ascending, first page; the same column ascending: descending.
        assert_eq!(
            q.sort_href(SortBy::Sent),
            "/admin/invitations?status=pending&channel=email&inviter=4&role=7&q=ann+b&sort=sent&per_page=25"
        );
        assert_eq!(q.aria_sort(SortBy::Recipient), "descending");
        assert_eq!(q.aria_sort(SortBy::Sent), "none");
        let asc = ListQuery::from_query_string("sort=status");
        assert_eq!(
            asc.sort_href(SortBy::Status),
            "/admin/invitations?sort=status&dir=desc"
        );
        assert_eq!(asc.aria_sort(SortBy::Status), "ascending");
        assert_eq!(
            q.size_href(&100),
            "/admin/invitations?status=pending&channel=email&inviter=4&role=7&q=ann+b&sort=recipient&dir=desc&per_page=100"
        );
        assert_eq!(
            ListQuery::from_query_string("status=all&per_page=50").link(None, None),
            "/admin/invitations"
        );
    }

    #[test]
    fn unknown_words_are_the_defaults() {
        let q = ListQuery::from_query_string("sort=id%3B+DROP+TABLE+x&dir=desc&per_page=7&page=-4");
        assert_eq!(q.order(), (SortBy::Newest, false));
        assert_eq!(q.per_page(), PER_PAGE);
        assert_eq!(q.page(), 1);
        assert_eq!(q.link(None, None), "/admin/invitations");
        for column in [
            SortBy::Recipient,
            SortBy::Status,
            SortBy::Sent,
            SortBy::Expires,
        ] {
            assert_eq!(q.aria_sort(column), "none");
        }
    }
}
