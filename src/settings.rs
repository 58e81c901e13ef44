//! What a page asks of one widget, read from the `<episode-chapters>` element's attributes or
//! from the JS API's options object: which media to follow, where the chapters come from, and
//! how the list looks and behaves. Plain data, no DOM: the embed layer reads the values and the
//! tests check the rules here on the host.
//!
//! Every value is forgiving: an unknown or malformed value falls back to the default rather
//! than breaking the widget (`heading-level="9"` is `2`, `expanded="sometimes"` is `current`).

use crate::formats::Format;

/// Which rows open by themselves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Expanded {
    /// None: every row stays closed until the listener opens it.
    None,
    /// The playing chapter opens while it plays (the default).
    #[default]
    Current,
    /// Every row is open when the chapters arrive.
    All,
}

/// Light or dark colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// As the page says: its `color-scheme` (a site's own switch), else the system's setting
    /// where the page allows both (`<meta name="color-scheme" content="light dark">`).
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Which media element the widget follows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum MediaChoice {
    /// The element with this id (the `for` attribute).
    Id(String),
    /// No `for`: an `<audio>` or `<video>` inside the widget's element, else the nearest one
    /// before it in the document.
    #[default]
    Nearest,
}

/// Where the chapters come from, before anything is fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceChoice {
    /// A URL to fetch, relative to the page.
    Url(String),
    /// The text content of the element with this id (`src="#notes"`).
    Element(String),
    /// The media element's own `<track kind="chapters">`.
    Track,
    /// The chapters inside the media file (MP3, MP4, Ogg), read by HTTP Range requests.
    Media,
    /// Chapters handed over as data by the JS API (Podcasting 2.0 JSON, as text).
    Data(String),
    /// No `src`: the server-rendered list inside the element (`episode-chapters convert --to
    /// html`), so no request at all.
    Markup,
}

impl SourceChoice {
    /// Reads a `src` attribute: `track`, `media`, `#id`, a URL, or nothing (the markup).
    ///
    /// ```
    /// use episode_chapters::settings::SourceChoice;
    ///
    /// assert_eq!(SourceChoice::from_attribute(Some(" media ")), SourceChoice::Media);
    /// assert_eq!(SourceChoice::from_attribute(Some("#notes")), SourceChoice::Element("notes".into()));
    /// assert_eq!(SourceChoice::from_attribute(Some("ep5.json")), SourceChoice::Url("ep5.json".into()));
    /// assert_eq!(SourceChoice::from_attribute(Some("")), SourceChoice::Markup);
    /// assert_eq!(SourceChoice::from_attribute(None), SourceChoice::Markup);
    /// ```
    pub fn from_attribute(value: Option<&str>) -> SourceChoice {
        let value = value.map(str::trim).unwrap_or_default();
        match value {
            "" => SourceChoice::Markup,
            "track" => SourceChoice::Track,
            "media" => SourceChoice::Media,
            _ => match value.strip_prefix('#') {
                Some(id) => SourceChoice::Element(id.to_owned()),
                None => SourceChoice::Url(value.to_owned()),
            },
        }
    }

    /// How messages name the source.
    pub fn name(&self) -> String {
        match self {
            SourceChoice::Url(url) => url.clone(),
            SourceChoice::Element(id) => format!("#{id}"),
            SourceChoice::Track => "the chapters track".to_owned(),
            SourceChoice::Media => "the audio file".to_owned(),
            SourceChoice::Data(_) => "the chapters given to mount()".to_owned(),
            SourceChoice::Markup => "the chapter list in the page".to_owned(),
        }
    }

    /// Whether the chapters depend on which file the media element plays, so that a new media
    /// `src` means reading them again.
    pub fn follows_media_file(&self) -> bool {
        matches!(self, SourceChoice::Track | SourceChoice::Media)
    }
}

/// Everything a page can set on one widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The media element to follow.
    pub media: MediaChoice,
    /// Where the chapters come from.
    pub source: SourceChoice,
    /// The format of the source, skipping detection (`format="json"`).
    pub format: Option<Format>,
    /// Which rows open by themselves.
    pub expanded: Expanded,
    /// Whether the list keeps the playing chapter in view.
    pub follow: bool,
    /// Light, dark, or as the page says.
    pub theme: Theme,
    /// The narrow layout for sidebars.
    pub compact: bool,
    /// The level of the widget's "Chapters" heading, 1 to 6 (default 2).
    pub heading_level: u8,
    /// Whether the widget shows the playing chapter in the OS media controls and moves between
    /// chapters from them (Media Session); `media-session="off"` leaves them to the page.
    pub media_session: bool,
    /// Whether a timeline bar (one segment per chapter) is shown above the list.
    pub timeline: bool,
    /// The element's own `lang`, if it has one (else the nearest `lang` above it counts).
    pub lang: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            media: MediaChoice::Nearest,
            source: SourceChoice::Markup,
            format: None,
            expanded: Expanded::Current,
            follow: true,
            theme: Theme::Auto,
            compact: false,
            heading_level: 2,
            media_session: true,
            timeline: false,
            lang: None,
        }
    }
}

/// The attributes of `<episode-chapters>`, which are also the option names of the JS API
/// (`heading-level` is `headingLevel` there).
pub const ATTRIBUTES: [&str; 11] =
    ["for", "src", "format", "expanded", "follow", "theme", "compact", "heading-level", "media-session", "timeline", "lang"];

impl Settings {
    /// Reads the settings from attribute values; `get(name)` returns an attribute's value, or
    /// `None` when it is absent. The on/off settings all read one set of words: `off`, `false`,
    /// `no` and `0` (any case) turn one off, any other value turns it on, and an absent
    /// attribute leaves the default (off for `compact` and `timeline`, on for `follow` and
    /// `media-session`).
    ///
    /// ```
    /// use episode_chapters::settings::{Expanded, MediaChoice, Settings, SourceChoice, Theme};
    ///
    /// let attributes = [("for", "episode-audio"), ("src", "ep5.json"), ("expanded", "all"),
    ///                   ("follow", "off"), ("theme", "dark"), ("compact", ""), ("heading-level", "3")];
    /// let settings = Settings::from_attributes(|name| {
    ///     attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    /// });
    /// assert_eq!(settings.media, MediaChoice::Id("episode-audio".into()));
    /// assert_eq!(settings.source, SourceChoice::Url("ep5.json".into()));
    /// assert_eq!((settings.expanded, settings.follow, settings.theme), (Expanded::All, false, Theme::Dark));
    /// assert!(settings.compact);
    /// assert_eq!(settings.heading_level, 3);
    /// ```
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Settings {
        let default = Settings::default();
        let word = |name: &str| get(name).map(|v| v.trim().to_ascii_lowercase());
        // An on/off setting: its default when absent, else on unless an off word.
        let switch = |name: &str, absent: bool| word(name).map_or(absent, |v| !is_off(&v));
        Settings {
            media: match get("for").map(|v| v.trim().to_owned()) {
                Some(id) if !id.is_empty() => MediaChoice::Id(id),
                _ => MediaChoice::Nearest,
            },
            source: SourceChoice::from_attribute(get("src").as_deref()),
            format: word("format").as_deref().and_then(format_from_name),
            expanded: match word("expanded").as_deref() {
                Some("none" | "false" | "off") => Expanded::None,
                Some("all") => Expanded::All,
                _ => default.expanded,
            },
            follow: switch("follow", default.follow),
            theme: match word("theme").as_deref() {
                Some("light") => Theme::Light,
                Some("dark") => Theme::Dark,
                _ => Theme::Auto,
            },
            compact: switch("compact", default.compact),
            heading_level: word("heading-level")
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|level| (1..=6).contains(level))
                .unwrap_or(default.heading_level),
            media_session: switch("media-session", default.media_session),
            timeline: switch("timeline", default.timeline),
            lang: get("lang").map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()),
        }
    }

    /// The `<hN>` tag of the heading.
    pub fn heading_tag(&self) -> &'static str {
        match self.heading_level {
            1 => "h1",
            3 => "h3",
            4 => "h4",
            5 => "h5",
            6 => "h6",
            _ => "h2",
        }
    }
}

/// Whether an on/off setting's value (trimmed, lower case) turns it off.
fn is_off(value: &str) -> bool {
    matches!(value, "off" | "false" | "no" | "0")
}

/// The format a `format` attribute names: `json`, `vtt` / `webvtt`, `psc` / `xml`, `text` /
/// `shownotes`.
pub fn format_from_name(name: &str) -> Option<Format> {
    match name.trim().to_ascii_lowercase().as_str() {
        "json" | "application/json" | "application/json+chapters" => Some(Format::Json),
        "vtt" | "webvtt" | "text/vtt" => Some(Format::WebVtt),
        "psc" | "xml" | "podlove" => Some(Format::Psc),
        "text" | "txt" | "shownotes" | "show-notes" | "text/plain" => Some(Format::ShowNotes),
        _ => None,
    }
}
