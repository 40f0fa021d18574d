//! The web layer: routes, extractors, handlers. No SQL here; handlers call `domain`.

pub mod audit_details;
pub mod audit_view;
pub mod callers;
pub mod card_form;
pub mod credentials;
pub mod csrf;
pub mod device;
pub mod error_page;
pub mod filters;
pub mod form;
pub mod handlers;
pub mod hashing;
pub mod import_view;
pub mod invitations_query;
pub mod invite_batch;
pub mod invite_landing;
pub mod invite_link;
pub mod invite_preview_message;
pub mod mail_app;
pub mod middleware;
pub mod org_fields;
pub mod outcomes;
pub mod page;
pub mod qr;
pub mod render;
pub mod second_factor;
pub mod session;
pub mod session_store;
pub mod state;
pub mod throttle;
pub mod ticked;
pub mod upload;
pub mod users_query;

use crate::error::AppError;
use handlers::{
    account, admin_invitations, assets, audit, auth, departments, health, help, home,
    import_commit, import_rejected, import_review, import_upload, invitation_revoke, invite,
    invite_batches, invite_form, invite_preview, leave, member_admin, member_card, member_delete,
    member_remove, members, org_settings, password_reset, platform_account, platform_accounts,
    platform_audit, platform_org_edit, platform_orgs, platform_settings, roles, second_step, setup,
    two_factor, users_export,
};

/// The account's two-factor page (enrolment, recovery codes, turning it off).
pub const TWO_FACTOR_PAGE: &str = "/account/two-factor";
/// The second step of signing in.
pub const SECOND_STEP_PAGE: &str = "/login/two-factor";

/// actix-web's `web`, except that `web::get()` routes answer HEAD too, with the same status and
/// headers (the server leaves out the body): every page does, with no HEAD route to add by hand.
/// It shadows actix's `web` on purpose, so a route added with `web::get()` cannot miss HEAD.
#[allow(clippy::module_inception)]
mod web {
    pub use actix_web::web::*;

    pub fn get() -> actix_web::Route {
        use actix_web::guard;
        actix_web::Route::new().guard(guard::Any(guard::Get()).or(guard::Head()))
    }
}

/// Unknown URLs: the application's own "Page not found" page (rendered by the error-page
/// middleware in the visitor's language) — or, for an address the table has under other
/// methods (PUT /login, POST /healthz), 405 with the methods it takes in `Allow`.
async fn not_found(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    Err(match methods_at(req.match_info().as_str()) {
        (false, false) => AppError::NotFound,
        (true, false) => AppError::MethodNotAllowed { allow: "GET, HEAD" },
        (false, true) => AppError::MethodNotAllowed { allow: "POST" },
        (true, true) => AppError::MethodNotAllowed {
            allow: "GET, HEAD, POST",
        },
    })
}

/// Whether `path` is a page: an address the route table answers GET for.
pub fn has_page(path: &str) -> bool {
    methods_at(path).0
}

/// Whether the route table takes GET and POST at `path`. An address the table spells out
/// (/login, /admin/users/export.csv) answers for its own methods only, not for a `{id}` route
/// that its words would fill too.
fn methods_at(path: &str) -> (bool, bool) {
    static PATTERNS: std::sync::OnceLock<Vec<(Method, actix_web::dev::ResourceDef)>> =
        std::sync::OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        ROUTES
            .iter()
            .map(|r| (r.method, actix_web::dev::ResourceDef::new(r.path)))
            .collect()
    });
    let spelled =
        |def: &actix_web::dev::ResourceDef| def.pattern().is_some_and(|p| !p.contains('{'));
    let matched: Vec<_> = patterns
        .iter()
        .filter(|(_, def)| def.is_match(path))
        .collect();
    let literal = matched.iter().any(|(_, def)| spelled(def));
    let takes = |method| {
        matched
            .iter()
            .any(|(m, def)| *m == method && (!literal || spelled(def)))
    };
    (takes(Method::Get), takes(Method::Post))
}

/// The HTTP method of a route (`Get` answers HEAD too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// Who may use a route: the guard its handler's extractor applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Static files.
    Static,
    /// Anyone, signed in or not.
    Anyone,
    /// Whoever holds a live link (the token pages).
    Token,
    /// A signed-in account (`SignedIn`).
    Member,
    /// An active member of the current organisation (`OrgMember`); the handler checks what
    /// the organisation lets members do.
    OrgMember,
    /// An admin of the current organisation (`OrgAdmin`).
    OrgAdmin,
    /// The platform operator (`Operator`).
    Operator,
}

/// One line of the route table.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

/// Declares the route table once: `ROUTES` (for tests and documentation) and `register`, which
/// hands each handler to actix (so each stays type-checked as a handler).
macro_rules! route_table {
    ($($method:ident $path:literal => $handler:path, $access:ident;)*) => {
        /// Every route of the application, in the order actix matches them.
        pub const ROUTES: &[Route] = &[
            $(Route { method: Method::$method, path: $path, access: Access::$access },)*
        ];

        fn register(cfg: &mut web::ServiceConfig) {
            $(cfg.route($path, route_table!(@$method).to($handler));)*
        }
    };
    (@Get) => { web::get() };
    (@Post) => { web::post() };
}

route_table! {
    Get "/static/app.css" => assets::app_css, Static;
    Get "/static/app.js" => assets::app_js, Static;
    Get "/static/favicon.svg" => assets::favicon, Static;
    Get "/healthz" => health::healthz, Anyone;
    Get "/help" => help::show, Anyone;
    Get "/setup/{token}" => setup::show, Token;
    Post "/setup/{token}" => setup::submit, Token;
    Get "/login" => auth::login_form, Anyone;
    Post "/login" => auth::login, Anyone;
    Get "/login/two-factor" => second_step::show, Anyone;
    Post "/login/two-factor" => second_step::submit, Anyone;
    Post "/logout" => auth::logout, Anyone;
    Post "/lang" => auth::switch_language, Anyone;
    Get "/password/forgot" => password_reset::forgot_form, Anyone;
    Post "/password/forgot" => password_reset::forgot, Anyone;
    Get "/password/reset/{token}" => password_reset::reset_form, Token;
    Post "/password/reset/{token}" => password_reset::reset, Token;
    Get "/invite/{token}" => invite::landing, Token;
    Post "/invite/{token}" => invite::accept, Token;
    Get "/" => home::home, Member;
    Get "/orgs" => home::orgs, Member;
    Post "/orgs/{org_id}/switch" => home::switch_org, Member;
    Get "/account/none" => leave::none, Member;
    Get "/account/leave/{org_id}" => leave::show, Member;
    Post "/account/leave/{org_id}" => leave::submit, Member;
    Get "/account" => account::show, Member;
    Post "/account/language" => account::language, Member;
    Post "/account/password" => account::password, Member;
    Get "/account/two-factor" => two_factor::show, Member;
    Post "/account/two-factor" => two_factor::confirm, Member;
    Post "/account/two-factor/recovery-codes" => two_factor::regenerate, Member;
    Post "/account/two-factor/disable" => two_factor::disable, Member;
    Get "/admin/invite" => invite_form::show, OrgMember;
    Post "/admin/invite" => invite_form::submit, OrgMember;
    Get "/admin/invite-preview/{id}" => invite_preview::document, OrgMember;
    Get "/admin/users" => members::list, OrgAdmin;
    Post "/admin/users/invite" => members::bulk_invite, OrgAdmin;
    Get "/admin/users/statuses" => members::statuses, OrgAdmin;
    Get "/admin/users/export.csv" => users_export::export, OrgAdmin;
    Get "/admin/users/new" => member_card::new_form, OrgAdmin;
    Post "/admin/users/new" => member_card::create, OrgAdmin;
    Get "/admin/users/{id}" => member_card::card, OrgAdmin;
    Post "/admin/users/{id}" => member_card::update, OrgAdmin;
    Get "/admin/users/{id}/remove" => member_remove::confirm, OrgAdmin;
    Post "/admin/users/{id}/remove" => member_remove::remove, OrgAdmin;
    Get "/admin/users/{id}/delete" => member_delete::confirm, OrgAdmin;
    Post "/admin/users/{id}/delete" => member_delete::delete, OrgAdmin;
    Get "/admin/users/{id}/admin" => member_admin::confirm, OrgAdmin;
    Post "/admin/users/{id}/admin" => member_admin::set, OrgAdmin;
    Get "/admin/import" => import_upload::form, OrgAdmin;
    Post "/admin/import" => import_upload::upload, OrgAdmin;
    Get "/admin/import/{id}" => import_review::show, OrgAdmin;
    Get "/admin/import/{id}/progress" => import_review::progress, OrgAdmin;
    Get "/admin/import/{id}/rejected.csv" => import_rejected::rejected, OrgAdmin;
    Post "/admin/import/{id}/commit" => import_commit::commit, OrgAdmin;
    Get "/admin/invitations" => admin_invitations::list, OrgAdmin;
    Post "/admin/invitations/resend" => admin_invitations::resend_many, OrgAdmin;
    Post "/admin/invitations/revoke" => invitation_revoke::revoke_many, OrgAdmin;
    Get "/admin/invitations/batches/{id}" => invite_batches::show, OrgAdmin;
    Get "/admin/invitations/batches/{id}/progress" => invite_batches::progress, OrgAdmin;
    Post "/admin/invitations/{id}/renew" => admin_invitations::renew, OrgAdmin;
    Post "/admin/invitations/{id}/resend" => admin_invitations::resend_one, OrgAdmin;
    Get "/admin/invitations/{id}/revoke" => invitation_revoke::revoke_confirm, OrgAdmin;
    Post "/admin/invitations/{id}/revoke" => invitation_revoke::revoke, OrgAdmin;
    Get "/admin/departments" => departments::list, OrgAdmin;
    Post "/admin/departments" => departments::create, OrgAdmin;
    Get "/admin/departments/{id}" => departments::edit, OrgAdmin;
    Post "/admin/departments/{id}" => departments::rename, OrgAdmin;
    Get "/admin/departments/{id}/delete" => departments::delete_confirm, OrgAdmin;
    Post "/admin/departments/{id}/delete" => departments::delete, OrgAdmin;
    Get "/admin/roles" => roles::list, OrgAdmin;
    Post "/admin/roles" => roles::create, OrgAdmin;
    Get "/admin/roles/{id}" => roles::edit, OrgAdmin;
    Post "/admin/roles/{id}" => roles::rename, OrgAdmin;
    Get "/admin/roles/{id}/delete" => roles::delete_confirm, OrgAdmin;
    Post "/admin/roles/{id}/delete" => roles::delete, OrgAdmin;
    Get "/admin/settings" => org_settings::show, OrgAdmin;
    Post "/admin/settings" => org_settings::save, OrgAdmin;
    Get "/admin/audit" => audit::list, OrgAdmin;
    Get "/platform/orgs" => platform_orgs::list, Operator;
    Post "/platform/orgs" => platform_orgs::create, Operator;
    Get "/platform/orgs/{id}" => platform_org_edit::edit, Operator;
    Post "/platform/orgs/{id}" => platform_org_edit::save, Operator;
    Post "/platform/orgs/{id}/admins" => platform_org_edit::invite_admin, Operator;
    Get "/platform/accounts" => platform_accounts::list, Operator;
    Get "/platform/accounts/{id}" => platform_account::show, Operator;
    Post "/platform/accounts/{id}/disable" => platform_account::disable, Operator;
    Post "/platform/accounts/{id}/enable" => platform_account::enable, Operator;
    Get "/platform/settings" => platform_settings::show, Operator;
    Post "/platform/settings" => platform_settings::save, Operator;
    Get "/platform/audit" => platform_audit::list, Operator;
}

/// Every route of the application (`ROUTES`), and the own "Page not found" for the rest. A new
/// route is a line in the table above, nowhere else: the CSRF test tries every POST it lists.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.default_service(web::to(not_found));
    register(cfg);
}
