//! `smtp_blast HOST PORT MESSAGES THREADS`: sends MESSAGES e-mails of about the size of an
//! invitation through one pooled lettre `SmtpTransport` shared by THREADS threads, and prints
//! messages per second.
use lettre::message::{header::ContentType, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (host, port) = (args[1].clone(), args[2].parse::<u16>().expect("port"));
    let (messages, threads) = (
        args[3].parse::<usize>().expect("messages"),
        args[4].parse::<usize>().expect("threads"),
    );
    let transport = Arc::new(SmtpTransport::builder_dangerous(host).port(port).build());
    let next = Arc::new(AtomicUsize::new(0));
    let text = "You are invited. ".repeat(40);
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (transport, next, text) = (Arc::clone(&transport), Arc::clone(&next), text.clone());
            std::thread::spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= messages {
                    break;
                }
                let message = Message::builder()
                    .from("Invitely <noreply@bench.test>".parse().unwrap())
                    .to(format!("person{i}@bench.test").parse().unwrap())
                    .subject("You are invited")
                    .multipart(
                        MultiPart::alternative()
                            .singlepart(
                                SinglePart::builder()
                                    .header(ContentType::TEXT_PLAIN)
                                    .body(text.clone()),
                            )
                            .singlepart(
                                SinglePart::builder()
                                    .header(ContentType::TEXT_HTML)
                                    .body(format!("<p>{text}</p>")),
                            ),
                    )
                    .unwrap();
                transport.send(&message).expect("send");
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{:.1}", messages as f64 / started.elapsed().as_secs_f64());
}
