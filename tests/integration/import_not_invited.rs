//! "Send invitation" on the import invites the existing cards whose status is Not invited —
//! never invited, or their invitation revoked (docs/PRODUCT.md §2.6) — as the users table shows
//! them. The form and the review promised "existing users never invited", which a revoked card
//! is not: they say "with the status Not invited" (in Russian, the table's «Не приглашён»), and
//! so does `invitely import --help`.

use crate::both_backends;
use crate::import::{commit, upload};
use crate::import_process::{invitely, run};
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::schema::{invitations, members};

const HINT_EN: &str = "New users, and existing users with the status Not invited, get an \
                       invitation once the import is confirmed.";
const REVIEW_EN: &str =
    "Invitations will be sent to the new users and to existing users with the status Not invited.";
const HINT_RU: &str = "Новые пользователи и существующие пользователи со статусом «Не приглашён» \
                       получат приглашение после подтверждения импорта.";
const REVIEW_RU: &str =
    "Приглашения получат новые пользователи и существующие пользователи со статусом «Не приглашён».";

async fn the_import_invites_the_status_not_invited_and_says_so(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("INI-1").build().await;
    // A card invited, its invitation revoked: back to Not invited in the users table.
    let invited = app.member(&admin).email("rev@example.test").invite().await;
    let card: i64 = invited.id.parse().unwrap();
    let inv: i64 = invitations::table
        .filter(invitations::member_id.eq(card))
        .select(invitations::id)
        .first(&mut app.conn())
        .unwrap();
    let path = format!("/admin/invitations/{inv}/revoke");
    admin.get(&path).await.assert_ok();
    let revoked = admin.post(&path, &[]).await;
    assert_eq!(revoked.status, 303, "{}", revoked.body);
    let status: String = members::table
        .filter(members::id.eq(card))
        .select(members::invite_status)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(status, "not_invited");
    let list = admin.get("/admin/users?status=not_invited").await;
    assert!(list.body.contains("rev@"), "{}", list.body);

    let form = admin.get("/admin/import").await;
    assert!(form.body.contains(HINT_EN), "{}", form.body);
    let csv = b"email,first_name\nrev@example.test,Rev\nnew@example.test,New\n";
    let review = upload(&admin, csv, true).await;
    let page = admin.get(&review).await;
    assert!(page.body.contains(REVIEW_EN), "{}", page.body);
    // In Russian, with the status's label as the users table shows it.
    let switched = admin
        .post("/lang", &[("lang", "ru"), ("back", "/admin/import")])
        .await;
    assert_eq!(switched.status, 303);
    let form = admin.get("/admin/import").await;
    assert!(form.body.contains(HINT_RU), "{}", form.body);
    let page = admin.get(&review).await;
    assert!(page.body.contains(REVIEW_RU), "{}", page.body);
    let table = admin.get("/admin/users").await;
    assert!(table.body.contains("Не приглашён"), "{}", table.body);

    // As promised: the revoked card gets a new invitation, and the new one its first.
    commit(&app, &admin, &review, &[]).await;
    assert_eq!(app.emails_to("rev@example.test").len(), 2);
    assert_eq!(app.emails_to("new@example.test").len(), 1);
    let cards: i64 = members::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(cards, 3, "the admin, the revoked card, the new one");

    // The command line's help promises the same.
    let mut help = invitely(&app);
    help.args(["import", "--help"]);
    let out = run(help).await;
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Invite the new users and existing users with the status Not invited"),
        "{said}"
    );
    assert!(!said.contains("never invited"), "{said}");
}

both_backends!(the_import_invites_the_status_not_invited_and_says_so);
