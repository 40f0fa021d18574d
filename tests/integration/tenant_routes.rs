//! Tenant isolation from the route table (docs/SECURITY.md B5): organisation A's admin tries every
//! organisation route of `web::ROUTES` (OrgAdmin, OrgMember, and the member routes that name an
//! organisation) with organisation B's objects, and gets 0 successes: refusals that show nothing
//! of B, no row changed, no message sent — exactly 404 wherever the path names B's object, GET or
//! POST. Positive controls: B's admin gets 200 from the same GETs, and B's card shows on B's
//! pages filtered by B's department and role (while a card of B's outside them does not), so the
//! query-string ids are real and read; and a few posts that name B's ids only in form fields
//! (bulk invite, resend, revoke, a new card's department and role, the invite form's) are
//! replayed by A's admin with A's own objects and change what they should, so the fields are the
//! ones the handlers read. A route whose parameter the test cannot fill fails the test, so a new
//! route is covered as soon as it is added to the table (`admins_cannot_reach_another_organisation`
//! in security.rs checks chosen pages' contents in more detail).

use crate::both_backends;
use crate::security::{
    checked_get, dump_diff, dump_tables, new_department, open_invitation, NOT_COMPARED,
};
use crate::support::{Backend, Page, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::{InvitationStatus, MemberKind};
use invitely::db::ids::{AccountId, DepartmentId, InvitationId, MemberId, RoleId};
use invitely::db::schema::{accounts, invitation_roles, invitations, members, roles};
use invitely::web::{Access, Method, Route, ROUTES};
use std::collections::BTreeSet;

/// B's objects, one of each kind a route parameter or an id field can name.
#[derive(Clone)]
struct Foreign {
    card: String,
    import: String,
    invitation: String,
    batch: String,
    department: String,
    role: String,
    org: String,
    /// B's admin's account (the invitations list's `inviter`, the audit trail's `actor`).
    account: String,
    /// The id of B's admin's preview of the invite form's message.
    preview: String,
}

/// What B's pages show and no answer to A may contain.
const SECRETS: &[&str] = &[
    "Bobbington",
    "bob@b.test",
    "admin@b.test",
    "Cassius",
    "Dagobert",
    "Imogen",
    "imogen@b.test",
    "Bravo Dept",
    "Bravo Role",
    "Org B-200",
];

/// Searches for B's card: the search box shows them back, so they are the first letters of a
/// secret, and a row of B's would show the whole.
const SEARCH_NAME: &str = "Bobbingt";
const SEARCH_EMAIL: &str = "bob@b.tes";

/// The routes tried: an organisation's, and a signed-in member's that name an organisation.
fn tenant_routes() -> Vec<&'static Route> {
    ROUTES
        .iter()
        .filter(|r| match r.access {
            Access::OrgAdmin | Access::OrgMember => true,
            Access::Member => r.path.contains("{org_id}"),
            Access::Static | Access::Anyone | Access::Token | Access::Operator => false,
        })
        .collect()
}

fn name(r: &Route) -> String {
    format!("{:?} {}", r.method, r.path)
}

/// The route's path with B's object of the right kind in its parameter.
fn fill(r: &Route, b: &Foreign) -> Result<String, String> {
    let kinds: [(&str, &str); 7] = [
        ("/admin/invite-preview/{id}", &b.preview),
        ("/admin/users/{id}", &b.card),
        ("/admin/import/{id}", &b.import),
        ("/admin/invitations/batches/{id}", &b.batch),
        ("/admin/invitations/{id}", &b.invitation),
        ("/admin/departments/{id}", &b.department),
        ("/admin/roles/{id}", &b.role),
    ];
    let mut path = r.path.replace("{org_id}", &b.org);
    if let Some((prefix, id)) = kinds.iter().find(|(p, _)| path.starts_with(p)) {
        path = format!("{}{}", prefix.replace("{id}", id), &path[prefix.len()..]);
    }
    if path.contains('{') {
        return Err(format!(
            "{}: a parameter this test cannot fill; add its object to tenant_routes.rs",
            name(r)
        ));
    }
    Ok(path)
}

type Fields = Vec<(&'static str, String)>;

/// A card's form, as A's admin fills it in (plus `extra`); its address names the first extra
/// field (`hacked-department_id@a.test`), so each variant is a card of its own.
fn card_form(extra: &[(&'static str, &str)]) -> Fields {
    let email = match extra.first() {
        Some((field, _)) => format!("hacked-{field}@a.test"),
        None => "hacked@a.test".to_owned(),
    };
    let mut f: Fields = [
        ("first_name", "Hacked"),
        ("last_name", "Card"),
        ("email", email.as_str()),
        ("kind", MemberKind::Employee.as_str()),
    ]
    .iter()
    .chain(extra)
    .map(|(k, v)| (*k, (*v).to_owned()))
    .collect();
    f.push(("send_invitation", "1".to_owned()));
    f
}

/// The query strings (GET) or forms (POST) a route is tried with: B's ids in every id field its
/// handler reads (src/web/handlers/, src/web/users_query.rs, src/web/ticked.rs). None: the test
/// does not know the route's fields yet.
fn requests(r: &Route, b: &Foreign) -> Option<Vec<Fields>> {
    let one = |fields: &[(&'static str, &str)]| {
        vec![fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()]
    };
    // One recipient per variant (`new-role_id@a.test`): each would be a first invitation.
    let invite = |extra: (&'static str, &str)| -> Fields {
        vec![
            ("recipients", format!("new-{}@a.test", extra.0)),
            ("action", "send".to_owned()),
            (extra.0, extra.1.to_owned()),
        ]
    };
    Some(match (r.method, r.path) {
        (Method::Get, "/admin/users") => vec![
            vec![("department", b.department.clone())],
            vec![("after", b.card.clone())],
            vec![("before", b.card.clone())],
            vec![("q", SEARCH_NAME.to_owned())],
        ],
        (Method::Get, "/admin/users/statuses") => one(&[("id", &b.card)]),
        (Method::Get, "/admin/users/export.csv") => vec![
            vec![("department", b.department.clone())],
            vec![("q", SEARCH_EMAIL.to_owned())],
        ],
        (Method::Get, "/admin/invitations") => vec![
            vec![("role", b.role.clone())],
            vec![("inviter", b.account.clone())],
            vec![("q", SEARCH_EMAIL.to_owned())],
        ],
        (Method::Get, "/admin/audit") => one(&[("actor", &b.account)]),
        // Pages that read no id: the organisation's own, with nothing of B on them.
        (Method::Get, "/admin/invite" | "/admin/users/new" | "/admin/import")
        | (Method::Get, "/admin/departments" | "/admin/roles" | "/admin/settings") => one(&[]),
        // The path names B's object.
        (Method::Get, p) if p.contains('{') => one(&[]),
        (Method::Post, "/admin/invite") => vec![
            invite(("role_id", &b.role)),
            invite(("department_id", &b.department)),
        ],
        (Method::Post, "/admin/users/invite") => one(&[("user_id", &b.card)]),
        (Method::Post, "/admin/users/new") => vec![
            card_form(&[("department_id", &b.department)]),
            card_form(&[("role_id", &b.role)]),
        ],
        (Method::Post, "/admin/users/{id}") => vec![card_form(&[])],
        (Method::Post, "/admin/invitations/resend") => one(&[("invitation_id", &b.invitation)]),
        (Method::Post, "/admin/invitations/revoke") => {
            one(&[("invitation_id", &b.invitation), ("confirm", "1")])
        }
        (Method::Post, "/admin/import/{id}/commit") => one(&[("create_departments", "1")]),
        (Method::Post, "/admin/departments/{id}" | "/admin/roles/{id}") => {
            one(&[("name", "Hacked")])
        }
        (Method::Post, "/account/leave/{org_id}") => one(&[("step", "final"), ("understood", "1")]),
        // Forms that take no id of anything (they create in the caller's own organisation):
        // posted empty, refused, showing nothing of B.
        (
            Method::Post,
            "/admin/import" | "/admin/departments" | "/admin/roles" | "/admin/settings",
        ) => one(&[]),
        // Confirmations: the path names B's object, the form is empty.
        (Method::Post, p) if p.contains('{') => one(&[]),
        _ => return None,
    })
}

fn with_query(path: &str, query: &Fields) -> String {
    if query.is_empty() {
        return path.to_owned();
    }
    format!("{path}?{}", serde_html_form::to_string(query).unwrap())
}

/// What of B an answer to A shows, if anything.
fn leak(page: &Page, b: &Foreign) -> Option<String> {
    if let Some(s) = SECRETS.iter().find(|s| page.body.contains(**s)) {
        return Some((*s).to_owned());
    }
    // The statuses poll answers JSON keyed by card id.
    let json = page
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json"));
    let key = format!("\"{}\"", b.card);
    (json && page.body.contains(&key)).then_some(key)
}

/// One request of A's admin: a refusal (or A's own page, for a route whose path names nothing
/// of B) that shows nothing of B and changes nothing. Returns what was wrong with it.
async fn try_as_a(
    app: &TestApp,
    a: &Session,
    b: &Foreign,
    r: &Route,
    path: &str,
    fields: &Fields,
) -> Vec<String> {
    let what = format!("{} as {path} {fields:?}", name(r));
    let before = dump_tables(app, NOT_COMPARED);
    let page = match r.method {
        Method::Get => checked_get(a, &with_query(path, fields)).await,
        Method::Post => {
            let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            a.post(path, &form).await
        }
    };
    let mut failures = Vec::new();
    let names_b = r.path.contains('{');
    let fine: &[u16] = match (r.method, names_b) {
        // B's object does not exist for A.
        (Method::Get, true) => &[404],
        // A's own page, the foreign id filtering nothing in; or the id names nothing (the audit
        // trail's `actor`).
        (Method::Get, false) => &[200, 404],
        // B's object does not exist for A, whatever the form says.
        (Method::Post, true) => &[404],
        // The upload reads multipart only: the empty url-encoded form is a bad request.
        (Method::Post, false) if r.path == "/admin/import" => &[400],
        // B's ids in form fields only: not found, a form refused, or back to a page with
        // nothing changed — never 403: the posts carry a valid form token, and a refused token
        // (403) would test nothing.
        (Method::Post, false) => &[303, 404, 422],
    };
    if !fine.contains(&page.status) {
        failures.push(format!("{what}: status {}", page.status));
    }
    let mut shown = vec![page];
    if let (303, Some(to)) = (shown[0].status, shown[0].location.clone()) {
        // What the redirect leads to (a flash message) must not name B's objects either.
        shown.push(a.get(&to).await);
    }
    for p in &shown {
        if let Some(secret) = leak(p, b) {
            failures.push(format!("{what}: the answer shows B's {secret}"));
        }
    }
    let after = dump_tables(app, NOT_COMPARED);
    if before != after {
        failures.push(format!("{what} changed:\n{}", dump_diff(&before, &after)));
    }
    failures
}

/// The id of the role named `name`.
fn role_named(app: &TestApp, name: &str) -> RoleId {
    roles::table
        .filter(roles::name.eq(name))
        .select(roles::id)
        .first(&mut *app.conn())
        .unwrap()
}

/// B's organisation with one object of every kind, made through B's admin's forms. Bob is in
/// B's department and his invitation offers B's role; Cassius and Dagobert are in neither.
async fn organisation_b(app: &TestApp, b: &Session) -> Foreign {
    let member = |first, last, email| app.member(b).named(first, last).email(email);
    let department = new_department(app, b, "Bravo Dept").await;
    b.get("/admin/roles").await.assert_ok();
    assert_eq!(
        b.post("/admin/roles", &[("name", "Bravo Role")])
            .await
            .status,
        303
    );
    let role = role_named(app, "Bravo Role");
    let card = crate::support::pages::create_user(
        b,
        &[
            ("first_name", "Bob"),
            ("last_name", "Bobbington"),
            ("email", "bob@b.test"),
            ("kind", MemberKind::Employee.as_str()),
            ("department_id", &department),
            ("role_id", &role.to_string()),
            ("send_invitation", "1"),
        ],
    )
    .await;
    app.run_jobs().await;
    let invitation = open_invitation(app, &card);
    // A bulk send of two makes a batch (and shows its progress page).
    let mut two = Vec::new();
    for (first, email) in [("Cassius", "cass@b.test"), ("Dagobert", "dag@b.test")] {
        two.push(member(first, "Bravo", email).create().await);
    }
    b.get("/admin/users").await.assert_ok();
    let ticked: Vec<(&str, &str)> = two.iter().map(|id| ("user_id", id.as_str())).collect();
    let sent = b.post("/admin/users/invite", &ticked).await;
    let batch = sent
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/admin/invitations/batches/"))
        .unwrap_or_else(|| panic!("a batch: {sent:?}"))
        .to_owned();
    // An import in review: one good row, one refused (so its rejected.csv has a line).
    let csv = "email,first_name,last_name,kind\n\
               imogen@b.test,Imogen,Importova,employee\n\
               not-an-address,Imogen,Unread,employee\n";
    let review = crate::import::upload(b, csv.as_bytes(), false).await;
    let import = review.rsplit('/').next().unwrap().to_owned();
    let account: AccountId = accounts::table
        .filter(accounts::email.eq("admin@b.test"))
        .select(accounts::id)
        .first(&mut *app.conn())
        .unwrap();
    app.run_jobs().await;
    // B's admin's preview of an invitation (its frame's document names B).
    b.get("/admin/invite").await.assert_ok();
    let shown = b
        .post(
            "/admin/invite",
            &[("recipients", "preview@b.test"), ("action", "preview")],
        )
        .await;
    let frame = crate::invite_preview::frame_src(&shown);
    let preview = frame.rsplit('/').next().unwrap().to_owned();
    Foreign {
        card,
        import,
        invitation,
        batch,
        department,
        role: role.to_string(),
        org: app.org_id("B-200").to_string(),
        account: account.to_string(),
        preview,
    }
}

/// A's own objects of the kinds the replayed forms name: a card never invited, an invitation
/// of another card, a department and a role. (The rest of `Foreign` is named by no replayed
/// form.)
async fn organisation_a(app: &TestApp, a: &Session) -> Foreign {
    let card = app
        .member(a)
        .named("Alma", "Alpha")
        .email("alma@a.test")
        .create()
        .await;
    let invited = app
        .member(a)
        .named("Axel", "Alpha")
        .email("axel@a.test")
        .invite()
        .await
        .id;
    let invitation = open_invitation(app, &invited);
    let department = new_department(app, a, "Alpha Dept").await;
    a.get("/admin/roles").await.assert_ok();
    assert_eq!(
        a.post("/admin/roles", &[("name", "Alpha Role")])
            .await
            .status,
        303
    );
    let role = role_named(app, "Alpha Role").to_string();
    Foreign {
        card,
        invitation,
        department,
        role,
        import: String::new(),
        batch: String::new(),
        org: String::new(),
        account: String::new(),
        preview: String::new(),
    }
}

/// The invitations of a card, newest first.
fn invitations_of(app: &TestApp, card: &str) -> Vec<InvitationId> {
    invitations::table
        .filter(invitations::member_id.eq(card.parse::<MemberId>().unwrap()))
        .order(invitations::id.desc())
        .select(invitations::id)
        .load(&mut *app.conn())
        .unwrap()
}

/// The newest invitation to `recipient`: its department and the roles it offers.
fn newest_terms(app: &TestApp, recipient: &str) -> (Option<DepartmentId>, Vec<RoleId>) {
    let (id, department): (InvitationId, Option<DepartmentId>) = invitations::table
        .filter(invitations::recipient.eq(recipient))
        .order(invitations::id.desc())
        .select((invitations::id, invitations::department_id))
        .first(&mut *app.conn())
        .unwrap_or_else(|e| panic!("no invitation to {recipient}: {e}"));
    let roles = invitation_roles::table
        .filter(invitation_roles::invitation_id.eq(id))
        .select(invitation_roles::role_id)
        .load(&mut *app.conn())
        .unwrap();
    (department, roles)
}

/// Posts, as A's admin, every form `requests` gives the POST route `path` for the objects
/// `own`, each answered with a redirect (done, back to the page).
async fn replay(a: &Session, path: &str, own: &Foreign) {
    let r = ROUTES
        .iter()
        .find(|r| r.method == Method::Post && r.path == path)
        .unwrap_or_else(|| panic!("no route POST {path}"));
    for fields in requests(r, own).unwrap_or_else(|| panic!("no fields for POST {path}")) {
        let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = a.post(path, &form).await;
        assert_eq!(
            page.status, 303,
            "A's own objects: POST {path} {fields:?}: {}",
            page.body
        );
    }
}

/// The posts that name B's ids only in form fields, replayed with A's own objects: each
/// changes what its field names, so the fields tried are the ones the handlers read.
async fn forms_take_effect_with_own_ids(app: &TestApp, a: &Session, own: &Foreign) {
    let department: DepartmentId = own.department.parse().unwrap();
    let role: RoleId = own.role.parse().unwrap();
    a.get("/admin/users").await.assert_ok();

    // Bulk invite (`user_id`): the card never invited gets its invitation.
    assert!(invitations_of(app, &own.card).is_empty());
    replay(a, "/admin/users/invite", own).await;
    assert_eq!(invitations_of(app, &own.card).len(), 1, "user_id invites");

    // Resend (`invitation_id`): the card of the invitation gets a newer one.
    let card_of = |id: &str| -> String {
        invitations::table
            .find(id.parse::<InvitationId>().unwrap())
            .select(invitations::member_id)
            .first::<MemberId>(&mut *app.conn())
            .unwrap()
            .to_string()
    };
    let invited = card_of(&own.invitation);
    replay(a, "/admin/invitations/resend", own).await;
    let after = invitations_of(app, &invited);
    assert_eq!(after.len(), 2, "invitation_id resends");
    assert_ne!(after[0].to_string(), own.invitation);

    // Revoke (`invitation_id`): the newest, open, is revoked.
    let newest = Foreign {
        invitation: after[0].to_string(),
        ..own.clone()
    };
    replay(a, "/admin/invitations/revoke", &newest).await;
    let status: String = invitations::table
        .find(after[0])
        .select(invitations::status)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(
        status,
        InvitationStatus::Revoked.as_str(),
        "invitation_id revokes"
    );

    // A new card (`department_id`, `role_id`): in the department; invited with the role.
    a.get("/admin/users/new").await.assert_ok();
    replay(a, "/admin/users/new", own).await;
    let placed: Option<DepartmentId> = members::table
        .filter(members::email.eq("hacked-department_id@a.test"))
        .select(members::department_id)
        .first(&mut *app.conn())
        .unwrap();
    assert_eq!(placed, Some(department), "department_id places the card");
    assert_eq!(
        newest_terms(app, "hacked-role_id@a.test").1,
        [role],
        "role_id is offered with the card's invitation"
    );

    // The invite form (`role_id`, then `department_id`): each invitation carries its term.
    a.get("/admin/invite").await.assert_ok();
    let r = ROUTES
        .iter()
        .find(|r| r.method == Method::Post && r.path == "/admin/invite")
        .unwrap();
    for fields in requests(r, own).unwrap() {
        let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = a.post("/admin/invite", &form).await;
        // The results page, the one line queued.
        assert_eq!(page.status, 200, "{fields:?}: {}", page.body);
        assert!(
            page.body.contains("class=\"line-ok\""),
            "{fields:?}: {}",
            page.body
        );
        let (_, recipient) = fields.iter().find(|(k, _)| *k == "recipients").unwrap();
        let terms = newest_terms(app, recipient);
        if fields.iter().any(|(k, _)| *k == "role_id") {
            assert_eq!(terms.1, [role], "role_id is offered: {fields:?}");
        } else {
            assert_eq!(
                terms.0,
                Some(department),
                "department_id is given: {fields:?}"
            );
        }
    }
    app.run_jobs().await;
}

/// What B's admin sees of B with a query that names B's object: Bob where the filter keeps him,
/// and not Cassius, whom a department or role filter leaves out — so the id was read, not
/// ignored as an unknown id would be.
fn check_b_sees(route: &str, path: &str, fields: &Fields, page: &Page, b: &Foreign) {
    let shows = |texts: &[&str]| texts.iter().any(|t| page.body.contains(t));
    let bob = ["Bobbington", "bob@b.test"];
    let cassius = ["Cassius", "cass@b.test"];
    for (field, _) in fields {
        match *field {
            "q" => assert!(
                SECRETS.iter().any(|s| page.body.contains(s)),
                "B's admin: {route} as {path} finds Bob: {}",
                page.body
            ),
            "department" | "role" => {
                assert!(
                    shows(&bob),
                    "B's admin: {route} as {path} shows Bob: {}",
                    page.body
                );
                assert!(
                    !shows(&cassius),
                    "B's admin: {route} as {path} filters Cassius out: {}",
                    page.body
                );
            }
            // B's admin invited Bob and did everything the audit trail shows of B.
            "inviter" | "actor" => assert!(
                shows(&bob),
                "B's admin: {route} as {path} shows what B's admin did: {}",
                page.body
            ),
            "id" => assert!(
                page.body.contains(&format!("\"{}\"", b.card)),
                "B's admin: {route} as {path} answers for Bob's card: {}",
                page.body
            ),
            // Paging anchors: where a page starts, not a filter.
            "after" | "before" => {}
            other => panic!("{route}: no positive check for the query field {other}"),
        }
    }
}

async fn every_org_route_refuses_another_organisations_ids(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let a = app.org("A-100").admin("admin@a.test").build().await;
    let admin_b = app.org("B-200").admin("admin@b.test").build().await;
    let b = organisation_b(&app, &admin_b).await;
    let own = organisation_a(&app, &a).await;
    a.get("/admin/users").await.assert_ok();

    // Compared: every table but security.rs's NOT_COMPARED: `sessions` (A's flash messages and
    // idle expiry move with its requests) and `audit_events` (A's exports of its own user list
    // are recorded, as every export is). Nothing else needs leaving out: no throttle counts A's
    // requests, no submission key is kept for a refused form.
    let before = dump_tables(&app, NOT_COMPARED);
    let (mails, texts) = (app.emails().len(), app.sms.messages().len());
    let mut failures = Vec::new();
    let mut tried = BTreeSet::new();
    let mut gets = Vec::new();
    for r in tenant_routes() {
        let path = match fill(r, &b) {
            Ok(path) => path,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let Some(requests) = requests(r, &b) else {
            failures.push(format!(
                "{}: fields this test does not know; add them to tenant_routes.rs",
                name(r)
            ));
            continue;
        };
        for fields in &requests {
            failures.extend(try_as_a(&app, &a, &b, r, &path, fields).await);
            if r.method == Method::Get {
                gets.push((name(r), with_query(&path, fields), fields.clone()));
            }
        }
        tried.insert(name(r));
    }

    assert!(
        failures.is_empty(),
        "{} problems with A's admin's requests for B's objects:\n{}",
        failures.len(),
        failures.join("\n")
    );
    app.run_jobs().await;
    assert_eq!(app.emails().len(), mails, "A's requests sent mail");
    assert_eq!(app.sms.messages().len(), texts, "A's requests sent SMS");
    let after = dump_tables(&app, NOT_COMPARED);
    assert!(
        before == after,
        "A's admin changed data:\n{}",
        dump_diff(&before, &after)
    );

    // Positive controls: every route was tried, so at least every admin route that names an
    // object (a minimum from the table, not a number written here); and B's admin gets 200 from
    // every GET tried, with B's objects where the query names them, so the ids named real
    // objects and were read.
    let all: BTreeSet<String> = tenant_routes().into_iter().map(name).collect();
    assert_eq!(tried, all);
    let named = ROUTES
        .iter()
        .filter(|r| r.access == Access::OrgAdmin && r.path.contains('{'))
        .count();
    let tried_named = tried.iter().filter(|r| r.contains('{')).count();
    assert!(
        named > 10 && tried_named >= named,
        "{tried_named} of {named} routes with a parameter tried"
    );
    for (route, path, fields) in &gets {
        let page = checked_get(&admin_b, path).await;
        assert_eq!(
            page.status, 200,
            "B's admin: {route} as {path}: {}",
            page.body
        );
        check_b_sees(route, path, fields, &page, &b);
    }
    let opened: BTreeSet<&String> = gets.iter().map(|(route, _, _)| route).collect();
    let get_routes = tenant_routes()
        .into_iter()
        .filter(|r| r.method == Method::Get)
        .count();
    assert_eq!(opened.len(), get_routes, "B's admin opened every GET route");

    // And the forms whose B ids were in fields, with A's own ids, do what they say.
    forms_take_effect_with_own_ids(&app, &a, &own).await;
}

both_backends!(every_org_route_refuses_another_organisations_ids);
