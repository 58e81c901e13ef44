//! The widget in headless Chromium with a real `<audio>` element: rows, highlight, seeking,
//! expanding. Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown`.
//!
//! The audio is a real 37:25 WAV (8 kHz, 8-bit, quiet) made in memory, so the element has the
//! demo episode's duration and can seek anywhere; the chapters are the demo episode's notes.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag, Element, HtmlElement, HtmlMediaElement, Url};

wasm_bindgen_test_configure!(run_in_browser);

const NOTES: &str = include_str!("../demo/episode.txt");
const DURATION_SECS: u32 = 37 * 60 + 25;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn blob_url(bytes: &[u8], mime: &str) -> String {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).unwrap();
    Url::create_object_url_with_blob(&blob).unwrap()
}

/// A mono 8-bit 8 kHz WAV of `secs` seconds: a quiet 500 Hz tone.
fn wav(secs: u32) -> Vec<u8> {
    let rate = 8_000u32;
    let samples = rate * secs;
    let mut out = Vec::with_capacity(44 + samples as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + samples).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes()); // bytes per second
    out.extend_from_slice(&1u16.to_le_bytes()); // block align
    out.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&samples.to_le_bytes());
    out.extend((0..samples).map(|i| if (i / 8) % 2 == 0 { 132 } else { 124 }));
    out
}

async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits up to ~10 s worth of frames for `check`, then fails with `what`.
async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..600 {
        if check() {
            return;
        }
        next_frame().await;
    }
    panic!("timed out waiting for {what}");
}

struct Fixture {
    /// The widget's shadow root, where its rows are.
    root: web_sys::ShadowRoot,
    audio: HtmlMediaElement,
    _widget: episode_chapters::embed::Widget,
}

impl Fixture {
    async fn new(name: &str) -> Fixture {
        let doc = document();
        let audio: HtmlMediaElement = doc.create_element("audio").unwrap().dyn_into().unwrap();
        let audio_id = format!("{name}-audio");
        audio.set_id(&audio_id);
        audio.set_muted(true); // muted media may play without a user gesture
        audio.set_preload("auto");
        audio.set_src(&blob_url(&wav(DURATION_SECS), "audio/wav"));
        let host = doc.create_element("episode-chapters").unwrap();
        let body = doc.body().unwrap();
        body.append_child(&audio).unwrap();
        body.append_child(&host).unwrap();
        // As the JS API mounts it: options named like the element's attributes.
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"for".into(), &audio_id.into()).unwrap();
        js_sys::Reflect::set(&options, &"src".into(), &blob_url(NOTES.as_bytes(), "text/plain").into()).unwrap();
        let widget = episode_chapters::embed::mount(host.clone(), options.into(), JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
        let root = host.shadow_root().unwrap();
        let fixture = Fixture { root, audio, _widget: widget };
        wait_for("15 rows and the audio's metadata", || {
            fixture.rows().len() == 15 && fixture.audio.ready_state() >= 1
        })
        .await;
        fixture
    }

    fn rows(&self) -> Vec<Element> {
        let list = self.root.query_selector_all("li.ec-chapter").unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().dyn_into().unwrap()).collect()
    }

    fn row(&self, index: usize) -> Element {
        self.rows().remove(index)
    }

    fn current(&self) -> Vec<String> {
        let list = self.root.query_selector_all("[aria-current]").unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute("data-start-ms").unwrap())
            .collect()
    }

    fn click(&self, element: &Element, selector: &str) {
        element.query_selector(selector).unwrap().unwrap().dyn_into::<HtmlElement>().unwrap().click();
    }

    async fn seek(&self, secs: f64) {
        self.audio.set_current_time(secs);
        let expected = secs;
        wait_for("the seek to finish", || !self.audio.seeking() && (self.audio.current_time() - expected).abs() < 0.5).await;
    }
}

#[wasm_bindgen_test]
async fn lists_the_fifteen_demo_chapters() {
    let f = Fixture::new("list").await;
    let rows = f.rows();
    let starts: Vec<String> = rows.iter().map(|r| r.get_attribute("data-start-ms").unwrap()).collect();
    assert_eq!(starts[0], "0");
    assert_eq!(starts[5], "762000");
    assert_eq!(starts[14], "2044000");
    let first = rows[0].text_content().unwrap();
    assert!(first.contains("0:00–2:45"), "{first}");
    assert!(first.contains("From eBay power-seller to computer vision"), "{first}");
    // The playing (first) chapter counts down; the others show their length.
    assert!(first.contains("2:45 left"), "{first}");
    let second = rows[1].text_content().unwrap();
    assert!(second.contains("1 min, 14 sec") && !second.contains("left"), "{second}");
    let list = f.root.query_selector("ol").unwrap().unwrap();
    let heading = f.root.get_element_by_id(&list.get_attribute("aria-labelledby").unwrap()).unwrap();
    assert_eq!(heading.text_content().unwrap(), "Chapters");
    for row in &rows {
        let seek = row.query_selector("button.ec-seek").unwrap().unwrap();
        assert!(!seek.has_attribute("aria-expanded"));
        let toggle = row.query_selector("button.ec-toggle").unwrap().unwrap();
        assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some(if row.has_attribute("aria-current") { "true" } else { "false" }));
    }
}

#[wasm_bindgen_test]
async fn the_highlight_follows_current_time_including_boundaries_and_the_end() {
    let f = Fixture::new("follow").await;
    wait_for("chapter 1 highlighted at 0:00", || f.current() == ["0"]).await;
    f.seek(762.5).await;
    wait_for("chapter 6 highlighted at 12:42.5", || f.current() == ["762000"]).await;
    f.seek(164.9).await;
    wait_for("chapter 1 highlighted at 2:44.9", || f.current() == ["0"]).await;
    f.seek(165.0).await;
    wait_for("chapter 2 highlighted at exactly 2:45", || f.current() == ["165000"]).await;
    f.seek(f64::from(DURATION_SECS)).await;
    wait_for("the last chapter highlighted at the very end", || f.current() == ["2044000"]).await;
    // The highlighted row shows its progress and the time left.
    f.seek(2044.0 + 100.0).await;
    wait_for("time left in the last chapter", || {
        f.row(14).text_content().unwrap().contains("1:41 left")
    })
    .await;
    let bar = f.row(14).query_selector("progress.ec-bar").unwrap().unwrap();
    assert_eq!(bar.get_attribute("max").as_deref(), Some("201000"));
    assert_eq!(bar.get_attribute("value").as_deref(), Some("100000"));
}

#[wasm_bindgen_test]
async fn clicking_a_chapter_seeks_there_and_plays() {
    let f = Fixture::new("seek").await;
    assert!(f.audio.paused());
    f.click(&f.row(8), "button.ec-seek");
    wait_for("playback from 19:55", || !f.audio.paused() && f.audio.current_time() >= 1195.0).await;
    assert!(f.audio.current_time() < 1200.0, "{}", f.audio.current_time());
    wait_for("chapter 9 highlighted", || f.current() == ["1195000"]).await;
    f.audio.pause().unwrap();
}

#[wasm_bindgen_test]
async fn rows_expand_and_collapse() {
    let f = Fixture::new("fold").await;
    let row = f.row(3);
    let toggle = row.query_selector("button.ec-toggle").unwrap().unwrap();
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(row.query_selector(".ec-details").unwrap().is_none());
    f.click(&row, "button.ec-toggle");
    wait_for("row 4 open", || toggle.get_attribute("aria-expanded").as_deref() == Some("true")).await;
    let details = f.row(3).query_selector(".ec-details").unwrap().unwrap().text_content().unwrap();
    assert!(details.contains("Clem offers a framework for pivots"), "{details}");
    assert!(details.contains("Aim for a healthy exploration/exploitation split"), "{details}");
    f.click(&f.row(3), "button.ec-toggle");
    wait_for("row 4 closed", || toggle.get_attribute("aria-expanded").as_deref() == Some("false")).await;

    let expand_all = f.root.query_selector(".ec-toolbar button:last-child").unwrap().unwrap();
    assert_eq!(expand_all.text_content().unwrap(), "Expand all");
    expand_all.dyn_into::<HtmlElement>().unwrap().click();
    wait_for("every row open", || f.root.query_selector_all("[aria-expanded=\"true\"]").unwrap().length() == 15).await;
    let collapse_all = f.root.query_selector(".ec-toolbar button:last-child").unwrap().unwrap();
    assert_eq!(collapse_all.text_content().unwrap(), "Collapse all");
    collapse_all.dyn_into::<HtmlElement>().unwrap().click();
    wait_for("every row closed", || f.root.query_selector_all("[aria-expanded=\"true\"]").unwrap().length() == 0).await;
}

/// The widget writes English durations itself (`Intl` is slow): word for word what the
/// browser's `Intl.DurationFormat` for `en` writes, long and short, with the unit
/// `Intl.NumberFormat` for zero (which `DurationFormat` leaves empty).
#[wasm_bindgen_test]
fn english_durations_are_the_browsers_words() {
    use js_sys::{Function, Object, Reflect};
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).unwrap();
    let construct = |name: &str, options: &Object| {
        let class: Function = Reflect::get(&intl, &name.into()).unwrap().dyn_into().unwrap();
        Reflect::construct(&class, &Array::of2(&"en".into(), options)).unwrap()
    };
    let format = |formatter: &JsValue, value: &JsValue| -> String {
        let f: Function = Reflect::get(formatter, &"format".into()).unwrap().dyn_into().unwrap();
        f.call1(formatter, value).unwrap().as_string().unwrap()
    };
    for long in [true, false] {
        let style = if long { "long" } else { "short" };
        let options = Object::new();
        Reflect::set(&options, &"style".into(), &style.into()).unwrap();
        let duration = construct("DurationFormat", &options);
        let units = Object::new();
        Reflect::set(&units, &"style".into(), &"unit".into()).unwrap();
        Reflect::set(&units, &"unit".into(), &"second".into()).unwrap();
        Reflect::set(&units, &"unitDisplay".into(), &style.into()).unwrap();
        assert_eq!(episode_chapters::i18n::english_duration(0, 0, 0, long), format(&construct("NumberFormat", &units), &0.into()));
        for secs in (1..4000u64).step_by(7).chain([1, 60, 61, 120, 3600, 3601, 3660, 7200, 7261, 36000, 359999]) {
            let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
            let value = Object::new();
            for (name, n) in [("hours", h), ("minutes", m), ("seconds", s)] {
                if n > 0 {
                    Reflect::set(&value, &name.into(), &(n as f64).into()).unwrap();
                }
            }
            assert_eq!(episode_chapters::i18n::english_duration(h, m, s, long), format(&duration, &value), "{secs} s, {style}");
        }
    }
}
