//! The coverage arithmetic, checked by hand: two currencies and a pledge in
//! kind that is never summed with money.

use rust_decimal::Decimal;

use super::*;
use crate::pledge::{merge, parse_csv, parse_rates, Currency, Pledge, Rate, Recipient, Verified};

fn recipient(code: &str) -> Option<Recipient> {
    match code {
        "MIRPS" => Some(Recipient::Mechanism(code.into())),
        c if crate::registry::is_state(c) => Some(Recipient::Country(c.into())),
        _ => None,
    }
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

const REQUIREMENTS: &str = "\
id,appeal,requester,for_whom,recipient,sector,amount,unit,start,end,source
R1,Plan 2025,Government of Costa Rica,Asylum seekers,CRI,15190,1000000.00,USD,2025-01-01,2025-12-31,appeal
R2,Plan 2025,MIRPS,Refugees in need of resettlement,MIRPS,72010,300,places,2025-01-01,2025-12-31,appeal
";

// The secretariat's file (verified) and the donors' own (not yet).
const SECRETARIAT: &str = "\
id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency
P1,Italy,CRI,Asylum,200000.00,EUR,pledged,2025-02-01,statement,R1,,,
P1,Italy,CRI,Asylum,100000.00,EUR,disbursed,2025-04-01,aid agency,R1,,,
P5,Italy,CRI,Other,10000.00,EUR,pledged,2025-01-15,statement,,,,
";
const DONORS: &str = "\
id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency
P2,Canada,CRI,Asylum,250000.00,CAD,pledged,2025-02-15,announcement,R1,,,
P2,Canada,CRI,Asylum,250000.00,CAD,committed,2025-03-15,agreement,R1,,,
P3,Spain,CRI,Shelter,50,beds,pledged,2025-02-01,announcement,R1,72010,60000.00,EUR
P4,Canada,MIRPS,Resettlement,120,places,pledged,2025-02-15,announcement,R2,,,
";

fn rates() -> Vec<Rate> {
    parse_rates(
        "rates.csv",
        b"date,base,quote,rate\n\
          2025-01-01,EUR,USD,1.10\n\
          2025-03-01,EUR,USD,1.05\n\
          2025-01-01,USD,CAD,1.25\n",
    )
    .unwrap()
    .into_iter()
    .map(|(_, r)| r)
    .collect()
}

/// The example appeal's requirements.
fn requirements() -> Vec<Requirement> {
    parse_requirements("r.csv", REQUIREMENTS.as_bytes(), &recipient)
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect()
}

fn pledges() -> Vec<Pledge> {
    let mut all = Vec::new();
    let secretariat = Verified {
        by: "SEC".into(),
        on: "2025-05-01".parse().unwrap(),
    };
    let rs = parse_csv("sec.csv", SECRETARIAT.as_bytes(), &recipient).unwrap();
    merge(&mut all, "sec.csv", &rs, Some(&secretariat)).unwrap();
    let rs = parse_csv("donors.csv", DONORS.as_bytes(), &recipient).unwrap();
    merge(&mut all, "donors.csv", &rs, None).unwrap();
    all
}

#[test]
fn coverage_across_two_currencies_and_one_pledge_in_kind() {
    let reqs = requirements();
    let usd = "USD".parse().unwrap();
    let c = coverage(&reqs, &pledges(), &rates(), &usd).unwrap();
    let r1 = &c.requirements[0];
    // Pledged: P1 200,000.00 EUR × 1.10 (rate of 2025-01-01, the latest on
    // 2025-02-01) = 220,000.00; P2 250,000.00 CAD ÷ 1.25 = 200,000.00.
    assert_eq!(r1.covered.pledged, dec("420000.00"));
    // Committed: P2 only.
    assert_eq!(r1.covered.committed, dec("200000.00"));
    // Disbursed: P1 100,000.00 EUR × 1.05 (the rate of 2025-03-01).
    assert_eq!(r1.covered.disbursed, dec("105000.00"));
    assert_eq!(
        (
            r1.percent.pledged,
            r1.percent.committed,
            r1.percent.disbursed
        ),
        (dec("42.0"), dec("20.0"), dec("10.5"))
    );
    // Verified: what the secretariat's own file reported, P1.
    assert_eq!(r1.verified.pledged, dec("220000.00"));
    assert_eq!(r1.verified.committed, dec("0.00"));
    assert_eq!(r1.verified.disbursed, dec("105000.00"));
    assert_eq!(r1.pledges, ["P1", "P2"]);
    // The 50 beds answer R1 but are not money: listed apart with their
    // estimate, and the estimate is in no total.
    assert_eq!(r1.apart.len(), 1);
    let beds = &r1.apart[0];
    assert_eq!(beds.unit, Unit::InKind(KindUnit::Beds));
    assert_eq!(beds.amounts.pledged, dec("50"));
    assert_eq!(beds.estimate.as_ref().unwrap().amount, dec("60000.00"));
    // R2 is counted in places: 120 of 300.
    let r2 = &c.requirements[1];
    assert_eq!(r2.covered.pledged, dec("120"));
    assert_eq!(r2.percent.pledged, dec("40.0"));
    // The appeal: 1,000,000.00 required in money, 420,000.00 pledged, and
    // 300 places apart from the money with 120 pledged.
    let a = &c.appeals[0];
    assert_eq!(a.required, dec("1000000.00"));
    assert_eq!(a.covered.pledged, dec("420000.00"));
    assert_eq!(a.in_kind.len(), 1);
    assert_eq!(a.in_kind[0].unit, KindUnit::Places);
    assert_eq!(a.in_kind[0].required, dec("300"));
    assert_eq!(a.in_kind[0].covered.pledged, dec("120"));
    // P5 answers no requirement: 10,000.00 EUR × 1.10.
    assert_eq!(c.outside_pledges, ["P5"]);
    assert_eq!(c.outside.pledged, dec("11000.00"));
}

#[test]
fn the_appeal_total_converts_each_step_from_its_own_currency() {
    let reqs = requirements();
    let eur = "EUR".parse().unwrap();
    let c = coverage(&reqs, &pledges(), &rates(), &eur).unwrap();
    // R1 itself stays in dollars.
    assert_eq!(c.requirements[0].covered.pledged, dec("420000.00"));
    // Required: 1,000,000.00 USD ÷ 1.10 on 2025-01-01 = 909,090.91 EUR.
    assert_eq!(c.appeals[0].required, dec("909090.91"));
    // Pledged: P1 200,000.00 EUR as it is; P2 250,000.00 CAD → USD ÷ 1.25
    // → EUR ÷ 1.10 (through the dollar) = 181,818.18.
    assert_eq!(c.appeals[0].covered.pledged, dec("381818.18"));
}

#[test]
fn a_missing_rate_is_said_and_its_amount_left_out_of_the_sums() {
    let reqs = requirements();
    let mxn = "MXN".parse().unwrap();
    let c = coverage(&reqs, &pledges(), &rates(), &mxn).unwrap();
    // No rate reaches the peso: the appeals' totals in pesos have nothing
    // converted, and every conversion they needed is listed, once.
    let said: Vec<String> = c.unconverted.iter().map(|m| m.to_string()).collect();
    // R1 itself has no rate to the peso: it and the pledges that answer
    // it are out of the appeal's totals; P5, outside any requirement, has
    // none either.
    assert!(
        said.iter().any(|m| m.starts_with(
            "no rate from USD to MXN on or before 2025-01-01 (needed for requirement R1)"
        )),
        "{said:?}"
    );
    assert!(
        said.iter().any(|m| m.starts_with(
            "no rate from EUR to MXN on or before 2025-01-15 (needed for pledge P5, pledged)"
        )),
        "{said:?}"
    );
    assert!(c.outside_pledges.is_empty());
    let unique: std::collections::BTreeSet<&String> = said.iter().collect();
    assert_eq!(unique.len(), said.len());
    assert_eq!(c.appeals[0].required, dec("0"));
    assert_eq!(c.appeals[0].covered.pledged, dec("0"));
    assert_eq!(c.outside.pledged, dec("0"));
    // The requirement's own coverage, in its own dollars, stands.
    assert_eq!(c.requirements[0].covered.pledged, dec("420000.00"));
}

#[test]
fn a_pledge_with_one_step_no_rate_converts_is_in_no_sum_at_any_stage() {
    let reqs = requirements();
    // P1's disbursement of 2025-04-01 converts; its pledge, dated before
    // any EUR rate, does not. Counting the disbursement alone would show
    // money disbursed that was never pledged.
    let rates: Vec<Rate> = parse_rates(
        "rates.csv",
        b"date,base,quote,rate\n\
          2025-03-01,EUR,USD,1.05\n\
          2025-01-01,USD,CAD,1.25\n",
    )
    .unwrap()
    .into_iter()
    .map(|(_, r)| r)
    .collect();
    let usd = "USD".parse().unwrap();
    let c = coverage(&reqs, &pledges(), &rates, &usd).unwrap();
    let r1 = &c.requirements[0];
    assert_eq!(r1.pledges, ["P2"]);
    assert_eq!(r1.unconverted, ["P1"]);
    assert_eq!(r1.covered.pledged, dec("200000.00"));
    assert_eq!(r1.covered.disbursed, dec("0"));
    assert_eq!(c.appeals[0].covered.disbursed, dec("0"));
    assert_eq!(c.appeals[0].covered.pledged, dec("200000.00"));
    let said: Vec<String> = c.unconverted.iter().map(|m| m.to_string()).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].contains("(needed for pledge P1, pledged)"),
        "{said:?}"
    );
}

#[test]
fn a_coverage_past_what_a_decimal_holds_is_an_error_not_a_panic() {
    let requirement = "\
id,appeal,requester,for_whom,recipient,sector,amount,unit,start,end,source
R1,Plan 2025,Government of Costa Rica,Asylum seekers,CRI,15190,1.00,EUR,2025-01-01,2025-12-31,appeal
";
    let reqs: Vec<Requirement> = parse_requirements("r.csv", requirement.as_bytes(), &recipient)
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    let rates: Vec<Rate> = parse_rates(
        "rates.csv",
        b"date,base,quote,rate\n2021-06-01,JPY,USD,1000000\n2021-06-01,USD,EUR,1000000\n",
    )
    .unwrap()
    .into_iter()
    .map(|(_, r)| r)
    .collect();
    let eur: Currency = "EUR".parse().unwrap();
    // One pledge of the largest amount through two rates at their bound:
    // 1e27 EUR against 1 EUR is a share no decimal holds.
    let mut file = String::from(
        "id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency\n",
    );
    file.push_str(
        "P1,Donor,CRI,Shelter,1000000000000000,JPY,pledged,2025-02-01,donor report,R1,,,\n",
    );
    let reports = parse_csv("p.csv", file.as_bytes(), &recipient).unwrap();
    let mut pledges = Vec::new();
    merge(&mut pledges, "p.csv", &reports, None).unwrap();
    assert_eq!(
        coverage(&reqs, &pledges, &rates, &eur),
        Err(CoverageError::TooLarge("requirement R1".into()))
    );
    // Eighty of them outside any requirement add up past it too.
    let mut file = String::from(
        "id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency\n",
    );
    for i in 0..80 {
        file.push_str(&format!(
            "Q{i},Donor,CRI,Shelter,1000000000000000,JPY,pledged,2025-02-01,donor report,,,,\n"
        ));
    }
    let reports = parse_csv("q.csv", file.as_bytes(), &recipient).unwrap();
    let mut pledges = Vec::new();
    merge(&mut pledges, "q.csv", &reports, None).unwrap();
    assert!(matches!(
        coverage(&reqs, &pledges, &rates, &eur),
        Err(CoverageError::TooLarge(_))
    ));
    assert!(coverage(&reqs, &pledges[..1], &rates, &eur).is_ok());
}

#[test]
fn a_pledge_is_in_money_or_in_one_kind_throughout() {
    let file = "\
id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency
P3,Spain,CRI,Shelter,50,beds,pledged,2025-02-01,announcement,,,,
P3,Spain,CRI,Shelter,5000.00,EUR,disbursed,2025-03-01,announcement,,,,
P6,Spain,CRI,Shelter,5000.00,EUR,pledged,2025-03-01,announcement,,,100.00,EUR
";
    let e = parse_csv("k.csv", file.as_bytes(), &recipient).unwrap_err();
    assert!(
        e[0].to_string()
            .contains("k.csv:4:12: an estimate is for a pledge in kind"),
        "{e:?}"
    );
    let rs = parse_csv(
        "k.csv",
        file.lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
        &recipient,
    )
    .unwrap();
    let e = merge(&mut Vec::new(), "k.csv", &rs, None).unwrap_err();
    assert!(
        e[0].to_string()
            .contains("k.csv:3:6: pledge P3 is pledged in beds; this report is in EUR"),
        "{e:?}"
    );
}

proptest::proptest! {
    /// Whatever a file holds, the readers answer rows or problems (each
    /// placed and said), never a panic; and what reads, merges.
    #[test]
    fn any_file_reads_or_is_refused_in_words(
        cells in proptest::collection::vec(
            proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex("[-A-Za-z0-9 .,\"é]{0,12}").unwrap(),
                    proptest::prop_oneof![
                        proptest::strategy::Just("beds".to_string()),
                        proptest::strategy::Just("USD".to_string()),
                        proptest::strategy::Just("CRI".to_string()),
                        proptest::strategy::Just("15190".to_string()),
                        proptest::strategy::Just("2025-02-01".to_string()),
                        proptest::strategy::Just("pledged".to_string()),
                        proptest::strategy::Just("12.50".to_string()),
                    ],
                ],
                0..14,
            ),
            0..6,
        ),
    ) {
        let body: String = cells.iter().map(|r| r.join(",") + "\n").collect();
        let pledges = format!("id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency\n{body}");
        match parse_csv("p.csv", pledges.as_bytes(), &recipient) {
            Ok(reports) => {
                let _ = merge(&mut Vec::new(), "p.csv", &reports, None);
            }
            Err(problems) => proptest::prop_assert!(problems.iter().all(|p| !p.message.is_empty() && p.at.line() >= 1)),
        }
        let requirements = format!("id,appeal,requester,for_whom,recipient,sector,amount,unit,start,end,source\n{body}");
        if let Err(problems) = parse_requirements("r.csv", requirements.as_bytes(), &recipient) {
            proptest::prop_assert!(problems.iter().all(|p| !p.message.is_empty() && p.at.line() >= 1));
        }
    }
}

#[test]
fn a_pledge_the_appeal_cannot_convert_is_in_neither_the_appeal_nor_its_requirement() {
    let reqs = requirements();
    // P6, in dollars like R1, dated before the first euro rate: it
    // converts to R1's dollars but not to an appeal counted in euros.
    let early = "id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency\n\
                 P6,USA,CRI,Asylum,5000.00,USD,pledged,2024-12-01,statement,R1,,,\n";
    let mut all = pledges();
    let rs = parse_csv("early.csv", early.as_bytes(), &recipient).unwrap();
    merge(&mut all, "early.csv", &rs, None).unwrap();
    let usd = coverage(&reqs, &all, &rates(), &"USD".parse().unwrap()).unwrap();
    assert!(usd.requirements[0].pledges.contains(&"P6".to_string()));
    assert_eq!(usd.requirements[0].covered.pledged, dec("425000.00"));
    let eur = coverage(&reqs, &all, &rates(), &"EUR".parse().unwrap()).unwrap();
    let r1 = &eur.requirements[0];
    assert!(!r1.pledges.contains(&"P6".to_string()), "{:?}", r1.pledges);
    assert_eq!(r1.unconverted, ["P6"]);
    // R1's line and the appeal count the same pledges.
    assert_eq!(r1.covered.pledged, dec("420000.00"));
    assert_eq!(eur.appeals[0].covered.pledged, dec("381818.18"));
}
