//! The invite form's fields (docs/PRODUCT.md §4: `recipients`, `first_name`, `last_name`,
//! `role_id`, `department_id`, `message`) read into one line per thing typed, and each line's
//! result in words. Every `recipients` value — a row of the small form or the mass-invite box —
//! goes through the one parser; a row's names apply when it holds exactly one recipient.

use crate::db::enums::{Channel, Reason};
use crate::db::ids::{DepartmentId, RoleId};
use crate::domain::contact::{name_text, PersonName};
use crate::domain::invitations::{ContactResult, Wanted};
use crate::domain::phone::PhoneRules;
use crate::domain::recipients::{self, ItemProblem};
use crate::web::page::PageCtx;
use crate::web::session::FlashKind;
use serde::Deserialize;
use std::collections::HashSet;

/// Rows of the small form (seed 003: "up to five").
pub const ROWS: usize = 5;
pub const MAX_MESSAGE: usize = 2000;
pub const MAX_NAME: usize = 100;

/// What the form sends; the rows' `recipients`/`first_name`/`last_name` repeat in order, the
/// mass-invite box is the `recipients` value after the rows.
#[derive(Deserialize, Default, Clone, Debug)]
pub struct InviteForm {
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub first_name: Vec<String>,
    #[serde(default)]
    pub last_name: Vec<String>,
    #[serde(default)]
    pub role_id: Vec<RoleId>,
    #[serde(default, deserialize_with = "crate::web::form::empty_as_none")]
    pub department_id: Option<DepartmentId>,
    #[serde(default)]
    pub message: String,
    /// The recipients' language (`en`, `ru`).
    #[serde(default)]
    pub locale: String,
    /// "Resend to those already invited" (a check box, `web::form::ticked_box`).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    pub resend: bool,
    /// Admins only: the invitees become admins (a check box).
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    pub grant_admin: bool,
    /// Which button; none (the contract's fields alone): send.
    #[serde(default)]
    pub action: InviteAction,
    /// A random key the form carries from its first showing: a second post of it (a double
    /// click, a reload of the result) shows the first one's result and sends nothing again.
    #[serde(default)]
    pub submission: String,
}

/// The invite form's buttons.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InviteAction {
    /// Show the message as it will be sent.
    Preview,
    /// Queue the invitations.
    #[default]
    Send,
    /// Mint the links and hand the messages to the admin's own mail program.
    Mailapp,
}

/// One row of the small form, for re-rendering.
pub struct Row {
    pub n: usize,
    pub recipient: String,
    pub first_name: String,
    pub last_name: String,
}

impl InviteForm {
    pub fn rows(&self) -> Vec<Row> {
        let get = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        (0..ROWS)
            .map(|i| Row {
                n: i + 1,
                recipient: get(&self.recipients, i),
                first_name: get(&self.first_name, i),
                last_name: get(&self.last_name, i),
            })
            .collect()
    }
    /// The mass-invite box: whatever `recipients` values follow the rows.
    pub fn mass(&self) -> String {
        self.recipients
            .iter()
            .skip(ROWS)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    }
    pub fn has_role(&self, id: &RoleId) -> bool {
        self.role_id.contains(id)
    }
    pub fn has_department(&self, id: &DepartmentId) -> bool {
        self.department_id == Some(*id)
    }
    pub fn resends(&self) -> bool {
        self.resend
    }
    pub fn grants_admin(&self) -> bool {
        self.grant_admin
    }
    pub fn names_too_long(&self) -> bool {
        self.first_name
            .iter()
            .chain(&self.last_name)
            .any(|n| n.chars().count() > MAX_NAME)
    }
    /// The page's field a problem with the recipients stands beside (and the error summary
    /// links to): the mass-invite box when only it was used, else the first row's contact.
    pub fn recipients_field(&self) -> String {
        let used = |r: &String| !r.trim().is_empty();
        let in_rows = self.recipients.iter().take(ROWS).any(used);
        let in_box = self.recipients.iter().skip(ROWS).any(used);
        if in_box && !in_rows {
            "mass".into()
        } else {
            "recipient-1".into()
        }
    }
    /// The contact field of the first row that has a name but no e-mail or phone
    /// (`recipient-3`): the row would otherwise be dropped without a word.
    pub fn row_without_contact(&self) -> Option<String> {
        let filled = |v: &Vec<String>, i: usize| v.get(i).is_some_and(|s| !s.trim().is_empty());
        (0..ROWS)
            .find(|&i| {
                !filled(&self.recipients, i)
                    && (filled(&self.first_name, i) || filled(&self.last_name, i))
            })
            .map(|i| format!("recipient-{}", i + 1))
    }
    /// The first row's name field over [`MAX_NAME`] (`first_name-2`); a name beyond the rows
    /// (a script's) is shown at the first row's contact.
    pub fn long_name_field(&self) -> String {
        let long =
            |v: &Vec<String>, i: usize| v.get(i).is_some_and(|n| n.chars().count() > MAX_NAME);
        (0..ROWS)
            .find_map(|i| {
                [
                    ("first_name", &self.first_name),
                    ("last_name", &self.last_name),
                ]
                .into_iter()
                .find(|(_, v)| long(v, i))
                .map(|(field, _)| format!("{field}-{}", i + 1))
            })
            .unwrap_or_else(|| "recipient-1".into())
    }
}

/// One thing typed, and what became of it.
pub struct Line {
    pub raw: String,
    pub name: String,
    pub result: LineResult,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineResult {
    /// Valid, not sent yet (index into the recipients handed to the domain).
    Valid(usize),
    Problem(ItemProblem),
    Done(ContactResult),
    /// The link is in the mail-app message below.
    HandedOver,
    /// The batch was refused whole by a limit.
    OverLimit,
}

/// The most of the unread entries a "correct them" link carries back to the form.
pub const AGAIN_CHARS: usize = 2000;

/// The invite form with the entries that could not be read (a malformed address, a number
/// without its country code) in its box, to correct them rather than type them again; None
/// when every entry was read. As many as fit in [`AGAIN_CHARS`].
pub fn again_href(lines: &[Line]) -> Option<String> {
    let mut text = String::new();
    for line in lines {
        if !matches!(line.result, LineResult::Problem(p) if p != ItemProblem::Duplicate) {
            continue;
        }
        if text.chars().count() + line.raw.chars().count() + 1 > AGAIN_CHARS {
            break;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&line.raw);
    }
    (!text.is_empty()).then(|| super::users_query::with_query("/admin/invite", &[("again", text)]))
}

impl Line {
    /// The result's class (`ok`, `info`, `error`) for the page's styling.
    pub fn tone(&self) -> &'static str {
        match self.result {
            LineResult::Done(ContactResult::Queued { .. } | ContactResult::Resent { .. })
            | LineResult::HandedOver
            | LineResult::Valid(_) => "ok",
            LineResult::Done(
                ContactResult::AlreadyInvited
                | ContactResult::AlreadyMember
                | ContactResult::InvitedByAnother
                | ContactResult::FormerMember,
            ) => "info",
            _ => "error",
        }
    }
    pub fn text(&self, ctx: &PageCtx) -> String {
        let channel = |c: Channel| ctx.t(c.label_key());
        match self.result {
            LineResult::Valid(_) => ctx.t("invite-item-valid"),
            LineResult::Problem(ItemProblem::Duplicate) => ctx.t("invite-item-duplicate"),
            LineResult::Problem(ItemProblem::NotAContact) => ctx.t("invite-item-not-a-contact"),
            // Seed 001: the message shows the right form.
            LineResult::Problem(ItemProblem::PhoneWithoutCountryCode) => {
                ctx.t("err-phone-no-country-code")
            }
            LineResult::Problem(p) => ctx.reason(p.reason().unwrap_or(Reason::Internal)),
            LineResult::Done(ContactResult::Queued { channel: c }) => {
                ctx.t1("invite-item-queued", "name", channel(c))
            }
            LineResult::Done(ContactResult::Resent { channel: c }) => {
                ctx.t1("invite-item-resent", "name", channel(c))
            }
            LineResult::Done(ContactResult::AlreadyInvited) => ctx.t("invite-item-already-invited"),
            LineResult::Done(ContactResult::InvitedByAnother) => {
                ctx.t("invite-item-invited-by-another")
            }
            LineResult::Done(ContactResult::AlreadyMember) => ctx.t("invite-item-already-member"),
            LineResult::Done(ContactResult::FormerMember) => ctx.t("invite-item-former-member"),
            LineResult::Done(ContactResult::Skipped { reason }) => ctx.reason(reason),
            LineResult::HandedOver => ctx.t("invite-item-mailapp"),
            LineResult::OverLimit => ctx.t("invite-item-over-limit"),
        }
    }
}

/// Reads every `recipients` value, in order, phones with the platform's rules; a recipient typed
/// twice (after normalisation) is a duplicate wherever the copies are.
pub fn read(form: &InviteForm, phones: &PhoneRules) -> (Vec<Line>, Vec<Wanted>) {
    let mut lines = Vec::new();
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut seen = HashSet::new();
    for (i, value) in form.recipients.iter().enumerate() {
        let items = recipients::parse(value, phones);
        let row_names = (items.len() == 1)
            .then(|| {
                let first = form.first_name.get(i).map(|s| s.trim()).unwrap_or("");
                let last = form.last_name.get(i).map(|s| s.trim()).unwrap_or("");
                (!first.is_empty() || !last.is_empty()).then(|| (first.to_owned(), last.to_owned()))
            })
            .flatten();
        for item in items {
            // Names typed beside the row win over a display name in the box.
            let (first, last) = match &row_names {
                Some((first, last)) => (PersonName::parse(first), PersonName::parse(last)),
                None => (item.first_name.clone(), item.last_name.clone()),
            };
            let name = match &row_names {
                Some((first, last)) => format!("{first} {last}"),
                None => format!("{} {}", name_text(first.as_ref()), name_text(last.as_ref())),
            }
            .trim()
            .to_owned();
            let result = match item.outcome {
                Ok(r) if !seen.insert(r.clone()) => LineResult::Problem(ItemProblem::Duplicate),
                Ok(recipient) => {
                    wanted.push(Wanted {
                        recipient,
                        first_name: first,
                        last_name: last,
                    });
                    LineResult::Valid(wanted.len() - 1)
                }
                Err(p) => LineResult::Problem(p),
            };
            lines.push(Line {
                raw: item.raw,
                name,
                result,
            });
        }
    }
    (lines, wanted)
}

/// Fills in the domain's results (or marks the valid lines over the limit when `None`).
pub fn settle(lines: &mut [Line], results: Option<&[ContactResult]>, handed: &[usize]) {
    for line in lines {
        if let LineResult::Valid(i) = line.result {
            line.result = match results.and_then(|r| r.get(i)) {
                Some(_) if handed.contains(&i) => LineResult::HandedOver,
                Some(r) => LineResult::Done(*r),
                None => LineResult::OverLimit,
            };
        }
    }
}

/// The one message above a sent form's lines (docs/UX.md: "3 queued; 1 skipped…"): how many
/// were queued, handed to the admin's mail program and not sent, in the tone of the whole —
/// each line below says why.
pub fn summary(ctx: &PageCtx, lines: &[Line]) -> (FlashKind, String) {
    let count = |f: fn(&LineResult) -> bool| lines.iter().filter(|l| f(&l.result)).count();
    let queued = count(|r| {
        matches!(
            r,
            LineResult::Done(ContactResult::Queued { .. } | ContactResult::Resent { .. })
        )
    });
    let handed = count(|r| matches!(r, LineResult::HandedOver));
    let not_sent = lines.len() - queued - handed;
    let mut parts = Vec::new();
    if queued > 0 || handed == 0 {
        parts.push(ctx.t1("bulk-queued", "count", queued));
    }
    if handed > 0 {
        parts.push(ctx.t1("invite-summary-handed", "count", handed));
    }
    if not_sent > 0 {
        parts.push(ctx.t1("invite-summary-not-sent", "count", not_sent));
    }
    if parts.len() > 1 {
        parts[0] = parts[0].trim_end_matches('.').to_owned();
    }
    let tone = match (queued + handed, not_sent) {
        (_, 0) => FlashKind::Success,
        (0, _) => FlashKind::Error,
        _ => FlashKind::Info,
    };
    (tone, parts.join(" · "))
}

/// The preview's lines: what sending would settle without inviting (already a member, already
/// invited…) in place of "ready to invite" (`invitations::foresee`).
pub fn foresee(lines: &mut [Line], foreseen: &[Option<ContactResult>]) {
    for line in lines {
        if let LineResult::Valid(i) = line.result {
            if let Some(Some(r)) = foreseen.get(i) {
                line.result = LineResult::Done(*r);
            }
        }
    }
}

/// Each line's name as its card holds it, where the organisation has a card for the recipient
/// (`invitations::card_names`): the messages greet that name, not what was typed beside it.
pub fn name_cards(lines: &mut [Line], names: &[Option<String>]) {
    for line in lines {
        let i = match line.result {
            LineResult::Valid(i) => Some(i),
            _ => None,
        };
        if let Some(Some(name)) = i.and_then(|i| names.get(i)) {
            line.name = name.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(recipients: &[&str], first: &[&str]) -> InviteForm {
        InviteForm {
            recipients: recipients.iter().map(|s| s.to_string()).collect(),
            first_name: first.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn rows_and_mass_box_give_one_line_per_item_and_duplicates_across_them() {
        let f = form(
            &[
                "anna@x.com",
                "",
                "",
                "",
                "",
                "bob@x.com, anna@x.com; 8905; bad@",
            ],
            &["Anna", "", "", "", ""],
        );
        let (lines, wanted) = read(&f, &PhoneRules::INTERNATIONAL);
        assert_eq!(lines.len(), 5);
        assert_eq!(wanted.len(), 2);
        assert_eq!(lines[0].name, "Anna");
        assert_eq!(lines[2].result, LineResult::Problem(ItemProblem::Duplicate));
        assert!(matches!(lines[3].result, LineResult::Problem(_)));
        assert_eq!(
            lines[4].result,
            LineResult::Problem(ItemProblem::MalformedEmail)
        );
        assert_eq!(f.mass(), "bob@x.com, anna@x.com; 8905; bad@");
    }
}
