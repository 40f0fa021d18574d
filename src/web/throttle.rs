//! Who the client is, and the throttle on link tokens (docs/SECURITY.md A9). The counting rules
//! live in `domain::throttle`; this module only finds the client's address and maps "over the
//! limit" to 429.

use crate::db::enums::AuditAction;
use crate::db::DbConnection;
use crate::domain::throttle::{self, Attempt, Limit};
use crate::error::AppError;
use crate::web::page::request_id;
use crate::web::state::AppState;
use actix_web::HttpRequest;
use ipnet::IpNet;
use std::net::IpAddr;

/// The client's address: the peer, or — only when the peer is one of our trusted reverse
/// proxies — the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
/// A client can put anything in that header; only what our own proxies appended counts.
pub fn client_address(req: &HttpRequest, trusted: &[IpNet]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return String::new();
    };
    forwarded_client(peer, forwarded_for(req), trusted).to_string()
}

fn forwarded_for(req: &HttpRequest) -> Vec<String> {
    req.headers()
        .get_all("X-Forwarded-For")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_owned())
        .collect()
}

/// Walks the hops from the nearest: while the hop we heard from is trusted, believe what it says
/// about the one before it.
fn forwarded_client(peer: IpAddr, hops: Vec<String>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut client = peer;
    for hop in hops.iter().rev() {
        if !is_trusted(&client) {
            break;
        }
        match hop.parse::<IpAddr>() {
            Ok(ip) => client = ip,
            Err(_) => break,
        }
    }
    client
}

/// The refusal of a limit counted in fixed windows of `window` (`domain::throttle`): 429, with
/// `Retry-After` and the page saying how long until the window that refused it ends.
pub fn refused(now: time::PrimitiveDateTime, window: time::Duration) -> AppError {
    AppError::TooManyRequests {
        retry_after: throttle::until_window_ends(now, window).whole_seconds(),
    }
}

/// The client's address under the application's configuration.
pub fn client_of(state: &AppState, req: &HttpRequest) -> String {
    client_address(req, &state.trusted_proxies)
}

/// Looks a link token up under the client's limit on wrong guesses: `look_up` says whether the
/// token exists (valid or not); a token that does not counts against the client, one guess
/// after another (`throttle::guarded`). 429 once the client's guesses for this minute are
/// spent: before the look-up when that was already so, after it when a guess (this one or a
/// parallel request's) spent the last meanwhile.
///
/// A wrong guess is logged as `unknown` with the request's id (docs/SECURITY.md H1); the 429
/// is logged by the middleware, as every throttle's.
pub async fn look_up_token<T, F>(
    state: &AppState,
    req: &HttpRequest,
    unknown: AuditAction,
    look_up: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<(T, Attempt), AppError> + Send + 'static,
{
    let key = format!("token:address:{}", client_of(state, req));
    let limit = Limit {
        max: i64::from(state.config.token_attempts_per_minute),
        window: time::Duration::minutes(1),
    };
    let now = state.now();
    let (found, attempt) = state
        .db(move |c| {
            throttle::guarded(c, now, &key, limit, |c| {
                let (found, attempt) = look_up(c)?;
                Ok(((found, attempt), attempt))
            })
        })
        .await?
        .ok_or_else(|| refused(now, limit.window))?;
    if attempt == Attempt::Counts {
        tracing::info!(target: "audit", action = unknown.as_str(), request_id = %request_id(req), "unknown link");
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(list: &str) -> Vec<IpNet> {
        crate::config::parse_networks(list).unwrap()
    }

    fn hops(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        // No trusted proxies: the header is ignored.
        assert_eq!(forwarded_client(proxy, hops(&["203.0.113.9"]), &[]), proxy);
        // From a trusted proxy: the address it appended.
        assert_eq!(
            forwarded_client(proxy, hops(&["203.0.113.9"]), &nets("10.0.0.0/8")),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // A client's own forged entry sits to the left of what the proxy appended.
        assert_eq!(
            forwarded_client(proxy, hops(&["1.2.3.4", "203.0.113.9"]), &nets("10.0.0.1")),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // Two proxies in a row.
        assert_eq!(
            forwarded_client(
                proxy,
                hops(&["203.0.113.9", "10.0.0.2"]),
                &nets("10.0.0.0/8")
            ),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // Not from a proxy: the header means nothing.
        assert_eq!(
            forwarded_client(stranger, hops(&["1.2.3.4"]), &nets("10.0.0.0/8")),
            stranger
        );
        // Garbage stops the walk at the last address we can trust.
        assert_eq!(
            forwarded_client(proxy, hops(&["junk"]), &nets("10.0.0.0/8")),
            proxy
        );
    }
}
