//! Departments: the list and a form to add one.

use crate::db::ids::{DepartmentId, OrgId};
use crate::domain::{contact, DomainError};
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/departments.html")]
struct DepartmentsPage {
    ctx: PageCtx,
    departments: Vec<(DepartmentId, String)>,
    name: String,
    errors: FieldErrors,
}

async fn names(state: &AppState, org_id: OrgId) -> Result<Vec<(DepartmentId, String)>, AppError> {
    state
        .db(move |c| Ok(crate::domain::departments::names(c, org_id)?))
        .await
}

pub async fn list(state: web::Data<AppState>, admin: OrgAdmin) -> Result<HttpResponse, AppError> {
    let departments = names(&state, admin.org.id).await?;
    render::page(&DepartmentsPage {
        ctx: admin.ctx,
        departments,
        name: String::new(),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, validator::Validate)]
pub struct DepartmentForm {
    #[serde(default)]
    #[validate(length(max = 100, code = "err-too-long"))]
    name: String,
}

pub async fn create(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<DepartmentForm>,
) -> Result<HttpResponse, AppError> {
    let name = contact::clean_name(&form.name);
    let mut errors = FieldErrors::default();
    render::validate_form(&admin.ctx, &form, &["name"], &mut errors);
    if name.is_empty() {
        errors.add("name", admin.ctx.t("err-required"));
    }
    if errors.is_empty() {
        let (org_id, now, n) = (admin.org.id, state.now(), name.clone());
        match state
            .db(move |c| Ok(crate::domain::departments::create(c, now, org_id, &n)))
            .await?
        {
            Ok(_) => {
                session::flash(&admin.session, "success", admin.ctx.t("department-created"));
                return Ok(render::see_other("/admin/departments"));
            }
            Err(DomainError::Conflict(_)) => {
                errors.add("name", admin.ctx.t("err-department-taken"))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let departments = names(&state, admin.org.id).await?;
    render::invalid(&DepartmentsPage {
        ctx: admin.ctx,
        departments,
        name: form.name,
        errors,
    })
}
