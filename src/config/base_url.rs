//! `INVITELY_BASE_URL`: the public address every link sent out begins with, read once at start.

/// What is wrong with `value` as the base of the links sent out, if anything: it must be an
/// absolute http(s) address of a host — a path is allowed (a proxy's prefix) — with no user or
/// password, query or fragment, since a link is made by appending `/invite/…` to it.
pub fn problem(value: &str) -> Option<String> {
    // The value is not repeated: it may hold a password.
    let say = |what: &str| Some(format!("INVITELY_BASE_URL {what}"));
    if value.chars().any(char::is_whitespace) {
        return say("contains a space");
    }
    let url = match url::Url::parse(value) {
        Ok(url) => url,
        Err(e) => return say(&format!("is not an address ({e})")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return say("must start with http:// or https://");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return say("names no host");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return say("must not hold a user or password: every link sent out would show it");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return say("must not have a query (?…) or fragment (#…): links are made by adding a path");
    }
    None
}

/// Said at start when `value` names this machine (a loopback address) on another port than the
/// server listens on (`port`): every link sent out would lead nowhere — the README's
/// `invitely serve --bind 127.0.0.1:8081` alone keeps the default base URL's 8080. A base URL
/// of another host is a proxy's or the public name, and is not second-guessed.
pub fn elsewhere(value: &str, port: u16) -> Option<String> {
    let url = url::Url::parse(value).ok()?;
    let loopback = match url.host()? {
        url::Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    };
    let named = url.port_or_known_default()?;
    (loopback && named != port).then(|| {
        format!(
            "INVITELY_BASE_URL ({value}) names this machine on port {named}, but the server \
             listens on port {port}: every link sent out (invitations, setup, password) leads \
             there. Set INVITELY_BASE_URL to the address people reach this server at."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{elsewhere, problem};

    #[test]
    fn a_base_url_of_this_machine_on_another_port_is_said() {
        let said = elsewhere("http://127.0.0.1:8080", 8081).expect("said");
        assert!(
            said.contains("port 8080") && said.contains("port 8081"),
            "{said}"
        );
        assert!(
            elsewhere("http://localhost/", 8080).is_some(),
            "80 is not 8080"
        );
        assert!(elsewhere("http://[::1]:8081", 8080).is_some());
        for quiet in [
            ("http://127.0.0.1:8080", 8080),
            ("http://localhost:8081/invitely/", 8081),
            // A proxy's or a public name: not this machine's loopback.
            ("https://invite.example.com", 8080),
            ("http://10.0.0.11:8080", 9000),
        ] {
            assert_eq!(elsewhere(quiet.0, quiet.1), None, "{quiet:?}");
        }
    }

    #[test]
    fn a_base_url_is_a_plain_http_address() {
        for good in [
            "http://127.0.0.1:8080",
            "https://invite.example.com",
            "https://example.com/invitely/",
        ] {
            assert_eq!(problem(good), None, "{good}");
        }
        for (bad, said) in [
            ("ftp://example.com", "http:// or https://"),
            ("http://", "not an address"),
            ("example.com", "not an address"),
            ("http://exa mple.com", "space"),
            ("http://127.0.0.1:8080?x=1", "query"),
            ("http://127.0.0.1:8080#frag", "fragment"),
            ("http://user:pw@example.com", "user or password"),
        ] {
            let problem = problem(bad).unwrap_or_else(|| panic!("{bad} accepted"));
            assert!(problem.contains(said), "{bad}: {problem}");
        }
    }
}
