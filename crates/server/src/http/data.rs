//! Series, their forecasts, exports and imports: the statistics' own routes.

use super::common::*;

/// Which series and periods: comma-separated lists, as the command line's
/// `--reporter` and friends.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// Reporting countries (ISO 3166-1 alpha-3), comma-separated
    pub reporter: Option<String>,
    /// Locations inside the reporter (ALL, SWB…)
    pub location: Option<String>,
    /// Nationalities (alpha-3), comma-separated
    pub nationality: Option<String>,
    /// Indicators (encounters, irregular_entries…)
    pub indicator: Option<String>,
    /// First period (2022-01, 2022-W05 or 2022-01-31; each series reads
    /// its own periods that lie wholly inside the range)
    pub from: Option<String>,
    /// Last period (2023-12)
    pub to: Option<String>,
}

impl FilterParams {
    fn filter(&self) -> corredor_app::Result<Filter> {
        let (from, to) = (
            period_param(&self.from, "from")?,
            period_param(&self.to, "to")?,
        );
        // By their days, as the command line compares them: a month and a
        // week compare as the calendar does, and a range that ends before
        // it starts is said, not answered with nothing.
        if let (Some(f), Some(t)) = (from, to) {
            if f.first_day() > t.last_day() {
                return Err(corredor_app::Error::Invalid(format!(
                    "from {f} is after to {t}"
                )));
            }
        }
        Ok(Filter {
            reporters: countries(&self.reporter, "reporter")?,
            locations: list_param(&self.location),
            nationalities: countries(&self.nationality, "nationality")?,
            indicators: list_param(&self.indicator),
            from,
            to,
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct SeriesItem {
    reporter: String,
    location: String,
    nationality: String,
    indicator: String,
    frequency: String,
    first: String,
    last: String,
    count: u64,
    /// Sharing levels among its observations the reader may see
    shares: Vec<String>,
}

/// Series listed in one answer unless the caller asks for another number:
/// a page costs about what one series with its forecast does
/// (`bench/list.sh`).
pub const PAGE_DEFAULT: usize = 100;
/// Most series listed in one answer.
pub const PAGE_MAX: usize = 1000;

/// Which page of the series list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Series in this answer, 1–1000 (default 100)
    pub limit: Option<usize>,
    /// The cursor: list the series after this one
    /// (reporter/location/nationality/indicator, as the last series of the
    /// previous page, which the `Link` header of its answer names)
    pub after: Option<String>,
}

/// The series the caller may see, in key order (reporter, location,
/// nationality, indicator), one page at a time: when there may be more,
/// the answer's `Link` header gives the next page's address
/// (`rel="next"`, RFC 8288).
#[utoipa::path(get, path = "/api/v1/series", params(FilterParams, PageParams),
    responses((status = 200, body = [SeriesItem],
        headers(("Link" = String, description = "the next page: `</api/v1/series?…&after=…>; rel=\"next\"`, absent on the last page"))),
        (status = 400, description = "a filter, limit or cursor that cannot be read")))]
pub(super) async fn series_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<FilterParams>,
    Query(p): Query<PageParams>,
) -> ApiResult<Response> {
    let filter = q.filter()?;
    let limit = p.limit.unwrap_or(PAGE_DEFAULT);
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(Error::Invalid(format!("limit must be between 1 and {PAGE_MAX}")).into());
    }
    let after = p
        .after
        .as_deref()
        .map(|a| {
            a.parse::<SeriesKey>()
                .map_err(|e| Error::Invalid(format!("after={a}: {e}")))
        })
        .transpose()?;
    let access = actor.access();
    let cache_key = format!("{filter:?}|{access:?}|{after:?}|{limit}");
    let page = corredor_store::Page { after, limit };
    let st = state.clone();
    let list = state
        .run(move |s| {
            let cache_key = format!("{cache_key}|{}", corredor_store::data_version(s)?);
            if let Some(list) = st.lists.get(&cache_key) {
                return Ok(list);
            }
            corredor_app::series::check_indicators(s, &filter)?;
            let list = Arc::new(s.series_page(&filter, &access, Some(&page))?);
            st.lists.insert(cache_key, list.clone());
            Ok(list)
        })
        .await?;
    let next = (list.len() == limit)
        .then(|| list.last().map(|s| next_page(&q, &s.key, limit)))
        .flatten();
    let items: Vec<SeriesItem> = list
        .iter()
        .map(|s| SeriesItem {
            reporter: s.key.reporter.clone(),
            location: s.key.location.to_string(),
            nationality: s.key.nationality.clone(),
            indicator: s.key.indicator.clone(),
            frequency: s.frequency.to_string(),
            first: s.first.to_string(),
            last: s.last.to_string(),
            count: s.count,
            shares: s.shares.iter().map(|l| l.to_string()).collect(),
        })
        .collect();
    let mut answer = Json(items).into_response();
    if let Some(link) = next.and_then(|n| HeaderValue::from_str(&n).ok()) {
        answer.headers_mut().insert(header::LINK, link);
    }
    Ok(answer)
}

/// The `Link` header of the page after `last`, with the same filters.
fn next_page(q: &FilterParams, last: &SeriesKey, limit: usize) -> String {
    let mut query: Vec<(&str, String)> = [
        ("reporter", &q.reporter),
        ("location", &q.location),
        ("nationality", &q.nationality),
        ("indicator", &q.indicator),
        ("from", &q.from),
        ("to", &q.to),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
    .collect();
    query.push(("limit", limit.to_string()));
    query.push(("after", last.to_string()));
    let text = serde_urlencoded::to_string(&query).unwrap_or_default();
    format!("</api/v1/series?{text}>; rel=\"next\"")
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesParams {
    /// Forecast from this period (default: the latest period its place reported, among the figures the caller may see; a series that stopped counts none since)
    pub as_of: Option<String>,
    /// Periods ahead, 1–12 (default 3)
    pub horizon: Option<usize>,
}

/// One series: its observations the caller may see, with their source and
/// the date they were received, and a forecast with 80% and 95% intervals
/// computed from those observations only.
#[utoipa::path(get, path = "/api/v1/series/{reporter}/{location}/{nationality}/{indicator}",
    params(("reporter" = String, Path), ("location" = String, Path), ("nationality" = String, Path),
           ("indicator" = String, Path), SeriesParams),
    responses((status = 200, body = SeriesDetail), (status = 404, description = "no such series, or none of it visible")))]
pub(super) async fn series_show(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path((reporter, location, nationality, indicator)): Path<(String, String, String, String)>,
    Query(q): Query<SeriesParams>,
) -> ApiResult<Json<Arc<SeriesDetail>>> {
    let key: SeriesKey = format!("{reporter}/{location}/{nationality}/{indicator}")
        .parse()
        .map_err(|e| Error::Invalid(format!("{e}")))?;
    let horizon = q.horizon.unwrap_or(3);
    if !(1..=12).contains(&horizon) {
        return Err(Error::Invalid("horizon must be between 1 and 12".into()).into());
    }
    let as_of = period_param(&q.as_of, "as_of")?;
    let access = actor.access();
    let cache_key = format!("{key}|{access:?}|{as_of:?}|{horizon}");
    let st = state.clone();
    let out = state
        .run(move |s| {
            let version = corredor_store::data_version(s)?;
            let cache_key = format!("{cache_key}|{version}");
            if let Some(v) = st.forecasts.get(&cache_key) {
                return Ok(v);
            }
            let v = Arc::new(series::detail(s, &key, &access, as_of, horizon)?);
            st.forecasts.insert(cache_key, v.clone());
            Ok(v)
        })
        .await?;
    Ok(Json(out))
}

// ---------------------------------------------------------------- export

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// csv (default), json or hxl
    pub format: Option<String>,
    /// Include the publishers' breakdowns
    pub breakdown: Option<bool>,
    /// The values as they stood on this date or instant
    pub as_received: Option<String>,
}

/// Observations the caller may see, as CSV (the long format, which
/// imports back), JSON or HXL. Exports, imports and placements are capped
/// at once, per caller and in all; more are answered 429 with
/// `Retry-After`.
#[utoipa::path(get, path = "/api/v1/export", params(FilterParams, ExportParams),
    responses((status = 200, description = "the observations", content_type = "text/csv"),
        (status = 429, description = "too many exports at once: retry after the seconds given")))]
pub(super) async fn export_data(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(f): Query<FilterParams>,
    Query(q): Query<ExportParams>,
) -> ApiResult<Response> {
    let format: ExportFormat = q
        .format
        .as_deref()
        .unwrap_or("csv")
        .parse()
        .map_err(Error::Invalid)?;
    let filter = f.filter()?;
    let options = ReadOptions {
        breakdowns: q.breakdown.unwrap_or(false),
        history: false,
        as_received: q
            .as_received
            .as_deref()
            .map(corredor_app::clock::as_received)
            .transpose()
            .map_err(Error::Invalid)?,
    };
    let access = actor.access();
    // Read from the store into memory, or into a file past
    // [`SPOOL_IN_MEMORY`], then served from there: a reader that never
    // reads holds a buffer or a file, not one of the store's connections.
    let spool = state
        .run(move |s| {
            let spool = tempfile::SpooledTempFile::new(SPOOL_IN_MEMORY);
            let mut w = std::io::BufWriter::with_capacity(1 << 16, spool);
            export::write(s, &filter, &options, &access, format, &mut w)?;
            let spool = w.into_inner().map_err(|e| e.into_error())?;
            let mut data = spool.into_inner();
            if let tempfile::SpooledData::OnDisk(file) = &mut data {
                std::io::Seek::seek(file, std::io::SeekFrom::Start(0))?;
            }
            Ok(data)
        })
        .await?;
    let body = match spool {
        tempfile::SpooledData::InMemory(bytes) => Body::from(bytes.into_inner()),
        tempfile::SpooledData::OnDisk(file) => {
            Body::from_stream(file_chunks(tokio::fs::File::from_std(file)))
        }
    };
    let ext = match format {
        ExportFormat::Json => "json",
        _ => "csv",
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"corredor-export.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The largest export kept in memory while it waits for its reader;
/// larger ones go to a temporary file. Most exports are a few kilobytes,
/// and a file costs a creation and a blocking read per chunk. A reader
/// that never reads then holds no more memory than the one chunk a
/// file-backed answer has in flight.
const SPOOL_IN_MEMORY: usize = 1 << 16;

/// A spooled export's bytes, 64 KiB at a time, fused (the compression
/// layer polls again after the end).
fn file_chunks(
    file: tokio::fs::File,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send {
    futures_util::StreamExt::fuse(futures_util::stream::unfold(file, |mut f| async move {
        use tokio::io::AsyncReadExt;
        let mut chunk = vec![0u8; 1 << 16];
        match f.read(&mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok(Bytes::from(chunk)), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    }))
}

// ---------------------------------------------------------------- import

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// auto (default), long, hxl, json, cbp, ohss or iom
    pub format: Option<String>,
    /// Where the figures come from
    pub source: Option<String>,
    /// public, members (default) or restricted
    pub share: Option<String>,
    /// For restricted data: the countries it is shared with, comma-separated
    pub share_with: Option<String>,
    /// Indicator for files that do not name one
    pub indicator: Option<String>,
    /// The file's name, as problems will cite it (default upload.csv or upload.json)
    pub name: Option<String>,
}

/// Imports observations (the body: a file in any format `corredor import`
/// reads), all or nothing. Analysts submit their own country's figures;
/// the secretariat any. Refused files answer 422 with every problem's
/// file, line and column. The early warning then runs on the series the
/// file touched.
#[utoipa::path(post, path = "/api/v1/observations", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "imported", body = ImportAnswer),
              (status = 422, description = "refused: nothing imported", body = RefusalReport),
              (status = 429, description = "too many imports, exports or placements at once: retry after the seconds given")),
    security(("bearer" = [])))]
pub(super) async fn import_observations(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Query(q): Query<ImportParams>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    // Checked before a byte of the body is read: a caller who may not
    // submit never makes the server receive a file.
    actor.require(&[Role::Analyst], "submitting data")?;
    // Over the API a country's figures come from that country's analysts
    // only (the pipeline refuses any row of another reporter). The
    // secretariat, which may not see a country's restricted series, could
    // otherwise learn of them by writing to them (a refusal naming a series,
    // "unchanged" confirming a guessed value) or overwrite them: the answer
    // here depends on nothing in the store.
    if actor.role == Role::Analyst && actor.country.is_none() {
        return Err(Error::Forbidden(
            "submitting data: this organisation is not a member state's agency".into(),
        )
        .into());
    }
    let format = match q.format.as_deref().unwrap_or("auto") {
        "auto" => None,
        f => Some(
            Format::ALL
                .into_iter()
                .find(|x| x.as_str() == f)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "format '{f}': use auto, long, hxl, json, cbp, ohss or iom"
                    ))
                })?,
        ),
    };
    let stated = q.share.is_some() || q.share_with.is_some();
    let level: ShareLevel = q
        .share
        .as_deref()
        .unwrap_or("members")
        .parse()
        .map_err(|e: corredor_model::share::ShareLevelError| Error::Invalid(e.to_string()))?;
    let sharing =
        corredor_model::record::parse_sharing(level, q.share_with.as_deref().unwrap_or(""))
            .map_err(|e| Error::Invalid(format!("share_with: {e}")))?;
    if let Some(s) = &q.source {
        corredor_model::record::check_text(corredor_model::record::Field::Source, s)
            .map_err(|e| Error::Invalid(format!("source: {e}")))?;
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let name = q.name.clone().unwrap_or_else(|| {
        if is_json {
            "upload.json".into()
        } else {
            "upload.csv".into()
        }
    });
    if name.len() > 200
        || name.contains(['/', '\\'])
        || name.chars().any(corredor_model::record::is_hidden_control)
    {
        return Err(Error::Invalid("name: give a plain file name".into()).into());
    }
    let body = received(body).await?;
    let routes = state.routes.clone();
    let outcome = state
        .run(move |s| {
            let reporter = match actor.role {
                Role::Analyst => actor.country.clone(),
                _ => None,
            };
            let req = Request {
                org: &actor.org,
                format,
                source: q.source.as_deref(),
                options: Options {
                    indicator: q.indicator.clone(),
                    sharing_ceiling: stated.then(|| sharing.clone()),
                },
                sharing,
                reporter: reporter.as_deref(),
                progress: None,
            };
            let inputs = vec![Input::Bytes {
                name,
                data: body.to_vec(),
            }];
            observations::submit(s, &actor, &routes, inputs, &req, Scan::Changed)
        })
        .await?;
    Ok(match outcome {
        Ok(done) => Json(ImportAnswer::from(done)).into_response(),
        Err(refusal) => (StatusCode::UNPROCESSABLE_ENTITY, Json(refusal.report())).into_response(),
    })
}
