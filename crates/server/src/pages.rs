//! Pages a person reads, rendered on the server and working without
//! JavaScript: the home page, an entity page (what is said of it, by which
//! source, and its events, units and co-participants through the saved
//! queries), search, and each saved query as a form with its answer as a
//! table. Every entity page embeds its data as JSON-LD. Entity IRIs under
//! actorgraph's namespace dereference here with content negotiation.

use actorgraph_loader::{KINDS, METADATA_GRAPH};
use actorgraph_model::PrefixMap;
use actorgraph_query::{Param, ParamType, Requirement, SavedQuery};
use hyper::header::{
    ACCEPT, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, LOCATION, VARY,
};
use hyper::{Method, Response, StatusCode};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use oxigraph::model::{NamedNode, Term, Variable};
use serde_json::{Map, Value, json};

use crate::body::{Body, full};
use crate::formats::{AnswerFormat, AnswerKind, negotiate};
use crate::problem::Problem;
use crate::protocol::{Job, Page, job_bindings};
use crate::state::{Params, Request, State, collect_job};

/// Where actorgraph's own entities live; `/id/REST` here stands for
/// `ENTITIES + REST`.
const ENTITIES: &str = "https://w3id.org/actorgraph/id/";

/// What pages may load: only this server's style sheet; no scripts run.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The style sheet, served at `/static/style.css`.
const STYLE: &str = include_str!("style.css");

/// Rows an entity page or a form shows at most per table.
const ROWS: u64 = 200;

/// Answers a request for a page, or `None` when the path is not a page's.
pub(crate) async fn handle(
    state: &State,
    request: &Request,
) -> Option<Result<Response<Body>, Problem>> {
    let path = request.uri().path();
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let url = Params::of_query(request.uri().query());
    Some(match path {
        "/" => home(state).await,
        "/static/style.css" => Ok(style()),
        "/search" => search(state, &url).await,
        "/page" => match iri_param(&url) {
            Ok(iri) => entity(state, &iri).await,
            Err(problem) => Err(problem),
        },
        "/data" => match iri_param(&url) {
            Ok(iri) => data(state, request, &url, &iri).await,
            Err(problem) => Err(problem),
        },
        _ => {
            if let Some(rest) = path.strip_prefix("/id/") {
                Ok(dereference(request, &format!("{ENTITIES}{rest}")))
            } else if let Some(name) = path.strip_prefix("/queries/") {
                form(state, name, &url).await
            } else {
                return None;
            }
        }
    })
}

pub(crate) fn iri_param(url: &Params) -> Result<String, Problem> {
    let iri = url.one("iri")?.unwrap_or_default();
    NamedNode::new(iri)
        .map(NamedNode::into_string)
        .map_err(|e| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "bad-iri",
                format!("iri={iri} is not an absolute IRI: {e}"),
            )
        })
}

pub(crate) fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The page of an entity.
pub(crate) fn page_url(iri: &str) -> String {
    format!("/page?iri={}", encode(iri))
}

/// An entity IRI of actorgraph's: 303 to its page for a browser, to its
/// data for a program.
fn dereference(request: &Request, iri: &str) -> Response<Body> {
    let accept = request
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/html");
    let wants_html = accept.split(',').any(|range| {
        let media = range.split(';').next().unwrap_or_default().trim();
        media.eq_ignore_ascii_case("text/html")
            || media.eq_ignore_ascii_case("application/xhtml+xml")
    });
    let target = if wants_html {
        page_url(iri)
    } else {
        let format = negotiate(AnswerKind::Graph, [], Some(accept))
            .unwrap_or(AnswerFormat::Rdf(actorgraph_model::Format::Turtle));
        format!("/data?iri={}&format={}", encode(iri), format.name())
    };
    let mut response = Response::new(full(format!("See {target}\n")));
    *response.status_mut() = StatusCode::SEE_OTHER;
    let headers = response.headers_mut();
    if let Ok(location) = HeaderValue::from_str(&target) {
        headers.insert(LOCATION, location);
    }
    headers.insert(VARY, HeaderValue::from_static("Accept"));
    response
}

/// What the store says of an entity (`DESCRIBE`), in the RDF format asked.
async fn data(
    state: &State,
    request: &Request,
    url: &Params,
    iri: &str,
) -> Result<Response<Body>, Problem> {
    let accept = request.headers().get(ACCEPT).and_then(|v| v.to_str().ok());
    let format = crate::sparql::choose(AnswerKind::Graph, url, accept)?;
    let job = Job::Query {
        text: format!("DESCRIBE <{iri}>"),
        bindings: Vec::new(),
        format,
        timeout_ms: state.timeout_ms(),
        page: None,
    };
    let (mut response, _) = crate::state::run_job(state, &job, format).await?;
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("Accept"));
    Ok(response)
}

/// A SELECT's variables and rows (SPARQL JSON bindings).
pub(crate) struct Table {
    pub(crate) variables: Vec<String>,
    pub(crate) rows: Vec<Map<String, Value>>,
}

/// Runs `text` with `bindings` and reads its first rows.
pub(crate) async fn select(
    state: &State,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<Table, Problem> {
    let format = AnswerFormat::Results(actorgraph_query::ResultsFormat::Json);
    let job = Job::Query {
        text: text.to_owned(),
        bindings: job_bindings(bindings),
        format,
        timeout_ms: state.timeout_ms(),
        page: Some(Page {
            offset: 0,
            limit: ROWS,
        }),
    };
    let bytes = collect_job(state, &job).await?;
    let answer: Value = serde_json::from_slice(&bytes)
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    let variables = answer["head"]["vars"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let rows = answer["results"]["bindings"]
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r.as_object().cloned()).collect())
        .unwrap_or_default();
    Ok(Table { variables, rows })
}

/// Runs saved query `name` with the `given` parameters (its first rows),
/// if the catalogue has such a query and the parameters fit it.
pub(crate) async fn saved(
    state: &State,
    name: &str,
    given: &[(&str, &str)],
) -> Result<Option<Table>, Problem> {
    let Some(query) = state.config.queries.iter().find(|q| q.name == name) else {
        return Ok(None);
    };
    let given: Vec<(String, String)> = given
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    let Ok(bindings) = query.bind(&given) else {
        return Ok(None);
    };
    Ok(Some(select(state, &query.text, &bindings).await?))
}

/// The text of a term of a SPARQL JSON binding, and its IRI if it is one.
pub(crate) fn term(cell: Option<&Value>) -> (String, Option<String>) {
    let Some(cell) = cell else {
        return (String::new(), None);
    };
    let value = cell["value"].as_str().unwrap_or_default().to_owned();
    if cell["type"] == "uri" {
        let shown = PrefixMap::builtin()
            .shorten(&value)
            .unwrap_or_else(|| value.clone());
        (shown, Some(value))
    } else {
        (value, None)
    }
}

fn cell(value: Option<&Value>) -> Markup {
    match term(value) {
        (shown, Some(iri)) => html! { a href=(page_url(&iri)) { (shown) } },
        (shown, None) => html! { (shown) },
    }
}

fn table(table: &Table) -> Markup {
    html! {
        @if table.rows.is_empty() {
            p.empty { "Nothing." }
        } @else {
            div.scroll {
                table {
                    thead { tr { @for v in &table.variables { th scope="col" { (v) } } } }
                    tbody {
                        @for row in &table.rows {
                            tr { @for v in &table.variables { td { (cell(row.get(v))) } } }
                        }
                    }
                }
            }
        }
    }
}

/// A whole page: title, navigation, content, and data for programs.
pub(crate) fn layout(title: &str, content: Markup, json_ld: Option<&Value>) -> Response<Body> {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — actorgraph" }
                link rel="stylesheet" href="/static/style.css";
                @if let Some(data) = json_ld {
                    script type="application/ld+json" {
                        (PreEscaped(data.to_string().replace('<', "\\u003c")))
                    }
                }
            }
            body {
                header {
                    nav {
                        a.home href="/" { "actorgraph" }
                        form action="/search" method="get" role="search" {
                            label for="text" class="hidden" { "Search" }
                            input id="text" name="text" type="search" placeholder="Search names and quotations" required;
                            button type="submit" { "Search" }
                        }
                    }
                }
                main { h1 { (title) } (content) }
                footer { p { "Data as loaded into this store, with the source of every fact. " a href="/sparql" { "SPARQL endpoint" } " · " a href="/api/openapi.json" { "API" } } }
            }
        }
    };
    html_response(markup.into_string())
}

fn html_response(page: String) -> Response<Body> {
    let mut response = Response::new(full(page));
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    response
}

fn style() -> Response<Body> {
    let mut response = Response::new(full(STYLE));
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("max-age=3600"));
    response
}

/// The home page: what the graph holds, search, the saved queries.
async fn home(state: &State) -> Result<Response<Body>, Problem> {
    // The kinds `actorgraph stats` counts, as it counts them.
    let kinds: String = KINDS
        .iter()
        .map(|(kind, class)| format!("(<{}> \"{kind}\")", class.as_str()))
        .collect();
    let counts = select(
        state,
        &format!(
            "SELECT ?kind (COUNT(DISTINCT ?x) AS ?count) WHERE {{
               VALUES (?class ?kind) {{ {kinds} }}
               ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class }}
             GROUP BY ?kind ORDER BY DESC(?count)"
        ),
        &[],
    )
    .await?;
    let content = html! {
        section {
            h2 { "What the graph holds" }
            ul.counts {
                @for row in &counts.rows {
                    li { strong { (term(row.get("count")).0) } " " (term(row.get("kind")).0) }
                }
            }
        }
        section {
            h2 { "Questions" }
            p { "Each saved question as a form; " a href="/queries/timeline" { "the timeline" } " lists events between two dates." }
            ul.queries {
                @for query in &state.config.queries {
                    li { a href=(format!("/queries/{}", query.name)) { (query.name) } " — " (query.summary) }
                }
            }
        }
    };
    Ok(layout("The graph", content, None))
}

/// Search over names, alternate names and quotations, folded.
async fn search(state: &State, url: &Params) -> Result<Response<Body>, Problem> {
    let text = url.one("text")?.unwrap_or_default().trim().to_owned();
    let index = state.text_index();
    let content = match (&index, text.is_empty()) {
        (_, true) => {
            html! { p { "Type a name, part of one, or words someone said, in the search box." } }
        }
        (None, false) => {
            html! { p.empty role="status" { "The search index is still being built; try again in a moment." } }
        }
        (Some(index), false) => {
            let hits = index.search(&text, SEARCH_HITS);
            html! {
                @if hits.is_empty() {
                    p.empty { "Nothing matches." }
                } @else {
                    ol.hits {
                        @for hit in &hits {
                            li {
                                a href=(page_url(&hit.entity)) {
                                    (PrefixMap::builtin().shorten(&hit.entity).unwrap_or_else(|| hit.entity.to_string()))
                                }
                                " — " small { (hit.found.describe()) } " " (excerpt(&hit.text))
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(&format!("Search: {text}"), content, None))
}

/// The most matches a search lists.
const SEARCH_HITS: usize = 50;

/// A long text cut to a readable length.
fn excerpt(text: &str) -> String {
    shortened(text, 160)
}

/// `text` cut after `most` characters, with an ellipsis when it was cut.
pub(crate) fn shortened(text: &str, most: usize) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(most).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// The page of an entity: what the store says of it and who said it.
async fn entity(state: &State, iri: &str) -> Result<Response<Body>, Problem> {
    let entity = [(
        Variable::new_unchecked("entity"),
        Term::from(NamedNode::new_unchecked(iri)),
    )];
    let said = select(
        state,
        &format!(
            "SELECT ?property ?value (SAMPLE(?valueName) AS ?name)
                    (GROUP_CONCAT(DISTINCT STR(?graph); SEPARATOR=' ') AS ?sources)
             WHERE {{
               ?entity ?property ?value .
               OPTIONAL {{ ?value <http://schema.org/name> ?valueName }}
               OPTIONAL {{ GRAPH ?graph {{ ?entity ?property ?value }}
                          FILTER(?graph != <{}>) }}
             }} GROUP BY ?property ?value ORDER BY ?property ?value",
            METADATA_GRAPH.as_str()
        ),
        &entity,
    )
    .await?;
    let roles = select(state, &roles_query(), &entity).await?;
    let mut sections = Vec::new();
    if !roles.rows.is_empty() {
        sections.push(("Roles over time", "", roles));
    }
    for (title, name, param) in [
        ("Events", "events-by-organization", "org"),
        ("Units", "organization-units", "org"),
        ("Took part with", "co-participants", "with"),
        ("Participants", "participants-of-event", "event"),
        ("What was said", "quotations-at-event", "event"),
    ] {
        if let Some(rows) = saved(state, name, &[(param, iri)]).await?
            && !rows.rows.is_empty()
        {
            sections.push((title, name, rows));
        }
    }
    let name = said
        .rows
        .iter()
        .find(|r| {
            r.get("property").and_then(|p| p["value"].as_str()) == Some("http://schema.org/name")
        })
        .map(|r| term(r.get("value")).0)
        .unwrap_or_else(|| {
            PrefixMap::builtin()
                .shorten(iri)
                .unwrap_or_else(|| iri.to_owned())
        });
    let mut data = Map::new();
    data.insert("@id".into(), json!(iri));
    for row in &said.rows {
        let (Some(property), Some(value)) = (
            row.get("property").and_then(|p| p["value"].as_str()),
            row.get("value"),
        ) else {
            continue;
        };
        let object = match value["type"].as_str() {
            Some("uri") => json!({"@id": value["value"]}),
            _ => match (value["xml:lang"].as_str(), value["datatype"].as_str()) {
                (Some(lang), _) => json!({"@value": value["value"], "@language": lang}),
                (None, Some(datatype)) => json!({"@value": value["value"], "@type": datatype}),
                _ => json!({"@value": value["value"]}),
            },
        };
        let key = if property == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" {
            "@type"
        } else {
            property
        };
        let entry = data.entry(key).or_insert_with(|| json!([]));
        if let Some(list) = entry.as_array_mut() {
            list.push(if key == "@type" {
                value["value"].clone()
            } else {
                object
            });
        }
    }
    let content = html! {
        p.iri { code { (iri) } " · data: "
            @for (label, format) in [("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "ntriples")] {
                a href=(format!("/data?iri={}&format={format}", encode(iri))) { (label) } " "
            }
        }
        @if said.rows.is_empty() {
            p.empty { "The store says nothing about this IRI." }
        } @else {
            section {
                h2 { "What the sources say" }
                div.scroll { table {
                    thead { tr { th scope="col" { "property" } th scope="col" { "value" } th scope="col" { "source" } } }
                    tbody { @for row in &said.rows {
                        tr {
                            td { (term(row.get("property")).0) }
                            td { (cell(row.get("value")))
                                 @if let Some(n) = row.get("name") { " — " (term(Some(n)).0) } }
                            td.source { @let sources = term(row.get("sources")).0;
                                @if sources.is_empty() { em { "derived" } }
                                @else { @for source in sources.split(' ') {
                                    span title=(source) { (source.rsplit('/').next().unwrap_or(source)) } " "
                                } } }
                        }
                    } }
                } }
            }
        }
        @for (title, name, rows) in &sections {
            section {
                h2 { (title) }
                @if *name == "co-participants" {
                    p { a href=(format!("/network?iri={}", encode(iri))) { "See the network" } " (a picture, and GraphML or CSV to download)" }
                }
                (table(rows))
            }
        }
    };
    Ok(layout(&name, content, Some(&Value::Object(data))))
}

/// The roles held in an organization or by a person, with their dates:
/// memberships where `?entity` is the member or the organization.
fn roles_query() -> String {
    use actorgraph_model::vocab::{org, schema};
    format!(
        "SELECT ?start ?end ?member ?memberName ?role ?roleName ?organization ?organizationName
         WHERE {{
           {{ ?membership <{member}> ?entity }} UNION {{ ?membership <{organization}> ?entity }}
           ?membership a <{membership}> ; <{member}> ?member ; <{organization}> ?organization .
           OPTIONAL {{ ?membership <{role}> ?role OPTIONAL {{ ?role <{name}> ?roleName }} }}
           OPTIONAL {{ ?membership <{start}> ?start }}
           OPTIONAL {{ ?membership <{end}> ?end }}
           OPTIONAL {{ ?member <{name}> ?memberName }}
           OPTIONAL {{ ?organization <{name}> ?organizationName }}
         }} ORDER BY ?start ?end ?memberName ?roleName",
        member = org::MEMBER.as_str(),
        organization = org::ORGANIZATION_PROPERTY.as_str(),
        membership = org::MEMBERSHIP.as_str(),
        role = org::ROLE_PROPERTY.as_str(),
        name = schema::NAME.as_str(),
        start = schema::START_DATE.as_str(),
        end = schema::END_DATE.as_str(),
    )
}

/// A saved query as a form, and its answer when the form was sent.
async fn form(state: &State, name: &str, url: &Params) -> Result<Response<Body>, Problem> {
    let Some(query) = state.config.queries.iter().find(|q| q.name == name) else {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            "no-such-query",
            format!("no saved query is named '{name}'; the home page lists them"),
        ));
    };
    let sent = url.has("run");
    let given: Vec<(String, String)> = url
        .pairs()
        .filter(|(n, v)| n != "run" && !v.is_empty())
        .cloned()
        .collect();
    let answer = if sent {
        match query.bind(&given) {
            Err(e) => html! { p.error role="alert" { (e.to_string()) } },
            Ok(bindings) => {
                let rows = select(state, &query.text, &bindings).await?;
                let mut api = form_urlencoded::Serializer::new(String::new());
                for (n, v) in &given {
                    api.append_pair(n, v);
                }
                let api = api.finish();
                html! {
                    section {
                        h2 { "Answer" }
                        p { "Download: "
                            @for format in ["csv", "json", "tsv", "xml"] {
                                a href=(format!("/api/queries/{name}?{api}&limit=1000&format={format}")) { (format.to_uppercase()) } " "
                            }
                        }
                        (table(&rows))
                    }
                }
            }
        }
    } else {
        html! {}
    };
    // A value the browser can show in its field: one of the field's type
    // (a refused one is named in the error above the form instead).
    let value = |param: &Param| {
        given
            .iter()
            .rev()
            .find(|(n, _)| n == &param.name)
            .map(|(_, v)| v.clone())
            .filter(|v| param.kind.parse(v).is_ok())
    };
    let content = html! {
        p { (query.summary) }
        form.query action=(format!("/queries/{name}")) method="get" {
            @for param in &query.params {
                @let id = format!("param-{}", param.name);
                div.field {
                    label for=(id) { (param.name) @if param.requirement == Requirement::Required { " (required)" } }
                    input id=(id) name=(param.name) type=(input_type(param.kind))
                        value=[value(param)]
                        required[param.requirement == Requirement::Required];
                    small { (param.description)
                        @if let Requirement::Default(default) = &param.requirement { " Left empty: " (default) "." } }
                }
            }
            input type="hidden" name="run" value="1";
            button type="submit" { "Ask" }
        }
        (answer)
        details { summary { "The SPARQL it runs" } pre { code { (query.text) } } }
    };
    Ok(layout(&title_of(query), content, None))
}

fn title_of(query: &SavedQuery) -> String {
    let mut title = query.name.replace('-', " ");
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    title
}

/// The HTML input type of a parameter.
fn input_type(kind: ParamType) -> &'static str {
    match kind {
        ParamType::Date => "date",
        ParamType::Integer | ParamType::Decimal => "number",
        ParamType::Iri => "url",
        ParamType::DateTime => "datetime-local",
        _ => "text",
    }
}
