//! The "a member left" e-mail to each admin of the organisation (docs/PRODUCT.md §2.12, seed
//! 004). Three templates under `templates/email/member_left/`, in the admin's language.

use super::messages::{greeting, one_line, Rendered};
use crate::i18n::{tr, tr_args, Lang};
use askama::Template;

#[derive(Debug, Clone)]
pub struct MemberLeftMail {
    pub lang: Lang,
    pub org_name: String,
    pub customer_number: String,
    pub admin_name: String,
    pub member_name: String,
    /// The e-mail address or phone on the member's card (may be empty).
    pub member_contact: String,
    /// The member's card, from which they can be invited again.
    pub card_link: String,
}

impl MemberLeftMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    fn args(&self) -> [(&'static str, crate::i18n::Arg); 4] {
        [
            ("member", (&self.member_name).into()),
            ("contact", (&self.member_contact).into()),
            ("org", (&self.org_name).into()),
            ("number", (&self.customer_number).into()),
        ]
    }
    pub fn subject(&self) -> String {
        tr_args(self.lang, "email-left-subject", &self.args())
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.admin_name)
    }
    pub fn intro(&self) -> String {
        let key = if self.member_contact.is_empty() {
            "email-left-intro"
        } else {
            "email-left-intro-contact"
        };
        tr_args(self.lang, key, &self.args())
    }
}

#[derive(Template)]
#[template(path = "email/member_left/subject.txt")]
struct Subject<'a> {
    m: &'a MemberLeftMail,
}

#[derive(Template)]
#[template(path = "email/member_left/body.txt")]
struct Text<'a> {
    m: &'a MemberLeftMail,
}

#[derive(Template)]
#[template(path = "email/member_left/body.html")]
struct Html<'a> {
    m: &'a MemberLeftMail,
}

pub fn render(m: &MemberLeftMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&Subject { m }.render()?),
        text: Text { m }.render()?,
        html: Html { m }.render()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_html_and_languages_differ() {
        let mail = |lang| MemberLeftMail {
            lang,
            org_name: "<b>Acme</b>".into(),
            customer_number: "C-1".into(),
            admin_name: "Anna".into(),
            member_name: "<script>x</script>".into(),
            member_contact: "ivan@example.com".into(),
            card_link: "http://127.0.0.1:8080/admin/users/7".into(),
        };
        let en = render(&mail(Lang::En)).unwrap();
        let ru = render(&mail(Lang::Ru)).unwrap();
        assert!(!en.html.contains("<script>") && !en.html.contains("<b>Acme"));
        assert!(en.text.contains("ivan@example.com"), "{}", en.text);
        assert!(en.html.contains("/admin/users/7"));
        assert_ne!(en.subject, ru.subject);
        assert_ne!(en.text, ru.text);
    }
}
