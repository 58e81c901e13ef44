//! Listening with chapters, the pure parts: a page address's `t=` (deep links) and where
//! previous / next chapter go (the 3-second rule; silent chapters are never stops).

use episode_chapters::deeplink::{page_time, PageTime};
use episode_chapters::state::{next_stop, previous_stop};
use episode_chapters::{Chapter, Chapters, Timestamp};

fn s(secs: u64) -> Timestamp {
    Timestamp::from_millis(secs * 1000)
}

fn ms(ms: u64) -> Timestamp {
    Timestamp::from_millis(ms)
}

#[test]
fn page_addresses_with_a_time() {
    for (hash, search, start) in [
        ("#t=90", "", ms(90_000)),
        ("#t=1:30", "", ms(90_000)),
        ("#t=01:02:03.5", "", ms(3_723_500)),
        ("#t=npt:0:01:30.5", "", ms(90_500)),
        ("t=762", "", ms(762_000)),
        ("", "?t=12:42", ms(762_000)),
        ("", "?ref=feed&t=90", ms(90_000)),
        ("#t=1%3A30", "", ms(90_000)),
        ("#t=5&x=1", "?t=99", ms(5_000)),
        ("#t=,20", "", ms(0)),
    ] {
        match page_time(hash, search) {
            PageTime::Range(got, _) => assert_eq!(got, start, "{hash} {search}"),
            other => panic!("{hash} {search}: {other:?}"),
        }
    }
    assert_eq!(page_time("#t=60,70", ""), PageTime::Range(s(60), Some(s(70))));
    assert_eq!(page_time("#t=npt:1:00,1:10", ""), PageTime::Range(s(60), Some(s(70))));
}

#[test]
fn addresses_without_a_time_or_with_a_bad_one() {
    for (hash, search) in [("", ""), ("#top", ""), ("#", "?"), ("#chapters", "?page=2&time=5"), ("#at=5", "")] {
        assert_eq!(page_time(hash, search), PageTime::None, "{hash} {search}");
    }
    for (hash, value) in [
        ("#t=soon", "soon"),
        ("#t=", ""),
        ("#t=-5", "-5"),
        ("#t=1:75", "1:75"),
        ("#t=60,soon", "60,soon"),
        ("#t=70,60", "70,60"),
        ("#t=60,60", "60,60"),
        ("#t=1e400", "1e400"),
        ("#t=%ZZ", "%ZZ"),
        ("#t=%E2%9C%93", "✓"),
    ] {
        assert_eq!(page_time(hash, ""), PageTime::Malformed(value.into()), "{hash}");
    }
}

fn chapters(starts: &[(u64, bool)]) -> Chapters {
    let list = starts
        .iter()
        .map(|&(start, toc)| {
            let mut chapter = Chapter::new(s(start), format!("at {start}"));
            chapter.toc = toc;
            chapter
        })
        .collect();
    Chapters::new(list).0
}

#[test]
fn next_goes_to_the_next_listed_start() {
    let list = chapters(&[(0, true), (60, true), (90, false), (120, true)]);
    assert_eq!(next_stop(&list, s(0)), Some(s(60)));
    assert_eq!(next_stop(&list, ms(59_999)), Some(s(60)));
    assert_eq!(next_stop(&list, s(60)), Some(s(120)), "the silent chapter at 90 s is no stop");
    assert_eq!(next_stop(&list, s(100)), Some(s(120)));
    assert_eq!(next_stop(&list, s(120)), None, "the last chapter");
    assert_eq!(next_stop(&chapters(&[]), s(5)), None);
}

#[test]
fn previous_follows_the_three_second_rule() {
    let list = chapters(&[(10, true), (60, true), (90, false), (120, true)]);
    // More than 3 s into a chapter: back to its start.
    assert_eq!(previous_stop(&list, s(70)), Some(s(60)));
    assert_eq!(previous_stop(&list, s(63)), Some(s(60)), "exactly 3 s in restarts the chapter");
    // Within 3 s of its start: the chapter before.
    assert_eq!(previous_stop(&list, ms(62_999)), Some(s(10)));
    assert_eq!(previous_stop(&list, s(60)), Some(s(10)));
    // The silent chapter at 90 s is no stop: 2 s into it is 32 s into chapter 2.
    assert_eq!(previous_stop(&list, s(92)), Some(s(60)));
    assert_eq!(previous_stop(&list, s(121)), Some(s(60)));
    // In the first chapter: its start, however close.
    assert_eq!(previous_stop(&list, s(11)), Some(s(10)));
    assert_eq!(previous_stop(&list, s(40)), Some(s(10)));
    // Before the first chapter there is nothing to go back to.
    assert_eq!(previous_stop(&list, s(5)), None);
}

#[test]
fn media_session_attribute() {
    use episode_chapters::settings::{Settings, ATTRIBUTES};
    let read = |value: Option<&str>| Settings::from_attributes(|name| (name == "media-session").then(|| value.map(str::to_owned)).flatten());
    assert!(read(None).media_session, "on by default");
    assert!(read(Some("")).media_session);
    assert!(read(Some("on")).media_session);
    for off in ["off", "OFF", " false ", "no", "0"] {
        assert!(!read(Some(off)).media_session, "{off}");
    }
    assert!(ATTRIBUTES.contains(&"media-session"));
}

#[test]
fn timeline_attribute() {
    use episode_chapters::settings::{Settings, ATTRIBUTES};
    let read = |value: Option<&str>| Settings::from_attributes(|name| (name == "timeline").then(|| value.map(str::to_owned)).flatten());
    assert!(!read(None).timeline, "off by default");
    assert!(read(Some("")).timeline, "a boolean attribute");
    assert!(read(Some("timeline")).timeline);
    assert!(!read(Some("false")).timeline);
    assert!(ATTRIBUTES.contains(&"timeline"));
}

#[test]
fn search_ignores_case_and_accents_in_titles_summaries_and_points() {
    use episode_chapters::search::{fold, SearchIndex};
    let mut first = Chapter::new(s(0), "Le Café de Flore");
    first.summary = "Über München nach Zürich".into();
    let mut second = Chapter::new(s(60), "Open source");
    second.points = vec!["La Straße, l’École".into()];
    let third = Chapter::new(s(120), "مُقَدِّمَة البرنامج");
    let (list, _) = Chapters::new(vec![first, second, third]);
    let index = SearchIndex::new(&list);
    assert_eq!(index.len(), 3);
    assert_eq!(index.matches("cafe"), vec![0]);
    assert_eq!(index.matches("CAFÉ FLORE"), vec![0]);
    assert_eq!(index.matches("munchen zurich"), vec![0], "summary");
    assert_eq!(index.matches("strasse"), vec![1], "points");
    assert_eq!(index.matches("l'ecole"), vec![1], "a typed apostrophe finds a typographic one");
    assert_eq!(index.matches("مقدمة"), vec![2], "Arabic without its short vowels");
    assert_eq!(index.matches("cafe source"), Vec::<usize>::new(), "every word in one chapter");
    assert_eq!(index.matches(""), Vec::<usize>::new());
    assert_eq!(fold("ÀÉÎÕÜ Ñ Ç Ø Å Ł"), "aeiou n c o a l");
}

mod listened {
    use std::rc::Rc;

    use episode_chapters::formats::shownotes;
    use episode_chapters::state::{Action, WidgetState};
    use episode_chapters::Timestamp;

    fn loaded() -> Rc<WidgetState> {
        let notes = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt")).unwrap();
        Rc::new(WidgetState::default()).reduce(Action::Loaded(shownotes::parse(&notes).unwrap()))
    }

    fn at(state: Rc<WidgetState>, ms: u64, playing: bool) -> Rc<WidgetState> {
        state.reduce(Action::Media { time: Some(Timestamp::from_millis(ms)), duration: Some(Timestamp::from_millis(2_245_007)), playing, problem: None })
    }

    #[test]
    fn a_chapter_played_through_its_end_is_listened() {
        let mut state = loaded();
        for ms in (163_000..=165_300).step_by(16) {
            state = at(state, ms, true);
        }
        assert_eq!(*state.listened, vec![0]);
        assert!(state.is_listened(Timestamp::ZERO));
        assert!(!state.is_listened(Timestamp::from_millis(165_000)));
    }

    #[test]
    fn a_chapter_is_marked_in_the_same_change_that_moves_the_highlight_on() {
        // 2:44.9 is not yet the end of chapter 1 (only the last chapter may end a little short).
        let state = at(at(loaded(), 164_500, true), 164_900, true);
        assert!(state.listened.is_empty(), "marked before its end");
        let state = at(state, 165_000, true);
        assert_eq!((state.listened.to_vec(), state.active), (vec![0], Some(1)));
    }

    #[test]
    fn a_seek_over_the_end_or_a_pause_before_it_is_not() {
        let mut state = at(loaded(), 100_000, true);
        state = at(state, 170_000, true);
        assert!(state.listened.is_empty(), "a seek from 1:40 past 2:45");
        let mut state = at(loaded(), 164_000, false);
        state = at(state, 165_100, false);
        assert!(state.listened.is_empty(), "paused: a seek, not playback");
    }

    #[test]
    fn the_last_chapter_at_the_end_of_the_media() {
        let mut state = at(loaded(), 2_244_000, true);
        state = at(state, 2_244_900, true);
        state = at(state, 2_245_007, false); // ended
        assert_eq!(*state.listened, vec![2_044_000]);
    }

    #[test]
    fn restored_and_cleared() {
        let state = loaded().reduce(Action::RestoreListened(vec![165_000, 0, 165_000]));
        assert_eq!(*state.listened, vec![0, 165_000]);
        let same = state.clone().reduce(Action::RestoreListened(vec![0, 165_000]));
        assert!(Rc::ptr_eq(&state, &same), "nothing changed, nothing re-rendered");
        let cleared = state.reduce(Action::ClearListened);
        assert!(cleared.listened.is_empty());
    }
}

#[test]
fn every_text_in_every_language_with_the_same_placeholders() {
    use episode_chapters::i18n::{placeholders, Lang, EN};
    let english = EN.entries();
    assert!(english.len() >= 30);
    for lang in Lang::ALL {
        let entries = lang.messages().entries();
        assert_eq!(entries.len(), english.len(), "{lang:?}");
        for ((name, text), (english_name, english_text)) in entries.iter().zip(&english) {
            assert_eq!(name, english_name);
            assert!(!text.trim().is_empty(), "{lang:?} {name} is empty");
            assert_eq!(placeholders(text), placeholders(english_text), "{lang:?} {name}: {text}");
        }
    }
    assert_eq!(Lang::from_tag("de-DE"), Lang::De);
    assert_eq!(Lang::from_tag("fr_CA"), Lang::Fr);
    assert_eq!(Lang::from_tag("es-419"), Lang::Es);
    assert_eq!(Lang::from_tag("ar"), Lang::Ar);
    assert_eq!(Lang::from_tag("en-GB"), Lang::En);
    assert_eq!(Lang::from_tag(""), Lang::En);
    assert!(Lang::Ar.rtl() && !Lang::De.rtl());
}

#[test]
fn search_folds_capitals_as_unicode_lowercases_them() {
    use episode_chapters::search::fold;
    let ranges = [0x41..=0x5A, 0xC0..=0x17F, 0x391..=0x3A9, 0x400..=0x42F];
    for code in ranges.into_iter().flatten() {
        let Some(c) = char::from_u32(code) else { continue };
        if c == 'İ' || c == '×' {
            continue; // İ lowercases to two chars; × is no letter
        }
        let lowered: String = c.to_lowercase().collect();
        assert_eq!(fold(&c.to_string()), fold(&lowered), "{c} (U+{code:04X})");
    }
}

/// The tables the widget's wasm fetches (every language but English) are the compiled ones.
#[test]
fn the_shipped_language_files_are_the_tables() {
    use episode_chapters::i18n::Lang;
    for lang in [Lang::De, Lang::Fr, Lang::Es, Lang::Ar] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/embed/i18n/{}.json", lang.tag()));
        let json = lang.messages().to_json();
        if std::env::var_os("UPDATE_I18N").is_some() {
            std::fs::write(&path, &json).unwrap();
        }
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(shipped == json, "{} is not the table in src/i18n.rs: `UPDATE_I18N=1 cargo test --test listening` writes it", path.display());
    }
}

/// A table read at run time is taken only whole: one text, not blank, for each name.
#[test]
fn a_table_read_at_run_time_is_whole() {
    use episode_chapters::i18n::{Messages, DE};
    let list = || DE.texts().map(str::to_owned).to_vec();
    let table = Messages::from_list(list()).expect("the German table reads");
    assert_eq!(table.entries(), DE.entries());
    let mut short = list();
    short.pop();
    assert!(Messages::from_list(short).is_none(), "a missing text");
    let mut long = list();
    long.push("Kapitel".to_owned());
    assert!(Messages::from_list(long).is_none(), "a text too many");
    let mut blank = list();
    blank[3] = " ".to_owned();
    assert!(Messages::from_list(blank).is_none(), "a blank text");
}
