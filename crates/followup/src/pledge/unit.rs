//! What a pledge or a requirement is counted in: money in an ISO 4217
//! currency, or a contribution in kind counted in its own unit. The two
//! never add up: a total is kept per unit, and an in-kind pledge's
//! monetary estimate is shown beside it, never summed with money.

use std::fmt;
use std::str::FromStr;

use corredor_model::Lang;
use rust_decimal::Decimal;
use serde::Serialize;

use super::currency::Currency;

/// A contribution in kind: what is offered instead of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KindUnit {
    /// Resettlement or relocation places, one a person.
    Places,
    /// Shelter beds, one a bed for the period pledged.
    Beds,
    /// Staff seconded, in person-months.
    StaffMonths,
    /// Services (legal aid, interpretation, registration, …), counted in
    /// the cases or sessions the donor states.
    Services,
}

impl KindUnit {
    pub const ALL: [KindUnit; 4] = [
        KindUnit::Places,
        KindUnit::Beds,
        KindUnit::StaffMonths,
        KindUnit::Services,
    ];

    /// The code files and the API write it as.
    pub fn code(self) -> &'static str {
        match self {
            KindUnit::Places => "places",
            KindUnit::Beds => "beds",
            KindUnit::StaffMonths => "staff_months",
            KindUnit::Services => "services",
        }
    }

    /// The unit as a reader says it, after a number.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (KindUnit::Places, Lang::En) => "resettlement places",
            (KindUnit::Places, Lang::Es) => "plazas de reasentamiento",
            (KindUnit::Places, Lang::Pt) => "vagas de reassentamento",
            (KindUnit::Places, Lang::Fr) => "places de réinstallation",
            (KindUnit::Beds, Lang::En) => "shelter beds",
            (KindUnit::Beds, Lang::Es) => "camas de albergue",
            (KindUnit::Beds, Lang::Pt) => "leitos de abrigo",
            (KindUnit::Beds, Lang::Fr) => "lits d’hébergement",
            (KindUnit::StaffMonths, Lang::En) => "staff person-months",
            (KindUnit::StaffMonths, Lang::Es) => "meses-persona de personal",
            (KindUnit::StaffMonths, Lang::Pt) => "meses-pessoa de pessoal",
            (KindUnit::StaffMonths, Lang::Fr) => "mois-personne de personnel",
            (KindUnit::Services, Lang::En) => "services (cases)",
            (KindUnit::Services, Lang::Es) => "servicios (casos)",
            (KindUnit::Services, Lang::Pt) => "serviços (casos)",
            (KindUnit::Services, Lang::Fr) => "services (dossiers)",
        }
    }
}

impl FromStr for KindUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<KindUnit, String> {
        let s = s.trim();
        KindUnit::ALL
            .into_iter()
            .find(|u| u.code() == s)
            .ok_or_else(|| format!("unit '{s}': use places, beds, staff_months or services"))
    }
}

/// What an amount counts: money in a currency, or a unit in kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Money(Currency),
    InKind(KindUnit),
}

impl Unit {
    /// The code it is written with: `EUR`, `beds`.
    pub fn code(&self) -> &str {
        match self {
            Unit::Money(c) => c.as_str(),
            Unit::InKind(k) => k.code(),
        }
    }

    pub fn currency(&self) -> Option<&Currency> {
        match self {
            Unit::Money(c) => Some(c),
            Unit::InKind(_) => None,
        }
    }

    pub fn in_kind(&self) -> Option<KindUnit> {
        match self {
            Unit::Money(_) => None,
            Unit::InKind(k) => Some(*k),
        }
    }

    /// Decimal places an amount in this unit may have: the currency's
    /// minor unit; none for a count in kind.
    pub fn places(&self) -> u32 {
        match self {
            Unit::Money(c) => c.minor_units(),
            Unit::InKind(_) => 0,
        }
    }

    /// Zero written with this unit's places.
    pub fn zero(&self) -> Decimal {
        Decimal::new(0, self.places())
    }
}

impl FromStr for Unit {
    type Err = String;
    /// A currency code (any case) or a unit in kind (lower case).
    fn from_str(s: &str) -> Result<Unit, String> {
        if let Ok(k) = KindUnit::from_str(s) {
            return Ok(Unit::InKind(k));
        }
        Currency::from_str(s).map(Unit::Money).map_err(|_| {
            format!(
                "unit '{s}': use an ISO 4217 currency code (USD, EUR) or, for a pledge in kind, places, beds, staff_months or services"
            )
        })
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(feature = "schema")]
impl utoipa::PartialSchema for Unit {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "An ISO 4217 currency code, or a unit in kind: places, beds, staff_months, services",
            ))
            .into()
    }
}

#[cfg(feature = "schema")]
impl utoipa::ToSchema for Unit {}

/// An amount of money: the monetary estimate of a pledge in kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Money {
    #[serde(serialize_with = "super::currency::exact")]
    pub amount: Decimal,
    pub currency: Currency,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_and_kinds_read_apart() {
        assert_eq!(
            "eur".parse::<Unit>().unwrap(),
            Unit::Money("EUR".parse().unwrap())
        );
        assert_eq!(
            "beds".parse::<Unit>().unwrap(),
            Unit::InKind(KindUnit::Beds)
        );
        let e = "bunks".parse::<Unit>().unwrap_err();
        assert!(e.contains("places, beds, staff_months or services"), "{e}");
        assert_eq!(Unit::InKind(KindUnit::Places).places(), 0);
        assert_eq!("JPY".parse::<Unit>().unwrap().places(), 0);
        assert_eq!("USD".parse::<Unit>().unwrap().zero().to_string(), "0.00");
    }
}
