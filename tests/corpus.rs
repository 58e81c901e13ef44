//! Real-world chapter text (tests/corpus, where each file comes from is in its README.md),
//! read through detection as the widget and the tool read it, with the exact chapters and
//! warnings.

use episode_chapters::formats::{self, psc, Format};

fn corpus(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Reads a corpus file with its extension as the hint, as the tool does.
fn read(name: &str) -> episode_chapters::Parsed {
    formats::parse_hinted(&corpus(name), Format::from_extension(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn chapters(parsed: &episode_chapters::Parsed) -> Vec<(String, String)> {
    parsed.chapters.iter().map(|c| (c.start.to_string(), c.title.clone())).collect()
}

fn warnings(parsed: &episode_chapters::Parsed) -> Vec<String> {
    parsed.warnings.iter().map(ToString::to_string).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|&(t, title)| (t.to_owned(), title.to_owned())).collect()
}

#[test]
fn queen_live_aid_a_list_after_a_sentence_then_analysis_bullets() {
    let parsed = read("youtube-queen-live-aid.txt");
    assert_eq!(
        chapters(&parsed),
        pairs(&[
            ("0:36", "Bohemian Rhapsody"),
            ("2:42", "Radio Ga Ga"),
            ("6:53", "Ay Oh!"),
            ("7:34", "Hammer To Fall"),
            ("12:08", "Crazy Little Thing Called Love"),
            ("16:03", "We Will Rock You"),
            ("17:18", "We Are The Champions"),
            ("21:12", "Is This The World We Created...?"),
        ])
    );
    assert_eq!(warnings(&parsed), ["line 2, column 1: the first chapter starts at 0:36: YouTube and podcast apps expect the first at 0:00"]);
    assert!(parsed.chapters.iter().all(|c| c.points.is_empty() && c.summary.is_empty()), "the analysis is the description's");
}

#[test]
fn arizmenda_numbered_with_the_time_at_the_end() {
    let parsed = read("youtube-arizmenda-numbered.txt");
    assert_eq!(
        chapters(&parsed),
        pairs(&[
            ("0:00", "Those Beaten Paths of Confusion"),
            ("11:47", "Beyond the Shadows of Emptiness & Nothingness"),
            ("26:30", "Poison Yourself...With Thought"),
            ("35:57", "The Agents of Transformation"),
            ("44:32", "Drowning in the Pain of Consciousness"),
            ("53:07", "Deny the Disease of Life"),
        ])
    );
    assert_eq!(warnings(&parsed), Vec::<String>::new());
}

#[test]
fn arizmenda_with_the_time_at_the_start_after_a_link() {
    let parsed = read("youtube-arizmenda-start.txt");
    assert_eq!(
        chapters(&parsed),
        pairs(&[
            ("0:00", "Christening Unborn Deformities"),
            ("7:08", "Taste of Purity"),
            ("16:16", "Sculpting Sins of a Universal Tongue"),
            ("24:45", "Birth"),
            ("31:24", "Neves"),
            ("37:55", "Libations in Limbo"),
        ])
    );
    assert_eq!(warnings(&parsed), Vec::<String>::new());
}

#[test]
fn system_of_a_down_setlist_with_notes_after_some_times() {
    let parsed = read("youtube-soad-setlist.txt");
    assert_eq!(
        chapters(&parsed),
        pairs(&[
            ("0:45", "I-E-A-I-A-I-O"),
            ("4:26", "Suite-Pee (Incomplete)"),
            ("5:31", "Attack (First live performance since 2011)"),
            ("8:42", "Prison Song"),
            ("12:32", "Know (First live performance since 2011)"),
            ("15:32", "Aerials"),
            ("19:13", "Soldier Side - Intro"),
            ("20:09", "B.Y.O.B."),
            ("24:32", "Soil"),
            ("27:48", "Darts"),
            ("30:38", "Radio/Video"),
            ("35:05", "Hypnotize"),
            ("38:08", "Temper (First live performance since 1999)"),
            ("41:00", "CUBErt"),
            ("42:57", "Needles"),
            ("46:27", "Deer Dance"),
            ("49:38", "Bounce"),
            ("51:25", "Suggestions"),
            ("53:52", "Psycho"),
            ("58:13", "Chop Suey!"),
            ("1:01:15", "Lonely Day"),
            ("1:04:14", "Question!"),
            ("1:08:10", "Lost in Hollywood"),
            ("1:13:40", "Vicinity of Obscenity (First live performance since 2012)"),
            ("1:16:17", "Forest"),
            ("1:20:02", "Cigaro"),
            ("1:23:57", "Toxicity (with Chino Moreno)"),
            ("1:27:53", "Sugar"),
        ])
    );
    assert_eq!(warnings(&parsed), ["line 4, column 1: the first chapter starts at 0:45: YouTube and podcast apps expect the first at 0:00"]);
}

#[test]
fn zatemno_cyrillic_titles_after_a_number_and_a_dash() {
    let parsed = read("youtube-zatemno-tracklist.txt");
    assert_eq!(
        chapters(&parsed),
        pairs(&[("0:00", "Во прах [Vo prakh]"), ("8:10", "Искупление [Iskupleniye]"), ("14:30", "Из серпов луны...[Iz serpov luny]")])
    );
    assert_eq!(warnings(&parsed), Vec::<String>::new());
}

#[test]
fn a_time_in_an_announcement_is_not_a_chapter() {
    let text = corpus("youtube-lcs-prose.txt");
    let error = formats::parse_hinted(&text, Format::from_extension("youtube-lcs-prose.txt")).unwrap_err();
    assert!(error.to_string().starts_with("no chapters found: expected show notes (a line like \"00:00 Intro\""), "{error}");
}

#[test]
fn huberman_lab_timestamps_with_hours() {
    let parsed = read("huberman-lab-timestamps.txt");
    assert_eq!(parsed.title.as_deref(), Some("Huberman Lab - Machines, Creativity & Love | Dr. Lex Fridman"));
    assert_eq!(
        chapters(&parsed),
        pairs(&[
            ("0:00", "Introduction: Lex Fridman"),
            ("2:29", "Sponsors: AG1, LMNT & Waking Up"),
            ("7:35", "What is Artificial Intelligence?"),
            ("26:46", "Machine & Human Learning"),
            ("32:21", "Curiosity"),
            ("36:55", "Story Telling Robots"),
            ("40:48", "What Defines a Robot?"),
            ("44:30", "Magic & Surprise"),
        ])
    );
    assert_eq!(warnings(&parsed), Vec::<String>::new());
}

const EPISODE_3: [(&str, &str); 3] = [("0:00", "Intro"), ("4:12", "Listener mail"), ("31:40", "Outro")];

#[test]
fn feeds_with_the_namespace_as_publishing_code_writes_it() {
    for (name, namespace, namespace_line, second_line) in [
        ("feed-elementtree-https.xml", "https://podlove.org/simple-chapters/", 9, 19),
        ("feed-template-trailing-slash.xml", "http://podlove.org/simple-chapters/", 13, 23),
    ] {
        let parsed = read(name);
        assert_eq!(chapters(&parsed), pairs(&EPISODE_3), "{name}");
        assert_eq!(
            warnings(&parsed),
            [
                format!("line {namespace_line}, column 7: the namespace \"{namespace}\" is not \"http://podlove.org/simple-chapters\": read as if it were"),
                format!("line {second_line}, column 7: more than one <psc:chapters> in the document: the first one is read"),
            ],
            "{name}"
        );
        // Each item on its own, by GUID or number.
        let text = corpus(name);
        let items = psc::items(&text).unwrap();
        let listed: Vec<_> = items.iter().map(|i| (i.number, i.guid.as_deref(), i.title.as_deref(), i.chapters)).collect();
        assert_eq!(
            listed,
            [
                (1, Some("ep-3"), Some("Episode 3: Chapters"), 3),
                (2, Some("ep-2"), Some("Episode 2: Feeds & namespaces"), 2),
                (3, Some("ep-1"), Some("Episode 1: Hello"), 0),
            ],
            "{name}"
        );
        let second = psc::parse_item(&text, "ep-2").unwrap();
        assert_eq!(chapters(&second), pairs(&[("0:00", "Intro"), ("10:00", "Namespaces")]), "{name}");
        assert_eq!(second.title.as_deref(), Some("Episode 2: Feeds & namespaces"));
        assert_eq!(warnings(&second), [format!("line {namespace_line}, column 7: the namespace \"{namespace}\" is not \"http://podlove.org/simple-chapters\": read as if it were")]);
        assert_eq!(psc::parse_item(&text, "2").unwrap().chapters, second.chapters);
        assert!(psc::parse_item(&text, "ep-1").unwrap_err().to_string().ends_with("no chapters found: expected a <psc:chapter> element in <psc:chapters>"));
    }
}

#[test]
fn podcasting_2_0_json_with_times_as_strings() {
    let parsed = read("chapters-string-times.json");
    assert_eq!(chapters(&parsed), pairs(&EPISODE_3));
    assert_eq!(parsed.chapters.get(2).unwrap().end.unwrap().as_millis(), 1_990_000);
    assert_eq!(
        warnings(&parsed),
        [
            "line 5, column 20: \"chapters[0].startTime\" must be a number, found the string \"0\": read as 0",
            "line 9, column 20: \"chapters[1].startTime\" must be a number, found the string \"252.5\": read as 252.5",
            "line 13, column 20: \"chapters[2].startTime\" must be a number, found the string \"1900\": read as 1900",
            "line 14, column 18: \"chapters[2].endTime\" must be a number, found the string \"1990\": read as 1990",
        ]
    );
}
