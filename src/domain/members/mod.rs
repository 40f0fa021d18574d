//! An organisation's people: the admin's card per person (`card`, written by `saving`), the
//! filtered, paged list of them (`list`) and where a page reached by its links starts
//! (`keyset`), their counts per status kept between requests (`kept_counts`), how its search is
//! looked up (`search`) for the words it reads (`search_text`) in conditions kept prepared where they may be (`condition`), its CSV
//! export (`export`), deleting a card that never became a member (`deleting`) and the upkeep
//! of its search index (`search_index`).

mod card;
mod condition;
mod deleting;
mod export;
mod kept_counts;
mod keyset;
mod list;
mod saving;
mod search;
mod search_index;
mod search_text;

pub use card::*;
pub use deleting::{delete, preview as deletion_preview, Deletion};
pub use export::*;
pub use kept_counts::KeptCounts;
pub use list::*;
pub use saving::*;
pub(crate) use search::escape_like;
pub use search_index::*;
pub use search_text::{folded, SearchText};
