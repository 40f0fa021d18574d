//! What an invitation batch came to, in words for the person who asked: one summary per
//! outcome, or why the whole batch was refused. Shared by every page that invites.

use crate::db::enums::{Reason, ShownStatus};
use crate::domain::invitations::{InviteOutcome, InviteResult, RevokeOutcome, RevokeResult};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::web::page::{OrgAdmin, PageCtx};
use crate::web::session::FlashKind;
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
        Err(e) => session::flash(
            &admin.session,
            FlashKind::Error,
            limit_message(&admin.ctx, e)?,
        ),
    }
    Ok(())
}

/// One message for a whole batch, in the tone of its outcome: "3 invitations queued · 1 skipped:
/// no e-mail or phone (Petrov)" — success when nothing was skipped, an error when nothing was
/// queued, information when both. A batch of nobody (a filter that matched no card, ids that
/// are not the organisation's) says so as information: never a green "nothing happened".
pub fn summarize(ctx: &PageCtx, outcomes: &[InviteOutcome]) -> Summary {
    if outcomes.is_empty() {
        return (FlashKind::Info, ctx.t("bulk-nothing-matched"));
    }
    let queued = outcomes
        .iter()
        .filter(|o| matches!(o.result, InviteResult::Queued { .. }))
        .count();
    let skipped = outcomes.len() - queued;
    let kind = match (queued, skipped) {
        (_, 0) => FlashKind::Success,
        (0, _) => FlashKind::Error,
        _ => FlashKind::Info,
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
        DomainError::SeatLimit { remaining, .. } => {
            Ok(ctx.t1("limit-seats", "remaining", remaining))
        }
        e => Err(e.into()),
    }
}

/// One message for one action: its tone and its text.
pub type Summary = (FlashKind, String);

/// Flashes one summary.
pub fn flash_one(admin: &OrgAdmin, (kind, text): Summary) {
    session::flash(&admin.session, kind, text);
}

/// The tone of a mixed result: all done is a success, nothing done an error, else a notice.
fn tone(done: usize, skipped: usize) -> FlashKind {
    match (done, skipped) {
        (_, 0) => FlashKind::Success,
        (0, _) => FlashKind::Error,
        _ => FlashKind::Info,
    }
}

/// Groups names by what happened to them, in first-seen order, as "why (A, B, … (+3))".
fn grouped<K: PartialEq + Copy>(items: &[(K, &str)]) -> Vec<(K, usize, String)> {
    let mut groups: Vec<(K, Vec<&str>)> = Vec::new();
    for (k, name) in items {
        match groups.iter_mut().find(|(g, _)| g == k) {
            Some((_, names)) => names.push(name),
            None => groups.push((*k, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(k, names)| {
            let shown: Vec<&str> = names.iter().take(10).copied().collect();
            let mut list = shown.join(", ");
            if names.len() > shown.len() {
                list.push_str(&format!(", … (+{})", names.len() - shown.len()));
            }
            (k, names.len(), list)
        })
        .collect()
}

/// A resend of several: "3 resent · 1 skipped: already active (Petrov)", in one message.
pub fn resend_summary(ctx: &PageCtx, outcomes: &[InviteOutcome], superseded: usize) -> Summary {
    let done = outcomes
        .iter()
        .filter(|o| matches!(o.result, InviteResult::Queued { .. }))
        .count();
    let skipped: Vec<(Reason, &str)> = outcomes
        .iter()
        .filter_map(|o| match o.result {
            InviteResult::Skipped { reason } => Some((reason, o.name.as_str())),
            InviteResult::Queued { .. } => None,
        })
        .collect();
    let mut parts = vec![ctx.t1("bulk-resent", "count", done)];
    for (reason, n, names) in grouped(&skipped) {
        parts.push(ctx.t2(
            "bulk-skipped",
            "count",
            n,
            "reason",
            format!("{} ({names})", ctx.reason(reason)),
        ));
    }
    if superseded > 0 {
        parts.push(ctx.t1("bulk-superseded", "count", superseded));
    }
    // Those already resent were done before (a repeated post): nothing new, nothing wrong.
    let kind = if done == 0 && superseded > 0 {
        FlashKind::Info
    } else {
        tone(done, skipped.len())
    };
    (kind, parts.join(" · "))
}

/// A revoke of several: "2 revoked · 1 skipped: not open, Active (Petrov)", in one message.
pub fn revoke_summary(ctx: &PageCtx, outcomes: &[RevokeOutcome]) -> Summary {
    let done = outcomes
        .iter()
        .filter(|o| o.result == RevokeResult::Revoked)
        .count();
    let skipped: Vec<(ShownStatus, &str)> = outcomes
        .iter()
        .filter_map(|o| match o.result {
            RevokeResult::NotOpen(status) => Some((status, o.name.as_str())),
            RevokeResult::Revoked => None,
        })
        .collect();
    let mut parts = vec![ctx.t1("bulk-revoked", "count", done)];
    for (status, n, names) in grouped(&skipped) {
        parts.push(ctx.t2(
            "bulk-skipped",
            "count",
            n,
            "reason",
            format!(
                "{} ({names})",
                ctx.t1("bulk-not-open", "status", ctx.t(status.label_key()))
            ),
        ));
    }
    (tone(done, skipped.len()), parts.join(" · "))
}
