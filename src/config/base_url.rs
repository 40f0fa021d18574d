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

#[cfg(test)]
mod tests {
    use super::problem;

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
