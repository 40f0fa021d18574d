//! `GET /admin/users/export.csv`: the users table's current filters as a CSV file in the
//! import's columns, streamed a page at a time (each page read and written on the blocking
//! pool), so an export of any size holds one page in memory.

use crate::db::ids::{MemberId, OrgId};
use crate::domain::members::{self, Filter, EXPORT_PAGE_ROWS};
use crate::error::AppError;
use crate::web::page::OrgAdmin;
use crate::web::state::AppState;
use crate::web::users_query::ListQuery;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::Method;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::stream;

/// Where an export has got to: the last key written, and whether the file has begun.
struct Cursor {
    after: Option<MemberId>,
    first: bool,
}

/// The file of every member the table's filters select (`status`, `q`, `kind`, `department`;
/// `page` and the order do not apply), recorded in the audit trail as it starts. HEAD answers
/// the same headers without reading or recording anything.
pub async fn export(
    state: web::Data<AppState>,
    req: HttpRequest,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let filter = ListQuery::from_query_string(req.query_string()).filter()?;
    let mut res = HttpResponse::Ok();
    res.content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(file_name(
                &admin.org.customer_number,
                state.now().date(),
            ))],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if req.method() == Method::HEAD {
        return Ok(res.streaming(stream::empty::<Result<Bytes, AppError>>()));
    }

    let (actor, org_id, now) = (admin.actor(), admin.org.id, state.now());
    let filter = state
        .db(move |c| {
            let filter = filter.with_phone_rules(c)?;
            members::record_export(c, now, &actor, org_id, &filter)?;
            Ok(filter)
        })
        .await?;

    let request_id = admin.request_id;
    let start = Cursor {
        after: None,
        first: true,
    };
    let body = stream::unfold(Some(start), move |cursor| {
        let (state, filter, request_id) = (state.clone(), filter.clone(), request_id.clone());
        async move {
            let cursor = cursor?;
            match next_chunk(&state, org_id, filter, cursor).await {
                Ok(Some((bytes, next))) => Some((Ok(bytes), next)),
                Ok(None) => None,
                // The response has begun: the client sees the file cut short.
                Err(e) => {
                    tracing::error!(error = %e, request_id = %request_id, "users export failed");
                    Some((Err(e), None))
                }
            }
        }
    });
    Ok(res.streaming(body))
}

/// The next piece of the file and where to go on from (None: this was the last piece); None
/// when nothing is left to write.
async fn next_chunk(
    state: &AppState,
    org_id: OrgId,
    filter: Filter,
    cursor: Cursor,
) -> Result<Option<(Bytes, Option<Cursor>)>, AppError> {
    let Cursor { after, first } = cursor;
    state
        .db(move |c| {
            let rows = members::export_page(c, org_id, &filter, after, EXPORT_PAGE_ROWS)?;
            if rows.is_empty() && !first {
                return Ok(None);
            }
            let bytes = members::csv_chunk(&rows, first).map_err(AppError::internal)?;
            let next = match rows.last() {
                Some(last) if rows.len() as i64 >= EXPORT_PAGE_ROWS => Some(Cursor {
                    after: Some(last.id),
                    first: false,
                }),
                _ => None,
            };
            Ok(Some((Bytes::from(bytes), next)))
        })
        .await
}

/// `users-<customer number>-<date>.csv`, the customer number kept to characters that are safe
/// in a file name on every system.
fn file_name(customer_number: &str, date: time::Date) -> String {
    let number: String = customer_number
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("users-{number}-{date}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        let date = time::Date::from_calendar_date(2026, time::Month::December, 2).unwrap();
        assert_eq!(file_name("C-1", date), "users-C-1-2026-12-02.csv");
        assert_eq!(file_name("a/b\"c d", date), "users-a_b_c_d-2026-12-02.csv");
    }
}
