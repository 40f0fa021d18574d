//! E-mails and SMS texts, rendered by Askama from one context per message (three templates
//! per e-mail: subject, plain text, HTML) and built with lettre's typed builder only.

use crate::i18n::{tr, tr_args, Lang};
use askama::Template;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::Message;

/// "Hello Ivan," or, without a name, "Hello,".
pub(crate) fn greeting(lang: Lang, name: &str) -> String {
    if name.is_empty() {
        tr(lang, "email-greeting-anon")
    } else {
        tr_args(lang, "email-greeting", &[("name", name.into())])
    }
}

/// What an invitation says opening its link will ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkAsks {
    /// No account has the address: a new password.
    Password,
    /// The address already has an account: signing in with it.
    SignIn,
    /// Not said: the message is handed to the inviter's own mail program, and whether the
    /// address has an account elsewhere is not the inviter's to learn (docs/SECURITY.md B10).
    Unsaid,
}

impl LinkAsks {
    /// For a message sent to the recipient by the platform.
    pub fn for_recipient(has_account: bool) -> Self {
        if has_account {
            LinkAsks::SignIn
        } else {
            LinkAsks::Password
        }
    }
}

/// Everything an invitation says.
#[derive(Debug, Clone)]
pub struct InvitationMail {
    pub lang: Lang,
    pub org_name: String,
    pub customer_number: String,
    pub inviter_name: String,
    pub recipient_name: String,
    pub link: String,
    pub expires: String,
    pub role_names: Vec<String>,
    /// The invitation makes the recipient an administrator of the organisation: said so.
    pub grant_admin: bool,
    pub message: String,
    /// What opening the link will ask of the recipient, as the message says it.
    pub asks: LinkAsks,
    /// The organisation's mobile app for the recipient's kind of member.
    pub app_link: Option<String>,
}

impl InvitationMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    /// What opening the link asks of the recipient.
    pub fn action_line(&self) -> String {
        self.t(match self.asks {
            LinkAsks::Password => "email-invite-action",
            LinkAsks::SignIn => "email-invite-action-existing",
            LinkAsks::Unsaid => "email-invite-action-handover",
        })
    }
    pub fn subject(&self) -> String {
        tr_args(
            self.lang,
            "email-invite-subject",
            &[
                ("org", (&self.org_name).into()),
                ("number", (&self.customer_number).into()),
            ],
        )
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.recipient_name)
    }
    pub fn intro(&self) -> String {
        let inviter = if self.inviter_name.is_empty() {
            tr(self.lang, "email-invite-inviter-platform")
        } else {
            self.inviter_name.clone()
        };
        tr_args(
            self.lang,
            "email-invite-intro",
            &[
                ("inviter", inviter.into()),
                ("org", (&self.org_name).into()),
                ("number", (&self.customer_number).into()),
            ],
        )
    }
    pub fn roles_line(&self) -> String {
        tr_args(
            self.lang,
            "email-invite-roles",
            &[("roles", self.role_names.join(", ").into())],
        )
    }
    /// "You are invited as an administrator…", for an invitation that grants it.
    pub fn admin_line(&self) -> String {
        tr_args(
            self.lang,
            "email-invite-admin",
            &[("org", (&self.org_name).into())],
        )
    }
    pub fn expiry_line(&self) -> String {
        tr_args(
            self.lang,
            "email-invite-expires",
            &[("expires", (&self.expires).into())],
        )
    }
}

#[derive(Template)]
#[template(path = "email/invitation/subject.txt")]
struct InvitationSubject<'a> {
    m: &'a InvitationMail,
}

#[derive(Template)]
#[template(path = "email/invitation/body.txt")]
struct InvitationText<'a> {
    m: &'a InvitationMail,
}

#[derive(Template)]
#[template(path = "email/invitation/body.html")]
struct InvitationHtml<'a> {
    m: &'a InvitationMail,
}

#[derive(Template)]
#[template(path = "sms/invitation.txt")]
struct InvitationSms<'a> {
    m: &'a InvitationMail,
}

pub use super::notices::{render_accepted_notice, AcceptedNoticeMail};
pub use super::welcome::{render_welcome, render_welcome_sms, WelcomeMail};

/// Subject, text and HTML of a message, ready to build.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn render_invitation(m: &InvitationMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&InvitationSubject { m }.render()?),
        text: InvitationText { m }.render()?,
        html: InvitationHtml { m }.render()?,
    })
}

pub fn render_invitation_sms(m: &InvitationMail) -> Result<String, askama::Error> {
    Ok(InvitationSms { m }.render()?.trim().to_owned())
}

/// Subjects are one line without control characters, whatever the names contain (docs/SECURITY.md
/// G1).
pub(crate) fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("invalid address")]
    Address,
    #[error("cannot build message: {0}")]
    Message(String),
}

/// multipart/alternative, both parts quoted-printable (no raw account text on the wire), with a
/// deterministic Message-ID so a retried send is recognisable (docs/SECURITY.md I4).
pub fn build(
    from: &Mailbox,
    to_address: &str,
    to_name: &str,
    message_id: &str,
    rendered: Rendered,
) -> Result<Message, BuildError> {
    let address = to_address.parse().map_err(|_| BuildError::Address)?;
    let name = one_line(to_name);
    let to = Mailbox::new((!name.is_empty()).then_some(name), address);
    let qp = |s: String| {
        Body::new_with_encoding(s, ContentTransferEncoding::QuotedPrintable)
            .map_err(|_| BuildError::Message("encoding".into()))
    };
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .message_id(Some(message_id.to_owned()))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(qp(rendered.text)?),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(qp(rendered.html)?),
                ),
        )
        .map_err(|e| BuildError::Message(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(lang: Lang) -> InvitationMail {
        InvitationMail {
            lang,
            org_name: "\"><img src=x onerror=alert(1)>".into(),
            customer_number: "C-1".into(),
            inviter_name: "<script>alert(1)</script>".into(),
            recipient_name: "Ivan\r\nBcc: evil@example.com".into(),
            link: "http://127.0.0.1:8080/invite/abc".into(),
            expires: "2026-11-26 12:00 UTC".into(),
            role_names: vec!["Dispatcher".into()],
            grant_admin: true,
            message: "Welcome aboard\n.\nMAIL FROM:<x@y.z>".into(),
            asks: LinkAsks::Password,
            app_link: None,
        }
    }

    #[test]
    fn html_part_escapes_names_and_text_part_keeps_them() {
        for lang in Lang::ALL {
            let r = render_invitation(&sample(lang)).unwrap();
            assert!(!r.html.contains("<script>"), "{}", r.html);
            assert!(!r.html.contains("<img src=x"), "{}", r.html);
            assert!(r.html.contains("&#60;script&#62;"), "{}", r.html);
            assert!(r.text.contains("http://127.0.0.1:8080/invite/abc"));
            assert!(r.html.contains("http://127.0.0.1:8080/invite/abc"));
            assert!(r.text.contains("2026-11-26 12:00 UTC"));
            assert!(r.text.contains("C-1"));
            assert!(!r.subject.contains('\n'));
        }
    }

    #[test]
    fn languages_differ() {
        let en = render_invitation(&sample(Lang::En)).unwrap();
        let ru = render_invitation(&sample(Lang::Ru)).unwrap();
        assert_ne!(en.subject, ru.subject);
        assert_ne!(en.text, ru.text);
    }

    #[test]
    fn headers_cannot_be_injected() {
        let from: Mailbox = "Invitely <no-reply@localhost>".parse().unwrap();
        let m = sample(Lang::En);
        let msg = build(
            &from,
            "ivan@example.com",
            &m.recipient_name,
            "<x@localhost>",
            render_invitation(&m).unwrap(),
        )
        .unwrap();
        let raw = String::from_utf8(msg.formatted()).unwrap();
        let headers = raw.split("\r\n\r\n").next().unwrap();
        assert!(!headers.lines().any(|l| l.starts_with("Bcc:")), "{headers}");
        assert_eq!(msg.envelope().to().len(), 1);
        assert!(build(
            &from,
            "a@b.c\r\nBcc: x@y.z",
            "n",
            "<x@l>",
            render_invitation(&m).unwrap()
        )
        .is_err());
    }

    #[test]
    fn an_administrators_invitation_says_so_and_another_does_not() {
        for lang in Lang::ALL {
            let admin = sample(lang);
            // The words before the organisation's name (escaped in the HTML part).
            let line = tr_args(lang, "email-invite-admin", &[("org", "ORG".into())]);
            let line = line.split("ORG").next().unwrap().trim().to_owned();
            assert!(line.len() > 20, "{line}");
            let r = render_invitation(&admin).unwrap();
            assert!(r.text.contains(&line) && r.html.contains(&line), "{lang:?}");
            let plain = InvitationMail {
                grant_admin: false,
                ..admin
            };
            let r = render_invitation(&plain).unwrap();
            assert!(
                !r.text.contains(&line) && !r.html.contains(&line),
                "{lang:?}"
            );
        }
    }
}
