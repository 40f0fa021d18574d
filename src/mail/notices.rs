//! Notices to inviters: "your invitation was accepted", with the member's card to grant access
//! when the member has no role yet. Same three templates per e-mail as `messages`.

use super::messages::{greeting, one_line, Rendered};
use crate::i18n::{tr, tr_args, Lang};
use askama::Template;

/// Everything the notice says; in the inviter's language.
#[derive(Debug, Clone)]
pub struct AcceptedNoticeMail {
    pub lang: Lang,
    pub org_name: String,
    pub customer_number: String,
    pub inviter_name: String,
    pub member_name: String,
    /// The member's card (shown when `grant_access`).
    pub card_link: String,
    /// The member has no role yet: the notice asks the inviter to grant access.
    pub grant_access: bool,
}

impl AcceptedNoticeMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    fn args(&self) -> [(&'static str, crate::i18n::Arg); 3] {
        [
            ("member", (&self.member_name).into()),
            ("org", (&self.org_name).into()),
            ("number", (&self.customer_number).into()),
        ]
    }
    pub fn subject(&self) -> String {
        tr_args(self.lang, "email-accepted-subject", &self.args())
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.inviter_name)
    }
    pub fn intro(&self) -> String {
        tr_args(self.lang, "email-accepted-intro", &self.args())
    }
}

#[derive(Template)]
#[template(path = "email/invitation_accepted/subject.txt")]
struct Subject<'a> {
    m: &'a AcceptedNoticeMail,
}

#[derive(Template)]
#[template(path = "email/invitation_accepted/body.txt")]
struct Text<'a> {
    m: &'a AcceptedNoticeMail,
}

#[derive(Template)]
#[template(path = "email/invitation_accepted/body.html")]
struct Html<'a> {
    m: &'a AcceptedNoticeMail,
}

pub fn render_accepted_notice(m: &AcceptedNoticeMail) -> Result<Rendered, askama::Error> {
    Ok(Rendered {
        subject: one_line(&Subject { m }.render()?),
        text: Text { m }.render()?,
        html: Html { m }.render()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(lang: Lang, grant_access: bool) -> AcceptedNoticeMail {
        AcceptedNoticeMail {
            lang,
            org_name: "Org <b>".into(),
            customer_number: "C-1".into(),
            inviter_name: "Anna".into(),
            member_name: "<script>x</script>".into(),
            card_link: "http://127.0.0.1/admin/users/7".into(),
            grant_access,
        }
    }

    #[test]
    fn grant_access_link_only_when_the_member_has_no_role() {
        for lang in Lang::ALL {
            let with = render_accepted_notice(&sample(lang, true)).unwrap();
            assert!(with.text.contains("/admin/users/7"), "{}", with.text);
            assert!(with.html.contains("/admin/users/7"));
            assert!(!with.html.contains("<script>"));
            let without = render_accepted_notice(&sample(lang, false)).unwrap();
            assert!(!without.text.contains("/admin/users/7"), "{}", without.text);
        }
    }
}
