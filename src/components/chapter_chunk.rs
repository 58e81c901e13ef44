//! A run of up to [`windowing::CHUNK`](crate::windowing::CHUNK) consecutive rows: the unit the
//! list renders or leaves out. Memoised on its props, so a highlight change re-renders only the
//! chunks that hold the old and the new playing chapter.

use yew::prelude::*;

use crate::chapters::{Chapters, Timestamp};
use crate::components::chapter_row::ChapterRow;
use crate::i18n::Lang;
use crate::images::ChapterImages;
use crate::state::{Fold, Shared};
use crate::windowing::CHUNK;

#[derive(Properties, PartialEq)]
pub struct ChapterChunkProps {
    pub chapters: Shared<Chapters>,
    pub chunk: usize,
    pub images: Shared<ChapterImages>,
    pub folds: Shared<Vec<Fold>>,
    /// The playing chapter, if it is in this chunk.
    pub active: Option<usize>,
    pub auto_open: bool,
    pub playing: bool,
    /// Which of the chunk's rows were played to their end: bit `i` for its row `i` (so a
    /// chapter finishing re-renders its own chunk, not every rendered one).
    pub listened: u16,
    /// Whether the list renders only some rows: then each says its place in the whole list.
    pub windowed: bool,
    pub id_prefix: AttrValue,
    /// The widget's language.
    pub lang: Lang,
    pub on_seek: Callback<Timestamp>,
    pub on_toggle: Callback<usize>,
}

#[function_component]
pub fn ChapterChunk(props: &ChapterChunkProps) -> Html {
    let first = props.chunk * CHUNK;
    let rows = props.chapters.iter().enumerate().skip(first).take(CHUNK).map(|(index, chapter)| {
        let active = props.active == Some(index);
        let expanded = props.folds.get(index).is_some_and(|fold| fold.is_open(active && props.auto_open));
        html! {
            <ChapterRow
                key={chapter.start.as_millis()}
                chapters={props.chapters.clone()}
                index={index}
                image={props.images.get(index)}
                // Complete once the duration is known: the state fits the chapters to it.
                end={chapter.end}
                active={active}
                expanded={expanded}
                playing={active && props.playing}
                listened={props.listened & (1 << (index - first)) != 0}
                set_size={props.windowed.then_some(props.chapters.len())}
                id_prefix={props.id_prefix.clone()}
                lang={props.lang}
                on_seek={props.on_seek.clone()}
                on_toggle={props.on_toggle.clone()}
            />
        }
    });
    html! { <>{ for rows }</> }
}
