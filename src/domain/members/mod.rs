//! An organisation's people: the admin's card per person (`card`), the filtered, paged list
//! of them (`list`) and its CSV export (`export`).

mod card;
mod export;
mod list;

pub use card::*;
pub use export::*;
pub use list::*;
