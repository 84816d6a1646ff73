//! A labour match run's files (pathways, workers, vacancies, scores) read
//! together, and, when they read, the matching solved for a few steps and
//! explained: no input may panic, and every problem has a message.
#![no_main]

use std::cell::Cell;

use corredor_labour::matching::{solve, Stops};
use corredor_labour::{read, Files};
use libfuzzer_sys::fuzz_target;

const HEADERS: [&[u8]; 4] = [
    b"id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source\n",
    b"id,nationality,residence,isco,experience_years,languages,skills,consent\n",
    b"id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n",
    b"worker,vacancy,score\n",
];

fuzz_target!(|data: &[u8]| {
    // Four files, split at form feeds, each after its header.
    let mut parts = data.split(|&b| b == 0x0c);
    let files: Vec<Vec<u8>> = HEADERS
        .iter()
        .map(|h| [*h, parts.next().unwrap_or_default()].concat())
        .collect();
    let scores = (files[3].len() > HEADERS[3].len()).then(|| ("scores.csv", files[3].as_slice()));
    match read(&Files {
        pathways: ("pathways.csv", &files[0]),
        workers: ("workers.csv", &files[1]),
        vacancies: ("vacancies.csv", &files[2]),
        scores,
    }) {
        Ok(market) => {
            let asked = Cell::new(0u32);
            let later = || {
                asked.set(asked.get() + 1);
                asked.get() > 64
            };
            let stops = Stops {
                flow: &later,
                bound: &later,
                search: &later,
            };
            if let Ok(o) = solve(&market, &stops) {
                assert!(o.bound >= o.objective);
            }
        }
        Err(problems) => assert!(!problems.0.is_empty() && !problems.to_string().is_empty()),
    }
});
