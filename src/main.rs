//! The widget as Trunk builds it: mounts a chapter widget on every `data-episode-chapters`
//! element of the page.

fn main() {
    episode_chapters::embed::mount_all();
}
