//! The welcome after an invitation was accepted: an e-mail, or a short SMS when the invitation
//! went by SMS. Same three templates per e-mail as `messages`.

use super::messages::{greeting, one_line, Rendered};
use crate::i18n::{tr, tr_args, Lang};
use askama::Template;

/// The welcome message after acceptance.
#[derive(Debug, Clone)]
pub struct WelcomeMail {
    pub lang: Lang,
    pub org_name: String,
    pub customer_number: String,
    pub recipient_name: String,
    pub sign_in_link: String,
    /// The organisation's mobile app for the member's kind.
    pub app_link: Option<String>,
    /// The account was made by accepting; else an existing account joined one more
    /// organisation (nothing about it is "ready").
    pub new_account: bool,
}

impl WelcomeMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    pub fn subject(&self) -> String {
        tr_args(
            self.lang,
            "email-welcome-subject",
            &[
                ("org", (&self.org_name).into()),
                ("number", (&self.customer_number).into()),
            ],
        )
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.recipient_name)
    }
    /// The SMS after an invitation by SMS was accepted (the account's password was set: the
    /// phone hears of it, docs/SECURITY.md C6): short, the organisation and the sign-in page.
    pub fn sms_text(&self) -> String {
        let org = [("org", (&self.org_name).into())];
        if self.new_account {
            tr_args(self.lang, "sms-welcome", &org)
        } else {
            tr_args(self.lang, "sms-welcome-joined", &org)
        }
    }
    pub fn intro(&self) -> String {
        let args = [
            ("org", (&self.org_name).into()),
            ("number", (&self.customer_number).into()),
        ];
        if self.new_account {
            tr_args(self.lang, "email-welcome-intro", &args)
        } else {
            tr_args(self.lang, "email-welcome-intro-joined", &args)
        }
    }
}

#[derive(Template)]
#[template(path = "email/welcome/subject.txt")]
struct WelcomeSubject<'a> {
    m: &'a WelcomeMail,
}

#[derive(Template)]
#[template(path = "email/welcome/body.txt")]
struct WelcomeText<'a> {
    m: &'a WelcomeMail,
}

#[derive(Template)]
#[template(path = "email/welcome/body.html")]
struct WelcomeHtml<'a> {
    m: &'a WelcomeMail,
}

#[derive(Template)]
#[template(path = "sms/welcome.txt")]
struct WelcomeSms<'a> {
    m: &'a WelcomeMail,
}

pub fn render_welcome(m: &WelcomeMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&WelcomeSubject { m }.render()?),
        text: WelcomeText { m }.render()?,
        html: WelcomeHtml { m }.render()?,
    })
}

pub fn render_welcome_sms(m: &WelcomeMail) -> Result<String, askama::Error> {
    Ok(WelcomeSms { m }.render()?.trim().to_owned())
}
