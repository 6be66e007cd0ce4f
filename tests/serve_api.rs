//! The saved queries as an API: every saved query's rows from
//! `/api/queries/NAME` (page after page, following `Link: rel="next"`)
//! equal `actorgraph query NAME --format json` on the same store, with the
//! parameters typed as the CLI types them; bad parameters get problem
//! details.

use serde_json::Value;

use crate::util::{Env, Server, http, repo};

fn example() -> Env {
    let env = Env::new();
    env.run(&["load", repo().join("data").to_str().unwrap()])
        .success();
    env
}

fn get_json(url: &str) -> (u16, Option<String>, Value) {
    let mut response = http().get(url).call().unwrap();
    let status = response.status().as_u16();
    let link = response
        .headers()
        .get("link")
        .map(|l| l.to_str().unwrap().to_owned());
    let body = response.body_mut().read_to_string().unwrap();
    let json = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{url}: {e}: {body}"));
    (status, link, json)
}

/// The rows of every page of `path`, following the `Link` headers.
fn all_pages(server: &Server, path: &str) -> (Value, Vec<Value>, usize) {
    let mut url = server.url(path);
    let mut rows = Vec::new();
    let mut pages = 0;
    loop {
        let (status, link, answer) = get_json(&url);
        assert_eq!(status, 200, "{url}: {answer}");
        pages += 1;
        assert!(pages < 1000, "{url}: the pages never end");
        if let Some(bindings) = answer["results"]["bindings"].as_array() {
            rows.extend(bindings.iter().cloned());
        }
        match link {
            None => return (answer["head"].clone(), rows, pages),
            Some(link) => {
                let next = link
                    .strip_prefix('<')
                    .and_then(|l| l.split_once(">; rel=\"next\""))
                    .unwrap_or_else(|| panic!("{link}"))
                    .0;
                url = server.url(next);
            }
        }
    }
}

#[test]
fn every_saved_query_answers_as_the_cli_does() {
    let env = example();
    let server = Server::start(&env, &[]);
    let (status, _, listed) = get_json(&server.url("/api/queries"));
    assert_eq!(status, 200);
    let (_, _, openapi) = get_json(&server.url("/api/openapi.json"));
    let queries = listed.as_array().unwrap();
    assert!(queries.len() >= 13, "{listed}");
    let mut compared_rows = 0;
    for query in queries {
        let name = query["name"].as_str().unwrap();
        // The parameters the OpenAPI document gives as examples.
        let operation = &openapi["paths"][format!("/api/queries/{name}")]["get"];
        let mut params = Vec::new();
        for parameter in operation["parameters"].as_array().unwrap() {
            if let (Some(param), Some(example)) =
                (parameter["name"].as_str(), parameter["example"].as_str())
            {
                params.push((param.to_owned(), example.to_owned()));
            }
        }
        let mut cli_args = vec!["query".to_owned(), name.to_owned()];
        for (param, value) in &params {
            cli_args.extend(["--param".to_owned(), format!("{param}={value}")]);
        }
        cli_args.extend(["--format".to_owned(), "json".to_owned()]);
        let args: Vec<&str> = cli_args.iter().map(String::as_str).collect();
        let cli = env.run(&args).success().json();
        let mut path = format!("/api/queries/{name}?limit=7");
        for (param, value) in &params {
            path.push_str(&format!(
                "&{}={}",
                param,
                form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
            ));
        }
        let (head, rows, pages) = all_pages(&server, &path);
        assert_eq!(head, cli["head"], "{name}");
        let expected = cli["results"]["bindings"].as_array().unwrap();
        assert_eq!(&rows, expected, "{name} with {params:?}");
        assert_eq!(
            pages,
            expected.len().div_ceil(7).max(1),
            "{name}: pages of 7"
        );
        compared_rows += rows.len();
    }
    assert!(compared_rows > 100, "only {compared_rows} rows compared");
}

#[test]
fn bad_parameters_are_problems_that_say_what_to_give() {
    let env = example();
    let server = Server::start(&env, &[]);
    for (path, status, says) in [
        (
            "/api/queries/timeline?since=last-week",
            400,
            "is not a date",
        ),
        (
            "/api/queries/timeline?sinse=2015-01-01",
            400,
            "did you mean 'since'",
        ),
        ("/api/queries/events-by-organization", 400, "needs a value"),
        (
            "/api/queries/timeline?limit=0",
            400,
            "a page holds 1 to 1000 rows",
        ),
        ("/api/queries/timeline?offset=-1", 400, "not a whole number"),
        ("/api/queries/no-such-query", 404, "/api/queries lists them"),
    ] {
        let (got, _, problem) = get_json(&server.url(path));
        assert_eq!(got, status, "{path}: {problem}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(says), "{path}: {detail}");
    }
}
