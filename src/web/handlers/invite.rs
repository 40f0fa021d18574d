//! `/invite/{token}`: GET only shows (mail scanners open links, A7); POST accepts.

use crate::domain::contact;
use crate::domain::invitations::{self, AcceptError, Acceptor, Details, LinkState};
use crate::error::AppError;
use crate::i18n::format_datetime;
use crate::web::form::Form;
use crate::web::page::{PageCtx, Visitor};
use crate::web::render::{self, FieldErrors};
use crate::web::{session, state::AppState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "invite/landing.html")]
struct Landing {
    ctx: PageCtx,
    d: Details,
    expires: String,
    first_name: String,
    last_name: String,
    errors: FieldErrors,
}

/// One calm page per link problem, with the next step and no details (A8).
#[derive(Template)]
#[template(path = "invite/problem.html")]
struct Problem {
    ctx: PageCtx,
    heading: String,
    text: String,
}

fn problem(ctx: PageCtx, state: &LinkState) -> Result<HttpResponse, AppError> {
    let code = state.code();
    let page = Problem {
        heading: ctx.t(&format!("link-{code}-title")),
        text: ctx.t(&format!("link-{code}-text")),
        ctx,
    };
    let status = match state {
        LinkState::Unknown => StatusCode::NOT_FOUND,
        _ => StatusCode::GONE,
    };
    render::with_status(&page, status)
}

/// Looks the link up, counting unknown tokens against the client (A9).
async fn lookup(
    state: &AppState,
    req: &HttpRequest,
    token: String,
) -> Result<(LinkState, Option<Details>), AppError> {
    let key = crate::web::throttle::client_key(req);
    if !state.token_throttle.allowed(&key) {
        return Err(AppError::TooManyRequests);
    }
    let now = state.now();
    let (link, details) = state
        .db(move |c| {
            let link = invitations::link_state(c, now, &token)?;
            let details = match &link {
                LinkState::Valid(inv) => Some(invitations::details(c, inv)?),
                _ => None,
            };
            Ok((link, details))
        })
        .await?;
    if matches!(link, LinkState::Unknown) {
        state.token_throttle.hit(&key);
        tracing::info!(target: "audit", action = "invitation.unknown_token", "unknown invitation token");
    }
    Ok((link, details))
}

pub async fn landing(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(caller): Visitor,
) -> Result<HttpResponse, AppError> {
    let (link, details) = lookup(&state, &req, path.into_inner()).await?;
    match (link, details) {
        (LinkState::Valid(inv), Some(d)) => render::page(&Landing {
            ctx: caller.ctx,
            expires: inv.expires_at.map(format_datetime).unwrap_or_default(),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            d,
            errors: FieldErrors::default(),
        }),
        (link, _) => problem(caller.ctx, &link),
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
}

pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(caller): Visitor,
    Form(form): Form<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (link, details) = lookup(&state, &req, token.clone()).await?;
    let (inv, d) = match (link, details) {
        (LinkState::Valid(inv), Some(d)) => (inv, d),
        (link, _) => return problem(caller.ctx, &link),
    };
    let ctx = caller.ctx;
    let mut errors = FieldErrors::default();
    let now = state.now();
    let rid = caller.request_id.clone();

    let result = if d.account_exists {
        // Existing account: sign in as exactly the invited address (B1); its password is
        // never set or reset here (B2).
        let email = contact::normalize_email(&form.email).unwrap_or_default();
        let user = state
            .db(move |c| Ok(crate::domain::users::find_for_login(c, &email)?))
            .await?;
        let ok = state
            .verify_password(
                form.password.clone(),
                user.as_ref().and_then(|u| u.password_hash.clone()),
            )
            .await?;
        match user.filter(|_| ok) {
            Some(user) => {
                let uid = user.id.clone();
                state
                    .db(move |c| {
                        Ok(invitations::accept(
                            c,
                            now,
                            &token,
                            Acceptor::Existing { user_id: &uid },
                            &rid,
                        ))
                    })
                    .await?
            }
            None => {
                // The link may have been used meanwhile: then say that, not "wrong password".
                if let (link @ (LinkState::Used | LinkState::Revoked | LinkState::Expired), _) =
                    lookup(&state, &req, token.clone()).await?
                {
                    return problem(ctx, &link);
                }
                errors.add("email", ctx.t("login-failed"));
                Err(AcceptError::WrongAccount)
            }
        }
    } else {
        let first = contact::clean_name(&form.first_name);
        let last = contact::clean_name(&form.last_name);
        render::check_password(&ctx, &mut errors, &form.password, &form.password_confirm);
        if !errors.is_empty() {
            return render::invalid(&Landing {
                ctx,
                expires: inv.expires_at.map(format_datetime).unwrap_or_default(),
                first_name: first,
                last_name: last,
                d,
                errors,
            });
        }
        let hash = state.hash_password(form.password.clone()).await?;
        let locale = ctx.lang.code();
        state
            .db(move |c| {
                Ok(invitations::accept(
                    c,
                    now,
                    &token,
                    Acceptor::NewAccount {
                        password_hash: &hash,
                        first_name: &first,
                        last_name: &last,
                        locale,
                    },
                    &rid,
                ))
            })
            .await?
    };

    match result {
        Ok(accepted) => {
            state.wake_workers();
            // A fresh session for the new member (B8, D1).
            session::sign_in(
                &caller.session,
                &accepted.user_id,
                Some(&accepted.org_id),
                now.assume_utc().unix_timestamp(),
            );
            session::flash(
                &caller.session,
                "success",
                ctx.t1("invite-accepted", "org", &d.org_name),
            );
            Ok(render::see_other("/"))
        }
        Err(AcceptError::Link(link)) => problem(ctx, &link),
        Err(AcceptError::AccountExists) => Ok(render::see_other(req.path())),
        Err(AcceptError::WrongAccount) => {
            if errors.is_empty() {
                errors.add("email", ctx.t("invite-wrong-account"));
            }
            render::invalid(&Landing {
                ctx,
                expires: inv.expires_at.map(format_datetime).unwrap_or_default(),
                first_name: d.first_name.clone(),
                last_name: d.last_name.clone(),
                d,
                errors,
            })
        }
        Err(AcceptError::Domain(e)) => Err(e.into()),
    }
}
