//! What committing an import with "Send invitation" asks of the limits. A batch that exceeds
//! what is left is refused whole, and the page says how many remain (docs/PRODUCT.md §2.8): the
//! review shows the figures, and the commit checks them again in its transaction, as the
//! organisation is then, before anything is written.
//!
//! Counted from the rows as the review stored them, against the cards as they are now: a new
//! card is invited, an existing one only when its status is Not invited, or the row changes its
//! contact (`Verdict::invitable`: its open invitation is withdrawn, its error cleared), and only when the invitation has a way to go
//! (an e-mail when the platform sends by e-mail only; phones were checked when the rows were
//! read). Rows refused for a missing department alone
//! count once the commit creates the departments; other refused rows stay refused when the
//! import is written. Imports committed earlier and still being written hold what they will
//! send. (Invitations sent another way while an import is being written are not held back for
//! it: its rows past the limits are then refused one by one.)

use crate::db::enums::MemberStatus;
use crate::db::ids::{AccountId, ImportId};
use crate::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use crate::db::models::Organisation;
use crate::db::schema::{import_rows, imports, members};
use crate::db::DbConnection;
use crate::domain::settings::{self, VerificationMethod};
use crate::domain::{contact, invitations, Actor, DomainError, DomainResult};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// The invitations an import would create, and what the inviter has left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Demand {
    /// Invitations the commit creates as the rows stand.
    pub invitations: i64,
    /// … when it also creates the departments the file lacks.
    pub with_departments: i64,
    /// What the inviter may still send today in this organisation.
    pub daily_left: i64,
    /// Seats not taken by active members or open invitations.
    pub seats_left: i64,
    /// Invitations that imports committed earlier and still being written will send (taken
    /// from what is left above: the committer's day and the seats).
    pub held_by_imports: i64,
    /// Rows whose card no invitation can reach: the platform sends by e-mail only, and neither
    /// the row nor the card has an e-mail (written without an invitation, shown in error).
    pub without_email: i64,
}

impl Demand {
    /// The invitations a commit with this choice creates.
    pub fn asked(&self, create_departments: bool) -> i64 {
        if create_departments {
            self.with_departments
        } else {
            self.invitations
        }
    }

    /// The refusal a commit with this choice meets, if any (the daily limit first, as the
    /// other ways of inviting check it).
    pub fn refusal(&self, create_departments: bool) -> Option<DomainError> {
        let asked = self.asked(create_departments);
        if asked > self.daily_left {
            Some(DomainError::DailyLimit {
                remaining: self.daily_left,
                asked,
            })
        } else if asked > self.seats_left {
            Some(DomainError::SeatLimit {
                remaining: self.seats_left,
                asked,
            })
        } else {
            None
        }
    }
}

/// One row as counted: its outcome and problem, its e-mail and phone cells, and the card it
/// matched (`None` for a new card) with that card's status, e-mail and phone.
type Counted = (
    ImportOutcome,
    Option<ImportProblem>,
    (String, String),
    Option<MemberStatus>,
    (Option<String>, Option<String>),
);

/// What the rows are counted with: the platform's way of sending and its phone rules.
struct Rules {
    email_only: bool,
    phones: contact::PhoneRules,
}

impl Rules {
    fn load(conn: &mut DbConnection) -> QueryResult<Rules> {
        Ok(Rules {
            email_only: settings::verification_method(conn)? == VerificationMethod::EmailOnly,
            phones: contact::PhoneRules::load(conn)?,
        })
    }

    /// What a counted row sends (`Verdict::invitable`, `Verdict::reachable`): an invitation to
    /// a new card, one Not invited, or one waiting, invited or in error whose contact the row
    /// changes — when an invitation can reach it.
    fn invites(&self, row: &Counted) -> Sends {
        let (outcome, problem, (email, phone), status, (card_email, card_phone)) = row;
        let email = contact::EmailAddress::parse(email).ok();
        let phone = self.phones.parse(phone).ok();
        let changes_contact = (email.as_ref())
            .is_some_and(|e| Some(e.as_str()) != card_email.as_deref())
            || (phone.as_ref()).is_some_and(|p| Some(p.as_str()) != card_phone.as_deref());
        let invitable = match (outcome, status) {
            (ImportOutcome::New, _) | (ImportOutcome::Error, None) => true,
            (_, Some(MemberStatus::NotInvited)) => true,
            (
                ImportOutcome::Update,
                Some(MemberStatus::Waiting | MemberStatus::Invited | MemberStatus::Error),
            ) => changes_contact,
            _ => false,
        };
        let reachable = !self.email_only || email.is_some() || card_email.is_some();
        match (invitable, reachable) {
            (false, _) => Sends::Nothing,
            (true, false) => Sends::Unreachable,
            (true, true) if *problem == Some(ImportProblem::UnknownDepartment) => {
                Sends::OnceTheDepartmentExists
            }
            (true, true) => Sends::Invitation,
        }
    }
}

/// What one row sends when the import is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sends {
    Nothing,
    Invitation,
    /// An invitation, when the commit creates the department the row names.
    OnceTheDepartmentExists,
    /// An invitation would go to the card, but it has no e-mail and the platform sends by
    /// e-mail only: the card is written, and shows why it was not invited.
    Unreachable,
}

/// The rows of the organisation's imports that may send something (not refused, or refused for
/// a missing department alone), each as [`Counted`] with its import's choice to create the
/// departments and who committed it; the caller says which imports.
macro_rules! counted_rows {
    ($org:expr) => {
        import_rows::table
            .inner_join(imports::table)
            .left_join(
                members::table.on(members::id
                    .nullable()
                    .eq(import_rows::member_id)
                    .and(members::org_id.eq($org.id))),
            )
            .filter(imports::org_id.eq($org.id))
            .filter(
                import_rows::outcome
                    .ne(ImportOutcome::Error)
                    .or(import_rows::problem.eq(ImportProblem::UnknownDepartment)),
            )
            .select((
                (
                    import_rows::outcome,
                    import_rows::problem,
                    (import_rows::email, import_rows::phone),
                    members::invite_status.nullable(),
                    (members::email.nullable(), members::phone.nullable()),
                ),
                imports::create_departments,
                imports::committed_by_account_id,
            ))
    };
}

/// The demand of import `id` on `actor`'s allowance in `org`. Imports committed before it and
/// still being written hold what their rows not yet written will send (the committer's day and
/// the organisation's seats): two commits close together cannot both count on the same room.
pub fn read(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    id: ImportId,
) -> DomainResult<Demand> {
    let rows: Vec<(Counted, bool, Option<AccountId>)> =
        counted_rows!(org).filter(imports::id.eq(id)).load(conn)?;
    let rules = Rules::load(conn)?;
    let (mut invitations, mut departments, mut unreachable) = (0, 0, 0);
    for (row, _, _) in &rows {
        match rules.invites(row) {
            Sends::Invitation => invitations += 1,
            Sends::OnceTheDepartmentExists => departments += 1,
            Sends::Unreachable => unreachable += 1,
            Sends::Nothing => {}
        }
    }
    let with_departments = invitations + departments;
    let held = held_by_running_imports(conn, now, org, actor, id, &rules)?;
    // No card is asked about: a card never invited holds no seat.
    let left = invitations::allowance_exact(conn, now, actor, org)?;
    Ok(Demand {
        invitations,
        with_departments,
        daily_left: (left.daily_left - held.mine).max(0),
        seats_left: (left.seats_left - held.all).max(0),
        held_by_imports: held.all,
        without_email: unreachable,
    })
}

/// What imports being written hold: those committed by the actor, and all of them.
struct Held {
    mine: i64,
    all: i64,
}

/// The invitations the rows not yet written of the organisation's other imports being written
/// will send, counted as an import's own are. Only imports committed in the last 24 hours (the
/// daily limit's window) hold anything: one whose chunks stopped for good (its job failed)
/// does not hold the room for ever.
fn held_by_running_imports(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org: &Organisation,
    actor: &Actor,
    except: ImportId,
    rules: &Rules,
) -> QueryResult<Held> {
    let rows: Vec<(Counted, bool, Option<AccountId>)> = counted_rows!(org)
        .filter(imports::status.eq(ImportStatus::Committing))
        .filter(imports::send_invitation.eq(true))
        .filter(imports::id.ne(except))
        .filter(imports::committed_at.gt(now - time::Duration::hours(24)))
        .filter(import_rows::done.eq(false))
        .load(conn)?;
    let mut held = Held { mine: 0, all: 0 };
    for (row, create_departments, committer) in &rows {
        let counts = match rules.invites(row) {
            Sends::Invitation => true,
            Sends::OnceTheDepartmentExists => *create_departments,
            Sends::Unreachable | Sends::Nothing => false,
        };
        if counts {
            held.all += 1;
            if *committer == Some(actor.account_id) {
                held.mine += 1;
            }
        }
    }
    Ok(held)
}
