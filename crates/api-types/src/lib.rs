//! The API contract between the console and the API server.
//!
//! Every request and response body that crosses the wire is defined here, once,
//! so the console and the server cannot disagree about a field name or an enum
//! spelling. The crate has no browser or server dependencies: it compiles
//! natively and to `wasm32-unknown-unknown`.

mod access;
mod activity;
pub mod connectors;
mod credentials;
mod error;
mod health;
mod kafka;
mod list;
pub mod live;
mod members;
pub mod overview;
pub mod pipelines;
mod project;
mod project_query;
mod regions;
mod requests;
mod roles;
#[cfg(feature = "openapi")]
pub mod schema;
mod session;
pub mod time;
pub mod usage;
mod wire;

pub use access::{
    AccessRequest, AccessRequestState, DeclineAccess, GrantAccess, Granter, NewAccessRequest,
    ProjectAccess,
};
pub use activity::{
    csv_field, csv_line, day_text, ActivityAction, ActivityEntry, ActivityProject, ActivityQuery,
    Actor, ActorKind, FieldChange, CSV_HEADER, MAX_ACTOR_SEARCH,
};
pub use credentials::{
    validate_token_description, validate_token_roles, AccessToken, AccessTokenRequest,
    ClientCredential, ClientCredentialWithSecret, CreateClientCredential, NewClientCredential,
    RefreshTokenRequest, MAX_TOKEN_DESCRIPTION,
};
pub use error::{ErrorBody, ErrorCode, ErrorDetail, FieldError};
pub use health::Health;
pub use kafka::{
    validate_acls, validate_cidr, validate_password, validate_username, validate_whitelist,
    whitelist_entries, AclOperation, AclPattern, AclResource, CreateKafkaUser, KafkaAccess,
    KafkaAcl, KafkaUser, UpdateKafkaUser, MAX_ACLS, MAX_ACL_NAME, MAX_WHITELIST_LENGTH,
    PASSWORD_LENGTH, SASL_PORT, SSL_PORT, USERNAME_LENGTH,
};
pub use list::{
    grouped, parse_page, parse_page_size, percent_encode, ListResponse, SortDir, DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
};
pub use members::{
    validate_role_changes, validate_user_name, CheckedInvite, Invitation, InvitationInfo,
    InvitationToken, InviteMember, Member, RoleChange, SetPassword, UpdateMember, INVITATION_HOURS,
    MAX_ROLE_CHANGES, MAX_USER_NAME,
};
pub use project::{
    check_confirmation, is_invisible, validate_pause, validate_project_name, CheckedPause, Cloud,
    EnvironmentType, InvalidProjectId, Pause, PauseProject, PauseReason, Project, ProjectId,
    ProjectState, RenameProject, ResumeProject, MAX_MAINTENANCE_DAYS, MAX_PAUSE_NOTE,
    MAX_PROJECT_NAME,
};
pub use project_query::{fold_name, ProjectListQuery, ProjectSort};
pub use regions::{region_name, regions_of, REGIONS};
pub use requests::{
    validate_environment, validate_notes, CheckedRequest, DeclineProjectRequest, NewProjectRequest,
    ProjectRequest, QueuePart, QueueQuery, RequestState, RequestTiming, Requirement,
    ThroughputUnit, MAX_CONNECTORS, MAX_ENVIRONMENT_NAME, MAX_REQUEST_NOTES,
};
pub use roles::{role_refusal, Change, Role, RoleKey};
pub use session::{
    no_access_message, validate_email, validate_user_password, Me, Membership, ProjectSummary,
    SignIn, User, CONSOLE_REQUEST_HEADER, MAX_EMAIL, MIN_USER_PASSWORD,
};
