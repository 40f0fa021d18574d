//! Row, insert and changeset structs, one set per table (Lemmy), each checked against both
//! backends; one file per area.

mod accounts;
mod events;
mod imports;
mod invitations;
mod members;
mod orgs;

pub use accounts::*;
pub use events::*;
pub use imports::*;
pub use invitations::*;
pub use members::*;
pub use orgs::*;
