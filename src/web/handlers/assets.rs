//! The static files, compiled into the binary: one stylesheet, one script, the favicon.

use actix_web::HttpResponse;

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(body)
}

pub async fn app_css() -> HttpResponse {
    asset(
        "text/css; charset=utf-8",
        include_str!("../../../static/app.css"),
    )
}

pub async fn app_js() -> HttpResponse {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("../../../static/app.js"),
    )
}

pub async fn favicon() -> HttpResponse {
    asset("image/svg+xml", include_str!("../../../static/favicon.svg"))
}
