//! Every URL of the console, built in one place. Views link with these
//! builders, never with string literals, so a route can move without hunting
//! for its links.

/// The console's entry point; it forwards to the projects list.
pub fn home() -> &'static str {
    "/"
}

/// The list of the organisation's projects.
pub fn projects() -> &'static str {
    "/projects"
}

#[cfg(test)]
mod tests {
    #[test]
    fn hrefs_are_absolute_paths() {
        for href in [super::home(), super::projects()] {
            assert!(href.starts_with('/'), "{href}");
        }
    }
}
