export type Validated = { ok: true; value: string } | { ok: false; message: string };
