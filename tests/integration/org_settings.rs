//! Organisation settings (`/admin/settings`): saved and validated; admins-only policy forbids
//! members to invite and, tightened, first shows how many open invitations it revokes, then
//! revokes and audits them; messages go out in the organisation's default language unless one
//! was chosen; the app link of the member's kind is in the invitation and welcome e-mails; the
//! inviter is told of an acceptance, with the card link when the member has no role; a disabled
//! inviter's open invitations are revoked.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::client::Session;
use crate::support::{mime, Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{AuditAction, InvitationStatus, InvitePolicy, Language};
use invitely::db::ids::{AccountId, MemberId};
use invitely::db::schema::{accounts, audit_events, invitations, roles};
use invitely::domain::audit::{Details, OrgSettingChange};
use invitely::domain::invitations::{self as policy, InviteOptions, LostRight};
use invitely::domain::{Actor, DomainError};

/// The stored details of an invitation revoked because its inviter lost `why`.
pub fn lost(why: LostRight) -> String {
    Details::InviterLostRight { why }.stored()
}

const EMPLOYEE_APP: &str = "https://apps.example.com/field-service";
const CUSTOMER_APP: &str = "https://apps.example.com/customer-portal";

fn settings<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("invite_policy", "everyone"),
        ("lifetime_hours", "48"),
        ("employee_app_url", ""),
        ("customer_app_url", ""),
        ("default_message", ""),
        ("default_locale", "en"),
    ];
    for (k, v) in overrides {
        fields.retain(|(f, _)| f != k);
        fields.push((k, v));
    }
    fields
}

async fn save(admin: &Session, overrides: &[(&str, &str)]) {
    admin.get("/admin/settings").await.assert_ok();
    let page = admin.post("/admin/settings", &settings(overrides)).await;
    assert_eq!(page.status, 303, "{}", page.body);
}

fn account_id(app: &TestApp, email: &str) -> AccountId {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap()
}

fn subject(mail: &crate::support::smtp_sink::ReceivedMail) -> String {
    mime::header(&mail.data, "Subject").unwrap_or_default()
}

fn text(mail: &crate::support::smtp_sink::ReceivedMail) -> String {
    mime::part(&mail.data, "text/plain").unwrap()
}

async fn settings_are_saved_and_validated(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-1").build().await;
    let page = admin.get("/admin/users").await;
    assert!(page.body.contains("href=\"/admin/settings\""), "nav link");
    assert!(page.body.contains("href=\"/admin/audit\""), "nav link");
    let page = admin.get("/admin/settings").await;
    page.assert_ok();
    assert!(page.body.contains("value=\"24\""), "the lifetime shown");

    // Over the platform's maximum (168 h by default), a plain-http link, a bad language.
    let bad = admin
        .post(
            "/admin/settings",
            &settings(&[
                ("lifetime_hours", "169"),
                ("employee_app_url", "http://apps.example.com/x"),
                ("customer_app_url", "javascript:alert(1)"),
                ("default_message", "Kept as typed"),
            ]),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("from 1 to 168"), "{}", bad.body);
    assert!(bad.body.contains("value=\"169\""), "input kept");
    assert!(bad.body.contains("http://apps.example.com/x"), "input kept");
    assert!(bad.body.contains("Kept as typed"), "input kept");
    assert!(bad.body.contains("starting with https://"));
    let org = invitely::domain::orgs::get(&mut app.conn(), app.org_id("S-1"))
        .unwrap()
        .unwrap();
    assert_eq!(org.invitation_lifetime_hours, 24, "nothing saved");
    assert_eq!(org.employee_app_url, None);
    // A link that is only too long is told so, not that it must start with https://.
    let long = format!("{EMPLOYEE_APP}/{}", "x".repeat(500));
    let bad = admin
        .post(
            "/admin/settings",
            &settings(&[("employee_app_url", long.as_str())]),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(
        bad.body.contains("Use at most 500 characters."),
        "{}",
        bad.body
    );
    assert!(!bad.body.contains("starting with https://"), "{}", bad.body);

    let chosen = [
        ("lifetime_hours", "168"),
        ("employee_app_url", EMPLOYEE_APP),
        ("customer_app_url", CUSTOMER_APP),
        ("default_message", "Welcome to the team"),
        ("default_locale", "ru"),
    ];
    save(&admin, &chosen).await;
    let page = admin.get("/admin/settings").await;
    assert!(page.body.contains("Settings saved."));
    assert!(page.body.contains(EMPLOYEE_APP));
    let org = invitely::domain::orgs::get(&mut app.conn(), org.id)
        .unwrap()
        .unwrap();
    assert_eq!(org.invitation_lifetime_hours, 168);
    assert_eq!(org.employee_app_url.as_deref(), Some(EMPLOYEE_APP));
    assert_eq!(org.customer_app_url.as_deref(), Some(CUSTOMER_APP));
    assert_eq!(org.default_message, "Welcome to the team");
    assert_eq!(org.default_locale, Language::Ru);
    let details: Vec<String> = audit_events::table
        .filter(audit_events::org_id.eq(org.id))
        .filter(audit_events::action.eq(AuditAction::OrgSettingsChanged))
        .select(audit_events::details)
        .load(&mut *app.conn())
        .unwrap();
    assert_eq!(details.len(), 1, "{details:?}");
    let Details::OrgSettings { changes } = Details::parse(&details[0]) else {
        panic!("{details:?}");
    };
    assert!(
        changes.contains(&OrgSettingChange::LifetimeHours(168)),
        "{changes:?}"
    );
    assert!(
        changes.contains(&OrgSettingChange::DefaultLocale(Language::Ru)),
        "{changes:?}"
    );
    // The same values again: said to change nothing, not "saved".
    save(&admin, &chosen).await;
    let page = admin.get("/admin/settings").await;
    assert!(
        page.body
            .contains("Nothing was changed: every value is as it was already."),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Settings saved."), "{}", page.body);

    // A value the page never offers is refused, not stored.
    let page = admin
        .post("/admin/settings", &settings(&[("invite_policy", "anyone")]))
        .await;
    assert_eq!(page.status, 422);
}

/// A member (not an admin) invites someone while everyone may; tightening to admins only shows
/// the count first, then revokes that invitation (not the admin's) and audits it.
async fn tightening_the_policy_revokes_members_invitations(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-2").admin("boss@s2.test").build().await;
    let org = app.org_id("S-2");
    app.member(&admin)
        .named("Mia", "Member")
        .email("mia@s2.test")
        .join(PASSWORD)
        .await;
    // Members who are not admins invite while they hold a role.
    app.give_role("mia@s2.test");
    let by_member = app.member(&admin).email("guest@s2.test").create().await;
    app.member(&admin)
        .email("other@s2.test")
        .invited()
        .create()
        .await;
    let mia = Actor {
        account_id: account_id(&app, "mia@s2.test"),
        request_id: "test".into(),
    };
    let now = app.clock.now();
    let member_id = MemberId::from_raw(by_member.parse().unwrap());
    policy::invite(
        &mut app.conn(),
        now,
        &mia,
        org,
        &[member_id],
        &InviteOptions::default(),
    )
    .unwrap();
    app.run_jobs().await;
    let open = |app: &TestApp| -> i64 {
        invitations::table
            .filter(invitations::org_id.eq(org))
            .filter(invitations::status.eq_any(InvitationStatus::OPEN))
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(open(&app), 2);

    // First the count, nothing changed yet.
    admin.get("/admin/settings").await.assert_ok();
    let confirm = admin
        .post(
            "/admin/settings",
            &settings(&[("invite_policy", "admins_only"), ("lifetime_hours", "24")]),
        )
        .await;
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert!(
        confirm
            .body
            .contains("1 pending invitation was sent by a member"),
        "{}",
        confirm.body
    );
    assert!(confirm.body.contains("name=\"confirm\" value=\"1\""));
    let o = invitely::domain::orgs::get(&mut app.conn(), org)
        .unwrap()
        .unwrap();
    assert_eq!(o.invite_policy, InvitePolicy::Everyone);
    assert_eq!(open(&app), 2);

    // Confirmed: saved, the member's invitation revoked, the admin's kept, both audited.
    let page = admin
        .post(
            "/admin/settings",
            &settings(&[
                ("invite_policy", "admins_only"),
                ("lifetime_hours", "24"),
                ("confirm", "1"),
            ]),
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert!(admin
        .get("/admin/settings")
        .await
        .body
        .contains("1 pending invitation sent by a member who is not an admin was revoked"));
    assert_eq!(open(&app), 1);
    let revoked: InvitationStatus = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .select(invitations::status)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(revoked, InvitationStatus::Revoked);
    let audited: i64 = audit_events::table
        .filter(audit_events::org_id.eq(org))
        .filter(audit_events::action.eq(AuditAction::InvitationRevoked))
        .filter(audit_events::details.eq(lost(LostRight::AdminsOnly)))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(audited, 1);

    // The member may no longer invite; the admin still may.
    let o = invitely::domain::orgs::get(&mut app.conn(), org)
        .unwrap()
        .unwrap();
    assert!(!policy::may_invite(&mut app.conn(), &o, &mia, false).unwrap());
    let refused = policy::invite(
        &mut app.conn(),
        now,
        &mia,
        org,
        &[member_id],
        &InviteOptions::default(),
    );
    assert!(matches!(refused, Err(DomainError::Forbidden)));
    let boss = Actor {
        account_id: account_id(&app, "boss@s2.test"),
        request_id: "test".into(),
    };
    assert!(policy::may_invite(&mut app.conn(), &o, &boss, false).unwrap());
}

/// An English-speaking admin of a Russian-default organisation: the invitation is in Russian;
/// a language chosen on the card wins.
async fn messages_go_out_in_the_recipients_language(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-3").build().await;
    save(&admin, &[("default_locale", "ru")]).await;
    app.member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@s3.test")
        .invite()
        .await;
    let mail = app.emails_to("ivan@s3.test").pop().unwrap();
    assert!(subject(&mail).contains("Приглашение"), "{}", subject(&mail));
    assert!(text(&mail).contains("приглашает"), "{}", text(&mail));

    // English chosen on the card.
    let john = app.member(&admin).email("john@s3.test").invited();
    let mut fields = john.fields();
    fields.push(("language", "en"));
    crate::support::pages::create_user(&admin, &fields).await;
    app.run_jobs().await;
    let mail = app.emails_to("john@s3.test").pop().unwrap();
    assert!(
        subject(&mail).starts_with("Invitation to"),
        "{}",
        subject(&mail)
    );
}

/// The employees' app in an employee's invitation and welcome, the customers' in a customer's.
async fn app_links_follow_the_member_kind(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-4").build().await;
    save(
        &admin,
        &[
            ("employee_app_url", EMPLOYEE_APP),
            ("customer_app_url", CUSTOMER_APP),
        ],
    )
    .await;
    let employee = app.member(&admin).email("emp@s4.test").invite().await;
    app.member(&admin)
        .email("cust@s4.test")
        .customer()
        .invite()
        .await;
    let to_employee = text(&app.emails_to("emp@s4.test").pop().unwrap());
    assert!(to_employee.contains(EMPLOYEE_APP), "{to_employee}");
    assert!(!to_employee.contains(CUSTOMER_APP));
    let mail = app.emails_to("cust@s4.test").pop().unwrap();
    let to_customer = text(&mail);
    assert!(to_customer.contains(CUSTOMER_APP), "{to_customer}");
    assert!(!to_customer.contains(EMPLOYEE_APP));
    let html = mime::part(&mail.data, "text/html").unwrap();
    assert!(html.contains(&format!("href=\"{CUSTOMER_APP}\"")), "{html}");

    app.accept(&employee.link, PASSWORD).await;
    let welcome = app
        .emails_to("emp@s4.test")
        .into_iter()
        .find(|m| mime::header(&m.data, "Message-ID").is_some_and(|id| id.contains("welcome-")))
        .unwrap();
    assert!(text(&welcome).contains(EMPLOYEE_APP));
}

/// The inviter hears of an acceptance; the card link ("grant access") only when the member has
/// no role.
async fn inviter_is_told_of_acceptance(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-5").admin("boss@s5.test").build().await;
    let notices = |app: &TestApp| {
        app.emails_to("boss@s5.test")
            .into_iter()
            .filter(|m| {
                mime::header(&m.data, "Message-ID")
                    .is_some_and(|id| id.contains("invitation-accepted-"))
            })
            .collect::<Vec<_>>()
    };
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@s5.test")
        .invite()
        .await;
    assert!(notices(&app).is_empty());
    app.accept(&ivan.link, PASSWORD).await;
    let got = notices(&app);
    assert_eq!(got.len(), 1);
    assert!(subject(&got[0]).contains("Ivan Petrov accepted your invitation"));
    let body = text(&got[0]);
    assert!(
        body.contains(&format!("{}/admin/users/{}", app.base, ivan.id)),
        "{body}"
    );

    // With a role offered and taken: no "grant access".
    let org = app.org_id("S-5");
    let role: i64 = diesel::insert_into(roles::table)
        .values((
            roles::org_id.eq(org),
            roles::name.eq("Dispatcher"),
            roles::created_at.eq(app.clock.now()),
        ))
        .returning(roles::id)
        .get_result::<invitely::db::ids::RoleId>(&mut *app.conn())
        .unwrap()
        .get();
    let role = role.to_string();
    let olga = app.member(&admin).email("olga@s5.test").invited();
    let mut fields = olga.fields();
    fields.push(("role_id", &role));
    let olga = crate::support::pages::create_user(&admin, &fields).await;
    drop(fields);
    app.run_jobs().await;
    let link = app.invitation_link("olga@s5.test");
    app.accept(&link, PASSWORD).await;
    let got = notices(&app);
    assert_eq!(got.len(), 2);
    let body = text(&got[1]);
    assert!(!body.contains(&format!("/admin/users/{olga}")), "{body}");
}

/// A disabled inviter's open invitations are revoked and audited.
async fn disabling_an_inviter_revokes_their_invitations(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("S-6").admin("boss@s6.test").build().await;
    let card = app.member(&admin).email("x@s6.test").invite().await;
    let boss = account_id(&app, "boss@s6.test");
    let actor = Actor {
        account_id: boss,
        request_id: "test".into(),
    };
    let n = invitely::domain::accounts::disable(&mut app.conn(), app.clock.now(), &actor, boss)
        .unwrap();
    assert_eq!(n, 1);
    let member_id = MemberId::from_raw(card.id.parse().unwrap());
    let status: InvitationStatus = invitations::table
        .filter(invitations::member_id.eq(member_id))
        .select(invitations::status)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(status, InvitationStatus::Revoked);
    let audited: i64 = audit_events::table
        .filter(audit_events::details.eq(lost(LostRight::AccountDisabled)))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(audited, 1);
}

both_backends!(
    settings_are_saved_and_validated,
    tightening_the_policy_revokes_members_invitations,
    messages_go_out_in_the_recipients_language,
    app_links_follow_the_member_kind,
    inviter_is_told_of_acceptance,
    disabling_an_inviter_revokes_their_invitations,
);
