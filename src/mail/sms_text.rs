//! The invitation SMS: as short as is still clear, so that it fits one segment where the
//! organisation's name allows (docs/PRODUCT.md §2.12 / issue 8). The organisation and the link
//! always; the expiry only when it costs no extra segment.
//!
//! Measured with a 28-character base URL (`https://invitely.example.com`, a 79-character link:
//! base + `/invite/` + 43-character token) and the organisation "Acme Service": English is
//! GSM-7, 134 septets, one segment, expiry included (names up to 38 characters keep the expiry,
//! up to 67 still fit one segment without it); Russian is UCS-2 (Cyrillic) and the link
//! alone (79) is longer than one UCS-2 segment (70), so it cannot be one segment with any name:
//! it is two (up to 134 units), with the expiry while that still fits.

use super::messages::InvitationMail;
use crate::i18n::tr_args;
use crate::sms::segments;

impl InvitationMail {
    /// The SMS text, in the message's language.
    pub fn sms_text(&self) -> String {
        let full = tr_args(
            self.lang,
            "sms-invite",
            &[
                ("org", (&self.org_name).into()),
                ("link", (&self.link).into()),
                ("expires", (&self.expires).into()),
            ],
        );
        let short = tr_args(
            self.lang,
            "sms-invite-short",
            &[
                ("org", (&self.org_name).into()),
                ("link", (&self.link).into()),
            ],
        );
        let cost = |t: &str| segments::count(t).count;
        if cost(&full) > cost(&short) {
            short
        } else {
            full
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::sms::segments::{Encoding, Segments};

    /// A real link's length: base URL + `/invite/` + a 43-character token (32 bytes, base64url).
    const LINK: &str =
        "https://invitely.example.com/invite/Zm9vYmFyLWJhei1xdXV4LXRva2VuLTMyYnl0ZXMtX0E";

    fn sms(lang: Lang, org: &str) -> (String, Segments) {
        let m = InvitationMail {
            lang,
            org_name: org.to_owned(),
            customer_number: "C-1042".into(),
            inviter_name: "Anna Petrova".into(),
            recipient_name: "Ivan Ivanov".into(),
            link: LINK.to_owned(),
            expires: "2026-12-03 11:00 UTC".into(),
            role_names: Vec::new(),
            grant_admin: false,
            message: String::new(),
            asks: crate::mail::messages::LinkAsks::Password,
            app_link: None,
        };
        let text = m.sms_text();
        let cost = segments::count(&text);
        (text, cost)
    }

    #[test]
    fn the_link_is_real_length() {
        assert_eq!(LINK.len(), "https://invitely.example.com".len() + 8 + 43);
    }

    /// Reports (run with `--nocapture`) and bounds the segments of the English and Russian texts.
    #[test]
    fn segment_report() {
        for (lang, org) in [
            (Lang::En, "Acme Service"),
            (Lang::Ru, "Acme Service"),
            (Lang::Ru, "ООО «Ромашка»"),
        ] {
            let (text, cost) = sms(lang, org);
            println!(
                "{lang:?} / {org}: {} {} units, {} segment(s): {text}",
                cost.encoding.as_str(),
                cost.units,
                cost.count
            );
            assert!(text.contains(org) && text.contains(LINK), "{text}");
        }
        let (en, cost) = sms(Lang::En, "Acme Service");
        assert_eq!(cost.encoding, Encoding::Gsm7);
        assert_eq!(cost.count, 1, "{en}");
        assert!(en.contains("2026-12-03"), "the expiry fits: {en}");
        let (ru, cost) = sms(Lang::Ru, "Acme Service");
        assert_eq!(cost.encoding, Encoding::Ucs2);
        assert_eq!(cost.count, 2, "{ru}");
        assert!(ru.contains("приглашает"), "{ru}");
        let (_, cost) = sms(Lang::Ru, "ООО «Ромашка»");
        assert_eq!(cost.count, 2);
    }

    /// The longest organisation name (ASCII letters) that keeps the English text in one
    /// segment, with and without the expiry; a longer name drops the expiry first.
    #[test]
    fn names_that_fit_one_segment() {
        let longest = |fits: &dyn Fn(&str, Segments) -> bool| {
            (1..=200)
                .take_while(|&n| {
                    let (text, cost) = sms(Lang::En, &"a".repeat(n));
                    fits(&text, cost)
                })
                .last()
                .unwrap_or(0)
        };
        let with = longest(&|text, cost| cost.count == 1 && text.contains("2026"));
        let without = longest(&|_, cost| cost.count == 1);
        println!("English, one segment: names up to {with} characters with the expiry, {without} without");
        assert!((30..=45).contains(&with), "{with}");
        assert!(without > with && without <= 160 - LINK.len(), "{without}");
        let (text, cost) = sms(Lang::En, &"a".repeat(with + 1));
        assert_eq!(cost.count, 1, "the expiry is dropped, not a segment added");
        assert!(!text.contains("2026"), "{text}");
        let (_, cost) = sms(Lang::En, &"a".repeat(without + 1));
        assert_eq!(cost.count, 2);
    }

    /// A name outside GSM-7 turns the English text UCS-2 too.
    #[test]
    fn a_cyrillic_name_costs_ucs2() {
        let (_, cost) = sms(Lang::En, "Ромашка");
        assert_eq!(cost.encoding, Encoding::Ucs2);
    }
}
