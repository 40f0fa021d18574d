//! An audit event's details in the words of the page's language: the trail keeps them as data
//! (`domain::audit::Details`) and this is where they become text, so the same event reads in
//! English on one admin's page and in Russian on another's.

use crate::domain::audit::{Details, OrgField, OrgSettingChange, SignInVia};
use crate::domain::invitations::LostRight;
use crate::domain::settings::{Key, VerificationMethod};
use crate::web::page::PageCtx;

/// `details` as the page says them; `account` is the name of the account they name, if any.
pub fn describe(ctx: &PageCtx, details: &Details, account: Option<&str>) -> String {
    match details {
        Details::None => String::new(),
        Details::Legacy(text) => text.clone(),
        Details::Channel { channel } => ctx.t(channel.label_key()),
        Details::NoAccount => ctx.t("audit-details-no-account"),
        Details::SignIn { via } => ctx.t(via_key(*via)),
        Details::SessionsEnded { count } => ctx.t1("audit-details-sessions-ended", "count", *count),
        Details::Account { account: id } => ctx.t1(
            "audit-details-account",
            "name",
            account.map_or_else(|| format!("#{id}"), str::to_owned),
        ),
        Details::ContactChanged => ctx.t("audit-details-contact-changed"),
        Details::InviteForm => ctx.t("audit-details-invite-form"),
        Details::Renamed { from, to } => arrow(ctx, from, to),
        Details::CardDeleted { name, invitations } => ctx.t2(
            "audit-details-card-deleted",
            "name",
            name.as_str(),
            "invitations",
            *invitations,
        ),
        Details::Deleted {
            name,
            members,
            open_invitations,
        } => crate::i18n::tr_args(
            ctx.lang,
            "audit-details-deleted",
            &[
                ("name", name.into()),
                ("members", (*members).into()),
                ("invitations", (*open_invitations).into()),
            ],
        ),
        Details::Roles { before, after } => {
            let list = |names: &[String]| {
                if names.is_empty() {
                    ctx.t("audit-details-roles-none")
                } else {
                    names.join(", ")
                }
            };
            ctx.t2(
                "audit-details-roles",
                "before",
                list(before),
                "after",
                list(after),
            )
        }
        Details::InviterLostRight { why } => ctx.t(lost_right_key(*why)),
        Details::Failed { problem } => ctx.problem(problem),
        Details::Limit { asked, remaining } => ctx.t2(
            "audit-details-limit",
            "asked",
            *asked,
            "remaining",
            *remaining,
        ),
        Details::Export {
            status,
            kind,
            department,
            q,
        } => {
            let mut parts = Vec::new();
            if let Some(s) = status {
                parts.push(labelled(ctx, "filter-status", ctx.t(s.label_key())));
            }
            if let Some(k) = kind {
                parts.push(labelled(ctx, "filter-kind", ctx.t(k.label_key())));
            }
            if let Some(d) = department {
                parts.push(labelled(ctx, "filter-department", d.clone()));
            }
            if let Some(q) = q {
                parts.push(labelled(ctx, "audit-details-search", quoted(ctx, q)));
            }
            if parts.is_empty() {
                ctx.t("audit-details-export-all")
            } else {
                parts.join("; ")
            }
        }
        Details::ImportCommitted { import, rows, file } => crate::i18n::tr_args(
            ctx.lang,
            "audit-details-import-committed",
            &[
                ("import", import.get().into()),
                ("rows", (*rows).into()),
                ("file", file.into()),
            ],
        ),
        Details::ImportFinished {
            import,
            new,
            updated,
            unchanged,
            refused,
        } => crate::i18n::tr_args(
            ctx.lang,
            "audit-details-import-finished",
            &[
                ("import", import.get().into()),
                ("created", (*new).into()),
                ("updated", (*updated).into()),
                ("kept", (*unchanged).into()),
                ("refused", (*refused).into()),
            ],
        ),
        Details::OrgChanged { changes } => changes
            .iter()
            .map(|c| {
                let change = arrow(ctx, &c.before, &c.after);
                labelled(ctx, org_field_key(c.field), change)
            })
            .collect::<Vec<_>>()
            .join("; "),
        Details::Revoked { count } => ctx.t1("audit-details-revoked", "count", *count),
        Details::Named { name } => name.clone(),
        Details::OrgSettings { changes } => changes
            .iter()
            .map(|c| org_setting(ctx, c))
            .collect::<Vec<_>>()
            .join("; "),
        Details::Setting { key, before, after } => {
            let value = |v: &str| setting_value(ctx, *key, v);
            let change = format!("{} → {}", value(before), value(after));
            labelled(ctx, setting_key(*key), change)
        }
    }
}

/// "before → after", each quoted; an empty value is said as such.
fn arrow(ctx: &PageCtx, before: &str, after: &str) -> String {
    format!("{} → {}", quoted(ctx, before), quoted(ctx, after))
}

fn quoted(ctx: &PageCtx, text: &str) -> String {
    if text.is_empty() {
        ctx.t("audit-details-empty")
    } else {
        ctx.t1("audit-details-quoted", "text", text)
    }
}

/// "Label: value".
fn labelled(ctx: &PageCtx, label_key: &str, value: String) -> String {
    ctx.t2(
        "audit-details-labelled",
        "label",
        ctx.t(label_key),
        "value",
        value,
    )
}

fn org_setting(ctx: &PageCtx, change: &OrgSettingChange) -> String {
    match change {
        OrgSettingChange::InvitePolicy(p) => {
            labelled(ctx, "field-invite-policy", ctx.t(p.label_key()))
        }
        OrgSettingChange::LifetimeHours(h) => labelled(ctx, "field-lifetime-hours", h.to_string()),
        OrgSettingChange::EmployeeAppUrl => ctx.t("field-employee-app-url"),
        OrgSettingChange::CustomerAppUrl => ctx.t("field-customer-app-url"),
        OrgSettingChange::DefaultMessage => ctx.t("field-default-message"),
        OrgSettingChange::DefaultLocale(l) => {
            labelled(ctx, "field-default-locale", ctx.t(l.label_key()))
        }
    }
}

/// A platform setting's stored value as its form shows it: a choice by its label, a switch as
/// on or off, the rest (numbers, regions, country lists) quoted as stored.
fn setting_value(ctx: &PageCtx, key: Key, value: &str) -> String {
    match key {
        Key::VerificationMethod => match VerificationMethod::parse(value) {
            Some(VerificationMethod::EmailOnly) => ctx.t("verification-email-only"),
            Some(VerificationMethod::EmailOrPhone) => ctx.t("verification-email-or-phone"),
            None => quoted(ctx, value),
        },
        Key::TwoFactorOperators | Key::TwoFactorAdmins => match value.parse::<bool>() {
            Ok(true) => ctx.t("audit-details-on"),
            Ok(false) => ctx.t("audit-details-off"),
            Err(_) => quoted(ctx, value),
        },
        _ => quoted(ctx, value),
    }
}

fn via_key(via: SignInVia) -> &'static str {
    match via {
        SignInVia::Login => "audit-via-login",
        SignInVia::Invitation => "audit-via-invitation",
        SignInVia::Account => "audit-via-account",
        SignInVia::TwoFactorPassword => "audit-via-two-factor-password",
        SignInVia::TwoFactor => "audit-via-two-factor",
    }
}

fn lost_right_key(why: LostRight) -> &'static str {
    match why {
        LostRight::AdminsOnly => "audit-lost-admins-only",
        LostRight::AccountDisabled => "audit-lost-account-disabled",
        LostRight::NoRole => "audit-lost-no-role",
        LostRight::LeftOrg => "audit-lost-left-org",
        LostRight::RemovedFromOrg => "audit-lost-removed-from-org",
        LostRight::RoleTaken => "audit-lost-role-taken",
        LostRight::AdminRightsTaken => "audit-lost-admin-rights-taken",
    }
}

fn org_field_key(field: OrgField) -> &'static str {
    match field {
        OrgField::Name => "field-org-name",
        OrgField::CustomerNumber => "field-customer-number",
        OrgField::SeatLimit => "field-seat-limit",
        OrgField::DailyInviteLimit => "field-daily-invite-limit",
        OrgField::LifetimeHours => "field-lifetime-hours",
    }
}

fn setting_key(key: Key) -> &'static str {
    match key {
        Key::VerificationMethod => "field-verification-method",
        Key::DefaultPhoneRegion => "field-default-phone-region",
        Key::DefaultLifetimeHours => "field-default-lifetime-hours",
        Key::TwoFactorOperators => "two-factor-operators",
        Key::TwoFactorAdmins => "two-factor-admins",
        Key::SmsCountries => "field-sms-countries",
        Key::SmsPlatformCap => "field-sms-daily-cap",
        Key::SmsOrgCap => "field-sms-daily-cap-per-org",
    }
}
