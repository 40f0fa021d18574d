//! Who may call a handler, as the extractor it names: anyone (`Visitor`), a signed-in account,
//! a member or an admin of the current organisation, a platform operator. Each is built from the
//! request's [`Caller`] (`page::load`) and refuses the request when the caller is not one.

use super::page::{load, Caller, PageCtx};
use crate::db::models::{Account, Member, Organisation};
use crate::error::AppError;
use actix_session::Session;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use std::future::Future;
use std::pin::Pin;

/// The account acting in a request, as the domain records it.
fn actor(account: &Account, request_id: &str) -> crate::domain::Actor {
    crate::domain::Actor {
        account_id: account.id,
        request_id: request_id.to_owned(),
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// Anyone, signed in or not.
pub struct Visitor(pub Caller);

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { load(&req).await.map(Visitor) })
    }
}

/// A signed-in account.
pub struct SignedIn {
    pub ctx: PageCtx,
    pub account: Account,
    pub org: Option<(Organisation, Member)>,
    /// The organisation chosen in the session is disabled (see [`Caller::org_disabled`]).
    pub org_disabled: bool,
    pub session: Session,
    pub request_id: String,
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let c = load(&req).await?;
            let account = c.account.ok_or(AppError::SignInRequired)?;
            Ok(SignedIn {
                ctx: c.ctx,
                account,
                org: c.org,
                org_disabled: c.org_disabled,
                session: c.session,
                request_id: c.request_id,
            })
        })
    }
}

/// An admin of the current organisation; every admin handler works inside `org` only
/// (docs/SECURITY.md B5).
pub struct OrgAdmin {
    pub ctx: PageCtx,
    pub account: Account,
    pub org: Organisation,
    pub member: Member,
    pub session: Session,
    pub request_id: String,
}

impl OrgAdmin {
    pub fn actor(&self) -> crate::domain::Actor {
        actor(&self.account, &self.request_id)
    }

    /// The card `id` of this organisation with what its membership holds
    /// (`leaving::of_card`); another organisation's or an unknown card is not found.
    pub async fn membership(
        &self,
        state: &crate::web::state::AppState,
        id: crate::db::ids::MemberId,
    ) -> Result<crate::domain::leaving::Membership, AppError> {
        let (org_id, now) = (self.org.id, state.now());
        state
            .db(move |c| Ok(crate::domain::leaving::of_card(c, org_id, id, now)?))
            .await?
            .ok_or(AppError::NotFound)
    }
}

impl FromRequest for OrgAdmin {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let m = OrgMember::from_caller(load(&req).await?)?;
            if !m.member.is_admin {
                return Err(AppError::Forbidden);
            }
            Ok(OrgAdmin {
                ctx: m.ctx,
                account: m.account,
                org: m.org,
                member: m.member,
                session: m.session,
                request_id: m.request_id,
            })
        })
    }
}

/// An active member of the current organisation, admin or not; handlers using it work inside
/// `org` only and decide themselves what a member who is not an admin may do.
pub struct OrgMember {
    pub ctx: PageCtx,
    pub account: Account,
    pub org: Organisation,
    pub member: Member,
    pub session: Session,
    pub request_id: String,
}

impl OrgMember {
    /// The one place that decides who is in the current organisation (`OrgAdmin` adds the admin
    /// check on top).
    fn from_caller(c: Caller) -> Result<OrgMember, AppError> {
        let account = c.account.ok_or(AppError::SignInRequired)?;
        match c.org {
            Some((org, member)) => Ok(OrgMember {
                ctx: c.ctx,
                account,
                org,
                member,
                session: c.session,
                request_id: c.request_id,
            }),
            None if c.org_disabled => Err(AppError::OrgDisabled),
            // Signed in, but no organisation chosen yet: the chooser, not a refusal.
            None => Err(AppError::ChooseOrganisation),
        }
    }

    pub fn actor(&self) -> crate::domain::Actor {
        actor(&self.account, &self.request_id)
    }
}

impl FromRequest for OrgMember {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { OrgMember::from_caller(load(&req).await?) })
    }
}

/// A platform operator.
pub struct Operator {
    pub ctx: PageCtx,
    pub account: Account,
    pub session: Session,
    pub request_id: String,
}

impl Operator {
    pub fn actor(&self) -> crate::domain::Actor {
        actor(&self.account, &self.request_id)
    }
}

impl FromRequest for Operator {
    type Error = AppError;
    type Future = Fut<Self>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let c = load(&req).await?;
            let account = c.account.ok_or(AppError::SignInRequired)?;
            if !account.is_operator {
                return Err(AppError::Forbidden);
            }
            Ok(Operator {
                ctx: c.ctx,
                account,
                session: c.session,
                request_id: c.request_id,
            })
        })
    }
}
