import { createHash } from 'node:crypto';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Structured JSON lines. Callers pass only fields they chose: no bodies, headers, keys or images. */
export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Logger {
  const log =
    (level: string) =>
    (msg: string, fields: LogFields = {}) =>
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A stable, non-reversible name for a token in logs and rate-limit buckets. */
export function tokenId(token: string): string {
  return `tok_${createHash('sha256').update(token).digest('hex').slice(0, 10)}`;
}

/** Error text for logs: anything that looks like a bearer token, key or data URL is cut out. */
export function redact(text: string): string {
  return text
    .replace(/data:[^;,\s]+;base64,[A-Za-z0-9+/=]+/g, 'data:[image]')
    .replace(/(Bearer\s+)[^\s"']+/gi, '$1[redacted]')
    .replace(/\b(sk|pk|key|tok)[-_][A-Za-z0-9_-]{8,}/g, '[redacted]');
}
