//! The invitations list's ticked rows, as its forms post them (resend, revoke), and where each
//! action goes back to.

use crate::db::ids::InvitationId;
use crate::web::page::OrgAdmin;
use crate::web::session::FlashKind;
use crate::web::{render, session};
use actix_web::HttpResponse;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct TickedForm {
    #[serde(default)]
    pub invitation_id: Vec<InvitationId>,
    /// The list as it was: where to go back to (a local address only, see [`back_to`]).
    #[serde(default)]
    pub back: String,
    /// Revoking: "1" once confirmed (by the browser's question, or on the confirmation page).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    pub confirm: bool,
}

/// The invitations list to go back to: `back` when it is one, else the list.
pub fn back_to(back: &str) -> String {
    match render::local_path(back) {
        Some(p) if p.starts_with("/admin/invitations") => p.to_owned(),
        _ => "/admin/invitations".into(),
    }
}

/// Nothing ticked: says so, back to the list.
pub fn none_ticked(admin: &OrgAdmin, back: &str) -> HttpResponse {
    session::flash(
        &admin.session,
        FlashKind::Error,
        admin.ctx.t("invitations-none-selected"),
    );
    render::see_other(&back_to(back))
}

/// A row's own action on the list (resend, renew, revoke): where to go after it — the list as
/// it was (a local address only, see [`back_to`]).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Back {
    #[serde(default)]
    pub back: String,
}
