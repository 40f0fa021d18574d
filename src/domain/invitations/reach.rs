//! Which channel reaches a card, or why none does: its e-mail address first, else its phone —
//! when the platform verifies by phone too (docs/PRODUCT.md §3) and the number's country may
//! receive SMS (docs/SECURITY.md F1). Decided when an invitation is queued, and foreseen by the
//! invite form's preview; the delivery worker checks the country again as the SMS leaves (the
//! operator may have changed the list meanwhile).

use crate::db::enums::{Channel, Reason};
use crate::db::DbConnection;
use crate::domain::contact::{self, ContactProblem};
use crate::domain::settings::{self, VerificationMethod};
use crate::domain::sms_policy;
use diesel::QueryResult;

/// The platform's rules for reaching people, read once for a batch of cards.
pub(super) struct Reach {
    method: VerificationMethod,
    phones: contact::PhoneRules,
    sms: sms_policy::SmsPolicy,
}

impl Reach {
    pub(super) fn load(conn: &mut DbConnection) -> QueryResult<Reach> {
        Ok(Reach {
            method: settings::verification_method(conn)?,
            phones: contact::PhoneRules::load(conn)?,
            sms: sms_policy::load(conn)?,
        })
    }

    /// How a card with this address and number is reached, and at what. Its phone was stored
    /// in E.164 (which reads the same under any rules); it is read again in case it predates
    /// them.
    pub(super) fn channel(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Result<(Channel, String), Reason> {
        if let Some(email) = email {
            return contact::EmailAddress::parse(email)
                .map(|e| (Channel::Email, e.into_string()))
                .map_err(ContactProblem::reason);
        }
        match (phone, self.method) {
            (Some(_), VerificationMethod::EmailOnly) => Err(Reason::NoEmailEmailOnly),
            (Some(phone), VerificationMethod::EmailOrPhone) => {
                let number = self
                    .phones
                    .parse(phone)
                    .map_err(ContactProblem::reason)?
                    .into_string();
                if self.sms.allows_country(&number) {
                    Ok((Channel::Sms, number))
                } else {
                    Err(Reason::SmsCountryNotAllowed)
                }
            }
            (None, _) => Err(Reason::NoContact),
        }
    }
}
