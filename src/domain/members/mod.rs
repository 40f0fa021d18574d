//! An organisation's people: the admin's card per person (`card`), the filtered, paged list
//! of them (`list`), its CSV export (`export`) and the upkeep of its search index
//! (`search_index`).

mod card;
mod export;
mod list;
mod search_index;

pub use card::*;
pub use export::*;
pub use list::*;
pub use search_index::*;
