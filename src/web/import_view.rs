//! The import's page (`GET /admin/import/{id}`, and the commit refused for the limits): before
//! the commit, the review — every row with what it would do, filtered by outcome, the counts,
//! the departments the file lacks, what its invitations ask of the limits, and the commit
//! button; after it, the progress and, at the end, the summary.

use crate::db::ids::ImportId;
use crate::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use crate::db::models::{Import, ImportRow};
use crate::domain::import::{self, Demand, OutcomeCounts, Progress};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::filters;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::state::AppState;
use crate::web::users_query::{page_number, page_within};
use actix_web::{http::StatusCode, HttpResponse};
use askama::Template;
use serde::Deserialize;

/// The field the commit's refusal points at: the figures it is about.
pub const ALLOWANCE_FIELD: &str = "import-allowance";

const PER_PAGE: i64 = 100;

/// The page's query string, read as the other lists read theirs: a page that is not a number
/// is the first, a huge one is clamped (and one past the end shows the last, `render`).
#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    #[serde(default)]
    outcome: String,
    #[serde(default, deserialize_with = "crate::web::form::number_or_none")]
    page: Option<i64>,
}

impl ReviewQuery {
    /// The query string as it came; one that cannot be read at all is the first page unfiltered.
    pub fn from_query_string(query: &str) -> ReviewQuery {
        serde_html_form::from_str(query).unwrap_or_default()
    }

    fn page(&self) -> i64 {
        page_number(self.page)
    }
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
    /// The commit's address, with the page's filter and page: refused, the review comes back
    /// as the admin left it.
    commit_action: String,
    /// With "Send invitation", before the commit: what the import asks of the limits.
    demand: Option<Demand>,
    /// The commit's refusal (the figures' field), and whether the departments box was ticked.
    errors: FieldErrors,
    create_departments: bool,
}

impl ReviewPage {
    fn in_review(&self) -> bool {
        self.import.status == ImportStatus::Review
    }

    /// The commit button's words: what a commit with the departments box `ticked` does — rows
    /// it writes (new and updated cards, and with the box the rows refused for a missing
    /// department alone) and, with "Send invitation", the invitations it sends (unchanged cards
    /// with the status Not invited among them).
    fn commit_label(&self, ticked: bool) -> String {
        let departments = import::review::missing_department_rows(&self.problems);
        let written = self.counts.new + self.counts.update + if ticked { departments } else { 0 };
        match &self.demand {
            Some(d) => self.ctx.t2(
                "import-commit-invite",
                "count",
                written,
                "invitations",
                d.asked(ticked),
            ),
            None => self.ctx.t1("import-commit", "count", written),
        }
    }

    /// The commit button's words as the departments box stands.
    fn commit_now(&self) -> String {
        self.commit_label(self.create_departments)
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
        self.ctx.t(problem_key(*p, self.import.status))
    }

    fn state_text(&self) -> String {
        state_text(&self.ctx, &self.import, &self.progress)
    }

    /// "This import would send 120 invitations (125 with the missing departments created)."
    fn demand_text(&self, d: &Demand) -> String {
        let text = self.ctx.t1("import-demand", "count", d.invitations);
        if d.with_departments == d.invitations {
            return text;
        }
        let more = self
            .ctx
            .t1("import-demand-departments", "count", d.with_departments);
        format!("{text} {more}")
    }

    /// "You may send 50 more today; 30 seats are left in the organisation."
    fn left_text(&self, d: &Demand) -> String {
        let daily = self.ctx.t1("import-daily-left", "count", d.daily_left);
        let seats = self.ctx.t1("import-seats-left", "count", d.seats_left);
        let mut text = format!("{daily} {seats}");
        if d.held_by_imports > 0 {
            let held = self.ctx.t1("import-held", "count", d.held_by_imports);
            text = format!("{text} {held}");
        }
        if d.without_email > 0 {
            let without = self
                .ctx
                .t1("import-without-email", "count", d.without_email);
            text = format!("{text} {without}");
        }
        text
    }

    /// Whether a commit (as the departments box stands) would be refused.
    fn over(&self, d: &Demand) -> bool {
        d.refusal(self.create_departments).is_some()
    }

    /// Whether the figures are shown as a problem: the commit was refused, or would be.
    fn flagged(&self) -> bool {
        !self.errors.is_empty() || self.demand.as_ref().is_some_and(|d| self.over(d))
    }

    /// Whether no choice on this page can be committed: over the limits even without the
    /// missing departments — the file has to be uploaded again (the page says how), so there
    /// is no button that would only be refused.
    fn hopeless(&self) -> bool {
        self.demand
            .as_ref()
            .is_some_and(|d| d.refusal(false).is_some())
    }

    /// Whether committing would do nothing whatever the departments box says: no row to write
    /// and no invitation to send (every row refused, or already as its card is).
    fn nothing_to_do(&self) -> bool {
        let departments = import::review::missing_department_rows(&self.problems);
        self.counts.new + self.counts.update + departments == 0
            && self.demand.as_ref().is_none_or(|d| d.asked(true) == 0)
    }

    /// Whether creating the departments alone is what goes over.
    fn over_with_departments(&self, d: &Demand) -> bool {
        !self.create_departments && d.refusal(true).is_some()
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

pub fn state_text(ctx: &PageCtx, import: &Import, p: &Progress) -> String {
    match import.status {
        // A staging import has no page: review is what it becomes.
        ImportStatus::Staging | ImportStatus::Review => ctx.t("import-state-review"),
        ImportStatus::Committing => {
            ctx.t2("import-state-running", "done", p.done, "total", p.total)
        }
        // Stopped before its last row: its organisation was disabled, or a chunk failed on
        // every attempt (`import::give_up`).
        ImportStatus::Done if p.done < p.total => {
            ctx.t2("import-state-stopped", "done", p.done, "total", p.total)
        }
        ImportStatus::Done if !p.invitations.done() => ctx.t2(
            "import-state-sending",
            "handled",
            p.invitations.handled(),
            "total",
            p.invitations.total,
        ),
        ImportStatus::Done if import.send_invitation => crate::i18n::tr_args(
            ctx.lang,
            "import-state-done-invited",
            &[
                ("written", (p.written.new + p.written.update).into()),
                ("invitations", p.invitations.total.into()),
                ("refused", p.written.error.into()),
            ],
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
    format!("/admin/import/{id}{}", query_string(outcome, page))
}

/// The review's filter and page as a query string (`?outcome=error&page=2`; empty for the
/// first page unfiltered).
fn query_string(outcome: Option<ImportOutcome>, page: i64) -> String {
    let mut h = String::new();
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

/// A commit refused for the limits: the message, and the departments box as it was posted.
pub struct Refused {
    pub message: String,
    pub create_departments: bool,
}

impl Refused {
    /// The refusal a commit met, when it is the limits': how many invitations the file asks
    /// for and how many remain.
    pub fn of(ctx: &PageCtx, e: &DomainError, create_departments: bool) -> Option<Refused> {
        let message = match e {
            DomainError::DailyLimit { remaining, asked } => ctx.t2(
                "import-refused-daily",
                "asked",
                *asked,
                "remaining",
                *remaining,
            ),
            DomainError::SeatLimit { remaining, asked } => ctx.t2(
                "import-refused-seats",
                "asked",
                *asked,
                "remaining",
                *remaining,
            ),
            _ => return None,
        };
        Some(Refused {
            message,
            create_departments,
        })
    }
}

/// The page of import `id` (422 with the refusal when a commit was refused).
pub async fn render(
    state: &AppState,
    admin: OrgAdmin,
    id: ImportId,
    query: &ReviewQuery,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let outcome = ImportOutcome::parse(&query.outcome);
    let asked = query.page();
    let (org, actor, now) = (admin.org.clone(), admin.actor(), state.now());
    let (import, counts, problems, missing, progress, (rows, shown, page), demand) = state
        .db(move |c| {
            let import = import::review::get(c, org.id, id)?.ok_or(AppError::NotFound)?;
            let demand = if import.send_invitation && import.status == ImportStatus::Review {
                Some(import::demand::read(c, now, &actor, &org, id)?)
            } else {
                None
            };
            Ok((
                import.clone(),
                import::review::counts(c, id, false)?,
                import::review::problem_counts(c, id)?,
                import::review::missing_departments(c, id)?,
                import::review::progress(c, &import)?,
                page_within(asked, PER_PAGE, |page| {
                    import::review::rows_page(c, id, outcome, page, PER_PAGE)
                })?,
                demand,
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
    let mut errors = FieldErrors::default();
    let mut create_departments = false;
    let status = match refused {
        Some(r) => {
            errors.add(ALLOWANCE_FIELD, r.message);
            create_departments = r.create_departments;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        None => StatusCode::OK,
    };
    render::with_status(
        &ReviewPage {
            uploaded: format_datetime(import.created_at),
            commit_action: format!("/admin/import/{id}/commit{}", query_string(outcome, page)),
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
            demand,
            errors,
            create_departments,
        },
        status,
    )
}

/// A refused row's reason: the problem's own words, except a missing department once the
/// import is written — the review's box that would have created it is gone; the department is
/// added on its page, and the rejected rows uploaded again.
pub fn problem_key(p: ImportProblem, status: ImportStatus) -> &'static str {
    match (p, status) {
        (ImportProblem::UnknownDepartment, ImportStatus::Review) => p.label_key(),
        (ImportProblem::UnknownDepartment, _) => "import-problem-unknown-department-done",
        _ => p.label_key(),
    }
}
