//! What an invitation batch came to, in words for the person who asked: one summary per
//! outcome, or why the whole batch was refused. Shared by every page that invites.

use crate::db::enums::Reason;
use crate::domain::invitations::{InviteOutcome, InviteResult};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::{session, state::AppState};

/// Flashes the per-user results of an invitation batch (or why it was refused whole) and wakes
/// the delivery workers.
pub fn report(
    state: &AppState,
    admin: &OrgAdmin,
    result: Result<Vec<InviteOutcome>, DomainError>,
) -> Result<(), AppError> {
    match result {
        Ok(outcomes) => {
            state.wake_workers();
            let (kind, text) = summarize(&admin.ctx, &outcomes);
            session::flash(&admin.session, kind, text);
        }
        Err(e) => session::flash(&admin.session, "error", limit_message(&admin.ctx, e)?),
    }
    Ok(())
}

/// One message for a whole batch, in the tone of its outcome: "3 invitations queued · 1 skipped:
/// no e-mail or phone (Petrov)" — success when nothing was skipped, an error when nothing was
/// queued, information when both.
pub fn summarize(ctx: &PageCtx, outcomes: &[InviteOutcome]) -> (&'static str, String) {
    let queued = outcomes
        .iter()
        .filter(|o| matches!(o.result, InviteResult::Queued { .. }))
        .count();
    let skipped = outcomes.len() - queued;
    let kind = match (queued, skipped) {
        (_, 0) => "success",
        (0, _) => "error",
        _ => "info",
    };
    let mut parts = Vec::new();
    if queued > 0 || skipped == 0 {
        parts.push(ctx.t1("bulk-queued", "count", queued));
    }
    let mut by_reason: Vec<(Reason, Vec<&str>)> = Vec::new();
    for o in outcomes {
        if let InviteResult::Skipped { reason } = o.result {
            match by_reason.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, names)) => names.push(&o.name),
                None => by_reason.push((reason, vec![&o.name])),
            }
        }
    }
    for (reason, names) in by_reason {
        let shown: Vec<&str> = names.iter().take(10).copied().collect();
        let mut list = shown.join(", ");
        if names.len() > shown.len() {
            list.push_str(&format!(", … (+{})", names.len() - shown.len()));
        }
        parts.push(ctx.t2(
            "bulk-skipped",
            "count",
            names.len(),
            "reason",
            format!("{} ({list})", ctx.reason(reason)),
        ));
    }
    if parts.len() > 1 {
        // "2 invitations queued · 1 skipped: …": the sentence's full stop goes.
        parts[0] = parts[0].trim_end_matches('.').to_owned();
    }
    (kind, parts.join(" · "))
}

/// Limits refuse a whole batch and say how many remain; other errors propagate.
pub fn limit_message(ctx: &PageCtx, e: DomainError) -> Result<String, AppError> {
    match e {
        DomainError::DailyLimit { remaining, .. } => {
            Ok(ctx.t1("limit-daily", "remaining", remaining))
        }
        DomainError::SeatLimit { remaining } => Ok(ctx.t1("limit-seats", "remaining", remaining)),
        e => Err(e.into()),
    }
}
