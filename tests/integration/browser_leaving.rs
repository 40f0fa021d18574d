//! Leaving in headless Chromium, in English and in Russian: both confirmations (and the
//! refusal without the ticked box), then each place one lands — several organisations left
//! (the chooser), one (its home), none (the page offering language and sign-out) — plus the
//! last admin's page and the admin's removal page. Every page is screenshot at 1280 and 375 px
//! and checked by axe-core.

use crate::leaving::join_existing;
use crate::support::app::PASSWORD;
use crate::support::browser::Browser;
use crate::support::{Backend, TestApp};

/// Signs in as `email`; waits for the header's account name, shown only when signed in (the
/// header's "Invitely" is on the sign-in page too): `name`, the name its card had when it
/// accepted its first invitation ("New Member" for an organisation's first admin, whose card
/// has none: `TestApp::accept`).
async fn sign_in(b: &Browser, base: &str, email: &str, name: &str) {
    b.goto(&format!("{base}/login")).await;
    b.fill("email", email).await;
    b.fill("password", PASSWORD).await;
    b.submit("form[action='/login'] button[type=submit]").await;
    b.expect_text("header .account-name", name).await;
}

/// A page's text in `lang`: `en` or `ru`.
fn text<'a>(lang: &str, en: &'a str, ru: &'a str) -> &'a str {
    match lang {
        "en" => en,
        "ru" => ru,
        _ => panic!("no language {lang}"),
    }
}

async fn sign_out(b: &Browser) {
    b.click("header form[action='/logout'] button").await;
    b.expect_text("form[action='/login']", "").await;
}

/// Both confirmations of leaving `org`; `lang` (the page's language) names the screenshots (when
/// `shots`) and chooses the texts expected.
async fn leave(b: &Browser, base: &str, org: i64, name: &str, lang: &str, shots: bool) {
    b.goto(&format!("{base}/account/leave/{org}")).await;
    b.expect_text("h1", name).await;
    if shots {
        b.shots(&format!("leave-step1-{lang}")).await;
    }
    b.click(&format!(
        "main form[action='/account/leave/{org}'] button.danger"
    ))
    .await;
    // Step 2's own line ("Step 1 of 2" would match a bare "2").
    b.expect_text(
        "main .card > p.muted",
        text(
            lang,
            "Step 2 of 2: final confirmation",
            "Шаг 2 из 2: окончательное подтверждение",
        ),
    )
    .await;
    b.expect_text("h1", name).await;
    if shots {
        b.shots(&format!("leave-step2-{lang}")).await;
        // Without the ticked box: refused, nothing happens.
        b.click(&format!(
            "main form[action='/account/leave/{org}'] button.danger"
        ))
        .await;
        let refused = text(
            lang,
            "Tick the box to confirm that you want to leave.",
            "Отметьте флажок, чтобы подтвердить, что покидаете организацию.",
        );
        b.expect_text(".error-summary", refused).await;
        b.expect_text("#understood-error", refused).await;
        b.shots(&format!("leave-step2-unticked-{lang}")).await;
    }
    b.click("#understood").await;
    b.click(&format!(
        "main form[action='/account/leave/{org}'] button.danger"
    ))
    .await;
    b.expect_text(".flashes", name).await;
}

#[actix_web::test]
async fn leaving_in_chromium() {
    let Some(b) = Browser::start("leaving_in_chromium").await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let base = app.base.clone();
    let a1 = app.org("B-1").admin("boss@b1.test").build().await;
    let a2 = app.org("B-2").build().await;
    let a3 = app.org("B-3").build().await;
    for email in ["ivan@walk.test", "olga@walk.test"] {
        app.member(&a1)
            .named("Ivan", "Petrov")
            .email(email)
            .join(PASSWORD)
            .await;
        join_existing(&app, &a2, email).await;
        join_existing(&app, &a3, email).await;
    }
    let ids = [app.org_id("B-1"), app.org_id("B-2"), app.org_id("B-3")];
    let ids: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    // A mistyped card in each language, invited, to delete.
    let mut typos = Vec::new();
    for lang in ["en", "ru"] {
        let typo = app
            .member(&a1)
            .named("Typo", lang)
            .email(&format!("typo.{lang}@exmaple.test"))
            .invite()
            .await;
        typos.push(typo.id);
    }

    for (lang, email) in [("en", "ivan@walk.test"), ("ru", "olga@walk.test")] {
        // The admin's pages: the last admin cannot leave; removing a member asks first.
        sign_in(&b, &base, "boss@b1.test", "New Member").await;
        if lang == "ru" {
            b.switch_language("ru").await;
        }
        b.goto(&format!("{base}/account/leave/{}", ids[0])).await;
        b.expect_text("#last-admin", "B-1").await;
        b.shots(&format!("leave-last-admin-{lang}")).await;
        let card: String = {
            use diesel::prelude::*;
            use invitely::db::schema::members;
            let id: invitely::db::ids::MemberId = members::table
                .filter(members::email.eq("olga@walk.test"))
                .filter(members::org_id.eq(app.org_id("B-1")))
                .select(members::id)
                .first(&mut *app.conn())
                .unwrap();
            id.to_string()
        };
        b.goto(&format!("{base}/admin/users/{card}")).await;
        // The card's administrator rights: made one, then the confirmation to take them away.
        b.shots_of(&format!("member-card-{lang}"), "admin-rights")
            .await;
        b.click(&format!(
            "form[action='/admin/users/{card}/admin'] button[type=submit]"
        ))
        .await;
        b.expect_text(
            "#admin-status",
            text(lang, "Administrator", "Администратор"),
        )
        .await;
        b.shots_of(&format!("member-card-admin-{lang}"), "admin-rights")
            .await;
        b.click(&format!("a[href='/admin/users/{card}/admin']"))
            .await;
        b.expect_text(".consequences", "").await;
        b.shots(&format!("admin-take-confirm-{lang}")).await;
        b.click(&format!(
            "main form[action='/admin/users/{card}/admin'] button.danger"
        ))
        .await;
        b.expect_text(".flashes", "").await;
        b.goto(&format!("{base}/admin/users/{card}")).await;
        b.click(&format!("a[href='/admin/users/{card}/remove']"))
            .await;
        b.expect_text(
            ".consequences",
            text(
                lang,
                "they keep their account and their other organisations;",
                "учётная запись и другие организации участника остаются;",
            ),
        )
        .await;
        b.shots(&format!("remove-confirm-{lang}")).await;
        // A card that never became a member is deleted instead, after its own confirmation.
        let typo = &typos[usize::from(lang == "ru")];
        b.goto(&format!("{base}/admin/users/{typo}")).await;
        b.click(&format!("a[href='/admin/users/{typo}/delete']"))
            .await;
        b.expect_text(
            ".consequences",
            text(lang, "stops working at once", "сразу перестанет работать"),
        )
        .await;
        b.shots(&format!("delete-card-confirm-{lang}")).await;
        b.click("main form button.danger").await;
        b.expect_text(".flashes", text(lang, "was deleted", "удалён"))
            .await;
        sign_out(&b).await;

        // The member leaves all three, one after the other. Their pages speak their account's
        // language, not the one the admin left this browser in: they switch it themselves.
        sign_in(&b, &base, email, "Ivan Petrov").await;
        if lang == "ru" {
            b.expect_text("header .account-name", "Ivan Petrov").await;
            b.switch_language("ru").await;
        }
        leave(&b, &base, ids[0], "Org B-1", lang, true).await;
        b.expect_text("main", "Org B-2").await;
        b.shots(&format!("leave-after-several-{lang}")).await;
        leave(&b, &base, ids[1], "Org B-2", lang, false).await;
        b.expect_text(".current-org", "Org B-3").await;
        b.shots(&format!("leave-after-one-{lang}")).await;
        leave(&b, &base, ids[2], "Org B-3", lang, false).await;
        b.expect_text("main form[action='/lang']", "English").await;
        b.shots(&format!("leave-after-none-{lang}")).await;
        sign_out(&b).await;
    }
    app.run_jobs().await;
    b.close().await;
}
