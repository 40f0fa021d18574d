//! Fixtures: organisations, members and invitations, made the way people make them (the
//! operator's and the admin's forms, the e-mailed link), in one place.
//!
//! ```ignore
//! let admin = app.org("C-1").admin("boss@acme.test").build().await;
//! let id = app.member(&admin).named("Ivan", "Petrov").email("ivan@x.test").create().await;
//! let invited = app.member(&admin).email("olga@x.test").invite().await; // mail delivered
//! let olga = app.accept(&invited.link, PASSWORD).await;
//! ```
//!
//! Every builder leaves the queue as it found it (what it caused is delivered), so a test that
//! ends with jobs queued is one that queued them itself (see `TestApp::allow_jobs_left`).

use super::app::PASSWORD;
use super::client::Session;
use super::mime;
use super::TestApp;

/// An organisation created by the operator; built, its admin has accepted the e-mailed
/// invitation (and received the welcome message). From `TestApp::org`.
#[must_use = "call .build().await"]
pub struct OrgBuilder<'a> {
    app: &'a TestApp,
    number: String,
    admin: Option<String>,
    seats: u32,
    daily: u32,
}

impl TestApp {
    /// Gives the member with this address a role ("Staff", created in their organisation if
    /// needed) straight in the database: a member who is not an admin needs one to invite.
    pub fn give_role(&self, email: &str) {
        use diesel::prelude::*;
        use invitely::db::ids::{MemberId, OrgId, RoleId};
        use invitely::db::schema::{member_roles, members, roles};
        let mut conn = self.conn();
        let (member, org): (MemberId, OrgId) = members::table
            .filter(members::email.eq(email))
            .select((members::id, members::org_id))
            .first(&mut *conn)
            .unwrap();
        let existing: Option<RoleId> = roles::table
            .filter(roles::org_id.eq(org))
            .filter(roles::name.eq("Staff"))
            .select(roles::id)
            .first(&mut *conn)
            .optional()
            .unwrap();
        let role = existing.unwrap_or_else(|| {
            diesel::insert_into(roles::table)
                .values((
                    roles::org_id.eq(org),
                    roles::name.eq("Staff"),
                    roles::created_at.eq(self.clock.now()),
                ))
                .returning(roles::id)
                .get_result(&mut *conn)
                .unwrap()
        });
        diesel::insert_into(member_roles::table)
            .values((
                member_roles::member_id.eq(member),
                member_roles::role_id.eq(role),
            ))
            .execute(&mut *conn)
            .unwrap();
    }

    /// The id of the organisation with customer number `number`.
    pub fn org_id(&self, number: &str) -> invitely::db::ids::OrgId {
        use diesel::prelude::*;
        use invitely::db::schema::organisations;
        organisations::table
            .filter(organisations::customer_number.eq(number))
            .select(organisations::id)
            .first(&mut *self.conn())
            .unwrap()
    }

    /// An organisation named `Org {number}` with customer number `number`.
    pub fn org(&self, number: &str) -> OrgBuilder<'_> {
        OrgBuilder {
            app: self,
            number: number.to_owned(),
            admin: None,
            seats: 100,
            daily: 50,
        }
    }

    /// A card the admin creates through the form (an employee unless told otherwise).
    pub fn member<'a>(&'a self, admin: &'a Session) -> MemberBuilder<'a> {
        MemberBuilder {
            app: self,
            admin,
            first_name: "Test".into(),
            last_name: "Person".into(),
            email: String::new(),
            phone: String::new(),
            kind: "employee",
            invited: false,
        }
    }

    /// Delivers what is due and checks that it included a welcome message to `address` (an
    /// acceptance queues one).
    pub async fn expect_welcome(&self, address: &str) {
        let welcomes = |app: &TestApp| {
            app.emails_to(address)
                .iter()
                .filter(|m| {
                    mime::header(&m.data, "Message-ID")
                        .is_some_and(|id| id.trim().starts_with("<welcome-"))
                })
                .count()
        };
        let before = welcomes(self);
        self.run_jobs().await;
        assert_eq!(
            welcomes(self),
            before + 1,
            "one welcome message to {address} was due"
        );
    }
}

impl OrgBuilder<'_> {
    /// The first admin's address (default: `admin@{number}.test`).
    pub fn admin(mut self, email: &str) -> Self {
        self.admin = Some(email.to_owned());
        self
    }

    /// Seats of the organisation (default 100).
    pub fn seats(mut self, seats: u32) -> Self {
        self.seats = seats;
        self
    }

    /// Invitations per inviter per day (default 50).
    pub fn daily(mut self, daily: u32) -> Self {
        self.daily = daily;
        self
    }

    /// Creates the organisation (and the operator, the first time); returns its admin's
    /// signed-in session, the admin having set the password `PASSWORD`.
    pub async fn build(self) -> Session {
        let app = self.app;
        let admin_email = self
            .admin
            .unwrap_or_else(|| format!("admin@{}.test", self.number.to_lowercase()));
        let op = app.operator_session().await;
        op.get("/platform/orgs").await.assert_ok();
        let page = op
            .post(
                "/platform/orgs",
                &[
                    ("name", &format!("Org {}", self.number)),
                    ("customer_number", &self.number),
                    ("seat_limit", &self.seats.to_string()),
                    ("daily_invite_limit", &self.daily.to_string()),
                    ("admin_email", &admin_email),
                ],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        app.run_jobs().await;
        let link = app.invitation_link(&admin_email);
        app.accept(&link, PASSWORD).await
    }
}

/// A card the admin creates. From `TestApp::member`.
#[must_use = "call .create().await or .invite().await"]
pub struct MemberBuilder<'a> {
    app: &'a TestApp,
    admin: &'a Session,
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    kind: &'static str,
    invited: bool,
}

/// A card whose invitation was delivered.
pub struct Invited {
    /// The card's id.
    pub id: String,
    /// The link in the e-mail.
    pub link: String,
}

impl MemberBuilder<'_> {
    /// First and last name (default "Test Person"; an empty string leaves the field empty).
    pub fn named(mut self, first: &str, last: &str) -> Self {
        self.first_name = first.to_owned();
        self.last_name = last.to_owned();
        self
    }

    pub fn email(mut self, email: &str) -> Self {
        self.email = email.to_owned();
        self
    }

    pub fn phone(mut self, phone: &str) -> Self {
        self.phone = phone.to_owned();
        self
    }

    /// A customer rather than an employee.
    pub fn customer(mut self) -> Self {
        self.kind = "customer";
        self
    }

    /// Ticks "Send invitation": the invitation is queued with the card (not delivered).
    pub fn invited(mut self) -> Self {
        self.invited = true;
        self
    }

    /// The form's fields, as the admin fills them in.
    pub fn fields(&self) -> Vec<(&str, &str)> {
        let mut fields = vec![
            ("first_name", self.first_name.as_str()),
            ("last_name", self.last_name.as_str()),
            ("email", self.email.as_str()),
            ("phone", self.phone.as_str()),
            ("kind", self.kind),
        ];
        if self.invited {
            fields.push(("send_invitation", "1"));
        }
        fields
    }

    /// Saves the card; returns its id.
    pub async fn create(self) -> String {
        super::pages::create_user(self.admin, &self.fields()).await
    }

    /// Saves the card with "Send invitation" ticked and delivers the e-mail; returns the
    /// card's id and the link.
    pub async fn invite(self) -> Invited {
        assert!(
            !self.email.is_empty(),
            "an e-mailed invitation needs .email(..)"
        );
        let (app, email) = (self.app, self.email.clone());
        let id = self.invited().create().await;
        app.run_jobs().await;
        let link = app.invitation_link(&email);
        Invited { id, link }
    }

    /// Invites the card by e-mail and accepts with `password`; returns the new member's
    /// session (the welcome message delivered).
    pub async fn join(self, password: &str) -> Session {
        let app = self.app;
        let invited = self.invite().await;
        app.accept(&invited.link, password).await
    }
}
