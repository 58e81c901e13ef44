//! The widget's reducer: what it changes, and that it hands back the same `Rc` (so nothing
//! re-renders) when nothing visible changed.

use std::rc::Rc;

use episode_chapters::formats::shownotes;
use episode_chapters::settings::Expanded;
use episode_chapters::state::{Action, Failure, FailureKind, Fold, Load, WidgetState, DISPLAY_TICK_MS};
use episode_chapters::{Position, Timestamp};

fn loaded() -> Rc<WidgetState> {
    let notes = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt")).unwrap();
    Rc::new(WidgetState::default()).reduce(Action::Loaded(shownotes::parse(&notes).unwrap()))
}

fn at(state: Rc<WidgetState>, ms: u64, playing: bool) -> Rc<WidgetState> {
    state.reduce(Action::Media { time: Some(Timestamp::from_millis(ms)), duration: Some(Timestamp::from_millis(2_245_000)), playing, problem: None })
}

#[test]
fn loading_then_loaded() {
    assert_eq!(WidgetState::default().load, Load::Loading);
    let state = loaded();
    assert_eq!(state.load, Load::Ready);
    assert_eq!(state.chapters.len(), 15);
    assert_eq!(state.folds.len(), 15);
    assert_eq!(state.active, None, "no time reported yet");
}

fn failure(kind: FailureKind) -> Failure {
    Failure { kind, message: "episode.txt: line 2, column 3: invalid timestamp \"1:2x\"".into(), position: Position::text(2, 3) }
}

#[test]
fn a_failure_after_chapters_were_shown_leaves_no_rows_behind() {
    let state = at(loaded(), 200_000, true);
    assert_eq!(state.active, Some(1));
    let state = state.reduce(Action::Failed(failure(FailureKind::Format)));
    assert!(matches!(&state.load, Load::Failed(f) if f.kind == FailureKind::Format && f.position == Position::text(2, 3)));
    assert_eq!((state.chapters.len(), state.folds.len(), state.active), (0, 0, None));
}

#[test]
fn loading_again_clears_the_old_chapters_and_repeats_as_the_same_rc() {
    let state = at(loaded(), 200_000, true).reduce(Action::Loading);
    assert_eq!(state.load, Load::Loading);
    assert_eq!((state.chapters.len(), state.active), (0, None));
    assert!(Rc::ptr_eq(&state, &state.clone().reduce(Action::Loading)));
}

#[test]
fn expanded_none_keeps_the_playing_chapter_closed() {
    let state = Rc::new(WidgetState::default()).reduce(Action::Configure { expanded: Expanded::None, follow: true });
    let notes = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt")).unwrap();
    let state = at(state.reduce(Action::Loaded(shownotes::parse(&notes).unwrap())), 200_000, true);
    assert_eq!(state.active, Some(1));
    assert!(!state.is_expanded(1));
    // Back to the default: the playing chapter opens.
    let state = state.reduce(Action::Configure { expanded: Expanded::Current, follow: true });
    assert!(state.is_expanded(1));
    assert!(!state.is_expanded(2));
}

#[test]
fn expanded_all_opens_every_row_on_load_and_on_change() {
    let state = Rc::new(WidgetState::default()).reduce(Action::Configure { expanded: Expanded::All, follow: true });
    let notes = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo/episode.txt")).unwrap();
    let state = state.reduce(Action::Loaded(shownotes::parse(&notes).unwrap()));
    assert!((0..15).all(|i| state.is_expanded(i)));
    let state = loaded().reduce(Action::Configure { expanded: Expanded::All, follow: true });
    assert!((0..15).all(|i| state.is_expanded(i)));
}

#[test]
fn follow_off_asks_for_no_scrolling_and_on_asks_once() {
    let state = loaded().reduce(Action::Configure { expanded: Expanded::Current, follow: false });
    let before = state.scroll_request;
    let state = at(at(state, 10_000, true), 200_000, true);
    assert_eq!(state.scroll_request, before, "chapter changes do not scroll");
    let state = state.reduce(Action::Configure { expanded: Expanded::Current, follow: true });
    assert_eq!(state.scroll_request, before + 1);
    assert!(Rc::ptr_eq(&state, &state.clone().reduce(Action::Configure { expanded: Expanded::Current, follow: true })));
}

#[test]
fn the_active_chapter_follows_the_exact_time() {
    let state = at(loaded(), 164_999, true);
    assert_eq!(state.active, Some(0));
    let state = at(state, 165_000, true);
    assert_eq!(state.active, Some(1));
    let state = at(state, 762_000, true);
    assert_eq!(state.active, Some(5));
    let state = at(state, 2_245_000, false);
    assert_eq!(state.active, Some(14), "ended: the last chapter keeps the highlight");
}

#[test]
fn same_rc_when_nothing_visible_changes() {
    let state = at(loaded(), 10_000, true);
    let same = at(state.clone(), 10_000 + DISPLAY_TICK_MS - 1, true);
    assert!(Rc::ptr_eq(&state, &same), "a report inside the same display tick must not re-render");
    let moved = at(state.clone(), 10_000 + DISPLAY_TICK_MS, true);
    assert!(!Rc::ptr_eq(&state, &moved));
    assert_eq!(moved.time, Some(Timestamp::from_millis(10_100)));
    let paused = at(moved.clone(), 10_100, false);
    assert!(!Rc::ptr_eq(&moved, &paused));
    assert!(!paused.playing);
}

#[test]
fn the_playing_chapter_opens_by_itself_and_closes_when_playback_moves_on() {
    let state = at(loaded(), 1_000, true);
    assert!(state.is_expanded(0));
    assert!(!state.is_expanded(1));
    let state = at(state, 170_000, true);
    assert!(!state.is_expanded(0));
    assert!(state.is_expanded(1));
}

#[test]
fn rows_set_by_hand_keep_their_state() {
    let state = at(loaded(), 1_000, true);
    let state = state.reduce(Action::Toggled(0)); // close the playing chapter by hand
    let state = state.reduce(Action::Toggled(3)); // open another by hand
    assert_eq!(state.folds[0], Fold::Closed);
    assert!(!state.is_expanded(0));
    assert!(state.is_expanded(3));
    let state = at(state, 170_000, true);
    assert!(state.is_expanded(1), "the new playing chapter opens");
    assert!(state.is_expanded(3), "opened by hand stays open");
    let state = at(state, 1_000, true);
    assert!(!state.is_expanded(0), "closed by hand stays closed");
    let unchanged = state.clone().reduce(Action::Toggled(99));
    assert!(Rc::ptr_eq(&state, &unchanged));
}

#[test]
fn expand_all_and_collapse_all() {
    let state = at(loaded(), 1_000, false).reduce(Action::ExpandAll);
    assert!((0..15).all(|i| state.is_expanded(i)));
    assert!(state.all_expanded());
    let state = state.reduce(Action::CollapseAll);
    assert!((0..15).all(|i| !state.is_expanded(i)));
    assert!(!state.all_expanded());
    let state = at(state, 170_000, true);
    assert!(state.is_expanded(1), "after collapse all, the next chapter to play opens again");
    // Every row open by hand but the playing one, which opens by itself: all open, until
    // another chapter plays.
    let mut state = state;
    for i in (0..15).filter(|&i| i != 1) {
        state = state.reduce(Action::Toggled(i));
    }
    assert_eq!(state.closed_rows(), vec![1]);
    assert!(state.all_expanded());
    let state = at(state, 300_000, true);
    assert!(!state.all_expanded(), "chapter 2 closes when chapter 3 plays");
    assert_eq!(state.all_expanded(), state.all_expanded_with(&state.closed_rows()));
}

#[test]
fn following_pauses_when_the_listener_scrolls_and_resumes_on_request() {
    let state = at(loaded(), 1_000, true);
    assert!(state.following);
    let request = state.scroll_request;
    let state = at(state, 170_000, true);
    assert_eq!(state.scroll_request, request + 1, "a new playing chapter asks to be scrolled into view");
    let state = state.reduce(Action::ListenerScrolled);
    assert!(!state.following);
    let again = state.clone().reduce(Action::ListenerScrolled);
    assert!(Rc::ptr_eq(&state, &again));
    let state = at(state, 240_000, true);
    assert_eq!(state.scroll_request, request + 1, "no scrolling while the listener looks elsewhere");
    let state = state.reduce(Action::FollowPlayback);
    assert!(state.following);
    assert_eq!(state.scroll_request, request + 2);
}

#[test]
fn unknown_time_means_no_highlight() {
    let state = at(loaded(), 1_000, true).reduce(Action::Media { time: None, duration: None, playing: false, problem: None });
    assert_eq!(state.active, None);
}

#[test]
fn chapters_past_the_end_of_the_media_leave_the_list_once_the_duration_is_known() {
    // The notes run to 37:25; this audio is an edit that ends at 30:00, inside chapter 12.
    let state = loaded().reduce(Action::Toggled(13));
    let short = |ms| Action::Media { time: Some(Timestamp::from_millis(ms)), duration: Some(Timestamp::from_millis(1_800_000)), playing: true, problem: None };
    let state = state.reduce(short(1_000));
    let last = state.chapters.len() - 1;
    assert!(state.chapters.get(last).unwrap().start < Timestamp::from_millis(1_800_000));
    assert_eq!(state.chapters.get(last).unwrap().end, Some(Timestamp::from_millis(1_800_000)));
    assert_eq!(state.folds.len(), state.chapters.len());
    assert_eq!(state.source.len(), 15, "what the source says is kept");
    assert!(state.fit_warnings[0].ends_with("after the end of the media (30:00): cut there"), "{:?}", state.fit_warnings);
    assert!(state.fit_warnings.iter().skip(1).all(|w| w.ends_with("after the end of the media (30:00): not listed")));
    assert_eq!(state.fit_warnings.len(), 15 - state.chapters.len() + 1);
    // At the end of the shorter audio, its last listed chapter is playing.
    let ended = state.reduce(short(1_800_000));
    assert_eq!(ended.active, Some(last));
    // The same duration again changes nothing; the full duration brings every chapter back.
    let again = ended.clone().reduce(short(1_800_000));
    assert!(Rc::ptr_eq(&ended, &again));
    let full = at(ended, 1_000, true);
    assert_eq!(full.chapters.len(), 15);
    assert!(full.fit_warnings.is_empty());
}
