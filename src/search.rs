//! Finding chapters by what they say: the query's words, each found in a chapter's title,
//! summary or key points, ignoring case and accents (`cafe` finds "Café", `MUNCHEN` finds
//! "München", `ecole` finds "École"). Pure: the view folds the chapters' text once per list
//! ([`SearchIndex::new`]) and filters on each keystroke.

use crate::chapters::Chapters;

/// The chapters' text, folded for matching, one entry per listed chapter.
#[derive(Debug, Default)]
pub struct SearchIndex {
    texts: Vec<String>,
}

impl SearchIndex {
    /// Folds every chapter's title, summary and key points.
    pub fn new(chapters: &Chapters) -> Self {
        let texts = chapters
            .iter()
            .map(|c| {
                let mut text = fold(&c.title);
                for part in std::iter::once(&c.summary).chain(c.points.iter()) {
                    text.push('\n');
                    text.push_str(&fold(part));
                }
                text
            })
            .collect();
        SearchIndex { texts }
    }

    /// The indexes of the chapters that contain every word of `query`, in order. An empty
    /// query (only spaces) matches nothing: the view shows the whole list then.
    ///
    /// ```
    /// use episode_chapters::search::SearchIndex;
    /// use episode_chapters::{Chapter, Chapters, Timestamp};
    ///
    /// let (chapters, _) = Chapters::new(vec![
    ///     Chapter::new(Timestamp::ZERO, "Le Café de Flore"),
    ///     Chapter::new(Timestamp::from_millis(60_000), "Open source"),
    /// ]);
    /// let index = SearchIndex::new(&chapters);
    /// assert_eq!(index.matches("CAFE flore"), vec![0]);
    /// assert_eq!(index.matches("source"), vec![1]);
    /// assert!(index.matches("  ").is_empty());
    /// ```
    pub fn matches(&self, query: &str) -> Vec<usize> {
        let query = fold(query);
        let words: Vec<&str> = query.split_whitespace().collect();
        if words.is_empty() {
            return Vec::new();
        }
        self.texts.iter().enumerate().filter(|(_, text)| words.iter().all(|w| text.contains(w))).map(|(i, _)| i).collect()
    }

    /// How many chapters the index holds.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether the index holds no chapter.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// `text` in lower case without accents: Latin letters with diacritics become their base
/// letters (`ß` `ss`, `æ` `ae`, `œ` `oe`, `ø` `o`), Arabic short vowels and tatweel are
/// dropped, other combining marks too.
///
/// ```
/// use episode_chapters::search::fold;
///
/// assert_eq!(fold("Crème BRÛLÉE à l’École"), "creme brulee a l'ecole");
/// assert_eq!(fold("Straße, Ærø, Œuvre, Łódź"), "strasse, aero, oeuvre, lodz");
/// assert_eq!(fold("مُقَدِّمَة"), "مقدمة");
/// assert_eq!(fold("ΚΑΦΕΣ Кофе ŸÉŁ"), "καφεσ кофе yel");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if is_mark(c) {
            continue;
        }
        let c = lower(c);
        match base(c) {
            Some(folded) => out.push_str(folded),
            None => out.push(c),
        }
    }
    out
}

/// Combining marks (a decomposed accent), Arabic harakat, superscript alef and tatweel.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// Lower case for the letters podcasts are written in (Latin-1, Latin Extended-A, Greek,
/// Cyrillic), by their code points: `char::to_lowercase` would compile Unicode's case tables
/// into the wasm (about 10 KB) for scripts a chapter search does not need to fold.
fn lower(c: char) -> char {
    let code = u32::from(c);
    let lowered = match code {
        // À–Þ but ×; Α–Ω; А–Я
        0xC0..=0xDE if code != 0xD7 => code + 0x20,
        0x391..=0x3A9 if code != 0x3A2 => code + 0x20,
        0x410..=0x42F => code + 0x20,
        // Ѐ–Џ
        0x400..=0x40F => code + 0x50,
        // Latin Extended-A: capitals at even code points, then odd from Ĺ, even from Ŋ, odd from Ź.
        0x100..=0x137 | 0x14A..=0x177 if code % 2 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17E if code % 2 == 1 => code + 1,
        0x178 => 0xFF,
        _ => code,
    };
    char::from_u32(lowered).unwrap_or(c)
}

/// The base letters of the Latin-1 and Latin Extended-A letters with diacritics (lower case).
fn base(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ß' => "ss",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ţ' | 'ť' | 'ŧ' => "t",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        // Typographic apostrophes as typed on a keyboard: `l'ecole` finds "l’École".
        '\u{2018}' | '\u{2019}' => "'",
        _ => return None,
    })
}
