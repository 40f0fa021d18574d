//! The one rule about `INVITELY_SMTP_URL` that needs its parts: no password in clear text.

use std::net::IpAddr;

/// Whether an SMTP URL signs in (a user in it) over a connection that may stay unencrypted:
/// `smtp://` without `tls=required` (lettre then never tries STARTTLS, and with
/// `tls=opportunistic` an attacker on the path can strip it) to a host other than this machine.
/// `smtps://` (implicit TLS) and `?tls=required` (STARTTLS or no connection) are safe, and so is
/// a relay on the loopback interface.
pub(super) fn sends_password_in_clear(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("smtp://") else {
        return false;
    };
    let (authority, query) = match rest.find(['/', '?', '#']) {
        Some(end) => (
            &rest[..end],
            rest[end..].split_once('?').map_or("", |(_, q)| q),
        ),
        None => (rest, ""),
    };
    let Some((_credentials, host_port)) = authority.rsplit_once('@') else {
        return false;
    };
    let tls_required = query
        .split('#')
        .next()
        .unwrap_or("")
        .split('&')
        .any(|pair| pair.eq_ignore_ascii_case("tls=required"));
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    !(tls_required || loopback)
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    fn with_smtp(url: &str) -> Result<(), Vec<String>> {
        let mut config = Config::for_tests();
        config.smtp_url = Some(url.into());
        config.validate()
    }

    #[test]
    fn a_password_over_plain_smtp_is_refused() {
        for url in [
            "smtp://user:s3cr3t@mail.example.com:587",
            "smtp://user:s3cr3t@mail.example.com",
            "smtp://user@mail.example.com:25",
            "smtp://user:s3cr3t@mail.example.com:587?tls=opportunistic",
            "smtp://user:s3cr3t@mail.example.com:587/ehlo.example.com",
            "smtp://user:s3cr3t@10.0.0.5:587",
            "smtp://user:s3cr3t@[2001:db8::1]:587",
            "smtp://user:s3cr3t%40@mail.example.com:587?x=tls=required",
        ] {
            let problems = with_smtp(url).expect_err(url);
            assert_eq!(problems.len(), 1, "{url}: {problems:?}");
            assert!(problems[0].contains("tls=required"), "{problems:?}");
            assert!(problems[0].contains("smtps://"), "{problems:?}");
            assert!(
                !problems[0].contains("s3cr3t"),
                "no password in the message"
            );
        }
    }

    #[test]
    fn an_address_lettre_cannot_use_is_refused_at_once() {
        for (url, said) in [
            ("smtps://", "host"),
            ("smtp://user:s3cr3t@mail.example.com:587?tls=bogus", "bogus"),
        ] {
            let problems = with_smtp(url).expect_err(url);
            assert_eq!(problems.len(), 1, "{url}: {problems:?}");
            assert!(problems[0].starts_with("INVITELY_SMTP_URL"), "{problems:?}");
            assert!(problems[0].contains(said), "{url}: {problems:?}");
            assert!(
                !problems[0].contains("s3cr3t"),
                "no password in the message"
            );
        }
    }

    #[test]
    fn tls_a_local_relay_or_no_password_is_allowed() {
        for url in [
            "smtps://user:pass@mail.example.com:465",
            "smtps://user:pass@mail.example.com",
            "smtp://user:pass@mail.example.com:587?tls=required",
            "smtp://user:pass@mail.example.com:587/ehlo.example.com?tls=required",
            "smtp://user:pass@mail.example.com:587?foo=1&tls=required",
            "smtp://user:pass@127.0.0.1:25",
            "smtp://user:pass@127.0.0.2:25",
            "smtp://user:pass@localhost:25",
            "smtp://user:pass@LOCALHOST",
            "smtp://user:pass@[::1]:25",
            "smtp://mail.example.com:587",
            "smtp://127.0.0.1:2525",
        ] {
            assert_eq!(with_smtp(url), Ok(()), "{url}");
        }
    }
}
