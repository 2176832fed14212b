//! The typed fetch layer: one client, one function per endpoint, and
//! `Result<T, ApiError>` for every call.

pub mod access;
pub mod activity;
mod client;
pub mod connectors;
pub mod credentials;
mod error;
pub mod kafka;
pub mod members;
pub mod pipelines;
pub mod projects;
pub mod requests;
pub mod session;

pub use client::{
    abort_on_cleanup, expect_api, latest_request, ApiClient, Method, API_BASE, SIGNED_OUT_EVENT,
};
pub use error::ApiError;
