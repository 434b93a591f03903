import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertReachableByPostgresUser } from './embedded-postgres.ts'

test('as root, a data folder the postgres user cannot reach is refused with what to do', () => {
  const closed = mkdtempSync(join(tmpdir(), 'closed-'))
  chmodSync(closed, 0o755)
  mkdirSync(join(closed, 'inner'), { mode: 0o700 })
  try {
    assert.throws(() => assertReachableByPostgresUser(join(closed, 'inner', 'pg'), true), /ne peut pas traverser .*inner.*DATA_DIR/s)
    assert.doesNotThrow(() => assertReachableByPostgresUser(join(closed, 'pg'), true))
  } finally {
    rmSync(closed, { recursive: true, force: true })
  }
})
