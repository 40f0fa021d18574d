//! Invitations: the one policy every way of inviting goes through (`policy`), link states
//! (`link`), acceptance (`accept`), the admin's list (`list`, in its `order`) and actions
//! (`admin`), and bulk sends followed on a progress page (`batches`).

mod accept;
mod admin;
mod batches;
mod by_contact;
pub mod deleted_sends;
mod foresee;
mod grants;
mod history;
mod inviter;
mod limits;
mod link;
mod list;
mod once;
mod open;
mod order;
mod policy;
mod reach;
mod replacing;
mod terms;
mod writing;

pub use accept::*;
pub use admin::*;
pub use batches::*;
pub use by_contact::*;
pub use foresee::{addressee, card_names, foresee, Addressee};
pub use grants::{grantable_roles, grants_any, is_operator, standing};
pub use inviter::*;
pub use limits::{
    allowance, allowance_among, allowance_exact, record_refusal, seats_held, Allowance,
};
pub use link::*;
pub use list::*;
pub use open::{expired_among, is_open_at, open_at};
pub use order::SortBy;
pub use policy::*;
pub use replacing::{revoke_open_for_member, revoke_open_for_org};
pub use terms::{card_terms, follow_card, joined_terms, offered_terms, CardTerms};
