/**
 * A minimal client for Firefox's built-in remote protocol, Marionette (what geckodriver speaks to Firefox).
 * Debian's firefox-esr cannot be driven by Playwright (that needs Playwright's patched Firefox), and
 * geckodriver is not packaged for Debian; Marionette is in every Firefox and documented:
 * https://firefox-source-docs.mozilla.org/testing/marionette/Protocol.html
 *
 * Framing: `<byte length>:<JSON>`. Commands are `[0, id, name, params]`, answers `[1, id, error, result]`.
 */
import { createConnection, type Socket } from 'node:net';

export interface MarionetteError {
  error: string;
  message: string;
  stacktrace?: string;
}

/** A W3C WebDriver element reference as Marionette returns it. */
export type ElementRef = Record<string, string>;

export class MarionetteClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { command: string; resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private greeting: Promise<unknown>;
  private resolveGreeting!: (value: unknown) => void;

  private constructor(private readonly socket: Socket) {
    this.greeting = new Promise((resolve) => {
      this.resolveGreeting = resolve;
    });
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('Marionette connection closed'));
      this.pending.clear();
    });
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<MarionetteClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const candidate = createConnection({ port, host }, () => resolve(candidate));
      candidate.once('error', reject);
    });
    const client = new MarionetteClient(socket);
    await client.greeting;
    return client;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (this.buffer.length < colon + 1 + length) return;
      const body = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as unknown;
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(body)) {
        this.resolveGreeting(body);
        continue;
      }
      const [, id, error, result] = body as [number, number, MarionetteError | null, unknown];
      const waiter = this.pending.get(id);
      if (!waiter) continue;
      this.pending.delete(id);
      if (error) waiter.reject(new Error(`${waiter.command}: ${error.error}: ${error.message}`));
      else waiter.resolve(result);
    }
  }

  send<T = unknown>(command: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const payload = Buffer.from(JSON.stringify([0, id, command, params]), 'utf8');
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { command, resolve: resolve as (value: unknown) => void, reject });
      this.socket.write(Buffer.concat([Buffer.from(`${payload.length}:`, 'ascii'), payload]));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
