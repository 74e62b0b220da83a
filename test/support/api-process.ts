import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const API_MAIN = fileURLToPath(new URL('../../dist/apps/api/apps/api/src/main.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A real API server process, started from the build output. */
export class ApiProcess {
  private child: ChildProcess | null = null;
  readonly output: string[] = [];

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(env: Record<string, string>, port?: number): Promise<ApiProcess> {
    if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build first`);
    const api = new ApiProcess(port ?? (await freePort()), env);
    await api.launch();
    return api;
  }

  async launch(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(this.port), LOGIN_ATTEMPTS_PER_MINUTE: '1000', LOGIN_CONCURRENT_CHECKS: '64', PACKAGE_CREATIONS_PER_MINUTE: '1000', SEED_DEMO: 'true', ...this.env };
    if (!this.env['DATABASE_URL']) delete env['DATABASE_URL'];
    const child = spawn(process.execPath, [API_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.splice(0, 200);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}:\n${this.output.join('')}`);
      try {
        const response = await fetch(`${this.baseUrl}/api/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`API did not become healthy:\n${this.output.join('')}`);
  }

  /** Stops the process with a signal and waits until it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
    this.child = null;
  }

  async kill9(): Promise<void> {
    await this.stop('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }
}
