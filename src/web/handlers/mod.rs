//! One module per area, one function per route.

pub mod account;
pub mod admin_invitations;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod departments;
pub mod health;
pub mod help;
pub mod home;
pub mod import_commit;
pub mod import_rejected;
pub mod import_review;
pub mod import_upload;
pub mod invitation_revoke;
pub mod invite;
pub mod invite_batches;
pub mod invite_form;
pub mod invite_preview;
pub mod leave;
pub mod member_admin;
pub mod member_card;
pub mod member_delete;
pub mod member_remove;
pub mod members;
pub mod org_settings;
pub mod password_reset;
pub mod platform_audit;
pub mod platform_org_edit;
pub mod platform_orgs;
pub mod platform_settings;
pub mod roles;

pub mod second_step;
pub mod setup;
pub mod two_factor;
pub mod users_export;
