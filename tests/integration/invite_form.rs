//! `/admin/invite` (issue 7, "ways to invite"): the form's rows with roles, department and an
//! edited message, its preview, the mass-invite box with a result per item, "Open in my mail
//! app", members who may invite and what they may grant, the limits shared with the bulk path,
//! other organisations' ids, and parallel requests against the daily limit.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::mime;
use crate::support::pages::flashes;
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{departments, invitations, member_roles, members, organisations, roles};

/// The organisation's id as a number, for SQL written out in these tests.
pub(crate) fn org_id(app: &TestApp, number: &str) -> i64 {
    app.org_id(number).get()
}

/// A role of the organisation (roles have their own page elsewhere; here they are rows).
pub(crate) fn add_role(app: &TestApp, number: &str, name: &str) -> String {
    let org = org_id(app, number);
    diesel::sql_query(format!(
        "INSERT INTO roles (org_id, name, created_at) VALUES ({org}, '{name}', CURRENT_TIMESTAMP)"
    ))
    .execute(&mut *app.conn())
    .unwrap();
    roles::table
        .filter(roles::name.eq(name))
        .select(roles::id)
        .first::<invitely::db::ids::RoleId>(&mut *app.conn())
        .unwrap()
        .to_string()
}

/// A department through the departments page; its id.
async fn add_department(app: &TestApp, admin: &Session, name: &str) -> String {
    admin.get("/admin/departments").await.assert_ok();
    admin.post("/admin/departments", &[("name", name)]).await;
    departments::table
        .filter(departments::name.eq(name))
        .select(departments::id)
        .first::<invitely::db::ids::DepartmentId>(&mut *app.conn())
        .unwrap()
        .to_string()
}

fn card_of(app: &TestApp, email: &str) -> Option<invitely::db::ids::MemberId> {
    members::table
        .filter(members::email.eq(email))
        .select(members::id)
        .first(&mut *app.conn())
        .optional()
        .unwrap()
}

fn roles_of(app: &TestApp, email: &str) -> Vec<String> {
    let Some(id) = card_of(app, email) else {
        return Vec::new();
    };
    member_roles::table
        .inner_join(roles::table)
        .filter(member_roles::member_id.eq(id))
        .select(roles::name)
        .order(roles::name.asc())
        .load(&mut *app.conn())
        .unwrap()
}

fn invitation_count(app: &TestApp) -> i64 {
    invitations::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn member_count(app: &TestApp) -> i64 {
    members::table.count().get_result(&mut *app.conn()).unwrap()
}

fn text_of(app: &TestApp, address: &str) -> String {
    let mail = app.emails_to(address).pop().expect("a message");
    mime::part(&mail.data, "text/plain").unwrap()
}

/// The five rows (filled from `rows`), then the mass box, then the other fields.
pub(crate) fn fields<'a>(
    rows: &[(&'a str, &'a str, &'a str)],
    mass: &'a str,
    rest: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut f = Vec::new();
    for i in 0..5 {
        let (r, first, last) = rows.get(i).copied().unwrap_or(("", "", ""));
        f.extend([
            ("recipients", r),
            ("first_name", first),
            ("last_name", last),
        ]);
    }
    f.push(("recipients", mass));
    f.extend_from_slice(rest);
    f
}

/// The `mailto:` links of a "mail app" results page.
fn mailto_hrefs(body: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(body);
    let a = scraper::Selector::parse("a[href^='mailto:']").unwrap();
    doc.select(&a)
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .collect()
}

/// The result column of the line for `typed` on a results page.
pub(crate) fn result_for(body: &str, typed: &str) -> String {
    let doc = scraper::Html::parse_document(body);
    let row = scraper::Selector::parse(".invite-lines tbody tr").unwrap();
    let td = scraper::Selector::parse("td").unwrap();
    for tr in doc.select(&row) {
        let cells: Vec<String> = tr
            .select(&td)
            .map(|c| c.text().collect::<String>())
            .collect();
        if cells.first().map(|s| s.trim()) == Some(typed) {
            return cells.get(2).cloned().unwrap_or_default();
        }
    }
    panic!("no line for {typed:?} in {body}")
}

async fn form_rows_preview_send_and_accept(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("F-1").admin("boss@f1.test").build().await;
    let dispatcher = add_role(&app, "F-1", "Dispatcher");
    add_role(&app, "F-1", "Driver");
    let service = add_department(&app, &admin, "Service").await;

    let page = admin.get("/admin/invite").await;
    page.assert_ok();
    assert!(page.body.contains("Dispatcher") && page.body.contains("Driver"));
    assert!(page.body.contains("href=\"/admin/invite\""), "nav link");

    let rows = [
        ("ivan@f1.test", "Ivan", "Petrov"),
        ("olga@f1.test", "Olga", "Smirnova"),
    ];
    let rest = |action: &'static str, message: &'static str| {
        vec![
            ("role_id", dispatcher.as_str()),
            ("department_id", service.as_str()),
            ("message", message),
            ("locale", "en"),
            ("action", action),
        ]
    };
    let preview = admin
        .post(
            "/admin/invite",
            &fields(&rows, "", &rest("preview", "Night shift starts at 9")),
        )
        .await;
    preview.assert_ok();
    assert!(preview.body.contains("Night shift starts at 9"));
    assert!(
        preview.body.contains("Invitation to Org F-1"),
        "{}",
        preview.body
    );
    // The HTML part in a sandboxed frame of its own (invite_preview.rs).
    let frame = crate::invite_preview::frame_src(&preview);
    let html = admin.get(&frame).await;
    html.assert_ok();
    assert!(
        html.body.contains("Night shift starts at 9"),
        "{}",
        html.body
    );
    assert!(preview.body.contains("Dispatcher"));
    assert_eq!(
        invitation_count(&app),
        1,
        "a preview writes nothing (only the admin's)"
    );

    // The admin edits the message after reading it, then sends.
    let edited = "Night shift starts at 10, bring boots";
    let preview = admin
        .post(
            "/admin/invite",
            &fields(&rows, "", &rest("preview", edited)),
        )
        .await;
    assert!(preview.body.contains(edited));
    let done = admin
        .post("/admin/invite", &fields(&rows, "", &rest("send", edited)))
        .await;
    done.assert_ok();
    assert!(result_for(&done.body, "ivan@f1.test").contains("queued"));
    assert!(result_for(&done.body, "olga@f1.test").contains("queued"));
    for (label, href) in [
        ("Invite more", "/admin/invite"),
        ("Go to invitations", "/admin/invitations"),
        ("Close", "/admin/users"),
    ] {
        assert!(done.body.contains(&format!("href=\"{href}\"")) && done.body.contains(label));
    }
    app.run_jobs().await;
    for address in ["ivan@f1.test", "olga@f1.test"] {
        let text = text_of(&app, address);
        assert!(text.contains(edited), "{text}");
        assert!(text.contains("Dispatcher"), "{text}");
    }
    let link = app.invitation_link("ivan@f1.test");
    app.accept(&link, PASSWORD).await;
    assert_eq!(roles_of(&app, "ivan@f1.test"), ["Dispatcher"]);
    let dep: Option<invitely::db::ids::DepartmentId> = members::table
        .filter(members::email.eq("ivan@f1.test"))
        .select(members::department_id)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(dep.map(|d| d.to_string()), Some(service));
    // Olga's invitation was in Russian when asked: the preview shows the Russian message.
    let ru = admin
        .post(
            "/admin/invite",
            &fields(
                &[("x@f1.test", "", "")],
                "",
                &[("locale", "ru"), ("action", "preview")],
            ),
        )
        .await;
    assert!(
        ru.body.contains("Приглашение в организацию Org F-1"),
        "{}",
        ru.body
    );
}

async fn mass_invite_reports_every_item(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("M-1").admin("boss@m1.test").build().await;
    app.member(&admin).email("old@m1.test").invite().await;
    admin.get("/admin/invite").await.assert_ok();
    let list = "new1@m1.test, Anna Petrova <anna@m1.test>; bad@\n89051111111 old@m1.test\n\
                new1@m1.test boss@m1.test";
    // The preview says what sending will do, line by line, and sends nothing.
    let preview = admin
        .post(
            "/admin/invite",
            &fields(&[], &format!("{list} Pyotr"), &[("action", "preview")]),
        )
        .await;
    preview.assert_ok();
    let p = |typed| result_for(&preview.body, typed);
    assert!(p("new1@m1.test").contains("ready to invite"));
    assert!(
        p("old@m1.test").contains("not sent again"),
        "{}",
        p("old@m1.test")
    );
    assert!(p("boss@m1.test").contains("already a member"));
    assert!(p("bad@").contains("malformed e-mail"));
    assert!(p("Pyotr").contains("neither an e-mail address nor a phone number"));
    assert_eq!(app.emails_to("new1@m1.test").len(), 0);
    let done = admin
        .post("/admin/invite", &fields(&[], list, &[("action", "send")]))
        .await;
    done.assert_ok();
    // One message above the lines says what they came to.
    assert!(
        done.body.contains(
            "<p class=\"flash flash-info\">2 invitations queued · 5 not sent: see why below.</p>"
        ),
        "{}",
        done.body
    );
    let r = |typed| result_for(&done.body, typed);
    assert!(r("new1@m1.test").contains("queued"));
    assert!(r("Anna Petrova <anna@m1.test>").contains("queued"));
    assert!(r("bad@").contains("malformed e-mail"));
    assert!(
        r("89051111111").contains("no country code. Write it as 79051111111 or +7 905 111-11-11.")
    );
    assert!(r("old@m1.test").contains("not sent again"));
    assert!(r("boss@m1.test").contains("already a member"));
    assert_eq!(
        done.body
            .matches("duplicate in the list: taken once, with the result shown for its first line")
            .count(),
        1,
        "the second new1@m1.test (not \"invited once\": the first may not have been sent)"
    );
    assert_eq!(
        done.body.matches("<tr class=\"line-").count(),
        7,
        "nothing dropped"
    );
    // The name typed in the list is the new card's.
    let anna: (String, String) = members::table
        .filter(members::email.eq("anna@m1.test"))
        .select((members::first_name, members::last_name))
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(anna, ("Anna".into(), "Petrova".into()));

    // Resend when asked.
    let again = admin
        .post(
            "/admin/invite",
            &fields(&[], "old@m1.test", &[("resend", "1"), ("action", "send")]),
        )
        .await;
    assert!(result_for(&again.body, "old@m1.test").contains("sent again"));
    app.run_jobs().await;
    assert_eq!(app.emails_to("old@m1.test").len(), 2);
    assert_eq!(app.emails_to("anna@m1.test").len(), 1);
    assert!(app.emails_to("bad@").is_empty());

    // Nothing typed at all: the form says so.
    let empty = admin
        .post("/admin/invite", &fields(&[], " ,; ", &[("action", "send")]))
        .await;
    assert_eq!(empty.status, 422);
}

async fn mail_app_shows_links_and_sends_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("L-1").admin("boss@l1.test").build().await;
    admin.get("/admin/invite").await.assert_ok();
    let page = admin
        .post(
            "/admin/invite",
            &fields(
                &[("pavel@l1.test", "Pavel", "Orlov")],
                "",
                &[("message", "See you Monday"), ("action", "mailapp")],
            ),
        )
        .await;
    page.assert_ok();
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
    let hrefs = mailto_hrefs(&page.body);
    assert_eq!(hrefs.len(), 1, "{}", page.body);
    assert!(hrefs[0].starts_with("mailto:pavel@l1.test?subject="));
    assert!(hrefs[0].contains("See%20you%20Monday"));
    let doc = scraper::Html::parse_document(&page.body);
    let code = scraper::Selector::parse("code.personal-link").unwrap();
    let link: String = doc.select(&code).next().unwrap().text().collect();
    assert!(link.starts_with(&format!("{}/invite/", app.base)));
    assert!(
        hrefs[0].contains(link.rsplit('/').next().unwrap()),
        "the link is in the body"
    );
    assert!(result_for(&page.body, "pavel@l1.test").contains("mail app"));

    // The same form posted again (a double click; the first answer lost on the way): the same
    // link again, not "already invited" with nothing to send — and nothing new written.
    let key = "Q2xpY2tlZC10d2ljZS1vbi10aGUtbWFpbC1hcHAtYnV0dG9u";
    let twice = fields(
        &[("olga@l1.test", "Olga", "Smirnova")],
        "",
        &[("action", "mailapp"), ("submission", key)],
    );
    let first = admin.post("/admin/invite", &twice).await;
    first.assert_ok();
    let again = admin.post("/admin/invite", &twice).await;
    again.assert_ok();
    let link_of = |body: &str| -> Vec<String> {
        let doc = scraper::Html::parse_document(body);
        doc.select(&code).map(|c| c.text().collect()).collect()
    };
    assert_eq!(link_of(&first.body).len(), 1, "{}", first.body);
    assert_eq!(link_of(&again.body), link_of(&first.body), "{}", again.body);
    assert_eq!(mailto_hrefs(&again.body), mailto_hrefs(&first.body));
    assert!(result_for(&again.body, "olga@l1.test").contains("mail app"));
    let olga: i64 = invitations::table
        .filter(invitations::recipient.eq("olga@l1.test"))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(olga, 1, "one invitation");

    // No e-mail goes out, and the link works.
    app.run_jobs().await;
    assert!(app.emails_to("pavel@l1.test").is_empty());
    let joined = app.accept(&link, PASSWORD).await;
    joined.get("/").await.assert_ok();
    let status: String = invitations::table
        .filter(invitations::recipient.eq("pavel@l1.test"))
        .select(invitations::status)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(status, "accepted");
}

async fn members_invite_when_allowed_with_their_own_roles_only(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("P-1").admin("boss@p1.test").build().await;
    let held = add_role(&app, "P-1", "Courier");
    let lacked = add_role(&app, "P-1", "Accountant");
    let member = app.member(&admin).email("mia@p1.test").join(PASSWORD).await;
    let mia = card_of(&app, "mia@p1.test").unwrap();
    diesel::sql_query(format!(
        "INSERT INTO member_roles (member_id, role_id) VALUES ({mia}, {held})"
    ))
    .execute(&mut *app.conn())
    .unwrap();

    let home = member.get("/").await;
    assert!(
        home.body.contains("href=\"/admin/invite\""),
        "nav link for members"
    );
    let form = member.get("/admin/invite").await;
    form.assert_ok();
    assert!(form.body.contains("Courier") && !form.body.contains("Accountant"));
    assert!(!form.body.contains("name=\"grant_admin\""));

    let before = invitation_count(&app);
    for extra in [("role_id", lacked.as_str()), ("grant_admin", "1")] {
        let refused = member
            .post(
                "/admin/invite",
                &fields(&[("x@p1.test", "", "")], "", &[extra, ("action", "send")]),
            )
            .await;
        assert_eq!(refused.status, 403, "{extra:?}");
    }
    assert_eq!(invitation_count(&app), before, "nothing written");
    assert!(card_of(&app, "x@p1.test").is_none());

    let done = member
        .post(
            "/admin/invite",
            &fields(
                &[("x@p1.test", "Xena", "")],
                "",
                &[("role_id", held.as_str()), ("action", "send")],
            ),
        )
        .await;
    done.assert_ok();
    assert!(result_for(&done.body, "x@p1.test").contains("queued"));
    assert!(!done.body.contains("href=\"/admin/invitations\""));
    app.run_jobs().await;
    let link = app.invitation_link("x@p1.test");
    app.accept(&link, PASSWORD).await;
    assert_eq!(roles_of(&app, "x@p1.test"), ["Courier"]);

    // Admins only: the form and the link are gone for members.
    diesel::update(organisations::table)
        .set(organisations::invite_policy.eq("admins_only"))
        .execute(&mut *app.conn())
        .unwrap();
    assert_eq!(member.get("/admin/invite").await.status, 403);
    let refused = member
        .post(
            "/admin/invite",
            &fields(&[("y@p1.test", "", "")], "", &[("action", "send")]),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert!(card_of(&app, "y@p1.test").is_none());
    assert!(!member
        .get("/")
        .await
        .body
        .contains("href=\"/admin/invite\""));
    admin.get("/admin/invite").await.assert_ok();
}

async fn limits_are_the_bulk_paths(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // The org's admin invitation does not count against the admin's own daily limit.
    let admin = app.org("D-1").daily(2).build().await;
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            app.member(&admin)
                .email(&format!("card{i}@d1.test"))
                .create()
                .await,
        );
    }
    admin.get("/admin/users").await;
    let f: Vec<(&str, &str)> = ids.iter().map(|id| ("user_id", id.as_str())).collect();
    let bulk = admin.post("/admin/users/invite", &f).await;
    let shown = flashes(&admin.get(bulk.location.as_deref().unwrap()).await.body);
    let refusal = shown.first().expect("a refusal").clone();
    assert!(refusal.contains('2'), "{refusal}");

    let (invs, cards) = (invitation_count(&app), member_count(&app));
    let page = admin
        .post(
            "/admin/invite",
            &fields(&[], "a@d1.test b@d1.test c@d1.test", &[("action", "send")]),
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(page.body.contains(&refusal), "the same words: {refusal}");
    assert!(result_for(&page.body, "a@d1.test").contains("over the limit"));
    assert_eq!(
        (invitation_count(&app), member_count(&app)),
        (invs, cards),
        "nothing written"
    );
    // Two fit.
    let ok = admin
        .post(
            "/admin/invite",
            &fields(&[], "a@d1.test b@d1.test", &[("action", "send")]),
        )
        .await;
    ok.assert_ok();
    app.run_jobs().await;
}

/// Another organisation's role or department is one this organisation does not have: the form
/// again (422) saying it does not exist — the words of a deleted one, nothing of the other
/// organisation's — and nothing written.
async fn other_organisations_ids_are_not_found(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("T-1").build().await;
    let other = app.org("T-2").build().await;
    let foreign_role = add_role(&app, "T-2", "Theirs");
    let foreign_dep = add_department(&app, &other, "TheirDept").await;
    admin.get("/admin/invite").await.assert_ok();
    let (invs, cards) = (invitation_count(&app), member_count(&app));
    for action in ["preview", "send", "mailapp"] {
        for extra in [
            ("role_id", foreign_role.as_str()),
            ("department_id", foreign_dep.as_str()),
        ] {
            let page = admin
                .post(
                    "/admin/invite",
                    &fields(&[("z@t1.test", "", "")], "", &[extra, ("action", action)]),
                )
                .await;
            assert_eq!(page.status, 422, "{action} {extra:?}");
            let words = if extra.0 == "role_id" {
                "A role you chose no longer exists"
            } else {
                "The department you chose no longer exists"
            };
            assert!(page.body.contains(words), "{action} {extra:?}");
            assert!(!page.body.contains("Theirs") && !page.body.contains("TheirDept"));
        }
    }
    assert_eq!((invitation_count(&app), member_count(&app)), (invs, cards));
}

async fn parallel_requests_stop_at_the_daily_limit(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("R-1").daily(5).build().await;
    admin.get("/admin/invite").await.assert_ok();
    let org = org_id(&app, "R-1");
    let addresses: Vec<String> = (0..200).map(|i| format!("p{i}@r1.test")).collect();
    let pages = futures::future::join_all(addresses.iter().map(|a| {
        let admin = &admin;
        async move {
            admin
                .post(
                    "/admin/invite",
                    &fields(&[(a.as_str(), "", "")], "", &[("action", "send")]),
                )
                .await
                .status
        }
    }))
    .await;
    let created: i64 = invitations::table
        .filter(invitations::org_id.eq(invitely::db::ids::OrgId::from_raw(org)))
        .filter(invitations::recipient.like("p%@r1.test"))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(created, 5);
    assert_eq!(pages.iter().filter(|s| **s == 200).count(), 5, "{pages:?}");
    assert!(
        pages.iter().all(|s| [200, 422, 503].contains(s)),
        "{pages:?}"
    );
    app.run_jobs().await;
}

/// The contract's fields alone (no button named, as a script posts them) send the invitations.
async fn contract_fields_alone_send(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-1").admin("boss@s1.test").build().await;
    admin.get("/admin/invite").await.assert_ok();
    let done = admin
        .post(
            "/admin/invite",
            &[("recipients", "solo@s1.test"), ("first_name", "Solo")],
        )
        .await;
    done.assert_ok();
    assert!(result_for(&done.body, "solo@s1.test").contains("queued"));
    app.run_jobs().await;
    assert_eq!(app.emails_to("solo@s1.test").len(), 1);
}

/// Under "e-mail only" the page asks for e-mail addresses: its words, the rows' labels and the
/// list's hint offer no phone numbers or SMS (a number typed is still refused, with its reason).
async fn email_only_asks_for_addresses(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-2").admin("boss@s2.test").build().await;
    let before = admin.get("/admin/invite").await;
    assert!(before.body.contains("E-mail or phone 1"), "{}", before.body);
    use invitely::domain::settings::{self, Key, VerificationMethod};
    let method = VerificationMethod::EmailOnly.as_str();
    settings::set(&mut app.conn(), Key::VerificationMethod, method).unwrap();
    let page = admin.get("/admin/invite").await;
    page.assert_ok();
    assert!(
        page.body
            .contains("Everyone gets a personal link by e-mail.</p>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("E-mail 1</label>"), "{}", page.body);
    for offer in ["SMS", "phone", "+7 905"] {
        assert!(!page.body.contains(offer), "{offer}: {}", page.body);
    }
    let done = admin
        .post("/admin/invite", &[("recipients", "+79051112233")])
        .await;
    done.assert_ok();
    let said = result_for(&done.body, "+79051112233");
    assert!(said.contains("by e-mail only"), "{said}");
}

/// The message handed to the inviter's mail program reads the same whether or not the address
/// has an account on the platform (docs/SECURITY.md B10): the inviter does not learn it.
async fn mail_app_says_nothing_of_accounts(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    app.org("K-2").admin("known@k2.test").build().await;
    let admin = app.org("K-1").admin("boss@k1.test").build().await;
    admin.get("/admin/invite").await.assert_ok();
    let page = admin
        .post(
            "/admin/invite",
            &fields(
                &[
                    ("known@k2.test", "Kim", "Known"),
                    ("fresh@k1.test", "Fay", "Fresh"),
                ],
                "",
                &[("action", "mailapp")],
            ),
        )
        .await;
    page.assert_ok();
    let hrefs = mailto_hrefs(&page.body);
    assert_eq!(hrefs.len(), 2, "{}", page.body);
    for href in &hrefs {
        assert!(href.contains("open%20this%20link%3A"), "{href}");
        assert!(!href.contains("already%20has"), "{href}");
        assert!(!href.contains("set%20your%20password"), "{href}");
    }
    // The links themselves, opened by the inviter who hands them over: the same page for both,
    // asking to sign out first — neither a password form nor a sign-in form tells them apart.
    let token = regex::Regex::new(r"%2Finvite%2F([A-Za-z0-9_-]+)").unwrap();
    for href in &hrefs {
        let link = format!("/invite/{}", &token.captures(href).expect("a link")[1]);
        let page = admin.get(&link).await;
        page.assert_ok();
        assert!(
            page.body.contains("You are signed in as someone else"),
            "{link}: {}",
            page.body
        );
        assert!(!page.body.contains("name=\"password\""), "{link}");
    }
}

/// The user card's "send invitation" box sent as `0` ("no", from a script) sends nothing, as on
/// the import form.
async fn card_send_box_zero_sends_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("Z-1").admin("boss@z1.test").build().await;
    admin.get("/admin/users/new").await.assert_ok();
    let page = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", "Zero"),
                ("last_name", "Box"),
                ("email", "zero@z1.test"),
                ("kind", "employee"),
                ("send_invitation", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert!(card_of(&app, "zero@z1.test").is_some(), "the card is saved");
    let invited: i64 = invitations::table
        .filter(invitations::recipient.eq("zero@z1.test"))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(invited, 0, "no invitation written");
    app.run_jobs().await;
    assert!(app.emails_to("zero@z1.test").is_empty());
}

both_backends!(
    card_send_box_zero_sends_nothing,
    email_only_asks_for_addresses,
    contract_fields_alone_send,
    mail_app_says_nothing_of_accounts,
    form_rows_preview_send_and_accept,
    mass_invite_reports_every_item,
    mail_app_shows_links_and_sends_nothing,
    members_invite_when_allowed_with_their_own_roles_only,
    limits_are_the_bulk_paths,
    other_organisations_ids_are_not_found,
    parallel_requests_stop_at_the_daily_limit,
);
