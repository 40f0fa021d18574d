//! An organisation's people: the admin's card per person (`card`) and the filtered, paged list
//! of them (`list`).

mod card;
mod list;

pub use card::*;
pub use list::*;
