//! The web layer: routes, extractors, handlers. No SQL here; handlers call `domain`.

pub mod credentials;
pub mod csrf;
pub mod form;
pub mod handlers;
pub mod middleware;
pub mod page;
pub mod render;
pub mod session;
pub mod session_store;
pub mod state;
pub mod throttle;

use crate::error::AppError;
use handlers::{
    admin_invitations, admin_users, assets, auth, departments, health, home, invite, platform,
    setup,
};

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
/// middleware in the visitor's language).
async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// Every route of the application, with the guard its handler's extractor applies.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.default_service(web::to(not_found));
    cfg
        // static files
        .route("/static/app.css", web::get().to(assets::app_css))
        .route("/static/app.js", web::get().to(assets::app_js))
        .route("/static/favicon.svg", web::get().to(assets::favicon))
        // anyone
        .route("/healthz", web::get().to(health::healthz))
        .route("/setup/{token}", web::get().to(setup::show))
        .route("/setup/{token}", web::post().to(setup::submit))
        .route("/login", web::get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/lang", web::post().to(auth::switch_language))
        // invitee (token pages)
        .route("/invite/{token}", web::get().to(invite::landing))
        .route("/invite/{token}", web::post().to(invite::accept))
        // member (SignedIn)
        .route("/", web::get().to(home::home))
        .route("/orgs", web::get().to(home::orgs))
        .route("/orgs/{org_id}/switch", web::post().to(home::switch_org))
        // organisation admin (OrgAdmin)
        .route("/admin/users", web::get().to(admin_users::list))
        .route(
            "/admin/users/invite",
            web::post().to(admin_users::bulk_invite),
        )
        .route(
            "/admin/users/statuses",
            web::get().to(admin_users::statuses),
        )
        .route("/admin/users/new", web::get().to(admin_users::new_form))
        .route("/admin/users/new", web::post().to(admin_users::create))
        .route("/admin/users/{id}", web::get().to(admin_users::card))
        .route("/admin/users/{id}", web::post().to(admin_users::update))
        .route("/admin/invitations", web::get().to(admin_invitations::list))
        .route(
            "/admin/invitations/resend",
            web::post().to(admin_invitations::resend_many),
        )
        .route(
            "/admin/invitations/{id}/resend",
            web::post().to(admin_invitations::resend_one),
        )
        .route(
            "/admin/invitations/{id}/revoke",
            web::get().to(admin_invitations::revoke_confirm),
        )
        .route(
            "/admin/invitations/{id}/revoke",
            web::post().to(admin_invitations::revoke),
        )
        .route("/admin/departments", web::get().to(departments::list))
        .route("/admin/departments", web::post().to(departments::create))
        // platform operator (Operator)
        .route("/platform/orgs", web::get().to(platform::orgs))
        .route("/platform/orgs", web::post().to(platform::create_org))
        .route("/platform/settings", web::get().to(platform::settings))
        .route(
            "/platform/settings",
            web::post().to(platform::save_settings),
        );
}
