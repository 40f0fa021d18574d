//! Mail on the wire: a body that tries to end the SMTP transaction early stays one message to one
//! recipient (lettre bodies are quoted-printable, docs/SECURITY.md G1/G2), and names never become
//! headers.

use crate::support::mime;
use crate::support::smtp_sink::SmtpSink;
use invitely::mail::messages::{build, Rendered};
use invitely::mail::smtp::SmtpMailer;
use invitely::mail::Mailer;

fn from() -> lettre::message::Mailbox {
    "Invitely <no-reply@invitely.test>".parse().unwrap()
}

#[test]
fn smtp_smuggling_in_a_body_stays_one_message() {
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&sink.url()).unwrap();
    let payloads = [
        "Hello\n.\nMAIL FROM:<evil@example.com>\nRCPT TO:<victim@example.com>\nDATA\nsmuggled\n.\n",
        "Hello\r\n.\r\nMAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\n",
        "Hello\n\r.\r\nQUIT\r\n",
        ".\n..\n...\n",
    ];
    for (i, text) in payloads.iter().enumerate() {
        let rendered = Rendered {
            subject: format!("Payload {i}"),
            text: (*text).to_owned(),
            html: format!("<p>{}</p>", text.replace('<', "&lt;")),
        };
        let message = build(
            &from(),
            "ivan@example.com",
            "Ivan",
            &format!("<p{i}@invitely.test>"),
            rendered,
        )
        .unwrap();
        mailer.send(&message).unwrap();
    }
    let received = sink.messages();
    assert_eq!(
        received.len(),
        payloads.len(),
        "exactly one message per send"
    );
    for (m, text) in received.iter().zip(payloads) {
        assert_eq!(m.to, vec!["ivan@example.com".to_owned()]);
        let body = mime::part(&m.data, "text/plain").unwrap();
        let normal = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
        assert_eq!(normal(&body), normal(text), "the body arrives intact");
    }
}

#[test]
fn names_and_addresses_never_make_headers() {
    let hostile = [
        "Ivan\r\nBcc: evil@example.com",
        "Ivan\nTo: evil@example.com",
        "Ivan\0Cc: evil@example.com",
        "=?utf-8?q?x?=\r\nSubject: spoof",
    ];
    let sink = SmtpSink::start();
    let mailer = SmtpMailer::new(&sink.url()).unwrap();
    for (i, name) in hostile.iter().enumerate() {
        let rendered = Rendered {
            subject: format!("Hi {name}"),
            text: "t".into(),
            html: "<p>t</p>".into(),
        };
        let message = build(
            &from(),
            "ivan@example.com",
            name,
            &format!("<n{i}@invitely.test>"),
            rendered,
        )
        .unwrap();
        mailer.send(&message).unwrap();
    }
    for bad in [
        "ivan@example.com\r\nBcc: evil@example.com",
        "ivan@example.com, evil@example.com",
        "a@b.c\nx",
    ] {
        let rendered = Rendered {
            subject: "s".into(),
            text: "t".into(),
            html: "h".into(),
        };
        assert!(
            build(&from(), bad, "n", "<x@invitely.test>", rendered).is_err(),
            "{bad:?}"
        );
    }
    let received = sink.messages();
    assert_eq!(received.len(), hostile.len());
    for m in received {
        assert_eq!(m.to, vec!["ivan@example.com".to_owned()]);
        let headers = m.data.split("\r\n\r\n").next().unwrap();
        for line in headers.lines() {
            let lower = line.to_ascii_lowercase();
            assert!(
                !lower.starts_with("bcc:") && !lower.starts_with("cc:"),
                "{headers}"
            );
        }
        assert_eq!(
            headers
                .lines()
                .filter(|l| l.to_ascii_lowercase().starts_with("subject:"))
                .count(),
            1
        );
        assert_eq!(
            headers
                .lines()
                .filter(|l| l.to_ascii_lowercase().starts_with("to:"))
                .count(),
            1
        );
    }
}
