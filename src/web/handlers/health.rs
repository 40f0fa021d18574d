use crate::error::{AppError, OwnAnswer};
use crate::web::state::AppState;
use actix_web::{web, HttpResponse};

/// 200 with queue figures when the database answers (docs/SECURITY.md I8); else 503 with
/// `{"status": "unavailable"}` and `Retry-After` — JSON either way, for a monitor or a load
/// balancer, never the HTML error page (the cause goes to the log).
pub async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let stats = match state.db(|conn| Ok(crate::domain::jobs::stats(conn)?)).await {
        Ok(stats) => stats,
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            let mut res = HttpResponse::ServiceUnavailable()
                .insert_header(("Retry-After", "5"))
                .json(serde_json::json!({ "status": "unavailable" }));
            res.extensions_mut().insert(OwnAnswer);
            return Ok(res);
        }
    };
    let oldest_age = stats.oldest.map(|t| (now - t).whole_seconds().max(0));
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "outbox_depth": stats.depth,
        "oldest_queued_seconds": oldest_age,
        "outbox_failed": stats.failed,
    })))
}
