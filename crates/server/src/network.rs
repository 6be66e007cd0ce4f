//! Who took part with whom around an actor: the actor, the actors it shared
//! events with (the saved query `co-participants`), and the ties among
//! them, as an SVG picture in a page, as GraphML for Gephi, and as CSV for
//! a spreadsheet.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt::Write;

use hyper::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Response, StatusCode};
use maud::{Markup, html};

use crate::body::{Body, full};
use crate::pages::{encode, iri_param, layout, page_url, saved, shortened, term};
use crate::problem::Problem;
use crate::state::{Params, Request, State};

/// The most co-participants a picture shows: the ones with most events.
const MOST: usize = 30;

/// An actor in the picture.
struct Node {
    iri: String,
    name: String,
}

/// The network around one actor: nodes (the actor first) and weighted ties
/// between their positions.
struct Network {
    nodes: Vec<Node>,
    ties: Vec<(usize, usize, u64)>,
}

/// Answers `/network`, `/network.graphml` and `/network.csv`, or `None`
/// for another request.
pub(crate) async fn handle(
    state: &State,
    request: &Request,
) -> Option<Result<Response<Body>, Problem>> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let url = Params::of_query(request.uri().query());
    let kind = match request.uri().path() {
        "/network" => Kind::Page,
        "/network.graphml" => Kind::GraphMl,
        "/network.csv" => Kind::Csv,
        _ => return None,
    };
    Some(answer(state, &url, kind).await)
}

enum Kind {
    Page,
    GraphMl,
    Csv,
}

async fn answer(state: &State, url: &Params, kind: Kind) -> Result<Response<Body>, Problem> {
    let iri = iri_param(url)?;
    let network = network(state, &iri).await?;
    Ok(match kind {
        Kind::Page => page(&iri, &network),
        Kind::GraphMl => download(
            graphml(&network),
            "application/graphml+xml",
            "network.graphml",
        ),
        Kind::Csv => download(csv(&network), "text/csv; charset=utf-8", "network.csv"),
    })
}

/// Reads the network around `iri`.
async fn network(state: &State, iri: &str) -> Result<Network, Problem> {
    let Some(around) = saved(state, "co-participants", &[("with", iri)]).await? else {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            "no-such-query",
            "this server has no saved query co-participants (with a 'with' parameter) to draw networks from",
        ));
    };
    let mut nodes = vec![Node {
        iri: iri.to_owned(),
        name: String::new(),
    }];
    let mut ties = Vec::new();
    for row in around.rows.iter().take(MOST) {
        let (Some(other), events) = (term(row.get("other")).1, term(row.get("events")).0) else {
            continue;
        };
        if nodes[0].name.is_empty() {
            nodes[0].name = term(row.get("actorName")).0;
        }
        nodes.push(Node {
            name: term(row.get("otherName")).0,
            iri: other,
        });
        ties.push((0, nodes.len() - 1, events.parse().unwrap_or(1)));
    }
    // The ties among the co-participants, from the pairs the store has
    // (the strongest first, a page of them).
    if nodes.len() > 2
        && let Some(pairs) = saved(state, "co-participants", &[]).await?
    {
        let position: BTreeMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, n)| (n.iri.as_str(), i))
            .collect();
        for row in &pairs.rows {
            let (Some(a), Some(b)) = (term(row.get("actor")).1, term(row.get("other")).1) else {
                continue;
            };
            if let (Some(&a), Some(&b)) = (position.get(a.as_str()), position.get(b.as_str())) {
                ties.push((a, b, term(row.get("events")).0.parse().unwrap_or(1)));
            }
        }
    }
    for node in &mut nodes {
        if node.name.is_empty() {
            node.name = actorgraph_model::PrefixMap::builtin()
                .shorten(&node.iri)
                .unwrap_or_else(|| node.iri.clone());
        }
    }
    Ok(Network { nodes, ties })
}

/// Where node `i` of `n` is drawn: the actor in the middle, the others on
/// a circle around it.
fn position(i: usize, n: usize) -> (f64, f64) {
    if i == 0 {
        return (0.0, 0.0);
    }
    let angle = 2.0 * PI * (i - 1) as f64 / (n - 1).max(1) as f64 - PI / 2.0;
    (300.0 * angle.cos(), 300.0 * angle.sin())
}

fn svg(network: &Network) -> Markup {
    let n = network.nodes.len();
    let heaviest = network.ties.iter().map(|t| t.2).max().unwrap_or(1) as f64;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox="-480 -380 960 760" role="img"
            aria-labelledby="network-title" class="network" {
            title id="network-title" { "Who took part with " (network.nodes[0].name) }
            @for (a, b, events) in &network.ties {
                @let ((x1, y1), (x2, y2)) = (position(*a, n), position(*b, n));
                line x1=(format!("{x1:.1}")) y1=(format!("{y1:.1}")) x2=(format!("{x2:.1}")) y2=(format!("{y2:.1}"))
                    stroke="#7a8a99" stroke-opacity="0.7"
                    stroke-width=(format!("{:.1}", 1.0 + 5.0 * *events as f64 / heaviest)) {
                    title { (network.nodes[*a].name) " — " (network.nodes[*b].name) ": " (events) " events" }
                }
            }
            @for (i, node) in network.nodes.iter().enumerate() {
                @let (x, y) = position(i, n);
                a href=(page_url(&node.iri)) {
                    circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r=(if i == 0 { "16" } else { "9" })
                        fill=(if i == 0 { "#0b5cad" } else { "#4f9a6b" }) {}
                    text x=(format!("{x:.1}")) y=(format!("{:.1}", y + if i == 0 { 34.0 } else { 24.0 }))
                        text-anchor="middle" font-size="15" fill="currentColor" {
                        (label(&node.name))
                    }
                }
            }
        }
    }
}

/// A name short enough to sit under its dot.
fn label(name: &str) -> String {
    shortened(name, 28)
}

fn page(iri: &str, network: &Network) -> Response<Body> {
    let links = format!("?iri={}", encode(iri));
    let content = html! {
        p { "Each line joins two actors involved in the same events (organizing, funding, taking part, speaking); the thicker, the more events. "
            a href=(page_url(iri)) { "Back to " (network.nodes[0].name) } }
        @if network.nodes.len() == 1 {
            p.empty { "No one took part in events with this actor." }
        } @else {
            figure.network { (svg(network)) }
        }
        p { "Download: " a href=(format!("/network.graphml{links}")) { "GraphML (Gephi)" } " · " a href=(format!("/network.csv{links}")) { "CSV" } }
    };
    layout(
        &format!("Network of {}", network.nodes[0].name),
        content,
        None,
    )
}

fn download(body: String, media: &'static str, name: &'static str) -> Response<Body> {
    let mut response = Response::new(full(body));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(media));
    if let Ok(disposition) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(CONTENT_DISPOSITION, disposition);
    }
    response
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The network as GraphML: nodes with their IRI and name, ties with the
/// number of shared events as weight.
fn graphml(network: &Network) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"iri\" for=\"node\" attr.name=\"iri\" attr.type=\"string\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n",
        "  <graph id=\"network\" edgedefault=\"undirected\">\n"
    ));
    for (i, node) in network.nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <node id=\"n{i}\"><data key=\"label\">{}</data><data key=\"iri\">{}</data></node>",
            xml_escape(&node.name),
            xml_escape(&node.iri)
        );
    }
    for (i, (a, b, events)) in network.ties.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"n{a}\" target=\"n{b}\"><data key=\"weight\">{events}</data></edge>"
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// The ties as CSV (RFC 4180): one row per pair of actors.
fn csv(network: &Network) -> String {
    let field = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let mut out = String::from("source,source_name,target,target_name,events\r\n");
    for (a, b, events) in &network.ties {
        let (a, b) = (&network.nodes[*a], &network.nodes[*b]);
        let _ = write!(
            out,
            "{},{},{},{},{events}\r\n",
            field(&a.iri),
            field(&a.name),
            field(&b.iri),
            field(&b.name)
        );
    }
    out
}
