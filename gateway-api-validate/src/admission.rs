//! A validating admission webhook handler: a kube-core [`AdmissionReview`] request in, its
//! [`AdmissionReview`] response out (feature `admission`).
//!
//! The handler answers as the API server would after running this crate's [`Validator`]:
//!
//! - `CREATE` is checked with [`Validator::validate`], `UPDATE` with
//!   [`Validator::validate_update`] against `oldObject` (so transition rules see the old value);
//! - a rejected object is denied with every field error in `status.message`, in the API server's
//!   own format (`Gateway.gateway.networking.k8s.io "web" is invalid: [spec.listeners[0].name:
//!   Required value, …]`), and each error again in `status.details.causes` with its field path;
//! - the validator's warnings (pruned unknown fields, deprecated versions and, when it lints,
//!   the spec's advice) go into the response's `warnings`, allowed or not;
//! - `DELETE` and `CONNECT`, requests on subresources (such as `status`) and objects of kinds
//!   that are not Gateway API kinds are allowed without a look.
//!
//! [`Handler::handle_body`] does the same from the raw bytes of an HTTP request body, for servers
//! that do not want to know about kube-core's types: a body that is not an `AdmissionReview`
//! yields `400` and a message saying why, never a panic.
//!
//! ```
//! use gateway_api_validate::Channel;
//! use gateway_api_validate::admission::Handler;
//!
//! let handler = Handler::new(Channel::Standard);
//! let body = serde_json::json!({
//!     "apiVersion": "admission.k8s.io/v1",
//!     "kind": "AdmissionReview",
//!     "request": {
//!         "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
//!         "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "Gateway"},
//!         "resource": {"group": "gateway.networking.k8s.io", "version": "v1", "resource": "gateways"},
//!         "name": "web",
//!         "namespace": "shop",
//!         "operation": "CREATE",
//!         "userInfo": {"username": "admin"},
//!         "object": {
//!             "apiVersion": "gateway.networking.k8s.io/v1",
//!             "kind": "Gateway",
//!             "metadata": {"name": "web", "namespace": "shop"},
//!             "spec": {"gatewayClassName": "example", "listeners": [{"protocol": "HTTP", "port": 80}]},
//!         },
//!     },
//! });
//! let (status, response) = handler.handle_body(body.to_string().as_bytes());
//! assert_eq!(status, 200);
//! let response: serde_json::Value = serde_json::from_slice(&response).unwrap();
//! assert_eq!(response["response"]["allowed"], false);
//! let message = response["response"]["status"]["message"].as_str().unwrap();
//! // As the API server does, a structural error stops the CEL rules and says so.
//! assert!(message.starts_with(
//!     r#"Gateway.gateway.networking.k8s.io "web" is invalid: [spec.listeners[0].name: Required value, "#
//! ));
//!
//! let (status, message) = handler.handle_body(b"{not json");
//! assert_eq!(status, 400);
//! assert!(String::from_utf8_lossy(&message).starts_with("malformed AdmissionReview"));
//! ```

use kube_core::DynamicObject;
use kube_core::admission::{AdmissionRequest, AdmissionResponse, AdmissionReview, Operation};
use kube_core::response::{Status, StatusCause, StatusDetails, StatusSummary};
use serde_json::Value;

use crate::error::go_quote;
use crate::{Channel, FieldError, Outcome, Validator, Verdict};

/// The `apiVersion`s of `AdmissionReview` the handler answers; the response uses the request's.
const REVIEW_VERSIONS: [&str; 2] = ["admission.k8s.io/v1", "admission.k8s.io/v1beta1"];

/// An admission webhook handler for one channel's CRDs.
///
/// Build it once (building the [`Validator`] compiles every schema of the channel) and share it:
/// it is `Send + Sync`, and handling a review only reads it.
#[derive(Debug)]
pub struct Handler {
    validator: Validator,
}

impl Handler {
    /// A handler validating against the channel's CRDs, with the lint checks on: their findings
    /// reach the client as admission warnings and never deny a request.
    pub fn new(channel: Channel) -> Self {
        Self::with_validator(Validator::new(channel).lint(true))
    }

    /// A handler around a validator configured by the caller (without lint warnings, say).
    pub fn with_validator(validator: Validator) -> Self {
        Self { validator }
    }

    /// The validator this handler applies.
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// Answers one `AdmissionReview`: the response carries the request's `uid` and
    /// `apiVersion`. A review without a request is answered as invalid (not allowed), as
    /// kube-core's [`AdmissionResponse::invalid`] does.
    pub fn review(&self, review: AdmissionReview<DynamicObject>) -> AdmissionReview<DynamicObject> {
        let request: Result<AdmissionRequest<DynamicObject>, _> = review.try_into();
        match request {
            Ok(request) => self.respond(&request).into_review(),
            Err(_) => AdmissionResponse::invalid("AdmissionReview has no request").into_review(),
        }
    }

    /// The response to one admission request.
    pub fn respond(&self, request: &AdmissionRequest<DynamicObject>) -> AdmissionResponse {
        let response = AdmissionResponse::from(request);
        if request
            .sub_resource
            .as_deref()
            .is_some_and(|s| !s.is_empty())
        {
            // Status writes of controllers: the API server validates the subresource itself, and
            // without ratcheting a spec error of an old object would block every status update.
            return response;
        }
        let outcome = match request.operation {
            Operation::Create => match &request.object {
                Some(object) => self.validator.validate(&object_value(object, request)),
                None => return response.deny("CREATE request without an object"),
            },
            Operation::Update => match (&request.object, &request.old_object) {
                (Some(object), Some(old)) => self
                    .validator
                    .validate_update(&object_value(old, request), &object_value(object, request)),
                (Some(object), None) => self.validator.validate(&object_value(object, request)),
                (None, _) => return response.deny("UPDATE request without an object"),
            },
            Operation::Delete | Operation::Connect => return response,
        };
        with_outcome(response, request, &outcome)
    }

    /// Answers the raw body of an HTTP request to the webhook: `(200, AdmissionReview JSON)` for
    /// any well-formed review, allowed or denied; `(400, a UTF-8 message)` for a body that is not
    /// an `AdmissionReview` (not JSON, wrong kind or `apiVersion`, no `request`, a field of the
    /// wrong type); `(500, a UTF-8 message)` if the response cannot be serialized.
    pub fn handle_body(&self, body: &[u8]) -> (u16, Vec<u8>) {
        let review = match serde_json::from_slice::<AdmissionReview<DynamicObject>>(body) {
            Ok(review) => review,
            Err(e) => return bad_request(format!("malformed AdmissionReview: {e}")),
        };
        if review.types.kind != "AdmissionReview" {
            return bad_request(format!(
                "malformed AdmissionReview: kind is {:?}, expected \"AdmissionReview\"",
                review.types.kind
            ));
        }
        if !REVIEW_VERSIONS.contains(&review.types.api_version.as_str()) {
            return bad_request(format!(
                "malformed AdmissionReview: apiVersion is {:?}, expected \"admission.k8s.io/v1\"",
                review.types.api_version
            ));
        }
        if review.request.is_none() {
            return bad_request("malformed AdmissionReview: no request".to_owned());
        }
        match serde_json::to_vec(&self.review(review)) {
            Ok(bytes) => (200, bytes),
            Err(e) => (
                500,
                format!("cannot serialize the AdmissionReview response: {e}").into_bytes(),
            ),
        }
    }
}

fn bad_request(message: String) -> (u16, Vec<u8>) {
    (400, message.into_bytes())
}

/// The object as JSON, with `apiVersion` and `kind` taken from the request when the object
/// lacks them (the API server always sends them; a hand-written review may not).
fn object_value(object: &DynamicObject, request: &AdmissionRequest<DynamicObject>) -> Value {
    let mut value = serde_json::to_value(object).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        let kind = &request.kind;
        if !map.contains_key("apiVersion") {
            let api_version = if kind.group.is_empty() {
                kind.version.clone()
            } else {
                format!("{}/{}", kind.group, kind.version)
            };
            map.insert("apiVersion".to_owned(), Value::String(api_version));
        }
        if !map.contains_key("kind") {
            map.insert("kind".to_owned(), Value::String(kind.kind.clone()));
        }
    }
    value
}

/// Puts the validator's outcome into the response: warnings always, and on rejection the
/// API server's `Invalid` status (code 422) with one cause per field error.
fn with_outcome(
    mut response: AdmissionResponse,
    request: &AdmissionRequest<DynamicObject>,
    outcome: &Outcome,
) -> AdmissionResponse {
    if !outcome.warnings.is_empty() {
        response.warnings = Some(outcome.warnings.iter().map(ToString::to_string).collect());
    }
    if outcome.verdict != Verdict::Rejected {
        return response;
    }
    let kind = &request.kind;
    let qualified = if kind.group.is_empty() {
        kind.kind.clone()
    } else {
        format!("{}.{}", kind.kind, kind.group)
    };
    let name = request
        .object
        .as_ref()
        .and_then(|o| o.metadata.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| request.name.clone());
    // k8s.io/apimachinery's errors.NewInvalid: `%s %q is invalid: %v` over the error list, which
    // prints one error alone and several as `[a, b]`.
    let errors = match outcome.errors.as_slice() {
        [one] => one.to_string(),
        many => format!(
            "[{}]",
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let message = format!("{qualified} {} is invalid: {errors}", go_quote(&name));
    response.allowed = false;
    response.result = Status {
        status: Some(StatusSummary::Failure),
        code: 422,
        message,
        metadata: None,
        reason: "Invalid".to_owned(),
        details: Some(StatusDetails {
            name,
            group: kind.group.clone(),
            kind: kind.kind.clone(),
            uid: String::new(),
            causes: outcome.errors.iter().map(cause).collect(),
            retry_after_seconds: 0,
        }),
    };
    response
}

fn cause(error: &FieldError) -> StatusCause {
    StatusCause {
        reason: error.kind().as_str().to_owned(),
        message: error.body(),
        field: error.field().unwrap_or_default().to_owned(),
    }
}
