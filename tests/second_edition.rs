//! The vocabulary's second edition (DESIGN.md, "Vocabulary"), one row of its
//! table at a time: each row has a small, complete dataset in
//! `tests/second-edition/`, which validates with no violation and, loaded
//! into a store, gives the row's fact back through a saved query (its TSV
//! answer, read cell by cell). Dates filter as the intervals they name.

use std::path::PathBuf;

use crate::util::{Env, repo, tsv};

/// The datasets, one per row of the table.
const FIXTURES: [&str; 20] = [
    "project.ttl",
    "funder-state.ttl",
    "contributor.ttl",
    "sponsor-funder.ttl",
    "partial-dates.ttl",
    "no-date.ttl",
    "event-status.ttl",
    "series.ttl",
    "attendance-mode.ttl",
    "headcount-qualifier.ttl",
    "subgroups.ttl",
    "organization-count.ttl",
    "planned-participation.ttl",
    "origin.ttl",
    "affiliation.ttl",
    "honorific-job-title.ttl",
    "reported-statement.ttl",
    "event-classes.ttl",
    "venue.ttl",
    "reprint.ttl",
];

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/second-edition").join(name)
}

/// A store holding the dataset `name`, which first validates with no
/// violation (warnings allowed: `validate` exits 0).
fn store_of(name: &str) -> Env {
    let path = fixture(name);
    let path = path.to_str().unwrap();
    let env = Env::new();
    env.run_storeless(&["validate", path]).success();
    env.run(&["load", path]).success();
    env
}

/// A saved query's answer, as its TSV output writes it.
struct Answer {
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Answer {
    /// Runs the saved query `name` with `params` (`NAME=VALUE`) on `env`.
    fn of(env: &Env, name: &str, params: &[&str]) -> Self {
        let mut args = vec!["query", name, "--format", "tsv"];
        for param in params {
            args.extend(["--param", param]);
        }
        let (columns, rows) = tsv(&env.run(&args).success().stdout);
        Self { columns, rows }
    }

    fn at(&self, column: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c == column)
            .unwrap_or_else(|| panic!("no column {column} in {:?}", self.columns))
    }

    /// The cells of `column`, row by row.
    fn column(&self, column: &str) -> Vec<&str> {
        let at = self.at(column);
        self.rows.iter().map(|row| row[at].as_str()).collect()
    }

    /// The cell of `column` in the one row whose `key` column is `value`.
    #[track_caller]
    fn get(&self, key: &str, value: &str, column: &str) -> &str {
        let (k, at) = (self.at(key), self.at(column));
        let found: Vec<&Vec<String>> = self.rows.iter().filter(|r| r[k] == value).collect();
        assert_eq!(
            found.len(),
            1,
            "one row with {key} = {value} expected in {:?}",
            self.rows
        );
        &found[0][at]
    }
}

/// An IRI under `https://w3id.org/actorgraph/id/`, as TSV writes it.
fn id(path: &str) -> String {
    format!("<https://w3id.org/actorgraph/id/{path}>")
}

/// An English text, as TSV writes it.
fn en(text: &str) -> String {
    format!("\"{text}\"@en")
}

/// A plain string, as TSV writes it.
fn plain(text: &str) -> String {
    format!("\"{text}\"")
}

/// A typed literal of XML Schema's `datatype`, as TSV writes it.
fn xsd(value: &str, datatype: &str) -> String {
    format!("\"{value}\"^^<http://www.w3.org/2001/XMLSchema#{datatype}>")
}

#[test]
fn every_row_has_a_dataset_that_validates() {
    let mut found: Vec<String> = std::fs::read_dir(repo().join("tests/second-edition"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|f| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(found, listed, "one dataset per row, each tested");
    let env = Env::new();
    for name in FIXTURES {
        let run = env
            .run_storeless(&["validate", fixture(name).to_str().unwrap()])
            .success();
        assert!(!run.stdout.contains("violation:"), "{name}: {}", run.stdout);
    }
}

#[test]
fn a_project_is_an_organization_with_parts_and_events() {
    let env = store_of("project.ttl");
    let projects = Answer::of(&env, "projects", &[]);
    let project = id("actor/cybercrime-project");
    assert_eq!(
        projects.get("project", &project, "parentName"),
        en("Regional programme on combating cybercrime")
    );
    // The events of the parent project's parts are the parent's too.
    let events = Answer::of(
        &env,
        "events-by-organization",
        &["org=actor:regional-programme"],
    );
    assert_eq!(events.column("event"), [id("event/project-course")]);
    assert_eq!(events.column("involvement"), [plain("organizer")]);
    assert_eq!(events.column("actor"), [project]);
}

#[test]
fn a_state_funds_events_and_projects() {
    let env = store_of("funder-state.ttl");
    let events = Answer::of(&env, "events-by-organization", &["org=actor:germany"]);
    assert_eq!(events.column("event"), [id("event/funded-course")]);
    assert_eq!(events.column("involvement"), [plain("funder")]);
    let timeline = Answer::of(&env, "timeline", &[]);
    assert_eq!(timeline.column("funders"), [en("Germany")]);
    let projects = Answer::of(&env, "projects", &[]);
    let funders = projects.get("project", &id("actor/cybercrime-project"), "funders");
    assert!(
        funders.contains("United States") && funders.contains("Germany"),
        "{funders}"
    );
}

#[test]
fn a_contributor_is_a_partner_beside_the_organizer() {
    let env = store_of("contributor.ttl");
    let events = Answer::of(
        &env,
        "events-by-organization",
        &["org=actor:digital-ministry"],
    );
    assert_eq!(events.column("involvement"), [plain("contributor")]);
    let timeline = Answer::of(&env, "timeline", &[]);
    assert_eq!(
        timeline.column("organizers"),
        [en("OSCE Programme Office in Bishkek")]
    );
    assert_eq!(
        timeline.column("contributors"),
        [en("Ministry of Digital Development")]
    );
}

#[test]
fn a_sponsor_supports_and_a_funder_funds() {
    let env = store_of("sponsor-funder.ttl");
    let timeline = Answer::of(&env, "timeline", &[]);
    assert_eq!(
        timeline.column("sponsors"),
        [en("Open Society Foundations")]
    );
    assert_eq!(timeline.column("funders"), [en("European Union")]);
    for (org, part) in [("actor:foundation", "sponsor"), ("actor:eu", "funder")] {
        let events = Answer::of(&env, "events-by-organization", &[&format!("org={org}")]);
        assert_eq!(events.column("involvement"), [plain(part)], "{org}");
    }
}

#[test]
fn partial_dates_are_the_intervals_they_name() {
    let env = store_of("partial-dates.ttl");
    let all = Answer::of(&env, "timeline", &[]);
    // A month or a year sorts before the days inside it.
    assert_eq!(
        all.column("event"),
        [
            id("event/programme-2015-2017"),
            id("event/year-2015"),
            id("event/one-day"),
            id("event/may-course"),
            id("event/november-course"),
        ]
    );
    assert_eq!(
        all.get("event", &id("event/november-course"), "start"),
        xsd("2023-11", "gYearMonth")
    );
    assert_eq!(
        all.get("event", &id("event/november-course"), "precision"),
        plain("month")
    );
    assert_eq!(
        all.get("event", &id("event/year-2015"), "precision"),
        plain("year")
    );
    // "From 2015 to 2017" overlaps a range in 2016; "in 2015" does not.
    let in_2016 = Answer::of(&env, "timeline", &["since=2016-06-01", "until=2016-06-30"]);
    assert_eq!(in_2016.column("event"), [id("event/programme-2015-2017")]);
}

#[test]
fn a_month_and_a_year_are_found_by_the_ranges_they_overlap() {
    let env = store_of("partial-dates.ttl");
    let november = id("event/november-course");
    let inside = Answer::of(&env, "timeline", &["since=2023-11-15", "until=2023-11-20"]);
    assert_eq!(inside.column("event"), [november.as_str()]);
    let after = Answer::of(&env, "timeline", &["since=2023-12-01"]);
    assert!(after.rows.is_empty(), "{:?}", after.rows);
    let before = Answer::of(&env, "timeline", &["until=2023-10-31"]);
    assert!(!before.column("event").contains(&november.as_str()));
    // A year with no end lasts the year: found for a range inside it.
    let june_2015 = Answer::of(&env, "timeline", &["since=2015-06-10", "until=2015-06-12"]);
    assert!(
        june_2015
            .column("event")
            .contains(&id("event/year-2015").as_str()),
        "{:?}",
        june_2015.rows
    );
    let in_2016 = Answer::of(&env, "timeline", &["since=2016-01-01", "until=2016-12-31"]);
    assert!(
        !in_2016
            .column("event")
            .contains(&id("event/year-2015").as_str())
    );
}

#[test]
fn an_event_without_a_date_is_listed_only_for_all_of_time() {
    let env = store_of("no-date.ttl");
    let workshop = id("event/two-day-workshop");
    let all = Answer::of(&env, "timeline", &[]);
    // Listed last, marked, with its duration.
    assert_eq!(
        all.column("event"),
        [id("event/dated-meeting"), workshop.clone()]
    );
    assert_eq!(all.get("event", &workshop, "start"), "");
    assert_eq!(all.get("event", &workshop, "precision"), plain("no date"));
    assert_eq!(
        all.get("event", &workshop, "duration"),
        xsd("P2D", "duration")
    );
    let ranged = Answer::of(&env, "timeline", &["since=2024-01-01"]);
    assert_eq!(ranged.column("event"), [id("event/dated-meeting")]);
    let by_organizer = Answer::of(
        &env,
        "events-by-organization",
        &["org=actor:steering-committee"],
    );
    assert_eq!(
        by_organizer.column("event"),
        [id("event/dated-meeting"), workshop]
    );
    assert_eq!(by_organizer.column("start")[1], "");
    let ranged = Answer::of(
        &env,
        "events-by-organization",
        &["org=actor:steering-committee", "until=2030-12-31"],
    );
    assert_eq!(ranged.column("event"), [id("event/dated-meeting")]);
}

#[test]
fn planned_cancelled_and_postponed_events_say_so() {
    let env = store_of("event-status.ttl");
    let timeline = Answer::of(&env, "timeline", &[]);
    for (event, status) in [
        ("held-course", "held"),
        ("planned-course", "planned"),
        ("cancelled-visit", "cancelled"),
        ("postponed-meeting", "postponed"),
    ] {
        assert_eq!(
            timeline.get("event", &id(&format!("event/{event}")), "status"),
            plain(status)
        );
    }
}

#[test]
fn a_series_lists_its_parts_by_position() {
    let env = store_of("series.ttl");
    let series = Answer::of(&env, "series", &["series=event:annual-forum"]);
    assert_eq!(
        series.column("part"),
        [
            id("event/forum-2021"),
            id("event/forum-2022"),
            id("event/forum-2023"),
        ]
    );
    assert_eq!(series.column("position"), ["1", "2", "3"]);
    assert_eq!(series.column("repeats")[0], xsd("P1Y", "duration"));
    assert_eq!(series.column("seriesName")[0], en("Annual forum"));
}

#[test]
fn online_and_mixed_attendance_are_shown() {
    let env = store_of("attendance-mode.ttl");
    let timeline = Answer::of(&env, "timeline", &[]);
    assert_eq!(
        timeline.get("event", &id("event/virtual-workshop"), "attendance"),
        plain("online")
    );
    assert_eq!(
        timeline.get("event", &id("event/hybrid-conference"), "attendance"),
        plain("mixed")
    );
    assert_eq!(
        timeline.get("event", &id("event/virtual-workshop"), "places"),
        ""
    );
}

#[test]
fn a_headcount_is_qualified_in_words() {
    let env = store_of("headcount-qualifier.ttl");
    let participants = Answer::of(&env, "participants-of-event", &["event=event:seminar"]);
    for (participation, headcount, qualifier) in [
        ("judges", "30", "more than"),
        ("prosecutors", "100", "nearly"),
        ("lawyers", "12", "exactly"),
        // The first edition's ag:headcountApproximate true.
        ("students", "150", "about"),
    ] {
        let key = id(&format!("participation/{participation}"));
        assert_eq!(
            participants.get("participation", &key, "headcount"),
            headcount
        );
        assert_eq!(
            participants.get("participation", &key, "qualifier"),
            plain(qualifier)
        );
    }
    // Inexact parts of different kinds make an inexact total: about.
    let headcounts = Answer::of(&env, "headcounts", &[]);
    assert_eq!(headcounts.column("total"), ["292"]);
    assert_eq!(headcounts.column("qualifier"), [plain("about")]);
}

#[test]
fn subgroups_are_marked_and_never_counted_twice() {
    let env = store_of("subgroups.ttl");
    let participants = Answer::of(&env, "participants-of-event", &["event=event:course"]);
    let whole = id("participation/officers");
    for (subgroup, gender) in [
        ("officers-women", plain("women")),
        ("officers-men", plain("men")),
        ("officers-investigators", String::new()),
    ] {
        let key = id(&format!("participation/{subgroup}"));
        assert_eq!(participants.get("participation", &key, "subgroupOf"), whole);
        assert_eq!(participants.get("participation", &key, "gender"), gender);
    }
    assert_eq!(participants.get("participation", &whole, "subgroupOf"), "");
    // Each subgroup follows the participation it is part of.
    let order = participants.column("participation");
    assert_eq!(order[0], whole);
    assert_eq!(order.last(), Some(&id("participation/trainers").as_str()));
    // 13 officers and 2 trainers; the 8 women, 5 men and 4 investigators are
    // among the officers.
    let headcounts = Answer::of(&env, "headcounts", &["event=event:course"]);
    assert_eq!(headcounts.column("total"), ["15"]);
    assert_eq!(headcounts.column("qualifier"), [plain("exactly")]);
    assert_eq!(headcounts.column("breakdown"), [plain("8 women, 5 men")]);
}

#[test]
fn the_number_of_organizations_is_shown() {
    let env = store_of("organization-count.ttl");
    let participants = Answer::of(
        &env,
        "participants-of-event",
        &["event=event:agencies-training"],
    );
    assert_eq!(participants.column("headcount"), ["19"]);
    assert_eq!(participants.column("organizations"), ["9"]);
}

#[test]
fn a_planned_event_has_its_planned_participants() {
    let env = store_of("planned-participation.ttl");
    let headcounts = Answer::of(&env, "headcounts", &[]);
    assert_eq!(
        headcounts.column("event"),
        [id("event/leadership-programme")]
    );
    assert_eq!(headcounts.column("status"), [plain("planned")]);
    assert_eq!(headcounts.column("total"), ["150"]);
    assert_eq!(headcounts.column("breakdown"), [plain("150 women")]);
}

#[test]
fn participants_come_from_a_place() {
    let env = store_of("origin.ttl");
    let participants = Answer::of(&env, "participants-of-event", &["event=event:media-forum"]);
    assert_eq!(participants.column("origins"), [en("Ukraine")]);
}

#[test]
fn affiliations_without_roles_are_listed_as_such() {
    let env = store_of("affiliation.ttl");
    let on_date = Answer::of(&env, "roles-on-date", &["date=2016-05-01"]);
    let novikov = id("actor/valeriy-novikov");
    assert_eq!(
        on_date.get("person", &novikov, "held"),
        plain("affiliation")
    );
    assert_eq!(on_date.get("person", &novikov, "roleName"), "");
    assert_eq!(
        on_date.get("person", &novikov, "organizationName"),
        en("Alternatyva Centre")
    );
    // org:memberOf is an affiliation too.
    let kovalenko = id("actor/olena-kovalenko");
    assert_eq!(
        on_date.get("person", &kovalenko, "held"),
        plain("affiliation")
    );
    assert_eq!(
        on_date.get("person", &kovalenko, "organization"),
        id("actor/human-rights-ngo")
    );
    // A role held "from 2015 to 2017" is held on any day of those years,
    // and not after them.
    let petrenko = id("actor/ivan-petrenko");
    assert_eq!(on_date.get("person", &petrenko, "held"), plain("role"));
    assert_eq!(on_date.get("person", &petrenko, "roleName"), en("Director"));
    let later = Answer::of(&env, "roles-on-date", &["date=2018-01-01"]);
    assert!(!later.column("person").contains(&petrenko.as_str()));
    let last_day = Answer::of(&env, "roles-on-date", &["date=2017-12-31"]);
    assert!(last_day.column("person").contains(&petrenko.as_str()));
}

#[test]
fn honorifics_and_job_titles_go_with_the_speaker() {
    let env = store_of("honorific-job-title.ttl");
    let quotations = Answer::of(&env, "quotations-at-event", &["event=event:opening"]);
    let belyaev = id("actor/sergei-belyaev");
    assert_eq!(
        quotations.get("speaker", &belyaev, "honorific"),
        en("Ambassador")
    );
    let ristin = id("actor/ivana-stefanovic-ristin");
    assert_eq!(quotations.get("speaker", &ristin, "honorific"), en("Mrs."));
    assert_eq!(
        quotations.get("speaker", &ristin, "jobTitle"),
        en("National Legal Officer")
    );
}

#[test]
fn reported_statements_are_marked_apart_from_quotations() {
    let env = store_of("reported-statement.ttl");
    let said = Answer::of(&env, "quotations-at-event", &["event=event:handover"]);
    assert_eq!(
        said.get(
            "text",
            &en("Mr. Vogel said that the EU will continue supporting the reform."),
            "kind"
        ),
        plain("reported")
    );
    assert_eq!(
        said.get("text", &en("We are here to stay."), "kind"),
        plain("quotation")
    );
    assert_eq!(
        said.column("roleName"),
        [en("Head of Co-operation"), en("Head of Co-operation")]
    );
}

#[test]
fn the_new_kinds_of_event_are_events() {
    let env = store_of("event-classes.ttl");
    let timeline = Answer::of(&env, "timeline", &[]);
    assert_eq!(timeline.rows.len(), 8, "{:?}", timeline.rows);
    let ranged = Answer::of(&env, "timeline", &["since=2022-05-02", "until=2022-05-02"]);
    assert_eq!(ranged.column("event"), [id("event/round-table")]);
    let found = Answer::of(&env, "find", &["text=round table"]);
    assert_eq!(
        found.column("type"),
        ["<https://w3id.org/actorgraph/ns#RoundTable>"]
    );
}

#[test]
fn a_venue_named_after_its_institution_lies_in_its_city() {
    let env = store_of("venue.ttl");
    let events = Answer::of(&env, "events-at-place", &["place=place:tashkent"]);
    assert_eq!(events.column("event"), [id("event/lecture")]);
    assert_eq!(
        events.column("locationName"),
        [en("Westminster International University in Tashkent")]
    );
}

#[test]
fn a_reprint_names_its_original_its_publisher_and_its_address() {
    let env = store_of("reprint.ttl");
    let sources = Answer::of(&env, "sources-of", &["entity=event:forensics-course"]);
    let reprint = id("doc/reprint");
    assert_eq!(
        sources.get("source", &reprint, "basedOn"),
        id("doc/original")
    );
    assert_eq!(
        sources.get("source", &reprint, "publisher"),
        en("Central Asia News")
    );
    assert_eq!(
        sources.get("source", &reprint, "url"),
        "<https://news.example.org/2023/09/26/osce-digital-forensics>"
    );
}
