//! Shared support for the integration tests: fake SMTP and SMS servers,
//! e-mail parsing helpers and a headless browser.

pub mod browser;
pub mod mime;
pub mod sms_sink;
pub mod smtp_sink;
