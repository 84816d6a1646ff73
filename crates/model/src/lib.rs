//! Corredor's domain model: countries, periods, series keys, indicators and
//! sharing levels. Pure data and validation; this crate never touches files,
//! the network, a database or the clock.

pub mod actor;
pub mod age;
pub mod alert;
pub mod capacity;
pub mod country;
pub mod indicator;
pub mod locale;
pub mod location;
pub mod period;
pub mod problem;
pub mod record;
pub mod series;
pub mod share;

pub use actor::{Access, Actor, Refusal, Role};
pub use alert::{AlertEventKind, AlertKind, AlertStatus, Level, TaskStatus};
pub use capacity::CapacityKind;
pub use country::Country;
pub use indicator::Indicator;
pub use period::{Frequency, Period, PeriodError};
pub use problem::{Origin, Position, Problem, Problems};
pub use record::{Record, RecordError};
pub use series::{Location, SeriesKey};
pub use share::{ShareLevel, Sharing, Viewer};

/// The languages Corredor speaks: the four official languages of the
/// Organization of American States.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
    /// Brazilian Portuguese, as the OAS writes it.
    Pt,
    Fr,
}

impl Lang {
    /// Every language, in the order the language switch lists them.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Es, Lang::Pt, Lang::Fr];

    /// The BCP 47 primary language subtag: "en", "es", "pt", "fr".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Fr => "fr",
        }
    }

    /// The language with this primary subtag, in any case.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// The language's name in itself, as a language switch shows it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Pt => "Português",
            Lang::Fr => "Français",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn languages_are_named_by_their_codes_and_in_themselves() {
        let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(codes, ["en", "es", "pt", "fr"]);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(&lang.code().to_uppercase()), Some(lang));
        }
        assert_eq!(Lang::from_code("de"), None);
        let names: Vec<&str> = Lang::ALL.iter().map(|l| l.endonym()).collect();
        assert_eq!(names, ["English", "Español", "Português", "Français"]);
    }
}
