"""Entity data of `actorgraph serve`, read by rdflib: run by
tests/serve_entity_data.rs as
`.venv/bin/python tests/serve_entity_data.py BASE_URL IRI CLI_NTRIPLES_FILE`.

For each RDF media type, GETs BASE_URL/id/... (the IRI's path after
https://w3id.org/actorgraph/id/) with that type as Accept, follows the 303
to /data?iri=IRI&format=NAME, checks the answer's Content-Type is the type
asked for, parses the body with rdflib in that format (the quad formats into
a Dataset, all its triples taken whatever their graph) and checks the graph
is isomorphic to the N-Triples the CLI's `DESCRIBE <IRI>` wrote. Prints one
JSON object: per format, the final URL, the content type, the triple count
and whether the graphs are isomorphic. Exits 1, saying which format failed
and how (differing triples listed), on any mismatch or error.
"""

import json
import sys
import urllib.parse
import urllib.request

from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

PREFIX = "https://w3id.org/actorgraph/id/"
# Media type -> (the server's format name, rdflib's parser, a quad format?).
FORMATS = {
    "text/turtle": ("turtle", "turtle", False),
    "application/n-triples": ("ntriples", "nt", False),
    "application/rdf+xml": ("rdfxml", "xml", False),
    "application/ld+json": ("jsonld", "json-ld", False),
    "application/n-quads": ("nquads", "nquads", True),
    "application/trig": ("trig", "trig", True),
}


def triples(body, parser, quads):
    """The triples of `body`; for a quad format, those of every graph."""
    if not quads:
        return Graph().parse(data=body, format=parser)
    dataset = Dataset()
    dataset.parse(data=body, format=parser)
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def difference(got, expected):
    _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
    lines = ["  only served:  " + " ".join(t.n3() for t in x) for x in sorted(only_got)]
    lines += ["  only in CLI:  " + " ".join(t.n3() for t in x) for x in sorted(only_expected)]
    return "\n".join(lines[:40])


def check(opener, base, iri, media, expected):
    name, parser, quads = FORMATS[media]
    url = base + "/id/" + iri[len(PREFIX):]
    request = urllib.request.Request(url, headers={"Accept": media})
    with opener.open(request) as response:
        final, body = response.geturl(), response.read()
        content_type = response.headers.get("Content-Type", "")
    out = {"url": final, "content_type": content_type}
    parts = urllib.parse.urlsplit(final)
    query = urllib.parse.parse_qs(parts.query)
    if parts.path != "/data" or query.get("iri") != [iri] or query.get("format") != [name]:
        raise AssertionError("GET %s ended at %s, not /data?iri=%s&format=%s"
                             % (url, final, iri, name))
    if content_type.split(";")[0].strip().lower() != media:
        raise AssertionError("%s answered Content-Type %r, not %s" % (final, content_type, media))
    try:
        graph = triples(body, parser, quads)
    except Exception as error:
        raise AssertionError("rdflib (%s) cannot parse %s: %s: %s\n%s" % (
            parser, final, type(error).__name__, error, body.decode(errors="replace")))
    out["triples"] = len(graph)
    out["isomorphic"] = isomorphic(graph, expected)
    if not out["isomorphic"]:
        raise AssertionError("%s: %d triples, not isomorphic to the CLI's %d:\n%s"
                             % (final, len(graph), len(expected), difference(graph, expected)))
    return out


def main(base, iri, cli_file):
    if not iri.startswith(PREFIX):
        sys.exit("%s is not under %s" % (iri, PREFIX))
    expected = Graph().parse(cli_file, format="nt")
    if not expected:
        sys.exit("the CLI described nothing for %s" % iri)
    # Straight to the server, whatever proxy the environment names.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    summary = {"iri": iri, "cli_triples": len(expected), "formats": {}}
    failures = []
    for media, (name, _, _) in FORMATS.items():
        try:
            summary["formats"][name] = check(opener, base.rstrip("/"), iri, media, expected)
        except Exception as error:
            message = "%s: %s" % (type(error).__name__, error)
            summary["formats"][name] = {"error": message}
            failures.append("%s (Accept: %s): %s" % (name, media, message))
    print(json.dumps(summary, indent=2))
    if failures:
        sys.exit("entity data of %s:\n%s" % (iri, "\n".join(failures)))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
