/** Runs `operation` repeatedly for `seconds` (after a short warm-up) and returns throughput and latency percentiles. */
export async function measure(name: string, seconds: number, operation: () => Promise<void>) {
  for (let i = 0; i < 5; i++) await operation();
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const start = performance.now();
    await operation();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  const total = samples.reduce((a, b) => a + b, 0);
  return {
    benchmark: name,
    runs: samples.length,
    'ops/s': Math.round((samples.length / total) * 1000),
    'p50 ms': pick(0.5),
    'p95 ms': pick(0.95),
    'p99 ms': pick(0.99),
  };
}
