//! The organisation fields the platform operator sets, shared by the create form of
//! `/platform/orgs` and the edit form of `/platform/orgs/{id}`: read and checked here, with a
//! message per field.

use crate::domain::contact;
use crate::web::page::PageCtx;
use crate::web::render::FieldErrors;

pub const MAX_SEATS: i32 = 1_000_000;
pub const MAX_DAILY: i32 = 100_000;

/// A whole number from 1 to `max`.
pub fn parse_limit(s: &str, max: i32) -> Option<i32> {
    s.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
}

/// The checked fields.
pub struct OrgFields {
    pub name: String,
    pub customer_number: String,
    pub seat_limit: i32,
    pub daily_invite_limit: i32,
}

/// Checks the name, customer number and both limits; every problem goes into `errors`.
pub fn check(
    ctx: &PageCtx,
    errors: &mut FieldErrors,
    name: &str,
    customer_number: &str,
    seat_limit: &str,
    daily_invite_limit: &str,
) -> Option<OrgFields> {
    // Measured as typed: cleaning caps a label at 100 characters, which would cut a longer
    // name silently instead of saying so.
    let typed_chars = name.trim().chars().count();
    let name = contact::clean_text(name);
    let customer_number = contact::clean_text(customer_number);
    if name.is_empty() {
        errors.add("name", ctx.t("err-org-name-required"));
    } else if typed_chars > 100 {
        errors.add("name", ctx.t2("err-length", "min", 1_i64, "max", 100_i64));
    }
    if customer_number.is_empty() {
        errors.add("customer_number", ctx.t("err-customer-number-required"));
    } else if customer_number.chars().count() > 40 {
        errors.add(
            "customer_number",
            ctx.t2("err-length", "min", 1_i64, "max", 40_i64),
        );
    }
    // The messages say the whole range: a number over the maximum is refused too.
    let seats = parse_limit(seat_limit, MAX_SEATS);
    if seats.is_none() {
        errors.add(
            "seat_limit",
            ctx.t1("err-seat-limit", "max", ctx.number(MAX_SEATS)),
        );
    }
    let daily = parse_limit(daily_invite_limit, MAX_DAILY);
    if daily.is_none() {
        errors.add(
            "daily_invite_limit",
            ctx.t1("err-daily-limit", "max", ctx.number(MAX_DAILY)),
        );
    }
    match (seats, daily) {
        (Some(seat_limit), Some(daily_invite_limit)) if errors.is_empty() => Some(OrgFields {
            name,
            customer_number,
            seat_limit,
            daily_invite_limit,
        }),
        _ => None,
    }
}
