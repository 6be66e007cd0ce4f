//! Writes a synthetic actor/event graph in actorgraph's vocabulary, as
//! Turtle, for benchmarks: places nested in regions and countries,
//! organizations with units, people holding several roles over time, events
//! with organizers, sponsors, topics, participations, quotations and
//! follow-up chains, and the news articles they come from. The same seed
//! always gives the same bytes; the output streams, so any size fits.
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
/// organizations and documents (measured on the output).
const TRIPLES_PER_EVENT: u64 = 29;

const COUNTRIES: usize = 30;
const REGIONS_PER_COUNTRY: usize = 8;
const CITIES_PER_REGION: usize = 12;
const TOPICS: usize = 400;
const ROLES: usize = 60;
const CATEGORIES: [&str; 8] = [
    "judges",
    "prosecutors",
    "lawyers",
    "journalists",
    "police officers",
    "students",
    "members of civil society",
    "members of parliament",
];
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
const KINDS: [(&str, &str); 5] = [
    ("ag:Seminar", "Seminar"),
    ("schema:EducationEvent", "Training"),
    ("ag:Presentation", "Presentation"),
    ("schema:Event", "Round table"),
    ("schema:Event", "Hearing"),
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
    let mut g = Generator {
        out,
        rng: fastrand::Rng::with_seed(options.seed),
        triples: 0,
    };
    for (name, namespace) in PrefixMap::builtin().sorted() {
        writeln!(g.out, "@prefix {name}: <{namespace}> .")?;
    }
    let events = options.events as usize;
    let organizations = (events / 25).max(4);
    let people = (events / 4).max(4);
    let documents = (events / 10).max(1);

    g.places()?;
    g.concepts()?;
    for o in 0..organizations {
        g.organization(o)?;
    }
    for p in 0..people {
        g.person(p, organizations)?;
    }
    for e in 0..events {
        g.event(e, organizations, people, documents)?;
    }
    for d in 0..documents {
        g.document(d, events)?;
    }
    g.out.flush()?;
    Ok(g.triples)
}

struct Generator<W> {
    out: W,
    rng: fastrand::Rng,
    triples: u64,
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

    fn date(&mut self, year_from: u32) -> (u32, u32, u32) {
        (
            self.rng.u32(year_from..2026),
            self.rng.u32(1..13),
            // Up to the 26th, so an event of up to three days ends in
            // its month, even in February.
            self.rng.u32(1..27),
        )
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

    fn city(&mut self) -> String {
        format!(
            "place:city-{}-{}-{}",
            self.rng.usize(..COUNTRIES),
            self.rng.usize(..REGIONS_PER_COUNTRY),
            self.rng.usize(..CITIES_PER_REGION)
        )
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
        for (i, category) in CATEGORIES.iter().enumerate() {
            self.block(
                &format!("concept:category-{i}"),
                &[
                    ("a", "skos:Concept , ag:ActorCategory".into()),
                    ("skos:prefLabel", text(category)),
                ],
            )?;
        }
        self.block(
            "concept:attendee",
            &[
                ("a", "skos:Concept".into()),
                ("skos:prefLabel", text("attendee")),
            ],
        )?;
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

    fn person(&mut self, p: usize, organizations: usize) -> io::Result<()> {
        let name = format!(
            "{} {} {p}",
            GIVEN[self.rng.usize(..GIVEN.len())],
            FAMILY[self.rng.usize(..FAMILY.len())]
        );
        self.block(
            &format!("actor:person-{p}"),
            &[("a", "schema:Person".into()), ("schema:name", text(&name))],
        )?;
        // Several roles over time, one after the other.
        let mut year = self.rng.u32(1990..2015);
        for m in 0..self.rng.usize(1..4) {
            let end = year + self.rng.u32(1..6);
            let mut statements = vec![
                ("a", "org:Membership".to_owned()),
                ("org:member", format!("actor:person-{p}")),
                (
                    "org:organization",
                    format!("actor:org-{}", self.rng.usize(..organizations)),
                ),
                ("org:role", format!("role:role-{}", self.rng.usize(..ROLES))),
                ("schema:startDate", date(year, 1, 1)),
            ];
            if end < 2026 {
                statements.push(("schema:endDate", date(end, 12, 31)));
            }
            self.block(&format!("mem:person-{p}-{m}"), &statements)?;
            year = end + 1;
        }
        Ok(())
    }

    fn event(
        &mut self,
        e: usize,
        organizations: usize,
        people: usize,
        documents: usize,
    ) -> io::Result<()> {
        let (kind, label) = KINDS[self.rng.usize(..KINDS.len())];
        let (y, m, d) = self.date(2000);
        let subject = format!("event:event-{e}");
        let mut statements = vec![
            (
                "a",
                if kind == "schema:Event" {
                    kind.to_owned()
                } else {
                    format!("schema:Event , {kind}")
                },
            ),
            (
                "schema:name",
                text(&format!("{label} {e} on topic {}", e % TOPICS)),
            ),
            ("schema:startDate", date(y, m, d)),
            ("schema:endDate", date(y, m, d + self.rng.u32(0..3))),
            ("schema:location", self.city()),
            (
                "schema:organizer",
                format!("actor:org-{}", self.rng.usize(..organizations)),
            ),
        ];
        if self.rng.bool() {
            statements.push((
                "schema:sponsor",
                format!("actor:org-{}", self.rng.usize(..organizations)),
            ));
        }
        let topics: Vec<String> = (0..self.rng.usize(1..4))
            .map(|_| format!("concept:topic-{}", self.rng.usize(..TOPICS)))
            .collect();
        statements.push(("schema:about", topics.join(" , ")));
        // Follow-up chains: some events continue a recent one.
        if e > 0 && self.rng.u8(..10) < 3 {
            statements.push((
                "ag:followUpOf",
                format!("event:event-{}", e - 1 - self.rng.usize(..e.min(50))),
            ));
        }
        statements.push((
            "prov:wasDerivedFrom",
            format!("doc:article-{}", e % documents),
        ));
        self.block(&subject, &statements)?;

        let mut participants: Vec<String> = (0..self.rng.usize(2..6))
            .map(|_| format!("actor:person-{}", self.rng.usize(..people)))
            .collect();
        participants.push(format!(
            "concept:category-{}",
            self.rng.usize(..CATEGORIES.len())
        ));
        let mut statements = vec![
            ("a", "ag:Participation".to_owned()),
            ("ag:event", subject.clone()),
            ("ag:participant", participants.join(" , ")),
            ("ag:role", "concept:attendee".to_owned()),
        ];
        if self.rng.bool() {
            statements.push(("ag:headcount", self.rng.u32(5..400).to_string()));
            statements.push(("ag:headcountApproximate", self.rng.bool().to_string()));
        }
        self.block(&format!("part:event-{e}-attendees"), &statements)?;

        for q in 0..self.rng.usize(0..3) {
            let speaker = self.rng.usize(..people);
            self.block(
                &format!("quote:event-{e}-{q}"),
                &[
                    ("a", "schema:Quotation".into()),
                    (
                        "schema:text",
                        text(&format!("Statement {q} made at event {e}, on the record.")),
                    ),
                    ("schema:creator", format!("actor:person-{speaker}")),
                    ("ag:event", subject.clone()),
                    ("ag:speakerMembership", format!("mem:person-{speaker}-0")),
                ],
            )?;
        }
        Ok(())
    }

    fn document(&mut self, d: usize, events: usize) -> io::Result<()> {
        let (y, m, day) = self.date(2000);
        self.block(
            &format!("doc:article-{d}"),
            &[
                ("a", "schema:NewsArticle".into()),
                ("schema:headline", text(&format!("News article {d}"))),
                ("schema:datePublished", date(y, m, day)),
                ("schema:about", format!("event:event-{}", d % events)),
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
