//! Durations in words, in the widget's language (a [`Lang`], which every component that shows
//! text is given as a prop): English written by the widget ([`crate::i18n::english_duration`]),
//! the other languages through the browser's `Intl` (`Intl.DurationFormat` where present,
//! `Intl.NumberFormat` with units otherwise), so that no table of their unit names is compiled
//! in.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::chapters::Timestamp;
use crate::i18n::Lang;

/// A formatter's language, style (long) and unit ("" for the duration formatter).
type FormatterKey = (Lang, bool, &'static str);

thread_local! {
    /// Formatters made once per language, style and unit: `Intl` constructors are slow.
    static FORMATTERS: RefCell<Vec<(FormatterKey, JsValue)>> = const { RefCell::new(Vec::new()) };
}

fn intl(name: &str) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    Reflect::get(&intl, &JsValue::from_str(name)).ok()?.dyn_into().ok()
}

fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object
}

/// A formatter, made on first use: `unit` "" is the `DurationFormat`, else a `NumberFormat`
/// for that unit.
fn formatter(lang: Lang, long: bool, unit: &'static str) -> Option<JsValue> {
    if let Some(found) = FORMATTERS.with(|f| f.borrow().iter().find(|(key, _)| *key == (lang, long, unit)).map(|(_, f)| f.clone())) {
        return Some(found);
    }
    let style = JsValue::from_str(if long { "long" } else { "short" });
    let made = if unit.is_empty() {
        let constructor = intl("DurationFormat")?;
        Reflect::construct(&constructor, &Array::of2(&lang.tag().into(), &object(&[("style", style)]))).ok()?
    } else {
        let constructor = intl("NumberFormat")?;
        let options = object(&[("style", "unit".into()), ("unit", unit.into()), ("unitDisplay", style)]);
        Reflect::construct(&constructor, &Array::of2(&lang.tag().into(), &options)).ok()?
    };
    FORMATTERS.with(|f| f.borrow_mut().push(((lang, long, unit), made.clone())));
    Some(made)
}

fn format_with(formatter: &JsValue, value: &JsValue) -> Option<String> {
    let format: Function = Reflect::get(formatter, &JsValue::from_str("format")).ok()?.dyn_into().ok()?;
    format.call1(formatter, value).ok()?.as_string()
}

/// `time` as a duration in words in `lang`: "12 minutes, 42 seconds", "2 Minuten, 45
/// Sekunden" (`long`), or "12 min, 42 sec" (short). Whole seconds, `round`ed to the nearest or
/// else floored (a start); zero parts left out.
pub fn duration_words(lang: Lang, time: Timestamp, long: bool, round: bool) -> String {
    let millis = time.as_millis();
    let secs = if round { (millis + 500) / 1000 } else { millis / 1000 };
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if lang == Lang::En {
        return crate::i18n::english_duration(h, m, s, long);
    }
    let parts: Vec<(&'static str, u64)> = [("hour", h), ("minute", m), ("second", s)]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .collect();
    let parts = if parts.is_empty() { vec![("second", 0)] } else { parts };
    if let Some(duration) = formatter(lang, long, "") {
        let fields: Vec<(&str, JsValue)> = parts.iter().map(|&(unit, n)| (plural(unit), JsValue::from_f64(n as f64))).collect();
        let mut value = object(&fields);
        if secs == 0 {
            value = object(&[("seconds", 0.0.into())]);
            let _ = Reflect::set(&value, &"secondsDisplay".into(), &"always".into());
        }
        if let Some(text) = format_with(&duration, &value) {
            if !text.is_empty() {
                return text;
            }
        }
    }
    let separator = if lang.rtl() { "، " } else { ", " };
    parts
        .iter()
        .map(|&(unit, n)| {
            formatter(lang, long, unit)
                .and_then(|f| format_with(&f, &JsValue::from_f64(n as f64)))
                .unwrap_or_else(|| format!("{n} {unit}"))
        })
        .collect::<Vec<_>>()
        .join(separator)
}

fn plural(unit: &str) -> &'static str {
    match unit {
        "hour" => "hours",
        "minute" => "minutes",
        _ => "seconds",
    }
}

/// A length shown in the list, in the browser's short form for the page's language
/// (`4 min, 30 sec`, `4 Min., 30 Sek.`).
pub fn length_text(lang: Lang, length: Timestamp) -> String {
    duration_words(lang, length, false, true)
}
