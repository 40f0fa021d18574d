//! `GET /admin/import/{id}`: the import's page (`web::import_view`) — the review before the
//! commit, the progress after it (drawn from the database on every load, followed live by a
//! small poll of `GET /admin/import/{id}/progress`) and, at the end, the summary.

use crate::db::ids::ImportId;
use crate::db::import_enums::ImportStatus;
use crate::domain::import;
use crate::error::AppError;
use crate::web::import_view::{self, ReviewQuery};
use crate::web::page::OrgAdmin;
use crate::web::state::AppState;
use actix_web::{http::header, web, HttpRequest, HttpResponse};

pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<ImportId>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let query = ReviewQuery::from_query_string(req.query_string());
    import_view::render(&state, admin, path.into_inner(), &query, None).await
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
        "state": import_view::state_text(&admin.ctx, &import, &p),
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}
