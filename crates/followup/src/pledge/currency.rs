//! ISO 4217 currencies and exact amounts: the money every pledge, rate
//! and requirement is counted in, and how an amount is written out.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// ISO 4217 codes and their minor units.
const ISO_4217: &str = include_str!("../../data/iso4217.tsv");
/// No pledge or step is larger than this (a thousand million million in any
/// currency): a bound that keeps every total and conversion far inside
/// `Decimal`'s range, so that a mistyped figure is refused at its line
/// instead of overflowing a report.
pub(crate) const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
/// Likewise for an exchange rate: between a millionth and a million units
/// of one currency to one of another.
pub(crate) const MIN_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 6);
pub(crate) const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

fn currencies() -> &'static BTreeMap<&'static str, u32> {
    static TABLE: OnceLock<BTreeMap<&'static str, u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ISO_4217
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let (code, minor) = l.split_once('\t')?;
                Some((code, minor.parse().ok()?))
            })
            .collect()
    })
}

/// An ISO 4217 currency code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Currency(pub(crate) String);

impl Currency {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point (2 for USD, 0 for JPY and CLP).
    pub fn minor_units(&self) -> u32 {
        currencies()[self.0.as_str()]
    }

    /// `amount` rounded to this currency's minor unit, half away from zero
    /// as accounts are kept.
    /// Written with exactly the minor unit's digits (200000.00, not 200000.0).
    pub fn round(&self, amount: Decimal) -> Decimal {
        let mut r = amount
            .round_dp_with_strategy(self.minor_units(), RoundingStrategy::MidpointAwayFromZero);
        r.rescale(self.minor_units());
        r
    }

    /// Zero in this currency's minor unit (0.00).
    pub fn zero(&self) -> Decimal {
        Decimal::new(0, self.minor_units())
    }
}

impl FromStr for Currency {
    type Err = String;
    fn from_str(s: &str) -> Result<Currency, String> {
        let code = s.trim().to_ascii_uppercase();
        if currencies().contains_key(code.as_str()) {
            Ok(Currency(code))
        } else {
            Err(format!(
                "currency '{s}': use an ISO 4217 code such as USD or EUR"
            ))
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Decimals go out as strings, so that no reader parses them into a
/// binary float on the way.
pub(crate) fn exact<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

pub(crate) fn exact_opt<S: serde::Serializer>(
    d: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}
