//! `/invite/{token}`: GET only shows (mail scanners open links, docs/SECURITY.md A7); POST accepts.

use crate::db::ids::AccountId;
use crate::domain::contact::{PersonName, MAX_NAME_CHARS};
use crate::domain::invitations::{self, AcceptError, Acceptor, LinkState};
use crate::error::AppError;
use crate::i18n::{tr_args, Lang};
use crate::web::credentials::{self, Claim, Via};
use crate::web::form::Form;
use crate::web::invite_landing::{mode_for, with_pending, Landing, Mode};
use crate::web::invite_link::{self, Refusal};
use crate::web::page::{PageCtx, Visitor};
use crate::web::render::{self, FieldErrors};
use crate::web::second_factor;
use crate::web::session::FlashKind;
use crate::web::{session, state::AppState};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

/// A valid link's page speaks the invitation's language unless the visitor chose one (the
/// language switch, or their account's setting) — not the browser's: a Russian invitation opened
/// in an English browser stays Russian, and so does the account made on it.
pub async fn landing(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(mut caller): Visitor,
) -> Result<HttpResponse, AppError> {
    let looked = invite_link::lookup(&state, &req, path.into_inner()).await?;
    let spoken = invite_link::speak_the_addressed_language(&mut caller.ctx, &req, looked.addressed);
    spoken.keep(match (looked.link, looked.details) {
        (LinkState::Valid(inv), Some(d)) => {
            let now = state.now().assume_utc().unix_timestamp();
            let mode = with_pending(mode_for(&d, caller.account.as_ref()), &d, &caller, now);
            render::page(&Landing::new(caller.ctx, &inv, d, mode))
        }
        (link, _) => invite_link::problem(caller.ctx, &link),
    })
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
    /// The names the page offered (hidden; from a script without them, any name posted
    /// corrects the card's).
    #[serde(default)]
    offered_first_name: Option<String>,
    #[serde(default)]
    offered_last_name: Option<String>,
    /// The second factor, when the recipient's account has two-factor sign-in.
    #[serde(default)]
    code: String,
}

pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    Visitor(mut caller): Visitor,
    Form(form): Form<AcceptForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let looked = invite_link::lookup(&state, &req, token.clone()).await?;
    // The new account's language is the one its page is shown in (which kept it already).
    let _ = invite_link::speak_the_addressed_language(&mut caller.ctx, &req, looked.addressed);
    let (inv, d) = match (looked.link, looked.details) {
        (LinkState::Valid(inv), Some(d)) => (inv, d),
        (link, _) => {
            invite_link::log_refused_link(&caller.request_id, &link);
            return invite_link::problem(caller.ctx, &link);
        }
    };
    let now = state.now();
    let now_unix = now.assume_utc().unix_timestamp();
    let mode = with_pending(mode_for(&d, caller.account.as_ref()), &d, &caller, now_unix);
    let ctx = caller.ctx;
    let rid = caller.request_id.clone();

    let acceptor = match &mode {
        // Someone else's session: nothing is accepted, whatever was typed (docs/SECURITY.md B1).
        Mode::OtherAccount { .. } => {
            invite_link::log_refused(&rid, Refusal::WrongAccount);
            let mut page = Landing::new(ctx, &inv, d, mode);
            page.errors
                .add("account", page.ctx.t("invite-wrong-account"));
            return render::with_status(&page, StatusCode::CONFLICT);
        }
        // Never the mode of a request (only of an answer): nothing to accept.
        Mode::AlreadyMember { .. } => return Err(AppError::BadRequest("mode")),
        Mode::Join => match &caller.account {
            Some(u) => Accepting::Existing(u.id),
            None => return Err(AppError::SignInRequired),
        },
        // The recipient's own password, checked like any sign-in (throttled, audited, one
        // generic failure); it is never set or changed here (docs/SECURITY.md B2).
        Mode::SignIn => {
            let checked = credentials::check(
                &state,
                &req,
                Claim::Recipient {
                    identifier: d.recipient.clone(),
                    account: d.account.clone().map(Box::new),
                },
                form.password,
                Via::Invitation,
                Some(inv.org_id),
                &rid,
            )
            .await;
            // Out of attempts: still the invitation's page (429), the wait beside the
            // password, rather than an error page that leads away from the link.
            let checked = match checked {
                Err(AppError::TooManyRequests { retry_after }) => {
                    let mut page = Landing::new(ctx, &inv, d, mode);
                    let wait = page.ctx.t1(
                        "error-429-text",
                        "minutes",
                        AppError::minutes_to_wait(retry_after),
                    );
                    page.errors.add("password", wait);
                    let mut res = render::with_status(&page, StatusCode::TOO_MANY_REQUESTS)?;
                    res.headers_mut().insert(
                        actix_web::http::header::RETRY_AFTER,
                        actix_web::http::header::HeaderValue::from(retry_after.max(1)),
                    );
                    return Ok(res);
                }
                other => other?,
            };
            match checked {
                Some(account) => {
                    let uid = account.id;
                    let second = state
                        .db(move |c| Ok(crate::domain::two_factor::store::is_enabled(c, uid)?))
                        .await?;
                    if second {
                        // Not accepted yet: the account's second factor first, on this page.
                        let mut pending = session::Pending::new(uid, now_unix, "");
                        pending.device = crate::web::device::withhold(&req);
                        session::begin_second_step(&caller.session, &pending);
                        return render::page(&Landing::new(ctx, &inv, d, Mode::SecondFactor));
                    }
                    Accepting::Existing(uid)
                }
                None => {
                    let mut page = Landing::new(ctx, &inv, d, mode);
                    page.errors
                        .add("password", page.ctx.t("invite-signin-failed"));
                    return render::invalid(&page);
                }
            }
        }
        Mode::SecondFactor => {
            let Some(pending) = session::pending(&caller.session, now_unix) else {
                return Ok(render::see_other(req.path()));
            };
            let verdict =
                second_factor::verify(&state, pending.account, &form.code, true, &rid).await?;
            if !verdict.ok() {
                let mut page = Landing::new(ctx, &inv, d, mode);
                let key = if form.code.trim().is_empty() {
                    "two-factor-code-missing"
                } else {
                    verdict.message_key()
                };
                page.errors.add("code", page.ctx.t(key));
                return render::invalid(&page);
            }
            let now = state.now().assume_utc().unix_timestamp();
            second_factor::keep_chosen_language(&state, &pending).await?;
            crate::web::device::release(&req, pending.device, now);
            Accepting::Existing(pending.account)
        }
        Mode::NewAccount => {
            let mut errors = FieldErrors::default();
            check_name_lengths(&ctx, &mut errors, &form);
            // Invited without a name (a pasted address), the person says who they are: an
            // account and a card with no name would show as a bare address to everyone they
            // work with. (A card with names keeps them when none are posted.)
            let nameless = |first: &str, last: &str| {
                PersonName::parse(first).is_none() && PersonName::parse(last).is_none()
            };
            if nameless(&form.first_name, &form.last_name) && nameless(&d.first_name, &d.last_name)
            {
                errors.add("first_name", ctx.t("invite-err-name-required"));
            }
            render::check_password(&ctx, &mut errors, &form.password, &form.password_confirm);
            if !errors.is_empty() {
                // The names as typed; the passwords are never shown again.
                let mut page = Landing::new(ctx, &inv, d, mode);
                if form.offered_first_name.is_some() || form.offered_last_name.is_some() {
                    page.offered = (
                        form.offered_first_name.unwrap_or_default(),
                        form.offered_last_name.unwrap_or_default(),
                    );
                }
                page.first_name = form.first_name;
                page.last_name = form.last_name;
                page.errors = errors;
                return render::invalid(&page);
            }
            let first = PersonName::parse(&form.first_name);
            let last = PersonName::parse(&form.last_name);
            // An empty hidden field reads as absent: an empty name offered.
            let as_offered = |posted: &str, offered: &Option<String>| {
                offered.as_deref().unwrap_or_default().trim() == posted.trim()
            };
            let corrects = !(as_offered(&form.first_name, &form.offered_first_name)
                && as_offered(&form.last_name, &form.offered_last_name));
            let hash = state.hash_password(form.password).await?;
            Accepting::New {
                hash,
                first,
                last,
                corrects,
            }
        }
    };

    let locale = ctx.lang.code();
    let request_id = rid.clone();
    let result = state
        .db(move |c| {
            let who = match &acceptor {
                Accepting::Existing(account_id) => Acceptor::Existing {
                    account_id: *account_id,
                },
                Accepting::New {
                    hash,
                    first,
                    last,
                    corrects,
                } => Acceptor::NewAccount {
                    password_hash: hash,
                    first_name: first.as_ref(),
                    last_name: last.as_ref(),
                    corrects_card: *corrects,
                    locale,
                },
            };
            Ok(invitations::accept(c, now, &token, who, &rid))
        })
        .await?;

    match result {
        Ok(accepted) => {
            state.wake_workers();
            // A fresh session for the member (docs/SECURITY.md B8, D1).
            session::sign_in(
                &caller.session,
                accepted.account_id,
                Some(accepted.org_id),
                now.assume_utc().unix_timestamp(),
            );
            // Said on the next page, which speaks the account's language: an existing account's
            // own, a new one's the one this page spoke.
            let next = d
                .account
                .as_ref()
                .and_then(|a| Lang::parse(&a.locale))
                .unwrap_or(ctx.lang);
            session::flash(
                &caller.session,
                FlashKind::Success,
                tr_args(
                    next,
                    "invite-accepted",
                    &[("org", d.org_name.as_str().into())],
                ),
            );
            Ok(render::see_other("/"))
        }
        Err(AcceptError::Link(link)) => {
            invite_link::log_refused_link(&request_id, &link);
            invite_link::problem(ctx, &link)
        }
        // An account appeared for the address meanwhile: show the page as it now is.
        Err(AcceptError::AccountExists) => Ok(render::see_other(req.path())),
        Err(AcceptError::WrongAccount) => {
            invite_link::log_refused(&request_id, Refusal::WrongAccount);
            let mut page = Landing::new(ctx, &inv, d, mode);
            page.errors
                .add("account", page.ctx.t("invite-wrong-account"));
            render::with_status(&page, StatusCode::CONFLICT)
        }
        Err(AcceptError::AlreadyMember) => {
            invite_link::log_refused(&request_id, Refusal::AlreadyMember);
            let org = d.org_name.clone();
            let signed_in = caller.account.is_some();
            let mut page = Landing::new(ctx, &inv, d, Mode::AlreadyMember { signed_in });
            let message = page.ctx.t1("invite-already-member", "org", &org);
            page.errors.add("account", message);
            render::with_status(&page, StatusCode::CONFLICT)
        }
        Err(AcceptError::Domain(e)) => Err(e.into()),
    }
}

/// A name longer than a card keeps is refused beside its field, never cut (docs/UX.md, forms).
fn check_name_lengths(ctx: &PageCtx, errors: &mut FieldErrors, form: &AcceptForm) {
    for (field, name) in [
        ("first_name", &form.first_name),
        ("last_name", &form.last_name),
    ] {
        if name.chars().count() > MAX_NAME_CHARS {
            errors.add(field, ctx.t1("err-too-long", "max", MAX_NAME_CHARS));
        }
    }
}

/// Who accepts, decided before the transaction.
enum Accepting {
    Existing(AccountId),
    New {
        hash: String,
        first: Option<PersonName>,
        last: Option<PersonName>,
        /// The names posted differ from those the page offered: they correct the card's.
        corrects: bool,
    },
}
