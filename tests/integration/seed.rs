//! `invitely seed` through the real binary: the seeded admin's card is found by name like any
//! card; every card seeded "invited" or "error" holds the invitation that status stands for
//! (pending with a hashed link that expires later, or failed with its channel's reason), so the
//! invitations list, the cards' pages and the users table agree; `--admin-password` is needed
//! only to create the admin's account, and `--org 0` is refused.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::pages::row_ids;
use crate::support::{Backend, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{Channel, InvitationStatus, MemberStatus, Problem};
use invitely::db::ids::MemberId;
use invitely::db::schema::{accounts, invitations, members, organisations};
use std::process::{Command, Output};

const SECRET: &str = "test-secret-key-that-is-long-enough-0123456789";
const ADMIN: &str = "owner@example.org";

/// `invitely seed ARGS` on the app's database, with only the settings given.
async fn seed(app: &TestApp, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_invitely"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("INVITELY_DATABASE_URL", &app.database_url)
        .env("INVITELY_SECRET_KEY", SECRET)
        .env("RUST_LOG", "warn")
        .arg("seed")
        .args(args);
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

/// The count beside `status` in the invitations list's status filter.
fn tab_count(body: &str, status: &str) -> i64 {
    let tabs = &body[body
        .find("class=\"status-filter\"")
        .expect("the status filter")..];
    let marker = format!("href=\"/admin/invitations?status={status}\"");
    let tab = &tabs[tabs
        .find(&marker)
        .unwrap_or_else(|| panic!("no {status} tab"))..];
    tab.split("<span class=\"count\">")
        .nth(1)
        .and_then(|c| c.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count for {status}"))
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

async fn seed_ok(app: &TestApp, args: &[&str]) {
    let out = seed(app, args).await;
    assert!(out.status.success(), "seed {args:?}: {}", said(&out));
}

fn count_orgs(app: &TestApp) -> i64 {
    organisations::table
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

fn count_accounts(app: &TestApp, email: &str) -> i64 {
    accounts::table
        .filter(accounts::email.eq(email))
        .count()
        .get_result(&mut *app.conn())
        .unwrap()
}

/// The seeded admin's card is found by its name and its address, like any card.
async fn admin_card_found_by_name(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let args = ["--org", "1", "--users", "20", "--admin-email", ADMIN];
    seed_ok(&app, &[&args[..], &["--admin-password", PASSWORD]].concat()).await;
    let card: MemberId = members::table
        .filter(members::email.eq(ADMIN))
        .select(members::id)
        .first(&mut *app.conn())
        .unwrap();
    let admin = app.login(ADMIN, PASSWORD).await;
    for q in ["Seed", "seed admin", "Admin", ADMIN, "owner"] {
        let page = admin.get(&format!("/admin/users?q={q}")).await;
        page.assert_ok();
        let ids: Vec<String> = row_ids(&page.body).into_iter().map(|r| r.0).collect();
        assert_eq!(ids, vec![card.to_string()], "q={q}");
    }
}

/// (card, status, e-mail, phone, error) of every seeded card invited or in error.
type Sent = (
    MemberId,
    MemberStatus,
    Option<String>,
    Option<String>,
    Option<Problem>,
);

/// Every card seeded "invited" holds one pending invitation, sent, with a hashed link that
/// expires later; every card seeded "error" one failed invitation whose reason is its
/// channel's; the invitations list counts them and the cards' pages show them.
async fn seeded_statuses_have_their_invitations(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let args = ["--org", "1", "--users", "60", "--admin-email", ADMIN];
    seed_ok(&app, &[&args[..], &["--admin-password", PASSWORD]].concat()).await;
    let now = app.clock.now();
    let cards: Vec<Sent> = members::table
        .filter(members::invite_status.eq_any([MemberStatus::Invited, MemberStatus::Error]))
        .select((
            members::id,
            members::invite_status,
            members::email,
            members::phone,
            members::invite_error,
        ))
        .order(members::id)
        .load(&mut *app.conn())
        .unwrap();
    let invited = cards
        .iter()
        .filter(|c| c.1 == MemberStatus::Invited)
        .count();
    assert_eq!(invited, 12, "60 cards, every fifth invited");
    assert!(cards
        .iter()
        .any(|c| c.1 == MemberStatus::Error && c.2.is_none()));
    let mut digests = std::collections::HashSet::new();
    for (id, status, email, phone, error) in &cards {
        let invs: Vec<invitely::db::models::Invitation> = invitations::table
            .filter(invitations::member_id.eq(id))
            .select(invitely::db::models::Invitation::as_select())
            .load(&mut *app.conn())
            .unwrap();
        assert_eq!(invs.len(), 1, "card {id} ({status:?}): {invs:?}");
        let inv = &invs[0];
        let (channel, recipient) = match (email, phone) {
            (Some(e), _) => (Channel::Email, e),
            (None, Some(p)) => (Channel::Sms, p),
            (None, None) => panic!("card {id} has no contact"),
        };
        assert_eq!(
            (inv.channel, &inv.recipient),
            (channel, recipient),
            "{inv:?}"
        );
        let digest = inv.token_hash.clone().expect("a minted link");
        assert!(
            digest.len() == 64 && digest.bytes().all(|b| b.is_ascii_hexdigit()),
            "{digest}"
        );
        assert!(digests.insert(digest), "every link its own");
        match status {
            MemberStatus::Invited => {
                assert_eq!(inv.status, InvitationStatus::Pending, "{inv:?}");
                assert!(inv.sent_at.is_some_and(|at| at <= now), "{inv:?}");
                assert!(inv.expires_at.is_some_and(|at| at > now), "{inv:?}");
                assert_eq!(inv.error, None);
            }
            _ => {
                assert_eq!(inv.status, InvitationStatus::Failed, "{inv:?}");
                assert_eq!(inv.sent_at, None, "the server never took it: {inv:?}");
                let words = match channel {
                    Channel::Email => "550 5.1.1 Mailbox unavailable",
                    Channel::Sms => "400 Invalid destination number",
                };
                assert_eq!(inv.error, Some(Problem::server(words)), "{inv:?}");
                assert_eq!(error, &inv.error, "the card shows its invitation's reason");
            }
        }
    }

    let admin = app.login(ADMIN, PASSWORD).await;
    let list = admin.get("/admin/invitations").await;
    list.assert_ok();
    assert_eq!(tab_count(&list.body, "pending"), invited as i64);
    assert_eq!(
        tab_count(&list.body, "failed"),
        (cards.len() - invited) as i64
    );
    let users = admin.get("/admin/users?status=invited").await;
    assert_eq!(row_ids(&users.body).len(), invited);
    // A seeded link is no link: neither its digest nor a made-up token opens an invitation.
    for token in [
        digests.iter().next().unwrap().as_str(),
        "seed-1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ] {
        let page = app.session().get(&format!("/invite/{token}")).await;
        assert!(
            page.status >= 400 && !page.body.contains("Demo organisation"),
            "{token}: {}",
            page.body
        );
    }
    // The cards' pages: an invited card's invitation is listed; a phone-only card in error
    // shows the gateway's words, no mail server's.
    let invited_card = cards.iter().find(|c| c.1 == MemberStatus::Invited).unwrap();
    let page = admin.get(&format!("/admin/users/{}", invited_card.0)).await;
    page.assert_ok();
    assert!(!page.body.contains("No invitations yet"), "{}", page.body);
    let sms_error = cards
        .iter()
        .find(|c| c.1 == MemberStatus::Error && c.2.is_none())
        .unwrap();
    let page = admin.get(&format!("/admin/users/{}", sms_error.0)).await;
    page.assert_ok();
    assert!(page.body.contains("400 Invalid destination number"));
    assert!(!page.body.contains("Mailbox"), "{}", page.body);
    // Seats: the pending invitations and the active admin fit the organisation's limit.
    let limit: i32 = organisations::table
        .select(organisations::seat_limit)
        .first(&mut *app.conn())
        .unwrap();
    let held = invited as i64 + 1; // the pending invitations and the active admin
    assert!(i64::from(limit) >= held, "{limit} < {held}");
}

/// `--admin-password` is needed only when the account does not exist (a clear error
/// otherwise, nothing seeded); a password without an address and `--org 0` are refused.
async fn admin_password_only_for_a_new_account(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let orgs = count_orgs(&app);
    let out = seed(&app, &["--users", "3", "--admin-email", ADMIN]).await;
    assert!(!out.status.success(), "{}", said(&out));
    assert!(
        said(&out).contains(ADMIN) && said(&out).contains("--admin-password"),
        "{}",
        said(&out)
    );
    assert_eq!(count_orgs(&app), orgs, "nothing seeded");
    assert_eq!(count_accounts(&app, ADMIN), 0);

    seed_ok(
        &app,
        &[
            "--users",
            "3",
            "--admin-email",
            ADMIN,
            "--admin-password",
            PASSWORD,
        ],
    )
    .await;
    assert_eq!(count_accounts(&app, ADMIN), 1);
    // The account exists now: no password needed, and its password stays as it was.
    seed_ok(&app, &["--users", "3", "--admin-email", ADMIN]).await;
    assert_eq!(count_orgs(&app), orgs + 2);
    let admin_cards: i64 = members::table
        .filter(members::email.eq(ADMIN))
        .filter(members::is_admin.eq(true))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(admin_cards, 2, "admin of both seeded organisations");
    app.login(ADMIN, PASSWORD).await;

    for args in [
        &["--org", "0"][..],
        &["--org", "0", "--admin-email", ADMIN][..],
        &["--admin-password", PASSWORD][..],
    ] {
        let out = seed(&app, args).await;
        assert!(!out.status.success(), "{args:?}: {}", said(&out));
        let words = said(&out);
        assert!(
            words.contains(if args[0] == "--org" {
                "'0' for '--org"
            } else {
                "--admin-email"
            }),
            "{args:?}: {words}"
        );
    }
    assert_eq!(count_orgs(&app), orgs + 2, "nothing more seeded");
}

both_backends!(
    admin_card_found_by_name,
    seeded_statuses_have_their_invitations,
    admin_password_only_for_a_new_account,
);
