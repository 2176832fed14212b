//! The console's entry point in the browser: mounts the app on the page.

fn main() {
    // The release build stops at a panic without a message (README,
    // Bundle); other builds print it.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(console::App);
}
