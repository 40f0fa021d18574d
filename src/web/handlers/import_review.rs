//! `GET /admin/import/{id}`: before the commit, the review — every row with what it would do,
//! filtered by outcome, the counts, the departments the file lacks, and the commit button;
//! after it, the progress (drawn from the database on every load, followed live by a small
//! poll of `GET /admin/import/{id}/progress`) and, at the end, the summary.

use crate::db::ids::ImportId;
use crate::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use crate::db::models::{Import, ImportRow};
use crate::domain::import::{self, OutcomeCounts, Progress};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::state::AppState;
use actix_web::{http::header, web, HttpResponse};
use askama::Template;
use serde::Deserialize;

const PER_PAGE: i64 = 100;

#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    page: Option<i64>,
}

struct Tab {
    href: String,
    label: String,
    count: i64,
    current: bool,
}

#[derive(Template)]
#[template(path = "admin/import_review.html")]
struct ReviewPage {
    ctx: PageCtx,
    import: Import,
    uploaded: String,
    counts: OutcomeCounts,
    problems: Vec<(ImportProblem, i64)>,
    missing_departments: Vec<String>,
    progress: Progress,
    tabs: Vec<Tab>,
    rows: Vec<ImportRow>,
    shown: i64,
    page: i64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

impl ReviewPage {
    fn in_review(&self) -> bool {
        self.import.status == ImportStatus::Review
    }

    /// Rows the commit writes (new and updated cards).
    fn to_write(&self) -> i64 {
        self.counts.new + self.counts.update
    }

    fn row_name(&self, r: &ImportRow) -> String {
        format!("{} {}", r.first_name, r.last_name)
            .trim()
            .to_owned()
    }

    /// The kind the row names, in the page's language; a new card without one gets the
    /// import's default; a word that is not a kind is shown as written.
    fn kind_text(&self, r: &ImportRow) -> String {
        let kind = if r.kind.trim().is_empty() && r.outcome == ImportOutcome::New {
            Some(self.import.default_kind)
        } else {
            import::classify::parse_kind(&r.kind)
        };
        kind.map_or_else(|| r.kind.clone(), |k| self.ctx.t(k.label_key()))
    }

    fn outcome_text(&self, r: &ImportRow) -> String {
        self.ctx.t(r.outcome.label_key())
    }

    fn problem_text(&self, p: &ImportProblem) -> String {
        self.ctx.t(p.label_key())
    }

    fn state_text(&self) -> String {
        state_text(&self.ctx, &self.import, &self.progress)
    }

    fn range_text(&self) -> String {
        let first = (self.page - 1) * PER_PAGE + 1;
        let last = (first + self.rows.len() as i64 - 1).max(0);
        self.ctx.t2(
            "import-range",
            "range",
            format!("{first}–{last}"),
            "total",
            self.shown,
        )
    }
}

fn state_text(ctx: &PageCtx, import: &Import, p: &Progress) -> String {
    match import.status {
        ImportStatus::Review => ctx.t("import-state-review"),
        ImportStatus::Committing => {
            ctx.t2("import-state-running", "done", p.done, "total", p.total)
        }
        ImportStatus::Done if !p.invitations.done() => ctx.t2(
            "import-state-sending",
            "handled",
            p.invitations.handled(),
            "total",
            p.invitations.total,
        ),
        ImportStatus::Done => ctx.t2(
            "import-state-done",
            "written",
            p.written.new + p.written.update,
            "refused",
            p.written.error,
        ),
    }
}

fn href(id: ImportId, outcome: Option<ImportOutcome>, page: i64) -> String {
    let mut h = format!("/admin/import/{id}");
    let mut sep = '?';
    if let Some(o) = outcome {
        h.push_str(&format!("{sep}outcome={o}"));
        sep = '&';
    }
    if page > 1 {
        h.push_str(&format!("{sep}page={page}"));
    }
    h
}

pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<ImportId>,
    query: web::Query<ReviewQuery>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let outcome = ImportOutcome::parse(&query.outcome);
    let page = query.page.unwrap_or(1).max(1);
    let org_id = admin.org.id;
    let (import, counts, problems, missing, progress, (rows, shown)) = state
        .db(move |c| {
            let import = import::review::get(c, org_id, id)?.ok_or(AppError::NotFound)?;
            Ok((
                import.clone(),
                import::review::counts(c, id, false)?,
                import::review::problem_counts(c, id)?,
                import::review::missing_departments(c, id)?,
                import::review::progress(c, &import)?,
                import::review::rows_page(c, id, outcome, page, PER_PAGE)?,
            ))
        })
        .await?;
    let ctx = admin.ctx;
    let mut tabs = vec![Tab {
        href: href(id, None, 1),
        label: ctx.t("import-outcome-all"),
        count: counts.total(),
        current: outcome.is_none(),
    }];
    tabs.extend(ImportOutcome::ALL.iter().map(|o| Tab {
        href: href(id, Some(*o), 1),
        label: ctx.t(o.label_key()),
        count: counts.of(*o),
        current: outcome == Some(*o),
    }));
    let last_page = (shown + PER_PAGE - 1) / PER_PAGE;
    render::page(&ReviewPage {
        uploaded: format_datetime(import.created_at),
        prev_href: (page > 1).then(|| href(id, outcome, page - 1)),
        next_href: (page < last_page).then(|| href(id, outcome, page + 1)),
        ctx,
        import,
        counts,
        problems,
        missing_departments: missing,
        progress,
        tabs,
        rows,
        shown,
        page,
    })
}

/// The progress as JSON for the page's poll, with the sentence the page shows.
pub async fn progress(
    state: web::Data<AppState>,
    path: web::Path<ImportId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let org_id = admin.org.id;
    let (import, p) = state
        .db(move |c| {
            let import = import::review::get(c, org_id, id)?.ok_or(AppError::NotFound)?;
            let p = import::review::progress(c, &import)?;
            Ok((import, p))
        })
        .await?;
    let body = serde_json::json!({
        "total": p.total,
        "done": p.done,
        // Rows handled by outcome, and the counts of the import's bulk send, each under its
        // own field names.
        "written": p.written,
        "invitations": p.invitations,
        "finished": p.finished,
        "rows_finished": import.status == ImportStatus::Done,
        "state": state_text(&admin.ctx, &import, &p),
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}
