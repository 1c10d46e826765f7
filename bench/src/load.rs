//! The load driver: concurrent API clients running a weighted mix of operations for a
//! fixed time, then throughput and latency percentiles per operation.

use std::path::PathBuf;
use std::sync::Arc;
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
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Percentages of browse (catalogue and detail, half each) / track / submit.
    #[arg(long, default_value = "60,25,15")]
    mix: String,
    /// Number of benchmark services the seed created.
    #[arg(long, default_value_t = 50)]
    services: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Catalog,
    Detail,
    Submit,
    Track,
}

const OPS: [Op; 4] = [Op::Catalog, Op::Detail, Op::Submit, Op::Track];

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Catalog => "catalog",
            Op::Detail => "detail",
            Op::Submit => "submit",
            Op::Track => "track",
        }
    }
}

struct Stats {
    hist: [Histogram<u64>; 4],
    errors: [u64; 4],
}

impl Stats {
    fn new() -> anyhow::Result<Stats> {
        let h = || Histogram::<u64>::new_with_bounds(1, 60_000_000, 3);
        Ok(Stats {
            hist: [h()?, h()?, h()?, h()?],
            errors: [0; 4],
        })
    }
}

fn index(op: Op) -> usize {
    OPS.iter().position(|o| *o == op).unwrap_or(0)
}

/// Runs the load and prints the table.
pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let mix: Vec<u32> = args
        .mix
        .split(',')
        .map(|p| p.trim().parse())
        .collect::<Result<_, _>>()
        .context("--mix is three percentages, like 60,25,15")?;
    anyhow::ensure!(
        mix.len() == 3 && mix.iter().sum::<u32>() == 100,
        "--mix needs three percentages adding up to 100"
    );
    let text = std::fs::read_to_string(&args.tokens)
        .with_context(|| format!("reading {}", args.tokens.display()))?;
    let users: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(t, r)| (t.to_owned(), r.to_owned()))
        .collect();
    anyhow::ensure!(!users.is_empty(), "no tokens in {}", args.tokens.display());
    let users = Arc::new(users);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let warmup_end = Instant::now() + Duration::from_secs(3);
    let end = warmup_end + Duration::from_secs(args.duration);
    let mut tasks = Vec::new();
    for worker in 0..args.concurrency {
        let client = client.clone();
        let users = users.clone();
        let base = args.base.trim_end_matches('/').to_owned();
        let (browse, track) = (mix[0], mix[1]);
        let services = args.services.max(1);
        tasks.push(tokio::spawn(async move {
            let mut stats = Stats::new()?;
            let mut rng = rand::rngs::StdRng::from_os_rng();
            let mut n = worker;
            while Instant::now() < end {
                let roll = rng.random_range(0..100);
                let op = if roll < browse / 2 {
                    Op::Catalog
                } else if roll < browse {
                    Op::Detail
                } else if roll < browse + track {
                    Op::Track
                } else {
                    Op::Submit
                };
                let (token, reference) = &users[n % users.len()];
                n += STRIDE;
                let started = Instant::now();
                let ok = match op {
                    Op::Catalog => client.get(format!("{base}/api/v1/services")).send().await.map(|r| r.status().is_success()),
                    Op::Detail => {
                        let s = rng.random_range(0..services);
                        client.get(format!("{base}/api/v1/services/bench-service-{s}")).send().await.map(|r| r.status().is_success())
                    }
                    Op::Track => client.get(format!("{base}/api/v1/applications/{reference}")).bearer_auth(token).send().await.map(|r| r.status().is_success()),
                    Op::Submit => {
                        let s = rng.random_range(0..services);
                        let body = serde_json::json!({
                            "service": format!("bench-service-{s}"),
                            "data": { "full_name": "Pemohon Uji", "nik": "3374055202950003", "purpose": "work", "amount": "1500" }
                        });
                        client.post(format!("{base}/api/v1/applications")).bearer_auth(token).json(&body).send().await.map(|r| r.status().as_u16() == 201)
                    }
                };
                let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                if started >= warmup_end {
                    let i = index(op);
                    if ok.unwrap_or(false) {
                        let _ = stats.hist[i].record(micros.max(1));
                    } else {
                        stats.errors[i] += 1;
                    }
                }
            }
            anyhow::Ok(stats)
        }));
    }
    let mut total = Stats::new()?;
    for t in tasks {
        let s = t.await??;
        for i in 0..4 {
            total.hist[i]
                .add(&s.hist[i])
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            total.errors[i] += s.errors[i];
        }
    }
    let secs = args.duration as f64;
    println!(
        "\n{} clients for {} s against {} (mix browse/track/submit = {})\n",
        args.concurrency, args.duration, args.base, args.mix
    );
    println!(
        "{:<9} {:>9} {:>8} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "operation", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    let mut all = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3)?;
    let mut errors = 0;
    for op in OPS {
        let h = &total.hist[index(op)];
        all.add(h).map_err(|e| anyhow::anyhow!("{e}"))?;
        errors += total.errors[index(op)];
        print_row(op.name(), h, total.errors[index(op)], secs);
    }
    print_row("all", &all, errors, secs);
    Ok(())
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
