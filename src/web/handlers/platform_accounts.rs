//! `/platform/accounts`: the operator's list of accounts — newest first, found by an e-mail
//! address or phone number (or how it begins), each with its organisations, operator or not,
//! active or disabled — linking to each account's page.

use crate::domain::platform_accounts::{self, AccountRow};
use crate::error::AppError;
use crate::web::filters;
use crate::web::page::{Operator, PageCtx};
use crate::web::render;
use crate::web::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "platform/accounts.html")]
struct AccountsPage {
    ctx: PageCtx,
    q: String,
    rows: Vec<AccountRow>,
    more: bool,
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
    op: Operator,
) -> Result<HttpResponse, AppError> {
    let query: SearchQuery = serde_html_form::from_str(req.query_string()).unwrap_or_default();
    let q = query.q.trim().to_owned();
    let typed = q.clone();
    let (rows, more) = state
        .db(move |c| Ok(platform_accounts::search(c, &typed)?))
        .await?;
    render::page(&AccountsPage {
        ctx: op.ctx,
        q,
        rows,
        more,
    })
}
