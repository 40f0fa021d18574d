//! `/admin/audit`: the organisation's audit trail — who invited, resent, revoked, accepted,
//! changed members or settings — filtered by actor, action and day range, 50 to a page.

use crate::db::enums::AuditAction;
use crate::db::ids::AccountId;
use crate::domain::audit::{self, Filter, Row, ORG_ACTIONS};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

pub const PER_PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: Option<i64>,
}

const DAY: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

fn day(s: &str) -> Result<Option<time::Date>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    time::Date::parse(s, DAY).map(Some).map_err(|_| ())
}

impl AuditQuery {
    fn link(&self, page: i64) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.trim().is_empty() {
                pairs.push((k, v.trim().to_owned()));
            }
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        let qs = serde_html_form::to_string(&pairs).unwrap_or_default();
        if qs.is_empty() {
            "/admin/audit".into()
        } else {
            format!("/admin/audit?{qs}")
        }
    }
}

/// A row as shown.
struct Shown {
    when: String,
    actor: String,
    action: String,
    subject: String,
    details: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    query: AuditQuery,
    actors: Vec<(AccountId, String)>,
    actions: Vec<AuditAction>,
    rows: Vec<Shown>,
    range: String,
    prev_href: Option<String>,
    next_href: Option<String>,
    errors: FieldErrors,
}

fn shown(ctx: &PageCtx, r: Row) -> Shown {
    Shown {
        when: format_datetime(r.event.created_at),
        actor: r.actor_name.unwrap_or_else(|| ctx.t("audit-actor-system")),
        action: ctx.t(r.event.action.label_key()),
        subject: r.subject_name.unwrap_or_default(),
        details: r.event.details,
    }
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let query: AuditQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let ctx = &admin.ctx;
    let mut errors = FieldErrors::default();
    let from = day(&query.from).map_err(|_| errors.add("from", ctx.t("err-date")));
    let to = day(&query.to).map_err(|_| errors.add("to", ctx.t("err-date")));
    let action = match query.action.trim() {
        "" => None,
        a => Some(AuditAction::parse(a).ok_or(AppError::BadRequest("action"))?),
    };
    let actor = match query.actor.trim() {
        "" => None,
        a => Some(
            a.parse::<i64>()
                .map(AccountId::from_raw)
                .map_err(|_| AppError::NotFound)?,
        ),
    };
    let filter = Filter {
        actor,
        action,
        from: from.unwrap_or(None),
        to: to.unwrap_or(None),
    };
    let page = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let org_id = admin.org.id;
    let (actors, (rows, total)) = state
        .db(move |c| {
            let actors = audit::actors_for_org(c, org_id)?;
            // An account that never acted here is not one of this organisation's to ask about.
            if let Some(a) = filter.actor {
                if !actors.iter().any(|(id, _)| *id == a) {
                    return Err(AppError::NotFound);
                }
            }
            let page = audit::page_for_org(c, org_id, &filter, (page - 1) * PER_PAGE, PER_PAGE)?;
            Ok((actors, page))
        })
        .await?;
    let first = (page - 1) * PER_PAGE + 1;
    let last = first + rows.len() as i64 - 1;
    let range = if rows.is_empty() {
        ctx.t1("audit-range-none", "total", total)
    } else {
        crate::i18n::tr_args(
            ctx.lang,
            "audit-range",
            &[
                ("first", first.into()),
                ("last", last.into()),
                ("total", total.into()),
            ],
        )
    };
    let rows = rows.into_iter().map(|r| shown(ctx, r)).collect();
    let page_view = AuditPage {
        prev_href: (page > 1).then(|| query.link(page - 1)),
        next_href: (page * PER_PAGE < total).then(|| query.link(page + 1)),
        query,
        actors,
        actions: ORG_ACTIONS.to_vec(),
        rows,
        range,
        errors,
        ctx: admin.ctx,
    };
    if page_view.errors.is_empty() {
        render::page(&page_view)
    } else {
        render::invalid(&page_view)
    }
}
