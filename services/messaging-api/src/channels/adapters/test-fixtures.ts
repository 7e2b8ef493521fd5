import { readFileSync } from 'node:fs';

// The shared fixtures sit beside the repository (/work/shared next to /work/main), locally and in CI.
const FIXTURES = new URL('../../../../../../shared/fixtures/channels/', import.meta.url);

/** The exact bytes of a fixture file: signatures are computed over them. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

/**
 * A `.form` fixture as the provider posts it: the files end with a newline that no provider
 * sends (the signature vectors were computed without it), so it is dropped.
 */
export function formFixture(name: string): Buffer {
  return Buffer.from(
    fixtureBytes(name)
      .toString('utf8')
      .replace(/\r?\n$/, ''),
    'utf8',
  );
}

// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON that tests index freely.
export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixtureBytes(name).toString('utf8')) as T;
}

/** Flips one byte, for "a one-byte change is rejected" cases. */
export function flipByte(data: Buffer, index = Math.floor(data.length / 2)): Buffer {
  const copy = Buffer.from(data);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

/** Changes one character of a signature string, keeping its alphabet (hex or base64). */
export function flipChar(signature: string, index = signature.length - 5): string {
  const c = signature[index];
  const replacement = c === 'a' ? 'b' : 'a';
  return signature.slice(0, index) + replacement + signature.slice(index + 1);
}
