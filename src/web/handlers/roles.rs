//! `/admin/roles`: the organisation's roles with how many members hold each and how many open
//! invitations offer it; create, rename, and delete after a page that says what it affects.

use crate::db::ids::{OrgId, RoleId};
use crate::domain::import::cells::ROLE_SEPARATOR;
use crate::domain::roles::{self, RoleLine};
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
#[template(path = "admin/roles.html")]
struct RolesPage {
    ctx: PageCtx,
    roles: Vec<RoleLine>,
    name: String,
    errors: FieldErrors,
}

/// The rename form (shared template with departments).
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

/// The confirmation before a deletion (shared template with departments).
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
pub struct RoleForm {
    #[serde(default)]
    #[validate(length(max = 100, code = "err-too-long"))]
    name: String,
}

impl RoleForm {
    /// The cleaned name, or the problems beside the field.
    fn checked(&self, ctx: &PageCtx) -> (String, FieldErrors) {
        let name = contact::clean_text(&self.name);
        let mut errors = FieldErrors::default();
        render::validate_form(ctx, self, &["name"], &mut errors);
        if name.is_empty() {
            errors.add("name", ctx.t("err-required"));
        }
        // The import and the export separate roles with it: a name holding it would not
        // survive the round trip.
        if name.contains(ROLE_SEPARATOR) {
            errors.add("name", ctx.t("err-role-separator"));
        }
        (name, errors)
    }
}

async fn list_of(state: &AppState, org_id: OrgId) -> Result<Vec<RoleLine>, AppError> {
    let now = state.now();
    state.db(move |c| Ok(roles::list(c, org_id, now)?)).await
}

async fn one(state: &AppState, org_id: OrgId, id: RoleId) -> Result<RoleLine, AppError> {
    let now = state.now();
    state
        .db(move |c| roles::get(c, org_id, id, now)?.ok_or(AppError::NotFound))
        .await
}

pub async fn list(state: web::Data<AppState>, admin: OrgAdmin) -> Result<HttpResponse, AppError> {
    let roles = list_of(&state, admin.org.id).await?;
    render::page(&RolesPage {
        ctx: admin.ctx,
        roles,
        name: String::new(),
        errors: FieldErrors::default(),
    })
}

pub async fn create(
    state: web::Data<AppState>,
    admin: OrgAdmin,
    Form(form): Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let (name, mut errors) = form.checked(&admin.ctx);
    if errors.is_empty() {
        let (actor, org_id, now, n) = (admin.actor(), admin.org.id, state.now(), name.clone());
        match state
            .db(move |c| Ok(roles::create(c, now, &actor, org_id, &n)))
            .await?
        {
            Ok(_) => {
                let msg = admin.ctx.t1("role-created", "name", name.as_str());
                session::flash(&admin.session, FlashKind::Success, msg);
                return Ok(render::see_other("/admin/roles"));
            }
            Err(DomainError::Conflict(_)) => errors.add("name", admin.ctx.t("err-role-taken")),
            Err(e) => return Err(e.into()),
        }
    }
    let roles = list_of(&state, admin.org.id).await?;
    render::invalid(&RolesPage {
        ctx: admin.ctx,
        roles,
        name: form.name,
        errors,
    })
}

fn rename_page(admin: OrgAdmin, role: &RoleLine, name: String, errors: FieldErrors) -> RenamePage {
    let ctx = admin.ctx;
    RenamePage {
        title: ctx.t1("role-edit-title", "name", role.name.as_str()),
        back_href: "/admin/roles",
        back_label: ctx.t("nav-roles"),
        reach: format!(
            "{} {}",
            ctx.t1("role-reach-members", "count", role.members),
            ctx.t1("role-reach-invitations", "count", role.open_invitations)
        ),
        action: format!("/admin/roles/{}", role.id),
        name,
        errors,
        delete_label: ctx.t("role-delete"),
        ctx,
    }
}

pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<RoleId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let role = one(&state, admin.org.id, path.into_inner()).await?;
    let name = role.name.clone();
    render::page(&rename_page(admin, &role, name, FieldErrors::default()))
}

pub async fn rename(
    state: web::Data<AppState>,
    path: web::Path<RoleId>,
    admin: OrgAdmin,
    Form(form): Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (name, mut errors) = form.checked(&admin.ctx);
    if errors.is_empty() {
        let (actor, org_id, now, n) = (admin.actor(), admin.org.id, state.now(), name.clone());
        match state
            .db(move |c| Ok(roles::rename(c, now, &actor, org_id, id, &n)))
            .await?
        {
            Ok(()) => {
                let msg = admin.ctx.t1("role-renamed", "name", name.as_str());
                session::flash(&admin.session, FlashKind::Success, msg);
                return Ok(render::see_other("/admin/roles"));
            }
            Err(DomainError::Conflict(_)) => errors.add("name", admin.ctx.t("err-role-taken")),
            Err(e) => return Err(e.into()),
        }
    }
    let role = one(&state, admin.org.id, id).await?;
    render::invalid(&rename_page(admin, &role, form.name, errors))
}

pub async fn delete_confirm(
    state: web::Data<AppState>,
    path: web::Path<RoleId>,
    admin: OrgAdmin,
) -> Result<HttpResponse, AppError> {
    let role = one(&state, admin.org.id, path.into_inner()).await?;
    let ctx = admin.ctx;
    let mut consequences = vec![
        ctx.t1("role-delete-members", "count", role.members),
        ctx.t1("role-delete-restricted", "count", role.sole_holders),
    ];
    if role.other_cards > 0 {
        consequences.push(ctx.t1("role-delete-cards", "count", role.other_cards));
    }
    // The invitations offering it that stay valid; those withdrawn are told apart below
    // (nothing said of the offer when every invitation offering it is withdrawn).
    let kept = role.open_invitations - role.withdrawn_offering;
    if kept > 0 || role.withdrawn_offering == 0 {
        consequences.push(ctx.t1("role-delete-invitations", "count", kept));
    }
    if role.withdrawn > 0 {
        consequences.push(ctx.t1("role-delete-withdrawn", "count", role.withdrawn));
    }
    render::page(&DeletePage {
        title: ctx.t1("role-delete-title", "name", role.name.as_str()),
        consequences,
        action: format!("/admin/roles/{}/delete", role.id),
        confirm_label: ctx.t("role-delete"),
        cancel_href: format!("/admin/roles/{}", role.id),
        ctx,
    })
}

pub async fn delete(
    state: web::Data<AppState>,
    path: web::Path<RoleId>,
    admin: OrgAdmin,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (id, actor, org_id, now) = (path.into_inner(), admin.actor(), admin.org.id, state.now());
    let role = state
        .db(move |c| Ok(roles::delete(c, now, &actor, org_id, id)?))
        .await?;
    let msg = if role.withdrawn > 0 {
        admin.ctx.t2(
            "role-deleted-withdrawn",
            "name",
            role.name.as_str(),
            "count",
            role.withdrawn,
        )
    } else {
        admin.ctx.t1("role-deleted", "name", role.name.as_str())
    };
    session::flash(&admin.session, FlashKind::Success, msg);
    Ok(render::see_other("/admin/roles"))
}
