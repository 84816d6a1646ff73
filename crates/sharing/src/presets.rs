//! Keys that governments adopted or the declaration's reports call for,
//! as criteria over named input columns.

/// A preset: which rows of the inputs take part, and the criteria over
/// which columns.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    pub name: &'static str,
    pub title: &'static str,
    /// The total the key was made for.
    pub total: u64,
    /// The column naming the country (alpha-3, alpha-2 or a name).
    pub country_column: &'static str,
    /// Rows take part when this column holds this value (all rows if None).
    pub member: Option<(&'static str, &'static str)>,
    pub criteria: &'static str,
    /// The published key's scheme in `published.csv`, to compare with.
    pub published_scheme: Option<&'static str>,
    pub notes: &'static str,
}

/// The European Commission's relocation key of May 2015 (COM(2015) 286,
/// 40,000 persons from Italy and Greece among 23 member states): population
/// 40%, GDP 40%, unemployment and asylum applications per million (average
/// 2010–2014) 10% each, inverse. As published, its shares are reproduced by
/// the construction without the 30% cap (with it, Germany is 3.9 points
/// off): the cap appears in the Commission's wording only in September.
pub const EU_2015_MAY: Preset = Preset {
    name: "eu-2015-may",
    title: "EU relocation key, May 2015 (40,000 from Italy and Greece)",
    total: 40_000,
    country_column: "iso2",
    member: Some(("in_may2015_key", "relocating")),
    criteria: "A_pop_1jan2014:0.4,A_gdp_2014_meur_current:0.4,\
               A_unemp_rate_2014_pct:0.1:inverse,A_asylum_per_million_avg_2010_2014:0.1:inverse",
    published_scheme: Some("may2015"),
    notes: "COM(2015) 286; inputs: Eurostat population 1 Jan 2014, GDP 2014, unemployment 2014, asylum applicants per million averaged 2010–2014 (later vintages than the Commission's)",
};

/// The key of September 2015 (COM(2015) 451, 120,000 from Italy, Greece
/// and Hungary among 22 member states): the same criteria, each inverse
/// criterion capped at 30% of the population and GDP effect.
pub const EU_2015_SEP: Preset = Preset {
    name: "eu-2015-sep",
    title: "EU relocation key, September 2015 (120,000 from Italy, Greece and Hungary)",
    total: 120_000,
    country_column: "iso2",
    member: Some(("in_sep2015_key", "relocating")),
    criteria: "A_pop_1jan2014:0.4,A_gdp_2014_meur_current:0.4,\
               A_unemp_rate_2014_pct:0.1:inverse:cap=0.3,\
               A_asylum_per_million_avg_2010_2014:0.1:inverse:cap=0.3",
    published_scheme: Some("sep2015"),
    notes: "COM(2015) 451; inputs as for May; the cap limits each inverse criterion to 30% of the country's population and GDP shares",
};

/// A key for the Americas from the criteria the declaration's reports
/// name, on figures every country's publishers give: the size of the
/// country (population, GDP), and, lowering its share like the EU's inverse
/// criteria and capped the same way, the strain on its labour market
/// (unemployment) and the people it already hosts (immigrants per 1,000
/// inhabitants). The weights are a proposal for the countries to settle.
/// `share inputs --preset americas` builds the inputs from the publishers'
/// files (`crate::assemble`): `country,population,gdp_usd,
/// unemployment_pct,hosted_per_1000`, each with its year and source.
/// Institutional capacity, which the reports also name, has no published
/// figure: it is left out until countries report it.
pub const AMERICAS: Preset = Preset {
    name: "americas",
    title: "Americas key: population, GDP, unemployment, people already hosted",
    total: 0,
    country_column: "country",
    member: None,
    criteria: "population:0.35,gdp_usd:0.35,unemployment_pct:0.15:inverse:cap=0.3,\
               hosted_per_1000:0.15:inverse:cap=0.3",
    published_scheme: None,
    notes: "population: World Bank WDI SP.POP.TOTL; gdp_usd: World Bank WDI NY.GDP.MKTP.CD, current US$; unemployment_pct: ILOSTAT, native-born; hosted_per_1000: UN DESA international migrant stock (immigrants) per 1,000 inhabitants",
};

pub const ALL: [Preset; 3] = [EU_2015_MAY, EU_2015_SEP, AMERICAS];

pub fn find(name: &str) -> Option<Preset> {
    ALL.into_iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_parses() {
        for p in super::ALL {
            crate::Spec::parse(p.criteria).unwrap();
        }
    }
}
