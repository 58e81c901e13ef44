//! What a page can set on a widget: attribute values read forgivingly, each falling back to
//! its default when malformed, and times in chapter links.

use episode_chapters::deeplink::{page_time, time_range, PageTime};
use episode_chapters::formats::Format;
use episode_chapters::settings::{Expanded, MediaChoice, Settings, SourceChoice, Theme};
use episode_chapters::Timestamp;

fn settings(attributes: &[(&str, &str)]) -> Settings {
    Settings::from_attributes(|name| attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned()))
}

#[test]
fn no_attributes_give_the_defaults() {
    let s = settings(&[]);
    assert_eq!(s, Settings::default());
    assert_eq!((s.heading_tag(), s.media, s.source, s.expanded, s.follow, s.theme, s.compact),
        ("h2", MediaChoice::Nearest, SourceChoice::Markup, Expanded::Current, true, Theme::Auto, false));
}

#[test]
fn malformed_values_fall_back_to_the_defaults() {
    let s = settings(&[("for", "  "), ("expanded", "sometimes"), ("follow", "maybe"), ("theme", "sepia"), ("heading-level", "9"), ("format", "yaml")]);
    assert_eq!(s, Settings::default());
    assert_eq!(settings(&[("heading-level", "0")]).heading_tag(), "h2");
    assert_eq!(settings(&[("heading-level", "-3")]).heading_tag(), "h2");
    assert_eq!(settings(&[("heading-level", " 4 ")]).heading_tag(), "h4");
}

#[test]
fn values_are_read_without_regard_to_case_and_spaces() {
    let s = settings(&[("expanded", " NONE "), ("follow", "Off"), ("theme", "Light"), ("format", "VTT"), ("compact", "compact")]);
    assert_eq!((s.expanded, s.follow, s.theme, s.format, s.compact), (Expanded::None, false, Theme::Light, Some(Format::WebVtt), true));
    assert!(!settings(&[("compact", "false")]).compact);
    assert!(!settings(&[("follow", "false")]).follow);
    assert_eq!(settings(&[("format", "psc")]).format, Some(Format::Psc));
    assert_eq!(settings(&[("format", "text")]).format, Some(Format::ShowNotes));
}

#[test]
fn every_on_off_setting_reads_the_same_words() {
    // (attribute, the setting it reads, its value when absent)
    type Switch = (&'static str, fn(&Settings) -> bool, bool);
    let switches: [Switch; 4] = [
        ("follow", |s| s.follow, true),
        ("media-session", |s| s.media_session, true),
        ("compact", |s| s.compact, false),
        ("timeline", |s| s.timeline, false),
    ];
    for (name, read, absent) in switches {
        assert_eq!(read(&settings(&[])), absent, "{name} absent");
        for off in ["off", "false", "no", "0", " OFF ", "False"] {
            assert!(!read(&settings(&[(name, off)])), "{name}={off:?} turns it off");
        }
        for on in ["", "on", "true", "yes", "1", name] {
            assert!(read(&settings(&[(name, on)])), "{name}={on:?} turns it on");
        }
    }
}

#[test]
fn sources_that_follow_the_media_file() {
    assert!(SourceChoice::from_attribute(Some("media")).follows_media_file());
    assert!(SourceChoice::from_attribute(Some("track")).follows_media_file());
    assert!(!SourceChoice::from_attribute(Some("notes.txt")).follows_media_file());
    assert!(!SourceChoice::from_attribute(None).follows_media_file());
}

#[test]
fn times_in_links() {
    let t = |ms| Timestamp::from_millis(ms);
    assert_eq!(time_range("https://example.com/ep5.mp3#t=762"), Some((t(762_000), None)));
    assert_eq!(time_range("#t=12:42"), Some((t(762_000), None)));
    assert_eq!(time_range("#t=01:02:03.5"), Some((t(3_723_500), None)));
    assert_eq!(time_range("#t=npt:0:01:30.5"), Some((t(90_500), None)));
    assert_eq!(time_range("#t=60,70"), Some((t(60_000), Some(t(70_000)))));
    assert_eq!(time_range("#t=,70"), Some((t(0), Some(t(70_000)))));
    assert_eq!(time_range("#xywh=1,2,3,4&t=5"), Some((t(5_000), None)));
    assert_eq!(time_range("#t=1:2x"), None);
    assert_eq!(time_range("#t=-5"), None);
    assert_eq!(time_range("episode.mp3"), None);
}

#[test]
fn an_empty_time_is_no_time_in_links_and_page_addresses_alike() {
    assert_eq!(time_range("ep5.mp3#t="), None);
    assert_eq!(time_range("#t=npt:"), None);
    assert_eq!(page_time("#t=", ""), PageTime::Malformed(String::new()));
    assert_eq!(page_time("", "?t=npt:"), PageTime::Malformed("npt:".into()));
    // Only a span may leave its start out.
    assert_eq!(time_range("#t=,20").map(|(start, _)| start), Some(Timestamp::ZERO));
    assert_eq!(page_time("#t=,20", ""), PageTime::Range(Timestamp::ZERO, Some(Timestamp::from_millis(20_000))));
}

#[test]
fn an_end_not_after_the_start_is_left_out() {
    let t = |ms| Timestamp::from_millis(ms);
    assert_eq!(time_range("https://example.com/ep5.mp3#t=70,60"), Some((t(70_000), None)));
    assert_eq!(time_range("#t=1:10,1:10"), Some((t(70_000), None)));
    assert_eq!(time_range("#t=60,soon"), Some((t(60_000), None)));
    assert_eq!(time_range("#t=60,60.001"), Some((t(60_000), Some(t(60_001)))));
}

#[test]
fn only_percent_and_two_hex_digits_is_an_escape() {
    let s = |secs: u64| Timestamp::from_millis(secs * 1000);
    assert_eq!(page_time("", "?t=1%3A30"), PageTime::Range(s(90), None));
    assert_eq!(page_time("#t=%31%32", ""), PageTime::Range(s(12), None));
    // A sign is not a hex digit: `%+4` is not the byte 4, and `%-1` not a negative number.
    assert_eq!(page_time("t=%+4", ""), PageTime::Malformed("%+4".into()));
    assert_eq!(page_time("#t=%+31", ""), PageTime::Malformed("%+31".into()));
    assert_eq!(page_time("#t=%-1", ""), PageTime::Malformed("%-1".into()));
}
