//! The follow-up's file readers: pledge files (nine or thirteen columns,
//! in money or in kind), rates and appeals' requirements, and the merge
//! of whatever pledge reports read.
#![no_main]

use corredor_followup::forum::parse_requirements;
use corredor_followup::pledge::{merge, parse_csv, parse_rates, Recipient};
use libfuzzer_sys::fuzz_target;

fn recipient(code: &str) -> Option<Recipient> {
    match code {
        "MIRPS" => Some(Recipient::Mechanism(code.into())),
        "CRI" | "PAN" | "MEX" => Some(Recipient::Country(code.into())),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    for bytes in [data.to_vec(), [b"id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency\n".as_slice(), data].concat()] {
        match parse_csv("fuzz", &bytes, &recipient) {
            Ok(reports) => {
                let _ = merge(&mut Vec::new(), "fuzz", &reports, None);
            }
            Err(problems) => assert!(problems.iter().all(|p| !p.message.is_empty())),
        }
    }
    let _ = parse_rates("fuzz", data);
    let with_header = [b"id,appeal,requester,for_whom,recipient,sector,amount,unit,start,end,source\n".as_slice(), data].concat();
    for bytes in [data, with_header.as_slice()] {
        if let Err(problems) = parse_requirements("fuzz", bytes, &recipient) {
            assert!(problems.iter().all(|p| !p.message.is_empty()));
        }
    }
});
