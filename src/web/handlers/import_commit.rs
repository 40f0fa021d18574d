//! `POST /admin/import/{id}/commit`: commits a reviewed import (departments the file lacks are
//! created when ticked); its rows are then written in the background, chunk by chunk. A second
//! submit (a double click, a reload) finds the import committed and shows the same page. An
//! import whose invitations exceed what is left today, or the seats left, is refused whole: the
//! review comes back (422) saying how many remain, the departments box as it was ticked.

use crate::db::ids::ImportId;
use crate::domain::import::{self, Committed, Runner};
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::import_view::{self, Refused, ReviewQuery};
use crate::web::page::OrgAdmin;
use crate::web::render;
use crate::web::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct CommitForm {
    /// A check box (`web::form::ticked_box`).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    create_departments: bool,
}

pub async fn commit(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<ImportId>,
    admin: OrgAdmin,
    Form(form): Form<CommitForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let create_departments = form.create_departments;
    let (org, actor, now) = (admin.org.clone(), admin.actor(), state.now());
    let committed = state
        .db(move |c| {
            Ok(import::commit(
                c,
                now,
                &actor,
                &org,
                id,
                create_departments,
                Runner::Queue,
            ))
        })
        .await?;
    match committed {
        Ok(Committed::Started) => state.wake_workers(),
        Ok(Committed::Already) => {}
        Err(e) => {
            let Some(refused) = Refused::of(&admin.ctx, &e, create_departments) else {
                return Err(e.into());
            };
            // The filter and page the form was posted from (its address carries them).
            let query = ReviewQuery::from_query_string(req.query_string());
            return import_view::render(&state, admin, id, &query, Some(refused)).await;
        }
    }
    Ok(render::see_other(&format!("/admin/import/{id}")))
}
