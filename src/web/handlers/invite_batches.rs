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
    // The counts under their field names (queued, sent, failed, cancelled), then the rest.
    let mut body = serde_json::to_value(p).map_err(AppError::internal)?;
    if let Some(map) = body.as_object_mut() {
        map.insert("handled".into(), p.handled().into());
        map.insert("done".into(), p.done().into());
        map.insert("state".into(), state_text(ctx, &p).into());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}

/// "Sending: 12 of 40 handled" or "Done: 38 sent, 2 failed".
fn state_text(ctx: &PageCtx, p: &BatchProgress) -> String {
    if p.done() {
        ctx.t2("batch-done", "sent", p.sent, "errors", p.failed)
    } else {
        ctx.t2("batch-running", "handled", p.handled(), "total", p.total)
    }
}

impl BatchPage {
    fn state_text(&self) -> String {
        state_text(&self.ctx, &self.p)
    }
}
