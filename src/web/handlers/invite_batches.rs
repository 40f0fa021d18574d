//! A bulk send's progress (seed 004's loading screen, done better): one bar with queued, sent
//! and failed counts, drawn from the database on every load (so it survives a reload) and
//! refreshed by a small poll (`static/app.js`) until the batch is done.

use crate::db::ids::BatchId;
use crate::domain::invitations::{self, BatchProgress};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render;
use crate::web::state::AppState;
use actix_web::{http::header, web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/batch.html")]
struct BatchPage {
    ctx: PageCtx,
    id: BatchId,
    created: String,
    p: BatchProgress,
}

async fn load(
    state: &AppState,
    admin: &OrgAdmin,
    id: BatchId,
) -> Result<(String, BatchProgress), AppError> {
    let org_id = admin.org.id;
    state
        .db(move |c| {
            let batch = invitations::batch_in_org(c, org_id, id)?.ok_or(AppError::NotFound)?;
            Ok((
                format_datetime(batch.created_at),
                invitations::batch_progress(c, batch.id)?,
            ))
        })
        .await
}

pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<BatchId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (created, p) = load(&state, &admin, id).await?;
    render::page(&BatchPage {
        ctx: admin.ctx,
        id,
        created,
        p,
    })
}

/// The counts as JSON for the page's poll, with the sentence the page shows.
pub async fn progress(
    state: web::Data<AppState>,
    path: web::Path<BatchId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let (_, p) = load(&state, &admin, path.into_inner()).await?;
    let ctx = &admin.ctx;
    let body = serde_json::json!({
        "total": p.total,
        "queued": p.queued,
        "sent": p.sent,
        "failed": p.failed,
        "cancelled": p.cancelled,
        "handled": p.handled(),
        "done": p.done(),
        "state": state_text(ctx, &p),
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}

/// "Sending: 12 of 40 handled" or "Done: 38 sent, 2 failed".
fn state_text(ctx: &PageCtx, p: &BatchProgress) -> String {
    if p.done() {
        ctx.t2("batch-done", "sent", p.sent, "failed", p.failed)
    } else {
        ctx.t2("batch-running", "handled", p.handled(), "total", p.total)
    }
}

impl BatchPage {
    fn state_text(&self) -> String {
        state_text(&self.ctx, &self.p)
    }
}
