//! An audit trail as pages show it — filtered by actor, action and day range, newest first, 50
//! to a page: the organisation's (`/admin/audit`) and the platform operator's
//! (`/platform/audit`). Both render `partials/audit_trail.html` with the [`Trail`] built here.

use crate::db::enums::AuditAction;
use crate::db::ids::AccountId;
use crate::domain::audit::{self, Filter, Row, Scope};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::page::PageCtx;
use crate::web::render::FieldErrors;
use crate::web::state::AppState;
use actix_web::HttpRequest;
use serde::Deserialize;

pub const PER_PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default, deserialize_with = "crate::web::form::number_or_none")]
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
    fn link(&self, base: &str, page: i64) -> String {
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
            base.into()
        } else {
            format!("{base}?{qs}")
        }
    }
}

/// A row as shown.
pub struct Shown {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub details: String,
}

/// One page of a trail, ready for `partials/audit_trail.html`.
pub struct Trail {
    /// Where the filter form and the pager lead.
    pub base: &'static str,
    pub query: AuditQuery,
    pub actors: Vec<(AccountId, String)>,
    pub actions: Vec<AuditAction>,
    pub rows: Vec<Shown>,
    pub range: String,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    pub errors: FieldErrors,
}

fn shown(ctx: &PageCtx, r: Row) -> Shown {
    let subject = r.subject_name.unwrap_or_default();
    let mut details =
        crate::web::audit_details::describe(ctx, &r.details, r.details_account.as_deref());
    // A role or department created under the name it still has: said once, as the subject
    // (renamed since, the details keep the name it was created under).
    if details == subject {
        details.clear();
    }
    Shown {
        when: format_datetime(r.event.created_at),
        actor: r.actor_name.unwrap_or_else(|| ctx.t("audit-actor-system")),
        action: ctx.t(r.event.action.label_key()),
        subject,
        details,
    }
}

/// Reads the filter from the query string and loads the page of `scope`'s trail it asks for; an
/// actor who never acted in that trail is not one to ask about (404).
pub async fn load(
    state: &AppState,
    req: &HttpRequest,
    ctx: &PageCtx,
    scope: Scope,
    base: &'static str,
    actions: &[AuditAction],
) -> Result<Trail, AppError> {
    let query: AuditQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let mut errors = FieldErrors::default();
    let from = day(&query.from).map_err(|_| errors.add("from", ctx.t("err-date")));
    let mut to = day(&query.to).map_err(|_| errors.add("to", ctx.t("err-date")));
    if let (Ok(Some(f)), Ok(Some(t))) = (from, to) {
        if t < f {
            // A range that ends before it starts would silently find nothing: said, not applied.
            errors.add("to", ctx.t("err-date-order"));
            to = Err(());
        }
    }
    let action = match query.action.trim() {
        "" => None,
        // Only what this trail offers: another trail's action is as unknown here.
        a => Some(
            AuditAction::parse(a)
                .filter(|a| actions.contains(a))
                .ok_or(AppError::BadRequest("action"))?,
        ),
    };
    let actor = match query.actor.trim() {
        "" => None,
        a => Some(
            a.parse::<i64>()
                .map(AccountId::from_raw)
                .map_err(|_| AppError::BadRequest("actor"))?,
        ),
    };
    let filter = Filter {
        actor,
        action,
        from: from.unwrap_or(None),
        to: to.unwrap_or(None),
    };
    let asked = crate::web::users_query::page_number(query.page);
    let (actors, page, (rows, total)) = state
        .db(move |c| {
            let actors = audit::actors(c, scope)?;
            if let Some(a) = filter.actor {
                if !actors.iter().any(|(id, _)| *id == a) {
                    return Err(AppError::NotFound);
                }
            }
            let (rows, total, page) = crate::web::users_query::page_within(asked, PER_PAGE, |p| {
                audit::page(c, scope, &filter, (p - 1) * PER_PAGE, PER_PAGE)
            })?;
            Ok((actors, page, (rows, total)))
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
    Ok(Trail {
        base,
        prev_href: (page > 1).then(|| query.link(base, page - 1)),
        next_href: (page * PER_PAGE < total).then(|| query.link(base, page + 1)),
        query,
        actors,
        actions: actions.to_vec(),
        rows,
        range,
        errors,
    })
}
