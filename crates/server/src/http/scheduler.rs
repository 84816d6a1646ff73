//! Scheduled work: webhook delivery, the periodic scan and the recovery of
//! interrupted scans, on whichever instance holds the lease.

use super::common::*;

/// Scheduled work, on whichever instance holds the lease: webhook
/// delivery every tick, a full rescan every `scan_every`.
pub(super) async fn scheduler(state: Arc<AppState>, config: Config) {
    let transport: Arc<dyn webhook::Transport> =
        Arc::new(webhook::Http::new(config.webhooks.clone()));
    let mut interval = tokio::time::interval(config.tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Scans an interrupted import left undone, once, on the instance that
    // first holds the lease after a start.
    let recovered = Arc::new(std::sync::atomic::AtomicBool::new(false));
    loop {
        interval.tick().await;
        match tick(&state, &config, &transport, &recovered).await {
            Ok(Some((round, scanned))) => {
                if round.delivered + round.failed > 0 {
                    tracing::info!(
                        delivered = round.delivered,
                        failed = round.failed,
                        "webhooks"
                    );
                }
                if let Some(c) = scanned {
                    tracing::info!(
                        opened = c.opened.len(),
                        updated = c.updated.len(),
                        "scheduled scan"
                    );
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e.0, "scheduled work failed"),
        }
    }
}

/// One round of scheduled work, `None` when another instance holds the
/// lease. A store connection is taken to read what is due and again to
/// record the answers, never while receivers are waited for.
pub(super) async fn tick(
    state: &Arc<AppState>,
    config: &Config,
    transport: &Arc<dyn webhook::Transport>,
    recovered: &Arc<std::sync::atomic::AtomicBool>,
) -> Result<Option<(webhook::Round, Option<alerts::Changes>)>, ApiError> {
    use std::sync::atomic::Ordering;
    let lease_for = (config.tick.as_secs() as i64 * 5).max(10);
    let (instance, routes, recovered) = (
        config.instance.clone(),
        state.routes.clone(),
        recovered.clone(),
    );
    let due = state
        .run(move |s| {
            if !lease::acquire(s, "scheduler", &instance, lease_for)? {
                return Ok(None);
            }
            if !recovered.load(Ordering::Relaxed) {
                if let Some(c) = observations::recover(s, &routes)? {
                    tracing::info!(
                        opened = c.opened.len(),
                        updated = c.updated.len(),
                        "scanned what an interrupted import left"
                    );
                }
                recovered.store(true, Ordering::Relaxed);
            }
            Ok(Some(webhook::due(s, 100)?))
        })
        .await?;
    let Some(due) = due else {
        return Ok(None);
    };
    // The lease is renewed while receivers are waited for: another
    // instance taking it meanwhile would send a receiver's later messages
    // before this round's earlier ones. (The messages this round read are
    // held for it by `webhook::due`, so none is sent twice either way.)
    let renewing = {
        let (state, instance) = (state.clone(), config.instance.clone());
        tokio::spawn(async move {
            let every = std::time::Duration::from_secs((lease_for / 3).max(1) as u64);
            loop {
                tokio::time::sleep(every).await;
                let i = instance.clone();
                if let Err(e) = state
                    .run(move |s| lease::acquire(s, "scheduler", &i, lease_for))
                    .await
                {
                    tracing::warn!(error = %e.0, "renewing the scheduler's lease failed");
                }
            }
        })
    };
    let sender = transport.clone();
    let sent =
        tokio::task::spawn_blocking(move || (webhook::send(sender.as_ref(), &due), due)).await;
    renewing.abort();
    let (sent, due) =
        sent.map_err(|e| ApiError(Error::Internal(format!("webhook delivery failed: {e}"))))?;
    let (instance, routes) = (config.instance.clone(), state.routes.clone());
    let scan_every = config.scan_every.as_secs() as i64;
    state
        .run(move |s| {
            let round = webhook::record(s, &sent, &due)?;
            let scanned = if scan_every > 0 && lease::once_per(s, "scan", &instance, scan_every)? {
                let actor = Actor::system(&format!("scheduler:{instance}"));
                Some(observations::rescan_all(s, &actor, &routes)?)
            } else {
                None
            };
            Ok(Some((round, scanned)))
        })
        .await
}
