//! Pages whose code arrives when they are first opened.
//!
//! In the release build (the `split` feature) each page declared with
//! [`lazy_pages!`](crate::lazy_pages) is a split point: the build cuts the
//! WebAssembly there, so the page's code, and whatever only it uses, sits
//! in a chunk of its own that is fetched the first time the page opens.
//! The projects list and what starting needs stay in the first module.
//! Without the feature the same declarations call the page directly.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// Builds a page's view; its code lives in the page's chunk.
pub type PageView = fn() -> AnyView;

/// A page's chunk did not arrive: the network failed, or a new version of
/// the console replaced the files this tab was started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Loading a page's chunk, then its view.
pub type Loading = Pin<Box<dyn Future<Output = Result<PageView, ChunkError>>>>;

/// Declares lazily loaded pages: `name in chunk => Component;` gives a
/// function `name() -> Loading` for [`LazyPage`]. Pages that name the same
/// chunk share it.
#[macro_export]
macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $name:ident in $chunk:ident => $page:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name() -> $crate::components::lazy::Loading {
            #[cfg_attr(
                feature = "split",
                ::leptos::wasm_split::wasm_split(
                    $chunk,
                    wasm_split_path = ::leptos::wasm_split,
                    fallible
                )
            )]
            #[allow(improper_ctypes_definitions)]
            fn $name() -> ::std::result::Result<
                $crate::components::lazy::PageView,
                $crate::components::lazy::ChunkError,
            > {
                ::std::result::Result::Ok(|| {
                    ::leptos::prelude::IntoAny::into_any(::leptos::prelude::view! { <$page/> })
                })
            }
            #[cfg(feature = "split")]
            {
                ::std::boxed::Box::pin($name())
            }
            #[cfg(not(feature = "split"))]
            {
                ::std::boxed::Box::pin(::std::future::ready($name()))
            }
        }
    )*};
}

/// What a lazy page shows.
#[derive(Clone, Copy)]
enum Chunk {
    Arriving,
    Ready(PageView),
    Failed,
}

/// A page from its chunk. A chunk that is already here (always, in a build
/// without splitting) shows its page at once; otherwise a loading line
/// holds the place until it arrives, and a chunk that cannot be fetched is
/// explained with Try again, which fetches it afresh.
#[component]
pub fn LazyPage(
    /// The page, from [`lazy_pages!`](crate::lazy_pages).
    load: fn() -> Loading,
    /// A part of a page rather than a page: nothing holds its place while
    /// it arrives, and a chunk that cannot be fetched leaves it out.
    #[prop(optional)]
    quiet: bool,
    /// Fetches the chunk only once this is true (at once without it).
    #[prop(optional)]
    when: Option<RwSignal<bool>>,
    /// Told whether the chunk failed to arrive, for a quiet part whose
    /// page explains it.
    #[prop(optional)]
    failed: Option<RwSignal<bool>>,
) -> impl IntoView {
    let chunk = RwSignal::new(Chunk::Arriving);
    let settle = move |result: Result<PageView, ChunkError>| {
        if let Some(failed) = failed {
            failed.try_set(result.is_err());
        }
        chunk.try_set(match result {
            Ok(page) => Chunk::Ready(page),
            Err(ChunkError) => Chunk::Failed,
        });
    };
    let fetch = move || {
        let mut loading = load();
        // One look without waiting: a chunk loaded before is ready now, and
        // its page then draws in this frame rather than after a blank one.
        match loading
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(result) => settle(result),
            Poll::Pending => {
                chunk.set(Chunk::Arriving);
                leptos::task::spawn_local(async move { settle(loading.await) });
            }
        }
    };
    match when {
        None => fetch(),
        Some(when) => {
            let started = StoredValue::new(false);
            Effect::new(move |_| {
                if when.get() && !started.get_value() {
                    started.set_value(true);
                    fetch();
                }
            });
        }
    }
    move || {
        match chunk.get() {
        Chunk::Ready(page) => page(),
        Chunk::Arriving | Chunk::Failed if quiet => ().into_any(),
        Chunk::Arriving => view! {
            <p class="loading-line" role="status" data-testid="page-loading">"Loading the page…"</p>
        }
        .into_any(),
        Chunk::Failed => view! {
            <section class="notice notice--error" role="alert" data-testid="chunk-error">
                <h2 class="notice__title">"This page could not be loaded"</h2>
                <p class="notice__text">
                    "Its code did not arrive. Check your connection and try again. If the \
                     console was updated since this tab was opened, reload it to get the new \
                     version."
                </p>
                <div class="notice__actions">
                    <button type="button" class="button button--primary" on:click=move |_| fetch()>
                        "Try again"
                    </button>
                    <button type="button" class="button" on:click=|_| { let _ = window().location().reload(); }>
                        "Reload the console"
                    </button>
                </div>
            </section>
        }
        .into_any(),
    }
    }
}

/// A route's page from its chunk, for `view=ChunkPage(lazy::name)`. Every
/// lazy route's view is this one type, so the router's code that picks
/// and draws a view is compiled once rather than once per route.
#[derive(Clone, Copy)]
pub struct ChunkPage(pub fn() -> Loading);

impl leptos_router::ChooseView for ChunkPage {
    async fn choose(self) -> AnyView {
        view! { <LazyPage load=self.0/> }.into_any()
    }

    /// The router asks every level of a route it is about to show, at
    /// once: a project's page fetches its own chunk along with the
    /// project's, rather than once the project's has arrived. Nothing
    /// waits here; each page shows its loading line until its chunk is in.
    async fn preload(&self) {
        prefetch(self.0);
    }
}

/// Starts fetching a page's chunk without showing the page, so that it is
/// here, or on its way, when the page opens (a pointer over a link to it,
/// the route about to be shown). A chunk that fails is fetched afresh when
/// its page opens.
pub fn prefetch(load: fn() -> Loading) {
    thread_local! {
        /// The chunks asked for, by their loading function.
        static ASKED: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = load as usize;
    if ASKED.with_borrow(|asked| asked.contains(&key)) {
        return;
    }
    ASKED.with_borrow_mut(|asked| asked.push(key));
    let loading = load();
    leptos::task::spawn_local(async move {
        if loading.await.is_err() {
            ASKED.with_borrow_mut(|asked| asked.retain(|k| *k != key));
        }
    });
}
