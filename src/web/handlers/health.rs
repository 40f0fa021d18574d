use crate::error::AppError;
use crate::web::state::AppState;
use actix_web::{web, HttpResponse};

/// 200 with queue figures when the database answers (docs/SECURITY.md I8).
pub async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let stats = state
        .db(|conn| Ok(crate::domain::jobs::stats(conn)?))
        .await?;
    let oldest_age = stats.oldest.map(|t| (now - t).whole_seconds().max(0));
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "outbox_depth": stats.depth,
        "oldest_queued_seconds": oldest_age,
        "outbox_failed": stats.failed,
    })))
}
