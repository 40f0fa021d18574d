//! Form posts done once (docs/STYLE.md, idempotent form posts). An invite form carries a random
//! key from its showing; the post's results are kept under it (`db::submissions`) in the
//! transaction of its work, and a second post of the same form — a double click, a reload of
//! the result — gets them back instead of doing the work again. The callers read them after
//! the organisation's lock, so two posts racing each other are ordered: the second sees what
//! the first kept. Results are kept as words, one per line; a line this version cannot read
//! shows as not invited.

use super::{ContactResult, InviteOutcome, InviteResult};
use crate::db::enums::{Channel, Reason};
use crate::db::ids::{BatchId, InvitationId, MemberId};
use crate::db::DbConnection;
use crate::domain::Actor;
use diesel::QueryResult;
use time::PrimitiveDateTime;

/// The key a form posted, when it has the shape of one of ours (anything else: not a post
/// done once).
pub(super) fn key(submission: Option<&str>) -> Option<&str> {
    submission.filter(|key| crate::domain::tokens::looks_like_token(key))
}

/// What this account's post under `key` did, if it was done.
pub(super) fn done_before(
    conn: &mut DbConnection,
    actor: &Actor,
    key: &str,
) -> QueryResult<Option<String>> {
    crate::db::submissions::outcome(conn, actor.account_id, key)
}

pub(super) fn keep(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    key: &str,
    results: &str,
) -> QueryResult<()> {
    crate::db::submissions::record(conn, now, actor.account_id, key, results).map(|_| ())
}

const NOT_READ: Reason = Reason::Internal;

fn encode_contact(r: ContactResult) -> String {
    match r {
        ContactResult::Queued { channel } => format!("via {channel}"),
        ContactResult::Resent { channel } => format!("resent {channel}"),
        ContactResult::AlreadyInvited => "already_invited".to_owned(),
        ContactResult::InvitedByAnother => "invited_by_another".to_owned(),
        ContactResult::AlreadyMember => "already_member".to_owned(),
        ContactResult::FormerMember => "former_member".to_owned(),
        ContactResult::Skipped { reason } => format!("skipped {reason}"),
    }
}

fn decode_contact(text: &str) -> Option<ContactResult> {
    let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
    Some(match word {
        "via" => ContactResult::Queued {
            channel: Channel::parse(rest)?,
        },
        "resent" => ContactResult::Resent {
            channel: Channel::parse(rest)?,
        },
        "already_invited" => ContactResult::AlreadyInvited,
        "invited_by_another" => ContactResult::InvitedByAnother,
        "already_member" => ContactResult::AlreadyMember,
        "former_member" => ContactResult::FormerMember,
        "skipped" => ContactResult::Skipped {
            reason: Reason::parse(rest)?,
        },
        _ => return None,
    })
}

/// The invite form's results, in the order of its recipients; a recipient whose link was
/// handed to the admin's mail program carries its invitation (`via email<TAB>id`, never the
/// link), so that the same post again shows the same link.
pub(super) fn encode_contacts(
    results: &[ContactResult],
    by_hand: &[(usize, InvitationId)],
) -> String {
    let lines: Vec<String> = results
        .iter()
        .enumerate()
        .map(|(i, r)| match by_hand.iter().find(|(at, _)| *at == i) {
            Some((_, id)) => format!("{}\t{id}", encode_contact(*r)),
            None => encode_contact(*r),
        })
        .collect();
    lines.join("\n")
}

pub(super) fn decode_contacts(text: &str) -> Vec<ContactResult> {
    text.lines()
        .map(|line| line.split_once('\t').map_or(line, |(result, _)| result))
        .map(|line| decode_contact(line).unwrap_or(ContactResult::Skipped { reason: NOT_READ }))
        .collect()
}

/// The invitations [`encode_contacts`] kept as handed over, by the recipient's place.
pub(super) fn decode_by_hand(text: &str) -> Vec<(usize, InvitationId)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| Some((i, line.split_once('\t')?.1.parse().ok()?)))
        .collect()
}

/// A bulk send's results: its batch (`batch -` for none), then one line per card —
/// `id via email<TAB>name` or `id skipped reason<TAB>name`.
pub(super) fn encode_batch(outcomes: &[InviteOutcome], batch: Option<BatchId>) -> String {
    let mut text = match batch {
        Some(id) => format!("batch {id}"),
        None => "batch -".to_owned(),
    };
    for o in outcomes {
        let result = match o.result {
            InviteResult::Queued { channel } => format!("via {channel}"),
            InviteResult::Skipped { reason } => format!("skipped {reason}"),
        };
        let name = o.name.replace(['\t', '\n', '\r'], " ");
        text.push_str(&format!("\n{} {result}\t{name}", o.member_id));
    }
    text
}

pub(super) fn decode_batch(text: &str) -> (Vec<InviteOutcome>, Option<BatchId>) {
    let mut lines = text.lines();
    let batch = lines
        .next()
        .and_then(|l| l.strip_prefix("batch "))
        .and_then(|id| id.parse().ok())
        .map(BatchId::from_raw);
    let outcomes = lines.filter_map(decode_outcome).collect();
    (outcomes, batch)
}

fn decode_outcome(line: &str) -> Option<InviteOutcome> {
    let (head, name) = line.split_once('\t').unwrap_or((line, ""));
    let (id, result) = head.split_once(' ')?;
    let (word, rest) = result.split_once(' ').unwrap_or((result, ""));
    let result = match (word, Channel::parse(rest), Reason::parse(rest)) {
        ("via", Some(channel), _) => InviteResult::Queued { channel },
        ("skipped", _, Some(reason)) => InviteResult::Skipped { reason },
        _ => InviteResult::Skipped { reason: NOT_READ },
    };
    Some(InviteOutcome {
        member_id: MemberId::from_raw(id.parse().ok()?),
        name: name.to_owned(),
        result,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_contact_results_read_back_as_they_were() {
        let mut all = vec![
            ContactResult::AlreadyInvited,
            ContactResult::InvitedByAnother,
            ContactResult::AlreadyMember,
            ContactResult::FormerMember,
        ];
        for &channel in Channel::ALL {
            all.push(ContactResult::Queued { channel });
            all.push(ContactResult::Resent { channel });
        }
        all.extend(
            Reason::ALL
                .iter()
                .map(|&reason| ContactResult::Skipped { reason }),
        );
        assert_eq!(decode_contacts(&encode_contacts(&all, &[])), all);
        // Handed over to the mail program: the invitation kept beside its result.
        let handed = [
            (3, InvitationId::from_raw(17)),
            (4, InvitationId::from_raw(9)),
        ];
        let kept = encode_contacts(&all, &handed);
        assert_eq!(decode_contacts(&kept), all);
        assert_eq!(decode_by_hand(&kept), handed);
        assert!(decode_by_hand(&encode_contacts(&all, &[])).is_empty());
        assert_eq!(
            decode_contacts("via pigeon"),
            [ContactResult::Skipped { reason: NOT_READ }]
        );
    }

    #[test]
    fn kept_batch_results_read_back_as_they_were() {
        let outcome = |id, name: &str, result| InviteOutcome {
            member_id: MemberId::from_raw(id),
            name: name.to_owned(),
            result,
        };
        let mut all: Vec<InviteOutcome> = Channel::ALL
            .iter()
            .map(|&channel| outcome(7, "Ivan Petrov", InviteResult::Queued { channel }))
            .collect();
        all.extend(
            Reason::ALL
                .iter()
                .map(|&reason| outcome(9, "Анна\tМария", InviteResult::Skipped { reason })),
        );
        all.push(outcome(11, "", InviteResult::Skipped { reason: NOT_READ }));
        for batch in [None, Some(BatchId::from_raw(42))] {
            let (read, read_batch) = decode_batch(&encode_batch(&all, batch));
            assert_eq!(read_batch, batch);
            assert_eq!(read.len(), all.len());
            for (r, o) in read.iter().zip(&all) {
                assert_eq!(r.member_id, o.member_id);
                assert_eq!(r.result, o.result);
                assert_eq!(r.name, o.name.replace('\t', " "));
            }
        }
    }
}
