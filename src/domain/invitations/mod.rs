//! Invitations: the one policy every way of inviting goes through (`policy`), link states
//! (`link`), acceptance (`accept`) and the admin's lists and actions (`admin`).

mod accept;
mod admin;
mod by_contact;
mod grants;
mod link;
mod policy;

pub use accept::*;
pub use admin::*;
pub use by_contact::*;
pub use grants::{grantable_roles, grants_any};
pub use link::*;
pub use policy::*;
