//! Invitations: the one policy every way of inviting goes through (`policy`), link states
//! (`link`), acceptance (`accept`) and the admin's lists and actions (`admin`).

mod accept;
mod admin;
mod inviter;
mod link;
mod policy;

pub use accept::*;
pub use admin::*;
pub use inviter::*;
pub use link::*;
pub use policy::*;
