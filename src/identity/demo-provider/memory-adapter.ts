import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  model: string;
  payload: AdapterPayload;
  expiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * Keeps sessions, grants and tokens in memory: a restart signs everybody out, which suits a
 * demo. Replaces oidc-provider's own development adapter, which caps its store at 1,000
 * entries (so it forgets sessions under load) and warns on every start.
 */
export function memoryAdapter(): (model: string) => Adapter {
  const entries = new Map<string, Entry>();
  let lastSweep = Date.now();

  const isLive = (entry: Entry) => entry.expiresAt > Date.now();
  const sweep = () => {
    if (Date.now() - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = Date.now();
    for (const [key, entry] of entries) if (!isLive(entry)) entries.delete(key);
  };
  const findWhere = (model: string, matches: (payload: AdapterPayload) => boolean) => {
    for (const entry of entries.values()) {
      if (entry.model === model && isLive(entry) && matches(entry.payload)) return entry.payload;
    }
    return undefined;
  };

  return (model) => {
    const keyOf = (id: string) => `${model}:${id}`;
    const find = async (id: string) => {
      const entry = entries.get(keyOf(id));
      return entry && isLive(entry) ? entry.payload : undefined;
    };
    return {
      async upsert(id, payload, expiresIn) {
        sweep();
        const expiresAt = expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000;
        entries.set(keyOf(id), { model, payload, expiresAt });
      },
      find,
      async findByUid(uid) {
        return findWhere(model, (payload) => payload.uid === uid);
      },
      async findByUserCode(userCode) {
        return findWhere(model, (payload) => payload.userCode === userCode);
      },
      async consume(id) {
        const payload = await find(id);
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const [key, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(key);
      },
    };
  };
}
