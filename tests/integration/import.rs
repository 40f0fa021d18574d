//! CSV import through HTTP (issue 9): upload → review (nothing written) → commit with "Send
//! invitation" → chunks written by the job runner → mails over the real SMTP sink → statuses
//! in the users table; idempotent commit and re-import; limits (413, nothing written), files
//! that are not CSV, every rejection reason, departments created on commit, tenant checks.

use crate::both_backends;
use crate::support::app::Options;
use crate::support::{pages, Backend, Session, TestApp};
use diesel::prelude::*;
use invitely::db::enums::MemberStatus;
use invitely::db::schema::{
    departments, import_rows, imports, invitations, member_roles, members, roles,
};

const HEADER: &str = "email,phone,first_name,last_name,kind,department,position,roles\n";

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Uploads `csv`; returns the review page's path.
pub async fn upload(admin: &Session, csv: &[u8], send: bool) -> String {
    admin.get("/admin/import").await.assert_ok();
    let mut fields = vec![("kind", "employee")];
    if send {
        fields.push(("send_invitation", "1"));
    }
    let page = admin
        .upload("/admin/import", &fields, "people.csv", csv.to_vec())
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    page.location.unwrap()
}

/// Commits a reviewed import and lets the job runner write it (and send its mails).
pub async fn commit(app: &TestApp, admin: &Session, review: &str, fields: &[(&str, &str)]) {
    admin.get(review).await.assert_ok();
    let page = admin.post(&format!("{review}/commit"), fields).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some(review));
    app.run_jobs().await;
}

fn count_members(app: &TestApp) -> i64 {
    members::table.count().get_result(&mut app.conn()).unwrap()
}

fn count_invitations(app: &TestApp) -> i64 {
    invitations::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// The upload form's problem, as its field error shows it, checked to be the error summary's
/// one line too (quotes unescaped).
pub fn upload_problem(body: &str) -> String {
    let marker = "<p class=\"field-error\" id=\"file-error\">";
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("no field error: {body}"))
        + marker.len();
    let end = body[start..].find("</p>").unwrap() + start;
    let problem = &body[start..end];
    let summary = &body[body
        .find("class=\"error-summary\"")
        .expect("an error summary")..];
    assert!(
        summary.contains(&format!("<a href=\"#file\">{problem}</a>")),
        "the summary names the same problem: {body}"
    );
    problem.replace("&#34;", "\"").replace("&quot;", "\"")
}

/// A fixture file, its rows' lines and outcomes, and cells its review shows.
type FileCase = (
    &'static str,
    &'static [(i32, &'static str)],
    &'static [&'static str],
);

/// Every row of the review table: its line and its outcome (`new`, `error`, ...).
pub fn outcomes(body: &str) -> Vec<(i32, String)> {
    body.split("<tr data-line=\"")
        .skip(1)
        .map(|row| {
            let line = row[..row.find('"').unwrap()].parse().unwrap();
            let marker = "class=\"outcome outcome-";
            let start = row.find(marker).expect("an outcome") + marker.len();
            let outcome = &row[start..];
            (line, outcome[..outcome.find('"').unwrap()].to_owned())
        })
        .collect()
}

/// The outcome cell of the review table's row for `line`.
pub fn row_of(body: &str, line: i32) -> String {
    let marker = format!("<tr data-line=\"{line}\">");
    let start = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no line {line}"));
    let end = body[start..].find("</tr>").unwrap() + start;
    body[start..end].to_owned()
}

async fn upload_review_commit_send_and_statuses(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMP-1").build().await;
    admin.get("/admin/departments").await;
    assert_eq!(
        admin
            .post("/admin/departments", &[("name", "Sales")])
            .await
            .status,
        303
    );
    admin.get("/admin/roles").await;
    assert_eq!(
        admin
            .post("/admin/roles", &[("name", "Manager")])
            .await
            .status,
        303
    );
    let before = count_members(&app);
    let csv = format!(
        "{HEADER}anna@example.test,,Anna,Ivanova,employee,Sales,Engineer,Manager\n\
         ,+79161234567,Boris,Petrov,customer,,,\n\
         bad-address,,Bad,Row,,,,\n\
         carl@example.test,,Carl,,,Nowhere,,\n"
    );
    let review = upload(&admin, csv.as_bytes(), true).await;
    // The review writes nothing but the import itself.
    assert_eq!(count_members(&app), before);
    let page = admin.get(&review).await;
    page.assert_ok();
    assert!(
        row_of(&page.body, 2).contains("outcome-new"),
        "{}",
        page.body
    );
    assert!(row_of(&page.body, 3).contains("outcome-new"));
    assert!(row_of(&page.body, 4).contains("The e-mail address is not valid."));
    assert!(row_of(&page.body, 5).contains("No such department (tick"));
    assert!(
        page.body.contains("Nowhere"),
        "the missing department is named"
    );
    // The error filter shows only the two refused rows.
    let errors = admin.get(&format!("{review}?outcome=error")).await;
    assert_eq!(errors.body.matches("<tr data-line=").count(), 2);

    commit(&app, &admin, &review, &[]).await;
    assert_eq!(count_members(&app), before + 2, "two rows written");
    // Mails crossed the SMTP socket; the SMS the HTTP gateway.
    assert_eq!(app.emails_to("anna@example.test").len(), 1);
    assert_eq!(app.sms.messages().len(), 1);
    let anna: (MemberStatus, String, Option<i64>, i64) = members::table
        .filter(members::email.eq("anna@example.test"))
        .select((
            members::invite_status,
            members::position,
            members::department_id,
            members::id,
        ))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(anna.0, MemberStatus::Invited);
    assert_eq!(anna.1, "Engineer");
    let sales: i64 = departments::table
        .filter(departments::name.eq("Sales"))
        .select(departments::id)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(anna.2, Some(sales));
    let roles: Vec<String> = member_roles::table
        .inner_join(roles::table)
        .filter(member_roles::member_id.eq(anna.3))
        .select(roles::name)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(roles, ["Manager"], "Anna's card holds the Manager role");
    // The users table shows the statuses.
    let invited = pages::rows(&admin, "?status=invited").await;
    assert_eq!(invited.len(), 2, "{invited:?}");
    // The progress page ends with the summary and the refused rows as a file.
    let done = admin.get(&review).await;
    assert!(done.body.contains("data-done"), "{}", done.body);
    // Written, the box that would have created the department is gone: the reason says what
    // can still be done, on the page and in the rejected rows.
    let still = "No such department: add it on the Departments page, then upload these rows \
                 again.";
    assert!(row_of(&done.body, 5).contains(still), "{}", done.body);
    assert!(!row_of(&done.body, 5).contains("tick"), "{}", done.body);
    let rejected = admin.get(&format!("{review}/rejected.csv")).await;
    assert_eq!(rejected.status, 200);
    assert!(rejected.body.contains("bad-address"));
    assert!(rejected.body.contains("carl@example.test"));
    assert!(!rejected.body.contains("anna@example.test"));
    assert!(rejected.body.contains(still), "{}", rejected.body);
}

async fn committing_twice_and_importing_again_change_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMP-2").build().await;
    let csv =
        format!("{HEADER}dora@example.test,,Dora,Smith,,,,\neve@example.test,,Eve,Stone,,,,\n");
    let review = upload(&admin, csv.as_bytes(), true).await;
    commit(&app, &admin, &review, &[]).await;
    let (members_after, invitations_after) = (count_members(&app), count_invitations(&app));
    let mails = app.emails().len();
    // A second submit of the same commit (double click, reload) does nothing again.
    let again = admin.post(&format!("{review}/commit"), &[]).await;
    assert_eq!(again.status, 303);
    app.run_jobs().await;
    assert_eq!(count_invitations(&app), invitations_after);
    // The same file again: every row unchanged, nothing written, nothing sent.
    let second = upload(&admin, csv.as_bytes(), true).await;
    let page = admin.get(&second).await;
    assert!(
        row_of(&page.body, 2).contains("outcome-unchanged"),
        "{}",
        page.body
    );
    assert!(row_of(&page.body, 3).contains("outcome-unchanged"));
    commit(&app, &admin, &second, &[]).await;
    assert_eq!(count_members(&app), members_after);
    assert_eq!(count_invitations(&app), invitations_after);
    assert_eq!(app.emails().len(), mails);
}

async fn limits_refuse_with_413_and_write_nothing(backend: Backend) {
    let Some(app) = TestApp::spawn_with(
        backend,
        Options {
            import_max_bytes: 200,
            import_max_rows: 3,
            ..Options::default()
        },
    )
    .await
    else {
        return;
    };
    let admin = app.org("IMP-3").build().await;
    admin.get("/admin/import").await.assert_ok();
    let big = format!("{HEADER}{}", "x@example.test,,X,Y,,,,\n".repeat(20));
    let page = admin
        .upload("/admin/import", &[], "big.csv", big.into_bytes())
        .await;
    assert_eq!(page.status, 413, "{}", page.body);
    let rows = format!(
        "{HEADER}a@example.test,,A,A,,,,\nb@example.test,,B,B,,,,\nc@example.test,,C,C,,,,\nd@example.test,,D,D,,,,\n"
    );
    assert!(rows.len() <= 200);
    let page = admin
        .upload("/admin/import", &[], "rows.csv", rows.into_bytes())
        .await;
    assert_eq!(page.status, 413, "{}", page.body);
    assert_eq!(
        upload_problem(&page.body),
        "The file has more than 3 rows. Split it into several files and upload them one by one."
    );
    // Not a CSV file: a clear message, the form again.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec();
    let page = admin.upload("/admin/import", &[], "photo.png", png).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        upload_problem(&page.body),
        "This file is not a CSV text file. In Excel choose File → Save As → \"CSV UTF-8 (comma \
         delimited)\" and upload that file."
    );
    // A header with no rows under it offers nothing to import: said so, no review opened.
    let page = admin
        .upload(
            "/admin/import",
            &[],
            "header.csv",
            HEADER.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert_eq!(
        upload_problem(&page.body),
        "The file has its header row but no users under it. Add one row per user below the \
         header and upload the file again."
    );
    // A field sent twice is refused, not decided by its order (docs/SECURITY.md B6).
    let small = format!("{HEADER}a@example.test,,A,A,,,,\n");
    let page = admin
        .upload(
            "/admin/import",
            &[("kind", "employee"), ("kind", "customer")],
            "small.csv",
            small.into_bytes(),
        )
        .await;
    assert_eq!(page.status, 400, "{}", page.body);
    let n: i64 = imports::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(n, 0, "nothing written");
}

async fn missing_departments_are_created_when_ticked(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMP-6").build().await;
    let csv = format!("{HEADER}h@example.test,,H,H,,Support,,\ni@example.test,,I,I,,support ,,\n");
    let review = upload(&admin, csv.as_bytes(), false).await;
    let page = admin.get(&review).await;
    assert!(page.body.contains("name=\"create_departments\""));
    commit(&app, &admin, &review, &[("create_departments", "1")]).await;
    let deps: Vec<String> = departments::table
        .select(departments::name)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(deps, vec!["Support".to_owned()], "created once");
    let placed: i64 = members::table
        .filter(members::department_id.is_not_null())
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(placed, 2);
    assert!(app
        .emails()
        .iter()
        .all(|m| !m.to.iter().any(|t| t.contains("h@example"))));
}

async fn another_organisations_import_is_not_found(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let owner = app.org("IMP-7").build().await;
    let other = app.org("IMP-8").build().await;
    let review = upload(
        &owner,
        format!("{HEADER}j@example.test,,J,J,,,,\n").as_bytes(),
        false,
    )
    .await;
    for path in [
        review.clone(),
        format!("{review}/progress"),
        format!("{review}/rejected.csv"),
    ] {
        assert_eq!(other.get(&path).await.status, 404, "{path}");
    }
    other.get("/admin/import").await.assert_ok();
    assert_eq!(
        other.post(&format!("{review}/commit"), &[]).await.status,
        404
    );
    let status: String = imports::table
        .select(imports::status)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(status, "review");
}

/// Every reason a row is refused, from the fixture with one row per reason (line → problem).
async fn every_reason_in_the_review(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMP-9").build().await;
    admin.get("/admin/departments").await;
    admin.post("/admin/departments", &[("name", "Sales")]).await;
    admin.get("/admin/roles").await;
    for role in ["Manager", "Viewer"] {
        admin.post("/admin/roles", &[("name", role)]).await;
    }
    let review = upload(&admin, &fixture("every_reason.csv"), false).await;
    let got: Vec<(i32, String, Option<String>)> = import_rows::table
        .order(import_rows::line)
        .select((
            import_rows::line,
            import_rows::outcome,
            import_rows::problem,
        ))
        .load(&mut app.conn())
        .unwrap();
    let want: Vec<(i32, &str, Option<&str>)> = vec![
        (2, "error", Some("malformed_email")),
        (3, "error", Some("phone_no_country_code")),
        (4, "error", Some("unknown_department")),
        (5, "error", Some("unknown_role")),
        (6, "new", None),
        (7, "error", Some("duplicate_in_file")),
        (8, "error", Some("no_name")),
        (9, "error", Some("no_contact")),
        (10, "error", Some("unknown_kind")),
        (11, "new", None),
        (12, "new", None),
        (13, "new", None),
    ];
    let got: Vec<(i32, &str, Option<&str>)> = got
        .iter()
        .map(|(l, o, p)| (*l, o.as_str(), p.as_deref()))
        .collect();
    assert_eq!(got, want);
    // The review says each reason in words, and counts them.
    let page = admin.get(&format!("{review}?outcome=error")).await;
    for text in [
        "The e-mail address is not valid.",
        "has no country code. Write it as 79051111111 or +7 905 111-11-11.",
        "No such department",
        "No such role.",
        "earlier row",
        "needs a first or last name",
        "neither an e-mail address nor a phone number",
        "Unknown kind",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    assert_eq!(page.body.matches("<tr data-line=").count(), 8);
    // Committed without creating departments: the four good rows, and the e-mail and phone
    // of an existing card then match it (unchanged) on a second upload.
    commit(&app, &admin, &review, &[]).await;
    let boris: (String, i64) = members::table
        .filter(members::phone.eq("+79161234567"))
        .select((members::first_name, members::id))
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(boris.0, "Boris");
    let roles: i64 = member_roles::table
        .filter(member_roles::member_id.eq(boris.1))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(roles, 2, "Manager and Viewer");
    // A row whose e-mail is one card's and phone another's is refused.
    let conflict = format!("{HEADER}anna@example.test,+79161234567,Anna,Ivanova,,,,\n");
    let again = upload(&admin, conflict.as_bytes(), false).await;
    let page = admin.get(&again).await;
    assert!(
        page.body
            .contains("belongs to one user and the phone to another"),
        "{}",
        page.body
    );
}

/// Files as spreadsheets save them: Windows-1251 with `;`, UTF-8 with a BOM, quoted new lines.
async fn files_as_spreadsheets_save_them(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let admin = app.org("IMP-10").build().await;
    // The Windows-1251 file's Cyrillic names arrive as they were typed.
    let review = upload(&admin, &fixture("windows1251.csv"), false).await;
    let body = admin.get(&review).await.body;
    let names: Vec<String> = import_rows::table
        .select(import_rows::first_name)
        .load(&mut app.conn())
        .unwrap();
    assert!(names.contains(&"Анна".to_owned()), "{names:?}");
    assert!(names.iter().all(|n| body.contains(n.as_str())), "{names:?}");
    // Each file read as written: every row's outcome (the organisation has the files' roles
    // but no departments yet, so a row naming one is refused for that reason) and cells that
    // only a right reading gives.
    admin.get("/admin/roles").await.assert_ok();
    for role in ["Manager", "Viewer", "Менеджер", "Наблюдатель"] {
        let made = admin.post("/admin/roles", &[("name", role)]).await;
        assert_eq!(made.status, 303, "{}", made.body);
    }
    let files: [FileCase; 5] = [
        (
            "bom.csv",
            &[(2, "error")],
            &[
                "<td class=\"name-cell\">Anna Ivanova</td>",
                "<span>anna@<wbr>example.<wbr>test</span>",
            ],
        ),
        (
            "quoted.csv",
            &[(2, "error"), (4, "new")],
            &[
                "<td class=\"name-cell\">Anna, Maria Ivanova; Petrova</td>",
                "<td data-label=\"Department\">Sales, North</td>",
                "<td class=\"name-cell\">Boris Petrov</td>",
            ],
        ),
        (
            "russian_headers.csv",
            &[(2, "error")],
            &[
                "<td class=\"name-cell\">Анна Иванова</td>",
                "<span>+79161234567</span>",
                "<td data-label=\"Department\">Продажи</td>",
            ],
        ),
        (
            "crlf.csv",
            &[(2, "new"), (3, "new")],
            &[
                "<span>anna@<wbr>example.<wbr>test</span>",
                "<td class=\"name-cell\">Boris Petrov</td>",
            ],
        ),
        (
            "semicolon.csv",
            &[(2, "error"), (3, "new")],
            &[
                "<td data-label=\"Department\">Sales, North</td>",
                "<td data-label=\"Roles\">Manager|Viewer</td>",
                "<td data-label=\"Kind\">Customer</td>",
            ],
        ),
    ];
    for (name, expected, cells) in files {
        let review = upload(&admin, &fixture(name), false).await;
        let page = admin.get(&review).await;
        page.assert_ok();
        let got = outcomes(&page.body);
        let got: Vec<(i32, &str)> = got.iter().map(|(l, o)| (*l, o.as_str())).collect();
        assert_eq!(got, expected, "{name}: {}", page.body);
        for (line, outcome) in expected {
            if *outcome == "error" {
                assert!(
                    row_of(&page.body, *line).contains("No such department"),
                    "{name} line {line}: {}",
                    page.body
                );
            }
        }
        for cell in cells {
            assert!(page.body.contains(cell), "{name}: {cell} in {}", page.body);
        }
    }
    // The refused-rows file of an import uploads again as it is (its reason column is ignored).
    let first = upload(&admin, &fixture("every_reason.csv"), false).await;
    let rejected = admin.get(&format!("{first}/rejected.csv")).await;
    assert_eq!(rejected.status, 200);
    let again = upload(&admin, rejected.body.as_bytes(), false).await;
    admin.get(&again).await.assert_ok();
}

both_backends!(
    every_reason_in_the_review,
    files_as_spreadsheets_save_them,
    upload_review_commit_send_and_statuses,
    committing_twice_and_importing_again_change_nothing,
    limits_refuse_with_413_and_write_nothing,
    missing_departments_are_created_when_ticked,
    another_organisations_import_is_not_found,
);
