//! `/api/openapi.json`: the OpenAPI document of this API, generated from
//! the shared wire types and the handlers' own declarations of what they
//! answer, errors included.

use crate::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::OpenApi;

/// What the document says besides the paths, which each resource declares
/// beside its routes (`Doc` in each module, listed in [`super::RESOURCES`]).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tributary projects API",
        description = "Projects of the organisation, their settings, API tokens and Kafka access. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`. Console users sign in with `POST /api/auth/login`, which sets an HttpOnly session cookie; a change sent with that cookie must carry the `X-Console-Request: 1` header. A user works in the projects they are a member of, within their role there (Admin, Data Admin, Read Only). A request with `Authorization: Bearer <accessToken>` works only in that token's project and within its roles.",
    ),
    tags(
        (name = "projects", description = "The organisation's projects"),
        (name = "api-tokens", description = "A project's API tokens (client credentials)"),
        (name = "auth", description = "Signing in to the console, and bearer access tokens for an API token"),
        (name = "kafka", description = "A project's Kafka connection and Kafka users"),
        (name = "connectors", description = "The catalog of connectors, and a project's sources and destinations; secrets are write-only and encrypted at rest"),
        (name = "pipelines", description = "A project's pipelines, each streaming a source's topics to a destination, with their metrics and logs; the reference server simulates the data plane and says so in every metrics answer"),
        (name = "topics", description = "A project's topics: one per table its sources capture, a dead-letter topic per destination, and those created by hand"),
        (name = "usage", description = "Inbound, outbound and billable bytes of a project, and the organisation's totals per project; figures from the simulated data plane"),
        (name = "project-requests", description = "Asking support for a new project; support provisions or declines it"),
        (name = "access", description = "Asking for access to a project one has no role on; its Admins and the organisation admins grant or decline"),
        (name = "health", description = "Whether the server answers"),
        (name = "live", description = "Live updates: a stream of the changes the signed-in user may see, so that the console shows them without reloading"),
    ),
    components(schemas(
        api_types::ProjectId,
        api_types::ProjectSort,
        api_types::SortDir,
        api_types::ProjectState,
        api_types::Cloud,
        api_types::RoleKey,
        api_types::QueuePart,
    )),
    modifiers(&BearerScheme),
)]
pub struct ApiDoc;

/// Declares the bearer scheme the paths refer to.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An access token from POST /api/auth/access-token, for one project.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                super::session::COOKIE,
                "The console's session, set by POST /api/auth/login.",
            ))),
        );
    }
}

/// Adds the rules that tie one field of a body to another (a region to its
/// cloud, an ACL's operation to its resource, ...), which a field's own
/// schema cannot state: the body's schema becomes `allOf` its fields and
/// those rules.
struct CrossFieldRules;

impl utoipa::Modify for CrossFieldRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let rules = [
            (
                "NewProjectRequest",
                api_types::schema::new_project_request_rules(),
            ),
            ("KafkaAcl", api_types::schema::kafka_acl_rules()),
        ];
        for (name, rules) in rules {
            if let Some(fields) = components.schemas.remove(name) {
                let schema = api_types::schema::with_rules(fields, rules);
                components.schemas.insert(name.to_string(), schema.into());
            }
        }
    }
}

/// The document as JSON, built once.
pub fn document() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut doc = ApiDoc::openapi();
        for resource in super::RESOURCES {
            doc.merge((resource.doc)());
        }
        // After the merge: the bodies' schemas come with their paths.
        utoipa::Modify::modify(&CrossFieldRules, &mut doc);
        doc.to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    })
}

/// The routes of this resource, relative to `/api`.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/openapi.json",
        get(|| async {
            ([(header::CONTENT_TYPE, "application/json")], document()).into_response()
        }),
    )
}
