// Starts the real server binary on a free port with a fresh data directory and a known admin
// password, waits for /healthz, and returns the teardown that stops it with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { FRONTEND_DIR, RESULTS_DIR, writeServerState } from './server'
import { PASSWORD, PETITION_USERS } from './users'

const ADMIN_PASSWORD = 'Admin-e2e-2026'

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => ok(port))
    })
  })
}

async function waitHealthy(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`pingan exited with ${proc.exitCode} before it was ready:\n${log()}`)
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`pingan did not answer ${url}/healthz within 60 s:\n${log()}`)
}

/** Creates the users the journeys share through the API, as the admin would (users.ts). */
async function createUsers(baseURL: string): Promise<void> {
  const login = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  })
  if (!login.ok) throw new Error(`admin login failed: ${login.status} ${await login.text()}`)
  const { token } = (await login.json()) as { token: string }
  for (const user of Object.values(PETITION_USERS)) {
    const res = await fetch(`${baseURL}/api/v1/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...user, password: PASSWORD, mustChangePassword: false }),
    })
    if (res.status !== 201) throw new Error(`creating ${user.username} failed: ${res.status} ${await res.text()}`)
  }
}

function stop(proc: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return done()
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    proc.once('exit', () => {
      clearTimeout(timer)
      done()
    })
    proc.kill('SIGTERM')
  })
}

export default async function globalSetup() {
  const bin = resolve(process.env.PINGAN_BIN || resolve(FRONTEND_DIR, '../bin/pingan'))
  if (!existsSync(bin)) {
    throw new Error(`server binary ${bin} not found: build it (make build) or set PINGAN_BIN`)
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pingan-e2e-'))
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`

  mkdirSync(RESULTS_DIR, { recursive: true })
  const logFile = createWriteStream(resolve(RESULTS_DIR, 'e2e-server.log'))
  let tail = ''
  const proc = spawn(bin, ['serve'], {
    env: {
      ...process.env,
      PINGAN_DATA_DIR: dataDir,
      PINGAN_ADDR: `127.0.0.1:${port}`,
      PINGAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PINGAN_MONGO_URI: '',
      // every journey signs in from this one address, far more often than an office does
      PINGAN_LOGINS_PER_MINUTE: '600',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const stream of [proc.stdout, proc.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      logFile.write(chunk)
      tail = (tail + chunk.toString()).slice(-4000)
    })
  }

  try {
    await waitHealthy(baseURL, proc, () => tail)
    await createUsers(baseURL)
  } catch (e) {
    await stop(proc)
    rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
  writeServerState({ baseURL, adminPassword: ADMIN_PASSWORD })
  process.env.PINGAN_BASE_URL = baseURL

  return async () => {
    await stop(proc)
    logFile.end()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
