//! The pages of `actorgraph serve`: the home page, entity pages with the
//! source of every fact and their data as JSON-LD, entity IRIs that
//! dereference by content negotiation to the data the CLI describes,
//! search, and the saved queries as forms; every page under a strict
//! Content-Security-Policy that lets it load nothing from another host.

use std::collections::BTreeSet;

use crate::util::{Env, Server, http, repo};

const OSCE: &str = "https://w3id.org/actorgraph/id/actor/osce";

fn example() -> Env {
    let env = Env::new();
    env.run(&["load", repo().join("data").to_str().unwrap()])
        .success();
    env
}

/// GETs a page, asserting it is HTML that loads nothing from elsewhere.
fn page(server: &Server, path: &str) -> String {
    let mut response = http().get(server.url(path)).call().unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.body_mut().read_to_string().unwrap();
    assert_eq!(status, 200, "{path}: {body}");
    assert_eq!(
        headers["content-type"], "text/html; charset=utf-8",
        "{path}"
    );
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(body.starts_with("<!DOCTYPE html>"), "{path}");
    for attribute in ["src=\"http", "href=\"http", "href=\"//", "src=\"//"] {
        assert!(
            !body.contains(attribute),
            "{path} refers elsewhere: {attribute}"
        );
    }
    body
}

#[test]
fn the_home_page_search_and_forms_work_without_javascript() {
    let env = example();
    let server = Server::start(&env, &[]);
    let home = page(&server, "/");
    assert!(home.contains("href=\"/queries/timeline\""), "{home}");
    assert!(home.contains("organizations"), "{home}");
    assert!(!home.contains("<script"), "the home page runs no script");
    let timeline = page(
        &server,
        "/queries/timeline?since=2015-10-01&until=2015-10-31&run=1",
    );
    assert!(timeline.contains("type=\"date\""), "{timeline}");
    assert!(timeline.contains("Shymkent"), "{timeline}");
    assert!(timeline.contains("/api/queries/timeline?"), "{timeline}");
    let refused = page(&server, "/queries/timeline?since=yesterday&run=1");
    assert!(refused.contains("is not a date"), "{refused}");
    let style = http().get(server.url("/static/style.css")).call().unwrap();
    assert_eq!(style.headers()["content-type"], "text/css; charset=utf-8");
}

#[test]
fn an_entity_page_shows_each_fact_with_its_source_and_embeds_its_data() {
    let env = example();
    let server = Server::start(&env, &[]);
    let path = format!(
        "/page?iri={}",
        form_urlencoded::byte_serialize(OSCE.as_bytes()).collect::<String>()
    );
    let body = page(&server, &path);
    assert!(
        body.contains("Organization for Security and Co-operation in Europe"),
        "{body}"
    );
    assert!(
        body.contains("osce-shymkent-seminar-2015.ttl"),
        "no source shown: {body}"
    );
    assert!(body.contains("<h2>Events</h2>"), "{body}");
    let office = page(
        &server,
        "/page?iri=https%3A%2F%2Fw3id.org%2Factorgraph%2Fid%2Factor%2Fosce-programme-office-astana",
    );
    assert!(office.contains("<h2>Roles over time</h2>"), "{office}");
    assert!(office.contains("Sara Bonotti"), "{office}");
    let start = body.find("<script type=\"application/ld+json\">").unwrap();
    let json = &body[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["@id"], OSCE);
}

#[test]
fn the_network_around_an_actor_is_a_picture_graphml_and_csv() {
    let env = example();
    let server = Server::start(&env, &[]);
    let iri = form_urlencoded::byte_serialize(OSCE.as_bytes()).collect::<String>();
    let body = page(&server, &format!("/network?iri={iri}"));
    assert!(body.contains("<svg"), "{body}");
    assert!(
        body.contains("OSCE field operations in Central Asia"),
        "{body}"
    );
    let mut graphml = http()
        .get(server.url(&format!("/network.graphml?iri={iri}")))
        .call()
        .unwrap();
    assert_eq!(graphml.headers()["content-type"], "application/graphml+xml");
    let graphml = graphml.body_mut().read_to_string().unwrap();
    assert!(graphml.matches("<node ").count() >= 3, "{graphml}");
    assert!(
        graphml.contains("<edge id=\"e0\" source=\"n0\""),
        "{graphml}"
    );
    let mut csv = http()
        .get(server.url(&format!("/network.csv?iri={iri}")))
        .call()
        .unwrap();
    let csv = csv.body_mut().read_to_string().unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("source,source_name,target,target_name,events")
    );
    assert_eq!(lines.count(), graphml.matches("<edge ").count());
    // The entity page links to it.
    let entity = page(&server, &format!("/page?iri={iri}"));
    assert!(entity.contains(&format!("/network?iri={iri}")), "{entity}");
}

/// A search's answer page, once the server's search index is built.
fn search(server: &Server, text: &str) -> String {
    let path = format!(
        "/search?text={}",
        form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
    );
    for _ in 0..100 {
        let body = page(server, &path);
        if !body.contains("still being built") {
            return body;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the search index was never built\n{}", server.log());
}

/// The entity IRIs a search page lists, in order.
fn hits(body: &str) -> Vec<String> {
    body.split("<li><a href=\"/page?iri=")
        .skip(1)
        .map(|rest| {
            let encoded = &rest[..rest.find('"').unwrap()];
            form_urlencoded::parse(format!("iri={encoded}").as_bytes())
                .next()
                .unwrap()
                .1
                .into_owned()
        })
        .collect()
}

#[test]
fn search_folds_case_accents_and_scripts_and_finds_what_was_said() {
    let env = example();
    let extra = env.write(
        "cyrillic.ttl",
        "<http://example.org/tokayev> <http://schema.org/name> \"Касым-Жомарт Токаев\"@ru .\n\
         <http://example.org/ngo> <http://schema.org/name> \"Société Générale de Défense\"@fr .\n",
    );
    env.run(&["load", extra.to_str().unwrap()]).success();
    let server = Server::start(&env, &[]);
    assert_eq!(
        hits(&search(&server, "Tokayev")),
        ["http://example.org/tokayev"]
    );
    assert_eq!(
        hits(&search(&server, "tokaev")),
        ["http://example.org/tokayev"]
    );
    assert_eq!(
        hits(&search(&server, "societe generale")),
        ["http://example.org/ngo"]
    );
    // Part of a name.
    assert_eq!(
        hits(&search(&server, "bonott")),
        ["https://w3id.org/actorgraph/id/actor/sara-bonotti"]
    );
    // An acronym that is the whole alternate name comes first.
    assert_eq!(hits(&search(&server, "OSCE"))[0], OSCE);
    // Words someone said.
    assert_eq!(
        hits(&search(&server, "legal culture")),
        ["https://w3id.org/actorgraph/id/quotation/abishev-training-seminars"]
    );
    assert!(hits(&search(&server, "no such words anywhere")).is_empty());
}

fn ntriples(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn entity_iris_dereference_to_the_page_or_the_data_the_cli_describes() {
    let env = example();
    let describe = env
        .run(&[
            "query",
            "-e",
            &format!("DESCRIBE <{OSCE}>"),
            "--format",
            "ntriples",
        ])
        .success()
        .stdout;
    let server = Server::start(&env, &[]);
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent();
    let see = |accept: &str| {
        let response = agent
            .get(server.url("/id/actor/osce"))
            .header("Accept", accept)
            .call()
            .unwrap();
        assert_eq!(response.status().as_u16(), 303, "{accept}");
        assert_eq!(response.headers()["vary"], "Accept");
        response.headers()["location"].to_str().unwrap().to_owned()
    };
    assert!(see("text/html,application/xhtml+xml;q=0.9").starts_with("/page?iri="));
    let data = see("application/n-triples");
    assert!(data.ends_with("format=ntriples"), "{data}");
    let mut response = http().get(server.url(&data)).call().unwrap();
    assert_eq!(response.headers()["content-type"], "application/n-triples");
    let served = response.body_mut().read_to_string().unwrap();
    assert_eq!(ntriples(&served), ntriples(&describe));
    assert!(ntriples(&describe).len() > 5);
    for (accept, format) in [("text/turtle", "turtle"), ("application/ld+json", "jsonld")] {
        assert!(
            see(accept).ends_with(&format!("format={format}")),
            "{accept}"
        );
    }
}
