//! What committing an import with "Send invitation" asks of the limits. A batch that exceeds
//! what is left is refused whole, and the page says how many remain (docs/PRODUCT.md §2.8): the
//! review shows the figures, and the commit checks them again in its transaction, as the
//! organisation is then, before anything is written.
//!
//! Counted from the rows as the review stored them, against the cards as they are now: a new
//! card is invited, an existing one only when it was never invited (`Verdict::invitable`), and
//! only when the invitation has a way to go (an e-mail when the platform sends by e-mail only;
//! phones were checked when the rows were read). Rows refused for a missing department alone
//! count once the commit creates the departments.

use crate::db::enums::MemberStatus;
use crate::db::ids::ImportId;
use crate::db::import_enums::{ImportOutcome, ImportProblem};
use crate::db::models::Organisation;
use crate::db::schema::{import_rows, members};
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

/// One row as counted: its outcome and problem, its e-mail cell, and the card it matched
/// (`None` for a new card) with that card's status and e-mail.
type Counted = (
    ImportOutcome,
    Option<ImportProblem>,
    String,
    Option<MemberStatus>,
    Option<String>,
);

/// The demand of import `id` on `actor`'s allowance in `org`.
pub fn read(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    id: ImportId,
) -> DomainResult<Demand> {
    let rows: Vec<Counted> = import_rows::table
        .left_join(
            members::table.on(members::id
                .nullable()
                .eq(import_rows::member_id)
                .and(members::org_id.eq(org.id))),
        )
        .filter(import_rows::import_id.eq(id))
        .filter(
            import_rows::outcome
                .ne(ImportOutcome::Error)
                .or(import_rows::problem.eq(ImportProblem::UnknownDepartment)),
        )
        .select((
            import_rows::outcome,
            import_rows::problem,
            import_rows::email,
            members::invite_status.nullable(),
            members::email.nullable(),
        ))
        .load(conn)?;
    let email_only = settings::verification_method(conn)? == VerificationMethod::EmailOnly;
    let (mut invitations, mut departments) = (0, 0);
    for (outcome, problem, email, status, card_email) in rows {
        let invitable = match (outcome, status) {
            (ImportOutcome::New, _) | (ImportOutcome::Error, None) => true,
            (_, Some(status)) => status == MemberStatus::NotInvited,
            (_, None) => false,
        };
        let reachable = !email_only || contact::optional(&email).is_some() || card_email.is_some();
        if invitable && reachable {
            match problem {
                Some(ImportProblem::UnknownDepartment) => departments += 1,
                _ => invitations += 1,
            }
        }
    }
    let with_departments = invitations + departments;
    // Exact figures (asked for more than can be sent, `allowance_among` reads them exactly);
    // no card is asked about: a card never invited holds no seat.
    let left = invitations::allowance_among(conn, now, actor, org, &[], i64::MAX)?;
    Ok(Demand {
        invitations,
        with_departments,
        daily_left: left.daily_left,
        seats_left: left.seats_left,
    })
}
