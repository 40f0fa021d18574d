//! Leaving an organisation, `/account/leave/{org_id}` (docs/PRODUCT.md §2.13, seed 004): the
//! first page explains, a POST with `step=confirm` shows the second confirmation (naming the
//! organisation and what is lost), and only a POST with `step=final` and the ticked box
//! `understood` acts. Afterwards: several organisations left → the chooser, one → its home,
//! only disabled ones → the chooser (which shows them), none → `/account/none`, the page of an
//! account without organisations (language, sign-out, and how to have the account deleted).

use crate::db::ids::OrgId;
use crate::domain::leaving::{self, Membership};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::web::form::Form;
use crate::web::page::{OrgCount, PageCtx, SignedIn};
use crate::web::render::{self, FieldErrors};
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

/// Which confirmation a POST carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The first confirmation: show the second.
    Confirm,
    /// The second confirmation: leave (with `understood` ticked).
    Final,
}

#[derive(serde::Deserialize)]
pub struct LeaveForm {
    #[serde(default)]
    step: Option<Step>,
    /// A check box: the usual spellings (`web::form::ticked_box`).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    understood: bool,
}

#[derive(Template)]
#[template(path = "account/leave.html")]
struct LeavePage {
    ctx: PageCtx,
    m: Membership,
    /// 1: the explanation; 2: the final confirmation.
    step: u8,
    /// What is lost, one line each (the second step).
    losses: Vec<String>,
    errors: FieldErrors,
    /// The organisation is the session's current one (its admin pages apply to it).
    here: bool,
}

impl LeavePage {
    fn new(ctx: PageCtx, m: Membership, step: u8) -> LeavePage {
        let losses = losses(&ctx, &m);
        let here = ctx.org.as_ref().is_some_and(|o| o.id == m.org.id);
        LeavePage {
            here,
            ctx,
            m,
            step,
            losses,
            errors: FieldErrors::default(),
        }
    }
}

/// What leaving takes away, said exactly.
fn losses(ctx: &PageCtx, m: &Membership) -> Vec<String> {
    let mut out = vec![ctx.t2(
        "leave-lose-access",
        "org",
        m.org.name.as_str(),
        "number",
        m.org.customer_number.as_str(),
    )];
    if m.member.is_admin {
        out.push(ctx.t("leave-lose-admin"));
    }
    if m.role_names.is_empty() {
        out.push(ctx.t("leave-lose-no-roles"));
    } else {
        out.push(ctx.t1("leave-lose-roles", "roles", m.role_names.join(", ")));
    }
    if let Some(dep) = &m.department {
        out.push(ctx.t1("leave-lose-department", "department", dep.as_str()));
    }
    if m.open_sent > 0 {
        out.push(ctx.t1("leave-lose-invitations", "count", m.open_sent));
    }
    out.push(ctx.t("leave-lose-sessions"));
    out.push(ctx.t("leave-lose-return"));
    out
}

/// The account's membership to leave; with none, the answer instead: an organisation this
/// session has just left (the confirmation sent twice, or opened again from the browser's
/// history) is done already, and the person is sent on as after leaving; any other is not
/// found (docs/SECURITY.md B5: nothing said of another organisation).
async fn membership(
    state: &AppState,
    me: &SignedIn,
    org_id: OrgId,
) -> Result<Result<Membership, HttpResponse>, AppError> {
    let (uid, now) = (me.account.id, state.now());
    let found = state
        .db(move |c| Ok(leaving::own(c, uid, org_id, now)?))
        .await?;
    match found {
        Some(m) => Ok(Ok(m)),
        None if just_left(me, org_id) => Ok(Err(already_left(me))),
        None => Err(AppError::NotFound),
    }
}

fn just_left(me: &SignedIn, org_id: OrgId) -> bool {
    me.session.get::<OrgId>(session::LEFT_ORG).ok().flatten() == Some(org_id)
}

/// Remembers in the session that it left `org_id` ([`just_left`]).
fn mark_left(me: &SignedIn, org_id: OrgId) -> Result<(), AppError> {
    me.session
        .insert(session::LEFT_ORG, org_id)
        .map_err(AppError::internal)
}

fn already_left(me: &SignedIn) -> HttpResponse {
    session::flash(&me.session, FlashKind::Info, me.ctx.t("leave-already-left"));
    render::see_other("/")
}

pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<OrgId>,
    me: SignedIn,
) -> Result<HttpResponse, AppError> {
    match membership(&state, &me, path.into_inner()).await? {
        Ok(m) => render::page(&LeavePage::new(me.ctx, m, 1)),
        Err(done) => Ok(done),
    }
}

pub async fn submit(
    state: web::Data<AppState>,
    path: web::Path<OrgId>,
    me: SignedIn,
    Form(form): Form<LeaveForm>,
) -> Result<HttpResponse, AppError> {
    let org_id = path.into_inner();
    let m = match membership(&state, &me, org_id).await? {
        Ok(m) => m,
        Err(done) => return Ok(done),
    };
    if m.last_admin {
        return render::with_status(&LeavePage::new(me.ctx, m, 1), StatusCode::CONFLICT);
    }
    // Anything but the final confirmation with the box ticked shows the second step.
    if form.step != Some(Step::Final) {
        return render::page(&LeavePage::new(me.ctx, m, 2));
    }
    if !form.understood {
        let mut page = LeavePage::new(me.ctx, m, 2);
        page.errors
            .add("understood", page.ctx.t("leave-err-understood"));
        return render::invalid(&page);
    }
    let (actor, now) = (
        crate::domain::Actor {
            account_id: me.account.id,
            request_id: me.request_id.clone(),
        },
        state.now(),
    );
    let uid = me.account.id;
    let result = state
        .db(move |c| {
            let left = leaving::leave(c, now, &actor, org_id);
            let remaining = crate::domain::accounts::active_orgs(c, uid)?;
            // With no enabled organisation left, whether disabled ones remain (shown on the
            // chooser: the person still belongs to them).
            let disabled_remain =
                remaining.is_empty() && !crate::domain::accounts::disabled_orgs(c, uid)?.is_empty();
            Ok((left, remaining, disabled_remain))
        })
        .await?;
    let (left, remaining, disabled_remain) = result;
    let org = match left {
        Ok(org) => org,
        // Another admin left first: this one is now the last.
        Err(DomainError::Conflict(_)) => {
            return match membership(&state, &me, org_id).await? {
                Ok(m) => render::with_status(&LeavePage::new(me.ctx, m, 1), StatusCode::CONFLICT),
                Err(done) => Ok(done),
            };
        }
        // A parallel submission of this member's left first (its session write may come
        // after this one's: the mark goes in both).
        Err(DomainError::NotFound) => {
            mark_left(&me, org_id)?;
            return Ok(already_left(&me));
        }
        Err(e) => return Err(e.into()),
    };
    state.wake_workers();
    mark_left(&me, org_id)?;
    session::flash(
        &me.session,
        FlashKind::Success,
        me.ctx.t2(
            "leave-done",
            "org",
            org.name.as_str(),
            "number",
            org.customer_number.as_str(),
        ),
    );
    let next = match remaining.as_slice() {
        [] => {
            me.session.remove(session::ORG_ID);
            if disabled_remain {
                "/orgs"
            } else {
                "/account/none"
            }
        }
        [(only, ..)] => {
            me.session
                .insert(session::ORG_ID, only)
                .map_err(AppError::internal)?;
            "/"
        }
        _ => {
            me.session.remove(session::ORG_ID);
            "/orgs"
        }
    };
    Ok(render::see_other(next))
}

#[derive(Template)]
#[template(path = "account/none.html")]
struct NonePage {
    ctx: PageCtx,
    /// How the account signs in (its e-mail address or phone), to quote when asking.
    sign_in: String,
}

/// The page of an account that belongs to no organisation: language, sign-out, and how to have
/// the account deleted. Anyone with an organisation (or an operator) goes home instead; a
/// member of disabled organisations only, to the chooser that shows them.
pub async fn none(me: SignedIn) -> Result<HttpResponse, AppError> {
    match me.ctx.orgs {
        _ if me.account.is_operator => return Ok(render::see_other("/")),
        OrgCount::OnlyDisabled => return Ok(render::see_other("/orgs")),
        OrgCount::One | OrgCount::Several => return Ok(render::see_other("/")),
        OrgCount::None => {}
    }
    let sign_in = me
        .account
        .email
        .clone()
        .or(me.account.phone.clone())
        .unwrap_or_default();
    render::page(&NonePage {
        ctx: me.ctx,
        sign_in,
    })
}
