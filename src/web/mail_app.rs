//! "Open in my mail app" on the invite form's result: each invitation as a message the admin
//! sends from their own mail program, with the personal link.

use crate::error::AppError;
use crate::i18n::{format_datetime_in, Lang};
use crate::mail::messages::{self, InvitationMail, LinkAsks};
use crate::web::state::AppState;

/// One message for the admin's own mail program.
pub struct MailLink {
    pub address: String,
    pub name: String,
    pub link: String,
    pub href: String,
}

/// The message for the admin's mail program: the invitation's own subject and text, with the
/// personal link — saying nothing of whether the address has an account (B10).
pub fn mail_link(
    state: &AppState,
    send: crate::domain::delivery::InvitationToSend,
) -> Result<MailLink, AppError> {
    let inv = &send.invitation;
    let link = format!("{}/invite/{}", state.jobs.base_url, send.token);
    let lang = Lang::parse(&inv.locale).unwrap_or_default();
    let mail = InvitationMail {
        lang,
        org_name: send.org_name.clone(),
        customer_number: send.customer_number.clone(),
        inviter_name: send.inviter_name.clone(),
        recipient_name: send.recipient_name.clone(),
        link: link.clone(),
        expires: format_datetime_in(lang, send.link.expires_at),
        role_names: send.role_names.clone(),
        grant_admin: inv.grant_admin,
        message: inv.message.clone(),
        asks: LinkAsks::Unsaid,
        app_link: send.app_link.clone(),
    };
    let r = messages::render_invitation(&mail)?;
    Ok(MailLink {
        href: mailto(&inv.recipient, &r.subject, &r.text),
        address: inv.recipient.clone(),
        name: send.recipient_name,
        link,
    })
}

/// `mailto:` with the address and percent-encoded subject and body (RFC 6068).
pub fn mailto(address: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        encode(address),
        encode(subject),
        encode(&body)
    )
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_encodes_everything_but_the_address() {
        let m = mailto("a@x.com", "Hi & bye", "line\nnext?=");
        assert_eq!(
            m,
            "mailto:a@x.com?subject=Hi%20%26%20bye&body=line%0D%0Anext%3F%3D"
        );
    }
}
