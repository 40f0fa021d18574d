//! `invitely seed`: demo and benchmark data, written in large transactions.

mod invitations;

use invitations::{channel_of, refusal};

use crate::db::enums::{MemberKind, MemberStatus, Problem};
use crate::db::ids::{AccountId, DepartmentId, MemberId, OrgId};
use crate::db::models::{NewDepartment, NewMember, NewOrganisation};
use crate::db::schema::{self, departments, organisations};
use crate::db::{write_tx, DbConnection, ROWS_PER_STATEMENT};
use crate::domain::contact::EmailAddress;
use crate::domain::{members, DomainError};
use diesel::prelude::*;
use time::PrimitiveDateTime;

const FIRST: [&str; 8] = [
    "Ivan", "Maria", "Oleg", "Anna", "Sergey", "Elena", "John", "Grace",
];
const LAST: [&str; 8] = [
    "Petrov",
    "Ivanova",
    "Smirnov",
    "Kuznetsova",
    "Popov",
    "Volkova",
    "Smith",
    "Hopper",
];
/// Seeded invitations were sent within this many seconds before the seed.
const SENT_WITHIN_SECONDS: i64 = 12 * 3_600;
/// The seeded organisations' invitation lifetime.
const LIFETIME_HOURS: i32 = 24;
const DEPARTMENTS: [&str; 4] = ["Sales", "Service", "Logistics", "Support"];
/// Demo statuses in turn; `Active` needs an account, so those cards stay not invited.
const STATUSES: [MemberStatus; 5] = [
    MemberStatus::NotInvited,
    MemberStatus::NotInvited,
    MemberStatus::Invited,
    MemberStatus::Active,
    MemberStatus::Error,
];

/// One seeded card, its status and last invitation written with it: the cards go in with
/// multi-row statements (PostgreSQL's statement triggers run once per 500 cards, not twice per
/// card: 200,000 cards seeded in 179 s before), each invited or failed card's invitation
/// after its part (`invitations`).
#[derive(Insertable)]
#[diesel(table_name = schema::members)]
struct SeedCard {
    org_id: OrgId,
    first_name: &'static str,
    last_name: String,
    email: Option<String>,
    phone: Option<String>,
    kind: MemberKind,
    department_id: Option<DepartmentId>,
    position: &'static str,
    is_admin: bool,
    invite_status: MemberStatus,
    invite_error: Option<Problem>,
    last_invited_at: Option<PrimitiveDateTime>,
    search_text: String,
    name_key: String,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
}

impl SeedCard {
    /// Card `i` of organisation number `o`: names, contacts, kinds, departments and statuses in
    /// turn.
    fn new(
        now: PrimitiveDateTime,
        o: usize,
        org_id: OrgId,
        deps: &[DepartmentId],
        i: usize,
    ) -> Self {
        let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / 8) % LAST.len()]);
        let status = STATUSES[i % STATUSES.len()];
        // Generated in their normal forms (lower-case addresses, E.164 numbers).
        let last_name = format!("{last}{i}");
        let email = (i % 10 != 9).then(|| format!("user{i}@org{o}.example.com"));
        let phone = (i % 10 == 9).then(|| format!("+7905{:07}", i % 10_000_000));
        let sent = matches!(status, MemberStatus::Invited | MemberStatus::Error);
        let invite_error =
            (status == MemberStatus::Error).then(|| refusal(channel_of(email.as_deref())));
        let search_text = members::search_text_of(
            first,
            &last_name,
            email.as_deref().unwrap_or(""),
            phone.as_deref().unwrap_or(""),
        );
        let name_key = members::name_key(first, &last_name);
        SeedCard {
            org_id,
            first_name: first,
            last_name,
            email,
            phone,
            kind: if i.is_multiple_of(3) {
                MemberKind::Customer
            } else {
                MemberKind::Employee
            },
            department_id: Some(deps[i % deps.len()]),
            position: "",
            is_admin: false,
            invite_status: if status == MemberStatus::Active {
                MemberStatus::NotInvited
            } else {
                status
            },
            invite_error,
            // Invited within the 12 hours before, in no order of the cards: under the seeded
            // organisations' 24-hour lifetime every pending invitation has 12 hours or more left.
            last_invited_at: sent
                .then(|| now - time::Duration::seconds((i as i64 * 7_919) % SENT_WITHIN_SECONDS)),
            search_text,
            name_key,
            created_at: now,
            updated_at: now,
        }
    }
}

/// An account to make admin of every seeded organisation.
pub struct SeedAdmin<'a> {
    pub email: &'a EmailAddress,
    /// The password of the account when it has to be created; unused when it exists.
    pub password_hash: Option<&'a str>,
}

/// Why the seed could not run.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(
        "there is no account {0} yet: give --admin-password to create it, or name an existing \
         account"
    )]
    NoAdminPassword(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

impl From<diesel::result::Error> for SeedError {
    fn from(e: diesel::result::Error) -> Self {
        SeedError::Domain(e.into())
    }
}

/// Creates `orgs` organisations (customer numbers `DEMO-1-…`) with `users` cards each.
pub fn run(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    orgs: usize,
    users: usize,
    admin: Option<&SeedAdmin<'_>>,
) -> Result<(), SeedError> {
    let admin_id = match admin {
        Some(a) => Some(ensure_account(conn, now, a)?),
        None => None,
    };
    for o in 1..=orgs {
        let number = format!("DEMO-{o}-{:08x}", rand::random::<u32>());
        let (org_id, deps): (OrgId, Vec<DepartmentId>) = write_tx(conn, |conn| {
            let org_id: OrgId = diesel::insert_into(organisations::table)
                .values(NewOrganisation {
                    name: &format!("Demo organisation {o}"),
                    customer_number: &number,
                    seat_limit: i32::try_from(users * 2 + 10).unwrap_or(i32::MAX),
                    daily_invite_limit: crate::domain::orgs::DEFAULT_DAILY_INVITE_LIMIT,
                    invite_policy: crate::db::enums::InvitePolicy::Everyone,
                    invitation_lifetime_hours: LIFETIME_HOURS,
                    default_locale: crate::db::enums::Language::En,
                    created_at: now,
                })
                .returning(organisations::id)
                .get_result(conn)?;
            let mut ids = Vec::new();
            for name in DEPARTMENTS {
                let id: DepartmentId = diesel::insert_into(departments::table)
                    .values(NewDepartment {
                        org_id,
                        name,
                        created_at: now,
                    })
                    .returning(departments::id)
                    .get_result(conn)?;
                ids.push(id);
            }
            if let (Some(uid), Some(a)) = (admin_id, admin) {
                diesel::insert_into(schema::members::table)
                    .values(NewMember {
                        org_id,
                        account_id: Some(uid),
                        first_name: "Seed",
                        last_name: "Admin",
                        email: Some(a.email.as_str()),
                        phone: None,
                        kind: MemberKind::Employee,
                        department_id: None,
                        position: "",
                        is_admin: true,
                        invite_status: MemberStatus::Active,
                        search_text: &members::search_text_of(
                            "Seed",
                            "Admin",
                            a.email.as_str(),
                            "",
                        ),
                        name_key: &members::name_key("Seed", "Admin"),
                        created_at: now,
                        updated_at: now,
                    })
                    .execute(conn)?;
            }
            Ok::<_, DomainError>((org_id, ids))
        })?;
        let mut done = 0;
        while done < users {
            let batch = (users - done).min(5_000);
            let cards: Vec<SeedCard> = (done..done + batch)
                .map(|i| SeedCard::new(now, o, org_id, &deps, i))
                .collect();
            let lifetime = time::Duration::hours(i64::from(LIFETIME_HOURS));
            write_tx(conn, |conn| {
                for part in cards.chunks(ROWS_PER_STATEMENT) {
                    let insert = diesel::insert_into(schema::members::table)
                        .values(part)
                        .returning((schema::members::id, schema::members::last_name));
                    let made: Vec<(MemberId, String)> =
                        crate::on_backend!(&mut *conn, |c| insert.get_results(c))?;
                    let invs = invitations::of_cards(part, &made, lifetime)
                        .ok_or(DomainError::Conflict("seeded card not written"))?;
                    if !invs.is_empty() {
                        let insert = diesel::insert_into(schema::invitations::table).values(&invs);
                        crate::on_backend!(&mut *conn, |c| insert.execute(c))?;
                    }
                }
                Ok::<_, DomainError>(())
            })?;
            done += batch;
        }
        println!("organisation {number}: {users} users");
    }
    // A bulk load leaves the search index in many small segments; merged now, as housekeeping
    // would over its next sweeps.
    members::optimize_search_index(conn)?;
    Ok(())
}

/// The account of `a`, created with its password when there is none.
fn ensure_account(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    a: &SeedAdmin<'_>,
) -> Result<AccountId, SeedError> {
    if let Some(u) = crate::domain::accounts::find_by_email(conn, a.email)? {
        return Ok(u.id);
    }
    let Some(password_hash) = a.password_hash else {
        return Err(SeedError::NoAdminPassword(a.email.as_str().to_owned()));
    };
    let id = diesel::insert_into(schema::accounts::table)
        .values(crate::db::models::NewAccount {
            email: Some(a.email.as_str()),
            phone: None,
            password_hash: Some(password_hash),
            first_name: "Seed",
            last_name: "Admin",
            locale: "en",
            is_operator: false,
            created_at: now,
            updated_at: now,
        })
        .returning(schema::accounts::id)
        .get_result(conn)?;
    Ok(id)
}
