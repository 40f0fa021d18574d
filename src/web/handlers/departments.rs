//! Departments: the list and a form to add one; rename, and delete after a page that says
//! what it affects.

use crate::db::ids::{DepartmentId, OrgId};
use crate::domain::departments::DepartmentLine;
use crate::domain::{contact, DomainError};
use crate::error::AppError;
use crate::web::form::{EmptyForm, Form};
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/departments.html")]
struct DepartmentsPage {
    ctx: PageCtx,
    /// Each department with its number of cards.
    departments: Vec<(DepartmentId, String, i64)>,
    name: String,
    errors: FieldErrors,
}

async fn names(
    state: &AppState,
    org_id: OrgId,
) -> Result<Vec<(DepartmentId, String, i64)>, AppError> {
    state
        .db(move |c| Ok(crate::domain::departments::with_card_counts(c, org_id)?))
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

/// The rename form (shared template with roles).
#[derive(Template)]
#[template(path = "admin/rename.html")]
struct RenamePage {
    ctx: PageCtx,
    title: String,
    back_href: &'static str,
    back_label: String,
    reach: String,
    action: String,
    name: String,
    errors: FieldErrors,
    delete_label: String,
}

/// The confirmation before a deletion (shared template with roles).
#[derive(Template)]
#[template(path = "admin/delete_confirm.html")]
struct DeletePage {
    ctx: PageCtx,
    title: String,
    consequences: Vec<String>,
    action: String,
    confirm_label: String,
    cancel_href: String,
}

#[derive(Deserialize, validator::Validate)]
pub struct DepartmentForm {
    #[serde(default)]
    #[validate(length(max = 100, code = "err-too-long"))]
    name: String,
}

impl DepartmentForm {
    /// The cleaned name, or the problems beside the field.
    fn checked(&self, ctx: &PageCtx) -> (String, FieldErrors) {
        let name = contact::clean_text(&self.name);
        let mut errors = FieldErrors::default();
        render::validate_form(ctx, self, &["name"], &mut errors);
        if name.is_empty() {
            errors.add("name", ctx.t("err-required"));
        }
        (name, errors)
    }
}

pub async fn create(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<DepartmentForm>,
) -> Result<HttpResponse, AppError> {
    let (name, mut errors) = form.checked(&admin.ctx);
    if errors.is_empty() {
        let (actor, org_id, now, n) = (admin.actor(), admin.org.id, state.now(), name.clone());
        match state
            .db(move |c| {
                Ok(crate::domain::departments::create(
                    c, now, &actor, org_id, &n,
                ))
            })
            .await?
        {
            Ok(_) => {
                session::flash(
                    &admin.session,
                    FlashKind::Success,
                    admin.ctx.t1("department-created", "name", name.as_str()),
                );
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

async fn one(
    state: &AppState,
    org_id: OrgId,
    id: DepartmentId,
) -> Result<DepartmentLine, AppError> {
    let now = state.now();
    state
        .db(move |c| crate::domain::departments::get(c, org_id, id, now)?.ok_or(AppError::NotFound))
        .await
}

fn rename_page(
    admin: OrgAdmin,
    dep: &DepartmentLine,
    name: String,
    errors: FieldErrors,
) -> RenamePage {
    let ctx = admin.ctx;
    RenamePage {
        title: ctx.t1("department-edit-title", "name", dep.name.as_str()),
        back_href: "/admin/departments",
        back_label: ctx.t("nav-departments"),
        // As the departments list counts the cards and the delete page names them all: the
        // members, the other cards, the open invitations.
        reach: [
            Some(ctx.t1("department-reach-members", "count", dep.members)),
            (dep.other_cards > 0)
                .then(|| ctx.t1("department-reach-cards", "count", dep.other_cards)),
            Some(ctx.t1(
                "department-reach-invitations",
                "count",
                dep.open_invitations,
            )),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" "),
        action: format!("/admin/departments/{}", dep.id),
        name,
        errors,
        delete_label: ctx.t("department-delete"),
        ctx,
    }
}

pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<DepartmentId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let dep = one(&state, admin.org.id, path.into_inner()).await?;
    let name = dep.name.clone();
    render::page(&rename_page(admin, &dep, name, FieldErrors::default()))
}

pub async fn rename(
    state: web::Data<AppState>,
    path: web::Path<DepartmentId>,
    admin: OrgAdmin,
    Form(form): Form<DepartmentForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (name, mut errors) = form.checked(&admin.ctx);
    if errors.is_empty() {
        let (actor, org_id, now, n) = (admin.actor(), admin.org.id, state.now(), name.clone());
        match state
            .db(move |c| {
                Ok(crate::domain::departments::rename(
                    c, now, &actor, org_id, id, &n,
                ))
            })
            .await?
        {
            Ok(()) => {
                let msg = admin.ctx.t1("department-renamed", "name", name.as_str());
                session::flash(&admin.session, FlashKind::Success, msg);
                return Ok(render::see_other("/admin/departments"));
            }
            Err(DomainError::Conflict(_)) => {
                errors.add("name", admin.ctx.t("err-department-taken"))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let dep = one(&state, admin.org.id, id).await?;
    render::invalid(&rename_page(admin, &dep, form.name, errors))
}

pub async fn delete_confirm(
    state: web::Data<AppState>,
    path: web::Path<DepartmentId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let dep = one(&state, admin.org.id, path.into_inner()).await?;
    let ctx = admin.ctx;
    let mut consequences = vec![ctx.t1("department-delete-members", "count", dep.members)];
    if dep.other_cards > 0 {
        consequences.push(ctx.t1("department-delete-cards", "count", dep.other_cards));
    }
    consequences.push(ctx.t1(
        "department-delete-invitations",
        "count",
        dep.open_invitations,
    ));
    render::page(&DeletePage {
        title: ctx.t1("department-delete-title", "name", dep.name.as_str()),
        consequences,
        action: format!("/admin/departments/{}/delete", dep.id),
        confirm_label: ctx.t("department-delete"),
        cancel_href: format!("/admin/departments/{}", dep.id),
        ctx,
    })
}

pub async fn delete(
    state: web::Data<AppState>,
    path: web::Path<DepartmentId>,
    admin: OrgAdmin,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (id, actor, org_id, now) = (path.into_inner(), admin.actor(), admin.org.id, state.now());
    let dep = state
        .db(move |c| {
            Ok(crate::domain::departments::delete(
                c, now, &actor, org_id, id,
            )?)
        })
        .await?;
    let msg = admin
        .ctx
        .t1("department-deleted", "name", dep.name.as_str());
    session::flash(&admin.session, FlashKind::Success, msg);
    Ok(render::see_other("/admin/departments"))
}
