//! How far into the playing chapter playback is: a thin bar along the row's bottom edge and
//! the time left. The only component that renders on every display tick while playing.

use yew::prelude::*;

use crate::chapters::Timestamp;
use crate::components::locale::duration_words;
use crate::components::Playhead;
use crate::i18n::{fill, Lang};

#[derive(Properties, PartialEq)]
pub struct ChapterProgressProps {
    pub start: Timestamp,
    /// Unknown for a last chapter before the media's duration is known: then no bar.
    pub end: Option<Timestamp>,
    /// The widget's language.
    pub lang: Lang,
}

#[function_component]
pub fn ChapterProgress(props: &ChapterProgressProps) -> Html {
    let playhead = use_context::<Playhead>().and_then(|p| p.time);
    let length = props.end.map_or(1, |end| end.since(props.start).as_millis().max(1));
    let elapsed = playhead.map_or(0, |now| now.since(props.start).as_millis().min(length));
    // Round the time left up, as a countdown does: 0.4 s left shows 0:01.
    let left = Timestamp::from_millis((length - elapsed).div_ceil(1000) * 1000);
    // The texts change once a second, the bar every frame: the texts are made (by the
    // browser's Intl) only when they change.
    let texts = use_memo((props.lang, left), |&(lang, left)| {
        let t = lang.messages();
        // The clock in English, the browser's words in the other languages; in words for
        // screen readers in every language.
        let shown = match lang {
            Lang::En => format!("{left} left"),
            lang => fill(t.time_left, &[("time", &duration_words(lang, left, false, false))]),
        };
        (AttrValue::from(shown), AttrValue::from(fill(t.time_left, &[("time", &duration_words(lang, left, true, false))])))
    });
    if playhead.is_none() || props.end.is_none() {
        return html! {};
    }
    let (shown, said) = (*texts).clone();
    html! {
        <>
            <span class="ec-left" aria-hidden="true">{ shown }</span>
            <span class="ec-visually-hidden">{ said }</span>
            <progress class="ec-bar" aria-hidden="true" max={length.to_string()} value={elapsed.to_string()}></progress>
        </>
    }
}
