// `npm run sim -- [options]`: starts the simulator, prints ONE JSON line ({url, admin, schema}) on stdout.
import { startSimulator } from './index';
import type { SimOptions } from './types';

const USAGE = `Usage: npm run sim -- [--port N] [--seed N] [--keys N] [--users N] [--schema default|alt|FILE.json]
  [--latency MS] [--jitter MS] [--faults SPEC] [--state FILE] [--admin-api-key KEY] [--today YYYY-MM-DD] [--quiet]`;

function parseArgs(argv: string[]): Partial<SimOptions> {
  const options: Partial<SimOptions> = {};
  const number = (flag: string, value: string | undefined): number => {
    if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--port': options.port = number(name, value()); break;
      case '--seed': options.seed = number(name, value()); break;
      case '--keys': options.keys = number(name, value()); break;
      case '--users': options.users = number(name, value()); break;
      case '--latency': options.latencyMs = number(name, value()); break;
      case '--jitter': options.jitterMs = number(name, value()); break;
      case '--schema': options.schema = value() ?? 'default'; break;
      case '--faults': options.faults = value() ?? ''; break;
      case '--state': options.stateFile = value(); break;
      case '--admin-api-key': options.adminApiKey = value(); break;
      case '--today': options.today = value(); break;
      case '--quiet': options.quiet = true; break;
      case '--help': case '-h': process.stderr.write(`${USAGE}\n`); process.exit(0); break;
      default: throw new Error(`Unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: Partial<SimOptions>;
  try {
    options = parseArgs(process.argv.slice(2).filter((a) => a !== '--'));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const sim = await startSimulator(options);
  process.stdout.write(`${JSON.stringify({ url: sim.url, admin: sim.admin, schema: sim.schema.name })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`workbooks-sim failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
