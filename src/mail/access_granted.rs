//! The "access granted" e-mail: an admin gave a role to a member who had none (docs/PRODUCT.md
//! §2.11). Three templates under `templates/email/access_granted/`, in the account's language.

use super::messages::{greeting, one_line, Rendered};
use crate::i18n::{tr, tr_args, Lang};
use askama::Template;

#[derive(Debug, Clone)]
pub struct AccessGrantedMail {
    pub lang: Lang,
    pub org_name: String,
    pub customer_number: String,
    pub recipient_name: String,
    pub role_names: Vec<String>,
    pub sign_in_link: String,
}

impl AccessGrantedMail {
    pub fn t(&self, key: &str) -> String {
        tr(self.lang, key)
    }
    fn org_args(&self) -> [(&'static str, crate::i18n::Arg); 2] {
        [
            ("org", (&self.org_name).into()),
            ("number", (&self.customer_number).into()),
        ]
    }
    pub fn subject(&self) -> String {
        tr_args(self.lang, "email-access-subject", &self.org_args())
    }
    pub fn greeting(&self) -> String {
        greeting(self.lang, &self.recipient_name)
    }
    pub fn intro(&self) -> String {
        tr_args(self.lang, "email-access-intro", &self.org_args())
    }
    pub fn roles_line(&self) -> String {
        tr_args(
            self.lang,
            "email-access-roles",
            &[("roles", self.role_names.join(", ").into())],
        )
    }
}

#[derive(Template)]
#[template(path = "email/access_granted/subject.txt")]
struct Subject<'a> {
    m: &'a AccessGrantedMail,
}

#[derive(Template)]
#[template(path = "email/access_granted/body.txt")]
struct Text<'a> {
    m: &'a AccessGrantedMail,
}

#[derive(Template)]
#[template(path = "email/access_granted/body.html")]
struct Html<'a> {
    m: &'a AccessGrantedMail,
}

pub fn render(m: &AccessGrantedMail) -> Result<Rendered, askama::Error> {
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
        let mail = |lang| AccessGrantedMail {
            lang,
            org_name: "<b>Acme</b>".into(),
            customer_number: "C-1".into(),
            recipient_name: "<script>x</script>".into(),
            role_names: vec!["Dispatcher".into(), "Driver".into()],
            sign_in_link: "http://127.0.0.1:8080/login".into(),
        };
        let en = render(&mail(Lang::En)).unwrap();
        let ru = render(&mail(Lang::Ru)).unwrap();
        assert!(!en.html.contains("<script>") && !en.html.contains("<b>Acme"));
        assert!(en.text.contains("Dispatcher, Driver"), "{}", en.text);
        assert!(en.html.contains("http://127.0.0.1:8080/login"));
        assert_ne!(en.subject, ru.subject);
        assert_ne!(en.text, ru.text);
    }
}
