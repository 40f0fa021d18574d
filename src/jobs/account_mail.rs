//! The handlers of the account's own message jobs: the forgotten-password link (by e-mail or
//! SMS, the link derived as it leaves) and the "password changed" or "set" notice.

use super::deliver::Prepared;
use super::worker::JobContext;
use crate::db::ids::{AccountId, PasswordResetId};
use crate::db::DbConnection;
use crate::domain::{account_password, password_reset};
use crate::i18n::{format_datetime, Lang};
use crate::mail::account::{self, PasswordChangedMail, PasswordNotice, PasswordResetMail};

pub(super) fn password_reset(
    conn: &mut DbConnection,
    ctx: &JobContext,
    reset_id: PasswordResetId,
) -> anyhow::Result<Prepared> {
    let Some(send) = password_reset::to_send(conn, ctx.clock.now(), &ctx.token_key, reset_id)?
    else {
        return Ok(Prepared::NOTHING);
    };
    let mail = PasswordResetMail {
        lang: Lang::parse(&send.locale).unwrap_or_default(),
        recipient_name: send.recipient_name.clone(),
        link: format!("{}/password/reset/{}", ctx.base_url, send.token),
        expires: format_datetime(send.expires_at),
    };
    let message_id = format!("<password-reset-{reset_id}@{}>", ctx.host);
    Prepared::platform_message(
        ctx,
        send.channel,
        (&send.recipient, &send.recipient_name),
        message_id,
        || account::render_reset_sms(&mail),
        || account::render_reset(&mail),
    )
}

/// The "your password was changed" (or "set") notice: by e-mail, or by SMS to an account with
/// only a phone (a message of the platform, like the reset link).
pub(super) fn password_notice(
    conn: &mut DbConnection,
    ctx: &JobContext,
    account_id: AccountId,
    at: i64,
    notice: PasswordNotice,
) -> anyhow::Result<Prepared> {
    let Some(send) = account_password::notice_to_send(conn, account_id)? else {
        return Ok(Prepared::NOTHING);
    };
    let changed = time::OffsetDateTime::from_unix_timestamp(at)
        .map(|t| format_datetime(time::PrimitiveDateTime::new(t.date(), t.time())))
        .unwrap_or_default();
    let mail = PasswordChangedMail {
        lang: Lang::parse(&send.locale).unwrap_or_default(),
        notice,
        recipient_name: send.recipient_name.clone(),
        changed,
        forgot_link: format!("{}/password/forgot", ctx.base_url),
    };
    let what = match notice {
        PasswordNotice::Changed => "changed",
        PasswordNotice::Set => "set",
    };
    let message_id = format!("<password-{what}-{account_id}-{at}@{}>", ctx.host);
    Prepared::platform_message(
        ctx,
        send.channel,
        (&send.recipient, &send.recipient_name),
        message_id,
        || account::render_changed_sms(&mail),
        || account::render_changed(&mail),
    )
}
