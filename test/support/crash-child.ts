// The start of a process of crash-process.ts: built in advance, it waits for its parent's word on
// standard input, then starts and says « prêt ». A parent gone first ends it.
import { createInterface } from 'node:readline'

export async function startWhenTold(start: () => Promise<void>): Promise<void> {
  const told = await new Promise<boolean>((resolve) => {
    const input = createInterface({ input: process.stdin })
    input.once('line', () => resolve(true))
    input.once('close', () => resolve(false))
  })
  if (!told) process.exit(0)
  await start()
  process.stdout.write('prêt\n')
}
