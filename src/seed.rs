//! `invitely seed`: demo and benchmark data, written in large transactions.

use crate::db::enums::{MemberKind, MemberStatus, Problem};
use crate::db::models::{NewDepartment, NewMembership, NewOrganisation};
use crate::db::schema::{departments, memberships, organisations};
use crate::db::{write_tx, DbConnection};
use crate::domain::{members, new_id, DomainError};
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
const DEPARTMENTS: [&str; 4] = ["Sales", "Service", "Logistics", "Support"];
/// Demo statuses in turn; `Active` needs an account, so those cards stay not invited.
const STATUSES: [MemberStatus; 5] = [
    MemberStatus::NotInvited,
    MemberStatus::NotInvited,
    MemberStatus::Invited,
    MemberStatus::Active,
    MemberStatus::Error,
];

/// An account to make admin of every seeded organisation.
pub struct SeedAdmin<'a> {
    pub email: &'a str,
    pub password_hash: &'a str,
}

/// Creates `orgs` organisations (customer numbers `DEMO-1-…`) with `users` cards each.
pub fn run(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    orgs: usize,
    users: usize,
    admin: Option<&SeedAdmin<'_>>,
) -> Result<(), DomainError> {
    let admin_id = match admin {
        Some(a) => Some(ensure_account(conn, now, a)?),
        None => None,
    };
    for o in 1..=orgs {
        let org_id = new_id();
        let number = format!("DEMO-{o}-{}", &org_id[..8]);
        let deps: Vec<String> = write_tx(conn, |conn| {
            diesel::insert_into(organisations::table)
                .values(NewOrganisation {
                    id: &org_id,
                    name: &format!("Demo organisation {o}"),
                    customer_number: &number,
                    seat_limit: i32::try_from(users * 2 + 10).unwrap_or(i32::MAX),
                    daily_invite_limit: 50,
                    invite_policy: "all_members",
                    invitation_lifetime_hours: 24,
                    created_at: now,
                })
                .execute(conn)?;
            let mut ids = Vec::new();
            for name in DEPARTMENTS {
                let id = new_id();
                diesel::insert_into(departments::table)
                    .values(NewDepartment {
                        id: &id,
                        org_id: &org_id,
                        name,
                        created_at: now,
                    })
                    .execute(conn)?;
                ids.push(id);
            }
            if let (Some(uid), Some(a)) = (&admin_id, admin) {
                diesel::insert_into(memberships::table)
                    .values(NewMembership {
                        id: &new_id(),
                        org_id: &org_id,
                        user_id: Some(uid),
                        first_name: "Seed",
                        last_name: "Admin",
                        email: Some(a.email),
                        phone: None,
                        kind: MemberKind::Employee,
                        department_id: None,
                        position: "",
                        is_admin: true,
                        invite_status: MemberStatus::Active,
                        search_text: a.email,
                        created_at: now,
                        updated_at: now,
                    })
                    .execute(conn)?;
            }
            Ok::<_, DomainError>(ids)
        })?;
        let mut done = 0;
        while done < users {
            let batch = (users - done).min(5_000);
            write_tx(conn, |conn| {
                for i in done..done + batch {
                    let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / 8) % LAST.len()]);
                    let status = STATUSES[i % STATUSES.len()];
                    let input = members::MemberInput {
                        first_name: first.into(),
                        last_name: format!("{last}{i}"),
                        email: (i % 10 != 9).then(|| format!("user{i}@org{o}.example.com")),
                        phone: (i % 10 == 9).then(|| format!("+7905{:07}", i % 10_000_000)),
                        kind: Some(if i % 3 == 0 {
                            MemberKind::Customer
                        } else {
                            MemberKind::Employee
                        }),
                        department_id: Some(deps[i % deps.len()].clone()),
                        position: String::new(),
                    };
                    let id = new_id();
                    let search = members::search_text(&input);
                    diesel::insert_into(memberships::table)
                        .values(NewMembership {
                            id: &id,
                            org_id: &org_id,
                            user_id: None,
                            first_name: &input.first_name,
                            last_name: &input.last_name,
                            email: input.email.as_deref(),
                            phone: input.phone.as_deref(),
                            kind: input.kind.unwrap_or(MemberKind::Employee),
                            department_id: input.department_id.as_deref(),
                            position: "",
                            is_admin: false,
                            invite_status: if status == MemberStatus::Active {
                                MemberStatus::NotInvited
                            } else {
                                status
                            },
                            search_text: &search,
                            created_at: now,
                            updated_at: now,
                        })
                        .execute(conn)?;
                    if status == MemberStatus::Error {
                        diesel::update(memberships::table.find(&id))
                            .set(
                                memberships::invite_error
                                    .eq(Problem::server("550 5.1.1 Mailbox unavailable")),
                            )
                            .execute(conn)?;
                    }
                }
                Ok::<_, DomainError>(())
            })?;
            done += batch;
        }
        println!("organisation {number}: {users} users");
    }
    Ok(())
}

fn ensure_account(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    a: &SeedAdmin<'_>,
) -> Result<String, DomainError> {
    if let Some(u) = crate::domain::users::find_by_email(conn, a.email)? {
        return Ok(u.id);
    }
    let id = new_id();
    diesel::insert_into(crate::db::schema::users::table)
        .values(crate::db::models::NewUser {
            id: &id,
            email: Some(a.email),
            phone: None,
            password_hash: Some(a.password_hash),
            first_name: "Seed",
            last_name: "Admin",
            locale: "en",
            is_operator: false,
            created_at: now,
            updated_at: now,
        })
        .execute(conn)?;
    Ok(id)
}
