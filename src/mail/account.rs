//! The account's own messages: the forgotten-password link (e-mail or SMS) and the security
//! notices — the password was changed or set (docs/SECURITY.md C6), two-factor sign-in was turned
//! off — by e-mail or, for an account with only a phone, SMS. Templates under
//! `templates/email/password_reset/`, `templates/email/security_notice/`,
//! `templates/sms/password_reset.txt` and `templates/sms/security_notice.txt`, in the account's
//! language. None ever contains a password, a code or a secret.

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

/// What the security notice tells the account of. Each has its own subject, intro and SMS; all
/// end with where to set a new password should it not have been the account's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecurityNotice {
    /// An existing password was replaced (from `/account` or through a reset link): every session
    /// signed in with the old one ended with it.
    PasswordChanged,
    /// A new account got its first password (an operator created through a setup link).
    PasswordSet,
    /// Two-factor sign-in was turned off: the password alone signs in from now on.
    TwoFactorOff,
}

impl SecurityNotice {
    pub const ALL: [SecurityNotice; 3] = [
        SecurityNotice::PasswordChanged,
        SecurityNotice::PasswordSet,
        SecurityNotice::TwoFactorOff,
    ];

    /// The notice's name in its Message-ID, `<{name}-{account}-{at}@host>`.
    pub fn name(self) -> &'static str {
        match self {
            SecurityNotice::PasswordChanged => "password-changed",
            SecurityNotice::PasswordSet => "password-set",
            SecurityNotice::TwoFactorOff => "two-factor-off",
        }
    }
}

/// "Your password was changed" (or "set"), "two-factor sign-in was turned off".
#[derive(Debug, Clone)]
pub struct SecurityNoticeMail {
    pub lang: Lang,
    pub notice: SecurityNotice,
    pub recipient_name: String,
    /// When it happened, formatted.
    pub changed: String,
    pub forgot_link: String,
}

impl SecurityNoticeMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    pub fn subject(&self) -> String {
        match self.notice {
            SecurityNotice::PasswordChanged => self.t("email-password-changed-subject"),
            SecurityNotice::PasswordSet => self.t("email-password-set-subject"),
            SecurityNotice::TwoFactorOff => self.t("email-two-factor-off-subject"),
        }
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.recipient_name)
    }
    pub fn intro(&self) -> String {
        let (lang, args) = (self.lang, [("changed", (&self.changed).into())]);
        match self.notice {
            SecurityNotice::PasswordChanged => tr_args(lang, "email-password-changed-intro", &args),
            SecurityNotice::PasswordSet => tr_args(lang, "email-password-set-intro", &args),
            SecurityNotice::TwoFactorOff => tr_args(lang, "email-two-factor-off-intro", &args),
        }
    }
    /// "Every device still signed in with the old password was signed out", for a password that
    /// replaced another — from `/account` (the session that made the change stays, now with the
    /// new password) or through a reset link (no session stays); not for a first password, nor
    /// for two-factor sign-in turned off (no session ends).
    pub fn sessions_ended(&self) -> Option<String> {
        (self.notice == SecurityNotice::PasswordChanged)
            .then(|| self.t("email-password-changed-sessions"))
    }
    /// The SMS: what happened, when, and where to set a new password if it was not them.
    pub fn sms_text(&self) -> String {
        let (lang, args) = (self.lang, [("changed", (&self.changed).into())]);
        match self.notice {
            SecurityNotice::PasswordChanged => tr_args(lang, "sms-password-changed", &args),
            SecurityNotice::PasswordSet => tr_args(lang, "sms-password-set", &args),
            SecurityNotice::TwoFactorOff => tr_args(lang, "sms-two-factor-off", &args),
        }
    }
}

#[derive(Template)]
#[template(path = "email/security_notice/subject.txt")]
struct NoticeSubject<'a> {
    m: &'a SecurityNoticeMail,
}

#[derive(Template)]
#[template(path = "email/security_notice/body.txt")]
struct NoticeText<'a> {
    m: &'a SecurityNoticeMail,
}

#[derive(Template)]
#[template(path = "email/security_notice/body.html")]
struct NoticeHtml<'a> {
    m: &'a SecurityNoticeMail,
}

#[derive(Template)]
#[template(path = "sms/security_notice.txt")]
struct NoticeSms<'a> {
    m: &'a SecurityNoticeMail,
}

pub fn render_notice(m: &SecurityNoticeMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&NoticeSubject { m }.render()?),
        text: NoticeText { m }.render()?,
        html: NoticeHtml { m }.render()?,
    })
}

pub fn render_notice_sms(m: &SecurityNoticeMail) -> Result<String, askama::Error> {
    Ok(NoticeSms { m }.render()?.trim().to_owned())
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
        let changed = |lang| SecurityNoticeMail {
            lang,
            notice: SecurityNotice::PasswordChanged,
            recipient_name: "Ivan".into(),
            changed: "2026-12-02 10:00 UTC".into(),
            forgot_link: "http://127.0.0.1:8080/password/forgot".into(),
        };
        let en = render_notice(&changed(Lang::En)).unwrap();
        let ru = render_notice(&changed(Lang::Ru)).unwrap();
        assert!(en.text.contains("/password/forgot"));
        assert_ne!(en.text, ru.text);
        assert!(en.text.contains("signed out"), "{}", en.text);
        // A first password, two-factor sign-in turned off: each its own subject and intro, with
        // the time, where to set a new password, and no sessions ended.
        for notice in [SecurityNotice::PasswordSet, SecurityNotice::TwoFactorOff] {
            let other = render_notice(&SecurityNoticeMail {
                notice,
                ..changed(Lang::En)
            })
            .unwrap();
            assert_ne!(other.subject, en.subject);
            assert!(
                other.text.contains("2026-12-02 10:00 UTC") && other.text.contains("/forgot"),
                "{}",
                other.text
            );
            assert!(!other.text.contains("signed out") && !other.html.contains("signed out"));
        }
        // The SMS: one line, when, and the link; each notice and language its own text.
        let sms = |lang, notice| {
            render_notice_sms(&SecurityNoticeMail {
                notice,
                ..changed(lang)
            })
            .unwrap()
        };
        let mut texts = std::collections::BTreeSet::new();
        for lang in [Lang::En, Lang::Ru] {
            for notice in SecurityNotice::ALL {
                let sms = sms(lang, notice);
                assert!(
                    sms.contains("2026-12-02 10:00 UTC")
                        && sms.ends_with("/password/forgot")
                        && !sms.contains('\n'),
                    "{sms}"
                );
                texts.insert(sms);
            }
        }
        assert_eq!(texts.len(), 6, "{texts:?}");
    }

    /// Every notice says what happened in its own words, in both languages: the keys, chosen by
    /// variant, all resolve and are translated.
    #[test]
    fn each_notice_has_its_own_words() {
        // One set for both languages: a Russian text missing (English instead) is a duplicate.
        let mut seen = std::collections::BTreeSet::new();
        for lang in [Lang::En, Lang::Ru] {
            for notice in SecurityNotice::ALL {
                let m = SecurityNoticeMail {
                    lang,
                    notice,
                    recipient_name: "Ivan".into(),
                    changed: "2026-12-02 10:00 UTC".into(),
                    forgot_link: "http://127.0.0.1:8080/password/forgot".into(),
                };
                for text in [m.subject(), m.intro(), m.sms_text()] {
                    assert!(
                        !text.starts_with("email-") && !text.starts_with("sms-"),
                        "{text}"
                    );
                    assert!(seen.insert(text.clone()), "{lang:?} {notice:?}: {text}");
                }
            }
        }
    }

    /// The notices by SMS, with a real base URL (28 characters): English in one GSM-7
    /// segment, Russian (UCS-2) in at most two — the reset link's own length.
    #[test]
    fn the_sms_notices_are_short() {
        use crate::sms::segments;
        let base = "https://invitely.example.com";
        for (lang, most) in [(Lang::En, 1), (Lang::Ru, 2)] {
            for notice in SecurityNotice::ALL {
                let sms = render_notice_sms(&SecurityNoticeMail {
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
                if lang == Lang::En {
                    assert_eq!(cost.encoding, segments::Encoding::Gsm7, "{sms}");
                }
            }
            for new_account in [true, false] {
                let welcome = crate::mail::messages::render_welcome_sms(
                    &crate::mail::messages::WelcomeMail {
                        lang,
                        org_name: "Acme Service".into(),
                        customer_number: "C-1042".into(),
                        recipient_name: "Ivan Petrov".into(),
                        sign_in_link: format!("{base}/login"),
                        app_link: None,
                        new_account,
                    },
                )
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
}
