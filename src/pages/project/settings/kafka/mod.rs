//! The Kafka Access tab: how clients connect, and the project's Kafka users
//! (list, search, create, edit, delete). Passwords are never shown again
//! after they are sent.

mod acl;
mod cidr;
mod tab;
mod user_form;
mod users;

pub use acl::AclEditor;
pub use cidr::CidrInput;
pub use tab::KafkaAccessTab;
