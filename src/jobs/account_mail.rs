//! The handlers of the account's own message jobs: the forgotten-password link (by e-mail or
//! SMS, the link derived as it leaves) and the security notices (password changed or set,
//! two-factor sign-in turned off).

use super::deliver::Prepared;
use super::worker::JobContext;
use crate::db::ids::{AccountId, PasswordResetId};
use crate::db::DbConnection;
use crate::domain::{account_password, password_reset};
use crate::i18n::{format_datetime_in, Lang};
use crate::mail::account::{self, PasswordResetMail, SecurityNotice, SecurityNoticeMail};

pub(super) fn password_reset(
    conn: &mut DbConnection,
    ctx: &JobContext,
    reset_id: PasswordResetId,
) -> anyhow::Result<Prepared> {
    let Some(send) = password_reset::to_send(conn, ctx.clock.now(), &ctx.token_key, reset_id)?
    else {
        return Ok(Prepared::NOTHING);
    };
    let lang = Lang::parse(&send.locale).unwrap_or_default();
    let mail = PasswordResetMail {
        lang,
        recipient_name: send.recipient_name.clone(),
        link: format!("{}/password/reset/{}", ctx.base_url, send.token),
        expires: format_datetime_in(lang, send.expires_at),
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

/// A security notice — the password changed or set, two-factor sign-in turned off — by e-mail,
/// or by SMS to an account with only a phone (a message of the platform, like the reset link).
/// `at` (Unix seconds) is when it happened, and names the message.
pub(super) fn security_notice(
    conn: &mut DbConnection,
    ctx: &JobContext,
    account_id: AccountId,
    at: i64,
    notice: SecurityNotice,
) -> anyhow::Result<Prepared> {
    let Some(send) = account_password::notice_to_send(conn, account_id)? else {
        return Ok(Prepared::NOTHING);
    };
    let lang = Lang::parse(&send.locale).unwrap_or_default();
    let changed = time::OffsetDateTime::from_unix_timestamp(at)
        .map(|t| format_datetime_in(lang, time::PrimitiveDateTime::new(t.date(), t.time())))
        .unwrap_or_default();
    let mail = SecurityNoticeMail {
        lang,
        notice,
        recipient_name: send.recipient_name.clone(),
        changed,
        forgot_link: format!("{}/password/forgot", ctx.base_url),
    };
    let message_id = format!("<{}-{account_id}-{at}@{}>", notice.name(), ctx.host);
    Prepared::platform_message(
        ctx,
        send.channel,
        (&send.recipient, &send.recipient_name),
        message_id,
        || account::render_notice_sms(&mail),
        || account::render_notice(&mail),
    )
}
