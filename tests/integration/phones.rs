//! Phone numbers read with the platform's default region (issue 8, seed 001) on every surface
//! that takes one — the member card, the invite form, sign-in — and the invitation SMS over the
//! real HTTP gateway: the recipient's language, the organisation, the link, its segments.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::create_user;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::members;
use invitely::domain::settings;
use invitely::sms::segments::{self, Encoding};

/// Seed 001's message, showing the right form.
const NO_COUNTRY_CODE: &str =
    "The number has no country code. Write it as 79051111111 or +7 905 111-11-11.";

/// What the operator sets on `/platform/settings` (the form field is another part's).
fn set_region(app: &TestApp, region: &str) {
    settings::set(&mut app.conn(), settings::Key::DefaultPhoneRegion, region).unwrap();
}

fn field_errors(body: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(body);
    let sel = scraper::Selector::parse(".field-error").unwrap();
    html.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_owned())
        .collect()
}

fn card(first: &str, phone: &str) -> Vec<(&'static str, String)> {
    vec![
        ("first_name", first.to_owned()),
        ("last_name", "Smirnova".to_owned()),
        ("email", String::new()),
        ("phone", phone.to_owned()),
        ("kind", "customer".to_owned()),
    ]
}

async fn post_card(admin: &Session, first: &str, phone: &str) -> crate::support::Page {
    let fields = card(first, phone);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    admin.post("/admin/users/new", &fields).await
}

/// The phone stored on the card of `first`, if there is such a card.
fn stored_phone(app: &TestApp, first: &str) -> Option<Option<String>> {
    members::table
        .filter(members::first_name.eq(first))
        .select(members::phone)
        .first(&mut *app.conn())
        .optional()
        .unwrap()
}

/// The member card: `8 (905) …` needs the region; under RU it is stored as `+79051111111` and
/// is the same person as `+7 905 …`; a bare national number is refused with seed 001's message.
async fn member_card_reads_the_default_region(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PH-1").admin("boss@ph1.test").build().await;
    admin.get("/admin/users/new").await.assert_ok();

    let refused = post_card(&admin, "Olga", "8 (905) 111-11-11").await;
    assert_eq!(refused.status, 422, "no region: {}", refused.body);
    assert_eq!(field_errors(&refused.body), [NO_COUNTRY_CODE]);
    assert!(
        refused.body.contains("value=\"8 (905) 111-11-11\""),
        "what was typed is kept"
    );
    assert_eq!(stored_phone(&app, "Olga"), None, "no card");

    set_region(&app, "RU");
    let fields = card("Olga", "8 (905) 111-11-11");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    create_user(&admin, &fields).await;
    assert_eq!(
        stored_phone(&app, "Olga"),
        Some(Some("+79051111111".to_owned()))
    );

    let same = post_card(&admin, "Irina", "+7 905 111-11-11").await;
    assert_eq!(same.status, 422, "the same person: {}", same.body);
    assert_eq!(
        field_errors(&same.body),
        ["Somebody in this organisation already has this phone number."]
    );
    let bare = post_card(&admin, "Irina", "9051111111").await;
    assert_eq!(bare.status, 422);
    assert_eq!(field_errors(&bare.body), [NO_COUNTRY_CODE]);
    let found = admin.get("/admin/users?q=79051111111").await;
    found.assert_ok();
    assert!(found.body.contains("Olga"), "found by the stored number");
}

/// The text of the SMS to `to`, as the gateway received it (JSON `{to, text, id}`).
fn sms_to(app: &TestApp, to: &str) -> String {
    app.sms
        .messages()
        .iter()
        .map(|body| serde_json::from_str::<serde_json::Value>(body).unwrap())
        .find(|m| m["to"] == to)
        .and_then(|m| m["text"].as_str().map(str::to_owned))
        .unwrap_or_else(|| panic!("no SMS to {to}: {:?}", app.sms.messages()))
}

/// The invite form's box under RU: `8 (905) …` is invited (by SMS, in the language chosen),
/// `+7 905 …` is the same person, `9051111111` has no country code. English and Russian
/// texts name the organisation and carry the link; their segments are reported.
async fn invite_form_reads_the_default_region(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PH-2").admin("boss@ph2.test").build().await;
    set_region(&app, "RU");
    admin.get("/admin/invite").await.assert_ok();
    let mut fields = vec![("recipients", ""); 5];
    fields.extend([
        (
            "recipients",
            "8 (905) 111-11-11, +7 905 111 11 11; 9051111111",
        ),
        ("locale", "ru"),
        ("action", "send"),
    ]);
    let done = admin.post("/admin/invite", &fields).await;
    done.assert_ok();
    let lines: Vec<String> = {
        let doc = scraper::Html::parse_document(&done.body);
        let sel = scraper::Selector::parse(".invite-lines tbody tr").unwrap();
        doc.select(&sel)
            .map(|tr| tr.text().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].contains("queued"), "{}", lines[0]);
    assert!(lines[1].contains("duplicate in the list"), "{}", lines[1]);
    assert!(lines[2].contains(NO_COUNTRY_CODE), "{}", lines[2]);

    let mut fields = vec![("recipients", "8 905 222-22-22")];
    fields.extend(vec![("recipients", ""); 5]);
    fields.extend([("locale", "en"), ("action", "send")]);
    admin.post("/admin/invite", &fields).await.assert_ok();
    app.run_jobs().await;

    let link_base = format!("{}/invite/", app.base);
    let ru = sms_to(&app, "+79051111111");
    let en = sms_to(&app, "+79052222222");
    for (lang, text, words) in [("en", &en, "invites you"), ("ru", &ru, "приглашает вас")]
    {
        assert!(
            text.contains("Org PH-2") && text.contains(&link_base) && text.contains(words),
            "{lang}: {text}"
        );
        let cost = segments::count(text);
        println!(
            "SMS {lang}: {} {} units, {} segment(s), {} chars of link: {text}",
            cost.encoding.as_str(),
            cost.units,
            cost.count,
            link_base.len() + 43
        );
    }
    let cost = segments::count(&en);
    assert_eq!((cost.encoding, cost.count), (Encoding::Gsm7, 1), "{en}");
    let cost = segments::count(&ru);
    assert_eq!((cost.encoding, cost.count), (Encoding::Ucs2, 2), "{ru}");
}

/// Sign-in: the phone typed as `8 (905) …` finds the account only under a default region.
async fn sign_in_reads_the_default_region(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PH-3").admin("boss@ph3.test").build().await;
    app.member(&admin)
        .named("Olga", "Smirnova")
        .phone("+7 905 111-11-11")
        .customer()
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let sms = sms_to(&app, "+79051111111");
    let link = sms
        .split_whitespace()
        .find(|w| w.contains("/invite/"))
        .expect("a link in the SMS")
        .to_owned();
    app.accept(&link, PASSWORD).await;

    let login = |typed: &'static str| {
        let s = app.session();
        async move {
            s.get("/login").await.assert_ok();
            s.post("/login", &[("email", typed), ("password", PASSWORD)])
                .await
                .status
        }
    };
    assert_eq!(login("8 (905) 111-11-11").await, 422, "no region");
    set_region(&app, "RU");
    assert_eq!(login("8 (905) 111-11-11").await, 303, "region RU");
    assert_eq!(login("+7 905 111-11-11").await, 303);
    assert_eq!(login("9051111111").await, 422, "seed 001");
}

/// An invitation SMS to a phone that already has an account goes out in the account's
/// language, whatever language the inviter chose.
async fn sms_goes_out_in_the_account_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let first = app.org("PH-4").admin("boss@ph4.test").build().await;
    app.member(&first)
        .named("Olga", "Smirnova")
        .phone("+7 905 333-33-33")
        .customer()
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let link = sms_to(&app, "+79053333333")
        .split_whitespace()
        .find(|w| w.contains("/invite/"))
        .expect("a link")
        .to_owned();
    let olga = app.accept(&link, PASSWORD).await;
    olga.post("/lang", &[("lang", "ru"), ("back", "/")]).await;

    let second = app.org("PH-5").admin("boss@ph5.test").build().await;
    second.get("/admin/invite").await.assert_ok();
    let mut fields = vec![("recipients", "+7 905 333-33-33")];
    fields.extend(vec![("recipients", ""); 5]);
    fields.extend([("locale", "en"), ("action", "send")]);
    second.post("/admin/invite", &fields).await.assert_ok();
    app.run_jobs().await;
    let texts: Vec<String> = app
        .sms
        .messages()
        .iter()
        .map(|b| serde_json::from_str::<serde_json::Value>(b).unwrap())
        .filter(|m| m["text"].as_str().unwrap_or("").contains("Org PH-5"))
        .map(|m| m["text"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].contains("приглашает вас"), "{}", texts[0]);
}

/// A phone-only card with an open SMS invitation, re-invited after the operator switched to
/// e-mail only: the resend is skipped and said so, and the card stays "invited" — its
/// invitation is still valid (its link works, it holds a seat). It was marked "error" while the
/// invitations list showed the invitation pending.
async fn a_skipped_resend_leaves_an_open_invitation_as_it_is(backend: Backend) {
    use invitely::db::enums::{InvitationStatus, MemberStatus};
    use invitely::db::schema::invitations;
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("PH-6").admin("boss@ph6.test").build().await;
    let sam = app
        .member(&admin)
        .named("Sam", "Phone")
        .phone("+7 905 666-66-66")
        .customer()
        .invited()
        .create()
        .await;
    app.run_jobs().await;
    let link = sms_to(&app, "+79056666666")
        .split_whitespace()
        .find(|w| w.contains("/invite/"))
        .expect("a link")
        .to_owned();
    let card = |app: &TestApp| -> (MemberStatus, InvitationStatus) {
        let id: i64 = sam.parse().unwrap();
        let status = members::table
            .find(invitely::db::ids::MemberId::from_raw(id))
            .select(members::invite_status)
            .first(&mut *app.conn())
            .unwrap();
        let invitation = invitations::table
            .filter(invitations::member_id.eq(invitely::db::ids::MemberId::from_raw(id)))
            .order(invitations::id.desc())
            .select(invitations::status)
            .first(&mut *app.conn())
            .unwrap();
        (status, invitation)
    };
    assert_eq!(
        card(&app),
        (MemberStatus::Invited, InvitationStatus::Pending)
    );

    settings::set(
        &mut app.conn(),
        settings::Key::VerificationMethod,
        settings::VerificationMethod::EmailOnly.as_str(),
    )
    .unwrap();
    admin.get("/admin/users").await.assert_ok();
    let sent = admin
        .post("/admin/users/invite", &[("user_id", sam.as_str())])
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let back = admin.get(sent.location.as_deref().unwrap()).await;
    let said = crate::support::pages::flashes(&back.body).join(" ");
    assert!(
        said.contains("skipped") || said.contains("Skipped"),
        "{said}"
    );
    assert_eq!(
        card(&app),
        (MemberStatus::Invited, InvitationStatus::Pending),
        "the card keeps its open invitation's status"
    );
    assert_eq!(app.run_jobs().await, 0, "nothing was queued");
    // The invitation still works.
    let page = app
        .session()
        .get(link.trim_start_matches(app.base.as_str()))
        .await;
    page.assert_ok();
}

both_backends!(
    a_skipped_resend_leaves_an_open_invitation_as_it_is,
    member_card_reads_the_default_region,
    invite_form_reads_the_default_region,
    sign_in_reads_the_default_region,
    sms_goes_out_in_the_account_language,
);
