//! The invitation's landing page (`/invite/{token}`): what it offers, decided by who is looking,
//! and the page itself — shown by the link's GET and again by its POST with what went wrong.

use crate::db::models::{Account, Invitation};
use crate::domain::invitations::Details;
use crate::i18n::format_datetime_in;
use crate::web::page::PageCtx;
use crate::web::render::FieldErrors;
use crate::web::session;
use askama::Template;

/// What the landing page offers, decided by who is looking (docs/SECURITY.md B1): a new account
/// sets a password; an existing account is the only one that can accept — signed in as it, one
/// button; not signed in, its password with the address fixed; signed in as anyone else, nothing
/// but the advice to sign out first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    NewAccount,
    SignIn,
    Join,
    OtherAccount {
        current: String,
    },
    /// The recipient's password was right and the account has two-factor sign-in: its code
    /// (or a recovery code) next, here on the page.
    SecondFactor,
    /// The account is a member of the organisation already (through another card): said, with
    /// the way in, and nothing to submit. Only as the answer to a post.
    AlreadyMember {
        signed_in: bool,
    },
}

/// `SignIn` becomes `SecondFactor` while this session holds the recipient's pending second step.
pub fn with_pending(
    mode: Mode,
    d: &Details,
    caller: &crate::web::page::Caller,
    now_unix: i64,
) -> Mode {
    let pending = session::pending(&caller.session, now_unix).map(|p| p.account);
    match (mode, &d.account) {
        (Mode::SignIn, Some(a)) if pending == Some(a.id) => Mode::SecondFactor,
        (mode, _) => mode,
    }
}

/// Signed in as anyone but the recipient, the page asks to sign out first whether or not the
/// recipient has an account: an inviter opening a link they hand over learns nothing of
/// accounts from it (docs/SECURITY.md B10).
pub fn mode_for(d: &Details, visitor: Option<&Account>) -> Mode {
    match (&d.account, visitor) {
        (Some(recipient), Some(v)) if v.id == recipient.id => Mode::Join,
        (_, Some(v)) => Mode::OtherAccount {
            current: v.display_name(),
        },
        (None, None) => Mode::NewAccount,
        (Some(_), None) => Mode::SignIn,
    }
}

#[derive(Template)]
#[template(path = "invite/landing.html")]
pub struct Landing {
    pub ctx: PageCtx,
    pub d: Details,
    pub mode: Mode,
    pub expires: String,
    pub first_name: String,
    pub last_name: String,
    /// The card's names the page offered, posted back beside the fields: names posted as they
    /// were offered correct nothing (an admin's edit of the card meanwhile stands).
    pub offered: (String, String),
    pub errors: FieldErrors,
}

impl Landing {
    pub fn new(ctx: PageCtx, inv: &Invitation, d: Details, mode: Mode) -> Landing {
        // Said the way the page's language says dates, like the message that brought them.
        let expires = inv.expires_at.map(|t| format_datetime_in(ctx.lang, t));
        Landing {
            ctx,
            expires: expires.unwrap_or_default(),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            offered: (d.first_name.clone(), d.last_name.clone()),
            d,
            mode,
            errors: FieldErrors::default(),
        }
    }
}
