//! Writes a synthetic actor/event graph in actorgraph's vocabulary, both
//! editions, as Turtle, for benchmarks:
//!
//! - places nested in regions and countries; the countries also act as
//!   states that fund projects and events;
//! - organizations with units; projects (`schema:Project`) nested in one
//!   another, classified as projects, funded by states or organizations,
//!   with partner contributors and staff, some of them affiliated without a
//!   role;
//! - people with honorifics and job titles, holding several roles over time;
//! - events of eleven kinds with organizers, sponsors, funders,
//!   contributors and topics: most dated to the day, some only to the month
//!   or the year, a few with a duration and no date; some planned,
//!   postponed or cancelled, some online; some the parts of annual series;
//!   follow-up chains;
//! - participations with shared role and actor-category concepts, qualified
//!   headcounts, women and men counted apart, the number of organizations
//!   and where participants came from;
//! - quotations and reported statements, and the news articles all of it
//!   comes from.
//!
//! The same seed always gives the same bytes; the output streams, so any
//! size fits.
//!
//! ```sh
//! cargo run --release -p actorgraph-model --example generate -- --triples 1000000 --seed 7 -o events.ttl
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use actorgraph_model::PrefixMap;

/// About how many triples one event brings with its share of people,
/// organizations, projects and documents (measured on the output).
const TRIPLES_PER_EVENT: u64 = 38;

const COUNTRIES: usize = 30;
const REGIONS_PER_COUNTRY: usize = 8;
const CITIES_PER_REGION: usize = 12;
const TOPICS: usize = 400;
const ROLES: usize = 60;
/// The first year events are dated in, and the first year that is still to
/// come: events from then on are planned.
const FIRST_YEAR: u32 = 2000;
const PLANNED_FROM: u32 = 2026;
/// The shared actor categories (`concept:` names and labels, as
/// data/concepts.ttl has them).
const CATEGORIES: [(&str, &str); 11] = [
    ("judges", "judges"),
    ("prosecutors", "prosecutors"),
    ("law-enforcement-officers", "law-enforcement officers"),
    ("police-officers", "police officers"),
    ("lawyers", "lawyers"),
    ("journalists", "journalists"),
    ("civil-society-members", "members of civil society"),
    ("government-officials", "government officials"),
    ("members-of-parliament", "members of parliament"),
    ("students", "students"),
    ("experts", "experts"),
];
/// The shared participation roles besides `concept:attendee`.
const ACTIVE_ROLES: [&str; 6] = [
    "trainer",
    "speaker",
    "moderator",
    "organizer",
    "observer",
    "interpreter",
];
/// Women's and men's given names in turn: even places hold women's.
const GIVEN: [&str; 16] = [
    "Ana", "Jiří", "Aigerim", "Tomás", "Sara", "Nurlan", "Zoë", "Émile", "Oksana", "Luca",
    "Dilnoza", "Ömer", "Ingrid", "Kwame", "Mei", "Tastemir",
];
const FAMILY: [&str; 16] = [
    "Abishev",
    "Bonotti",
    "Novák",
    "Søndergaard",
    "Kowalczyk",
    "Müller",
    "Ibrahimović",
    "Okafor",
    "Petrenko",
    "García",
    "Şahin",
    "Nakamura",
    "Lindqvist",
    "Dupont",
    "Ferreira",
    "Zhou",
];
const JOB_TITLES: [&str; 6] = [
    "Senior Legal Adviser",
    "Project Co-ordinator",
    "Independent Expert",
    "Professor of Law",
    "Deputy Head of Mission",
    "National Programme Officer",
];
const EVENT_KINDS: [(&str, &str); 11] = [
    ("ag:Seminar", "Seminar"),
    ("ag:Presentation", "Presentation"),
    ("ag:RoundTable", "Round table"),
    ("ag:Workshop", "Workshop"),
    ("ag:TrainingCourse", "Training course"),
    ("ag:Conference", "Conference"),
    ("ag:Meeting", "Meeting"),
    ("ag:Ceremony", "Ceremony"),
    ("ag:Visit", "Visit"),
    ("ag:MonitoringMission", "Monitoring mission"),
    ("schema:Event", "Hearing"),
];
/// How headcounts are qualified, in percent; none means exactly.
const HEADCOUNT_QUALIFIERS: [(Option<&str>, u8); 6] = [
    (None, 20),
    (Some("ag:Exactly"), 20),
    (Some("ag:About"), 30),
    (Some("ag:MoreThan"), 15),
    (Some("ag:Nearly"), 10),
    (Some("ag:UpTo"), 5),
];

struct Options {
    events: u64,
    seed: u64,
    output: Option<String>,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!(
                "error: {message}\nusage: generate (--triples N | --events N) [--seed S] [-o FILE]"
            );
            return ExitCode::from(2);
        }
    };
    let result = match &options.output {
        Some(path) => File::create(path).and_then(|f| generate(&options, BufWriter::new(f))),
        None => generate(&options, BufWriter::new(io::stdout().lock())),
    };
    match result {
        Ok(triples) => {
            eprintln!(
                "{triples} triples, {} events, seed {}",
                options.events, options.seed
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        events: 0,
        seed: 1,
        output: None,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let number = |text: String| {
            text.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{text}: {e}"))
        };
        match arg.as_str() {
            "--triples" => {
                options.events = (number(value("--triples")?)? / TRIPLES_PER_EVENT).max(1)
            }
            "--events" => options.events = number(value("--events")?)?.max(1),
            "--seed" => options.seed = number(value("--seed")?)?,
            "-o" | "--output" => options.output = Some(value("-o")?),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if options.events == 0 {
        return Err("give --triples N or --events N".to_owned());
    }
    Ok(options)
}

/// Writes the graph and returns how many triples it holds.
fn generate(options: &Options, out: impl Write) -> io::Result<u64> {
    let events = options.events as usize;
    let sizes = Sizes {
        events,
        organizations: (events / 25).max(4),
        projects: (events / 40).max(2),
        people: (events / 4).max(4),
        documents: (events / 10).max(1),
    };
    let mut g = Generator {
        out,
        rng: fastrand::Rng::with_seed(options.seed),
        triples: 0,
        sizes,
        series: None,
        series_started: 0,
    };
    for (name, namespace) in PrefixMap::builtin().sorted() {
        writeln!(g.out, "@prefix {name}: <{namespace}> .")?;
    }

    g.places()?;
    g.concepts()?;
    for o in 0..sizes.organizations {
        g.organization(o)?;
    }
    for p in 0..sizes.projects {
        g.project(p)?;
    }
    for p in 0..sizes.people {
        g.person(p)?;
    }
    for e in 0..sizes.events {
        g.event(e)?;
    }
    for d in 0..sizes.documents {
        g.document(d)?;
    }
    g.out.flush()?;
    Ok(g.triples)
}

/// How many of each kind of entity the graph holds.
#[derive(Clone, Copy)]
struct Sizes {
    events: usize,
    organizations: usize,
    projects: usize,
    people: usize,
    documents: usize,
}

/// An event series being written: its parts are consecutive events of one
/// kind and organizer, a year apart.
struct Series {
    subject: String,
    kind: usize,
    organizer: String,
    first_year: u32,
    parts: u32,
    written: u32,
}

/// Where an event stands in its series.
struct SeriesPart {
    series: String,
    kind: usize,
    organizer: String,
    position: u32,
    year: u32,
}

struct Generator<W> {
    out: W,
    rng: fastrand::Rng,
    triples: u64,
    sizes: Sizes,
    /// The series whose parts are being written, if any.
    series: Option<Series>,
    series_started: usize,
}

impl<W: Write> Generator<W> {
    /// Writes one subject's block: `statements` are `predicate object` pairs.
    fn block(&mut self, subject: &str, statements: &[(&str, String)]) -> io::Result<()> {
        write!(self.out, "{subject}")?;
        for (i, (predicate, object)) in statements.iter().enumerate() {
            let sep = if i == 0 { " " } else { " ;\n    " };
            write!(self.out, "{sep}{predicate} {object}")?;
        }
        writeln!(self.out, " .")?;
        // An object list (`a , b`) is one triple per object.
        self.triples += statements
            .iter()
            .map(|(_, object)| 1 + object.matches(" , ").count() as u64)
            .sum::<u64>();
        Ok(())
    }

    /// `n` objects made by `make`, as a Turtle object list.
    fn objects(&mut self, n: usize, mut make: impl FnMut(&mut Self) -> String) -> String {
        (0..n).map(|_| make(self)).collect::<Vec<_>>().join(" , ")
    }

    fn percent(&mut self) -> u8 {
        self.rng.u8(..100)
    }

    fn places(&mut self) -> io::Result<()> {
        for c in 0..COUNTRIES {
            self.block(
                &format!("place:country-{c}"),
                &[
                    ("a", "schema:Place , schema:Country".into()),
                    ("schema:name", text(&format!("Country {c}"))),
                ],
            )?;
            for r in 0..REGIONS_PER_COUNTRY {
                self.block(
                    &format!("place:region-{c}-{r}"),
                    &[
                        ("a", "schema:Place , schema:AdministrativeArea".into()),
                        ("schema:name", text(&format!("Region {r} of country {c}"))),
                        ("schema:containedInPlace", format!("place:country-{c}")),
                    ],
                )?;
                for t in 0..CITIES_PER_REGION {
                    self.block(
                        &format!("place:city-{c}-{r}-{t}"),
                        &[
                            ("a", "schema:Place , schema:City".into()),
                            (
                                "schema:name",
                                text(&format!("City {t} in region {r}, country {c}")),
                            ),
                            ("schema:containedInPlace", format!("place:region-{c}-{r}")),
                        ],
                    )?;
                }
            }
        }
        Ok(())
    }

    fn country(&mut self) -> String {
        format!("place:country-{}", self.rng.usize(..COUNTRIES))
    }

    fn city(&mut self) -> String {
        format!(
            "place:city-{}-{}-{}",
            self.rng.usize(..COUNTRIES),
            self.rng.usize(..REGIONS_PER_COUNTRY),
            self.rng.usize(..CITIES_PER_REGION)
        )
    }

    /// Where participants came from: mostly a country, else a region.
    fn origin(&mut self) -> String {
        if self.rng.u8(..10) < 7 {
            self.country()
        } else {
            format!(
                "place:region-{}-{}",
                self.rng.usize(..COUNTRIES),
                self.rng.usize(..REGIONS_PER_COUNTRY)
            )
        }
    }

    fn organization_iri(&mut self) -> String {
        format!("actor:org-{}", self.rng.usize(..self.sizes.organizations))
    }

    fn project_iri(&mut self) -> String {
        format!("actor:project-{}", self.rng.usize(..self.sizes.projects))
    }

    fn person_iri(&mut self) -> String {
        format!("actor:person-{}", self.rng.usize(..self.sizes.people))
    }

    /// A funder: a state (a country acting) more often than an organization.
    fn funder(&mut self) -> String {
        if self.rng.u8(..10) < 6 {
            self.country()
        } else {
            self.organization_iri()
        }
    }

    fn concepts(&mut self) -> io::Result<()> {
        for t in 0..TOPICS {
            let mut statements = vec![
                ("a", "skos:Concept".to_owned()),
                ("skos:prefLabel", text(&format!("topic {t}"))),
            ];
            if t >= 20 {
                // A forest of topics: each narrower than an earlier one.
                statements.push((
                    "skos:broader",
                    format!("concept:topic-{}", self.rng.usize(..t / 2)),
                ));
            }
            self.block(&format!("concept:topic-{t}"), &statements)?;
        }
        // The shared concepts used here, declared as data/concepts.ttl
        // declares them, so that the file stands alone.
        for (name, label) in CATEGORIES {
            self.block(
                &format!("concept:{name}"),
                &[
                    ("a", "skos:Concept , ag:ActorCategory".into()),
                    ("skos:prefLabel", text(label)),
                ],
            )?;
        }
        for name in ["attendee"].iter().chain(&ACTIVE_ROLES).chain(&["project"]) {
            self.block(
                &format!("concept:{name}"),
                &[("a", "skos:Concept".into()), ("skos:prefLabel", text(name))],
            )?;
        }
        for r in 0..ROLES {
            self.block(
                &format!("role:role-{r}"),
                &[
                    ("a", "org:Role".into()),
                    ("schema:name", text(&format!("Officer grade {r}"))),
                ],
            )?;
        }
        Ok(())
    }

    fn organization(&mut self, o: usize) -> io::Result<()> {
        let location = self.city();
        let mut statements = vec![
            ("a", "org:Organization , org:FormalOrganization".to_owned()),
            (
                "schema:name",
                text(&format!(
                    "Organization {o} for {}",
                    FAMILY[o % FAMILY.len()]
                )),
            ),
            ("schema:location", location),
        ];
        // A quarter are units of an earlier organization.
        if o > 0 && self.rng.u8(..4) == 0 {
            statements[0].1 = "org:Organization , org:OrganizationalUnit".into();
            statements.push(("org:unitOf", format!("actor:org-{}", self.rng.usize(..o))));
        }
        if o.is_multiple_of(7) {
            statements.push(("schema:alternateName", text(&format!("ORG{o}"))));
        }
        self.block(&format!("actor:org-{o}"), &statements)
    }

    /// A project with its funders, partners and staff.
    fn project(&mut self, p: usize) -> io::Result<()> {
        let subject = format!("actor:project-{p}");
        let mut statements = vec![
            ("a", "org:Organization , schema:Project".to_owned()),
            (
                "schema:name",
                text(&format!(
                    "Project {p} on topic {}",
                    self.rng.usize(..TOPICS)
                )),
            ),
            ("org:classification", "concept:project".to_owned()),
        ];
        // A fifth are components of an earlier project.
        if p > 0 && self.rng.u8(..5) == 0 {
            statements.push((
                "org:subOrganizationOf",
                format!("actor:project-{}", self.rng.usize(..p)),
            ));
        }
        let funders = self.rng.usize(1..4);
        statements.push(("schema:funder", self.objects(funders, Self::funder)));
        if self.rng.bool() {
            let partners = self.rng.usize(1..3);
            let partners = self.objects(partners, Self::organization_iri);
            statements.push(("schema:contributor", partners));
        }
        self.block(&subject, &statements)?;

        for s in 0..self.rng.usize(2..7) {
            let year = self.rng.u32(2005..2025);
            let mut statements = vec![
                ("a", "org:Membership".to_owned()),
                ("org:member", self.person_iri()),
                ("org:organization", subject.clone()),
            ];
            // Four in ten are affiliations: staff named without a role.
            if self.rng.u8(..10) < 6 {
                statements.push(("org:role", format!("role:role-{}", self.rng.usize(..ROLES))));
            }
            statements.push(("schema:startDate", date(year, self.rng.u32(1..13), 1)));
            let end = year + self.rng.u32(1..4);
            if self.rng.bool() && end < PLANNED_FROM {
                statements.push(("schema:endDate", date(end, 12, 31)));
            }
            self.block(&format!("mem:project-{p}-{s}"), &statements)?;
        }
        Ok(())
    }

    fn person(&mut self, p: usize) -> io::Result<()> {
        let given = self.rng.usize(..GIVEN.len());
        let name = format!(
            "{} {} {p}",
            GIVEN[given],
            FAMILY[self.rng.usize(..FAMILY.len())]
        );
        let mut statements = vec![("a", "schema:Person".into()), ("schema:name", text(&name))];
        let honorific = match self.rng.u8(..20) {
            0..6 if given.is_multiple_of(2) => Some("Ms."),
            0..6 => Some("Mr."),
            6..8 => Some("Dr."),
            8 => Some("Ambassador"),
            _ => None,
        };
        if let Some(honorific) = honorific {
            statements.push(("schema:honorificPrefix", text(honorific)));
        }
        if self.rng.u8(..20) < 3 {
            let title = JOB_TITLES[self.rng.usize(..JOB_TITLES.len())];
            statements.push(("schema:jobTitle", text(title)));
        }
        self.block(&format!("actor:person-{p}"), &statements)?;
        // Several roles over time, one after the other.
        let mut year = self.rng.u32(1990..2015);
        for m in 0..self.rng.usize(1..4) {
            let end = year + self.rng.u32(1..6);
            let mut statements = vec![
                ("a", "org:Membership".to_owned()),
                ("org:member", format!("actor:person-{p}")),
                ("org:organization", self.organization_iri()),
                ("org:role", format!("role:role-{}", self.rng.usize(..ROLES))),
                ("schema:startDate", date(year, 1, 1)),
            ];
            if end < PLANNED_FROM {
                statements.push(("schema:endDate", date(end, 12, 31)));
            }
            self.block(&format!("mem:person-{p}-{m}"), &statements)?;
            year = end + 1;
        }
        Ok(())
    }

    /// The part of a series the next event is, if it is one: one event in
    /// twenty begins a series (written here) of two to six parts.
    fn series_part(&mut self) -> io::Result<Option<SeriesPart>> {
        if self.series.is_none() && self.rng.u8(..20) == 0 {
            let kind = self.rng.usize(..EVENT_KINDS.len());
            let parts = self.rng.u32(2..7);
            let first_year = self.rng.u32(FIRST_YEAR..PLANNED_FROM);
            let subject = format!("event:series-{}", self.series_started);
            let name = format!("{} series {}", EVENT_KINDS[kind].1, self.series_started);
            let organizer = self.organization_iri();
            self.block(
                &subject,
                &[
                    ("a", "schema:Event , schema:EventSeries".into()),
                    ("schema:name", text(&name)),
                    ("schema:startDate", gyear(first_year)),
                    ("schema:endDate", gyear(first_year + parts - 1)),
                    ("schema:organizer", organizer.clone()),
                ],
            )?;
            self.series_started += 1;
            self.series = Some(Series {
                subject,
                kind,
                organizer,
                first_year,
                parts,
                written: 0,
            });
        }
        let Some(series) = &mut self.series else {
            return Ok(None);
        };
        series.written += 1;
        let part = SeriesPart {
            series: series.subject.clone(),
            kind: series.kind,
            organizer: series.organizer.clone(),
            position: series.written,
            year: series.first_year + series.written - 1,
        };
        if series.written == series.parts {
            self.series = None;
        }
        Ok(Some(part))
    }

    /// An event's year and status: past years for events that took place
    /// (or were cancelled), years to come for planned or postponed ones.
    fn year_and_status(&mut self, series_part: Option<&SeriesPart>) -> (u32, Option<&'static str>) {
        if let Some(part) = series_part {
            let planned = part.year >= PLANNED_FROM;
            return (part.year, planned.then_some("schema:EventScheduled"));
        }
        let (to_come, status) = match self.percent() {
            0..6 => (true, Some("schema:EventScheduled")),
            6 => (true, Some("schema:EventPostponed")),
            7 => (false, Some("schema:EventCancelled")),
            _ => (false, None),
        };
        let years = if to_come {
            PLANNED_FROM..PLANNED_FROM + 2
        } else {
            FIRST_YEAR..PLANNED_FROM
        };
        (self.rng.u32(years), status)
    }

    /// An event's dates in `year`: three in four known to the day, the
    /// others to the month or the year (with an end, when given, as
    /// precise), one in twenty only by its duration.
    fn event_dates(&mut self, year: u32) -> Vec<(&'static str, String)> {
        let month = self.rng.u32(1..13);
        match self.percent() {
            0..75 => {
                // Up to the 26th, so an event of up to three days ends in
                // its month, even in February.
                let day = self.rng.u32(1..27);
                vec![
                    ("schema:startDate", date(year, month, day)),
                    (
                        "schema:endDate",
                        date(year, month, day + self.rng.u32(0..3)),
                    ),
                ]
            }
            75..87 => {
                let mut dates = vec![("schema:startDate", gyear_month(year, month))];
                if self.rng.bool() {
                    let end = year * 12 + month - 1 + self.rng.u32(1..3);
                    dates.push(("schema:endDate", gyear_month(end / 12, end % 12 + 1)));
                }
                dates
            }
            87..95 => {
                let mut dates = vec![("schema:startDate", gyear(year))];
                if self.rng.bool() {
                    dates.push(("schema:endDate", gyear(year + 1)));
                }
                dates
            }
            _ => vec![(
                "schema:duration",
                format!("\"P{}D\"^^xsd:duration", self.rng.u32(1..6)),
            )],
        }
    }

    fn event(&mut self, e: usize) -> io::Result<()> {
        let series_part = self.series_part()?;
        let kind = match &series_part {
            Some(part) => part.kind,
            None => self.rng.usize(..EVENT_KINDS.len()),
        };
        let (class, label) = EVENT_KINDS[kind];
        let subject = format!("event:event-{e}");
        let mut statements = vec![
            (
                "a",
                if class == "schema:Event" {
                    class.to_owned()
                } else {
                    format!("schema:Event , {class}")
                },
            ),
            (
                "schema:name",
                text(&format!("{label} {e} on topic {}", e % TOPICS)),
            ),
        ];
        let (year, status) = self.year_and_status(series_part.as_ref());
        statements.extend(self.event_dates(year));
        if let Some(status) = status {
            statements.push(("schema:eventStatus", status.to_owned()));
        }
        // One in ten online, with no place; one in twenty both.
        match self.percent() {
            0..10 => statements.push((
                "schema:eventAttendanceMode",
                "schema:OnlineEventAttendanceMode".to_owned(),
            )),
            10..15 => {
                statements.push((
                    "schema:eventAttendanceMode",
                    "schema:MixedEventAttendanceMode".to_owned(),
                ));
                statements.push(("schema:location", self.city()));
            }
            _ => statements.push(("schema:location", self.city())),
        }
        // Some projects organize events themselves.
        let organizer = match &series_part {
            Some(part) => part.organizer.clone(),
            None if self.rng.u8(..20) < 3 => self.project_iri(),
            None => self.organization_iri(),
        };
        statements.push(("schema:organizer", organizer));
        if self.rng.bool() {
            statements.push(("schema:sponsor", self.organization_iri()));
        }
        if self.rng.u8(..4) == 0 {
            let funders = self.rng.usize(1..3);
            statements.push(("schema:funder", self.objects(funders, Self::funder)));
        }
        if self.rng.u8(..10) < 3 {
            let partners = self.rng.usize(1..3);
            let partners = self.objects(partners, Self::organization_iri);
            statements.push(("schema:contributor", partners));
        }
        let topics = self.rng.usize(1..4);
        let topics = self.objects(topics, |g| {
            format!("concept:topic-{}", g.rng.usize(..TOPICS))
        });
        statements.push(("schema:about", topics));
        if let Some(part) = series_part {
            statements.push(("schema:superEvent", part.series));
            statements.push(("schema:position", part.position.to_string()));
        }
        // Follow-up chains: some events continue a recent one.
        if e > 0 && self.rng.u8(..10) < 3 {
            statements.push((
                "ag:followUpOf",
                format!("event:event-{}", e - 1 - self.rng.usize(..e.min(50))),
            ));
        }
        statements.push((
            "prov:wasDerivedFrom",
            format!("doc:article-{}", e % self.sizes.documents),
        ));
        self.block(&subject, &statements)?;
        self.participations(e, &subject)?;
        self.statements(e, &subject)
    }

    /// The attendees of an event (half of them counted, some of those as
    /// women and men apart) and, at half the events, the people who spoke,
    /// trained, moderated…
    fn participations(&mut self, e: usize, event: &str) -> io::Result<()> {
        let people = self.rng.usize(2..6);
        let people = self.objects(people, Self::person_iri);
        // One or two categories, different ones.
        let first = self.rng.usize(..CATEGORIES.len());
        let categories = self.rng.usize(1..3);
        let categories = (first..first + categories)
            .map(|c| format!("concept:{}", CATEGORIES[c % CATEGORIES.len()].0))
            .collect::<Vec<_>>()
            .join(" , ");
        let attendees = format!("part:event-{e}-attendees");
        let mut statements = vec![
            ("a", "ag:Participation".to_owned()),
            ("ag:event", event.to_owned()),
            ("ag:participant", format!("{people} , {categories}")),
            ("ag:role", "concept:attendee".to_owned()),
        ];
        let mut headcount = None;
        if self.rng.bool() {
            let qualifier = self.headcount_qualifier();
            let exact = matches!(qualifier, None | Some("ag:Exactly"));
            let mut count = self.rng.u32(5..400);
            if !exact {
                // "Some 150", "more than thirty": round numbers.
                count = count.div_ceil(10) * 10;
            }
            statements.push(("ag:headcount", count.to_string()));
            if let Some(qualifier) = qualifier {
                statements.push(("ag:headcountQualifier", qualifier.to_owned()));
            }
            if self.rng.u8(..5) == 0 {
                let organizations = self.rng.u32(2..=count.min(30));
                statements.push(("ag:organizationCount", organizations.to_string()));
            }
            headcount = Some((count, exact));
        }
        if self.rng.u8(..5) == 0 {
            statements.push(("ag:origin", self.origin()));
        }
        self.block(&attendees, &statements)?;

        if let Some((count, exact)) = headcount
            && self.rng.u8(..10) < 3
        {
            // Women and men of the categories: all of an exact count, at
            // most an inexact one.
            let women = self.rng.u32(..=count);
            let men = if exact {
                count - women
            } else {
                self.rng.u32(..=count - women)
            };
            for (group, gender, headcount) in [
                ("women", "schema:Female", women),
                ("men", "schema:Male", men),
            ] {
                self.block(
                    &format!("part:event-{e}-{group}"),
                    &[
                        ("a", "ag:Participation".into()),
                        ("ag:event", event.to_owned()),
                        ("ag:participant", categories.clone()),
                        ("ag:subgroupOf", attendees.clone()),
                        ("schema:gender", gender.into()),
                        ("ag:headcount", headcount.to_string()),
                    ],
                )?;
            }
        }

        if self.rng.bool() {
            let role = ACTIVE_ROLES[self.rng.usize(..ACTIVE_ROLES.len())];
            let people = self.rng.usize(1..3);
            let participants = self.objects(people, Self::person_iri);
            self.block(
                &format!("part:event-{e}-{role}"),
                &[
                    ("a", "ag:Participation".into()),
                    ("ag:event", event.to_owned()),
                    ("ag:participant", participants),
                    ("ag:role", format!("concept:{role}")),
                ],
            )?;
        }
        Ok(())
    }

    /// A qualifier drawn with the shares of [`HEADCOUNT_QUALIFIERS`].
    fn headcount_qualifier(&mut self) -> Option<&'static str> {
        let mut draw = self.percent();
        for (qualifier, percent) in HEADCOUNT_QUALIFIERS {
            if draw < percent {
                return qualifier;
            }
            draw -= percent;
        }
        unreachable!("the qualifiers' shares add up to 100")
    }

    /// What was said at an event: up to two quotations, verbatim, and one
    /// reported statement at half the events.
    fn statements(&mut self, e: usize, event: &str) -> io::Result<()> {
        for q in 0..self.rng.usize(0..3) {
            let speaker = self.rng.usize(..self.sizes.people);
            self.block(
                &format!("quote:event-{e}-{q}"),
                &[
                    ("a", "schema:Quotation".into()),
                    (
                        "schema:text",
                        text(&format!("Statement {q} made at event {e}, on the record.")),
                    ),
                    ("schema:creator", format!("actor:person-{speaker}")),
                    ("ag:event", event.to_owned()),
                    ("ag:speakerMembership", format!("mem:person-{speaker}-0")),
                ],
            )?;
        }
        if self.rng.bool() {
            let speaker = self.rng.usize(..self.sizes.people);
            let mut statements = vec![
                ("a", "ag:ReportedStatement".to_owned()),
                (
                    "schema:text",
                    text(&format!(
                        "The speaker said that the work begun at event {e} would continue."
                    )),
                ),
                ("schema:creator", format!("actor:person-{speaker}")),
                ("ag:event", event.to_owned()),
            ];
            if self.rng.bool() {
                statements.push(("ag:speakerMembership", format!("mem:person-{speaker}-0")));
            }
            self.block(&format!("statement:event-{e}"), &statements)?;
        }
        Ok(())
    }

    fn document(&mut self, d: usize) -> io::Result<()> {
        let (y, m, day) = (
            self.rng.u32(FIRST_YEAR..PLANNED_FROM),
            self.rng.u32(1..13),
            self.rng.u32(1..29),
        );
        self.block(
            &format!("doc:article-{d}"),
            &[
                ("a", "schema:NewsArticle".into()),
                ("schema:headline", text(&format!("News article {d}"))),
                ("schema:datePublished", date(y, m, day)),
                (
                    "schema:about",
                    format!("event:event-{}", d % self.sizes.events),
                ),
            ],
        )
    }
}

/// An English string literal (the generator's texts hold no quotes).
fn text(value: &str) -> String {
    format!("\"{value}\"@en")
}

fn date(year: u32, month: u32, day: u32) -> String {
    format!("\"{year:04}-{month:02}-{day:02}\"^^xsd:date")
}

fn gyear_month(year: u32, month: u32) -> String {
    format!("\"{year:04}-{month:02}\"^^xsd:gYearMonth")
}

fn gyear(year: u32) -> String {
    format!("\"{year:04}\"^^xsd:gYear")
}
