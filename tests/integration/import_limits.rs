//! The limits of "Send invitation" on a CSV import (docs/PRODUCT.md §2.8): a file whose
//! invitations exceed what the committing admin has left today, or the seats left, is refused
//! whole — nothing imported, the review back (422) saying how many remain — and the review says
//! beforehand what the file asks and what is left. What counts: new cards, and existing cards
//! never invited, that an invitation can reach; rows refused for a missing department alone
//! count when the commit creates it.

use crate::both_backends;
use crate::import::{commit, upload};
use crate::support::{Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{AuditAction, MemberStatus, Reason};
use invitely::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use invitely::db::schema::{audit_events, import_rows, imports, invitations, members};
use invitely::domain::audit::Details;
use invitely::domain::settings;

const HEADER: &str = "email,phone,first_name,last_name,kind,department,position,roles\n";

fn count_members(app: &TestApp) -> i64 {
    members::table.count().get_result(&mut app.conn()).unwrap()
}

fn count_invitations(app: &TestApp) -> i64 {
    invitations::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

fn audited(app: &TestApp, action: AuditAction) -> Vec<Details> {
    let stored: Vec<String> = audit_events::table
        .filter(audit_events::action.eq(action.as_str()))
        .select(audit_events::details)
        .load(&mut app.conn())
        .unwrap();
    stored.iter().map(|d| Details::parse(d)).collect()
}

fn status_of(app: &TestApp, review: &str) -> ImportStatus {
    let id: i64 = review.rsplit('/').next().unwrap().parse().unwrap();
    imports::table
        .find(id)
        .select(imports::status)
        .first(&mut app.conn())
        .unwrap()
}

/// What the review's figures say: (invitations, with the departments created).
fn demand_on(body: &str) -> (i64, i64) {
    let number = |attr: &str| -> i64 {
        let at = body
            .find(&format!("{attr}=\""))
            .unwrap_or_else(|| panic!("no {attr} on the page: {body}"));
        let rest = &body[at + attr.len() + 2..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    (number("data-demand"), number("data-demand-departments"))
}

/// The error summary's messages and where each links.
fn summary(body: &str) -> Vec<(String, String)> {
    let html = scraper::Html::parse_document(body);
    let links = scraper::Selector::parse(".error-summary a").unwrap();
    html.select(&links)
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default().to_owned();
            (a.text().collect::<String>().trim().to_owned(), href)
        })
        .collect()
}

/// Posts the commit and expects it refused whole: 422, the review again with the message.
async fn refused_commit(admin: &Session, review: &str, fields: &[(&str, &str)]) -> String {
    admin.get(review).await.assert_ok();
    let page = admin.post(&format!("{review}/commit"), fields).await;
    assert_eq!(page.status, 422, "{}", page.body);
    let mut said = summary(&page.body);
    assert_eq!(said.len(), 1, "{}", page.body);
    let (message, href) = said.remove(0);
    assert_eq!(
        href, "#import-allowance",
        "the message points at the figures"
    );
    assert!(
        page.body.contains("id=\"import-allowance\""),
        "{}",
        page.body
    );
    message
}

async fn over_the_daily_limit_nothing_is_imported(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Three a day; the admin invites one card by hand and leaves another never invited.
    let admin = app.org("IMPL-1").daily(3).build().await;
    app.member(&admin)
        .named("Ann", "Sent")
        .email("ann@impl1.test")
        .invite()
        .await;
    app.member(&admin)
        .named("Bob", "Kept")
        .email("bob@impl1.test")
        .create()
        .await;
    // Two new cards, the card never invited (counts), the card already invited (does not).
    let csv = format!(
        "{HEADER}f1@impl1.test,,F,One,,,,\nf2@impl1.test,,F,Two,,,,\n\
         bob@impl1.test,,,,,,Driver,\nann@impl1.test,,,,,,Driver,\n"
    );
    let review = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&review).await;
    page.assert_ok();
    assert_eq!(demand_on(&page.body), (3, 3), "two new, one never invited");
    assert!(
        page.body.contains("You may send 2 more today."),
        "{}",
        page.body
    );
    assert!(page.body.contains("confirming would import nothing"));
    assert!(
        !page.body.contains("daily invitation limit"),
        "no row is refused for the limit: {}",
        page.body
    );
    let (cards, sent) = (count_members(&app), count_invitations(&app));

    let said = refused_commit(&admin, &review, &[]).await;
    assert_eq!(
        said,
        "Nothing was imported: the file's invitations (3) are more than you may still send \
         today (2). Upload a shorter file, upload it again without \"Send invitation\", or try \
         again tomorrow."
    );
    app.run_jobs().await;
    assert_eq!(count_members(&app), cards, "no card written");
    assert_eq!(count_invitations(&app), sent, "no invitation");
    let positions: Vec<String> = members::table
        .select(members::position)
        .load(&mut app.conn())
        .unwrap();
    assert!(!positions.iter().any(|p| p == "Driver"), "no card updated");
    assert_eq!(
        status_of(&app, &review),
        ImportStatus::Review,
        "still to review"
    );
    assert_eq!(
        audited(&app, AuditAction::LimitDaily),
        [Details::Limit {
            asked: 3,
            remaining: 2
        }]
    );
    assert!(audited(&app, AuditAction::ImportCommitted).is_empty());

    // A file that fits goes through whole.
    let csv = format!("{HEADER}f1@impl1.test,,F,One,,,,\nbob@impl1.test,,,,,,Driver,\n");
    let fits = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&fits).await;
    assert_eq!(demand_on(&page.body), (2, 2));
    assert!(!page.body.contains("confirming would import nothing"));
    commit(&app, &admin, &fits, &[]).await;
    assert_eq!(app.emails_to("f1@impl1.test").len(), 1);
    assert_eq!(app.emails_to("bob@impl1.test").len(), 1);
}
both_backends!(over_the_daily_limit_nothing_is_imported);

async fn seats_count_the_departments_the_commit_creates(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    // Two seats; the admin holds one.
    let admin = app.org("IMPL-2").seats(2).build().await;
    let csv = format!("{HEADER}g1@impl2.test,,G,One,,,,\ng2@impl2.test,,G,Two,,Nowhere,,\n");
    let review = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&review).await;
    assert_eq!(
        demand_on(&page.body),
        (1, 2),
        "the row for the missing department counts once it is created"
    );
    assert!(page.body.contains("1 seat is left in the organisation."));
    assert!(
        page.body
            .contains("With the missing departments created, that would be more"),
        "{}",
        page.body
    );

    let said = refused_commit(&admin, &review, &[("create_departments", "1")]).await;
    assert!(
        said.starts_with(
            "Nothing was imported: the file's invitations (2) are more than the seats left in \
             the organisation (1)."
        ),
        "{said}"
    );
    let again = admin.get(&review).await;
    assert_eq!(status_of(&app, &review), ImportStatus::Review);
    assert!(again.body.contains("name=\"create_departments\""));
    assert_eq!(
        audited(&app, AuditAction::LimitSeats),
        [Details::Limit {
            asked: 2,
            remaining: 1
        }]
    );
    assert!(
        audited(&app, AuditAction::DepartmentCreated).is_empty(),
        "the department is not created either"
    );

    // Without the department the file fits: the one row is imported and invited.
    commit(&app, &admin, &review, &[]).await;
    assert_eq!(app.emails_to("g1@impl2.test").len(), 1);
    assert!(app.emails_to("g2@impl2.test").is_empty());
}
both_backends!(seats_count_the_departments_the_commit_creates);

/// The refused page keeps the departments box as it was ticked.
async fn the_refused_review_keeps_the_box_ticked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMPL-3").daily(1).build().await;
    let csv = format!("{HEADER}h1@impl3.test,,H,One,,Nowhere,,\nh2@impl3.test,,H,Two,,,,\n");
    let review = upload(&admin, csv.as_bytes(), true).await;
    admin.get(&review).await.assert_ok();
    let page = admin
        .post(&format!("{review}/commit"), &[("create_departments", "1")])
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    let boxed = page.body.find("name=\"create_departments\"").unwrap();
    let tag = &page.body[page.body[..boxed].rfind('<').unwrap()..];
    assert!(
        tag[..tag.find('>').unwrap()].contains("checked"),
        "{}",
        &tag[..tag.find('>').unwrap()]
    );
    // Looked at through a filter, the commit form carries it; refused, the review comes back
    // filtered as it was.
    let filtered = admin.get(&format!("{review}?outcome=error")).await;
    let action = format!("action=\"{review}/commit?outcome=error\"");
    assert!(filtered.body.contains(&action), "{}", filtered.body);
    let page = admin
        .post(
            &format!("{review}/commit?outcome=error"),
            &[("create_departments", "1")],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(page.body.contains(&action), "{}", page.body);
    assert_eq!(
        page.body.matches("<tr data-line=").count(),
        1,
        "only the refused row: {}",
        page.body
    );
}
both_backends!(the_refused_review_keeps_the_box_ticked);

/// When the platform sends by e-mail only, a row that only has a phone invites nobody and
/// counts for nothing.
async fn rows_an_invitation_cannot_reach_do_not_count(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMPL-4").daily(1).build().await;
    settings::set(
        &mut app.conn(),
        settings::Key::VerificationMethod,
        settings::VerificationMethod::EmailOnly.as_str(),
    )
    .unwrap();
    let csv = format!("{HEADER}k1@impl4.test,,K,One,,,,\n,+79051111111,K,Two,,,,\n");
    let review = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&review).await;
    assert_eq!(demand_on(&page.body), (1, 1), "{}", page.body);
    assert!(
        page.body
            .contains("1 row has no e-mail address: the platform sends invitations by e-mail only"),
        "the review says so: {}",
        page.body
    );
    commit(&app, &admin, &review, &[]).await;
    assert_eq!(app.emails_to("k1@impl4.test").len(), 1);
    assert_eq!(count_invitations(&app), 2, "the admin's own and k1's");
    // The phone-only row is written, not refused for a limit it does not use; its card says
    // why it was not invited.
    let card: Vec<(MemberStatus, Option<String>)> = members::table
        .filter(members::phone.eq("+79051111111"))
        .select((members::invite_status, members::invite_error))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        card,
        [(
            MemberStatus::Error,
            Some(Reason::NoEmailEmailOnly.as_str().to_owned())
        )]
    );
}
both_backends!(rows_an_invitation_cannot_reach_do_not_count);

/// Two imports committed one after the other, before the first is written: the first holds
/// what its rows will send, so the second cannot count on the same room and is refused whole
/// (it would otherwise be half-imported when its rows met the limit one by one).
async fn an_import_being_written_holds_its_invitations(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMPL-5").daily(4).build().await;
    let first = format!(
        "{HEADER}m1@impl5.test,,M,One,,,,\nm2@impl5.test,,M,Two,,,,\nm3@impl5.test,,M,Three,,,,\n"
    );
    let second = format!("{HEADER}n1@impl5.test,,N,One,,,,\nn2@impl5.test,,N,Two,,,,\n");
    let first = upload(&admin, first.as_bytes(), true).await;
    let second = upload(&admin, second.as_bytes(), true).await;
    let page = admin.get(&second).await;
    assert!(
        page.body.contains("You may send 4 more today."),
        "{}",
        page.body
    );

    // The first is committed; its rows wait for the job runner.
    admin.get(&first).await.assert_ok();
    let started = admin.post(&format!("{first}/commit"), &[]).await;
    assert_eq!(started.status, 303, "{}", started.body);
    assert_eq!(status_of(&app, &first), ImportStatus::Committing);
    let page = admin.get(&second).await;
    assert!(
        page.body.contains("You may send 1 more today.")
            && page
                .body
                .contains("Imports still being written hold 3 of what was left."),
        "{}",
        page.body
    );
    let said = refused_commit(&admin, &second, &[]).await;
    assert!(
        said.contains("the file's invitations (2) are more than you may still send today (1)"),
        "{said}"
    );

    // An import committed more than a day ago whose chunks never ran (a job that failed for
    // good) holds nothing any more.
    let first_id: i64 = first.rsplit('/').next().unwrap().parse().unwrap();
    diesel::update(imports::table.find(first_id))
        .set(imports::committed_at.eq(app.clock.now() - time::Duration::hours(25)))
        .execute(&mut app.conn())
        .unwrap();
    let page = admin.get(&second).await;
    assert!(
        page.body.contains("You may send 4 more today.")
            && !page.body.contains("Imports still being written"),
        "{}",
        page.body
    );

    app.run_jobs().await;
    assert_eq!(status_of(&app, &first), ImportStatus::Done);
    for who in ["m1", "m2", "m3"] {
        assert_eq!(
            app.emails_to(&format!("{who}@impl5.test")).len(),
            1,
            "{who}"
        );
    }
    assert!(app.emails_to("n1@impl5.test").is_empty());
    assert_eq!(status_of(&app, &second), ImportStatus::Review);
    let refused_rows: i64 = import_rows::table
        .filter(import_rows::outcome.eq(ImportOutcome::Error))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(refused_rows, 0, "no row refused one by one");
}
both_backends!(an_import_being_written_holds_its_invitations);

/// A row the review refused stays refused when the import is written, even when what it lacked
/// appeared meanwhile: the invitations counted before the commit are those of the rows the
/// review accepted, so none is refused one by one for a limit.
async fn rows_the_review_refused_stay_refused(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMPL-6").daily(1).build().await;
    let csv = format!("{HEADER}p1@impl6.test,,P,One,,,,\np2@impl6.test,,P,Two,,Latedep,,\n");
    let review = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&review).await;
    assert_eq!(demand_on(&page.body), (1, 2));
    // The department is created on its page before the import is confirmed.
    admin.get("/admin/departments").await.assert_ok();
    let made = admin
        .post("/admin/departments", &[("name", "Latedep")])
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    commit(&app, &admin, &review, &[]).await;
    assert_eq!(app.emails_to("p1@impl6.test").len(), 1);
    let rows: Vec<(String, Option<ImportProblem>)> = import_rows::table
        .order(import_rows::line)
        .select((import_rows::email, import_rows::problem))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        rows,
        [
            ("p1@impl6.test".to_owned(), None),
            (
                "p2@impl6.test".to_owned(),
                Some(ImportProblem::UnknownDepartment)
            )
        ],
        "the second row refused as the review showed, not for the daily limit"
    );
    let p2: i64 = members::table
        .filter(members::email.eq("p2@impl6.test"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(p2, 0);
}
both_backends!(rows_the_review_refused_stay_refused);
