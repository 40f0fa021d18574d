//! The users table (seed 001): filters, search, pages, live statuses, bulk invitation.

use crate::db::enums::{MemberKind, MemberStatus};
use crate::db::ids::{DepartmentId, MemberId};
use crate::db::models::Member;
use crate::domain::invitations::InviteOptions;
use crate::domain::members::{self, Filter, SortBy};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::form::Form;
use crate::web::outcomes::report;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self};
use crate::web::{session, state::AppState};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use std::collections::HashMap;

pub const PER_PAGE: i64 = 50;
/// The page sizes offered.
pub const PAGE_SIZES: [i64; 3] = [25, 50, 100];
/// "All matching the filter" never reaches further than this in one request.
pub const ALL_MATCHING_CAP: i64 = 10_000;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    page: Option<i64>,
    /// A column to order by (`name`, `status`, `last_invited`); newest first without one.
    #[serde(default)]
    sort: String,
    /// `desc` for descending.
    #[serde(default)]
    dir: String,
    #[serde(default)]
    per_page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Filter {
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Filter {
            status: MemberStatus::parse(self.status.trim()),
            q: opt(&self.q),
            kind: MemberKind::parse(self.kind.trim()),
            // A department that is not a key (an edited address) filters nothing.
            department_id: self.department.trim().parse().ok(),
        }
    }

    fn order(&self) -> (SortBy, bool) {
        (SortBy::parse(&self.sort), self.dir == "desc")
    }

    pub fn per_page(&self) -> i64 {
        self.per_page
            .filter(|n| PAGE_SIZES.contains(n))
            .unwrap_or(PER_PAGE)
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
        match self.order() {
            (sort, desc) if sort.as_str() == column => {
                if desc {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        }
    }

    /// The first page with another page size.
    pub fn size_href(&self, size: &i64) -> String {
        let mut q = self.clone();
        q.per_page = Some(*size);
        q.link(None, None)
    }

    /// The query string for the same filter and order with another status or page.
    fn link(&self, status: Option<&str>, page: Option<i64>) -> String {
        let status = status.unwrap_or(&self.status);
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !status.is_empty() && status != "all" {
            pairs.push(("status", status.to_owned()));
        }
        for (k, v) in [
            ("q", &self.q),
            ("kind", &self.kind),
            ("department", &self.department),
            ("sort", &self.sort),
            ("dir", &self.dir),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        if self.per_page() != PER_PAGE {
            pairs.push(("per_page", self.per_page().to_string()));
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("page", p.to_string()));
        }
        let qs = serde_html_form::to_string(&pairs).unwrap_or_default();
        if qs.is_empty() {
            "/admin/users".into()
        } else {
            format!("/admin/users?{qs}")
        }
    }
}

pub struct Row {
    pub m: Member,
    pub department: String,
    pub last_invited: String,
}

pub struct StatusTab {
    /// None: every status.
    pub status: Option<MemberStatus>,
    pub count: i64,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "admin/members.html")]
struct MembersPage {
    ctx: PageCtx,
    query: ListQuery,
    tabs: Vec<StatusTab>,
    rows: Vec<Row>,
    departments: Vec<(DepartmentId, String)>,
    matching: i64,
    /// Members a refused batch could still reach today ("send the first N now").
    offer: Vec<MemberId>,
    /// "1–50 of 301".
    range: String,
    page: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
    total: i64,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let query: ListQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let filter = query.filter();
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let (org_id, order, per_page) = (admin.org.id, query.order(), query.per_page());
    let f = filter.clone();
    let (counts, (members_page, has_next), departments) = state
        .db(move |c| {
            Ok((
                members::status_counts(c, org_id, &f)?,
                members::page(c, org_id, &f, order, page, per_page)?,
                crate::domain::departments::names(c, org_id)?,
            ))
        })
        .await?;
    let total: i64 = counts.values().sum();
    let mut tabs = vec![StatusTab {
        status: None,
        count: total,
        href: query.link(Some("all"), None),
        current: filter.status.is_none(),
    }];
    for status in MemberStatus::ALL.iter().copied() {
        tabs.push(StatusTab {
            status: Some(status),
            count: counts.get(&status).copied().unwrap_or(0),
            href: query.link(Some(status.as_str()), None),
            current: filter.status == Some(status),
        });
    }
    let matching = match &filter.status {
        Some(s) => counts.get(s).copied().unwrap_or(0),
        None => total,
    };
    let dep_names: HashMap<DepartmentId, &str> = departments
        .iter()
        .map(|(id, n)| (*id, n.as_str()))
        .collect();
    let first = (page - 1) * per_page + 1;
    let range = if members_page.is_empty() {
        String::new()
    } else {
        crate::i18n::tr_args(
            admin.ctx.lang,
            "pager-range",
            &[
                ("first", first.into()),
                ("last", (first + members_page.len() as i64 - 1).into()),
                ("total", matching.into()),
            ],
        )
    };
    let rows = members_page
        .into_iter()
        .map(|m| Row {
            department: m
                .department_id
                .and_then(|d| dep_names.get(&d).map(|n| (*n).to_owned()))
                .unwrap_or_default(),
            last_invited: m.last_invited_at.map(format_datetime).unwrap_or_default(),
            m,
        })
        .collect();
    render::page(&MembersPage {
        prev_href: (page > 1).then(|| query.link(None, Some(page - 1))),
        next_href: has_next.then(|| query.link(None, Some(page + 1))),
        ctx: admin.ctx,
        tabs,
        rows,
        departments,
        matching,
        offer: session::take_offer(&admin.session),
        range,
        page,
        total,
        query,
    })
}

#[derive(Deserialize)]
pub struct BulkForm {
    /// The contract's field name; it carries member ids.
    #[serde(default, rename = "user_id")]
    member_id: Vec<MemberId>,
    #[serde(default)]
    all_matching: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    department: String,
}

/// Sends (or re-sends) invitations to the ticked users or to all matching the filter, then
/// reports per-user results.
pub async fn bulk_invite(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<BulkForm>,
) -> Result<HttpResponse, AppError> {
    let query = ListQuery {
        status: form.status.clone(),
        q: form.q.clone(),
        kind: form.kind.clone(),
        department: form.department.clone(),
        ..Default::default()
    };
    let back = query.link(None, None);
    let all = form.all_matching.as_deref() == Some("1");
    if !all && form.member_id.is_empty() {
        session::flash(&admin.session, "error", admin.ctx.t("bulk-none-selected"));
        return Ok(render::see_other(&back));
    }
    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let filter = query.filter();
    let opts = InviteOptions {
        locale: admin.ctx.lang.code().into(),
        ..Default::default()
    };
    let ids = form.member_id;
    let (ids, result) = state
        .db(move |c| {
            let ids = if all {
                members::matching_ids(c, org_id, &filter, ALL_MATCHING_CAP)?
            } else {
                ids
            };
            let result = crate::domain::invitations::invite(c, now, &actor, org_id, &ids, &opts);
            Ok((ids, result))
        })
        .await?;
    // Refused at the daily limit: the first that still fit are offered beside the refusal.
    if let Err(DomainError::DailyLimit { remaining, .. }) = &result {
        let fit = usize::try_from(*remaining).unwrap_or(0).min(ids.len());
        session::offer(&admin.session, &ids[..fit]);
    }
    report(&state, &admin, result)?;
    Ok(render::see_other(&back))
}

#[derive(Deserialize)]
pub struct StatusQuery {
    #[serde(default)]
    id: Vec<MemberId>,
}

/// Current statuses of some rows, for the table's small poll.
pub async fn statuses(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let q: StatusQuery =
        serde_html_form::from_str(req.query_string()).map_err(|_| AppError::BadRequest("query"))?;
    let ids: Vec<MemberId> = q.id.into_iter().take(200).collect();
    let org_id = admin.org.id;
    let rows = state
        .db(move |c| {
            let mut out = Vec::new();
            for id in &ids {
                if let Some(m) = members::get_in_org(c, org_id, *id)? {
                    out.push(m);
                }
            }
            Ok(out)
        })
        .await?;
    let ctx = &admin.ctx;
    let body: serde_json::Map<String, serde_json::Value> = rows
        .into_iter()
        .map(|m| {
            let error = m
                .invite_error
                .as_ref()
                .map(|p| ctx.problem(p))
                .unwrap_or_default();
            (
                m.id.to_string(),
                serde_json::json!({
                    "status": m.invite_status.as_str(),
                    "label": ctx.t(m.invite_status.label_key()),
                    "error": error,
                    "last_invited": m.last_invited_at.map(format_datetime).unwrap_or_default(),
                }),
            )
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}
