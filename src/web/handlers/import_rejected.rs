//! `GET /admin/import/{id}/rejected.csv`: the refused rows as they stood in the file, with the
//! reason in a last column (in the admin's language), to fix and upload again.

use crate::db::ids::ImportId;
use crate::domain::import;
use crate::error::AppError;
use crate::web::page::OrgAdmin;
use crate::web::state::AppState;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{web, HttpResponse};

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
    let rows = rows.into_iter().map(|(row, problem)| {
        let key = |p| crate::web::import_view::problem_key(p, import.status);
        (row, problem.map(|p| ctx.t(key(p))))
    });
    let mut body = Vec::new();
    import::read::write_rows(&mut body, Some(&ctx.t("import-error-column")), rows)
        .map_err(AppError::internal)?;
    let stem = import
        .file_name
        .trim_end_matches(".csv")
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
        .collect::<String>();
    let stem = stem.trim();
    let name = format!(
        "{}-rejected.csv",
        if stem.is_empty() { "import" } else { stem }
    );
    // The name as uploaded (`filename*`), and an ASCII one for clients without RFC 6266.
    let ascii = if name.is_ascii() {
        name.replace(' ', "_")
    } else {
        "import-rejected.csv".to_owned()
    };
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.into_bytes(),
            }),
        ],
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(disposition)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
