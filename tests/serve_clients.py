"""Third-party SPARQL clients against `actorgraph serve`: run by
tests/serve_clients.rs as `.venv/bin/python tests/serve_clients.py URL`.

SPARQLWrapper asks a SELECT for JSON (GET), XML (POST, form-encoded) and CSV
(POST, application/sparql-query), an ASK that holds (JSON, GET) and one that
does not (XML, POST), and a CONSTRUCT for Turtle (GET) and RDF/XML (GET and
POST); rdflib's SPARQLStore runs a SELECT (JSON, POST) and the same CONSTRUCT
(its defaults: GET, XML) through `Graph(store).query(...)`. Each client sends
its own default headers and parameters; a content type other than the one
asked for is an error. Prints one JSON object: the queries, the content
types, the SELECT rows with each term written N-Triples-like ("<iri>",
'"text"@lang', '"text"^^<datatype>', null when unbound; plain values for
CSV), the ASK booleans, the CONSTRUCT triple counts and whether the graphs
are isomorphic. Exits 1, naming the client and the step, on any exception.
"""

import csv
import io
import json
import sys
import warnings

import rdflib
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import (CSV, GET, JSON, POST, POSTDIRECTLY, RDFXML, TURTLE,
                           URLENCODED, XML, SPARQLWrapper)

PREFIXES = "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX schema: <http://schema.org/>\n"
ORGANIZATIONS = PREFIXES + """SELECT ?org ?name ?alias WHERE {
  ?org a org:Organization ; schema:name ?name .
  OPTIONAL { ?org schema:alternateName ?alias }
} ORDER BY ?name ?org ?alias LIMIT 12"""
EVENTS = PREFIXES + """SELECT ?event ?start ?name WHERE {
  ?event a schema:Event ; schema:startDate ?start ; schema:name ?name
} ORDER BY ?start ?event ?name LIMIT 8"""
ASK_YES = PREFIXES + "ASK { <https://w3id.org/actorgraph/id/actor/osce> a org:Organization }"
ASK_NO = PREFIXES + "ASK { <https://w3id.org/actorgraph/id/actor/osce> a schema:Event }"
CONSTRUCT = PREFIXES + """CONSTRUCT { ?org a org:Organization ; schema:name ?name ; org:unitOf ?parent }
WHERE { ?org a org:Organization ; schema:name ?name . OPTIONAL { ?org org:unitOf ?parent } }"""
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def literal(value, lang, datatype):
    if lang:
        return '"%s"@%s' % (value, lang)
    if datatype and datatype != XSD_STRING:
        return '"%s"^^<%s>' % (value, datatype)
    return '"%s"' % value


def json_term(cell):
    if cell is None:
        return None
    if cell["type"] == "uri":
        return "<%s>" % cell["value"]
    if cell["type"] == "bnode":
        return "_:" + cell["value"]
    return literal(cell["value"], cell.get("xml:lang"), cell.get("datatype"))


def xml_term(binding):
    node = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
    text = "".join(t.data for t in node.childNodes if t.nodeType == t.TEXT_NODE)
    if node.localName == "uri":
        return "<%s>" % text
    if node.localName == "bnode":
        return "_:" + text
    return literal(text, node.getAttribute("xml:lang"), node.getAttribute("datatype"))


def rdflib_term(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return "<%s>" % term
    if isinstance(term, BNode):
        return "_:" + term
    return literal(str(term), term.language, term.datatype and str(term.datatype))


def wrapper(url, query, fmt, method, request_method=URLENCODED):
    """A SPARQLWrapper query's converted answer and its content type."""
    client = SPARQLWrapper(url, returnFormat=fmt)
    client.setQuery(query)
    client.setMethod(method)
    client.setRequestMethod(request_method)
    answer = client.query()
    return answer.convert(), answer.info()["content-type"]


def store_query(url, query, **options):
    result = Graph(SPARQLStore(url, **options)).query(query)
    if not isinstance(result, Result):  # POST answers an HTTP error as a tuple
        raise RuntimeError("SPARQLStore got %r" % (result,))
    return result


def main(url, out):
    out["queries"] = {"organizations": ORGANIZATIONS, "events": EVENTS, "ask_yes": ASK_YES,
                      "ask_no": ASK_NO, "construct": CONSTRUCT}

    out["step"] = "SPARQLWrapper SELECT JSON GET"
    answer, out["types"]["select_json"] = wrapper(url, ORGANIZATIONS, JSON, GET)
    variables = answer["head"]["vars"]
    rows = [[json_term(b.get(v)) for v in variables] for b in answer["results"]["bindings"]]
    out["select"] = {"vars": variables, "json": rows}

    out["step"] = "SPARQLWrapper SELECT XML POST form"
    doc, out["types"]["select_xml"] = wrapper(url, ORGANIZATIONS, XML, POST)
    names = [v.getAttribute("name") for v in doc.getElementsByTagName("variable")]
    out["select"]["xml_vars"] = names
    out["select"]["xml"] = []
    for result in doc.getElementsByTagName("result"):
        cells = {b.getAttribute("name"): xml_term(b) for b in result.getElementsByTagName("binding")}
        out["select"]["xml"].append([cells.get(v) for v in names])

    out["step"] = "SPARQLWrapper SELECT CSV POST sparql-query"
    text, out["types"]["select_csv"] = wrapper(url, ORGANIZATIONS, CSV, POST, POSTDIRECTLY)
    table = list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))
    out["select"]["csv_vars"], out["select"]["csv"] = table[0], table[1:]

    out["step"] = "SPARQLWrapper ASK JSON GET"
    answer, out["types"]["ask_json"] = wrapper(url, ASK_YES, JSON, GET)
    out["ask"] = {"yes_json": answer["boolean"]}
    out["step"] = "SPARQLWrapper ASK XML POST form"
    doc, out["types"]["ask_xml"] = wrapper(url, ASK_NO, XML, POST)
    flag = doc.getElementsByTagName("boolean")[0].firstChild.data.strip()
    out["ask"]["no_xml"] = {"true": True, "false": False}[flag]

    graphs = {}
    out["step"] = "SPARQLWrapper CONSTRUCT Turtle GET"
    text, out["types"]["construct_turtle"] = wrapper(url, CONSTRUCT, TURTLE, GET)
    graphs["turtle"] = Graph().parse(data=text.decode("utf-8"), format="turtle")
    out["step"] = "SPARQLWrapper CONSTRUCT RDF/XML GET"
    graphs["rdfxml_get"], out["types"]["construct_rdfxml_get"] = wrapper(url, CONSTRUCT, RDFXML, GET)
    out["step"] = "SPARQLWrapper CONSTRUCT RDF/XML POST form"
    graphs["rdfxml_post"], out["types"]["construct_rdfxml_post"] = wrapper(url, CONSTRUCT, RDFXML, POST)

    out["step"] = "rdflib SPARQLStore SELECT JSON POST"
    result = store_query(url, EVENTS, returnFormat="json", method="POST")
    out["store_select"] = {"vars": [str(v) for v in result.vars],
                           "rows": [[rdflib_term(t) for t in row] for row in result]}
    out["step"] = "rdflib SPARQLStore CONSTRUCT GET"
    graphs["store"] = store_query(url, CONSTRUCT).graph

    out["construct"] = {name: len(graph) for name, graph in graphs.items()}
    out["construct"]["isomorphic"] = all(isomorphic(graphs["turtle"], g) for g in graphs.values())
    del out["step"]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: serve_clients.py http://127.0.0.1:PORT/sparql")
    # What the server sent, not rdflib's canonical form of it.
    rdflib.NORMALIZE_LITERALS = False
    # SPARQLWrapper only warns when the content type is not the one asked for.
    warnings.simplefilter("error", RuntimeWarning)
    found = {"types": {}, "step": "start"}
    try:
        main(sys.argv[1], found)
    except Exception as error:  # noqa: BLE001
        sys.exit("serve_clients.py: %s: %s: %s" % (found["step"], type(error).__name__, error))
    print(json.dumps(found, indent=1, sort_keys=True))
