//! `GET,POST /admin/import`: the upload form (with the organisation's latest imports), and the
//! upload itself — read, every row classified and stored for the review, nothing else written.
//! A file that cannot be read comes back to the form with what to do about it.

use crate::db::enums::MemberKind;
use crate::db::import_enums::ImportStatus;
use crate::domain::import::review::Recent;
use crate::domain::import::{self, read::ReadError, Upload as ImportUpload};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::state::AppState;
use crate::web::upload::Upload;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/import.html")]
struct ImportPage {
    ctx: PageCtx,
    send_invitation: bool,
    kind: MemberKind,
    /// What is wrong with the file, said so that it can be fixed.
    problem: Option<String>,
    recent: Vec<RecentLine>,
    columns: &'static [&'static str],
    /// The largest file taken, as the page's language writes it ("300 bytes", "20 MB").
    max_size: String,
    max_rows: usize,
}

struct RecentLine {
    href: String,
    file_name: String,
    created: String,
    rows: i32,
    status: String,
}

impl ImportPage {
    fn kinds(&self) -> Vec<(MemberKind, String, bool)> {
        MemberKind::ALL
            .iter()
            .map(|k| (*k, self.ctx.t(k.label_key()), *k == self.kind))
            .collect()
    }
}

fn recent_line(ctx: &PageCtx, recent: &Recent) -> RecentLine {
    let i = &recent.import;
    let status = match i.status {
        // A staging import is in no list: review is what it becomes.
        ImportStatus::Staging | ImportStatus::Review => "import-status-review",
        ImportStatus::Committing => "import-status-committing",
        ImportStatus::Done if recent.stopped => "import-status-stopped",
        ImportStatus::Done => "import-status-done",
    };
    RecentLine {
        href: format!("/admin/import/{}", i.id),
        file_name: i.file_name.clone(),
        created: format_datetime(i.created_at),
        rows: i.total_rows,
        status: ctx.t(status),
    }
}

async fn page(
    state: &AppState,
    admin: OrgAdmin,
    send_invitation: bool,
    kind: MemberKind,
    problem: Option<String>,
) -> Result<ImportPage, AppError> {
    let org_id = admin.org.id;
    let recent = state
        .db(move |c| Ok(import::review::recent(c, org_id, 10)?))
        .await?;
    let ctx = admin.ctx;
    let max_size = crate::i18n::format_size(ctx.lang, state.config.import_max_bytes);
    Ok(ImportPage {
        recent: recent.iter().map(|i| recent_line(&ctx, i)).collect(),
        ctx,
        send_invitation,
        kind,
        problem,
        columns: &import::cells::COLUMNS,
        max_size,
        max_rows: state.config.import_max_rows,
    })
}

pub async fn form(state: web::Data<AppState>, admin: OrgAdmin) -> Result<HttpResponse, AppError> {
    render::page(&page(&state, admin, true, MemberKind::Employee, None).await?)
}

/// The message for a file that cannot be read.
fn problem_text(ctx: &PageCtx, e: &ReadError) -> String {
    crate::i18n::tr_args(ctx.lang, e.message_key(), &e.message_args(ctx.lang))
}

pub async fn upload(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    upload: Upload,
) -> Result<HttpResponse, AppError> {
    // A file cut short leaves the choices after it unread: the form's own defaults then.
    let send_invitation = upload.cut_short || upload.checked("send_invitation")?;
    let kind = MemberKind::parse(upload.field("kind")).unwrap_or(MemberKind::Employee);
    if upload.too_large {
        // Dropped while it was read: the form again, with the limit and what was chosen.
        let e = ReadError::TooLarge {
            limit: state.config.import_max_bytes,
        };
        let problem = problem_text(&admin.ctx, &e);
        let page = page(&state, admin, send_invitation, kind, Some(problem)).await?;
        return render::with_status(&page, StatusCode::PAYLOAD_TOO_LARGE);
    }
    let limits = state.config.import_limits();
    let file_name = if upload.file_name.is_empty() {
        "import.csv".to_owned()
    } else {
        upload.file_name.clone()
    };
    let bytes = upload.bytes;
    let (org, actor, now) = (admin.org.clone(), admin.actor(), state.now());
    let staged = state
        .db(move |c| {
            let parsed = match import::read::read(&bytes, &limits) {
                Ok(parsed) => parsed,
                Err(e) => return Ok(Err(e)),
            };
            let choice = ImportUpload {
                file_name,
                send_invitation,
                default_kind: kind,
            };
            Ok(Ok(import::stage(
                c,
                now,
                &actor,
                &org,
                &choice,
                &parsed.rows,
            )?))
        })
        .await?;
    match staged {
        Ok(id) => Ok(render::see_other(&format!("/admin/import/{id}"))),
        Err(e) => {
            let status = match e {
                ReadError::TooLarge { .. } | ReadError::TooManyRows { .. } => {
                    StatusCode::PAYLOAD_TOO_LARGE
                }
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let problem = problem_text(&admin.ctx, &e);
            let page = page(&state, admin, send_invitation, kind, Some(problem)).await?;
            render::with_status(&page, status)
        }
    }
}
