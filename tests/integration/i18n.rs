//! English and Russian: the same keys in both, every key the code uses exists, and pages and
//! e-mails come out in the chosen language.

use crate::both_backends;
use crate::support::{mime, Backend, TestApp};
use std::collections::BTreeSet;

fn keys(lang: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(format!(
        "{}/locales/{lang}/main.ftl",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let re = regex::Regex::new(r"(?m)^([a-z][a-z0-9-]*)\s*=").unwrap();
    re.captures_iter(&text).map(|c| c[1].to_owned()).collect()
}

fn files_under(dir: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(path.to_str().unwrap(), out);
        } else {
            out.push(path);
        }
    }
}

/// Every literal key passed to a translation function in templates and Rust code.
fn used_keys() -> BTreeSet<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    files_under(&format!("{root}/templates"), &mut files);
    files_under(&format!("{root}/src"), &mut files);
    let call =
        regex::Regex::new(r#"\b(?:t|t1|t2|tr|tr_args)\(\s*(?:[a-z_.]+,\s*)?"([a-z][a-z0-9-]+)""#)
            .unwrap();
    // Message keys returned as values from Rust code (field problems, error pages, the audit
    // trail's words).
    let key_like = regex::Regex::new(r#""((?:err|error|audit)-[a-z0-9-]+)""#).unwrap();
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for c in call.captures_iter(&text) {
            out.insert(c[1].to_owned());
        }
        if f.extension().is_some_and(|e| e == "rs") {
            for c in key_like.captures_iter(&text) {
                out.insert(c[1].to_owned());
            }
        }
    }
    // Keys the enums give their variants (statuses, channels, kinds, reasons).
    for (_, variants) in invitely::db::enums::labelled() {
        out.extend(variants.into_iter().map(|(_, key)| key.to_owned()));
    }
    for l in ["valid", "expired", "used", "revoked", "unknown"] {
        out.insert(format!("link-{l}-title"));
        out.insert(format!("link-{l}-text"));
    }
    out
}

#[test]
fn both_languages_have_the_same_keys() {
    let (en, ru) = (keys("en"), keys("ru"));
    assert!(en.len() > 150, "{} keys", en.len());
    let only_en: Vec<_> = en.difference(&ru).collect();
    let only_ru: Vec<_> = ru.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_ru.is_empty(),
        "only in en: {only_en:?}; only in ru: {only_ru:?}"
    );
}

#[test]
fn every_key_the_code_uses_exists() {
    let used = used_keys();
    assert!(used.len() > 100, "the scan found {} keys", used.len());
    for lang in ["en", "ru"] {
        let have = keys(lang);
        let missing: Vec<_> = used.difference(&have).collect();
        assert!(missing.is_empty(), "missing in {lang}: {missing:?}");
    }
}

/// Every variant of every enum shown to people has its label in both languages, so a new
/// status (channel, kind, reason) cannot reach a page untranslated.
#[test]
fn every_variant_of_every_shown_enum_has_a_label_in_both_languages() {
    let (en, ru) = (keys("en"), keys("ru"));
    let mut checked = 0;
    let mut missing = Vec::new();
    for (name, variants) in invitely::db::enums::labelled() {
        for (text, key) in variants {
            checked += 1;
            for (lang, have) in [("en", &en), ("ru", &ru)] {
                if !have.contains(key) {
                    missing.push(format!("{name}::{text} ({key}) in {lang}"));
                }
            }
        }
    }
    // 5 member statuses, 6 shown invitation statuses, 2 channels, 2 kinds, 9 reasons.
    assert!(checked >= 24, "only {checked} variants checked");
    assert!(missing.is_empty(), "labels missing: {missing:?}");
}

#[test]
fn translations_resolve_and_differ() {
    use invitely::i18n::{tr, tr_args, Arg, Lang};
    let args: Vec<(&str, Arg)> = [
        "org",
        "number",
        "name",
        "reason",
        "recipient",
        "inviter",
        "roles",
        "expires",
        "link",
        "current",
        "member",
        "range",
        "status",
        "time",
        "department",
        "contact",
        "changed",
        "file",
        "column",
        "unit",
        "reply",
        "before",
        "after",
        "label",
        "value",
        "text",
        "lines",
        "size",
        "email",
        "since",
    ]
    .into_iter()
    .map(|k| (k, Arg::from("x")))
    .chain(
        [
            "count",
            "remaining",
            "asked",
            "page",
            "min",
            "max",
            "sent",
            "errors",
            "handled",
            "first",
            "last",
            "total",
            "rows",
            "done",
            "written",
            "invitations",
            "refused",
            "limit",
            "used",
            "line",
            "n",
            "minutes",
            "members",
            "import",
            "created",
            "day",
            "month",
            "year",
            "time",
            "to",
            "updated",
            "kept",
            "more",
        ]
        .into_iter()
        .map(|k| (k, Arg::from(2i64))),
    )
    .collect();
    for key in used_keys() {
        let (en, ru) = (
            tr_args(Lang::En, &key, &args),
            tr_args(Lang::Ru, &key, &args),
        );
        assert_ne!(en, key, "{key} does not resolve in English");
        assert_ne!(ru, key, "{key} does not resolve in Russian");
    }
    assert_ne!(tr(Lang::En, "login-title"), tr(Lang::Ru, "login-title"));
}

async fn pages_and_mail_follow_the_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Accept-Language picks Russian for a visitor.
    let visitor = app.session();
    let resp = visitor
        .client
        .get(visitor.url("/login"))
        .header("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    let body = resp.text().await.unwrap();
    assert!(body.contains(r#"<html lang="ru">"#));
    assert!(body.contains("Вход"));

    // The RU switch sets the language for the signed-in admin's pages; the invitation goes out
    // in the language chosen for the recipient (Russian here), not simply the admin's.
    let admin = app.org("R-1").admin("boss@r1.test").build().await;
    admin.get("/admin/users").await;
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/users")])
        .await;
    assert_eq!(switched.status, 303);
    assert_eq!(switched.location.as_deref(), Some("/admin/users"));
    let list = admin.get("/admin/users").await;
    assert!(list.body.contains("Пользователи"), "{}", list.body);
    assert!(list.body.contains(r#"<html lang="ru">"#));
    admin.get("/admin/users/new").await;
    let p = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Пётр"),
                ("email", "petr@example.com"),
                ("kind", "employee"),
                ("send_invitation", "1"),
                ("language", "ru"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    app.run_jobs().await;
    let mail = app.emails_to("petr@example.com").remove(0);
    let subject = mime::header(&mail.data, "Subject").unwrap();
    assert!(
        subject.starts_with("Приглашение в организацию Org R-1"),
        "{subject}"
    );
    let text = mime::part(&mail.data, "text/plain").unwrap();
    assert!(text.contains("Здравствуйте, Пётр"), "{text}");
    // An open redirect through the switch is not possible.
    let evil = admin
        .post("/lang", &[("lang", "en"), ("back", "//evil.example/")])
        .await;
    assert_eq!(evil.location.as_deref(), Some("/"));
}

both_backends!(pages_and_mail_follow_the_language);

/// Resending and renewing keep each recipient's language (their last invitation's), neither
/// the organisation's default nor the admin's own page language; a language chosen on the
/// card's resend form wins over all three, and is the one kept after it.
async fn resends_keep_the_recipients_language(backend: Backend) {
    use diesel::prelude::*;
    use invitely::db::enums::{Language, MemberKind};
    use invitely::db::ids::InvitationId;
    use invitely::db::schema::{invitations, organisations};
    const ENGLISH: &str = "Invitation to Org R-2";
    const RUSSIAN: &str = "Приглашение в организацию Org R-2";
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // An English organisation, an admin whose pages are in English, a recipient invited in
    // Russian.
    let admin = app.org("R-2").admin("boss@r2.test").build().await;
    let (en, ru) = (Language::En.as_str(), Language::Ru.as_str());
    let org_default = |app: &TestApp| -> Language {
        organisations::table
            .filter(organisations::customer_number.eq("R-2"))
            .select(organisations::default_locale)
            .first(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(org_default(&app), Language::En);
    admin.get("/admin/invitations").await;
    let switched = admin
        .post("/lang", &[("lang", en), ("back", "/admin/invitations")])
        .await;
    assert_eq!(switched.status, 303);
    let page = admin.get("/admin/invitations").await;
    assert!(page.body.contains(r#"<html lang="en">"#));
    admin.get("/admin/users/new").await;
    let created = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Dan"),
                ("email", "dan@r2.test"),
                ("kind", MemberKind::Employee.as_str()),
                ("send_invitation", "1"),
                ("language", ru),
            ],
        )
        .await;
    assert_eq!(created.status, 303);
    let card = created
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/admin/users/"))
        .unwrap()
        .to_owned();
    app.run_jobs().await;
    let subject = |n: usize| {
        let mails = app.emails_to("dan@r2.test");
        assert_eq!(mails.len(), n + 1, "message {n} to Dan");
        mime::header(&mails[n].data, "Subject").unwrap()
    };
    assert!(subject(0).starts_with(RUSSIAN), "{}", subject(0));
    let latest = || -> InvitationId {
        invitations::table
            .filter(invitations::recipient.eq("dan@r2.test"))
            .order(invitations::id.desc())
            .select(invitations::id)
            .first(&mut *app.conn())
            .unwrap()
    };

    // Resent from the invitations list: Russian, as last sent.
    let resent = admin
        .post(&format!("/admin/invitations/{}/resend", latest()), &[])
        .await;
    assert_eq!(resent.status, 303);
    app.run_jobs().await;
    assert!(subject(1).starts_with(RUSSIAN), "resent: {}", subject(1));

    // Renewed once expired: Russian too.
    app.clock.advance(time::Duration::hours(25));
    let admin = app
        .login("boss@r2.test", crate::support::app::PASSWORD)
        .await;
    let page = admin.get("/admin/invitations").await;
    assert!(page.body.contains(r#"<html lang="en">"#));
    let renewed = admin
        .post(&format!("/admin/invitations/{}/renew", latest()), &[])
        .await;
    assert_eq!(renewed.status, 303);
    app.run_jobs().await;
    assert!(subject(2).starts_with(RUSSIAN), "renewed: {}", subject(2));

    // Now everything else says Russian — the organisation's default (set straight in the
    // database; org_settings.rs tests the form) and the admin's pages — and English is chosen
    // on the card's resend form: English goes out.
    diesel::update(organisations::table.filter(organisations::customer_number.eq("R-2")))
        .set(organisations::default_locale.eq(Language::Ru))
        .execute(&mut *app.conn())
        .unwrap();
    admin
        .post("/lang", &[("lang", ru), ("back", "/admin/invitations")])
        .await;
    let page = admin.get(&format!("/admin/users/{card}")).await;
    page.assert_ok();
    assert!(page.body.contains(r#"<html lang="ru">"#));
    let form = page
        .body
        .split("<form method=\"post\" action=\"/admin/users/invite\"")
        .nth(1)
        .and_then(|f| f.split("</form>").next())
        .unwrap_or_else(|| panic!("the card offers a resend form: {}", page.body));
    assert!(
        form.contains(&format!(r#"name="user_id" value="{card}""#)),
        "{form}"
    );
    assert!(form.contains(r#"name="language""#), "{form}");
    assert!(form.contains(&format!(r#"<option value="{en}""#)), "{form}");
    let chosen = admin
        .post(
            "/admin/users/invite",
            &[("user_id", &card), ("language", en)],
        )
        .await;
    assert_eq!(chosen.status, 303, "{}", chosen.body);
    app.run_jobs().await;
    assert!(
        subject(3).starts_with(ENGLISH),
        "chosen on the card: {}",
        subject(3)
    );

    // And the choice is now the recipient's language: resent again with nothing chosen, in
    // the Russian organisation by the Russian pages, it is English.
    let resent = admin
        .post(&format!("/admin/invitations/{}/resend", latest()), &[])
        .await;
    assert_eq!(resent.status, 303);
    app.run_jobs().await;
    assert!(
        subject(4).starts_with(ENGLISH),
        "resent after the choice: {}",
        subject(4)
    );
}

both_backends!(resends_keep_the_recipients_language);

/// Error pages speak the signed-in account's language (its stored choice) when the browser
/// carries no language cookie, whatever Accept-Language says: an unknown address (no handler
/// loads the caller), a page refused by its handler, a malformed form (refused before the
/// caller is loaded). A visitor without an account still gets Accept-Language.
async fn error_pages_follow_the_accounts_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("R-2").admin("boss@r2.test").build().await;
    admin.get("/account").await.assert_ok();
    assert_eq!(
        admin
            .post("/account/language", &[("lang", "ru")])
            .await
            .status,
        303
    );
    // A new browser: no language cookie, English asked for.
    let s = app
        .login("boss@r2.test", crate::support::app::PASSWORD)
        .await;
    let get = |path: &'static str| {
        s.client
            .get(s.url(path))
            .header("Accept-Language", "en-GB,en;q=0.9")
            .send()
    };
    let home = get("/").await.unwrap().text().await.unwrap();
    assert!(
        home.contains(r#"<html lang="ru">"#),
        "the account's pages: {home}"
    );
    for (path, status, title) in [
        ("/no-such-page", 404, "Страница не найдена"),
        ("/admin/users/999999999", 404, "Страница не найдена"),
        ("/platform/orgs", 403, "Доступ запрещён"),
    ] {
        let resp = get(path).await.unwrap();
        assert_eq!(resp.status().as_u16(), status, "{path}");
        let body = resp.text().await.unwrap();
        assert!(body.contains(r#"<html lang="ru">"#), "{path}: {body}");
        assert!(body.contains(title), "{path}: {body}");
    }
    // A form refused as malformed (a single field sent twice) before anything is loaded.
    let token = s.csrf();
    let resp = s
        .client
        .post(s.url("/account/language"))
        .header("Accept-Language", "en")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&lang=ru&lang=en"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body = resp.text().await.unwrap();
    assert!(body.contains("Запрос не удалось разобрать"), "{body}");

    // Without an account: Accept-Language, as before.
    let visitor = app.session();
    let resp = visitor
        .client
        .get(visitor.url("/no-such-page"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    let body = resp.text().await.unwrap();
    assert!(body.contains("Page not found"), "{body}");
}

both_backends!(error_pages_follow_the_accounts_language);
