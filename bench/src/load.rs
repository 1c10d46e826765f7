//! The load driver: a weighted mix of API operations for a fixed time, then throughput,
//! latency percentiles and the kinds of errors, per operation.
//!
//! Closed loop (`--concurrency N`): N clients, each sending its next request when the
//! last is answered. Open loop (`--rate R`): R requests per second at fixed intended send
//! times, whatever the answers; latency is measured from the intended send time, so a
//! server that stalls cannot hide it by slowing the clients down (coordinated omission).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use hdrhistogram::Histogram;
use rand::{Rng, SeedableRng};

/// How to load the server.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Base URL of a running server seeded with `seed`.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base: String,
    /// The token file written by `seed`.
    #[arg(long, default_value = "bench/tokens.txt")]
    tokens: PathBuf,
    /// Seconds to measure (after a 3 s warm-up that is not counted).
    #[arg(long, default_value_t = 30)]
    duration: u64,
    /// Concurrent clients (closed loop).
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Requests per second at fixed intended times (open loop); replaces --concurrency.
    #[arg(long)]
    rate: Option<u32>,
    /// Open loop: most requests outstanding at once; beyond, a request is counted as
    /// "not sent" rather than let the driver run out of memory.
    #[arg(long, default_value_t = 20_000)]
    max_outstanding: usize,
    /// Percentages of browse (catalogue and detail, half each) / track / submit, and
    /// optionally a fourth: submissions whose form asks another agency's data service.
    #[arg(long, default_value = "60,25,15")]
    mix: String,
    /// Number of benchmark services the seed created.
    #[arg(long, default_value_t = 50)]
    services: usize,
    /// Public pages to load instead of the mix, comma-separated paths such as
    /// `/performance,/performance?agency=bench-agency-1`: each request GETs one of them
    /// (200 expected), reported as `page`.
    #[arg(long)]
    pages: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Catalog,
    Detail,
    Submit,
    /// A submission whose form asks another agency's data service (a consented lookup).
    Lookup,
    Track,
    Page,
}

const OPS: [Op; 6] = [
    Op::Catalog,
    Op::Detail,
    Op::Submit,
    Op::Lookup,
    Op::Track,
    Op::Page,
];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Catalog => "catalog",
            Op::Detail => "detail",
            Op::Submit => "submit",
            Op::Lookup => "lookup",
            Op::Track => "track",
            Op::Page => "page",
        }
    }

    fn index(self) -> usize {
        OPS.iter().position(|o| *o == self).unwrap_or(0)
    }
}

/// What went wrong with one request.
fn kind_of(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timeout".to_owned()
    } else if e.is_connect() {
        "connect".to_owned()
    } else {
        "transport".to_owned()
    }
}

struct Stats {
    hist: [Histogram<u64>; 6],
    errors: [BTreeMap<String, u64>; 6],
}

impl Stats {
    fn new() -> anyhow::Result<Stats> {
        let h = || Histogram::<u64>::new_with_bounds(1, 600_000_000, 3);
        Ok(Stats {
            hist: [h()?, h()?, h()?, h()?, h()?, h()?],
            errors: Default::default(),
        })
    }

    fn record(&mut self, op: Op, outcome: Result<(), String>, micros: u64) {
        let i = op.index();
        match outcome {
            Ok(()) => {
                let _ = self.hist[i].record(micros.max(1));
            }
            Err(kind) => *self.errors[i].entry(kind).or_default() += 1,
        }
    }

    fn merge(&mut self, other: &Stats) -> anyhow::Result<()> {
        for i in 0..OPS.len() {
            self.hist[i]
                .add(&other.hist[i])
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            for (k, n) in &other.errors[i] {
                *self.errors[i].entry(k.clone()).or_default() += n;
            }
        }
        Ok(())
    }
}

/// Everything a request needs.
struct Target {
    client: reqwest::Client,
    base: String,
    users: Vec<(String, String)>,
    browse: u32,
    track: u32,
    submit: u32,
    services: usize,
    pages: Vec<String>,
}

impl Target {
    fn pick(&self, rng: &mut impl Rng) -> Op {
        if !self.pages.is_empty() {
            return Op::Page;
        }
        let roll = rng.random_range(0..100);
        if roll < self.browse / 2 {
            Op::Catalog
        } else if roll < self.browse {
            Op::Detail
        } else if roll < self.browse + self.track {
            Op::Track
        } else if roll < self.browse + self.track + self.submit {
            Op::Submit
        } else {
            Op::Lookup
        }
    }

    /// Sends one request of `op` as applicant `n`; `Ok` for the expected status.
    async fn fire(&self, op: Op, n: usize, service: usize) -> Result<(), String> {
        let base = &self.base;
        let user = n % self.users.len();
        let (token, reference) = &self.users[user];
        let (req, expected) = match op {
            Op::Catalog => (self.client.get(format!("{base}/api/v1/services")), 200),
            Op::Detail => (
                self.client
                    .get(format!("{base}/api/v1/services/bench-service-{service}")),
                200,
            ),
            Op::Track => (
                self.client
                    .get(format!("{base}/api/v1/applications/{reference}"))
                    .bearer_auth(token),
                200,
            ),
            Op::Page => (
                self.client
                    .get(format!("{base}{}", self.pages[service % self.pages.len()])),
                200,
            ),
            Op::Submit => {
                let body = serde_json::json!({
                    "service": format!("bench-service-{service}"),
                    "data": { "full_name": "Pemohon Uji", "nik": "3374055202950003", "purpose": "work", "amount": "1500" }
                });
                (
                    self.client
                        .post(format!("{base}/api/v1/applications"))
                        .bearer_auth(token)
                        .json(&body),
                    201,
                )
            }
            Op::Lookup => {
                // The applicant's own NIK and name: the registry answers that they match.
                let body = serde_json::json!({
                    "service": crate::seed::LOOKUP_SERVICE,
                    "data": {
                        "full_name": crate::seed::full_name(user),
                        "nik": crate::seed::nik(user),
                        "purpose": "work",
                        "identity_check": true,
                    }
                });
                (
                    self.client
                        .post(format!("{base}/api/v1/applications"))
                        .bearer_auth(token)
                        .json(&body),
                    201,
                )
            }
        };
        let res = req.send().await.map_err(|e| kind_of(&e))?;
        let status = res.status().as_u16();
        // Read the body: the answer is complete only then.
        res.bytes().await.map_err(|e| kind_of(&e))?;
        if status == expected {
            Ok(())
        } else {
            Err(format!("http {status}"))
        }
    }
}

/// Runs the load and prints the table.
pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let mix: Vec<u32> = args
        .mix
        .split(',')
        .map(|p| p.trim().parse())
        .collect::<Result<_, _>>()
        .context("--mix is three or four percentages, like 60,25,15 or 60,25,10,5")?;
    anyhow::ensure!(
        (mix.len() == 3 || mix.len() == 4) && mix.iter().sum::<u32>() == 100,
        "--mix needs three or four percentages adding up to 100"
    );
    let text = std::fs::read_to_string(&args.tokens)
        .with_context(|| format!("reading {}", args.tokens.display()))?;
    let users: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(t, r)| (t.to_owned(), r.to_owned()))
        .collect();
    anyhow::ensure!(!users.is_empty(), "no tokens in {}", args.tokens.display());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency.max(1024))
        .timeout(Duration::from_secs(30))
        .build()?;
    let target = Arc::new(Target {
        client,
        base: args.base.trim_end_matches('/').to_owned(),
        users,
        browse: mix[0],
        track: mix[1],
        submit: mix[2],
        services: args.services.max(1),
        pages: args
            .pages
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
    });
    let warmup_end = Instant::now() + Duration::from_secs(3);
    let end = warmup_end + Duration::from_secs(args.duration);
    let (total, not_sent, how) = match args.rate {
        None => (
            closed_loop(&target, args.concurrency, warmup_end, end).await?,
            0,
            format!("{} clients (closed loop)", args.concurrency),
        ),
        Some(rate) => {
            let (stats, not_sent) =
                open_loop(&target, rate, args.max_outstanding, warmup_end, end).await?;
            (
                stats,
                not_sent,
                format!("{rate} requests/s (open loop, latency from the intended send time)"),
            )
        }
    };
    let secs = args.duration as f64;
    println!(
        "\n{how} for {} s against {} (mix browse/track/submit[/lookup] = {})\n",
        args.duration, args.base, args.mix
    );
    println!(
        "{:<9} {:>9} {:>8} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "operation", "ok", "errors", "ok/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let mut all = Histogram::<u64>::new_with_bounds(1, 600_000_000, 3)?;
    let mut kinds: BTreeMap<String, u64> = BTreeMap::new();
    for op in OPS {
        let i = op.index();
        all.add(&total.hist[i])
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        for (k, n) in &total.errors[i] {
            *kinds.entry(k.clone()).or_default() += n;
        }
        if total.hist[i].is_empty() && total.errors[i].is_empty() {
            continue;
        }
        print_row(
            op.name(),
            &total.hist[i],
            total.errors[i].values().sum(),
            secs,
        );
    }
    print_row("all", &all, kinds.values().sum(), secs);
    if kinds.is_empty() {
        println!("\nerrors: none");
    } else {
        let list: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        println!("\nerrors: {}", list.join(", "));
    }
    if not_sent > 0 {
        println!("not sent (more than --max-outstanding waiting): {not_sent}");
    }
    Ok(())
}

async fn closed_loop(
    target: &Arc<Target>,
    concurrency: usize,
    warmup_end: Instant,
    end: Instant,
) -> anyhow::Result<Stats> {
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let target = target.clone();
        tasks.push(tokio::spawn(async move {
            let mut stats = Stats::new()?;
            let mut rng = rand::rngs::StdRng::from_os_rng();
            let mut n = worker;
            while Instant::now() < end {
                let op = target.pick(&mut rng);
                let service = rng.random_range(0..target.services);
                n += STRIDE;
                let started = Instant::now();
                let outcome = target.fire(op, n, service).await;
                if started >= warmup_end {
                    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                    stats.record(op, outcome, micros);
                }
            }
            anyhow::Ok(stats)
        }));
    }
    let mut total = Stats::new()?;
    for t in tasks {
        total.merge(&t.await??)?;
    }
    Ok(total)
}

async fn open_loop(
    target: &Arc<Target>,
    rate: u32,
    max_outstanding: usize,
    warmup_end: Instant,
    end: Instant,
) -> anyhow::Result<(Stats, u64)> {
    let stats = Arc::new(Mutex::new(Stats::new()?));
    let outstanding = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate.max(1)));
    let start = Instant::now();
    let mut rng = rand::rngs::StdRng::from_os_rng();
    let mut tasks = tokio::task::JoinSet::new();
    let mut not_sent = 0u64;
    let mut i: u32 = 0;
    loop {
        let intended = start + interval * i;
        if intended >= end {
            break;
        }
        i = i.saturating_add(1);
        tokio::time::sleep_until(intended.into()).await;
        let op = target.pick(&mut rng);
        let service = rng.random_range(0..target.services);
        let n = usize::try_from(i).unwrap_or(0).wrapping_mul(STRIDE);
        if outstanding.load(std::sync::atomic::Ordering::Relaxed) >= max_outstanding {
            if intended >= warmup_end {
                not_sent += 1;
            }
            continue;
        }
        outstanding.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (target, stats, outstanding) = (target.clone(), stats.clone(), outstanding.clone());
        tasks.spawn(async move {
            let outcome = target.fire(op, n, service).await;
            outstanding.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            if intended >= warmup_end {
                let micros = u64::try_from(intended.elapsed().as_micros()).unwrap_or(u64::MAX);
                stats
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .record(op, outcome, micros);
            }
        });
        // Reap finished tasks as we go so that the set stays small.
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    let stats = Arc::try_unwrap(stats)
        .map_err(|_| anyhow::anyhow!("requests still running"))?
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    Ok((stats, not_sent))
}

/// Workers step through applicants by a prime, so each one's requests spread over them all.
const STRIDE: usize = 7919;

fn print_row(name: &str, h: &Histogram<u64>, errors: u64, secs: f64) {
    let ms = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    println!(
        "{:<9} {:>9} {:>8} {:>10.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
        name,
        h.len(),
        errors,
        h.len() as f64 / secs,
        ms(0.5),
        ms(0.9),
        ms(0.99),
        h.max() as f64 / 1000.0
    );
}
