//! Roles and departments (issue 7): created, renamed, deleted after a page that counts what
//! the deletion reaches; roles given on the member's card lift restricted access and tell the
//! member by e-mail (over the real SMTP sink, snapshot in both languages); another
//! organisation's admin gets 404 on every route with these ids.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::flashes;
use crate::support::{mime, Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::InvitationStatus;
use invitely::db::schema::{audit_events, invitations, member_roles, members};
use regex::Regex;

const BANNER: &str = "Your administrator has not given you access yet.";

fn ids(body: &str, attr: &str) -> Vec<String> {
    Regex::new(&format!(r#"{attr}="(\d+)""#))
        .unwrap()
        .captures_iter(body)
        .map(|c| c[1].to_owned())
        .collect()
}

/// Creates a role through the form; returns its id.
pub(crate) async fn create_role(admin: &Session, name: &str) -> String {
    admin.get("/admin/roles").await.assert_ok();
    let page = admin.post("/admin/roles", &[("name", name)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let list = admin.get("/admin/roles").await;
    let re = Regex::new(&format!(
        r#"data-role="(\d+)">\s*<th scope="row"><a href="[^"]+">{}</a>"#,
        regex::escape(name)
    ))
    .unwrap();
    re.captures(&list.body).expect("role listed")[1].to_owned()
}

pub(crate) async fn create_department(admin: &Session, name: &str) -> String {
    admin.get("/admin/departments").await.assert_ok();
    let page = admin.post("/admin/departments", &[("name", name)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let list = admin.get("/admin/departments").await;
    let re = Regex::new(&format!(
        r#"data-department="(\d+)">\s*<th scope="row"><a href="[^"]+">{}</a>"#,
        regex::escape(name)
    ))
    .unwrap();
    re.captures(&list.body).expect("department listed")[1].to_owned()
}

/// Saves the card of `id` as it is, with these roles (and department).
pub(crate) async fn save_card(admin: &Session, id: &str, roles: &[&str], department: &str) -> u16 {
    let card = admin.get(&format!("/admin/users/{id}")).await;
    card.assert_ok();
    let value = |name: &str| {
        let re = Regex::new(&format!(r#"name="{name}" (?:type="\w+" )?value="([^"]*)""#)).unwrap();
        re.captures(&card.body)
            .map(|c| html_unescape(&c[1]))
            .unwrap_or_default()
    };
    let (first, last, email, phone, position) = (
        value("first_name"),
        value("last_name"),
        value("email"),
        value("phone"),
        value("position"),
    );
    let mut fields = vec![
        ("first_name", first.as_str()),
        ("last_name", last.as_str()),
        ("email", email.as_str()),
        ("phone", phone.as_str()),
        ("kind", "employee"),
        ("position", position.as_str()),
        ("department_id", department),
        // As the page does beside its role check boxes: the list is the whole choice.
        ("roles_listed", "1"),
    ];
    fields.extend(roles.iter().map(|r| ("role_id", *r)));
    admin
        .post(&format!("/admin/users/{id}"), &fields)
        .await
        .status
}

fn html_unescape(s: &str) -> String {
    s.replace("&#64;", "@")
        .replace("&#43;", "+")
        .replace("&amp;", "&")
}

fn actions(app: &TestApp) -> Vec<String> {
    audit_events::table
        .select(audit_events::action)
        .load(&mut *app.conn())
        .unwrap()
}

fn member_id(id: &str) -> invitely::db::ids::MemberId {
    id.parse().unwrap()
}

/// An invited member who accepted (no role: restricted access); returns the card id and session.
pub(crate) async fn joined(app: &TestApp, admin: &Session, email: &str) -> (String, Session) {
    let invited = app
        .member(admin)
        .named("Ivan", "Petrov")
        .email(email)
        .invite()
        .await;
    let session = app.accept(&invited.link, PASSWORD).await;
    (invited.id, session)
}

async fn roles_lifecycle_with_counts_and_access(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("R-1").admin("boss@r1.test").build().await;
    let dispatcher = create_role(&admin, "Dispatcher").await;
    let driver = create_role(&admin, "Driver").await;

    // Names are unique without regard to case; empty and over-long names are refused; the
    // input comes back.
    let dup = admin
        .post("/admin/roles", &[("name", "  dispatcher ")])
        .await;
    assert_eq!(dup.status, 422, "{}", dup.body);
    assert!(dup.body.contains("A role with this name already exists."));
    assert!(dup.body.contains(r#"value="  dispatcher ""#), "input kept");
    assert_eq!(
        admin.post("/admin/roles", &[("name", " ")]).await.status,
        422
    );
    let long = "x".repeat(101);
    let too_long = admin.post("/admin/roles", &[("name", &long)]).await;
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains(&long), "input kept");

    // The member accepts: no role, restricted access with its banner.
    let (ivan_id, ivan) = joined(&app, &admin, "ivan@r1.test").await;
    assert!(ivan.get("/").await.body.contains(BANNER));
    let card = admin.get(&format!("/admin/users/{ivan_id}")).await;
    assert!(card
        .body
        .contains("No role: this member has restricted access"));

    // The admin gives a role on the card: banner gone at once, e-mail over SMTP.
    let before = app.emails_to("ivan@r1.test").len();
    assert_eq!(save_card(&admin, &ivan_id, &[&dispatcher], "").await, 303);
    let after = admin.get(&format!("/admin/users/{ivan_id}")).await;
    assert!(flashes(&after.body)
        .iter()
        .any(|f| f.contains("Access granted")));
    assert!(after
        .body
        .contains(&format!(r#"value="{dispatcher}" checked"#)));
    assert!(!ivan.get("/").await.body.contains(BANNER));
    assert_eq!(app.run_jobs().await, 1);
    let mails = app.emails_to("ivan@r1.test");
    assert_eq!(mails.len(), before + 1);
    let mail = mails.last().unwrap();
    assert_eq!(
        mime::header(&mail.data, "Subject").unwrap().trim(),
        "You now have access to Org R-1 (customer number R-1)"
    );
    assert!(mime::part(&mail.data, "text/plain")
        .unwrap()
        .contains("Your roles: Dispatcher"));
    // A second role is a change, not a new grant: no second message.
    assert_eq!(
        save_card(&admin, &ivan_id, &[&dispatcher, &driver], "").await,
        303
    );
    assert_eq!(app.run_jobs().await, 0);
    assert_eq!(save_card(&admin, &ivan_id, &[&dispatcher], "").await, 303);

    // An open invitation offering the role.
    admin.get("/admin/users/new").await.assert_ok();
    let olga = crate::support::pages::create_user(
        &admin,
        &[
            ("first_name", "Olga"),
            ("email", "olga@r1.test"),
            ("kind", "employee"),
            ("role_id", &dispatcher),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.allow_jobs_left("Olga's invitation stays open");

    // The list counts members and open invitations; the confirmation says what happens.
    let list = admin.get("/admin/roles").await;
    let row = Regex::new(&format!(
        r#"(?s)data-role="{dispatcher}">.*?<td class="num"[^>]*>(\d+)</td>\s*<td class="num"[^>]*>(\d+)</td>"#
    ))
    .unwrap();
    let c = row.captures(&list.body).unwrap();
    assert_eq!((&c[1], &c[2]), ("1", "1"), "members, open invitations");
    let edit = admin.get(&format!("/admin/roles/{dispatcher}")).await;
    edit.assert_ok();
    assert!(edit
        .body
        .contains("1 member holds this role; 1 open invitation offers it."));
    let confirm = admin
        .get(&format!("/admin/roles/{dispatcher}/delete"))
        .await;
    confirm.assert_ok();
    for line in [
        "1 member loses this role.",
        "1 of them has no other role and goes back to restricted access.",
        "1 open invitation no longer offers it",
    ] {
        assert!(confirm.body.contains(line), "{line}: {}", confirm.body);
    }

    // Rename: a taken name is refused with the input kept; a free one is saved.
    let taken = admin
        .post(&format!("/admin/roles/{dispatcher}"), &[("name", "DRIVER")])
        .await;
    assert_eq!(taken.status, 422);
    assert!(taken.body.contains(r#"value="DRIVER""#));
    let renamed = admin
        .post(
            &format!("/admin/roles/{dispatcher}"),
            &[("name", "Operator")],
        )
        .await;
    assert_eq!(renamed.status, 303);
    assert!(admin
        .get("/admin/roles")
        .await
        .body
        .contains(">Operator</a>"));

    // Delete: Ivan is back to restricted access; Olga's invitation stays open without it.
    admin
        .get(&format!("/admin/roles/{dispatcher}/delete"))
        .await;
    let deleted = admin
        .post(&format!("/admin/roles/{dispatcher}/delete"), &[])
        .await;
    assert_eq!(deleted.status, 303);
    assert!(!admin
        .get("/admin/roles")
        .await
        .body
        .contains(">Operator</a>"));
    assert!(ivan.get("/").await.body.contains(BANNER));
    let open: i64 = invitations::table
        .filter(invitations::member_id.eq(member_id(&olga)))
        .filter(invitations::status.eq_any(["queued", "pending"]))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(open, 1);
    let actions = actions(&app);
    for a in [
        "role.created",
        "role.renamed",
        "role.deleted",
        "member.roles_changed",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }
}

async fn departments_rename_and_delete_with_counts(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("D-1").admin("boss@d1.test").build().await;
    let service = create_department(&admin, "Service").await;
    create_department(&admin, "Sales").await;
    let ivan = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email("ivan@d1.test")
        .invite()
        .await;
    assert_eq!(save_card(&admin, &ivan.id, &[], &service).await, 303);
    // The invitation would place its invitee in the department.
    diesel::update(invitations::table.filter(invitations::member_id.eq(member_id(&ivan.id))))
        .set(invitations::department_id.eq(Some(
            service.parse::<invitely::db::ids::DepartmentId>().unwrap(),
        )))
        .execute(&mut *app.conn())
        .unwrap();

    // The list counts each department's cards (any status), linked to the users table
    // filtered by it.
    let list = admin.get("/admin/departments").await;
    let cell = |id: &str| {
        let start = list
            .body
            .find(&format!("data-department=\"{id}\""))
            .unwrap_or_else(|| panic!("{id} listed: {}", list.body));
        let row = &list.body[start..];
        row[..row.find("</tr>").unwrap()].to_owned()
    };
    assert!(
        cell(&service).contains(&format!(
            "<a href=\"/admin/users?department={service}\">1<span class=\"visually-hidden\"> Service</span></a>"
        )),
        "{}",
        cell(&service)
    );
    let sales = list.body.find(">Sales</a>").expect("Sales listed");
    let sales_row = &list.body[sales..];
    let sales_row = &sales_row[..sales_row.find("</tr>").unwrap()];
    assert!(sales_row.contains("\">0<span"), "{sales_row}");

    let edit = admin.get(&format!("/admin/departments/{service}")).await;
    edit.assert_ok();
    // Ivan is invited, not yet a member: his card is not counted as one.
    assert!(
        edit.body.contains(
            "No member is in this department yet; 1 card of someone who is not a member is in \
             it too; 1 open invitation places its invitee in it."
        ),
        "{}",
        edit.body
    );
    let dup = admin
        .post(
            &format!("/admin/departments/{service}"),
            &[("name", "sales")],
        )
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup
        .body
        .contains("A department with this name already exists."));
    assert!(dup.body.contains(r#"value="sales""#));
    let renamed = admin
        .post(
            &format!("/admin/departments/{service}"),
            &[("name", "Field service")],
        )
        .await;
    assert_eq!(renamed.status, 303);
    assert!(admin
        .get("/admin/departments")
        .await
        .body
        .contains(">Field service</a>"));

    let confirm = admin
        .get(&format!("/admin/departments/{service}/delete"))
        .await;
    assert!(confirm.body.contains("No member is in this department."));
    assert!(confirm
        .body
        .contains("1 card of someone who is not a member is left with no department."));
    assert!(confirm
        .body
        .contains("1 open invitation no longer places its invitee in it"));
    let deleted = admin
        .post(&format!("/admin/departments/{service}/delete"), &[])
        .await;
    assert_eq!(deleted.status, 303);
    let dep: Option<invitely::db::ids::DepartmentId> = members::table
        .find(member_id(&ivan.id))
        .select(members::department_id)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(dep, None, "the card stays, with no department");
    admin
        .get(&format!("/admin/users/{}", ivan.id))
        .await
        .assert_ok();
    let actions = actions(&app);
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "department.created")
            .count(),
        2,
        "both departments' creation audited"
    );
    assert!(actions.iter().any(|a| a == "department.renamed"));
    assert!(actions.iter().any(|a| a == "department.deleted"));
}

async fn another_organisations_admin_gets_404(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let a = app.org("A-1").admin("boss@a1.test").build().await;
    let b = app.org("B-1").admin("boss@b1.test").build().await;
    let role = create_role(&a, "Secret role").await;
    let dep = create_department(&a, "Secret department").await;
    let b_role = create_role(&b, "B role").await;
    let (b_member, _) = joined(&app, &b, "olga@b1.test").await;
    b.get("/admin/roles").await;
    for path in [
        format!("/admin/roles/{role}"),
        format!("/admin/roles/{role}/delete"),
        format!("/admin/departments/{dep}"),
        format!("/admin/departments/{dep}/delete"),
    ] {
        assert_eq!(b.get(&path).await.status, 404, "GET {path}");
        let post = b.post(&path, &[("name", "Taken over")]).await;
        assert_eq!(post.status, 404, "POST {path}");
    }
    assert!(a.get("/admin/roles").await.body.contains("Secret role"));
    assert!(a
        .get("/admin/departments")
        .await
        .body
        .contains("Secret department"));

    // A role of another organisation on B's card: refused as one B does not have (the same
    // answer as for a deleted role, so nothing about A shows), nothing written.
    assert_eq!(save_card(&b, &b_member, &[&b_role, &role], "").await, 422);
    let held: i64 = member_roles::table
        .filter(member_roles::member_id.eq(member_id(&b_member)))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(held, 0);
    assert!(ids(&a.get("/admin/roles").await.body, "data-role").contains(&role));
    app.allow_jobs_left("none expected");
}

/// A member who is not an admin invites only while holding a role (without one, access is
/// restricted); losing the last role — taken on the card, or its role deleted — revokes what
/// they sent and is still open, and audits why.
async fn losing_the_last_role_takes_the_right_to_invite(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("R-9").admin("boss@r9.test").build().await;
    let staff = create_role(&admin, "Staff").await;
    let (card, member) = joined(&app, &admin, "ivan@r9.test").await;
    assert_eq!(
        member.get("/admin/invite").await.status,
        403,
        "restricted: no role"
    );

    let invite = |who: &'static str| {
        let member = &member;
        async move {
            member.get("/admin/invite").await.assert_ok();
            let mut fields = vec![("recipients", who), ("first_name", ""), ("last_name", "")];
            fields.push(("action", "send"));
            let done = member.post("/admin/invite", &fields).await;
            done.assert_ok();
        }
    };
    let open = |email: &str| -> i64 {
        invitations::table
            .filter(invitations::recipient.eq(email))
            .filter(invitations::status.eq_any(InvitationStatus::OPEN))
            .count()
            .get_result(&mut *app.conn())
            .unwrap()
    };

    // Given a role on the card, the member invites.
    assert_eq!(save_card(&admin, &card, &[&staff], "").await, 303);
    invite("guest1@r9.test").await;
    assert_eq!(open("guest1@r9.test"), 1);
    // The role taken again: restricted, and the open invitation goes.
    assert_eq!(save_card(&admin, &card, &[], "").await, 303);
    assert_eq!(open("guest1@r9.test"), 0, "revoked with the last role");
    assert_eq!(member.get("/admin/invite").await.status, 403);

    // The same when the member's only role is deleted.
    assert_eq!(save_card(&admin, &card, &[&staff], "").await, 303);
    invite("guest2@r9.test").await;
    assert_eq!(open("guest2@r9.test"), 1);
    admin
        .get(&format!("/admin/roles/{staff}/delete"))
        .await
        .assert_ok();
    let deleted = admin
        .post(&format!("/admin/roles/{staff}/delete"), &[])
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(open("guest2@r9.test"), 0, "revoked with the deleted role");
    let why: i64 = audit_events::table
        .filter(audit_events::details.eq(crate::org_settings::lost(
            invitely::domain::invitations::LostRight::NoRole,
        )))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(why, 2, "each revocation audited with its reason");
    app.allow_jobs_left(
        "the access-granted e-mails the role changes queued are not delivered here",
    );
}

both_backends!(
    roles_lifecycle_with_counts_and_access,
    losing_the_last_role_takes_the_right_to_invite,
    departments_rename_and_delete_with_counts,
    another_organisations_admin_gets_404,
);

/// The access-granted e-mail as the member receives it, in the account's language.
async fn access_granted_email_in(app: &TestApp, lang: &str) {
    let admin = app
        .org(&format!("S-{lang}"))
        .admin(&format!("boss@{lang}.test"))
        .build()
        .await;
    let role = create_role(
        &admin,
        if lang == "ru" {
            "Диспетчер"
        } else {
            "Dispatcher"
        },
    )
    .await;
    let email = format!("ivan@{lang}.test");
    let invited = app
        .member(&admin)
        .named("Ivan", "Petrov")
        .email(&email)
        .invite()
        .await;
    let s = app.session();
    s.get("/login").await;
    if lang != "en" {
        let page = s.post("/lang", &[("lang", lang), ("back", "/")]).await;
        assert_eq!(page.status, 303);
    }
    s.get(&invited.link).await.assert_ok();
    let accepted = s
        .post(
            &invited.link,
            &[
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("first_name", "Ivan"),
                ("last_name", "Petrov"),
            ],
        )
        .await;
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    app.expect_welcome(&email).await;
    assert_eq!(save_card(&admin, &invited.id, &[&role], "").await, 303);
    assert_eq!(app.run_jobs().await, 1);
    let mail = app.emails_to(&email).pop().unwrap();
    let mut out = String::new();
    for name in ["From", "To", "Subject"] {
        if let Some(v) = mime::header(&mail.data, name) {
            out.push_str(&format!("{name}: {v}\n"));
        }
    }
    for kind in ["text/plain", "text/html"] {
        let body = mime::part(&mail.data, kind).unwrap();
        out.push_str(&format!("\n----- {kind} -----\n{}\n", body.trim_end()));
    }
    let out = out.replace(&app.base, "[base-url]");
    insta::assert_snapshot!(format!("access_granted.{lang}"), out);
}

#[actix_web::test]
async fn access_granted_email_in_both_languages() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    access_granted_email_in(&app, "en").await;
    access_granted_email_in(&app, "ru").await;
}
