//! Words that said the wrong thing: in Russian, leaving an organisation is «Покинуть», never
//! «Выйти» (which is signing out, shown beside it); and the operator's "withdrawn" count is a
//! plural in both languages.

use crate::both_backends;
use crate::support::app::PASSWORD;
use crate::support::{Backend, Session, TestApp};

/// The Russian words of leaving an organisation say «покинуть», and none says «выйти» (or
/// «выход», «вышли»): that is signing out.
#[test]
fn russian_leaving_is_not_signing_out() {
    let text = std::fs::read_to_string(format!(
        "{}/locales/ru/main.ftl",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let leaving =
        regex::Regex::new(r"(?m)^((?:leave|account-leave|help-orgs)[a-z-]*)\s*=(.*)$").unwrap();
    let signing_out = regex::Regex::new(r"(?i)выйти|выход|вышли|выйдете").unwrap();
    let mut seen = 0;
    for c in leaving.captures_iter(&text) {
        seen += 1;
        assert!(!signing_out.is_match(&c[2]), "{}: {}", &c[1], &c[2]);
    }
    assert!(seen > 20, "{seen} leaving messages");
    for key in ["account-leave", "account-leave-label", "leave-final-button"] {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{key} =")))
            .unwrap();
        assert!(line.contains("Покинуть"), "{line}");
    }
}

async fn russian(s: &Session) {
    s.get("/account").await.assert_ok();
    assert_eq!(
        s.post("/account/language", &[("lang", "ru")]).await.status,
        303
    );
}

async fn leaving_and_withdrawn_counts_are_worded_right(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("W-1").build().await;
    let ivan = app
        .member(&admin)
        .email("ivan@w1.test")
        .join(PASSWORD)
        .await;
    let org = app.org_id("W-1");
    russian(&ivan).await;
    let account = ivan.get("/account").await;
    account.assert_ok();
    assert!(
        account.body.contains(&format!(
            "<a href=\"/account/leave/{org}\" aria-label=\"Покинуть организацию Org W-1\">Покинуть</a>"
        )),
        "{}",
        account.body
    );
    assert!(
        account.body.contains(">Выйти</button>"),
        "signing out stays"
    );
    let page = ivan.get(&format!("/account/leave/{org}")).await;
    page.assert_ok();
    assert!(page.body.contains("Покинуть"), "{}", page.body);
    assert!(!page.body.contains("Выход из"), "{}", page.body);

    // One pending invitation, then two: the operator's message counts them right.
    app.member(&admin).email("one@w1.test").invite().await;
    let op = app.operator_session().await;
    let edit = format!("/platform/orgs/{org}");
    let fields = |on: bool| {
        let mut f = vec![
            ("name", "Org W-1"),
            ("customer_number", "W-1"),
            ("seat_limit", "100"),
            ("daily_invite_limit", "50"),
            ("enabled", "0"),
            ("confirm", "1"),
        ];
        if on {
            f.push(("enabled", "on"));
        }
        f
    };
    op.get(&edit).await.assert_ok();
    assert_eq!(op.post(&edit, &fields(false)).await.status, 303);
    let page = op.get(&edit).await;
    assert!(
        page.body
            .contains("Org W-1 is disabled; 1 pending invitation was revoked."),
        "{}",
        page.body
    );
    assert_eq!(op.post(&edit, &fields(true)).await.status, 303);
    op.get(&edit).await;
    app.member(&admin).email("two@w1.test").invite().await;
    app.member(&admin).email("three@w1.test").invite().await;
    op.get(&edit).await;
    russian(&op).await;
    op.get(&edit).await.assert_ok();
    assert_eq!(op.post(&edit, &fields(false)).await.status, 303);
    let page = op.get(&edit).await;
    assert!(
        page.body
            .contains("Организация Org W-1 отключена; отозвано 2 открытых приглашения."),
        "{}",
        page.body
    );
}

both_backends!(leaving_and_withdrawn_counts_are_worded_right);
