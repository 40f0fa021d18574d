//! Home, the organisation chooser and the switch.

use crate::db::ids::OrgId;
use crate::error::AppError;
use crate::web::form::{EmptyForm, Form};
use crate::web::page::{OrgChoice, OrgCount, PageCtx, SignedIn};
use crate::web::render;
use crate::web::{session, state::AppState};
use actix_web::{web, HttpResponse};
use askama::Template;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
    restricted: bool,
}

pub async fn home(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, AppError> {
    let Some((_, member)) = &me.org else {
        // The current organisation is disabled, or none is chosen: where the person goes.
        return match (me.org_disabled, me.ctx.orgs) {
            // Disabled by the platform: the person's organisations, where it is shown as such
            // (its own pages stay closed) and the others can be chosen.
            (true, _) | (false, OrgCount::Several) => Ok(render::see_other("/orgs")),
            (false, OrgCount::One) => pick_the_only_one(&state, &me).await,
            _ if me.account.is_operator => Ok(render::see_other("/platform/orgs")),
            (false, OrgCount::OnlyDisabled) => Ok(render::see_other("/orgs")),
            // No organisation any more (or not yet): language, sign-out, and how to ask for
            // the account to be deleted.
            (false, OrgCount::None) => Ok(render::see_other("/account/none")),
        };
    };
    let mid = member.id;
    let role_count = state
        .db(move |c| Ok(crate::domain::roles::role_count(c, mid)?))
        .await?;
    let restricted = !member.is_admin && role_count == 0;
    render::page(&HomePage {
        ctx: me.ctx,
        restricted,
    })
}

/// Chooses the only enabled organisation there is, and goes home.
async fn pick_the_only_one(state: &AppState, me: &SignedIn) -> Result<HttpResponse, AppError> {
    let uid = me.account.id;
    let orgs = state
        .db(move |c| Ok(crate::domain::accounts::active_orgs(c, uid)?))
        .await?;
    match orgs.first() {
        Some((id, ..)) => {
            me.session
                .insert(session::ORG_ID, id)
                .map_err(AppError::internal)?;
            Ok(render::see_other("/"))
        }
        // Gone in the meantime: counted again on the next page.
        None => Ok(render::see_other("/orgs")),
    }
}

#[derive(Template)]
#[template(path = "orgs.html")]
struct OrgsPage {
    ctx: PageCtx,
    orgs: Vec<OrgChoice>,
    /// Memberships of organisations the platform operator disabled: shown, not offered.
    disabled: Vec<OrgChoice>,
}

pub async fn orgs(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, AppError> {
    if me.ctx.orgs == OrgCount::None && !me.account.is_operator {
        return Ok(render::see_other("/account/none"));
    }
    let uid = me.account.id;
    let (orgs, disabled) = state
        .db(move |c| {
            Ok((
                crate::domain::accounts::active_orgs(c, uid)?,
                crate::domain::accounts::disabled_orgs(c, uid)?,
            ))
        })
        .await?;
    let orgs = orgs
        .into_iter()
        .map(|(id, name, customer_number, _)| OrgChoice {
            id,
            name,
            customer_number,
        })
        .collect();
    let disabled = disabled
        .into_iter()
        .map(|(id, name, customer_number)| OrgChoice {
            id,
            name,
            customer_number,
        })
        .collect();
    render::page(&OrgsPage {
        ctx: me.ctx,
        orgs,
        disabled,
    })
}

pub async fn switch_org(
    state: web::Data<AppState>,
    path: web::Path<OrgId>,
    me: SignedIn,
    _form: Form<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let org_id = path.into_inner();
    let (uid, oid) = (me.account.id, org_id);
    let (member, disabled) = state
        .db(move |c| {
            Ok((
                crate::domain::orgs::active_member(c, oid, uid)?,
                crate::domain::orgs::is_disabled(c, oid)?,
            ))
        })
        .await?;
    if member.is_none() {
        return Err(AppError::NotFound);
    }
    if disabled {
        return Err(AppError::OrgDisabled);
    }
    me.session
        .insert(session::ORG_ID, org_id)
        .map_err(AppError::internal)?;
    Ok(render::see_other("/"))
}
