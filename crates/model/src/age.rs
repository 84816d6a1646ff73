//! Age groups as publishers of migrant stocks give them.

/// The sixteen five-year age groups of UN DESA's International Migrant
/// Stock (the last open-ended): a year's stock is their sum, so a reader
/// knows them by name rather than counting rows.
pub const UNDESA_GROUPS: [&str; 16] = [
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54",
    "55-59", "60-64", "65-69", "70-74", "75+",
];
