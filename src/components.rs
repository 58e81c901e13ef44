//! The Yew view: one component per file. [`app::App`] owns the state and the media binding;
//! everything below it gets plain props and callbacks and renders only when they change.

pub mod app;
pub mod chapter_chunk;
pub mod chapter_list;
pub mod chapter_progress;
pub mod chapter_row;
pub mod locale;
pub mod search;
pub mod timeline;
pub mod toolbar;

use std::rc::Rc;

use yew::Reducible;

use crate::chapters::Timestamp;
use crate::state::{Action, WidgetState};

impl Reducible for WidgetState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        WidgetState::reduce(self, action)
    }
}

/// The playhead, shared by context with the one component that shows it every tick
/// ([`chapter_progress::ChapterProgress`]), so that nothing else re-renders while playing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Playhead {
    /// The current time, to the display tick.
    pub time: Option<Timestamp>,
}
