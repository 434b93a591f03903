// Imported first by the entry points (src/main.ts, src/worker-main.ts): the process starts again,
// in place (same pid, same standard streams), with memory settings that can only be given before
// Node starts. Under 50 simultaneous assurés (npm run bench), the service's RSS levels off near
// 200 MB instead of 420 MB; collections come more often (5 to 11 % of the service's CPU):
// - V8 sizes its young generation from the machine's memory: 2 × 64 MB on a host of 16 GB or
//   more, all of it resident after the first burst of requests. 2 × 8 MB is enough.
// - V8 lets its old generation grow to up to four times what survived the last full collection
//   (about 50 MB here) before collecting again; one and a half times is enough.
// - glibc gives each thread that allocates (V8's compiler and GC threads, libuv's pool) an arena
//   of its own, each keeping what it once held: two arenas are enough. And it serves blocks of
//   more than 128 KB (an upload and its copies) from its heap once such a block has been freed,
//   where they are not given back: fixed at 128 KB, they are mapped apart and returned when freed.
// Each setting the operator gives (NODE_OPTIONS, node's own flags, the environment) is kept.
// Windows has no execve: the service runs there with Node's defaults.
const V8_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=50']
const MALLOC_SETTINGS: Record<string, string> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' }

const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]
const missing = V8_FLAGS.filter((flag) => !given.some((option) => option.startsWith(flag.split('=')[0]!)))
if (missing.length > 0 && typeof process.execve === 'function' && process.platform !== 'win32') {
  process.execve(process.execPath, [process.execPath, ...missing, ...process.execArgv, ...process.argv.slice(1)], { ...MALLOC_SETTINGS, ...process.env })
}
