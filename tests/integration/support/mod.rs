//! Test support: the application under test with real SMTP and SMS servers, and helpers.

pub mod app;
pub mod browser;
pub mod client;
pub mod fixtures;
pub mod mime;
pub mod pages;
pub mod scratch;
pub mod skips;
pub mod sms_sink;
pub mod smtp_sink;

pub use app::{Backend, TestApp};
pub use client::{Page, Session};

/// Runs an async test body once against SQLite and once against PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::$name($crate::support::Backend::Sqlite).await
                }
                #[actix_web::test]
                async fn postgres() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            }
        )*
    };
}
