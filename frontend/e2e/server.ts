// Where the server started by global-setup listens, shared with the tests through a small state file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const FRONTEND_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const RESULTS_DIR = resolve(FRONTEND_DIR, 'test-results')
export const SCREENSHOT_DIR = resolve(RESULTS_DIR, 'screenshots')
const STATE_FILE = resolve(RESULTS_DIR, 'e2e-server.json')

export interface ServerState {
  baseURL: string
  adminPassword: string
}

export function writeServerState(state: ServerState): void {
  mkdirSync(RESULTS_DIR, { recursive: true })
  writeFileSync(STATE_FILE, JSON.stringify(state))
}

export function serverState(): ServerState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ServerState
}
