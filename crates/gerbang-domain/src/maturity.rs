//! Digital maturity: each service's stage of e-government from what it actually offers,
//! each stage requiring the ones below it.
//!
//! 1. Information: its service standard is published, complete.
//! 2. Interaction: an online form (or inquiry) is offered.
//! 3. Transaction: submission online with tracking, payment online when there is a fee,
//!    and an electronic result.
//! 4. Integration: at least one live data exchange with another agency.

use serde::Serialize;

/// What a service offers, as far as its stage goes; each fact with its evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub standard_complete: bool,
    pub online_form: bool,
    pub online_submission: bool,
    /// Paid online, or nothing to pay.
    pub payment_online_or_free: bool,
    /// The result is an electronically signed document.
    pub electronic_result: bool,
    pub live_exchange: bool,
}

/// The stage reached: 0 (not even stage 1) to 4.
pub fn stage(o: &Offer) -> u8 {
    let steps = [
        o.standard_complete,
        o.online_form,
        o.online_submission && o.payment_online_or_free && o.electronic_result,
        o.live_exchange,
    ];
    steps.iter().take_while(|met| **met).count() as u8
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn each_stage_needs_the_ones_below() {
        let mut o = Offer::default();
        assert_eq!(stage(&o), 0);
        o.online_form = true;
        o.live_exchange = true;
        assert_eq!(stage(&o), 0, "no standard, no stage");
        o.standard_complete = true;
        assert_eq!(
            stage(&o),
            2,
            "an exchange does not skip the transaction stage"
        );
        o.online_submission = true;
        o.payment_online_or_free = true;
        o.electronic_result = true;
        assert_eq!(stage(&o), 4);
    }

    proptest! {
        #[test]
        fn offering_more_never_lowers_the_stage(bits in 0u8..64, extra in 0u8..6) {
            let of = |b: u8| Offer {
                standard_complete: b & 1 != 0,
                online_form: b & 2 != 0,
                online_submission: b & 4 != 0,
                payment_online_or_free: b & 8 != 0,
                electronic_result: b & 16 != 0,
                live_exchange: b & 32 != 0,
            };
            let before = stage(&of(bits));
            let after = stage(&of(bits | (1 << extra)));
            prop_assert!(after >= before);
            prop_assert!(before <= 4);
        }
    }
}
