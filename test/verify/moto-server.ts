import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as net from 'net';

/** A moto_server on loopback, started and stopped by the tests. */
export interface MotoServer {
  /** `http://localhost:<port>`: moto reads `127.0.0.1` as an S3 bucket name. */
  readonly endpoint: string;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** Fails with a clear message when moto_server is not installed. */
export function requireMotoServer(): string {
  try {
    return execFileSync('which', ['moto_server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('moto_server is not installed: these tests need it (pip install "moto[server]"), see docs/deploy.md');
  }
}

/** Starts moto_server on a free port and waits until it answers. */
export async function startMotoServer(env: Record<string, string> = {}): Promise<MotoServer> {
  return (await spawnMotoServer(env)).ready();
}

/**
 * Starts moto_server on a free port; `ready()` waits until it answers. A test can do other
 * work (a synth) between the two while the server boots.
 */
export async function spawnMotoServer(env: Record<string, string> = {}): Promise<{ ready(): Promise<MotoServer> }> {
  const bin = requireMotoServer();
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ['-H', 'localhost', '-p', String(port)], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr = (stderr + String(d)).slice(-4000); });
  const endpoint = `http://localhost:${port}`;
  const started = Date.now();
  const server: MotoServer = {
    endpoint,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
  const ready = async (): Promise<MotoServer> => {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
      if (await answers(endpoint)) return server;
      if (Date.now() - started > 30000) {
        child.kill();
        throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  return { ready };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/data.json`);
    return res.ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
