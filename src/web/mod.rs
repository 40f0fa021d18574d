//! The web layer: routes, extractors, handlers. No SQL here; handlers call `domain`.

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
use actix_web::{guard, web, Route};
use handlers::{
    admin_invitations, admin_users, assets, auth, departments, health, home, invite, platform,
    setup,
};

/// A page: answers GET, and HEAD with the same status and headers (the server leaves out the
/// body). Every page route uses this, never `web::get()` alone.
fn get() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
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
        .route("/static/app.css", get().to(assets::app_css))
        .route("/static/app.js", get().to(assets::app_js))
        .route("/static/favicon.svg", get().to(assets::favicon))
        // anyone
        .route("/healthz", get().to(health::healthz))
        .route("/setup/{token}", get().to(setup::show))
        .route("/setup/{token}", web::post().to(setup::submit))
        .route("/login", get().to(auth::login_form))
        .route("/login", web::post().to(auth::login))
        .route("/logout", web::post().to(auth::logout))
        .route("/lang", web::post().to(auth::switch_language))
        // invitee (token pages)
        .route("/invite/{token}", get().to(invite::landing))
        .route("/invite/{token}", web::post().to(invite::accept))
        // member (SignedIn)
        .route("/", get().to(home::home))
        .route("/orgs", get().to(home::orgs))
        .route("/orgs/{org_id}/switch", web::post().to(home::switch_org))
        // organisation admin (OrgAdmin)
        .route("/admin/users", get().to(admin_users::list))
        .route(
            "/admin/users/invite",
            web::post().to(admin_users::bulk_invite),
        )
        .route(
            "/admin/users/statuses",
            get().to(admin_users::statuses),
        )
        .route("/admin/users/new", get().to(admin_users::new_form))
        .route("/admin/users/new", web::post().to(admin_users::create))
        .route("/admin/users/{id}", get().to(admin_users::card))
        .route("/admin/users/{id}", web::post().to(admin_users::update))
        .route("/admin/invitations", get().to(admin_invitations::list))
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
            get().to(admin_invitations::revoke_confirm),
        )
        .route(
            "/admin/invitations/{id}/revoke",
            web::post().to(admin_invitations::revoke),
        )
        .route("/admin/departments", get().to(departments::list))
        .route("/admin/departments", web::post().to(departments::create))
        // platform operator (Operator)
        .route("/platform/orgs", get().to(platform::orgs))
        .route("/platform/orgs", web::post().to(platform::create_org))
        .route("/platform/settings", get().to(platform::settings))
        .route(
            "/platform/settings",
            web::post().to(platform::save_settings),
        );
}

#[cfg(test)]
mod tests {
    /// HEAD is answered wherever GET is because every page route is declared with `get()`.
    #[test]
    fn every_page_route_answers_head() {
        let source = include_str!("mod.rs");
        let routes = &source[source.find("pub fn routes").unwrap_or(0)..];
        let routes = &routes[..routes.find("#[cfg(test)]").unwrap_or(routes.len())];
        assert!(routes.contains(".route(\"/healthz\", get()"));
        assert!(
            !routes.contains(concat!("web::", "get()")),
            "a route declared with web::get() would not answer HEAD: use get()"
        );
    }
}
