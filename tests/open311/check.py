"""Gerbang's Open311 GeoReport v2 endpoint, checked by an independent client.

Usage: check.py BASE_URL API_KEY

Reads with the `georeport` package (PyPI) in JSON and in XML, and checks every answer
against the field names of the specification's own examples
(https://wiki.open311.org/GeoReport_v2). `georeport` has no call that files a report, so
POST is made with `requests` exactly as the specification describes it (form-encoded,
with api_key). Prints the new report's id; exits non-zero on the first mismatch.
"""

import sys

import requests
import xmltodict
from georeport import GeoReport

BASE, KEY = sys.argv[1].rstrip("/"), sys.argv[2]
ROOT = f"{BASE}/open311/v2"
JURISDICTION = "civil-registry"
CODE = "civil-registry.service-delivery"

# The fields of the specification's examples.
SERVICE = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
DEFINITION = {"service_code", "attributes"}
ATTRIBUTE = {"variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"}
REQUEST = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}
POSTED = {"service_request_id", "service_notice", "account_id"}
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def has_fields(what, record, fields):
    missing = fields - set(record)
    if missing:
        fail(f"{what} lacks {sorted(missing)}: {record}")


# Discovery, both formats.
discovery = requests.get(f"{ROOT}/discovery.json", timeout=10).json()
if discovery["endpoints"][0]["specification"] != "http://wiki.open311.org/GeoReport_v2":
    fail(f"discovery: {discovery}")
xml_discovery = xmltodict.parse(requests.get(f"{ROOT}/discovery.xml", timeout=10).content)
if "application/json" not in xml_discovery["discovery"]["endpoints"]["endpoint"]["formats"]["format"]:
    fail(f"discovery.xml: {xml_discovery}")

for fmt in ("json", "xml"):
    client = GeoReport(ROOT, jurisdiction=JURISDICTION, output_format=fmt)
    services = client.get_service_list()
    if isinstance(services, dict):
        services = [services]
    for s in services:
        has_fields(f"service ({fmt})", s, SERVICE)
    codes = [s["service_code"] for s in services]
    if CODE not in codes:
        fail(f"{CODE} not among {codes} ({fmt})")
    definition = client.get_service_definition(CODE)
    has_fields(f"definition ({fmt})", definition, DEFINITION)
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = attributes["attribute"]
    for a in attributes:
        has_fields(f"attribute ({fmt})", a, ATTRIBUTE)
        if a["datatype"] not in DATATYPES:
            fail(f"datatype {a['datatype']}")

# Filing, as the specification describes it.
posted = requests.post(
    f"{ROOT}/requests.json",
    data={
        "api_key": KEY,
        "jurisdiction_id": JURISDICTION,
        "service_code": CODE,
        "lat": "-7.5663",
        "long": "110.8166",
        "address_string": "Jl. Melati 3",
        "email": "pelapor@example.id",
        "first_name": "Rahmat",
        "last_name": "Hidayat",
        "description": "The registry counter has been closed every afternoon this week.",
        "attribute[kind]": "complaint",
    },
    timeout=10,
)
if posted.status_code != 200:
    fail(f"POST: {posted.status_code} {posted.text}")
answer = posted.json()[0]
has_fields("POST answer", answer, POSTED)
rid = answer["service_request_id"]

for fmt in ("json", "xml"):
    client = GeoReport(ROOT, jurisdiction=JURISDICTION, output_format=fmt)
    one = client.get_service_request(rid)
    has_fields(f"request ({fmt})", one, REQUEST)
    if one["status"] != "open" or one["service_code"] != CODE:
        fail(f"request ({fmt}): {one}")
    listed = client.get_service_requests(status="open", service_code=CODE)
    if isinstance(listed, dict):
        listed = [listed]
    if rid not in [r["service_request_id"] for r in listed]:
        fail(f"{rid} not listed as open ({fmt})")
    raw = requests.get(f"{ROOT}/requests/{rid}.{fmt}", timeout=10).text
    for personal in ("pelapor@example.id", "Rahmat", "Hidayat"):
        if personal in raw:
            fail(f"{personal} published in {fmt}")

token = requests.get(f"{ROOT}/tokens/{rid}.json", timeout=10).json()[0]
if token["service_request_id"] != rid:
    fail(f"token: {token}")

# Errors in the specification's format, with their status.
for fmt in ("json", "xml"):
    refused = requests.post(f"{ROOT}/requests.{fmt}", data={"service_code": CODE, "lat": "1", "long": "1"}, timeout=10)
    if refused.status_code != 403:
        fail(f"without api_key: {refused.status_code} {refused.text}")
    if fmt == "json":
        err = refused.json()[0]
    else:
        err = xmltodict.parse(refused.content)["errors"]["error"]
    if str(err["code"]) != "403" or not err["description"]:
        fail(f"error ({fmt}): {err}")
missing = requests.get(f"{ROOT}/requests/GRB-0000-0000-0.json", timeout=10)
if missing.status_code != 404 or missing.json()[0]["code"] != 404:
    fail(f"unknown request: {missing.status_code} {missing.text}")

print(rid)
