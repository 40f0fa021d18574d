//! One module per area, one function per route.

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
pub mod platform;
pub mod roles;

pub mod second_step;
pub mod setup;
pub mod two_factor;
