//! The widget's words in five languages: English, German, French, Spanish and Arabic (right to
//! left). One table per language ([`Messages`]), so a missing text does not compile; the host
//! tests check that every text is there and keeps its placeholders (`{n}`, `{title}`, …) in
//! every language. Durations are not here: the browser's `Intl` says them in the page's
//! language (see the view).
//!
//! The language is the widget element's `lang`, else the nearest `lang` above it, else English
//! ([`Lang::from_tag`] reads any BCP 47 tag: `de-AT` is German).
//!
//! Only English is compiled into the widget's wasm. The other four tables are compiled into
//! native builds (the tests), which write them out as JSON (`src/embed/i18n/*.json`, kept in
//! step by a test); the build ships those files beside the wasm, and the loader fetches the one
//! a page needs, at most one small file and only for a page that is not in English
//! ([`register`] takes it in).

use std::cell::RefCell;

/// A language the widget speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
    Ar,
}

impl Lang {
    /// Every language, for the tests.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Ar];

    /// The language of a BCP 47 tag (`de`, `de-AT`, `fr_CA`, `AR-eg`); English for any other.
    ///
    /// ```
    /// use episode_chapters::i18n::Lang;
    ///
    /// assert_eq!(Lang::from_tag("de-AT"), Lang::De);
    /// assert_eq!(Lang::from_tag(" AR-eg "), Lang::Ar);
    /// assert_eq!(Lang::from_tag("pt-BR"), Lang::En);
    /// ```
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "de" => Lang::De,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            "ar" => Lang::Ar,
            _ => Lang::En,
        }
    }

    /// The tag handed to the browser's `Intl` formatters and set on the widget (`lang`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Ar => "ar",
        }
    }

    /// Whether the language is written right to left.
    pub fn rtl(self) -> bool {
        self == Lang::Ar
    }

    /// The language's texts. In the wasm, English until the language's table is
    /// [registered](register).
    pub fn messages(self) -> &'static Messages {
        #[cfg(not(target_arch = "wasm32"))]
        return match self {
            Lang::En => &EN,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::Ar => &AR,
        };
        #[cfg(target_arch = "wasm32")]
        return LOADED.with(|l| l.borrow().iter().find(|(lang, _)| *lang == self).map(|(_, table)| *table)).unwrap_or(&EN);
    }

    /// Whether the language's texts are here: always in native builds, and in the wasm for
    /// English and for each language whose table was [registered](register).
    pub fn is_loaded(self) -> bool {
        self == Lang::En || cfg!(not(target_arch = "wasm32")) || LOADED.with(|l| l.borrow().iter().any(|(lang, _)| *lang == self))
    }
}

thread_local! {
    /// The tables taken in at run time (see [`register`]), kept for the page's life.
    static LOADED: RefCell<Vec<(Lang, &'static Messages)>> = const { RefCell::new(Vec::new()) };
}

/// Takes in `lang`'s table, read at run time (see [`Messages::from_list`]); a language already here
/// keeps its own.
pub fn register(lang: Lang, table: Messages) {
    if !lang.is_loaded() {
        LOADED.with(|l| l.borrow_mut().push((lang, Box::leak(Box::new(table)))));
    }
}

/// The placeholders of `text`, `{n}` and the like, sorted.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
    found.sort_unstable();
    found
}

/// Fills the `{name}` placeholders of `template`.
///
/// ```
/// use episode_chapters::i18n::fill;
///
/// assert_eq!(fill("{n} of {total}", &[("n", "3"), ("total", "15")]), "3 of 15");
/// ```
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A duration of `h` hours, `m` minutes and `s` seconds in English words, as the browser's
/// `Intl.DurationFormat` for `en` writes it: "1 hour, 2 minutes, 3 seconds" (`long`) or
/// "1 hr, 2 min, 3 sec"; zero parts left out, "0 seconds" for none. The widget writes English
/// itself because `Intl` takes about 0.15 ms a call in Chromium, two calls for every row it
/// renders; the other languages take the browser's words.
///
/// ```
/// use episode_chapters::i18n::english_duration;
///
/// assert_eq!(english_duration(0, 12, 42, true), "12 minutes, 42 seconds");
/// assert_eq!(english_duration(2, 0, 1, false), "2 hr, 1 sec");
/// ```
pub fn english_duration(h: u64, m: u64, s: u64, long: bool) -> String {
    let units: [(u64, &str, &str); 3] = [(h, "hour", "hr"), (m, "minute", "min"), (s, "second", "sec")];
    let mut out = String::new();
    for (n, word, short) in units {
        if n == 0 {
            continue;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        push_unit(&mut out, n, if long { word } else { short }, long);
    }
    if out.is_empty() {
        push_unit(&mut out, 0, if long { "second" } else { "sec" }, long);
    }
    out
}

fn push_unit(out: &mut String, n: u64, unit: &str, long: bool) {
    out.push_str(&n.to_string());
    out.push(' ');
    out.push_str(unit);
    if long && n != 1 {
        out.push('s');
    }
}

/// The names of the texts, in the order of [`Messages::texts`]: the keys of the tables the
/// loader fetches.
pub const NAMES: [&str; 46] = [
    "chapters",
    "loading",
    "load_failed",
    "error_title",
    "no_chapters",
    "no_audio_id",
    "no_audio",
    "one_chapter",
    "n_chapters",
    "follow",
    "expand_all",
    "collapse_all",
    "previous",
    "next",
    "clear_listened",
    "details",
    "key_points",
    "new_tab",
    "play_chapter",
    "listened",
    "time_left",
    "copy_link",
    "copy_link_to",
    "link_field",
    "copied",
    "copy_refused",
    "timeline",
    "timeline_value",
    "search",
    "search_none",
    "search_one",
    "search_many",
    "search_more",
    "search_results",
    "fail_network",
    "fail_timeout",
    "fail_http",
    "fail_not_chapters",
    "fail_format",
    "fail_format_line",
    "fail_format_byte",
    "fail_media",
    "fail_ranges",
    "fail_page",
    "media_unplayable",
    "media_not_seekable",
];

/// Every text the widget shows or says. `{…}` are placeholders, filled by [`fill`].
#[derive(Debug, Clone, Copy)]
pub struct Messages {
    pub chapters: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub error_title: &'static str,
    pub no_chapters: &'static str,
    /// `{id}`
    pub no_audio_id: &'static str,
    pub no_audio: &'static str,
    pub one_chapter: &'static str,
    /// `{n}`
    pub n_chapters: &'static str,
    pub follow: &'static str,
    pub expand_all: &'static str,
    pub collapse_all: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub clear_listened: &'static str,
    /// `{title}`
    pub details: &'static str,
    pub key_points: &'static str,
    pub new_tab: &'static str,
    /// `{n}`, `{title}`, `{time}` (the start in words)
    pub play_chapter: &'static str,
    pub listened: &'static str,
    /// `{time}` (in words)
    pub time_left: &'static str,
    pub copy_link: &'static str,
    /// `{title}`: said after "Copy link"
    pub copy_link_to: &'static str,
    /// `{title}`
    pub link_field: &'static str,
    pub copied: &'static str,
    pub copy_refused: &'static str,
    pub timeline: &'static str,
    /// `{n}`, `{count}`, `{title}`, `{time}`
    pub timeline_value: &'static str,
    pub search: &'static str,
    pub search_none: &'static str,
    /// `{total}`
    pub search_one: &'static str,
    /// `{n}`, `{total}`
    pub search_many: &'static str,
    /// `{n}`
    pub search_more: &'static str,
    pub search_results: &'static str,
    /// Why no chapters could be shown, one text per `FailureKind` (the precise diagnostic, in
    /// English, is shown beside it).
    pub fail_network: &'static str,
    pub fail_timeout: &'static str,
    pub fail_http: &'static str,
    pub fail_not_chapters: &'static str,
    pub fail_format: &'static str,
    pub fail_format_line: &'static str,
    pub fail_format_byte: &'static str,
    pub fail_media: &'static str,
    pub fail_ranges: &'static str,
    pub fail_page: &'static str,
    /// What keeps the media from playing or jumping (`MediaProblem`).
    pub media_unplayable: &'static str,
    pub media_not_seekable: &'static str,
}

pub static EN: Messages = Messages {
    chapters: "Chapters",
    loading: "Loading chapters…",
    load_failed: "The interactive chapter list could not be loaded. ",
    error_title: "The chapters could not be shown.",
    no_chapters: "This episode has no chapters to list.",
    no_audio_id: "No audio element with id \"{id}\" on this page: the chapters cannot follow playback.",
    no_audio: "No audio element found on this page: the chapters cannot follow playback.",
    one_chapter: "1 chapter",
    n_chapters: "{n} chapters",
    follow: "Follow playback",
    expand_all: "Expand all",
    collapse_all: "Collapse all",
    previous: "Previous chapter",
    next: "Next chapter",
    clear_listened: "Clear listened",
    details: "Details: {title}",
    key_points: "Key points",
    new_tab: " (opens in a new tab)",
    play_chapter: "Play chapter {n}, {title}, from {time}",
    listened: ", listened",
    time_left: "{time} left",
    copy_link: "Copy link",
    copy_link_to: " to “{title}”",
    link_field: "Link to “{title}”",
    copied: "Link copied.",
    copy_refused: "The browser did not allow copying: the link is selected in the field, ready to copy.",
    timeline: "Timeline",
    timeline_value: "Chapter {n} of {count}: {title}, {time}",
    search: "Search chapters",
    search_none: "No chapter matches.",
    search_one: "1 of {total} chapters matches. Enter plays it.",
    search_many: "{n} of {total} chapters match. Enter plays the first.",
    search_more: "{n} more matches: add a word to narrow them down.",
    search_results: "Matching chapters",
    fail_network: "Could not reach the chapters.",
    fail_timeout: "The chapters took too long to arrive.",
    fail_http: "Could not reach the chapters (HTTP {status}).",
    fail_not_chapters: "This file is not a chapter format.",
    fail_format: "The chapter file has an error.",
    fail_format_line: "The chapter file has an error at line {line}, column {column}.",
    fail_format_byte: "The chapter file has an error at byte {byte}.",
    fail_media: "The chapters in the audio file could not be read.",
    fail_ranges: "The audio cannot be read by ranges: its server does not answer HTTP Range requests.",
    fail_page: "The chapter list this page names is missing.",
    media_unplayable: "The audio could not be loaded: the chapters are listed, but cannot be played.",
    media_not_seekable: "This audio cannot jump to a chapter: its server does not allow it. It plays on from where it is.",
};

#[cfg(not(target_arch = "wasm32"))]
pub static DE: Messages = Messages {
    chapters: "Kapitel",
    loading: "Kapitel werden geladen …",
    load_failed: "Die interaktive Kapitelliste konnte nicht geladen werden. ",
    error_title: "Die Kapitel konnten nicht angezeigt werden.",
    no_chapters: "Diese Folge hat keine Kapitel.",
    no_audio_id: "Kein Audio-Element mit der ID „{id}“ auf dieser Seite: Die Kapitel können der Wiedergabe nicht folgen.",
    no_audio: "Kein Audio-Element auf dieser Seite: Die Kapitel können der Wiedergabe nicht folgen.",
    one_chapter: "1 Kapitel",
    n_chapters: "{n} Kapitel",
    follow: "Wiedergabe folgen",
    expand_all: "Alle aufklappen",
    collapse_all: "Alle zuklappen",
    previous: "Vorheriges Kapitel",
    next: "Nächstes Kapitel",
    clear_listened: "Gehört-Markierungen löschen",
    details: "Details: {title}",
    key_points: "Kernpunkte",
    new_tab: " (öffnet in einem neuen Tab)",
    play_chapter: "Kapitel {n} abspielen, {title}, ab {time}",
    listened: ", gehört",
    time_left: "noch {time}",
    copy_link: "Link kopieren",
    copy_link_to: " zu „{title}“",
    link_field: "Link zu „{title}“",
    copied: "Link kopiert.",
    copy_refused: "Der Browser hat das Kopieren nicht erlaubt: Der Link ist im Feld markiert und kann kopiert werden.",
    timeline: "Zeitleiste",
    timeline_value: "Kapitel {n} von {count}: {title}, {time}",
    search: "Kapitel durchsuchen",
    search_none: "Kein Kapitel passt.",
    search_one: "1 von {total} Kapiteln passt. Eingabe spielt es ab.",
    search_many: "{n} von {total} Kapiteln passen. Eingabe spielt das erste ab.",
    search_more: "{n} weitere Treffer: Ein weiteres Wort grenzt sie ein.",
    search_results: "Passende Kapitel",
    fail_network: "Die Kapitel konnten nicht abgerufen werden.",
    fail_timeout: "Die Kapitel kamen nicht rechtzeitig an.",
    fail_http: "Die Kapitel konnten nicht abgerufen werden (HTTP {status}).",
    fail_not_chapters: "Diese Datei ist kein Kapitelformat.",
    fail_format: "Die Kapiteldatei enthält einen Fehler.",
    fail_format_line: "Die Kapiteldatei enthält einen Fehler in Zeile {line}, Spalte {column}.",
    fail_format_byte: "Die Kapiteldatei enthält einen Fehler bei Byte {byte}.",
    fail_media: "Die Kapitel in der Audiodatei konnten nicht gelesen werden.",
    fail_ranges: "Die Audiodatei lässt sich nicht in Teilen lesen: Ihr Server beantwortet keine HTTP-Range-Anfragen.",
    fail_page: "Die Kapitelliste, die diese Seite nennt, fehlt.",
    media_unplayable: "Die Audiodatei konnte nicht geladen werden: Die Kapitel sind aufgeführt, können aber nicht abgespielt werden.",
    media_not_seekable: "Diese Audiodatei kann nicht zu einem Kapitel springen: Ihr Server erlaubt es nicht. Sie spielt an der aktuellen Stelle weiter.",
};

#[cfg(not(target_arch = "wasm32"))]
pub static FR: Messages = Messages {
    chapters: "Chapitres",
    loading: "Chargement des chapitres…",
    load_failed: "La liste interactive des chapitres n’a pas pu être chargée. ",
    error_title: "Les chapitres n’ont pas pu être affichés.",
    no_chapters: "Cet épisode n’a pas de chapitres.",
    no_audio_id: "Aucun élément audio avec l’identifiant « {id} » sur cette page : les chapitres ne peuvent pas suivre la lecture.",
    no_audio: "Aucun élément audio sur cette page : les chapitres ne peuvent pas suivre la lecture.",
    one_chapter: "1 chapitre",
    n_chapters: "{n} chapitres",
    follow: "Suivre la lecture",
    expand_all: "Tout déplier",
    collapse_all: "Tout replier",
    previous: "Chapitre précédent",
    next: "Chapitre suivant",
    clear_listened: "Effacer les écoutés",
    details: "Détails : {title}",
    key_points: "Points clés",
    new_tab: " (s’ouvre dans un nouvel onglet)",
    play_chapter: "Lire le chapitre {n}, {title}, à partir de {time}",
    listened: ", écouté",
    time_left: "{time} restantes",
    copy_link: "Copier le lien",
    copy_link_to: " vers « {title} »",
    link_field: "Lien vers « {title} »",
    copied: "Lien copié.",
    copy_refused: "Le navigateur n’a pas permis la copie : le lien est sélectionné dans le champ, prêt à être copié.",
    timeline: "Frise",
    timeline_value: "Chapitre {n} sur {count} : {title}, {time}",
    search: "Rechercher dans les chapitres",
    search_none: "Aucun chapitre ne correspond.",
    search_one: "1 chapitre sur {total} correspond. Entrée le lit.",
    search_many: "{n} chapitres sur {total} correspondent. Entrée lit le premier.",
    search_more: "{n} autres résultats : ajoutez un mot pour affiner.",
    search_results: "Chapitres trouvés",
    fail_network: "Impossible d’atteindre les chapitres.",
    fail_timeout: "Les chapitres ont mis trop de temps à arriver.",
    fail_http: "Impossible d’atteindre les chapitres (HTTP {status}).",
    fail_not_chapters: "Ce fichier n’est pas un format de chapitres.",
    fail_format: "Le fichier de chapitres contient une erreur.",
    fail_format_line: "Le fichier de chapitres contient une erreur à la ligne {line}, colonne {column}.",
    fail_format_byte: "Le fichier de chapitres contient une erreur à l’octet {byte}.",
    fail_media: "Les chapitres du fichier audio n’ont pas pu être lus.",
    fail_ranges: "L’audio ne peut pas être lu par plages : son serveur ne répond pas aux requêtes HTTP Range.",
    fail_page: "La liste de chapitres indiquée par cette page est introuvable.",
    media_unplayable: "L’audio n’a pas pu être chargé : les chapitres sont listés mais ne peuvent pas être lus.",
    media_not_seekable: "Cet audio ne peut pas aller à un chapitre : son serveur ne le permet pas. Il continue là où il en est.",
};

#[cfg(not(target_arch = "wasm32"))]
pub static ES: Messages = Messages {
    chapters: "Capítulos",
    loading: "Cargando capítulos…",
    load_failed: "No se pudo cargar la lista interactiva de capítulos. ",
    error_title: "No se pudieron mostrar los capítulos.",
    no_chapters: "Este episodio no tiene capítulos.",
    no_audio_id: "No hay ningún elemento de audio con el id «{id}» en esta página: los capítulos no pueden seguir la reproducción.",
    no_audio: "No hay ningún elemento de audio en esta página: los capítulos no pueden seguir la reproducción.",
    one_chapter: "1 capítulo",
    n_chapters: "{n} capítulos",
    follow: "Seguir la reproducción",
    expand_all: "Desplegar todo",
    collapse_all: "Plegar todo",
    previous: "Capítulo anterior",
    next: "Capítulo siguiente",
    clear_listened: "Borrar escuchados",
    details: "Detalles: {title}",
    key_points: "Puntos clave",
    new_tab: " (se abre en una pestaña nueva)",
    play_chapter: "Reproducir el capítulo {n}, {title}, desde {time}",
    listened: ", escuchado",
    time_left: "quedan {time}",
    copy_link: "Copiar enlace",
    copy_link_to: " a «{title}»",
    link_field: "Enlace a «{title}»",
    copied: "Enlace copiado.",
    copy_refused: "El navegador no permitió copiar: el enlace está seleccionado en el campo, listo para copiar.",
    timeline: "Línea de tiempo",
    timeline_value: "Capítulo {n} de {count}: {title}, {time}",
    search: "Buscar capítulos",
    search_none: "Ningún capítulo coincide.",
    search_one: "1 de {total} capítulos coincide. Intro lo reproduce.",
    search_many: "{n} de {total} capítulos coinciden. Intro reproduce el primero.",
    search_more: "{n} resultados más: añada una palabra para acotarlos.",
    search_results: "Capítulos encontrados",
    fail_network: "No se pudo acceder a los capítulos.",
    fail_timeout: "Los capítulos tardaron demasiado en llegar.",
    fail_http: "No se pudo acceder a los capítulos (HTTP {status}).",
    fail_not_chapters: "Este archivo no es un formato de capítulos.",
    fail_format: "El archivo de capítulos tiene un error.",
    fail_format_line: "El archivo de capítulos tiene un error en la línea {line}, columna {column}.",
    fail_format_byte: "El archivo de capítulos tiene un error en el byte {byte}.",
    fail_media: "No se pudieron leer los capítulos del archivo de audio.",
    fail_ranges: "El audio no se puede leer por rangos: su servidor no responde a las solicitudes HTTP Range.",
    fail_page: "Falta la lista de capítulos que indica esta página.",
    media_unplayable: "No se pudo cargar el audio: los capítulos aparecen, pero no se pueden reproducir.",
    media_not_seekable: "Este audio no puede saltar a un capítulo: su servidor no lo permite. Sigue desde donde está.",
};

#[cfg(not(target_arch = "wasm32"))]
pub static AR: Messages = Messages {
    chapters: "الفصول",
    loading: "جارٍ تحميل الفصول…",
    load_failed: "تعذّر تحميل قائمة الفصول التفاعلية. ",
    error_title: "تعذّر عرض الفصول.",
    no_chapters: "لا توجد فصول في هذه الحلقة.",
    no_audio_id: "لا يوجد عنصر صوت بالمعرّف \"{id}\" في هذه الصفحة: لا يمكن للفصول متابعة التشغيل.",
    no_audio: "لا يوجد عنصر صوت في هذه الصفحة: لا يمكن للفصول متابعة التشغيل.",
    one_chapter: "فصل واحد",
    n_chapters: "{n} فصول",
    follow: "متابعة التشغيل",
    expand_all: "توسيع الكل",
    collapse_all: "طي الكل",
    previous: "الفصل السابق",
    next: "الفصل التالي",
    clear_listened: "مسح علامات الاستماع",
    details: "التفاصيل: {title}",
    key_points: "النقاط الرئيسية",
    new_tab: " (يفتح في علامة تبويب جديدة)",
    play_chapter: "تشغيل الفصل {n}، {title}، من {time}",
    listened: "، تم الاستماع",
    time_left: "متبقٍ {time}",
    copy_link: "نسخ الرابط",
    copy_link_to: " إلى «{title}»",
    link_field: "رابط إلى «{title}»",
    copied: "تم نسخ الرابط.",
    copy_refused: "لم يسمح المتصفح بالنسخ: الرابط محدد في الحقل وجاهز للنسخ.",
    timeline: "الخط الزمني",
    timeline_value: "الفصل {n} من {count}: {title}، {time}",
    search: "البحث في الفصول",
    search_none: "لا يوجد فصل مطابق.",
    search_one: "فصل واحد من {total} يطابق. اضغط Enter لتشغيله.",
    search_many: "{n} من {total} فصلًا تطابق. اضغط Enter لتشغيل أولها.",
    search_more: "{n} نتائج أخرى: أضف كلمة لتضييقها.",
    search_results: "الفصول المطابقة",
    fail_network: "تعذّر الوصول إلى الفصول.",
    fail_timeout: "استغرق وصول الفصول وقتًا طويلًا.",
    fail_http: "تعذّر الوصول إلى الفصول (HTTP {status}).",
    fail_not_chapters: "هذا الملف ليس بصيغة فصول.",
    fail_format: "ملف الفصول يحتوي على خطأ.",
    fail_format_line: "ملف الفصول يحتوي على خطأ في السطر {line}، العمود {column}.",
    fail_format_byte: "ملف الفصول يحتوي على خطأ عند البايت {byte}.",
    fail_media: "تعذّرت قراءة الفصول في ملف الصوت.",
    fail_ranges: "لا يمكن قراءة الصوت على أجزاء: خادمه لا يجيب على طلبات HTTP Range.",
    fail_page: "قائمة الفصول التي تذكرها هذه الصفحة غير موجودة.",
    media_unplayable: "تعذّر تحميل الصوت: الفصول معروضة لكن لا يمكن تشغيلها.",
    media_not_seekable: "لا يمكن لهذا الصوت الانتقال إلى فصل: خادمه لا يسمح بذلك. يستمر التشغيل من موضعه الحالي.",
};

impl Messages {
    /// A table from its texts, in the order of [`NAMES`].
    pub fn from_texts(texts: [&'static str; NAMES.len()]) -> Messages {
        let [chapters, loading, load_failed, error_title, no_chapters, no_audio_id, no_audio, one_chapter, n_chapters, follow, expand_all, collapse_all, previous, next, clear_listened, details, key_points, new_tab, play_chapter, listened, time_left, copy_link, copy_link_to, link_field, copied, copy_refused, timeline, timeline_value, search, search_none, search_one, search_many, search_more, search_results, fail_network, fail_timeout, fail_http, fail_not_chapters, fail_format, fail_format_line, fail_format_byte, fail_media, fail_ranges, fail_page, media_unplayable, media_not_seekable] = texts;
        Messages { chapters, loading, load_failed, error_title, no_chapters, no_audio_id, no_audio, one_chapter, n_chapters, follow, expand_all, collapse_all, previous, next, clear_listened, details, key_points, new_tab, play_chapter, listened, time_left, copy_link, copy_link_to, link_field, copied, copy_refused, timeline, timeline_value, search, search_none, search_one, search_many, search_more, search_results, fail_network, fail_timeout, fail_http, fail_not_chapters, fail_format, fail_format_line, fail_format_byte, fail_media, fail_ranges, fail_page, media_unplayable, media_not_seekable }
    }

    /// The table's texts, in the order of [`NAMES`] (destructured, so a new field that is not
    /// listed here does not compile).
    pub fn texts(&self) -> [&'static str; NAMES.len()] {
        let Messages { chapters, loading, load_failed, error_title, no_chapters, no_audio_id, no_audio, one_chapter, n_chapters, follow, expand_all, collapse_all, previous, next, clear_listened, details, key_points, new_tab, play_chapter, listened, time_left, copy_link, copy_link_to, link_field, copied, copy_refused, timeline, timeline_value, search, search_none, search_one, search_many, search_more, search_results, fail_network, fail_timeout, fail_http, fail_not_chapters, fail_format, fail_format_line, fail_format_byte, fail_media, fail_ranges, fail_page, media_unplayable, media_not_seekable } = *self;
        [chapters, loading, load_failed, error_title, no_chapters, no_audio_id, no_audio, one_chapter, n_chapters, follow, expand_all, collapse_all, previous, next, clear_listened, details, key_points, new_tab, play_chapter, listened, time_left, copy_link, copy_link_to, link_field, copied, copy_refused, timeline, timeline_value, search, search_none, search_one, search_many, search_more, search_results, fail_network, fail_timeout, fail_http, fail_not_chapters, fail_format, fail_format_line, fail_format_byte, fail_media, fail_ranges, fail_page, media_unplayable, media_not_seekable]
    }

    /// A table read at run time: the loader's file, its texts in the order of [`NAMES`] (the
    /// build writes it from `src/embed/i18n/`, named by its content, so it always belongs to this
    /// version of the widget). `None` unless it holds exactly one text, not blank, for each
    /// name. The texts are kept for the page's life, like the compiled ones (once per language).
    pub fn from_list(list: Vec<String>) -> Option<Messages> {
        if list.iter().any(|text| text.trim().is_empty()) {
            return None;
        }
        let texts: Vec<&'static str> = list.into_iter().map(|text| &*Box::leak(text.into_boxed_str())).collect();
        Some(Messages::from_texts(texts.try_into().ok()?))
    }

    /// The table as the JSON object the build ships (`{"name": "text", …}`, one text a line).
    pub fn to_json(&self) -> String {
        let lines: Vec<String> = self.entries().iter().map(|(name, text)| format!("  \"{name}\": {}", crate::export::json_string(text))).collect();
        format!("{{\n{}\n}}\n", lines.join(",\n"))
    }

    /// Every text with its name.
    pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
        NAMES.into_iter().zip(self.texts()).collect()
    }
}
