//! Webhooks as the Standard Webhooks specification (standardwebhooks.com) defines them: what
//! a business's endpoint is told, how each message is signed, when a failed delivery is
//! tried again, and when an endpoint that keeps failing is switched off.
//!
//! A message carries three headers: `webhook-id` (the same on every attempt, so the
//! receiver can ignore a repeat), `webhook-timestamp` (Unix seconds of this attempt) and
//! `webhook-signature`: `v1,` and the base64 HMAC-SHA256, under the endpoint's secret, of
//! `{id}.{timestamp}.{body}`. The secret is shown to its owner once, as `whsec_` and base64.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit as _, Mac as _};
use serde::{Deserialize, Serialize};

/// What happened, as the `type` of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventType {
    /// An application moved to another state of its workflow.
    #[serde(rename = "application.status_changed")]
    ApplicationStatusChanged,
    /// An officer returned an application for correction.
    #[serde(rename = "application.correction_requested")]
    CorrectionRequested,
    /// An application's invoice was issued.
    #[serde(rename = "invoice.issued")]
    InvoiceIssued,
    /// Money for an application's invoice was received.
    #[serde(rename = "payment.received")]
    PaymentReceived,
    /// The result document of an application was issued.
    #[serde(rename = "document.issued")]
    DocumentIssued,
}

impl EventType {
    pub const ALL: [EventType; 5] = [
        EventType::ApplicationStatusChanged,
        EventType::CorrectionRequested,
        EventType::InvoiceIssued,
        EventType::PaymentReceived,
        EventType::DocumentIssued,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ApplicationStatusChanged => "application.status_changed",
            EventType::CorrectionRequested => "application.correction_requested",
            EventType::InvoiceIssued => "invoice.issued",
            EventType::PaymentReceived => "payment.received",
            EventType::DocumentIssued => "document.issued",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// An endpoint's signing secret: 32 random bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Vec<u8>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Secret {
    /// The prefix of a secret as written for its owner.
    pub const PREFIX: &'static str = "whsec_";

    pub fn from_bytes(bytes: Vec<u8>) -> Secret {
        Secret(bytes)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Reads `whsec_<base64>`.
    pub fn parse(text: &str) -> Option<Secret> {
        let b64 = text.strip_prefix(Secret::PREFIX)?;
        STANDARD
            .decode(b64)
            .ok()
            .filter(|b| !b.is_empty())
            .map(Secret)
    }

    /// `whsec_<base64>`: how the owner is shown it, once.
    pub fn reveal(&self) -> String {
        format!("{}{}", Secret::PREFIX, STANDARD.encode(&self.0))
    }
}

/// The HMAC-SHA256 of `{msg_id}.{timestamp}.{body}` under the secret, ready to finish or
/// to verify against.
fn mac(
    secret: &Secret,
    msg_id: &str,
    timestamp: i64,
    body: &[u8],
) -> Option<hmac::Hmac<sha2::Sha256>> {
    // HMAC takes keys of any length: this never fails.
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(format!("{msg_id}.{timestamp}.").as_bytes());
    mac.update(body);
    Some(mac)
}

/// The `webhook-signature` value of a message: `v1,<base64 HMAC-SHA256>`.
pub fn sign(secret: &Secret, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    mac(secret, msg_id, timestamp, body).map_or_else(String::new, |m| {
        format!("v1,{}", STANDARD.encode(m.finalize().into_bytes()))
    })
}

/// True when `header` (one or more space-separated `v1,<sig>`) holds the message's
/// signature, compared in constant time.
pub fn verify(secret: &Secret, msg_id: &str, timestamp: i64, body: &[u8], header: &str) -> bool {
    header.split(' ').any(|part| {
        part.strip_prefix("v1,")
            .and_then(|s| STANDARD.decode(s).ok())
            .zip(mac(secret, msg_id, timestamp, body))
            .is_some_and(|(given, m)| m.verify_slice(&given).is_ok())
    })
}

/// The delays before each new try after a failed delivery, as the specification suggests:
/// right away, 5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours, 10 hours.
pub const SCHEDULE_SECS: [i64; 8] = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];

/// When to try a message again after its `attempts`-th failed delivery (1 for the first);
/// `None`: no more tries, the message has failed.
pub fn retry_after(attempts: u32) -> Option<i64> {
    SCHEDULE_SECS.get(usize::try_from(attempts).ok()?).copied()
}

/// Failed messages in a row (each having used every try) after which an endpoint is
/// switched off until its owner switches it on again.
pub const DISABLE_AFTER_FAILED_MESSAGES: u32 = 5;

/// An endpoint's count of failed messages in a row after one more delivery outcome, and
/// whether it is now switched off.
pub fn after_outcome(failed_in_a_row: u32, message_failed: bool) -> (u32, bool) {
    if message_failed {
        let n = failed_in_a_row.saturating_add(1);
        (n, n >= DISABLE_AFTER_FAILED_MESSAGES)
    } else {
        (0, false)
    }
}

/// Why an endpoint address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AddressProblem {
    #[error("not an absolute http(s) address")]
    NotHttp,
    #[error("plain http is only for a loopback address on a test install")]
    NotHttps,
    #[error("the address is too long")]
    TooLong,
    #[error("user names and passwords do not belong in the address")]
    Credentials,
}

/// The characters a host may have in an endpoint address (IDNs as punycode, IPv6 in
/// brackets, a port after a colon).
fn host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._~%!$&'()*+,;=:[]-".contains(c)
}

/// Checks an endpoint address, exactly as the API document's pattern says
/// (`^https://[host characters]+([/?#][!-~]*)?$`): `https://` (or `http://` when the install
/// allows it: a test install delivering to a loopback receiver), visible ASCII only, at
/// most 2,000 characters, no credentials. Which hosts may be reached is checked at
/// delivery, on the addresses the name resolves to.
pub fn check_address(url: &str, allow_http: bool) -> Result<(), AddressProblem> {
    if url.chars().count() > 2000 {
        return Err(AddressProblem::TooLong);
    }
    if !url.chars().all(|c| ('!'..='~').contains(&c)) {
        return Err(AddressProblem::NotHttp);
    }
    let (scheme, rest) = url.split_once("://").ok_or(AddressProblem::NotHttp)?;
    let host_part = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host_part.contains('@') {
        return Err(AddressProblem::Credentials);
    }
    if host_part.is_empty() || !host_part.chars().all(host_char) {
        return Err(AddressProblem::NotHttp);
    }
    match scheme {
        "https" => Ok(()),
        "http" if allow_http => Ok(()),
        "http" => Err(AddressProblem::NotHttps),
        _ => Err(AddressProblem::NotHttp),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The example of the Standard Webhooks specification and its reference libraries.
    #[test]
    fn signs_the_specifications_example() {
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("secret");
        let body = br#"{"test": 2432232314}"#;
        let sig = sign(&secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body);
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(verify(
            &secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            body,
            &format!("v1,bm9wZQ== {sig}")
        ));
        assert!(!verify(
            &secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_331,
            body,
            &sig
        ));
        assert!(!verify(&secret, "msg_other", 1_614_265_330, body, &sig));
        assert_eq!(secret.reveal(), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
    }

    #[test]
    fn addresses_are_https_without_credentials() {
        assert_eq!(
            check_address("https://erp.maju.co.id/hooks/gerbang", false),
            Ok(())
        );
        assert_eq!(check_address("http://127.0.0.1:9000/h", true), Ok(()));
        assert_eq!(
            check_address("http://erp.maju.co.id/h", false),
            Err(AddressProblem::NotHttps)
        );
        assert_eq!(
            check_address("ftp://x/y", false),
            Err(AddressProblem::NotHttp)
        );
        assert_eq!(
            check_address("erp.maju.co.id", false),
            Err(AddressProblem::NotHttp)
        );
        assert_eq!(
            check_address("https://a:b@erp.maju.co.id/", false),
            Err(AddressProblem::Credentials)
        );
        assert_eq!(
            check_address("https:// x/", false),
            Err(AddressProblem::NotHttp)
        );
    }

    proptest! {
        /// Any body, any id, any secret: the signature verifies, and a changed body does not.
        #[test]
        fn a_signature_verifies_only_its_own_message(
            secret in prop::collection::vec(any::<u8>(), 1..64),
            id in "msg_[a-zA-Z0-9]{1,30}", ts in 0i64..4_000_000_000,
            body in prop::collection::vec(any::<u8>(), 0..200), flip in 0usize..200,
        ) {
            let s = Secret::from_bytes(secret);
            let sig = sign(&s, &id, ts, &body);
            prop_assert!(verify(&s, &id, ts, &body, &sig));
            if !body.is_empty() {
                let mut other = body;
                let i = flip % other.len();
                other[i] ^= 1;
                prop_assert!(!verify(&s, &id, ts, &other, &sig));
            }
        }

        /// The tries never go backwards, stop after the schedule, and an endpoint is
        /// switched off exactly when five messages in a row have failed.
        #[test]
        fn retries_end_and_failing_endpoints_switch_off(outcomes in prop::collection::vec(any::<bool>(), 0..40)) {
            let mut last = 0;
            for a in 0..SCHEDULE_SECS.len() as u32 {
                let d = retry_after(a).expect("within the schedule");
                prop_assert!(d >= last);
                last = d;
            }
            prop_assert_eq!(retry_after(SCHEDULE_SECS.len() as u32), None);
            let mut in_a_row = 0;
            let mut model = 0;
            for failed in outcomes {
                let (n, off) = after_outcome(in_a_row, failed);
                model = if failed { model + 1 } else { 0 };
                prop_assert_eq!(n, model);
                prop_assert_eq!(off, model >= 5);
                in_a_row = n;
            }
        }
    }
}
