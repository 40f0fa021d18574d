//! `GET /admin/import/{id}/rejected.csv`: the refused rows as they stood in the file, with the
//! reason in a last column (in the admin's language), to fix and upload again.

use crate::db::ids::ImportId;
use crate::domain::import;
use crate::error::AppError;
use crate::web::page::OrgAdmin;
use crate::web::state::AppState;
use actix_web::{http::header, web, HttpResponse};

pub async fn rejected(
    state: web::Data<AppState>,
    path: web::Path<ImportId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let org_id = admin.org.id;
    let (import, rows) = state
        .db(move |c| {
            let import = import::review::get(c, org_id, id)?.ok_or(AppError::NotFound)?;
            Ok((import, import::review::refused_rows(c, id)?))
        })
        .await?;
    let ctx = &admin.ctx;
    let rows = rows
        .into_iter()
        .map(|(row, problem)| (row, problem.map(|p| ctx.t(p.label_key()))));
    let mut body = Vec::new();
    import::read::write_rows(&mut body, Some(&ctx.t("import-error-column")), rows)
        .map_err(AppError::internal)?;
    let stem = import
        .file_name
        .trim_end_matches(".csv")
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect::<String>();
    let name = format!(
        "{}-rejected.csv",
        if stem.is_empty() { "import" } else { &stem }
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
