//! The Kafka Access tab: how clients connect, and the project's Kafka users
//! (list, search, create, edit, delete). A password just set is shown
//! once, with client configurations that use it; never again.

mod acl;
mod cidr;
mod secret;
mod tab;
mod user_form;
mod users;

pub use acl::{check_rows, renumber, AclEditor, AclRow};
pub use cidr::CidrInput;
pub use tab::KafkaAccessTab;
