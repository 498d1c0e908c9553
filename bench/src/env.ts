/** The running infrastructure the bench measures (scripts/bench.sh starts it and sets these). */
export function benchInfra() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run benchmarks with scripts/bench.sh`);
    return value;
  };
  return {
    kafkaBrokers: need('KAFKA_BROKERS'),
    mongoUrl: need('MONGO_URL'),
    imap: { host: need('IMAP_HOST'), port: Number(need('IMAP_PORT')), password: need('IMAP_PASSWORD') },
    smtp: { host: need('SMTP_HOST'), port: Number(need('SMTP_PORT')) },
  };
}

export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}
