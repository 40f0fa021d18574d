//! The member card's form (`/admin/users/new`, `/admin/users/{id}`): what the page shows and
//! checks ([`CardForm`]) and what a post carries ([`CardPost`]). A post may carry only some
//! fields — a script changing one value of a card — so a field not sent keeps what is stored
//! and a field sent empty clears it (as the platform's forms do, `web::form::posted`). The role
//! check boxes cannot tell "none ticked" from "not sent": the page sends `roles_listed=1` beside
//! them, and without it and without any `role_id` the card's roles are kept.

use crate::db::enums::{Language, MemberKind};
use crate::db::ids::{DepartmentId, RoleId};
use crate::db::models::Member;
use crate::domain::members::TypedCard;
use serde::Deserialize;

/// A card's values as the page shows and checks them: what was posted, over what is stored
/// (an existing card) or the new card's defaults.
#[derive(Default, Clone, validator::Validate)]
pub struct CardForm {
    #[validate(length(max = 100, code = "err-too-long"))]
    pub first_name: String,
    #[validate(length(max = 100, code = "err-too-long"))]
    pub last_name: String,
    #[validate(length(max = 254, code = "err-too-long"))]
    pub email: String,
    #[validate(length(max = 40, code = "err-too-long"))]
    pub phone: String,
    /// What was posted or is stored; a kind that was posted (empty too) must be one of the kinds.
    pub kind: Option<String>,
    pub department_id: Option<DepartmentId>,
    #[validate(length(max = 100, code = "err-too-long"))]
    pub position: String,
    pub role_id: Vec<RoleId>,
    /// The "send invitation" box.
    pub send_invitation: bool,
    /// The invitation's language; none chosen: the card's last invitation's, else the organisation's.
    pub language: Option<Language>,
}

impl CardForm {
    /// What was typed, to be parsed with the platform's phone rules ([`ParsedCard::parse`]).
    pub fn typed(&self) -> TypedCard {
        TypedCard {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            kind: MemberKind::parse(self.kind_text()),
            department_id: self.department_id,
            position: self.position.clone(),
        }
    }
    pub fn of(m: &Member, role_id: Vec<RoleId>) -> Self {
        CardForm {
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            email: m.email.clone().unwrap_or_default(),
            phone: m.phone.clone().unwrap_or_default(),
            kind: Some(m.kind.as_str().to_owned()),
            department_id: m.department_id,
            position: m.position.clone(),
            role_id,
            send_invitation: false,
            language: None,
        }
    }
    /// A new card's starting values: an employee's, as an import row without a kind is.
    pub fn new_card() -> Self {
        CardForm {
            kind: Some(MemberKind::Employee.as_str().to_owned()),
            ..Default::default()
        }
    }
    pub fn kind_text(&self) -> &str {
        self.kind.as_deref().unwrap_or_default()
    }
    pub fn has_role(&self, id: &RoleId) -> bool {
        self.role_id.contains(id)
    }
    pub fn has_department(&self, id: &DepartmentId) -> bool {
        self.department_id == Some(*id)
    }
    /// An existing member saved with no role has restricted access (docs/PRODUCT.md §2.11);
    /// the card page says so for an active member (a card still invited gets the roles its
    /// invitation offers on acceptance).
    pub fn no_role(&self) -> bool {
        self.role_id.is_empty()
    }
    /// The "send invitation" box.
    pub fn sends(&self) -> bool {
        self.send_invitation
    }
}

/// What a card's form posts; `None`: not sent.
#[derive(Deserialize, Default)]
pub struct CardPost {
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    first_name: Option<String>,
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    last_name: Option<String>,
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    email: Option<String>,
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    phone: Option<String>,
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    kind: Option<String>,
    /// `Some(None)`: sent empty ("no department").
    #[serde(default, deserialize_with = "crate::web::form::posted_or_cleared")]
    department_id: Option<Option<DepartmentId>>,
    #[serde(default, deserialize_with = "crate::web::form::posted")]
    position: Option<String>,
    #[serde(default)]
    role_id: Vec<RoleId>,
    /// Sent by the page beside the role check boxes: the `role_id` list is the whole choice,
    /// empty too.
    #[serde(default)]
    roles_listed: Option<String>,
    /// A check box (`web::form::ticked_box`): absent, not sent.
    #[serde(default, deserialize_with = "crate::web::form::ticked_box")]
    send_invitation: bool,
    #[serde(default, deserialize_with = "crate::web::form::empty_as_none")]
    language: Option<Language>,
}

impl CardPost {
    /// The form: each field posted, else `base`'s — the stored card's ([`CardForm::of`]) or a
    /// new card's ([`CardForm::new_card`]).
    pub fn over(self, base: CardForm) -> CardForm {
        let roles_sent = self.roles_listed.is_some() || !self.role_id.is_empty();
        CardForm {
            first_name: self.first_name.unwrap_or(base.first_name),
            last_name: self.last_name.unwrap_or(base.last_name),
            email: self.email.unwrap_or(base.email),
            phone: self.phone.unwrap_or(base.phone),
            kind: self.kind.or(base.kind),
            department_id: self.department_id.unwrap_or(base.department_id),
            position: self.position.unwrap_or(base.position),
            role_id: if roles_sent {
                self.role_id
            } else {
                base.role_id
            },
            send_invitation: self.send_invitation,
            language: self.language,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(body: &str) -> CardPost {
        serde_html_form::from_str(body).unwrap()
    }

    fn stored() -> CardForm {
        CardForm {
            first_name: "Ivan".into(),
            last_name: "Petrov".into(),
            email: "ivan@example.com".into(),
            phone: "+79051234567".into(),
            kind: Some(MemberKind::Customer.as_str().into()),
            department_id: Some(DepartmentId::from_raw(3)),
            position: "Driver".into(),
            role_id: vec![RoleId::from_raw(5), RoleId::from_raw(6)],
            ..CardForm::default()
        }
    }

    #[test]
    fn fields_not_sent_keep_what_is_stored() {
        let form = post("first_name=Ivan2").over(stored());
        assert_eq!(form.first_name, "Ivan2");
        assert_eq!(
            (
                form.last_name.as_str(),
                form.email.as_str(),
                form.phone.as_str()
            ),
            ("Petrov", "ivan@example.com", "+79051234567")
        );
        assert_eq!(form.kind.as_deref(), Some(MemberKind::Customer.as_str()));
        assert_eq!(form.department_id, Some(DepartmentId::from_raw(3)));
        assert_eq!(form.position, "Driver");
        assert_eq!(form.role_id.len(), 2);
    }

    #[test]
    fn fields_sent_empty_clear() {
        let form = post("phone=&department_id=&position=&kind=").over(stored());
        assert_eq!((form.phone.as_str(), form.position.as_str()), ("", ""));
        assert_eq!(form.department_id, None);
        assert_eq!(form.kind.as_deref(), Some(""), "checked as no kind at all");
        assert_eq!(form.first_name, "Ivan");
    }

    #[test]
    fn roles_are_the_list_when_the_page_listed_them() {
        assert!(post("roles_listed=1").over(stored()).role_id.is_empty());
        assert_eq!(
            post("role_id=6").over(stored()).role_id,
            vec![RoleId::from_raw(6)]
        );
        assert_eq!(post("position=x").over(stored()).role_id.len(), 2);
    }

    #[test]
    fn a_new_card_starts_empty_as_an_employee() {
        let form = post("first_name=Anna&email=anna@example.com").over(CardForm::new_card());
        assert_eq!(form.kind.as_deref(), Some(MemberKind::Employee.as_str()));
        assert!(form.last_name.is_empty() && form.role_id.is_empty() && !form.sends());
    }
}
