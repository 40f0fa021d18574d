//! The whole first flow: operator setup → organisation → admin → users → bulk invite → mail
//! over SMTP → link → password → sign-in.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::{remove_contact, row_ids};
use crate::support::{mime, Backend, TestApp};

async fn create_user(
    admin: &crate::support::Session,
    fields: &[(&str, &str)],
) -> crate::support::Page {
    admin.get("/admin/users/new").await.assert_ok();
    admin.post("/admin/users/new", fields).await
}

async fn whole_flow(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };

    // 1–2. The operator sets up the platform and creates an organisation; its admin gets mail.
    let admin = app.org("C-1001").admin("boss@acme.test").build().await;
    let mail = app.emails_to("boss@acme.test").remove(0);
    let subject = mime::header(&mail.data, "Subject").unwrap();
    assert!(
        subject.contains("Org C-1001") && subject.contains("C-1001"),
        "{subject}"
    );
    let html = mime::part(&mail.data, "text/html").unwrap();
    assert!(html.contains("/invite/"));
    let home = admin.get("/").await;
    home.assert_ok();
    assert!(home.body.contains("Org C-1001"));
    assert!(
        home.body.contains("/admin/users"),
        "the new admin sees the admin navigation"
    );

    // 3. Admin creates users: "Send invitation" is ticked by default; here two are unticked.
    let form = admin.get("/admin/users/new").await;
    assert!(form
        .body
        .contains(r#"name="send_invitation" value="1" checked"#));
    let p = create_user(
        &admin,
        &[
            ("first_name", "Ivan"),
            ("last_name", "Petrov"),
            ("email", "Ivan@Example.com"),
            ("kind", "employee"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = create_user(
        &admin,
        &[
            ("first_name", "Olga"),
            ("last_name", "Smirnova"),
            ("phone", "+7 905 111-11-11"),
            ("kind", "customer"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let p = create_user(
        &admin,
        &[
            ("first_name", "Nobody"),
            ("last_name", "Nocontact"),
            ("email", "nobody@example.com"),
            ("kind", "employee"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);
    // A card saved before a contact was required: no e-mail, no phone.
    let nobody = p.location.as_deref().unwrap().rsplit('/').next().unwrap();
    remove_contact(&app, nobody);
    let p = create_user(
        &admin,
        &[
            ("first_name", "Direct"),
            ("last_name", "Invitee"),
            ("email", "direct@example.com"),
            ("kind", "employee"),
            ("send_invitation", "1"),
        ],
    )
    .await;
    assert_eq!(p.status, 303, "{}", p.body);

    // Bad input re-renders with 422, the input kept, and a message per field.
    let bad = create_user(
        &admin,
        &[
            ("first_name", "Bad"),
            ("email", "bad@example"),
            ("phone", "9051111111"),
            ("kind", "employee"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("value=\"bad@example\""));
    assert!(
        bad.body.contains("79051111111"),
        "the phone message shows the right form"
    );
    assert!(bad.body.contains("error-summary"));

    // 4. The table: all five, filters and counts.
    let list = admin.get("/admin/users").await;
    list.assert_ok();
    let rows = row_ids(&list.body);
    assert_eq!(rows.len(), 5, "four cards plus the admin");
    let waiting = admin.get("/admin/users?status=waiting").await;
    assert_eq!(
        row_ids(&waiting.body).len(),
        1,
        "the directly invited user waits"
    );
    let customers = admin.get("/admin/users?kind=customer").await;
    assert_eq!(row_ids(&customers.body).len(), 1);
    let search = admin.get("/admin/users?q=petrov").await;
    assert_eq!(row_ids(&search.body).len(), 1);
    let not_invited = admin.get("/admin/users?status=not_invited").await;
    let targets = row_ids(&not_invited.body);
    assert_eq!(targets.len(), 3);

    // 5. Tick the three not invited and send: per-user results.
    let mut fields: Vec<(&str, &str)> = targets
        .iter()
        .map(|(id, _)| ("user_id", id.as_str()))
        .collect();
    fields.push(("status", "not_invited"));
    let sent = admin.post("/admin/users/invite", &fields).await;
    assert_eq!(sent.status, 303);
    let back = admin.get(sent.location.as_deref().unwrap()).await;
    // One message in the tone of the whole batch, not one per outcome.
    assert_eq!(
        crate::support::pages::flashes(&back.body),
        ["2 invitations queued · 1 skipped: no e-mail or phone (Nobody Nocontact)"],
        "{}",
        back.body
    );
    assert!(back.body.contains("flash flash-info"), "{}", back.body);
    let errors = admin.get("/admin/users?status=error").await;
    assert_eq!(row_ids(&errors.body).len(), 1);
    assert!(errors.body.contains("no e-mail or phone"));

    // 6. Workers deliver: three waiting → invited (e-mail and SMS).
    let waiting = admin.get("/admin/users?status=waiting").await;
    assert_eq!(row_ids(&waiting.body).len(), 3);
    assert_eq!(app.run_jobs().await, 3);
    let invited = admin.get("/admin/users?status=invited").await;
    assert_eq!(row_ids(&invited.body).len(), 3);
    assert!(invited.body.contains("User invited"));
    let sms = app.sms.messages();
    assert_eq!(sms.len(), 1);
    assert!(
        app.sms.requests().iter().all(|r| r.path == "/send"),
        "posted to the configured gateway URL"
    );
    assert!(
        sms[0].contains("+79051111111") && sms[0].contains("/invite/"),
        "{}",
        sms[0]
    );
    assert_eq!(
        app.emails_to("ivan@example.com").len(),
        1,
        "address normalised to lower case"
    );

    // 7. The invitee opens the link (GET changes nothing), sets a password, is signed in.
    let link = app.invitation_link("ivan@example.com");
    let visitor = app.session();
    let landing = visitor.get(&link).await;
    landing.assert_ok();
    assert!(landing.body.contains("Org C-1001") && landing.body.contains("C-1001"));
    assert!(
        landing.body.contains("UTC"),
        "valid-until shown with its time zone"
    );
    assert_eq!(
        landing.header("referrer-policy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(landing.header("cache-control").as_deref(), Some("no-store"));
    visitor.get(&link).await.assert_ok();
    let weak = visitor
        .post(
            &link,
            &[("password", "short"), ("password_confirm", "short")],
        )
        .await;
    assert_eq!(weak.status, 422);
    let done = visitor
        .post(
            &link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", "Ivan"),
                ("last_name", "Petrov"),
            ],
        )
        .await;
    assert_eq!(done.status, 303);
    let home = visitor.get("/").await;
    home.assert_ok();
    assert!(home.body.contains("Org C-1001"));
    assert!(
        home.body.contains("has not given you access yet"),
        "no roles: restricted banner"
    );

    // The used link now says so, and reveals nothing.
    let used = app.session().get(&link).await;
    assert_eq!(used.status, 410);
    assert!(used.body.contains("already been used"));
    assert!(used.body.contains("Sign in with your account."));
    assert!(!used.body.contains("C-1001") && !used.body.contains("ivan@example.com"));
    // The one who accepted, opening it again signed in, is not told to sign in.
    let again = visitor.get(&link).await;
    assert_eq!(again.status, 410);
    assert!(again
        .body
        .contains("The invitation was accepted: its organisation is in your"));
    assert!(
        again
            .body
            .contains("<a href=\"/\">Go to the start page</a>"),
        "{}",
        again.body
    );
    assert!(!again.body.contains("Go to sign-in"), "{}", again.body);

    // Active in the table; a welcome e-mail was queued and sent.
    let active = admin.get("/admin/users?status=active").await;
    assert_eq!(row_ids(&active.body).len(), 2);
    app.run_jobs().await;
    assert_eq!(
        app.emails_to("ivan@example.com").len(),
        2,
        "invitation + welcome"
    );

    // The trigger-kept status counters agree with a real count.
    {
        use diesel::prelude::*;
        use invitely::db::schema::{member_counts, members};
        let mut conn = app.conn();
        let mut counted: Vec<(i64, String, i64)> = members::table
            .group_by((members::org_id, members::invite_status))
            .select((
                members::org_id,
                members::invite_status,
                diesel::dsl::count_star(),
            ))
            .load(&mut conn)
            .unwrap();
        let mut kept: Vec<(i64, String, i64)> = member_counts::table
            .filter(member_counts::n.ne(0))
            .select((
                member_counts::org_id,
                member_counts::invite_status,
                member_counts::n,
            ))
            .load(&mut conn)
            .unwrap();
        counted.sort();
        kept.sort();
        assert_eq!(kept, counted);
    }

    // 8. Sign in again; sign out kills the session on the server.
    let again = app.login("ivan@example.com", PASSWORD).await;
    again.get("/").await.assert_ok();
    let cookie_page = again.get("/").await;
    assert!(cookie_page.body.contains("Sign out"));
    let out = again.post("/logout", &[]).await;
    assert_eq!(out.status, 303);
    let after = again.get("/").await;
    assert_eq!(after.status, 303, "signed out");
    assert_eq!(after.location.as_deref(), Some("/login"));
}

/// The old session cookie is worthless after sign-out: replayed by hand, it fails.
async fn replayed_cookie_fails(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let op = app.operator().await;
    let raw = crate::support::client::builder().build().unwrap();
    // Capture the cookie via a fresh login that we control by hand.
    let login_page = raw.get(op.url("/login")).send().await.unwrap();
    let set = login_page
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body = login_page.text().await.unwrap();
    let token = crate::support::client::csrf_in(&body).unwrap();
    let resp = raw
        .post(op.url("/login"))
        .header("Cookie", &set)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "csrf_token={token}&email=operator%40invitely.test&password={}",
            PASSWORD.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let signed_in = resp
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let ok = raw
        .get(op.url("/platform/orgs"))
        .header("Cookie", &signed_in)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let page = ok.text().await.unwrap();
    let token = crate::support::client::csrf_in(&page).unwrap();
    let out = raw
        .post(op.url("/logout"))
        .header("Cookie", &signed_in)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let replay = raw
        .get(op.url("/platform/orgs"))
        .header("Cookie", &signed_in)
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status(),
        303,
        "the replayed cookie must not sign anybody in"
    );
}

both_backends!(whole_flow, replayed_cookie_fails);

/// Over-long input is refused with a message saying the limit, never cut silently.
async fn over_long_input_is_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("V-1").admin("boss@v1.test").build().await;
    let long = "x".repeat(101);
    admin.get("/admin/users/new").await;
    let page = admin
        .post(
            "/admin/users/new",
            &[
                ("first_name", long.as_str()),
                ("email", "long@example.com"),
                ("kind", "employee"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("Use at most 100 characters."),
        "{}",
        page.body
    );
    assert!(page.body.contains(&long), "the input is kept");
    let op = app.login("operator@invitely.test", PASSWORD).await;
    let page = op
        .post(
            "/platform/orgs",
            &[
                ("name", ""),
                ("customer_number", &"9".repeat(41)),
                ("seat_limit", "0"),
                ("daily_invite_limit", "x"),
                ("admin_email", "a@b.example"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("Enter between 1 and 40 characters."),
        "{}",
        page.body
    );
    assert!(page.body.contains("Enter a whole number of seats"));
    assert!(page
        .body
        .contains("Enter a whole number of invitations per day"));
    // The empty name is asked for.
    assert!(page.body.contains("Enter the organisation name."));
}

both_backends!(over_long_input_is_refused);
