//! A committed import written by the job queue, chunk after chunk, when something changes under
//! it: its organisation disabled by the operator (it stops: no more cards, no invitations), its
//! committer no longer an admin (the cards are written, nobody is invited in their name), a chunk
//! that fails on every attempt (the import stops and says so, rather than "importing" for ever),
//! and cards holding many roles each (more pairs than one statement may bind).

use crate::both_backends;
use crate::import::upload;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use invitely::db::ids::{ImportId, OrgId};
use invitely::db::import_enums::ImportStatus;
use invitely::db::schema::{imports, invitations, member_roles, members};
use invitely::domain::import::Runner;
use time::Duration;

/// A file of `rows` people of the organisation `tag`, with `roles` in each row's roles cell.
fn people(tag: &str, rows: usize, roles: &str) -> Vec<u8> {
    let mut csv = String::from("email,first_name,last_name,roles\n");
    for i in 0..rows {
        csv.push_str(&format!("p{i}@{tag}.test,P{i},Person,{roles}\n"));
    }
    csv.into_bytes()
}

fn import_id(review: &str) -> ImportId {
    review.rsplit('/').next().unwrap().parse().unwrap()
}

/// Commits without letting the queue run.
async fn commit_only(admin: &Session, review: &str) {
    admin.get(review).await.assert_ok();
    let page = admin.post(&format!("{review}/commit"), &[]).await;
    assert_eq!(page.status, 303, "{}", page.body);
}

fn status(app: &TestApp, id: ImportId) -> ImportStatus {
    imports::table
        .find(id)
        .select(imports::status)
        .first(&mut *app.conn())
        .unwrap()
}

fn cards_like(app: &TestApp, org: OrgId, pattern: &str) -> i64 {
    members::table
        .filter(members::org_id.eq(org))
        .filter(members::email.like(pattern))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn invitations_like(app: &TestApp, pattern: &str) -> i64 {
    invitations::table
        .filter(invitations::recipient.like(pattern))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

async fn set_enabled(app: &TestApp, number: &str, on: bool) {
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{}", app.org_id(number));
    op.get(&edit).await.assert_ok();
    let mut fields = vec![
        ("name", format!("Org {number}")),
        ("customer_number", number.to_owned()),
        ("seat_limit", "1000".into()),
        ("daily_invite_limit", "1000".into()),
        ("enabled", "0".into()),
        ("confirm", "1".into()),
    ];
    if on {
        fields.push(("enabled", "on".into()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = op.post(&edit, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
}

async fn an_import_stops_when_its_organisation_is_disabled(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("IS-1")
        .admin("boss@is1.test")
        .seats(1000)
        .daily(1000)
        .build()
        .await;
    let org = app.org_id("IS-1");
    let review = upload(&admin, &people("is1", 250, ""), true).await;
    let id = import_id(&review);
    commit_only(&admin, &review).await;
    // The first chunk is written; then the operator disables the organisation.
    let ran =
        invitely::domain::import::run_chunk(&mut app.conn(), app.clock.now(), id, Runner::Queue)
            .unwrap();
    assert_eq!((ran.rows, ran.finished), (200, false));
    set_enabled(&app, "IS-1", false).await;
    app.run_jobs().await;

    assert_eq!(
        cards_like(&app, org, "p%@is1.test"),
        200,
        "no card after the first chunk"
    );
    assert_eq!(
        invitations_like(&app, "p2__@is1.test"),
        0,
        "nobody of the rows after it invited"
    );
    assert!(app.emails_to("p220@is1.test").is_empty());
    assert_eq!(status(&app, id), ImportStatus::Done);

    // Enabled again: the import's page says it stopped, and how far it went.
    set_enabled(&app, "IS-1", true).await;
    let page = admin.get(&review).await;
    page.assert_ok();
    assert!(
        page.body.contains("Stopped after 200 of 250 rows"),
        "{}",
        page.body
    );
    let list = admin.get("/admin/import").await;
    assert!(list.body.contains("Stopped"), "{}", list.body);
}

async fn an_admin_demoted_mid_import_invites_nobody(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let owner = app
        .org("IS-2")
        .admin("owner@is2.test")
        .seats(1000)
        .daily(1000)
        .build()
        .await;
    let org = app.org_id("IS-2");
    let second = app
        .member(&owner)
        .named("Second", "Admin")
        .email("second@is2.test")
        .join(PASSWORD)
        .await;
    diesel::update(members::table.filter(members::email.eq("second@is2.test")))
        .set(members::is_admin.eq(true))
        .execute(&mut *app.conn())
        .unwrap();
    // They keep a role when their admin rights go: a member who may still invite, but not
    // give the roles the file gives.
    app.give_role("second@is2.test");
    let owner_actor = invitely::domain::Actor {
        account_id: crate::account::account_id(&app, "owner@is2.test"),
        request_id: "test".into(),
    };
    invitely::domain::roles::create(
        &mut app.conn(),
        app.clock.now(),
        &owner_actor,
        org,
        "Drivers",
    )
    .unwrap();
    let review = upload(&second, &people("is2", 3, "Drivers"), true).await;
    let id = import_id(&review);
    commit_only(&second, &review).await;
    diesel::update(members::table.filter(members::email.eq("second@is2.test")))
        .set(members::is_admin.eq(false))
        .execute(&mut *app.conn())
        .unwrap();
    app.run_jobs().await;

    assert_eq!(
        status(&app, id),
        ImportStatus::Done,
        "the import is written"
    );
    assert_eq!(cards_like(&app, org, "p%@is2.test"), 3);
    assert_eq!(
        invitations_like(&app, "p%@is2.test"),
        0,
        "nobody invited in the name of an admin no longer"
    );
}

/// Makes every insert of a card with this address fail, as a database refusing a write would.
fn refuse_cards_of(app: &TestApp, backend: Backend, email: &str) {
    let sql = match backend {
        Backend::Sqlite => format!(
            "CREATE TRIGGER refuse_card BEFORE INSERT ON members WHEN NEW.email = '{email}' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END;"
        ),
        Backend::Postgres => format!(
            "CREATE FUNCTION refuse_card() RETURNS trigger AS $$ BEGIN \
             IF NEW.email = '{email}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; \
             END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER refuse_card BEFORE INSERT ON members \
             FOR EACH ROW EXECUTE FUNCTION refuse_card();"
        ),
    };
    app.conn().batch_execute(&sql).unwrap();
}

async fn a_chunk_failing_every_attempt_stops_its_import(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IS-3").admin("boss@is3.test").build().await;
    let org = app.org_id("IS-3");
    let review = upload(&admin, &people("is3", 3, ""), false).await;
    let id = import_id(&review);
    refuse_cards_of(&app, backend, "p1@is3.test");
    commit_only(&admin, &review).await;
    app.clock.pin();
    for _ in 0..40 {
        app.run_jobs().await;
        app.clock.advance(Duration::minutes(30));
    }
    assert_eq!(
        status(&app, id),
        ImportStatus::Done,
        "not importing for ever"
    );
    assert_eq!(
        cards_like(&app, org, "p%@is3.test"),
        0,
        "the chunk rolled back whole"
    );
    // Hours later: signed in again.
    let admin = app.login("boss@is3.test", PASSWORD).await;
    let page = admin.get(&review).await;
    assert!(
        page.body.contains("Stopped after 0 of 3 rows"),
        "{}",
        page.body
    );
}

async fn cards_with_many_roles_each(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app
        .org("IS-4")
        .admin("boss@is4.test")
        .seats(1000)
        .daily(1000)
        .build()
        .await;
    let org = app.org_id("IS-4");
    let actor = invitely::domain::Actor {
        account_id: crate::account::account_id(&app, "boss@is4.test"),
        request_id: "test".into(),
    };
    let names: Vec<String> = (0..100).map(|i| format!("R{i}")).collect();
    for name in &names {
        invitely::domain::roles::create(&mut app.conn(), app.clock.now(), &actor, org, name)
            .unwrap();
    }
    let review = upload(&admin, &people("is4", 200, &names.join("|")), false).await;
    let id = import_id(&review);
    commit_only(&admin, &review).await;
    app.run_jobs().await;
    assert_eq!(status(&app, id), ImportStatus::Done);
    let pairs: i64 = member_roles::table
        .inner_join(members::table)
        .filter(members::org_id.eq(org))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(pairs, 200 * 100, "every card holds its hundred roles");
}

both_backends!(
    an_import_stops_when_its_organisation_is_disabled,
    an_admin_demoted_mid_import_invites_nobody,
    a_chunk_failing_every_attempt_stops_its_import,
    cards_with_many_roles_each,
);
