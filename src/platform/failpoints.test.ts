import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createFailpoints } from './failpoints.ts'

function recorder(spec: string | undefined) {
  const kills: string[] = []
  let current = ''
  const failpoint = createFailpoints(spec, () => void kills.push(current))
  return { kills, pass: (name: string) => void ((current = name), failpoint(name)) }
}

test('unset, no failpoint ever kills', () => {
  for (const spec of [undefined, '', ' , ']) {
    const { kills, pass } = recorder(spec)
    for (let i = 0; i < 5; i++) pass('submit.before-commit')
    assert.deepEqual(kills, [])
  }
})

test('a named failpoint kills at its first pass, others never', () => {
  const { kills, pass } = recorder('submit.before-commit')
  pass('draft.save.before-commit')
  pass('submit.before-commit')
  assert.deepEqual(kills, ['submit.before-commit'])
})

test('name@k kills at the k-th pass of that name only', () => {
  const { kills, pass } = recorder('upload.before-commit@3, cerfa.before-commit')
  pass('upload.before-commit')
  pass('submit.before-commit')
  pass('upload.before-commit')
  assert.deepEqual(kills, [])
  pass('upload.before-commit')
  assert.deepEqual(kills, ['upload.before-commit'])
})

test('a malformed list is refused at start, in French', () => {
  for (const spec of ['submit@0', 'Submit', 'submit@', 'a b']) {
    assert.throws(() => createFailpoints(spec, () => {}), /FAILPOINTS : .* n'est pas de la forme nom ou nom@k/)
  }
})

test('an armed failpoint ends the real process with SIGKILL, nothing after it runs', () => {
  const module = fileURLToPath(new URL('./failpoints.ts', import.meta.url))
  const script = `const { failpoint } = await import(${JSON.stringify(module)}); failpoint('x'); console.log('avant'); failpoint('x'); console.log('après')`
  const run = (env: Record<string, string>) => spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' })
  const armed = run({ FAILPOINTS: 'x@2' })
  assert.equal(armed.signal, 'SIGKILL')
  assert.equal(armed.stdout, 'avant\n')
  const unset = run({ FAILPOINTS: '' })
  assert.equal(unset.status, 0)
  assert.equal(unset.stdout, 'avant\naprès\n')
})
