//! The API tab: the project's API tokens. A new or regenerated secret is
//! shown once, with a copy button; afterwards only the client id is shown.

mod create;
mod secret;
mod tab;
mod tokens;

pub use tab::CredentialsTab;
