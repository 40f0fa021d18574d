//! One module per area, one function per route.

pub mod account;
pub mod admin_invitations;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod departments;
pub mod health;
pub mod home;
pub mod invite;
pub mod invite_batches;
pub mod invite_form;
pub mod member_card;
pub mod members;
pub mod org_settings;
pub mod password_reset;
pub mod platform;
pub mod roles;
pub mod setup;
