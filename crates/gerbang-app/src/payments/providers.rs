//! Payment providers behind one trait.
//!
//! A provider only *reads* what it is given (a counter form, a bank statement, a signed
//! webhook) and turns it into [`PaymentNotice`]s, refusing anything it cannot vouch for. What
//! a notice does to an invoice (record, mark paid, flag an unexpected payment) is decided in
//! one place, [`crate::payments::service`], the same for every provider.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Where a provider says the money should go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoiceKey {
    /// The invoice number, such as `INV-GRB-7K3F-9QXM-B`.
    Number(String),
    /// The virtual-account-style payment code.
    Code(String),
}

/// One payment a provider vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentNotice {
    pub invoice: InvoiceKey,
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    /// The provider's own id of the transaction: the same money never counts twice.
    pub provider_ref: String,
    /// A receipt number given with the payment (the counter's receipt book); otherwise the
    /// platform numbers the receipt.
    pub receipt_number: Option<String>,
}

/// What a provider is asked to read.
#[derive(Debug, Clone)]
pub enum ProviderInput<'a> {
    /// An officer's record of a payment at the desk.
    Counter {
        invoice_number: &'a str,
        amount: &'a str,
        receipt_number: &'a str,
    },
    /// A bank statement export (CSV: date, amount, reference/description).
    Statement { csv: &'a str },
    /// A gateway's webhook: its headers and the exact body bytes.
    Webhook {
        timestamp: Option<&'a str>,
        signature: Option<&'a str>,
        body: &'a [u8],
        now_unix: i64,
        secret: &'a [u8],
    },
}

/// A statement line the bank-transfer provider could not turn into a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// 1-based line in the file.
    pub line: usize,
    pub date: String,
    pub amount: String,
    pub reference: String,
}

/// What a provider read.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Notices with the source line, for statements.
    pub notices: Vec<(PaymentNotice, Option<StatementLine>)>,
    /// Statement lines without a payment code.
    pub unmatched: Vec<StatementLine>,
    /// For webhooks: the event id and type.
    pub event: Option<WebhookEvent>,
}

/// A verified webhook event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    pub id: String,
    pub kind: String,
}

/// Why a provider refused its input. Each maps to one answer (see the webhook handler).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("missing or invalid signature")]
    BadSignature,
    #[error("timestamp outside the accepted window")]
    StaleTimestamp,
    #[error("malformed input: {0}")]
    Malformed(String),
    /// One field of a form is wrong (field name, message id).
    #[error("invalid field {0}")]
    Field(&'static str, &'static str),
    #[error("this provider does not take this kind of input")]
    WrongInput,
}

/// A way money reaches the platform.
pub trait PaymentProvider: Send + Sync {
    /// Stable name, stored with each payment.
    fn name(&self) -> &'static str;
    /// Prefix of the receipt numbers the platform issues for this provider's payments.
    fn receipt_prefix(&self) -> &'static str;
    /// Reads and verifies the provider's input.
    fn read(&self, input: &ProviderInput<'_>) -> Result<Reading, ProviderError>;
    /// Gives the money of one payment back. A gateway with a refund API calls it here;
    /// money taken at a desk or by transfer goes back the same way, by a person, and the
    /// answer says how (a message id for the staff page).
    fn refund(&self, order: &RefundOrder<'_>) -> Result<Refunded, ProviderError>;
}

/// A refund asked of a provider.
#[derive(Debug, Clone)]
pub struct RefundOrder<'a> {
    /// The provider's own reference of the payment.
    pub provider_ref: &'a str,
    pub receipt_number: &'a str,
    pub amount: i64,
}

/// What the provider did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refunded {
    /// The provider's reference of the refund.
    pub provider_ref: String,
    /// How the money reaches the payer (`refund-how-<provider>`): what staff must do.
    pub how: &'static str,
}

/// Looks a provider up by the name stored with a payment.
pub fn by_name(name: &str) -> Option<&'static dyn PaymentProvider> {
    match name {
        "counter" => Some(&Counter),
        "bank-transfer" => Some(&BankTransfer),
        "sandbox" => Some(&Sandbox),
        _ => None,
    }
}

/// Parses an amount of whole rupiah as people and banks write it: `150000`, `150.000`,
/// `Rp 150.000`, `150,000.00`, `150.000,00`. Fractions must be zero.
pub fn parse_rupiah(raw: &str) -> Option<i64> {
    let s: String = raw
        .trim()
        .trim_start_matches("Rp")
        .trim_start_matches("IDR")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    // A separator followed by exactly two digits at the end is a fraction.
    let whole = match s.char_indices().rev().nth(2) {
        Some((i, c)) if (c == '.' || c == ',') && s.len() - i == 3 => {
            if &s[i + 1..] != "00" {
                return None;
            }
            &s[..i]
        }
        _ => s.as_str(),
    };
    let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    digits.parse().ok()
}

/// The officer at the desk.
pub struct Counter;

impl PaymentProvider for Counter {
    fn name(&self) -> &'static str {
        "counter"
    }

    fn refund(&self, order: &RefundOrder<'_>) -> Result<Refunded, ProviderError> {
        Ok(Refunded {
            provider_ref: format!("REFUND-{}", order.receipt_number),
            how: "refund-how-counter",
        })
    }

    fn receipt_prefix(&self) -> &'static str {
        "CTR"
    }

    fn read(&self, input: &ProviderInput<'_>) -> Result<Reading, ProviderError> {
        let ProviderInput::Counter {
            invoice_number,
            amount,
            receipt_number,
        } = input
        else {
            return Err(ProviderError::WrongInput);
        };
        let amount =
            parse_rupiah(amount).ok_or(ProviderError::Field("amount", "payment-error-amount"))?;
        let receipt = receipt_number.trim();
        let receipt_ok = !receipt.is_empty()
            && receipt.len() <= 40
            && receipt
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'));
        if !receipt_ok {
            return Err(ProviderError::Field(
                "receipt_number",
                "payment-error-receipt",
            ));
        }
        Ok(Reading {
            notices: vec![(
                PaymentNotice {
                    invoice: InvoiceKey::Number((*invoice_number).to_owned()),
                    amount,
                    currency: "IDR".into(),
                    provider_ref: receipt.to_owned(),
                    receipt_number: Some(receipt.to_owned()),
                },
                None,
            )],
            ..Reading::default()
        })
    }
}

/// Transfers to an invoice's payment code, settled from the bank's statement.
pub struct BankTransfer;

/// Draws a fresh 16-digit virtual-account-style code: `8808`, eleven random digits and a
/// Luhn check digit, so a mistyped code is caught before it is matched.
pub fn new_payment_code() -> String {
    let mut digits = String::from("8808");
    for _ in 0..11 {
        digits.push(char::from(b'0' + rand::random_range(0..10u8)));
    }
    let check = luhn_check_digit(&digits);
    digits.push(check);
    digits
}

fn luhn_check_digit(payload: &str) -> char {
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + u8::try_from((10 - sum % 10) % 10).unwrap_or(0))
}

/// True for a well-formed payment code (right length, prefix and check digit).
pub fn is_payment_code(s: &str) -> bool {
    s.len() == 16
        && s.starts_with("8808")
        && s.bytes().all(|b| b.is_ascii_digit())
        && luhn_check_digit(&s[..15]) == char::from(s.as_bytes()[15])
}

impl PaymentProvider for BankTransfer {
    fn name(&self) -> &'static str {
        "bank-transfer"
    }

    fn refund(&self, order: &RefundOrder<'_>) -> Result<Refunded, ProviderError> {
        Ok(Refunded {
            provider_ref: format!("REFUND-{}", order.provider_ref),
            how: "refund-how-bank-transfer",
        })
    }

    fn receipt_prefix(&self) -> &'static str {
        "BNK"
    }

    fn read(&self, input: &ProviderInput<'_>) -> Result<Reading, ProviderError> {
        let ProviderInput::Statement { csv } = input else {
            return Err(ProviderError::WrongInput);
        };
        let mut reading = Reading::default();
        let mut seen = std::collections::HashMap::<String, usize>::new();
        let sep = if csv
            .lines()
            .next()
            .is_some_and(|l| l.matches(';').count() >= 2)
        {
            b';'
        } else {
            b','
        };
        let text = csv.trim_start_matches('\u{feff}');
        let mut records = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(sep)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for record in records.records() {
            let record = record.map_err(|e| {
                let at = e.position().map_or(0, csv::Position::line);
                ProviderError::Malformed(format!("line {at}: {e}"))
            })?;
            let line_no =
                usize::try_from(record.position().map_or(0, csv::Position::line)).unwrap_or(0);
            if record.iter().all(str::is_empty) {
                continue;
            }
            let f: Vec<String> = record.iter().map(str::to_owned).collect();
            if f.len() < 3 {
                return Err(ProviderError::Malformed(format!(
                    "line {line_no}: expected the columns date, amount, reference"
                )));
            }
            let (date, amount_raw) = (f[0].clone(), f[1].clone());
            let reference = f[2..].join(" ");
            let Some(amount) = parse_rupiah(&amount_raw) else {
                if line_no == 1 {
                    continue; // a header row
                }
                reading.unmatched.push(StatementLine {
                    line: line_no,
                    date,
                    amount: amount_raw,
                    reference,
                });
                continue;
            };
            let line = StatementLine {
                line: line_no,
                date: date.clone(),
                amount: amount_raw.clone(),
                reference: reference.clone(),
            };
            let compact: String = reference.chars().filter(|c| !c.is_whitespace()).collect();
            let code = (0..compact.len().saturating_sub(15))
                .filter_map(|s| compact.get(s..s + 16))
                .find(|c| is_payment_code(c))
                .map(str::to_owned);
            let Some(code) = code else {
                reading.unmatched.push(line);
                continue;
            };
            // The same line uploaded again gives the same reference: recorded once.
            let fingerprint = hex(&Sha256::digest(
                format!("{date}|{amount}|{reference}").as_bytes(),
            ));
            let n = seen.entry(fingerprint.clone()).or_insert(0);
            *n += 1;
            reading.notices.push((
                PaymentNotice {
                    invoice: InvoiceKey::Code(code),
                    amount,
                    currency: "IDR".into(),
                    provider_ref: format!("stmt-{}-{n}", &fingerprint[..32]),
                    receipt_number: None,
                },
                Some(line),
            ));
        }
        Ok(reading)
    }
}

/// The built-in test gateway. It behaves like a hosted checkout: redirect, then a signed
/// webhook. Name and pages say plainly that no real money moves.
pub struct Sandbox;

/// Seconds a webhook's timestamp may differ from our clock.
pub const WEBHOOK_TOLERANCE_SECS: i64 = 300;
/// Header carrying the Unix time (seconds) the webhook was signed at.
pub const TIMESTAMP_HEADER: &str = "gerbang-sandbox-timestamp";
/// Header carrying `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
pub const SIGNATURE_HEADER: &str = "gerbang-sandbox-signature";

/// HMAC-SHA256 (RFC 2104) over SHA-256.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    use hmac::{KeyInit as _, Mac as _};
    // HMAC takes keys of any length; the error case cannot happen.
    let Ok(mut mac) = hmac::Hmac::<Sha256>::new_from_slice(key) else {
        return [0; 32];
    };
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// The signature header value for a body signed at `timestamp`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut msg = format!("{timestamp}.").into_bytes();
    msg.extend_from_slice(body);
    format!("v1={}", hex(&hmac_sha256(secret, &msg)))
}

#[derive(serde::Deserialize)]
struct SandboxEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    data: Option<SandboxData>,
}

#[derive(serde::Deserialize)]
struct SandboxData {
    invoice: String,
    amount: i64,
    currency: String,
    transaction: String,
}

impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn refund(&self, order: &RefundOrder<'_>) -> Result<Refunded, ProviderError> {
        // The sandbox gateway "returns" at once: no money moved in, none moves out.
        Ok(Refunded {
            provider_ref: format!("sbx-refund-{}", order.provider_ref),
            how: "refund-how-sandbox",
        })
    }

    fn receipt_prefix(&self) -> &'static str {
        "SBX"
    }

    fn read(&self, input: &ProviderInput<'_>) -> Result<Reading, ProviderError> {
        let ProviderInput::Webhook {
            timestamp,
            signature,
            body,
            now_unix,
            secret,
        } = input
        else {
            return Err(ProviderError::WrongInput);
        };
        let (Some(ts_raw), Some(sig)) = (timestamp, signature) else {
            return Err(ProviderError::BadSignature);
        };
        let ts: i64 = ts_raw
            .trim()
            .parse()
            .map_err(|_| ProviderError::BadSignature)?;
        // Checked before the timestamp, so that an unsigned caller learns nothing.
        let expected = sign(secret, ts, body);
        let ok = sig
            .split(',')
            .map(str::trim)
            .any(|s| bool::from(s.as_bytes().ct_eq(expected.as_bytes())));
        if !ok {
            return Err(ProviderError::BadSignature);
        }
        if (now_unix - ts).abs() > WEBHOOK_TOLERANCE_SECS {
            return Err(ProviderError::StaleTimestamp);
        }
        let event: SandboxEvent = serde_json::from_slice(body)
            .map_err(|e| ProviderError::Malformed(format!("body: {e}")))?;
        if event.id.is_empty() || event.id.len() > 100 {
            return Err(ProviderError::Malformed("event id".into()));
        }
        let mut reading = Reading {
            event: Some(WebhookEvent {
                id: event.id,
                kind: event.kind.clone(),
            }),
            ..Reading::default()
        };
        if event.kind == "payment.succeeded" {
            let d = event
                .data
                .ok_or_else(|| ProviderError::Malformed("payment.succeeded without data".into()))?;
            if d.transaction.is_empty() || d.transaction.len() > 100 {
                return Err(ProviderError::Malformed("transaction id".into()));
            }
            reading.notices.push((
                PaymentNotice {
                    invoice: InvoiceKey::Number(d.invoice),
                    amount: d.amount,
                    currency: d.currency,
                    provider_ref: d.transaction,
                    receipt_number: None,
                },
                None,
            ));
        }
        Ok(reading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block size.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn payment_codes_carry_a_check_digit() {
        for _ in 0..50 {
            let code = new_payment_code();
            assert!(is_payment_code(&code), "{code}");
            let mut wrong = code.clone().into_bytes();
            wrong[8] = if wrong[8] == b'9' { b'0' } else { wrong[8] + 1 };
            assert!(!is_payment_code(&String::from_utf8(wrong).expect("ok")));
        }
    }

    #[test]
    fn reads_rupiah_as_written() {
        assert_eq!(parse_rupiah("150000"), Some(150_000));
        assert_eq!(parse_rupiah("Rp 150.000"), Some(150_000));
        assert_eq!(parse_rupiah("150.000,00"), Some(150_000));
        assert_eq!(parse_rupiah("150,000.00"), Some(150_000));
        assert_eq!(parse_rupiah("150.000,50"), None);
        assert_eq!(parse_rupiah("-5"), None);
        assert_eq!(parse_rupiah("abc"), None);
        assert_eq!(parse_rupiah(""), None);
    }

    #[test]
    fn statement_lines_are_matched_by_code() {
        let code = new_payment_code();
        let csv = format!(
            "date,amount,description\n2025-01-02,500.000,\"TRF {code} BUDI\"\n2025-01-02,75000,no code here\n"
        );
        let r = BankTransfer
            .read(&ProviderInput::Statement { csv: &csv })
            .expect("ok");
        assert_eq!(r.notices.len(), 1);
        assert_eq!(r.notices[0].0.invoice, InvoiceKey::Code(code));
        assert_eq!(r.notices[0].0.amount, 500_000);
        assert_eq!(r.unmatched.len(), 1);
        assert_eq!(r.unmatched[0].line, 3);
    }

    #[test]
    fn webhooks_need_a_fresh_valid_signature() {
        let body = br#"{"id":"evt_1","type":"payment.succeeded","data":{"invoice":"INV-X","amount":5,"currency":"IDR","transaction":"t1"}}"#;
        let read = |ts: &str, sig: &str, now: i64| {
            Sandbox.read(&ProviderInput::Webhook {
                timestamp: Some(ts),
                signature: Some(sig),
                body,
                now_unix: now,
                secret: b"s3cret",
            })
        };
        let sig = sign(b"s3cret", 1000, body);
        assert_eq!(read("1000", &sig, 1100).expect("ok").notices.len(), 1);
        assert_eq!(
            read("1000", &sig, 2000).expect_err("refused"),
            ProviderError::StaleTimestamp
        );
        assert_eq!(
            read("1001", &sig, 1100).expect_err("refused"),
            ProviderError::BadSignature
        );
        assert_eq!(
            read("1000", &sign(b"other", 1000, body), 1100).expect_err("refused"),
            ProviderError::BadSignature
        );
    }
}
