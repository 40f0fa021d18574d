//! The account's own messages: the forgotten-password link (e-mail or SMS) and the "your password
//! was changed" notice. Templates under `templates/email/password_reset/`,
//! `templates/email/password_changed/` and `templates/sms/password_reset.txt`, in the account's
//! language. Neither ever contains a password.

use super::messages::{greeting, one_line, Rendered};
use crate::i18n::{tr, tr_args, Lang};
use askama::Template;

/// The forgotten-password link.
#[derive(Debug, Clone)]
pub struct PasswordResetMail {
    pub lang: Lang,
    pub recipient_name: String,
    pub link: String,
    pub expires: String,
}

impl PasswordResetMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    pub fn subject(&self) -> String {
        self.t("email-reset-subject")
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.recipient_name)
    }
    pub fn expiry_line(&self) -> String {
        tr_args(
            self.lang,
            "email-reset-expires",
            &[("expires", (&self.expires).into())],
        )
    }
}

#[derive(Template)]
#[template(path = "email/password_reset/subject.txt")]
struct ResetSubject<'a> {
    m: &'a PasswordResetMail,
}

#[derive(Template)]
#[template(path = "email/password_reset/body.txt")]
struct ResetText<'a> {
    m: &'a PasswordResetMail,
}

#[derive(Template)]
#[template(path = "email/password_reset/body.html")]
struct ResetHtml<'a> {
    m: &'a PasswordResetMail,
}

#[derive(Template)]
#[template(path = "sms/password_reset.txt")]
struct ResetSms<'a> {
    m: &'a PasswordResetMail,
}

pub fn render_reset(m: &PasswordResetMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&ResetSubject { m }.render()?),
        text: ResetText { m }.render()?,
        html: ResetHtml { m }.render()?,
    })
}

pub fn render_reset_sms(m: &PasswordResetMail) -> Result<String, askama::Error> {
    Ok(ResetSms { m }.render()?.trim().to_owned())
}

/// "Your password was changed".
#[derive(Debug, Clone)]
pub struct PasswordChangedMail {
    pub lang: Lang,
    pub recipient_name: String,
    pub changed: String,
    pub forgot_link: String,
}

impl PasswordChangedMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    pub fn subject(&self) -> String {
        self.t("email-password-changed-subject")
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.recipient_name)
    }
    pub fn intro(&self) -> String {
        tr_args(
            self.lang,
            "email-password-changed-intro",
            &[("changed", (&self.changed).into())],
        )
    }
}

#[derive(Template)]
#[template(path = "email/password_changed/subject.txt")]
struct ChangedSubject<'a> {
    m: &'a PasswordChangedMail,
}

#[derive(Template)]
#[template(path = "email/password_changed/body.txt")]
struct ChangedText<'a> {
    m: &'a PasswordChangedMail,
}

#[derive(Template)]
#[template(path = "email/password_changed/body.html")]
struct ChangedHtml<'a> {
    m: &'a PasswordChangedMail,
}

pub fn render_changed(m: &PasswordChangedMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&ChangedSubject { m }.render()?),
        text: ChangedText { m }.render()?,
        html: ChangedHtml { m }.render()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_and_languages_differ() {
        let reset = |lang| PasswordResetMail {
            lang,
            recipient_name: "<script>x</script>".into(),
            link: "http://127.0.0.1:8080/password/reset/abc".into(),
            expires: "2026-12-02 11:00 UTC".into(),
        };
        let en = render_reset(&reset(Lang::En)).unwrap();
        let ru = render_reset(&reset(Lang::Ru)).unwrap();
        assert!(!en.html.contains("<script>"));
        assert!(en.text.contains("/password/reset/abc"));
        assert_ne!(en.subject, ru.subject);
        let sms = render_reset_sms(&reset(Lang::En)).unwrap();
        assert!(
            sms.contains("/password/reset/abc") && !sms.contains('\n'),
            "{sms}"
        );
        let changed = |lang| PasswordChangedMail {
            lang,
            recipient_name: "Ivan".into(),
            changed: "2026-12-02 10:00 UTC".into(),
            forgot_link: "http://127.0.0.1:8080/password/forgot".into(),
        };
        let en = render_changed(&changed(Lang::En)).unwrap();
        let ru = render_changed(&changed(Lang::Ru)).unwrap();
        assert!(en.text.contains("/password/forgot"));
        assert_ne!(en.text, ru.text);
    }
}
