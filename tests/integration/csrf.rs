//! CSRF (docs/SECURITY.md E1): every state-changing route of the route table (`web::ROUTES`) ×
//! (no token, another session's token, a foreign `Origin`, `Sec-Fetch-Site: cross-site`) → 403
//! and nothing changed; the same request with the session's own token passes (so the check can
//! fail); GET and HEAD never change anything.

use crate::both_backends;
use crate::security::{
    dump_diff, dump_tables, invitation_status, open_invitation, page_of, set_cookie,
};
use crate::support::app::PASSWORD;
use crate::support::{Backend, Page, Session, TestApp};
use diesel::prelude::*;
use invitely::db::ids::{InvitationId, OrgId};
use invitely::db::schema::{invitations, organisations};
use invitely::web::Method;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy)]
enum Forgery {
    NoToken,
    ForeignToken,
    ForeignOrigin,
    CrossSite,
}

const FORGERIES: [Forgery; 4] = [
    Forgery::NoToken,
    Forgery::ForeignToken,
    Forgery::ForeignOrigin,
    Forgery::CrossSite,
];

/// A session's expiry moves with requests (idle timeout, at most once a minute); nothing else may change.
const SKIP: &[&str] = &["sessions.expires_at"];

/// POST with the victim's cookies, the given token (or none) and extra headers.
async fn send(
    s: &Session,
    path: &str,
    token: Option<&str>,
    fields: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> Page {
    let mut all: Vec<(&str, &str)> = Vec::new();
    if let Some(t) = token {
        all.push(("csrf_token", t));
    }
    all.extend_from_slice(fields);
    let mut req = s
        .client
        .post(s.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(serde_html_form::to_string(&all).unwrap());
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    page_of(req.send().await.unwrap()).await
}

/// The non-GET routes of the application's route table (`web::ROUTES`, the one the router is
/// built from), so that a new route cannot be added without this test noticing.
fn state_changing_routes() -> BTreeSet<String> {
    let out: BTreeSet<String> = invitely::web::ROUTES
        .iter()
        .filter(|r| r.method != Method::Get)
        .map(|r| r.path.to_owned())
        .collect();
    assert!(out.len() >= 15, "{out:?}");
    out
}

struct Matrix<'a> {
    app: &'a TestApp,
    /// A valid token of another session.
    foreign: String,
    covered: BTreeSet<String>,
    failures: Vec<String>,
}

impl Matrix<'_> {
    /// Sends the four forgeries of one request; each must get 403 and leave the database as
    /// it was. Returns their responses.
    async fn refuses(
        &mut self,
        route: &str,
        victim: &Session,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Vec<Page> {
        self.covered.insert(route.to_owned());
        let own = victim.csrf();
        assert!(!own.is_empty(), "{route}: the victim has a token");
        assert_ne!(own, self.foreign);
        let mut pages = Vec::new();
        for forgery in FORGERIES {
            let before = dump_tables(self.app, SKIP);
            let page = match forgery {
                Forgery::NoToken => send(victim, path, None, fields, &[]).await,
                Forgery::ForeignToken => send(victim, path, Some(&self.foreign), fields, &[]).await,
                Forgery::ForeignOrigin => {
                    send(
                        victim,
                        path,
                        Some(&own),
                        fields,
                        &[("Origin", "http://evil.example")],
                    )
                    .await
                }
                Forgery::CrossSite => {
                    send(
                        victim,
                        path,
                        Some(&own),
                        fields,
                        &[("Sec-Fetch-Site", "cross-site")],
                    )
                    .await
                }
            };
            // In the page's language: a reset link's page leaves its account's in the browser.
            let refusal = ["The form has expired", "Форма устарела"];
            if page.status == 403 && !refusal.iter().any(|t| page.body.contains(t)) {
                self.failures.push(format!(
                    "POST {route} with {forgery:?}: 403, but not the CSRF refusal: {}",
                    page.body
                ));
            }
            if page.status != 403 {
                self.failures.push(format!(
                    "POST {route} with {forgery:?}: status {} instead of 403",
                    page.status
                ));
            }
            let after = dump_tables(self.app, SKIP);
            if before != after {
                self.failures.push(format!(
                    "POST {route} with {forgery:?} changed the database:\n{}",
                    dump_diff(&before, &after)
                ));
            }
            pages.push(page);
        }
        pages
    }

    /// The same request as a browser on the site sends it: the session's own token, same-origin
    /// headers. It must pass and change something (so the refusals above mean something).
    async fn accepts(
        &mut self,
        route: &str,
        victim: &Session,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Page {
        let before = dump_tables(self.app, SKIP);
        let headers = [
            ("Origin", self.app.base.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        let page = send(victim, path, Some(&victim.csrf()), fields, &headers).await;
        let after = dump_tables(self.app, SKIP);
        let problem = if page.status != 303 {
            Some(format!(
                "status {}: {}",
                page.status,
                page.body.chars().take(300).collect::<String>()
            ))
        } else if before == after {
            Some("nothing changed".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            panic!(
                "POST {route} with the right token failed ({problem})\n{} forgeries got through before:\n{}",
                self.failures.len(),
                self.failures.join("\n")
            );
        }
        page
    }
}

async fn every_state_changing_route_refuses_forgeries(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let stranger = app.session();
    stranger.get("/login").await.assert_ok();
    let mut m = Matrix {
        app: &app,
        foreign: stranger.csrf(),
        covered: BTreeSet::new(),
        failures: Vec::new(),
    };

    // /setup/{token}, before the operator exists; the link stays usable.
    let setup = app.setup_link.clone().unwrap();
    let visitor = app.session();
    visitor.get(&setup).await.assert_ok();
    let setup_fields = [
        ("email", "operator@invitely.test"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    m.refuses("/setup/{token}", &visitor, &setup, &setup_fields)
        .await;
    visitor.get(&setup).await.assert_ok();
    // The right token passes: the operator is created through this very link here.
    let admin = app.org("C-1").admin("boss@acme.test").build().await;

    // /login: a forged sign-in does not sign the victim in.
    let visitor = app.session();
    visitor.get("/login").await.assert_ok();
    let creds = [("email", "boss@acme.test"), ("password", PASSWORD)];
    m.refuses("/login", &visitor, "/login", &creds).await;
    if visitor.get("/admin/users").await.status != 303 {
        m.failures
            .push("a forged POST /login signed the visitor in".into());
    }
    m.accepts("/login", &visitor, "/login", &creds).await;
    visitor.get_follow("/admin/users").await.assert_ok();

    // /admin/departments
    admin.get("/admin/departments").await.assert_ok();
    m.refuses(
        "/admin/departments",
        &admin,
        "/admin/departments",
        &[("name", "Sales")],
    )
    .await;
    m.accepts(
        "/admin/departments",
        &admin,
        "/admin/departments",
        &[("name", "Sales")],
    )
    .await;

    // /admin/settings
    admin.get("/admin/settings").await.assert_ok();
    let settings_fields = [
        ("invite_policy", "everyone"),
        ("lifetime_hours", "48"),
        ("employee_app_url", ""),
        ("customer_app_url", ""),
        ("default_message", ""),
        ("default_locale", "en"),
    ];
    m.refuses(
        "/admin/settings",
        &admin,
        "/admin/settings",
        &settings_fields,
    )
    .await;
    m.accepts(
        "/admin/settings",
        &admin,
        "/admin/settings",
        &settings_fields,
    )
    .await;

    // /admin/users/new
    admin.get("/admin/users/new").await.assert_ok();
    let u1_fields = [
        ("first_name", "Una"),
        ("last_name", "One"),
        ("email", "u1@example.com"),
        ("kind", "employee"),
        ("send_invitation", "1"),
    ];
    m.refuses("/admin/users/new", &admin, "/admin/users/new", &u1_fields)
        .await;
    m.accepts("/admin/users/new", &admin, "/admin/users/new", &u1_fields)
        .await;
    let member = |first, last, email| app.member(&admin).named(first, last).email(email);
    let u2 = member("Udo", "Two", "u2@example.com")
        .invited()
        .create()
        .await;
    let u3 = member("Ulla", "Three", "u3@example.com").create().await;
    app.run_jobs().await;
    let link1 = app.invitation_link("u1@example.com");

    // /admin/users/{id}
    let card = format!("/admin/users/{u3}");
    admin.get(&card).await.assert_ok();
    let card_fields = [
        ("first_name", "Changed"),
        ("last_name", "Three"),
        ("email", "u3@example.com"),
        ("kind", "customer"),
    ];
    m.refuses("/admin/users/{id}", &admin, &card, &card_fields)
        .await;
    m.accepts("/admin/users/{id}", &admin, &card, &card_fields)
        .await;

    // /admin/users/invite
    admin.get("/admin/users").await.assert_ok();
    m.refuses(
        "/admin/users/invite",
        &admin,
        "/admin/users/invite",
        &[("user_id", &u3)],
    )
    .await;
    m.accepts(
        "/admin/users/invite",
        &admin,
        "/admin/users/invite",
        &[("user_id", &u3)],
    )
    .await;

    // /admin/invite (answers its results page itself, 200, rather than redirecting)
    admin.get("/admin/invite").await.assert_ok();
    let invite_fields = [("recipients", "csrf-form@example.com"), ("action", "send")];
    m.refuses("/admin/invite", &admin, "/admin/invite", &invite_fields)
        .await;
    let before = dump_tables(&app, SKIP);
    let page = admin.post("/admin/invite", &invite_fields).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_ne!(before, dump_tables(&app, SKIP), "the real request invites");

    // /admin/invitations/{id}/resend
    admin.get("/admin/invitations").await.assert_ok();
    let inv = open_invitation(&app, &u2);
    let path = format!("/admin/invitations/{inv}/resend");
    m.refuses("/admin/invitations/{id}/resend", &admin, &path, &[])
        .await;
    m.accepts("/admin/invitations/{id}/resend", &admin, &path, &[])
        .await;
    assert_eq!(
        invitation_status(&app, &inv),
        "revoked",
        "the resend replaced the invitation"
    );

    // /admin/invitations/resend
    admin.get("/admin/invitations").await.assert_ok();
    let inv = open_invitation(&app, &u2);
    m.refuses(
        "/admin/invitations/resend",
        &admin,
        "/admin/invitations/resend",
        &[("invitation_id", &inv)],
    )
    .await;
    m.accepts(
        "/admin/invitations/resend",
        &admin,
        "/admin/invitations/resend",
        &[("invitation_id", &inv)],
    )
    .await;

    // /admin/invitations/revoke (the ticked rows)
    let inv = open_invitation(&app, &u2);
    m.refuses(
        "/admin/invitations/revoke",
        &admin,
        "/admin/invitations/revoke",
        &[("invitation_id", &inv), ("confirm", "1")],
    )
    .await;
    m.accepts(
        "/admin/invitations/revoke",
        &admin,
        "/admin/invitations/revoke",
        &[("invitation_id", &inv), ("confirm", "1")],
    )
    .await;
    assert_eq!(invitation_status(&app, &inv), "revoked");

    // /admin/invitations/{id}/renew: an invitation sent and then past its expiry.
    let resent = admin
        .post("/admin/invitations/resend", &[("invitation_id", &inv)])
        .await;
    assert_eq!(resent.status, 303);
    app.run_jobs().await;
    let inv = open_invitation(&app, &u2);
    diesel::update(invitations::table.find(inv.parse::<InvitationId>().unwrap()))
        .set(invitations::expires_at.eq(app.clock.now() - time::Duration::minutes(1)))
        .execute(&mut *app.conn())
        .unwrap();
    let path = format!("/admin/invitations/{inv}/renew");
    m.refuses("/admin/invitations/{id}/renew", &admin, &path, &[])
        .await;
    m.accepts("/admin/invitations/{id}/renew", &admin, &path, &[])
        .await;
    assert_eq!(
        invitation_status(&app, &inv),
        "revoked",
        "renewed: replaced"
    );

    // /admin/invitations/{id}/revoke
    let inv = open_invitation(&app, &u2);
    let path = format!("/admin/invitations/{inv}/revoke");
    admin.get(&path).await.assert_ok();
    m.refuses("/admin/invitations/{id}/revoke", &admin, &path, &[])
        .await;
    m.accepts("/admin/invitations/{id}/revoke", &admin, &path, &[])
        .await;
    assert_eq!(invitation_status(&app, &inv), "revoked");

    // /admin/roles, /admin/roles/{id}, /admin/roles/{id}/delete and the department pages.
    admin.get("/admin/roles").await.assert_ok();
    m.refuses(
        "/admin/roles",
        &admin,
        "/admin/roles",
        &[("name", "Driver")],
    )
    .await;
    m.accepts(
        "/admin/roles",
        &admin,
        "/admin/roles",
        &[("name", "Driver")],
    )
    .await;
    let id_in = |body: &str, attr: &str| {
        let re = regex::Regex::new(&format!(r#"{attr}="(\d+)""#)).unwrap();
        re.captures(body).expect(attr)[1].to_owned()
    };
    let role = id_in(&admin.get("/admin/roles").await.body, "data-role");
    let dep = id_in(
        &admin.get("/admin/departments").await.body,
        "data-department",
    );
    for (route, path, fields) in [
        (
            "/admin/roles/{id}",
            format!("/admin/roles/{role}"),
            vec![("name", "Drivers")],
        ),
        (
            "/admin/roles/{id}/delete",
            format!("/admin/roles/{role}/delete"),
            vec![],
        ),
        (
            "/admin/departments/{id}",
            format!("/admin/departments/{dep}"),
            vec![("name", "Sales 2")],
        ),
        (
            "/admin/departments/{id}/delete",
            format!("/admin/departments/{dep}/delete"),
            vec![],
        ),
    ] {
        admin.get(&path).await.assert_ok();
        m.refuses(route, &admin, &path, &fields).await;
        m.accepts(route, &admin, &path, &fields).await;
    }

    // /invite/{token}: a forged acceptance creates no account; the link stays valid.
    let invitee = app.session();
    invitee.get(&link1).await.assert_ok();
    let accept_fields = [
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
        ("first_name", "Una"),
        ("last_name", "One"),
    ];
    m.refuses("/invite/{token}", &invitee, &link1, &accept_fields)
        .await;
    app.session().get(&link1).await.assert_ok();
    m.accepts("/invite/{token}", &invitee, &link1, &accept_fields)
        .await;

    // /platform/orgs and /platform/settings (operator). The new organisation's admin is u1,
    // who then belongs to two organisations.
    let op = app.login("operator@invitely.test", PASSWORD).await;
    op.get("/platform/orgs").await.assert_ok();
    let org_fields = [
        ("name", "Org C-2"),
        ("customer_number", "C-2"),
        ("seat_limit", "100"),
        ("daily_invite_limit", "50"),
        ("admin_email", "u1@example.com"),
    ];
    m.refuses("/platform/orgs", &op, "/platform/orgs", &org_fields)
        .await;
    m.accepts("/platform/orgs", &op, "/platform/orgs", &org_fields)
        .await;
    op.get("/platform/settings").await.assert_ok();
    m.refuses(
        "/platform/settings",
        &op,
        "/platform/settings",
        &[("verification_method", "email_only")],
    )
    .await;
    m.accepts(
        "/platform/settings",
        &op,
        "/platform/settings",
        &[("verification_method", "email_only")],
    )
    .await;
    // /platform/orgs/{id} (operator): editing the organisation just created.
    let c2: invitely::db::ids::OrgId = {
        use diesel::prelude::*;
        use invitely::db::schema::organisations;
        organisations::table
            .filter(organisations::customer_number.eq("C-2"))
            .select(organisations::id)
            .first(&mut *app.conn())
            .unwrap()
    };
    let edit = format!("/platform/orgs/{c2}");
    op.get(&edit).await.assert_ok();
    let edit_fields = [
        ("name", "Org C-2 renamed"),
        ("customer_number", "C-2"),
        ("seat_limit", "100"),
        ("daily_invite_limit", "50"),
        ("lifetime_hours", "24"),
        ("enabled", "on"),
    ];
    m.refuses("/platform/orgs/{id}", &op, &edit, &edit_fields)
        .await;
    m.accepts("/platform/orgs/{id}", &op, &edit, &edit_fields)
        .await;
    // /platform/orgs/{id}/admins (operator): a forgery invites no administrator.
    let admins = format!("/platform/orgs/{c2}/admins");
    op.get(&edit).await.assert_ok();
    let admin_fields = [("admin_email", "second-admin@example.com")];
    m.refuses("/platform/orgs/{id}/admins", &op, &admins, &admin_fields)
        .await;
    m.accepts("/platform/orgs/{id}/admins", &op, &admins, &admin_fields)
        .await;

    app.run_jobs().await;
    let link2 = app.invitation_link("u1@example.com");
    let existing = app.session();
    existing.get(&link2).await.assert_ok();
    let p = existing
        .post(
            &link2,
            &[("email", "u1@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    app.expect_welcome("u1@example.com").await;

    // /orgs/{org_id}/switch: a forged switch does not choose an organisation.
    let member = app.login("u1@example.com", PASSWORD).await;
    let orgs = member.get("/orgs").await;
    orgs.assert_ok();
    let org_ids: Vec<String> = orgs
        .body
        .split("action=\"/orgs/")
        .skip(1)
        .map(|s| s.split('/').next().unwrap().to_owned())
        .collect();
    assert_eq!(org_ids.len(), 2, "{}", orgs.body);
    let path = format!("/orgs/{}/switch", org_ids[0]);
    m.refuses("/orgs/{org_id}/switch", &member, &path, &[])
        .await;
    let home = member.get("/").await;
    if home.location.as_deref() != Some("/orgs") {
        m.failures.push(format!(
            "a forged switch chose an organisation: GET / → {} {:?}",
            home.status, home.location
        ));
    }
    m.accepts("/orgs/{org_id}/switch", &member, &path, &[])
        .await;
    member.get("/").await.assert_ok();

    // /admin/users/{id}/remove and /account/leave/{org_id}: two members of C-1 who joined
    // for this; a forgery removes nobody and nobody leaves.
    let c1 = app.org_id("C-1");
    let leaver = app
        .member(&admin)
        .email("leaver@example.com")
        .join(PASSWORD)
        .await;
    let removed = app
        .member(&admin)
        .email("removed@example.com")
        .create()
        .await;
    admin
        .post("/admin/users/invite", &[("user_id", &removed)])
        .await;
    app.run_jobs().await;
    let link = app.invitation_link("removed@example.com");
    app.accept(&link, PASSWORD).await;
    let path = format!("/admin/users/{removed}/remove");
    admin.get(&path).await.assert_ok();
    m.refuses("/admin/users/{id}/remove", &admin, &path, &[])
        .await;
    m.accepts("/admin/users/{id}/remove", &admin, &path, &[])
        .await;
    // /admin/users/{id}/delete: a forgery deletes no card.
    let typo = app.member(&admin).email("typo@exmaple.com").create().await;
    let path = format!("/admin/users/{typo}/delete");
    admin.get(&path).await.assert_ok();
    m.refuses("/admin/users/{id}/delete", &admin, &path, &[])
        .await;
    m.accepts("/admin/users/{id}/delete", &admin, &path, &[])
        .await;
    // /admin/users/{id}/admin: a forgery makes nobody an administrator (the leaver, who can
    // still leave as one of two admins).
    let leaver_card: invitely::db::ids::MemberId = invitely::db::schema::members::table
        .filter(invitely::db::schema::members::email.eq("leaver@example.com"))
        .select(invitely::db::schema::members::id)
        .first(&mut *app.conn())
        .unwrap();
    admin
        .get(&format!("/admin/users/{leaver_card}"))
        .await
        .assert_ok();
    let path = format!("/admin/users/{leaver_card}/admin");
    m.refuses("/admin/users/{id}/admin", &admin, &path, &[("admin", "1")])
        .await;
    m.accepts("/admin/users/{id}/admin", &admin, &path, &[("admin", "1")])
        .await;
    let path = format!("/account/leave/{c1}");
    leaver.get(&path).await.assert_ok();
    let final_fields = [("step", "final"), ("understood", "1")];
    m.refuses("/account/leave/{org_id}", &leaver, &path, &final_fields)
        .await;
    leaver.get("/").await.assert_ok();
    m.accepts("/account/leave/{org_id}", &leaver, &path, &final_fields)
        .await;
    app.run_jobs().await;
    // /account/language and /account/password (the member's own page).
    member.get("/account").await.assert_ok();
    let lang_form = [("lang", "ru")];
    m.refuses(
        "/account/language",
        &member,
        "/account/language",
        &lang_form,
    )
    .await;
    if !member
        .get("/account")
        .await
        .body
        .contains("<html lang=\"en\">")
    {
        m.failures
            .push("a forged POST /account/language changed the language".into());
    }
    let p = m
        .accepts(
            "/account/language",
            &member,
            "/account/language",
            &[("lang", "en")],
        )
        .await;
    assert_eq!(set_cookie(&p, "lang").as_deref(), Some("en"));
    member.get("/account").await.assert_ok();
    let new_password = "another horse battery staple";
    let password_form = [
        ("current_password", PASSWORD),
        ("password", new_password),
        ("password_confirm", new_password),
    ];
    m.refuses(
        "/account/password",
        &member,
        "/account/password",
        &password_form,
    )
    .await;
    m.accepts(
        "/account/password",
        &member,
        "/account/password",
        &password_form,
    )
    .await;
    member.get("/account").await.assert_ok();
    // Two-factor sign-in (u1): enrol, new recovery codes, the second step of sign-in, off.
    use crate::two_factor::{code_at, now, secret_in};
    app.clock.pin();
    let secret = secret_in(&member.get("/account/two-factor").await.body);
    let code = code_at(&secret, now(&app));
    m.refuses(
        "/account/two-factor",
        &member,
        "/account/two-factor",
        &[("code", &code)],
    )
    .await;
    // (answers with the recovery codes itself, 200, shown once)
    let before = dump_tables(&app, SKIP);
    member
        .post("/account/two-factor", &[("code", &code)])
        .await
        .assert_ok();
    assert_ne!(before, dump_tables(&app, SKIP), "enrolled");
    member.get("/account/two-factor").await.assert_ok();
    app.clock.advance(time::Duration::seconds(30));
    let code = code_at(&secret, now(&app));
    let regenerate = "/account/two-factor/recovery-codes";
    m.refuses(regenerate, &member, regenerate, &[("code", &code)])
        .await;
    let before = dump_tables(&app, SKIP);
    member
        .post(regenerate, &[("code", &code)])
        .await
        .assert_ok();
    assert_ne!(before, dump_tables(&app, SKIP), "new recovery codes");
    let second = app.session();
    second.get("/login").await.assert_ok();
    let p = second
        .post(
            "/login",
            // (the password changed on /account above)
            &[("email", "u1@example.com"), ("password", new_password)],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some("/login/two-factor"));
    second.get("/login/two-factor").await.assert_ok();
    app.clock.advance(time::Duration::seconds(30));
    let code = code_at(&secret, now(&app));
    m.refuses(
        "/login/two-factor",
        &second,
        "/login/two-factor",
        &[("code", &code)],
    )
    .await;
    if second.get("/orgs").await.status != 303 {
        m.failures
            .push("a forged POST /login/two-factor signed the visitor in".into());
    }
    m.accepts(
        "/login/two-factor",
        &second,
        "/login/two-factor",
        &[("code", &code)],
    )
    .await;
    member.get("/account/two-factor").await.assert_ok();
    let disable = "/account/two-factor/disable";
    m.refuses(disable, &member, disable, &[("password", new_password)])
        .await;
    m.accepts(disable, &member, disable, &[("password", new_password)])
        .await;

    // /lang: no cookie and no saved preference from a forgery.
    let lang_fields = [("lang", "ru"), ("back", "/")];
    for p in m.refuses("/lang", &member, "/lang", &lang_fields).await {
        if set_cookie(&p, "lang").is_some() {
            m.failures
                .push("a forged POST /lang set the language cookie".into());
        }
    }
    if !member.get("/").await.body.contains("<html lang=\"en\">") {
        m.failures
            .push("a forged POST /lang changed the language".into());
    }
    let p = m.accepts("/lang", &member, "/lang", &lang_fields).await;
    assert_eq!(set_cookie(&p, "lang").as_deref(), Some("ru"));

    // /password/forgot (answers its page itself, 200) and /password/reset/{token}: a forged
    // request queues no link, and a forged reset sets no password and keeps the link alive.
    app.run_jobs().await;
    let visitor = app.session();
    visitor.get("/password/forgot").await.assert_ok();
    let forgot_fields = [("email", "u1@example.com")];
    m.refuses(
        "/password/forgot",
        &visitor,
        "/password/forgot",
        &forgot_fields,
    )
    .await;
    let before = dump_tables(&app, SKIP);
    let page = visitor.post("/password/forgot", &forgot_fields).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_ne!(
        before,
        dump_tables(&app, SKIP),
        "the real request queues a link"
    );
    app.run_jobs().await;
    let mail = app.emails_to("u1@example.com").pop().unwrap();
    let text = crate::support::mime::part(&mail.data, "text/plain").unwrap();
    let reset = crate::support::mime::find_link(&text, &format!("{}/password/reset/", app.base))
        .expect("a reset link");
    let reset_fields = [("password", PASSWORD), ("password_confirm", PASSWORD)];
    visitor.get(&reset).await.assert_ok();
    m.refuses("/password/reset/{token}", &visitor, &reset, &reset_fields)
        .await;
    visitor.get(&reset).await.assert_ok();
    m.accepts("/password/reset/{token}", &visitor, &reset, &reset_fields)
        .await;
    app.run_jobs().await;

    // /admin/import: a multipart upload. Forged posts are refused whatever their body: the
    // url-encoded forgeries of the matrix, and a multipart one without the token.
    admin.get("/admin/import").await.assert_ok();
    let csv = b"email,first_name\nz@example.com,Z\n".to_vec();
    m.refuses(
        "/admin/import",
        &admin,
        "/admin/import",
        &[("kind", "employee")],
    )
    .await;
    let before = dump_tables(&app, SKIP);
    let forged = reqwest::multipart::Form::new()
        .text("kind", "employee")
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv.clone()).file_name("people.csv"),
        );
    let resp = admin
        .client
        .post(admin.url("/admin/import"))
        .multipart(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status().as_u16(),
        403,
        "a multipart post without the token"
    );
    assert_eq!(before, dump_tables(&app, SKIP));
    // With the session's token the upload passes and stages an import.
    admin.get("/admin/import").await.assert_ok();
    let page = admin
        .upload("/admin/import", &[("kind", "employee")], "people.csv", csv)
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_ne!(before, dump_tables(&app, SKIP));
    let commit = format!("{}/commit", page.location.unwrap());
    admin.get("/admin/import").await.assert_ok();
    m.refuses("/admin/import/{id}/commit", &admin, &commit, &[])
        .await;
    m.accepts("/admin/import/{id}/commit", &admin, &commit, &[])
        .await;
    app.run_jobs().await;

    // /platform/accounts/{id}/disable and …/enable (operator): a forgery disables nobody and
    // enables nobody (the removed member's account).
    let op = app.login("operator@invitely.test", PASSWORD).await;
    let account: invitely::db::ids::AccountId = invitely::db::schema::accounts::table
        .filter(invitely::db::schema::accounts::email.eq("removed@example.com"))
        .select(invitely::db::schema::accounts::id)
        .first(&mut *app.conn())
        .unwrap();
    let page = format!("/platform/accounts/{account}");
    op.get(&page).await.assert_ok();
    let disable = format!("{page}/disable");
    m.refuses("/platform/accounts/{id}/disable", &op, &disable, &[])
        .await;
    m.accepts("/platform/accounts/{id}/disable", &op, &disable, &[])
        .await;
    op.get(&page).await.assert_ok();
    let enable = format!("{page}/enable");
    m.refuses("/platform/accounts/{id}/enable", &op, &enable, &[])
        .await;
    m.accepts("/platform/accounts/{id}/enable", &op, &enable, &[])
        .await;

    // /logout: a forged sign-out leaves the session working.
    admin.get("/admin/users").await.assert_ok();
    m.refuses("/logout", &admin, "/logout", &[]).await;
    if admin.get("/admin/users").await.status != 200 {
        m.failures
            .push("a forged POST /logout ended the session".into());
    }
    m.accepts("/logout", &admin, "/logout", &[]).await;
    assert_eq!(admin.get("/admin/users").await.status, 303, "signed out");

    let declared = state_changing_routes();
    let missing: Vec<&String> = declared.difference(&m.covered).collect();
    assert!(
        missing.is_empty(),
        "state-changing routes this test does not try: {missing:?}"
    );
    let unknown: Vec<&String> = m.covered.difference(&declared).collect();
    assert!(
        unknown.is_empty(),
        "routes tried that the application does not declare: {unknown:?}"
    );
    assert!(
        m.failures.is_empty(),
        "{} forgeries got through:\n{}",
        m.failures.len(),
        m.failures.join("\n")
    );
}

/// GET and HEAD of every route — the form routes with their fields in the query string — change
/// nothing: no row, no mail, no sign-in or sign-out, no language, no organisation switch.
/// Bookkeeping a GET may write: sessions, and attempt counters (a wrong token must count on GET
/// too, docs/SECURITY.md A9; a right one gives its reserved attempt back).
const IGNORED: &[&str] = &["sessions", "throttles"];

async fn get_and_head_change_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let anon = app.session();
    let setup = app.setup_link.clone().unwrap();
    let before = dump_tables(&app, IGNORED);
    for _ in 0..2 {
        anon.get(&setup).await.assert_ok();
        anon.client.head(&setup).send().await.unwrap();
    }
    let setup_get = format!("{setup}?email=evil%40example.com&password=x&password_confirm=x");
    anon.get(&setup_get).await.assert_ok();
    let after = dump_tables(&app, IGNORED);
    assert!(
        before == after,
        "GET of the setup link changed:\n{}",
        dump_diff(&before, &after)
    );
    // The setup link still works: the operator is created through it here.
    let admin = app.org("C-1").admin("boss@acme.test").build().await;
    let member = |first, last, email| app.member(&admin).named(first, last).email(email);
    let plain = member("Pia", "Plain", "plain@example.com").create().await;
    let invited = member("Ida", "Invited", "inv@example.com").invite().await;
    let link = invited.link;
    let inv = open_invitation(&app, &invited.id);
    let org: OrgId = organisations::table
        .filter(organisations::customer_number.eq("C-1"))
        .select(organisations::id)
        .first(&mut *app.conn())
        .unwrap();
    let op = app.login("operator@invitely.test", PASSWORD).await;
    let mails = app.emails().len();
    let before = dump_tables(&app, IGNORED);

    // (who, path, the statuses that are fine)
    let admin_paths: Vec<(String, &[u16])> = vec![
        (format!("/admin/users/invite?user_id={plain}&all_matching=1"), &[404, 405]),
        (format!("/admin/users/invite?user_id={plain}"), &[404, 405]),
        ("/admin/users/new?first_name=Get&last_name=Request&email=get%40example.com&kind=employee&send_invitation=1".into(), &[200]),
        (format!("/admin/users/{plain}?first_name=Changed&last_name=Plain&email=changed%40example.com&kind=customer"), &[200]),
        (format!("/admin/invitations/resend?invitation_id={inv}"), &[404, 405]),
        (format!("/admin/invitations/{inv}/resend"), &[404, 405]),
        (format!("/admin/invitations/{inv}/revoke"), &[200]),
        ("/admin/departments?name=Sales".into(), &[200]),
        ("/admin/settings?invite_policy=admins_only".into(), &[200]),
        (format!("/admin/users/statuses?id={plain}"), &[200]),
        ("/admin/users?status=not_invited".into(), &[200]),
        ("/admin/invitations".into(), &[200]),
        (format!("/orgs/{org}/switch"), &[404, 405]),
        (format!("/account/leave/{org}?step=final&understood=1"), &[200]),
        (format!("/admin/users/{plain}/remove"), &[200]),
        (format!("/admin/users/{plain}/delete"), &[200]),
        (format!("/admin/users/{plain}/admin?admin=1"), &[200]),
        ("/account/none".into(), &[303]),
        ("/orgs".into(), &[200]),
        ("/".into(), &[200]),
        ("/lang?lang=ru&back=/".into(), &[404, 405]),
        ("/account?lang=ru&current_password=x&password=y&password_confirm=y".into(), &[200]),
        ("/account/language?lang=ru".into(), &[404, 405]),
        ("/account/password?current_password=x&password=y&password_confirm=y".into(), &[404, 405]),
        ("/logout".into(), &[404, 405]),
    ];
    for (path, ok) in &admin_paths {
        let page = admin.get(path).await;
        assert!(ok.contains(&page.status), "GET {path}: {}", page.status);
        assert!(
            set_cookie(&page, "lang").is_none(),
            "GET {path} set the language"
        );
        let head = page_of(admin.client.head(admin.url(path)).send().await.unwrap()).await;
        assert!(
            set_cookie(&head, "lang").is_none(),
            "HEAD {path} set the language"
        );
    }
    let op_paths = [
        "/platform/orgs?name=Org+X&customer_number=X-1&seat_limit=100&daily_invite_limit=50&admin_email=x%40example.com",
        "/platform/settings?verification_method=email_only",
    ];
    for path in op_paths {
        op.get(path).await.assert_ok();
        op.client.head(op.url(path)).send().await.unwrap();
    }
    let visitor = app.session();
    for path in [
        format!(
            "/login?email=boss%40acme.test&password={}",
            PASSWORD.replace(' ', "+")
        ),
        link.clone(),
        link.clone(),
        format!("{link}?password=x&password_confirm=x"),
        "/password/forgot?email=boss%40acme.test".into(),
    ] {
        let page = visitor.get(&path).await;
        assert_eq!(page.status, 200, "GET {path}");
        visitor
            .client
            .head(visitor.url(&path))
            .send()
            .await
            .unwrap();
    }

    app.run_jobs().await;
    assert_eq!(app.emails().len(), mails, "a GET sent mail");
    let after = dump_tables(&app, IGNORED);
    assert!(
        before == after,
        "GET requests changed the database:\n{}",
        dump_diff(&before, &after)
    );
    assert_eq!(invitation_status(&app, &inv), "pending");
    assert_eq!(
        visitor.get("/").await.location.as_deref(),
        Some("/login"),
        "GET /login?… signed nobody in"
    );
    let still = admin.get("/admin/users").await;
    still.assert_ok();
    assert!(
        still.body.contains("<html lang=\"en\">"),
        "GET /lang changed nothing"
    );
    assert!(
        still.body.contains("data-status=\"not_invited\""),
        "GET /admin/users/invite invited nobody"
    );
    // The link opened by GET and HEAD (a mail scanner) still works for the invitee
    // (docs/SECURITY.md A7).
    app.accept(&link, PASSWORD).await.get("/").await.assert_ok();
}

both_backends!(
    every_state_changing_route_refuses_forgeries,
    get_and_head_change_nothing
);
