//! Who may report a pledge's steps besides the secretariat: its parties,
//! the donor and the recipient, each with its own organisation's token.
//! What they report stays unverified until the secretariat checks it.

use crate::codes::organisation;
use crate::pledge::Recipient;

/// An organisation holding a token, as the rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub code: String,
    pub name: String,
    /// The member state whose agency it is.
    pub country: Option<String>,
}

impl Party {
    /// Whether this organisation is the donor (the pledge names it by its
    /// code or its name, or by another name the registry of organisation
    /// identifiers gives the same organisation: "Government of Spain" for
    /// "Spain") or the recipient (a recipient country is its country; a
    /// recipient mechanism or working group has its code).
    pub fn is_party(&self, donor: &str, recipient: &Recipient) -> bool {
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let registered = |a: &str, b: &str| matches!((organisation(a), organisation(b)), (Some(x), Some(y)) if x.reference == y.reference);
        let donor = same(donor, &self.code)
            || same(donor, &self.name)
            || registered(donor, &self.code)
            || registered(donor, &self.name);
        let receives = match recipient {
            Recipient::Country(c) => self.country.as_deref() == Some(c.as_str()),
            Recipient::Mechanism(m) | Recipient::WorkingGroup(m) => same(m, &self.code),
        };
        donor || receives
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_donor_and_the_recipient_are_parties_no_one_else() {
        let italy = Party {
            code: "ITA-AICS".into(),
            name: "Italy".into(),
            country: None,
        };
        let costa_rica = Party {
            code: "CRI-DGME".into(),
            name: "Dirección General de Migración y Extranjería".into(),
            country: Some("CRI".into()),
        };
        let to_cri = Recipient::Country("CRI".into());
        assert!(italy.is_party("italy", &to_cri));
        assert!(costa_rica.is_party("Italy", &to_cri));
        assert!(!costa_rica.is_party("Italy", &Recipient::Country("PAN".into())));
        assert!(!italy.is_party("Canada", &to_cri));
        let mirps = Party {
            code: "MIRPS".into(),
            name: "MIRPS support platform".into(),
            country: None,
        };
        assert!(mirps.is_party("Canada", &Recipient::Mechanism("MIRPS".into())));
        // Another name of the same organisation in the registry.
        let spain = Party {
            code: "ESP-MAEC".into(),
            name: "Government of Spain".into(),
            country: None,
        };
        assert!(spain.is_party("Spain", &to_cri));
        // Spain's aid agency is another organisation, with its own pledges.
        let aecid = Party {
            code: "AECID".into(),
            name: "Spanish Agency for International Development Cooperation".into(),
            country: None,
        };
        assert!(!aecid.is_party("Spain", &to_cri));
    }
}
