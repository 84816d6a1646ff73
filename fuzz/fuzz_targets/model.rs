//! Periods, series keys and country names from arbitrary text.
#![no_main]

use corredor_model::{country, Period, SeriesKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = text.parse::<Period>() {
            assert_eq!(p.to_string().parse::<Period>().ok(), Some(p));
        }
        let _ = text.parse::<SeriesKey>();
        let _ = country::resolve(text);
    }
});
