//! The account's own messages: the forgotten-password link (e-mail or SMS) and the "your password
//! was changed" (or "set") notice, by e-mail or, for an account with only a phone, SMS
//! (docs/SECURITY.md C6). Templates under `templates/email/password_reset/`,
//! `templates/email/password_changed/`, `templates/sms/password_reset.txt` and
//! `templates/sms/password_changed.txt`, in the account's language. None ever contains a
//! password.

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

/// What happened to the password the notice tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordNotice {
    /// An existing password was replaced (from `/account` or through a reset link): every session
    /// signed in with the old one ended with it.
    Changed,
    /// A new account got its first password (an operator created through a setup link).
    Set,
}

/// "Your password was changed" (or "set").
#[derive(Debug, Clone)]
pub struct PasswordChangedMail {
    pub lang: Lang,
    pub notice: PasswordNotice,
    pub recipient_name: String,
    pub changed: String,
    pub forgot_link: String,
}

impl PasswordChangedMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    pub fn subject(&self) -> String {
        self.t(match self.notice {
            PasswordNotice::Changed => "email-password-changed-subject",
            PasswordNotice::Set => "email-password-set-subject",
        })
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.recipient_name)
    }
    pub fn intro(&self) -> String {
        let key = match self.notice {
            PasswordNotice::Changed => "email-password-changed-intro",
            PasswordNotice::Set => "email-password-set-intro",
        };
        tr_args(self.lang, key, &[("changed", (&self.changed).into())])
    }
    /// "Every device still signed in with the old password was signed out", for a password that
    /// replaced another — from `/account` (the session that made the change stays, now with the
    /// new password) or through a reset link (no session stays); not for a first password.
    pub fn sessions_ended(&self) -> Option<String> {
        (self.notice == PasswordNotice::Changed).then(|| self.t("email-password-changed-sessions"))
    }
    /// The SMS: what happened, when, and where to set a new password if it was not them.
    pub fn sms_text(&self) -> String {
        let key = match self.notice {
            PasswordNotice::Changed => "sms-password-changed",
            PasswordNotice::Set => "sms-password-set",
        };
        tr_args(self.lang, key, &[("changed", (&self.changed).into())])
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

#[derive(Template)]
#[template(path = "sms/password_changed.txt")]
struct ChangedSms<'a> {
    m: &'a PasswordChangedMail,
}

pub fn render_changed(m: &PasswordChangedMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&ChangedSubject { m }.render()?),
        text: ChangedText { m }.render()?,
        html: ChangedHtml { m }.render()?,
    })
}

pub fn render_changed_sms(m: &PasswordChangedMail) -> Result<String, askama::Error> {
    Ok(ChangedSms { m }.render()?.trim().to_owned())
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
            notice: PasswordNotice::Changed,
            recipient_name: "Ivan".into(),
            changed: "2026-12-02 10:00 UTC".into(),
            forgot_link: "http://127.0.0.1:8080/password/forgot".into(),
        };
        let en = render_changed(&changed(Lang::En)).unwrap();
        let ru = render_changed(&changed(Lang::Ru)).unwrap();
        assert!(en.text.contains("/password/forgot"));
        assert_ne!(en.text, ru.text);
        assert!(en.text.contains("signed out"), "{}", en.text);
        // A first password: its own subject and intro, and no sessions ended.
        let set = PasswordChangedMail {
            notice: PasswordNotice::Set,
            ..changed(Lang::En)
        };
        let first = render_changed(&set).unwrap();
        assert_ne!(first.subject, en.subject);
        assert!(
            first.text.contains("2026-12-02 10:00 UTC"),
            "{}",
            first.text
        );
        assert!(!first.text.contains("signed out") && !first.html.contains("signed out"));
        // The SMS: one line, when, and the link; each notice and language its own text.
        for lang in [Lang::En, Lang::Ru] {
            for notice in [PasswordNotice::Changed, PasswordNotice::Set] {
                let sms = render_changed_sms(&PasswordChangedMail {
                    notice,
                    ..changed(lang)
                })
                .unwrap();
                assert!(
                    sms.contains("2026-12-02 10:00 UTC")
                        && sms.ends_with("/password/forgot")
                        && !sms.contains('\n'),
                    "{sms}"
                );
            }
        }
        let sms = |lang, notice| {
            render_changed_sms(&PasswordChangedMail {
                notice,
                ..changed(lang)
            })
            .unwrap()
        };
        assert_ne!(
            sms(Lang::En, PasswordNotice::Changed),
            sms(Lang::Ru, PasswordNotice::Changed)
        );
        assert_ne!(
            sms(Lang::En, PasswordNotice::Changed),
            sms(Lang::En, PasswordNotice::Set)
        );
    }

    /// The notices by SMS, with a real base URL (28 characters): English in one GSM-7
    /// segment, Russian (UCS-2) in at most two — the reset link's own length.
    #[test]
    fn the_sms_notices_are_short() {
        use crate::sms::segments;
        let base = "https://invitely.example.com";
        for (lang, most) in [(Lang::En, 1), (Lang::Ru, 2)] {
            for notice in [PasswordNotice::Changed, PasswordNotice::Set] {
                let sms = render_changed_sms(&PasswordChangedMail {
                    lang,
                    notice,
                    recipient_name: "Ivan Petrov".into(),
                    changed: "2026-12-02 10:00 UTC".into(),
                    forgot_link: format!("{base}/password/forgot"),
                })
                .unwrap();
                let cost = segments::count(&sms);
                assert!(
                    cost.count <= most,
                    "{lang:?} {notice:?}: {} segments: {sms}",
                    cost.count
                );
            }
            let welcome =
                crate::mail::messages::render_welcome_sms(&crate::mail::messages::WelcomeMail {
                    lang,
                    org_name: "Acme Service".into(),
                    customer_number: "C-1042".into(),
                    recipient_name: "Ivan Petrov".into(),
                    sign_in_link: format!("{base}/login"),
                    app_link: None,
                })
                .unwrap();
            let cost = segments::count(&welcome);
            assert!(
                cost.count <= most,
                "{lang:?}: {} segments: {welcome}",
                cost.count
            );
            assert!(welcome.contains("Acme Service") && welcome.ends_with("/login"));
        }
    }
}
