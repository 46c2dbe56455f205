/**
 * Debian's Firefox ESR, headless, with the built Firefox test extension installed as a temporary add-on —
 * driven through Marionette (see marionette.ts). Small helpers mirror what the Chromium tests do with
 * Playwright: navigate, find (also inside open shadow roots), click, type, evaluate, wait.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { MarionetteClient, type ElementRef } from './marionette';

const CANDIDATES = ['firefox-esr', 'firefox'];

export const NO_FIREFOX_MESSAGE = 'No Firefox found (checked FIREFOX_PATH, firefox-esr, firefox): run `apt-get update && apt-get install -y firefox-esr` or set FIREFOX_PATH.';

export function findFirefox(): string | null {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (process.env.FIREFOX_PATH && executable(process.env.FIREFOX_PATH)) return process.env.FIREFOX_PATH;
  for (const name of CANDIDATES) {
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      if (executable(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Preferences of a quiet, test-only profile: no first-run pages, no telemetry, no updates. */
const PREFS: Record<string, string | number | boolean> = {
  'marionette.port': 0,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'extensions.autoDisableScopes': 0,
  'intl.locale.requested': 'en-GB',
};

export class FirefoxSession {
  private constructor(
    readonly client: MarionetteClient,
    private readonly process: ChildProcess,
    private readonly profile: string,
    /** What Firefox printed; shown when a test fails. */
    readonly output: string[],
  ) {}

  static async launch(): Promise<FirefoxSession> {
    const binary = findFirefox();
    if (!binary) throw new Error(NO_FIREFOX_MESSAGE);
    const profile = mkdtempSync(join(tmpdir(), 'wbka-firefox-'));
    writeFileSync(join(profile, 'user.js'), Object.entries(PREFS).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`).join('\n'));
    const output: string[] = [];
    const child = spawn(binary, ['--headless', '--marionette', '--no-remote', '--profile', profile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_HEADLESS: '1' } });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    // Marionette on port 0 writes the port it chose into the profile.
    const portFile = join(profile, 'MarionetteActivePort');
    const deadline = Date.now() + 60_000;
    while (!existsSync(portFile)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Firefox did not start Marionette:\n${output.join('')}`);
      await sleep(100);
    }
    const client = await MarionetteClient.connect(Number(readFileSync(portFile, 'utf8').trim()));
    await client.send('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: false } } });
    return new FirefoxSession(client, child, profile, output);
  }

  /** Installs an unpacked extension as a temporary add-on (as `about:debugging` does); returns its id. */
  async installTemporaryAddon(directory: string): Promise<string> {
    const result = await this.client.send<{ value: string }>('Addon:Install', { path: directory, temporary: true });
    return result.value;
  }

  async navigate(url: string): Promise<void> {
    await this.client.send('WebDriver:Navigate', { url });
  }

  /** Runs `body` (a function body that may `return`) in the page; `arguments` holds `args`. */
  async evaluate<T>(body: string, ...args: unknown[]): Promise<T> {
    const result = await this.client.send<{ value: T }>('WebDriver:ExecuteScript', { script: body, args });
    return result.value;
  }

  /** Polls `body` in the page until it returns something truthy; returns that. */
  async waitFor<T>(description: string, body: string, ...args: unknown[]): Promise<T> {
    const deadline = Date.now() + 15_000;
    let last: unknown;
    for (;;) {
      try {
        last = await this.evaluate<T>(body, ...args);
        if (last) return last as T;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
      await sleep(100);
    }
  }

  async find(selector: string): Promise<ElementRef> {
    const result = await this.client.send<{ value: ElementRef }>('WebDriver:FindElement', { using: 'css selector', value: selector });
    return result.value;
  }

  /** An element inside the open shadow root of `hostSelector` (the panel, an inline annotation). */
  async findInShadow(hostSelector: string, selector: string): Promise<ElementRef> {
    const host = await this.find(hostSelector);
    const shadow = await this.client.send<{ value: ElementRef }>('WebDriver:GetShadowRoot', { id: elementId(host) });
    const result = await this.client.send<{ value: ElementRef }>('WebDriver:FindElementFromShadowRoot', { shadowRoot: elementId(shadow.value), using: 'css selector', value: selector });
    return result.value;
  }

  async click(element: ElementRef): Promise<void> {
    await this.client.send('WebDriver:ElementClick', { id: elementId(element) });
  }

  /** Real key events, as a person typing. */
  async type(element: ElementRef, text: string): Promise<void> {
    await this.client.send('WebDriver:ElementSendKeys', { id: elementId(element), text });
  }

  async clear(element: ElementRef): Promise<void> {
    await this.client.send('WebDriver:ElementClear', { id: elementId(element) });
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.client.send('Marionette:Quit', { flags: ['eForceQuit'] }), sleep(5_000)]);
    } catch {
      // Already gone.
    }
    this.client.close();
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The id inside a WebDriver element or shadow-root reference. */
function elementId(reference: ElementRef): string {
  const id = Object.values(reference)[0];
  if (typeof id !== 'string') throw new Error(`not an element reference: ${JSON.stringify(reference)}`);
  return id;
}
