//! Open311 GeoReport v2 at `/open311/v2`: each resource as `.json` or `.xml`, errors in
//! the spec's format. The mapping onto complaints is `gerbang_app::complaints::open311`.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, RawForm, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use gerbang_app::complaints::open311::{self as ops, Open311Error};
use serde::Serialize;
use serde_json::Value;

use crate::AppState;
use crate::error::WebError;
use crate::http::context::RequestCtx;
use crate::http::pages::meta;

/// The answer's format, from the resource's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// `name.json` / `name.xml` → (name, format).
fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, format))
}

/// The element name of each item of a list, by the list's name.
fn item_of(list: &str) -> &str {
    match list {
        "services" => "service",
        "service_requests" => "request",
        "attributes" => "attribute",
        "values" => "value",
        "endpoints" => "endpoint",
        "formats" => "format",
        "errors" => "error",
        _ => "item",
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes `value` as the element `name` (the spec's XML: one element per field, lists as
/// repeated child elements, null as an empty element).
fn element(out: &mut String, name: &str, value: &Value) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&escape(s)),
        Value::Array(items) => {
            for item in items {
                element(out, item_of(name), item);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                element(out, k, v);
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn xml(root: &str, value: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    element(&mut out, root, value);
    out
}

/// Renders `body` (whose XML root is `root`) with `status`.
fn answer(status: StatusCode, format: Format, root: &str, body: &impl Serialize) -> Response {
    let value = serde_json::to_value(body).unwrap_or(Value::Null);
    let (content_type, text) = match format {
        Format::Json => ("application/json; charset=utf-8", value.to_string()),
        Format::Xml => ("text/xml; charset=utf-8", xml(root, &value)),
    };
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        text,
    )
        .into_response()
}

fn error(format: Format, e: &Open311Error) -> Response {
    let status = StatusCode::from_u16(e.code).unwrap_or(StatusCode::BAD_REQUEST);
    answer(status, format, "errors", &vec![e])
}

fn not_found(format: Format) -> Response {
    error(
        format,
        &Open311Error {
            code: 404,
            description: "no such resource".into(),
        },
    )
}

/// Either the answer or the spec's error.
fn reply<T: Serialize>(format: Format, root: &str, found: Result<T, Open311Error>) -> Response {
    match found {
        Ok(body) => answer(StatusCode::OK, format, root, &body),
        Err(e) => error(format, &e),
    }
}

/// `GET /open311/v2/{discovery,services,requests}.{json,xml}`.
pub async fn top(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(file): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let Some((name, format)) = split(&file) else {
        return Ok(not_found(Format::Json));
    };
    let jurisdiction = q.get("jurisdiction_id").map(String::as_str);
    Ok(match name {
        "discovery" => answer(StatusCode::OK, format, "discovery", &ops::discovery(&state)),
        "services" => reply(
            format,
            "services",
            ops::services(&state, jurisdiction, ctx.lang).await?,
        ),
        "requests" => {
            let get = |k: &str| q.get(k).cloned();
            let query = ops::Query {
                jurisdiction_id: get("jurisdiction_id"),
                service_request_id: get("service_request_id"),
                service_code: get("service_code"),
                start_date: get("start_date"),
                end_date: get("end_date"),
                status: get("status"),
            };
            reply(
                format,
                "service_requests",
                ops::requests(&state, &query, ctx.lang).await?,
            )
        }
        _ => not_found(format),
    })
}

/// `POST /open311/v2/requests.{json,xml}`: the spec's form parameters (in the body, or
/// the query string).
pub async fn post(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(file): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
    RawForm(body): RawForm,
) -> Result<Response, WebError> {
    let Some(("requests", format)) = split(&file) else {
        return Ok(not_found(split(&file).map_or(Format::Json, |(_, f)| f)));
    };
    let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body) else {
        return Ok(error(
            format,
            &Open311Error {
                code: 400,
                description: "the body must be application/x-www-form-urlencoded".into(),
            },
        ));
    };
    let mut params = q;
    params.extend(fields);
    let posted = ops::post(&state, &params, &meta(&ctx), ctx.lang).await?;
    Ok(reply(format, "service_requests", posted))
}

/// `GET /open311/v2/services/{code}.{json,xml}`.
pub async fn service(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(file): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let Some((code, format)) = split(&file) else {
        return Ok(not_found(Format::Json));
    };
    let jurisdiction = q.get("jurisdiction_id").map(String::as_str);
    Ok(reply(
        format,
        "service_definition",
        ops::definition(&state, code, jurisdiction, ctx.lang).await?,
    ))
}

/// `GET /open311/v2/requests/{id}.{json,xml}`.
pub async fn request(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(file): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, WebError> {
    let Some((id, format)) = split(&file) else {
        return Ok(not_found(Format::Json));
    };
    let jurisdiction = q.get("jurisdiction_id").map(String::as_str);
    Ok(reply(
        format,
        "service_requests",
        ops::request(&state, id, jurisdiction, ctx.lang).await?,
    ))
}

/// `GET /open311/v2/tokens/{token}.{json,xml}`.
pub async fn token(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let Some((token, format)) = split(&file) else {
        return Ok(not_found(Format::Json));
    };
    Ok(reply(
        format,
        "service_requests",
        ops::token(&state, token, ctx.lang).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_follows_the_specs_shapes_and_escapes() {
        let v = serde_json::json!([{"service_code": "a.b", "metadata": true, "description": "<&>", "lat": null}]);
        assert_eq!(
            xml("services", &v),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service>\
             <description>&lt;&amp;&gt;</description><lat></lat><metadata>true</metadata>\
             <service_code>a.b</service_code></service></services>"
        );
        assert_eq!(
            split("civil-registry.service-delivery.json"),
            Some(("civil-registry.service-delivery", Format::Json))
        );
        assert_eq!(split("services.html"), None);
    }
}
